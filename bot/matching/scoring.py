"""The scoring model: how good a mentorship pair is, part by part (pure: no Slack, no database).

A pair scores for *reciprocal skill coverage* — topics A can teach that B wants, and topics B can teach
that A wants — with a bonus when learning flows both ways, plus programme bonuses:

- ``mutual`` (default): a small bonus for working in different departments;
- ``reverse``: a bonus for a career-stage gap, and more when the junior person teaches the senior one
  something the senior wants;
- ``inclusive``: bonuses for a different department, a different career stage and, only when both people
  consented to share them, different self-described perspectives.

Soft penalties: a repeat of an old pair (outside the cooldown), little working-hours overlap.
Hard constraints make a pair infeasible: the same person, a pair on either person's "don't pair me with"
list, a declined pair, a repeat within the cooldown, and less than ``min_overlap_hours`` of shared
working hours. Every feasible pair gets a ``base`` score, so pairing two people beats leaving them out.

`score_pair` explains one pair (for tests and for the "why" text); `Population` computes the same numbers
for any pair on the fly (bot.matching.kernels), for rounds of tens of thousands of people.
"""

from __future__ import annotations

import enum
import functools
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from bot.matching import kernels
from bot.matching.kernels import BLOCKED

WORKDAY_HOURS = 8.0  # 09:00–17:00 local


class Mode(enum.StrEnum):
    MUTUAL = "mutual"
    REVERSE = "reverse"
    INCLUSIVE = "inclusive"


@dataclass(frozen=True)
class Weights:
    base: float = 10.0
    topic: float = 10.0  # per topic taught that the other wants, in each direction…
    topic_cap: int = 3  # …counting at most this many per direction
    two_way: float = 20.0  # learning flows both ways
    mutual_department: float = 5.0
    reverse_gap: float = 4.0  # per career-stage level between the two…
    reverse_gap_cap: int = 3  # …up to this many levels
    reverse_teach: float = 15.0  # the junior person teaches the senior one something wanted
    inclusive_department: float = 10.0
    inclusive_stage: float = 5.0
    inclusive_perspectives: float = 10.0
    repeat_penalty: float = 15.0  # paired before, outside the cooldown
    overlap_comfort_hours: float = 4.0  # below this much shared working time…
    overlap_penalty: float = 3.0  # …lose this much per missing hour
    priority: float = 100.0  # waited last round: make sure they are in this one


@dataclass(frozen=True)
class Candidate:
    key: int  # the member's id
    teach: frozenset[str]
    learn: frozenset[str]
    stage: int  # career-stage rank, 0 = earliest
    department: str
    perspectives: frozenset[str] = frozenset()  # empty unless the person consented
    utc_offset_minutes: int | None = None  # None: unknown timezone, no constraint
    priority: bool = False


@dataclass(frozen=True)
class Rules:
    mode: Mode = Mode.MUTUAL
    weights: Weights = field(default_factory=Weights)
    forbidden: frozenset[frozenset[int]] = frozenset()  # avoid lists, declined pairs, recent pairs
    repeats: frozenset[frozenset[int]] = frozenset()  # paired before, outside the cooldown
    cooldown: frozenset[frozenset[int]] = frozenset()  # of `forbidden`: paired recently, or declined
    min_overlap_hours: float = 2.0


@dataclass(frozen=True)
class ScoreParts:
    a_teaches_b: tuple[str, ...]
    b_teaches_a: tuple[str, ...]
    different_department: bool
    stage_gap: int  # b.stage - a.stage
    junior_teaches_senior: bool
    different_perspectives: bool
    repeat: bool
    overlap_hours: float
    total: float  # without the priority term, which is about fairness, not fit

    @property
    def two_way(self) -> bool:
        return bool(self.a_teaches_b and self.b_teaches_a)


def overlap_hours(a_minutes: int | None, b_minutes: int | None) -> float:
    """Shared hours of two 09:00–17:00 local working days, given each zone's UTC offset."""
    if a_minutes is None or b_minutes is None:
        return WORKDAY_HOURS
    apart = abs(a_minutes - b_minutes) % (24 * 60)
    hours = min(apart, 24 * 60 - apart) / 60
    return max(0.0, WORKDAY_HOURS - hours)


def infeasible_reason(a: Candidate, b: Candidate, rules: Rules) -> str | None:
    if a.key == b.key:
        return "same person"
    if frozenset((a.key, b.key)) in rules.forbidden:
        return "not allowed (avoided, declined or paired recently)"
    if overlap_hours(a.utc_offset_minutes, b.utc_offset_minutes) < rules.min_overlap_hours:
        return "too little shared working time"
    return None


