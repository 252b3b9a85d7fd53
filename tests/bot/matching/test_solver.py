"""The round solver: the optimum where it is cheap, no one stranded by the candidate graph, a bound that holds
for the whole programme, and never a hang."""

import itertools
import math

import numpy as np
import pytest

from bot.matching.scoring import Candidate, Mode, Population, Rules, pair_weight
from bot.matching.solver import DenseWeights, solve, weight_matrix
from bot.matching.synthetic import programme, skewed_weights, tied_weights
from tests.bot.matching.test_matching import exact_total


def optimum(weights: np.ndarray) -> float:
    """The exact optimum of a weight matrix (rustworkx's blossom algorithm), for the larger checks."""
    import rustworkx as rx

    n = weights.shape[0]
    graph = rx.PyGraph()
    graph.add_nodes_from(range(n))
    rows, cols = np.nonzero(np.triu(weights > 0, 1))
    ints = np.rint(weights[rows, cols] * 1024).astype(np.int64)
    graph.add_edges_from(list(zip(rows.tolist(), cols.tolist(), ints.tolist(), strict=True)))
    found = rx.max_weight_matching(graph, weight_fn=int)
    return float(sum(weights[a, b] for a, b in found))


def matrix_of(edges: list[tuple[int, int, float]]) -> np.ndarray:
    n = max(max(a, b) for a, b, _ in edges) + 1
    w = np.full((n, n), -np.inf)
    for a, b, value in edges:
        w[a, b] = w[b, a] = value
    return w


# The graphs of networkx's max_weight_matching tests (and of the mwmatching suite they come from), as we
# read them: small graphs built to exercise each case of the blossom algorithm (blossoms formed, nested,
# relabelled and expanded). Node 0 is unused where the originals count from 1.
BLOSSOM_GRAPHS = {
    "single edge": [(0, 1, 1)],
    "two edges": [(1, 2, 10), (2, 3, 11)],
    "three edges": [(1, 2, 5), (2, 3, 11), (3, 4, 5)],
    "floats": [(1, 2, math.pi), (2, 3, math.e), (1, 3, 3.0), (1, 4, math.sqrt(2.0))],
    "negative weights": [(1, 2, 2), (1, 3, -2), (2, 3, 1), (2, 4, -1), (3, 4, -6)],
    "s-blossom": [(1, 2, 8), (1, 3, 9), (2, 3, 10), (3, 4, 7)],
    "s-blossom, augmented": [(1, 2, 8), (1, 3, 9), (2, 3, 10), (3, 4, 7), (1, 6, 5), (4, 5, 6)],
    "t-blossom": [(1, 2, 9), (1, 3, 8), (2, 3, 10), (1, 4, 5), (4, 5, 4), (1, 6, 3)],
    "t-blossom 2": [(1, 2, 9), (1, 3, 8), (2, 3, 10), (1, 4, 5), (4, 5, 3), (1, 6, 4)],
    "t-blossom 3": [(1, 2, 9), (1, 3, 8), (2, 3, 10), (1, 4, 5), (4, 5, 3), (3, 6, 4)],
    "nested s-blossom": [(1, 2, 9), (1, 3, 9), (2, 3, 10), (2, 4, 8), (3, 5, 8), (4, 5, 10), (5, 6, 6)],
    "nested s-blossom, relabelled": [
        (1, 2, 10), (1, 7, 10), (2, 3, 12), (3, 4, 20), (3, 5, 20), (4, 5, 25), (5, 6, 10), (6, 7, 10),
        (7, 8, 8),
    ],
    "nested s-blossom, expanded": [
        (1, 2, 8), (1, 3, 8), (2, 3, 10), (2, 4, 12), (3, 5, 12), (4, 5, 14), (4, 6, 12), (5, 7, 12),
        (6, 7, 14), (7, 8, 12),
    ],
    "s-blossom relabelled as t, expanded": [
        (1, 2, 23), (1, 5, 22), (1, 6, 15), (2, 3, 25), (3, 4, 22), (4, 5, 25), (4, 8, 14), (5, 7, 13),
    ],
    "nested s-blossom relabelled as t, expanded": [
        (1, 2, 19), (1, 3, 20), (1, 8, 8), (2, 3, 25), (2, 4, 18), (3, 5, 18), (4, 5, 13), (4, 7, 7),
        (5, 6, 7),
    ],
    "nasty t-blossom expansion": [
        (1, 2, 45), (1, 5, 45), (2, 3, 50), (3, 4, 45), (4, 5, 50), (1, 6, 30), (3, 9, 35), (4, 8, 35),
        (5, 7, 26), (9, 10, 5),
    ],
    "nasty t-blossom expansion 2": [
        (1, 2, 45), (1, 5, 45), (2, 3, 50), (3, 4, 45), (4, 5, 50), (1, 6, 30), (3, 9, 35), (4, 8, 26),
        (5, 7, 40), (9, 10, 5),
    ],
    "t-blossom expanded, least slack": [
        (1, 2, 45), (1, 5, 45), (2, 3, 50), (3, 4, 45), (4, 5, 50), (1, 6, 30), (3, 9, 35), (4, 8, 28),
        (5, 7, 26), (9, 10, 5),
    ],
    "nested nasty t-blossom expansion": [
        (1, 2, 45), (1, 7, 45), (2, 3, 50), (3, 4, 45), (4, 5, 95), (4, 6, 94), (5, 6, 94), (6, 7, 50),
        (1, 8, 30), (3, 11, 35), (5, 9, 36), (7, 10, 26), (11, 12, 5),
    ],
    "nested relabel, expanded": [
        (1, 2, 40), (1, 3, 40), (2, 3, 60), (2, 4, 55), (3, 5, 55), (4, 5, 50), (1, 8, 15), (5, 7, 30),
        (7, 6, 10), (8, 10, 10), (4, 9, 30),
    ],
}  # fmt: skip


