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

`score_pair` explains one pair (for tests and for the "why" text); `score_rows` computes the same
numbers for many pairs at once with numpy, for rounds of thousands of people.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np

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
    diff_persp = bool(a.perspectives and b.perspectives and a.perspectives != b.perspectives)
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


def pair_weight(a: Candidate, b: Candidate, rules: Rules) -> float:
    """What the round maximises for this pair: the score plus the priority term; -inf if infeasible."""
    parts = score_pair(a, b, rules)
    if parts is None:
        return float("-inf")
    return parts.total + rules.weights.priority * (a.priority + b.priority)


class Population:
    """Candidates as arrays, so that a block of rows of the weight matrix is a few matrix products."""

    def __init__(self, candidates: list[Candidate], rules: Rules) -> None:
        self.candidates = candidates
        self.rules = rules
        n = len(candidates)
        topics = sorted({t for c in candidates for t in c.teach | c.learn})
        index = {t: i for i, t in enumerate(topics)}
        self.teach = np.zeros((n, len(topics)), dtype=np.float32)
        self.learn = np.zeros((n, len(topics)), dtype=np.float32)
        for row, c in enumerate(candidates):
            self.teach[row, [index[t] for t in c.teach]] = 1
            self.learn[row, [index[t] for t in c.learn]] = 1
        persp = sorted({p for c in candidates for p in c.perspectives})
        pindex = {p: i for i, p in enumerate(persp)}
        self.persp = np.zeros((n, len(persp)), dtype=np.float32)
        for row, c in enumerate(candidates):
            self.persp[row, [pindex[p] for p in c.perspectives]] = 1
        self.persp_count = self.persp.sum(axis=1)
        departments = {d: i for i, d in enumerate(sorted({c.department for c in candidates}))}
        self.dept = np.array([departments[c.department] for c in candidates], dtype=np.int32)
        self.stage = np.array([c.stage for c in candidates], dtype=np.int32)
        self.offset_known = np.array([c.utc_offset_minutes is not None for c in candidates])
        self.offset = np.array([c.utc_offset_minutes or 0 for c in candidates], dtype=np.int32)
        self.priority = np.array([c.priority for c in candidates], dtype=np.float32)
        self.row_of = {c.key: i for i, c in enumerate(candidates)}
        self.forbidden = _pairs_to_rows(rules.forbidden, self.row_of)
        self.repeats = _pairs_to_rows(rules.repeats, self.row_of)

    def __len__(self) -> int:
        return len(self.candidates)

    def score_rows(self, start: int, stop: int) -> np.ndarray:
        """Rows start:stop of the weight matrix (score + priority); -inf where a pair is infeasible."""
        w, mode = self.rules.weights, self.rules.mode
        rows = slice(start, stop)
        ab = self.teach[rows] @ self.learn.T  # what row i can teach column j
        ba = self.learn[rows] @ self.teach.T  # what column j can teach row i
        total = w.base + w.topic * (np.minimum(ab, w.topic_cap) + np.minimum(ba, w.topic_cap))
        total += w.two_way * ((ab > 0) & (ba > 0))
        diff_dept = self.dept[rows, None] != self.dept[None, :]
        gap = self.stage[None, :] - self.stage[rows, None]
        if mode is Mode.MUTUAL:
            total += w.mutual_department * diff_dept
        elif mode is Mode.REVERSE:
            junior_teaches = ((gap > 0) & (ab > 0)) | ((gap < 0) & (ba > 0))
            total += (
                w.reverse_gap * np.minimum(np.abs(gap), w.reverse_gap_cap) + w.reverse_teach * junior_teaches
            )
        else:
            shared = self.persp[rows] @ self.persp.T
            both = (self.persp_count[rows, None] > 0) & (self.persp_count[None, :] > 0)
            differ = both & ~(
                (shared == self.persp_count[rows, None]) & (shared == self.persp_count[None, :])
            )
            total += w.inclusive_department * diff_dept + w.inclusive_stage * (gap != 0)
            total += w.inclusive_perspectives * differ
        diff = np.abs(self.offset[rows, None] - self.offset[None, :]) % (24 * 60)
        diff = np.minimum(diff, 24 * 60 - diff) / 60
        known = self.offset_known[rows, None] & self.offset_known[None, :]
        overlap = np.where(known, np.maximum(0.0, WORKDAY_HOURS - diff), WORKDAY_HOURS)
        total -= w.overlap_penalty * np.maximum(0.0, w.overlap_comfort_hours - overlap)
        total += w.priority * (self.priority[rows, None] + self.priority[None, :])
        total = total.astype(np.float32)
        for i, j in self.repeats:
            if start <= i < stop:
                total[i - start, j] -= w.repeat_penalty
        total[overlap < self.rules.min_overlap_hours] = -np.inf
        for i, j in self.forbidden:
            if start <= i < stop:
                total[i - start, j] = -np.inf
        local = np.arange(start, min(stop, len(self)))
        total[local - start, local] = -np.inf
        result: np.ndarray = total
        return result


def _pairs_to_rows(pairs: Iterable[frozenset[int]], row_of: dict[int, int]) -> list[tuple[int, int]]:
    out = []
    for pair in pairs:
        keys = tuple(pair)
        if len(keys) == 2 and keys[0] in row_of and keys[1] in row_of:
            i, j = row_of[keys[0]], row_of[keys[1]]
            out += [(i, j), (j, i)]
    return out