def score_pair(a: Candidate, b: Candidate, rules: Rules) -> ScoreParts | None:
    """The pair's score and its parts; None when a hard constraint rules the pair out."""
    if infeasible_reason(a, b, rules):
        return None
    w = rules.weights
    ab = tuple(sorted(a.teach & b.learn))
    ba = tuple(sorted(b.teach & a.learn))
    gap = b.stage - a.stage
    junior_teaches = (gap > 0 and bool(ab)) or (gap < 0 and bool(ba))
    diff_dept = a.department != b.department
    diff_persp = different_perspectives(a.perspectives, b.perspectives)
    repeat = frozenset((a.key, b.key)) in rules.repeats
    overlap = overlap_hours(a.utc_offset_minutes, b.utc_offset_minutes)

    total = w.base + w.topic * (min(len(ab), w.topic_cap) + min(len(ba), w.topic_cap))
    if ab and ba:
        total += w.two_way
    if rules.mode is Mode.MUTUAL:
        total += w.mutual_department * diff_dept
    elif rules.mode is Mode.REVERSE:
        total += w.reverse_gap * min(abs(gap), w.reverse_gap_cap) + w.reverse_teach * junior_teaches
    else:
        total += w.inclusive_department * diff_dept + w.inclusive_stage * (gap != 0)
        total += w.inclusive_perspectives * diff_persp
    total -= w.repeat_penalty * repeat
    total -= w.overlap_penalty * max(0.0, w.overlap_comfort_hours - overlap)
    return ScoreParts(ab, ba, diff_dept, gap, junior_teaches, diff_persp, repeat, overlap, total)


def different_perspectives(a: frozenset[str], b: frozenset[str]) -> bool:
    """Both shared perspectives, and they have less than half of them in common (two people who share
    most of theirs do not bring different ones). Scores only: never said to anyone."""
    return bool(a and b) and 2 * len(a & b) < len(a | b)


def pair_weight(a: Candidate, b: Candidate, rules: Rules) -> float:
    """What the round maximises for this pair: the score plus the priority term; -inf if infeasible."""
    parts = score_pair(a, b, rules)
    if parts is None:
        return float("-inf")
    return parts.total + rules.weights.priority * (a.priority + b.priority)