@pytest.mark.parametrize("name", list(BLOSSOM_GRAPHS))
def test_the_blossom_test_graphs_get_their_optimum(name):
    w = matrix_of(BLOSSOM_GRAPHS[name])
    result = solve(w)
    assert result.exact and result.total == pytest.approx(exact_total(w))
    assert result.upper_bound == pytest.approx(result.total)


def test_the_relabelled_nested_blossom_needs_a_four_pair_exchange():
    """The graph the old local search missed (47 of 48): its optimum pairs 1–2, 3–4, 5–6 and 7–8."""
    result = solve(matrix_of(BLOSSOM_GRAPHS["nested s-blossom, relabelled"]))
    assert result.total == 48 and result.pairs == [(1, 2), (3, 4), (5, 6), (7, 8)]


def test_small_random_graphs_all_get_the_optimum():
    rng = np.random.default_rng(2026)
    for _ in range(300):
        n = int(rng.integers(2, 12))
        w = np.triu(rng.integers(-5, 40, size=(n, n)).astype(np.float64) + rng.random((n, n)), 1)
        w[np.triu(rng.random((n, n)) < 0.3, 1)] = -np.inf
        w = w + w.T
        result = solve(w)
        assert result.total == pytest.approx(exact_total(w), abs=1e-9)


@pytest.mark.parametrize("family", [skewed_weights, tied_weights])
def test_no_one_is_stranded_and_the_bound_holds_for_the_whole_programme(family):
    """Large enough to take the sparse path: every junior's best partners are seniors (skewed), or every
    list would hold the same people (ties); yet everyone who can be paired is, and the bound is a bound."""
    w = family(600, seed=3)
    result = solve(w, exact_up_to=0, seed=1)
    best = optimum(w)
    assert result.exact == (family is tied_weights)  # ties: everyone at their best, certified at once
    assert len(result.unmatched) == 0  # 600 people, every pair allowed: everyone can be paired
    assert result.total >= 0.995 * best
    assert result.upper_bound >= best - 1e-6  # it bounds the programme, not just the candidate graph
    assert result.upper_bound <= best * 1.001  # and it is tight


def test_the_sparse_path_on_real_programmes_of_every_mode():
    for mode in Mode:
        people, rules = programme(600, seed=11)
        population = Population(people, Rules(mode=mode, forbidden=rules.forbidden, repeats=rules.repeats))
        result = solve(population, exact_up_to=0, seed=4)
        w = weight_matrix(population)
        best = optimum(w)
        assert best * 0.995 <= result.total <= best + 1e-6
        assert result.upper_bound >= best - 1e-6
        for a, b in result.pairs:
            assert w[a, b] > 0


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64, np.longdouble])
def test_any_float_dtype(dtype):
    w = skewed_weights(520, seed=9).astype(dtype)
    result = solve(w, exact_up_to=0)
    assert result.total > 0 and result.upper_bound >= result.total and result.finished


