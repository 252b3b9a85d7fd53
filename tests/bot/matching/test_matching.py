"""The scoring model and the round solver (pure)."""

import random
from functools import cache

import numpy as np
import pytest

from bot.matching.scoring import (
    Candidate,
    Mode,
    Population,
    Rules,
    Weights,
    overlap_hours,
    pair_weight,
    score_pair,
)
from bot.matching.solver import best_trio, solve, weight_matrix
from bot.matching.synthetic import programme


def person(key, teach=(), learn=(), stage=1, dept="eng", persp=(), offset=0, priority=False):
    return Candidate(key, frozenset(teach), frozenset(learn), stage, dept, frozenset(persp), offset, priority)


def test_two_way_exchange_beats_one_way():
    a = person(1, teach={"figma"}, learn={"sql"})
    two_way = person(2, teach={"sql"}, learn={"figma"})
    one_way = person(3, teach={"sql"}, learn={"hiring"})
    rules = Rules()
    assert score_pair(a, two_way, rules).two_way and not score_pair(a, one_way, rules).two_way
    assert score_pair(a, two_way, rules).total > score_pair(a, one_way, rules).total


def test_reverse_mode_rewards_the_junior_teaching_the_senior():
    junior = person(1, teach={"ai"}, learn={"strategy"}, stage=0)
    senior = person(2, teach={"strategy"}, learn={"ai"}, stage=4)
    peer = person(3, teach={"strategy"}, learn={"ai"}, stage=0)
    reverse = Rules(mode=Mode.REVERSE)
    parts = score_pair(junior, senior, reverse)
    assert parts.junior_teaches_senior and parts.stage_gap == 4
    assert parts.total > score_pair(junior, peer, reverse).total
    # The same pair scores no gap bonus in mutual mode.
    assert score_pair(junior, senior, Rules()).total == score_pair(junior, peer, Rules()).total


def test_inclusive_mode_uses_perspectives_only_when_both_shared_them():
    a = person(1, teach={"x"}, learn={"y"}, persp={"caregiver"})
    b = person(2, teach={"y"}, learn={"x"}, persp={"first-gen"})
    silent = person(3, teach={"y"}, learn={"x"})
    inclusive = Rules(mode=Mode.INCLUSIVE)
    assert score_pair(a, b, inclusive).different_perspectives
    assert not score_pair(a, silent, inclusive).different_perspectives
    assert (
        score_pair(a, b, inclusive).total - score_pair(a, silent, inclusive).total
        == Weights().inclusive_perspectives
    )


def test_heavily_overlapping_perspectives_are_not_different():
    inclusive = Rules(mode=Mode.INCLUSIVE)
    a = person(1, teach={"x"}, learn={"y"}, persp={"caregiver", "first-gen", "veteran"})
    most = person(2, teach={"y"}, learn={"x"}, persp={"caregiver", "first-gen"})  # 2 of 3 in common
    some = person(3, teach={"y"}, learn={"x"}, persp={"caregiver", "rural", "parent"})  # 1 of 5
    same = person(4, teach={"y"}, learn={"x"}, persp={"caregiver", "first-gen", "veteran"})
    assert not score_pair(a, most, inclusive).different_perspectives
    assert not score_pair(a, same, inclusive).different_perspectives
    assert score_pair(a, some, inclusive).different_perspectives


def test_hard_constraints():
    a, b = person(1, teach={"x"}, learn={"y"}), person(2, teach={"y"}, learn={"x"})
    assert score_pair(a, b, Rules(forbidden=frozenset({frozenset({1, 2})}))) is None
    tokyo = person(3, teach={"y"}, learn={"x"}, offset=540)
    assert score_pair(a, tokyo, Rules()) is None  # London and Tokyo share no working hours
    kolkata = person(4, teach={"y"}, learn={"x"}, offset=330)
    assert score_pair(a, kolkata, Rules()).overlap_hours == 2.5
    unknown = person(5, teach={"y"}, learn={"x"}, offset=None)
    assert score_pair(tokyo, unknown, Rules()) is not None
    assert score_pair(a, a, Rules()) is None


def test_repeats_outside_the_cooldown_cost_a_little():
    a, b = person(1, teach={"x"}, learn={"y"}), person(2, teach={"y"}, learn={"x"})
    fresh = score_pair(a, b, Rules()).total
    assert (
        score_pair(a, b, Rules(repeats=frozenset({frozenset({1, 2})}))).total
        == fresh - Weights().repeat_penalty
    )


@pytest.mark.parametrize(
    ("a", "b", "hours"),
    [(0, 0, 8), (0, -300, 3), (0, 330, 2.5), (-300, 330, 0), (600, -600, 4), (None, 540, 8)],
)
def test_working_hours_overlap(a, b, hours):
    assert overlap_hours(a, b) == hours