class Population:
    """Candidates as a few numbers each — bit sets of topics, a department, a stage, a perspective set, a
    timezone zone, a priority — from which bot.matching.kernels computes any pair's weight on the fly, in
    bounded memory. It answers the solver's questions (bot.matching.solver.Scorer)."""

    def __init__(self, candidates: list[Candidate], rules: Rules) -> None:
        self.candidates = candidates
        self.rules = rules
        w = rules.weights
        n = len(candidates)
        topics = {t: i for i, t in enumerate(sorted({t for c in candidates for t in c.teach | c.learn}))}
        words = max(1, -(-len(topics) // 63))  # 63 bits a word: the sign bit stays clear
        self.teach = np.zeros((n, words), dtype=np.int64)
        self.learn = np.zeros((n, words), dtype=np.int64)
        for row, c in enumerate(candidates):
            for t in c.teach:
                self.teach[row, topics[t] // 63] |= 1 << (topics[t] % 63)
            for t in c.learn:
                self.learn[row, topics[t] // 63] |= 1 << (topics[t] % 63)
        departments = {d: i for i, d in enumerate(sorted({c.department for c in candidates}))}
        self.dept = np.array([departments[c.department] for c in candidates], dtype=np.int64)
        self.stage = np.array([c.stage for c in candidates], dtype=np.int64)
        # Each person's perspectives as a bit set (a catalogue has a handful; past 63, some share a bit).
        bit = {p: i % 63 for i, p in enumerate(sorted({p for c in candidates for p in c.perspectives}))}
        self.pbits = np.array(
            [sum(1 << b for b in {bit[p] for p in c.perspectives}) for c in candidates], np.int64
        )
        offsets = sorted({c.utc_offset_minutes for c in candidates}, key=lambda o: (o is None, o or 0))
        zone_of = {o: i for i, o in enumerate(offsets)}
        self.zone = np.array([zone_of[c.utc_offset_minutes] for c in candidates], dtype=np.int64)
        self.zpen = np.zeros((len(offsets), len(offsets)))
        for a, oa in enumerate(offsets):
            for b, ob in enumerate(offsets):
                overlap = overlap_hours(oa, ob)
                self.zpen[a, b] = (
                    BLOCKED
                    if overlap < rules.min_overlap_hours
                    else w.overlap_penalty * max(0.0, w.overlap_comfort_hours - overlap)
                )
        stages = int(self.stage.max()) + 1 if n else 1
        gap = np.abs(np.arange(stages)[None, :] - np.arange(stages)[:, None])
        dept_bonus, junior_teaches, perspectives = 0.0, 0.0, 0.0
        if rules.mode is Mode.MUTUAL:
            dept_bonus, self.stab = w.mutual_department, np.zeros((stages, stages))
        elif rules.mode is Mode.REVERSE:
            self.stab = w.reverse_gap * np.minimum(gap, w.reverse_gap_cap).astype(np.float64)
            junior_teaches = w.reverse_teach
        else:
            dept_bonus, perspectives = w.inclusive_department, w.inclusive_perspectives
            self.stab = w.inclusive_stage * (gap != 0).astype(np.float64)
        self.coef = np.array(
            [w.base, w.topic, w.two_way, dept_bonus, junior_teaches, perspectives, w.repeat_penalty],
            dtype=np.float64,
        )
        self.cap = int(w.topic_cap)
        self.prio = np.array([w.priority * c.priority for c in candidates], dtype=np.float64)
        self.row_of = {c.key: i for i, c in enumerate(candidates)}
        self.forbidden = _adjacency(rules.forbidden, self.row_of, n)
        self.repeats = _adjacency(rules.repeats, self.row_of, n)

    def __len__(self) -> int:
        return len(self.candidates)

    @property
    def n(self) -> int:
        return len(self.candidates)

    @functools.cached_property
    def arrays(self) -> tuple[Any, ...]:
        """The people as bot.matching.kernels takes them (`people`: see there)."""
        dept, stage, zone = (a.astype(np.int32) for a in (self.dept, self.stage, self.zone))
        return (
            np.ascontiguousarray(self.teach[:, 0]),
            np.ascontiguousarray(self.learn[:, 0]),
            np.ascontiguousarray(self.teach[:, 1:]),
            np.ascontiguousarray(self.learn[:, 1:]),
            dept,
            stage,
            self.pbits,
            zone,
            self.prio,
            self.zpen.ravel(),
            self.zpen.shape[0],
            self.stab.ravel(),
            self.stab.shape[0],
            self.coef,
            self.cap,
            *self.forbidden,
            *self.repeats,
        )

    def weights(self, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        """The weight of each pair (rows[t], cols[t]): score plus priority; -inf where not allowed."""
        rows, cols = np.asarray(rows, dtype=np.int64), np.asarray(cols, dtype=np.int64)
        return np.asarray(kernels.weights_of(rows, cols, self.arrays))

    def weight(self, i: int, j: int) -> float:
        return float(self.weights(np.array([i]), np.array([j]))[0])

    def weights_with(self, i: int) -> np.ndarray:
        """The weight of i with each person (-inf with i itself)."""
        return self.weights(np.full(self.n, i, dtype=np.int64), np.arange(self.n, dtype=np.int64))

    def best_partners(self, k: int, seed: int, *, block: int = 2048) -> tuple[np.ndarray, np.ndarray]:
        """Each person's k best partners worth pairing (-1 where fewer), best first, ties broken by seed
        (see bot.matching.kernels.best_partners for `block`)."""
        found, weights = kernels.locked(kernels.best_partners, k, seed, block, self.arrays)
        return found, weights

    def tight_partners(self, cap: int, seed: int) -> None:
        """No cheap pass finds them here: the solver looks for them in the candidate graph."""
        return None

    def price(self, y: np.ndarray, eps: float, per_row: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """See bot.matching.kernels.price: over every pair, in bounded memory."""
        cover, found, reduced = kernels.locked(kernels.price, y, eps, per_row, self.arrays)
        return cover, found, reduced


def _adjacency(
    pairs: Iterable[frozenset[int]], row_of: dict[int, int], n: int
) -> tuple[np.ndarray, np.ndarray]:
    """Pairs of keys as sorted adjacency lists of rows (CSR: ptr, idx), both ways round."""
    rows_cols = _pairs_to_rows(pairs, row_of)
    if not rows_cols:
        return np.zeros(n + 1, dtype=np.int64), np.zeros(0, dtype=np.int64)
    edges = np.array(sorted(set(rows_cols)), dtype=np.int64)
    ptr = np.concatenate([[0], np.cumsum(np.bincount(edges[:, 0], minlength=n))]).astype(np.int64)
    return ptr, edges[:, 1].copy()


def _pairs_to_rows(pairs: Iterable[frozenset[int]], row_of: dict[int, int]) -> list[tuple[int, int]]:
    out = []
    for pair in pairs:
        keys = tuple(pair)
        if len(keys) == 2 and keys[0] in row_of and keys[1] in row_of:
            i, j = row_of[keys[0]], row_of[keys[1]]
            out += [(i, j), (j, i)]
    return out
