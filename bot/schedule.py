"""When to send: a weekday hour inside everyone's working day, near the preferred hour (pure).

A message to one person goes out on a weekday at `hour` (10:00) in their timezone. A message to a pair
or trio goes out at the earliest time inside every member's working day (09:00–17:00, Monday to Friday,
each in their own timezone) that is within an hour of the best fit to `hour` for all of them; when there is no such
hour (timezones too far apart), it falls back to an hour that is a weekday daytime (08:00–20:00) for
everyone. Never at night, never on anyone's weekend.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from functools import lru_cache

from bot.timezones import zone

SEARCH_DAYS = 14
STEP_MINUTES = 15
DST_SLACK_MINUTES = 60
DAYTIME = (8, 20)


@dataclass(frozen=True)
class Window:
    hour: int = 10  # the preferred local hour
    start: int = 9  # the working day, local hours [start, end)
    end: int = 17


def next_slot(after: datetime, timezones: Sequence[str | None], window: Window = Window()) -> datetime:
    """The best quarter-hour instant at or after `after` for a message to these people (quarter hours,
    because some zones are offset by 30 or 45 minutes). Remembered per instant and set of zones: a tick
    plans for many people who share them."""
    return _next_slot(after, tuple(sorted(set(timezones), key=str)), window)


@lru_cache(maxsize=4096)
def _next_slot(after: datetime, timezones: tuple[str | None, ...], window: Window) -> datetime:
    first = after.replace(minute=after.minute - after.minute % STEP_MINUTES, second=0, microsecond=0)
    if first < after:
        first += timedelta(minutes=STEP_MINUTES)
    zones = [zone(tz) for tz in timezones] or [zone(None)]
    steps = [
        first + timedelta(minutes=STEP_MINUTES * i) for i in range(24 * 60 // STEP_MINUTES * SEARCH_DAYS)
    ]
    for bounds in ((window.start, window.end), DAYTIME):
        fitting = [t for t in steps if all(_fits(t, z, bounds) for z in zones)]
        if fitting:
            # The earliest time that is as close to the preferred hour, for everyone, as any time can be
            # (for one person: exactly 10:00 on the next weekday).
            def distance(t: datetime) -> int:
                return sum(abs(_minutes(t, z) - window.hour * 60) for z in zones)

            # A DST change in the window can make later days fit everyone better by up to an hour; that
            # must not push a message back a week, so for a group anything within an hour of the best will do.
            best = min(distance(t) for t in fitting) + (DST_SLACK_MINUTES if len(zones) > 1 else 0)
            return next(t for t in fitting if distance(t) <= best)
    return first


def _minutes(t: datetime, z: tzinfo) -> int:
    local = t.astimezone(z)
    return local.hour * 60 + local.minute


def _fits(t: datetime, z: tzinfo, bounds: tuple[int, int]) -> bool:
    local = t.astimezone(z)
    return local.weekday() < 5 and bounds[0] <= local.hour < bounds[1]


MEETING_STEP_MINUTES = 30
MEETING_NOTICE = timedelta(hours=12)  # a suggested meeting starts at least this long after it is suggested


def meeting_slots(
    after: datetime,
    timezones: Sequence[str | None],
    window: Window = Window(),
    *,
    minutes: int = 30,
    count: int = 3,
    days: int = 7,
) -> list[datetime]:
    """Up to `count` meeting times in the `days` after `after`, one a day, each wholly inside every
    person's working day in their own timezone (weekdays, [window.start, window.end)): on each day the
    time nearest everyone's preferred hour, earliest days first. Empty when their days never overlap."""
    zones = [zone(tz) for tz in dict.fromkeys(timezones)] or [zone(None)]
    first = after + MEETING_NOTICE
    first = first.replace(second=0, microsecond=0) + timedelta(minutes=-first.minute % MEETING_STEP_MINUTES)
    length = timedelta(minutes=minutes)
    best: dict[object, tuple[int, datetime]] = {}
    for i in range(days * 24 * 60 // MEETING_STEP_MINUTES):
        start = first + timedelta(minutes=MEETING_STEP_MINUTES * i)
        if start >= after + timedelta(days=days):
            break
        if all(_holds(start, start + length, z, window) for z in zones):
            day = start.astimezone(zones[0]).date()
            distance = sum(abs(_minutes(start, z) - window.hour * 60) for z in zones)
            if day not in best or distance < best[day][0]:
                best[day] = (distance, start)
    return [start for _, start in sorted(best.values(), key=lambda v: v[1])][:count]


def _holds(start: datetime, end: datetime, z: tzinfo, window: Window) -> bool:
    """The whole meeting is inside this person's working day (and on one weekday)."""
    a, b = start.astimezone(z), (end - timedelta(minutes=1)).astimezone(z)
    return a.weekday() < 5 and a.date() == b.date() and window.start <= a.hour and b.hour < window.end
