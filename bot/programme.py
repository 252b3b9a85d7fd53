"""Programme settings and schedule arithmetic (pure)."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date, datetime, timedelta

from bot.matching.scoring import Mode, Weights
from bot.schedule import Window
from bot.timezones import zone


@dataclass(frozen=True)
class ProgrammeSettings:
    mode: Mode = Mode.MUTUAL
    allow_trios: bool = True
    term_weeks: int = 12
    cooldown_days: int = 182  # about six months
    round_weekday: int = 0  # Monday
    round_hour: int = 9
    round_timezone: str = "UTC"
    weights: Weights = field(default_factory=Weights)
    window: Window = field(default_factory=Window)
    min_group_size: int = 3


def weights_from(overrides: dict | None) -> Weights:
    """Scoring weights with a programme's overrides applied; unknown names and non-numbers are ignored."""
    known = {f.name for f in fields(Weights)}
    clean = {k: v for k, v in (overrides or {}).items() if k in known and isinstance(v, int | float)}
    return Weights(**clean)


def latest_slot(now: datetime, settings: ProgrammeSettings) -> datetime:
    """The most recent scheduled round time at or before `now` (in the programme's timezone)."""
    tz = zone(settings.round_timezone)
    local = now.astimezone(tz)
    days_back = (local.weekday() - settings.round_weekday) % 7
    candidate = (local - timedelta(days=days_back)).replace(
        hour=settings.round_hour, minute=0, second=0, microsecond=0
    )
    if candidate > local:
        candidate -= timedelta(days=7)
    # Re-attach the zone so a DST change between then and now gives that day's offset.
    return datetime.combine(candidate.date(), candidate.time(), tz)


def term_end(start: date, settings: ProgrammeSettings) -> date:
    return start + timedelta(weeks=settings.term_weeks)