def test_dense_float64_programmes_finish():
    """scipy's assignment solver once looped on float64 weights; it now only sees integers."""
    for seed in range(5):
        people, rules = programme(520, seed=seed)
        w = weight_matrix(Population(people, rules)).astype(np.float64) + np.random.default_rng(seed).random()
        result = solve(w, exact_up_to=0, budget=60)
        assert result.finished


def test_when_the_budget_runs_out_the_best_so_far_comes_back_with_a_true_bound():
    w = skewed_weights(600, seed=5)
    ticks = itertools.count()
    result = solve(w, exact_up_to=0, budget=1.0, clock=lambda: float(next(ticks)))  # each look: a second
    assert not result.finished
    assert result.total > 0 and result.upper_bound >= optimum(w) - 1e-6
    assert len({v for p in result.pairs for v in p}) == 2 * len(result.pairs)


def test_the_kernels_score_like_the_model_beyond_63_topics_with_forbidden_pairs_and_repeats():
    rng = np.random.default_rng(8)
    topics = [f"t{i}" for i in range(150)]
    people = [
        Candidate(
            key=k,
            teach=frozenset(rng.choice(topics, 4, replace=False).tolist()),
            learn=frozenset(rng.choice(topics, 4, replace=False).tolist()),
            stage=int(rng.integers(0, 5)),
            department=str(rng.integers(0, 3)),
            perspectives=frozenset(
                rng.choice(["a", "b", "c"], int(rng.integers(0, 3)), replace=False).tolist()
            ),
            utc_offset_minutes=None if k % 9 == 0 else int(rng.integers(-8, 9)) * 60,
            priority=k % 11 == 0,
        )
        for k in range(80)
    ]
    pairs = list(itertools.combinations(range(80), 2))
    picks = rng.choice(len(pairs), 120, replace=False)
    forbidden = frozenset(frozenset(pairs[p]) for p in picks[:60])
    repeats = frozenset(frozenset(pairs[p]) for p in picks[60:])
    for mode in Mode:
        rules = Rules(mode=mode, forbidden=forbidden, repeats=repeats)
        population = Population(people, rules)
        got = weight_matrix(population)
        want = np.array([[pair_weight(a, b, rules) for b in people] for a in people])
        assert np.allclose(got, want) or np.array_equal(np.isinf(got), np.isinf(want))
        finite = np.isfinite(want)
        assert np.array_equal(np.isfinite(got), finite) and np.allclose(got[finite], want[finite])
        for block in (2048, 7):  # one pair of blocks, or twelve (in eleven rounds), the last one short
            found, weights = population.best_partners(5, seed=1, block=block)
            for i in range(80):
                kth = np.sort(want[i][want[i] > 0])[::-1][:5]
                assert np.allclose(weights[i][: len(kth)], kth)
                assert np.allclose(want[i][found[i][: len(kth)]], kth)
        y = rng.uniform(0, 40, 80)
        cover, _, _ = population.price(y, 1e-9, 3)
        reduced = want - y[None, :] - y[:, None]
        assert np.allclose(
            cover, np.maximum(np.triu(np.where(np.isfinite(reduced), reduced, 0), 1).max(1), 0)
        )


def test_dense_weights_and_the_population_agree():
    people, rules = programme(60, seed=2)
    population = Population(people, rules)
    dense = DenseWeights(weight_matrix(population))
    y = np.random.default_rng(1).uniform(0, 30, 60)
    cover = population.price(y, 1e-9, 4)[0]
    assert np.allclose(cover, dense.price(y, 1e-9, 4)[0])
    raised = y + cover  # covers every pair
    assert (raised[:, None] + raised[None, :] >= weight_matrix(population) - 1e-9).all()


def test_if_the_auction_ever_gives_up_the_assignment_solver_takes_over(monkeypatch):
    from bot.matching import kernels

    w = skewed_weights(560, seed=2)
    best = optimum(w)
    monkeypatch.setattr(kernels, "auction", lambda *args: False)  # a price war it gave up on
    result = solve(w, exact_up_to=0)
    assert result.total >= 0.995 * best and result.upper_bound >= best - 1e-6