@pytest.mark.parametrize("mode", list(Mode))
def test_vectorised_scores_equal_the_pair_by_pair_model(mode):
    people, rules = programme(120, seed=3)
    rules = Rules(mode=mode, forbidden=rules.forbidden, repeats=rules.repeats)
    people = [p if p.key % 7 else Candidate(**{**p.__dict__, "priority": True}) for p in people]
    matrix = weight_matrix(Population(people, rules))
    for i, a in enumerate(people):
        for j, b in enumerate(people):
            assert matrix[i, j] == pytest.approx(pair_weight(a, b, rules)), (i, j)


def exact_total(weights: np.ndarray) -> float:
    n = weights.shape[0]

    @cache
    def best(mask: int) -> float:
        i = next((v for v in range(n) if not mask >> v & 1), None)
        if i is None:
            return 0.0
        value = best(mask | 1 << i)  # i stays unmatched
        for j in range(i + 1, n):
            if not mask >> j & 1 and weights[i, j] > 0:
                value = max(value, float(weights[i, j]) + best(mask | 1 << i | 1 << j))
        return value

    return best(0)


def test_the_solver_against_the_exact_optimum_on_small_random_instances():
    rng = np.random.default_rng(11)
    ratios = []
    for _ in range(150):
        n = int(rng.integers(2, 13))
        w = rng.integers(0, 40, size=(n, n)).astype(np.float32)
        w = np.triu(w, 1)
        w += w.T
        forbidden = np.triu(rng.random((n, n)) < 0.2, 1)
        w[forbidden | forbidden.T] = -np.inf
        np.fill_diagonal(w, -np.inf)
        result = solve(w)
        best = exact_total(w)
        assert result.total <= best + 1e-3  # sanity: never claims more than possible
        assert result.upper_bound >= result.total - 1e-3
        ratios.append(result.total / best if best else 1.0)
        for a, b in result.pairs:
            assert w[a, b] > -np.inf  # never an infeasible pair
        assert len({v for p in result.pairs for v in p}) == 2 * len(result.pairs)  # nobody twice
    assert sum(r > 0.9999 for r in ratios) >= 0.97 * len(ratios)
    assert min(ratios) >= 0.97 and np.mean(ratios) >= 0.998


def test_the_solver_is_optimal_on_realistic_programmes_of_ordinary_size():
    rng = random.Random(5)
    for n in (8, 11, 14):
        people, rules = programme(n, seed=rng.randint(0, 10**6))
        w = weight_matrix(Population(people, rules))
        assert solve(w).total == pytest.approx(exact_total(w), rel=1e-6)


def test_an_odd_person_joins_the_trio_they_fit_best_with_both():
    w = np.full((5, 5), 10.0, dtype=np.float32)
    np.fill_diagonal(w, -np.inf)
    w[4, 0] = w[0, 4] = -np.inf  # 4 cannot be with 0
    w[4, 2] = w[2, 4] = 30
    w[4, 3] = w[3, 4] = 25
    assert best_trio(w, 4, [(0, 1), (2, 3)]) == (2, 3)
    assert best_trio(w, 4, [(0, 1)]) is None


def test_priority_people_are_not_the_ones_left_out():
    people = [person(k, teach={"x"}, learn={"y"}) for k in range(3)]
    people[2] = person(2, teach={"x"}, learn={"y"}, priority=True)
    result = solve(weight_matrix(Population(people, Rules())))
    assert 2 not in result.unmatched and len(result.unmatched) == 1


def test_why_you_were_matched_reads_naturally():
    from bot.matching.explain import Reasons, explain

    names = {1: "Ana", 2: "Ben"}
    labels = {"figma": "Figma", "ai": "prompt writing", "stake": "stakeholder management"}
    reasons = Reasons(teaches={1: {2: ["figma", "ai"]}, 2: {1: ["stake"]}}, different_department=True)
    text = explain(reasons, [1, 2], names.__getitem__, labels.__getitem__)
    assert text == (
        "Ana can show Ben Figma and prompt writing; Ben can help Ana with stakeholder management. "
        "You work in different departments."
    )
    one_way = explain(Reasons(teaches={2: {1: ["stake"]}}), [1, 2], names.__getitem__, labels.__getitem__)
    assert one_way.startswith("Ben can show Ana stakeholder management — and you'll find out")
    assert Reasons.from_json(reasons.to_json()) == reasons
    # Pairs stored before perspectives left the reasons still read (the flag is ignored, never said).
    old = {**reasons.to_json(), "different_perspectives": True}
    assert Reasons.from_json(old) == reasons
    assert "perspective" not in explain(Reasons.from_json(old), [1, 2], names.__getitem__, labels.get)
