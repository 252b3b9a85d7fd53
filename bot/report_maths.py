"""The programme report's figures, from totals and small per-pair rows (pure: the service queries them)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta


@dataclass(frozen=True)
class People:
    active: int = 0
    paused: int = 0
    left: int = 0  # including people who erased their data
    joined_30_days: int = 0
    waiting: int = 0


@dataclass(frozen=True)
class PairRow:
    id: int
    member_ids: tuple[int, ...]
    active: bool
    declined: bool
    created_on: date
    cadence_days: int
    last_met: date | None
    stalled: bool
    departments: int  # how many different departments / career stages among its members
    stages: int


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
    *, people: People, pairs: list[PairRow], median_gap: float | None, meetings_by_day: dict[date, int],
    feedback: Feedback, today: date, min_group: int,
) -> Report:  # fmt: skip
    r = Report(
        active=people.active, paused=people.paused, left=people.left, enrolled=people.active + people.paused,
        joined_30_days=people.joined_30_days, waiting=people.waiting, median_days_between=median_gap,
    )  # fmt: skip
    r.pairs_active = sum(p.active for p in pairs)
    r.pairs_declined = sum(p.declined for p in pairs)
    r.pairs_ended = sum(1 for p in pairs if not p.active and not p.declined)
    due = [p for p in pairs if p.active and (today - p.created_on).days >= p.cadence_days]
    if due:
        met = sum(1 for p in due if p.last_met and (today - p.last_met).days <= p.cadence_days)
        r.meeting_rate = met / len(due)
    r.stalled = sorted(p.id for p in pairs if p.active and p.stalled)
    if pairs:
        r.cross_department = sum(p.departments > 1 for p in pairs) / len(pairs)
        r.cross_stage = sum(p.stages > 1 for p in pairs) / len(pairs)
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

    weeks = trend_weeks(today)
    counts: Counter = Counter()
    for day, n in meetings_by_day.items():
        counts[day - timedelta(days=day.weekday())] += n
    r.meetings_by_week = [(w, counts[w]) for w in weeks]
    return r


def trend_weeks(today: date) -> list[date]:
    """The Mondays of the last 12 weeks, oldest first (this week last)."""
    monday = today - timedelta(days=today.weekday())
    return [monday - timedelta(weeks=w) for w in range(11, -1, -1)]


def median_of_histogram(histogram: list[tuple[float, int]]) -> float | None:
    """The median of values given as (value, how many), sorted by value."""
    total = sum(n for _, n in histogram)
    if not total:
        return None
    wanted = [(total - 1) // 2, total // 2]  # the middle one, or the middle two
    found, seen = [], 0
    for value, n in histogram:
        found += [value for w in wanted if seen <= w < seen + n]
        seen += n
    return sum(found) / len(found)
