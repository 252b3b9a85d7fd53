"""The programme report's figures, from plain rows (pure: the service gathers the rows)."""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta


@dataclass(frozen=True)
class PairRow:
    id: int
    member_ids: tuple[int, ...]
    active: bool
    declined: bool
    created_on: date
    cadence_days: int
    meetings: tuple[date, ...]  # sorted
    stalled: bool


@dataclass(frozen=True)
class MemberRow:
    id: int
    state: str  # active / paused / left
    joined_on: date
    department: str
    stage: str
    waiting: bool


@dataclass(frozen=True)
class Feedback:
    """Poll answers, already totalled by the database."""

    people: int = 0  # distinct people who gave a value
    answers: int = 0
    value_counts: dict[int, int] = field(default_factory=dict)
    learned: int = 0
    taught: int = 0
    fit_people: int = 0
    fit_counts: dict[str, int] = field(default_factory=dict)


@dataclass
class Report:
    enrolled: int = 0
    active: int = 0
    paused: int = 0
    left: int = 0
    joined_30_days: int = 0
    pairs_active: int = 0
    pairs_ended: int = 0
    pairs_declined: int = 0
    meeting_rate: float | None = None  # of active pairs old enough to have met, the share that met in cadence
    median_days_between: float | None = None
    stalled: list[int] = field(default_factory=list)  # pair ids
    feedback_people: int = 0
    value_average: float | None = None  # None: fewer answers than the minimum group size
    value_distribution: dict[int, int] | None = None
    learned_share: float | None = None
    taught_share: float | None = None
    fit: dict[str, int] | None = None
    fit_people: int = 0
    cross_department: float | None = None
    cross_stage: float | None = None
    repeat_rate: float | None = None
    waiting: int = 0
    meetings_by_week: list[tuple[date, int]] = field(default_factory=list)  # the last 12 weeks, oldest first


def build(
    *, members: list[MemberRow], pairs: list[PairRow], feedback: Feedback, erased: int, today: date,
    min_group: int,
) -> Report:  # fmt: skip
    r = Report()
    states = Counter(m.state for m in members)
    r.active, r.paused = states["active"], states["paused"]
    r.left = states["left"] + erased
    r.enrolled = r.active + r.paused
    r.joined_30_days = sum(
        1 for m in members if m.state != "left" and m.joined_on >= today - timedelta(days=30)
    )
    r.waiting = sum(1 for m in members if m.waiting and m.state == "active")

    r.pairs_active = sum(p.active for p in pairs)
    r.pairs_declined = sum(p.declined for p in pairs)
    r.pairs_ended = sum(1 for p in pairs if not p.active and not p.declined)
    due = [p for p in pairs if p.active and (today - p.created_on).days >= p.cadence_days]
    if due:
        met = sum(1 for p in due if p.meetings and (today - p.meetings[-1]).days <= p.cadence_days)
        r.meeting_rate = met / len(due)
    gaps = [(b - a).days for p in pairs for a, b in zip(p.meetings, p.meetings[1:], strict=False)]
    r.median_days_between = statistics.median(gaps) if gaps else None
    r.stalled = sorted(p.id for p in pairs if p.active and p.stalled)

    by_id = {m.id: m for m in members}
    formed = [p for p in pairs if all(i in by_id for i in p.member_ids)]
    if formed:

        def differs(p: PairRow, attr: str) -> bool:
            return len({getattr(by_id[i], attr) for i in p.member_ids}) > 1

        r.cross_department = sum(differs(p, "department") for p in formed) / len(formed)
        r.cross_stage = sum(differs(p, "stage") for p in formed) / len(formed)
    if pairs:
        seen: set[frozenset[int]] = set()
        repeats = 0
        for p in sorted(pairs, key=lambda p: (p.created_on, p.id)):
            key = frozenset(p.member_ids)
            repeats += key in seen
            seen.add(key)
        r.repeat_rate = repeats / len(pairs)

    r.feedback_people = feedback.people
    if feedback.people >= min_group and feedback.answers:  # never a figure that could point at one person
        r.value_average = sum(v * n for v, n in feedback.value_counts.items()) / feedback.answers
        r.value_distribution = {v: feedback.value_counts.get(v, 0) for v in range(1, 6)}
        r.learned_share = feedback.learned / feedback.answers
        r.taught_share = feedback.taught / feedback.answers
    r.fit_people = feedback.fit_people
    if feedback.fit_people >= min_group:
        r.fit = {k: feedback.fit_counts.get(k, 0) for k in ("good", "not_sure", "not_a_fit")}

    monday = today - timedelta(days=today.weekday())
    weeks = [monday - timedelta(weeks=w) for w in range(11, -1, -1)]
    counts = Counter(m - timedelta(days=m.weekday()) for p in pairs for m in p.meetings)
    r.meetings_by_week = [(w, counts[w]) for w in weeks]
    return r