@pytest.mark.parametrize("seed", [2, 3])
def test_where_rounding_loses_the_blossom_algorithm_wins_it_back(seed):
    """Four topics: ties everywhere, so the LP's optimum has odd cycles, and rounding them left two people
    out at 99.84–99.85% of the optimum; re-pairing exactly around them pairs everyone, within 0.01%."""
    population = Population(*programme(800, seed=seed, topics=4))
    best = optimum(weight_matrix(population))
    result = solve(population, exact_up_to=0, seed=seed)
    assert len(result.unmatched) == 0 and result.total >= 0.9999 * best


def test_when_everyone_can_have_one_of_their_best_the_round_is_certified_at_once():
    """Ties (as a small catalogue gives): half of each person's best weight is a dual that a pairing of
    everyone with someone they are each other's best for meets exactly, so no LP is needed."""
    w = tied_weights(700, seed=4)
    result = solve(w, exact_up_to=0, seed=2)
    assert result.exact and not result.unmatched
    assert result.total == pytest.approx(optimum(w))
    assert result.upper_bound == pytest.approx(result.total)


def test_no_certificate_where_best_partners_cannot_all_be_had():
    """Three people who are each other's best (30) and a fourth whose best is one of them: no pairing gives
    everyone their best, so the round takes the full path and still finds the optimum (30 + 5)."""
    w = matrix_of([(0, 1, 30), (1, 2, 30), (0, 2, 30), (2, 3, 5)])
    result = solve(w, exact_up_to=0)
    assert not result.exact
    assert result.total == pytest.approx(35) and result.upper_bound >= 35 - 1e-9


def test_dense_best_partners_are_each_rows_best():
    w = skewed_weights(300, seed=6)
    found, weights = DenseWeights(w).best_partners(10, seed=1)
    np.fill_diagonal(w, -np.inf)
    assert np.allclose(weights, -np.sort(-w, axis=1)[:, :10])
    assert (np.take_along_axis(w, found, axis=1) == weights).all()


def test_a_programme_of_few_topics_is_certified_from_its_candidate_graph():
    """A population (no matrix): with one or two topics everyone can have one of their best, found among
    the candidate graph's best partners; certified without an LP."""
    people, rules = programme(600, seed=1, topics=2)
    result = solve(Population(people, rules), exact_up_to=0, seed=1)
    assert result.exact and not result.unmatched and result.upper_bound >= result.total


def test_a_dense_matrix_s_tight_partners_are_worth_both_people_s_best_and_spread():
    """One cheap pass per row, from a pseudo-random place in it: each listed partner is worth both people's
    best, and no one is in everyone's list (argpartition's ties put the same people in every list)."""
    w = tied_weights(800, seed=5)
    tight = DenseWeights(w).tight_partners(24, seed=3)
    np.fill_diagonal(w, -np.inf)
    rows = np.repeat(np.arange(800), np.diff(tight.ptr))
    assert np.all(w[rows, tight.nbr] >= np.maximum(tight.row_max[rows], tight.row_max[tight.nbr]) - 1e-6)
    assert (tight.nw == w[rows, tight.nbr]).all() and (rows != tight.nbr).all()
    assert np.bincount(tight.nbr, minlength=800).max() < 0.2 * 800


def test_ties_broken_in_the_lp_leave_few_odd_cycles_to_re_pair(monkeypatch):
    """Four topics: the LP's optimum is full of odd cycles (most people at 2,000). Past LOSSY_UP_TO of them
    the LP is solved again with its ties nudged apart: it is then integral almost everywhere, the exact
    re-pairing has little left to do, and the round stays within 0.1% of the optimum, the bound true."""
    from bot.matching import solver

    population = Population(*programme(800, seed=2, topics=4))
    best = optimum(weight_matrix(population))
    seen: list[int] = []
    repair = solver._repair

    def spy(scorer, graph, mate):
        seen.append(len(graph.lossy))
        return repair(scorer, graph, mate)

    monkeypatch.setattr(solver, "_repair", spy)
    plain = solve(population, exact_up_to=0, seed=2)
    monkeypatch.setattr(solver, "LOSSY_UP_TO", 0)
    nudged = solve(population, exact_up_to=0, seed=2)
    assert seen[0] > 100 and seen[1] < seen[0] // 4  # 166 people in odd cycles, then 24
    for result in (plain, nudged):
        assert not result.unmatched and result.total >= 0.999 * best and result.upper_bound >= best - 1e-6
