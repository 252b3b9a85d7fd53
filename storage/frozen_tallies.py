"""A frozen copy of bot/tallies.py as it was when migration 0006 was written (week_of, meeting_tallies,
Answer, answer_tallies): the migrations that count existing data (0006, and 0022 per programme) must mean
the same thing whatever that module becomes. Never edit it to follow bot/tallies.py."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

Key = tuple[date, str]


def week_of(day: date) -> date:
    """The Monday of the week `day` falls in."""
    return day - timedelta(days=day.weekday())


def meeting_tallies(meetings: Iterable[tuple[int, date]]) -> Counter[Key]:
    """The contributions of these pairs, from every meeting of each as (pair id, date met)."""
    by_pair: dict[int, list[date]] = defaultdict(list)
    for pair_id, met_on in meetings:
        by_pair[pair_id].append(met_on)
    out: Counter[Key] = Counter()
    for days in by_pair.values():
        days.sort()
        for day in days:
            out[week_of(day), "meetings"] += 1
        for week in {week_of(d) for d in days}:
            out[week, "pairs_met"] += 1
        for earlier, later in zip(days, days[1:], strict=False):
            out[week_of(later), f"gap:{(later - earlier).days}"] += 1
    return out


@dataclass(frozen=True)
class Answer:
    member_id: int
    answered_on: date
    value: int | None
    learned: bool | None
    taught: bool | None
    fit: str | None


def answer_tallies(answers: Iterable[Answer]) -> Counter[Key]:
    """The contributions of these members, from every answer each of them gave."""
    out: Counter[Key] = Counter()
    by_member: dict[int, list[Answer]] = defaultdict(list)
    for a in answers:
        by_member[a.member_id].append(a)
    for mine in by_member.values():
        valued = sorted((a for a in mine if a.value is not None), key=lambda a: a.answered_on)
        for a in valued:
            week = week_of(a.answered_on)
            out[week, "answers"] += 1
            out[week, f"value:{a.value}"] += 1
            out[week, "learned"] += bool(a.learned)
            out[week, "taught"] += bool(a.taught)
        for week in {week_of(a.answered_on) for a in valued}:
            out[week, "people_week"] += 1
        if valued:
            out[week_of(valued[0].answered_on), "people"] += 1
        fits = sorted((a for a in mine if a.fit is not None), key=lambda a: a.answered_on)
        for a in fits:
            out[week_of(a.answered_on), f"fit:{a.fit}"] += 1
        if fits:
            out[week_of(fits[0].answered_on), "fit_people"] += 1
    return +out  # drop zeros (a week of answers where nobody learned)


def to_date(value: object) -> date:
    """A date from what the driver returns (SQLite gives text)."""
    if isinstance(value, datetime):  # answered_at: stored in UTC, returned in the session's zone
        return (value.astimezone(UTC) if value.tzinfo else value).date()
    if isinstance(value, date):
        return value
    return datetime.fromisoformat(str(value)).date()
