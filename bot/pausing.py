"""Reading `/mentor pause …` arguments into an end date (pure)."""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from bot.text import from_slack, typed

MAX_PAUSE_DAYS = 366
_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
}
_DURATION = re.compile(r"^(?:for\s+)?(?P<n>\d{1,3}|[a-z]+)\s*(?P<unit>d|days?|w|wks?|weeks?|m|mos?|months?)$")
_DATE = re.compile(r"^(?:until\s+|till\s+|til\s+)?(?P<date>\d{4}-\d{1,2}-\d{1,2})$")


class PauseError(ValueError):
    """The text could not be turned into a sensible pause; the message says how to write it."""


EXAMPLES = "`/mentor pause until 2027-01-31` or `/mentor pause 3 weeks`"


def parse_pause(text: str, *, today: date) -> date | None:
    """The date the pause ends (the person is back on that day); None means until they resume."""
    text = " ".join(text.lower().split())
    if not text or text in {"indefinitely", "until further notice"}:
        return None
    if m := _DATE.match(text):
        try:
            until = date.fromisoformat(_pad(m["date"]))
        except ValueError:
            raise PauseError(f"“{_echo(m['date'])}” isn't a real date. Try {EXAMPLES}.") from None
    elif m := _DURATION.match(text):
        n = int(m["n"]) if m["n"].isdigit() else _WORDS.get(m["n"])
        if not n:
            raise PauseError(f"I couldn't read “{_echo(text)}”. Try {EXAMPLES}.")
        unit = m["unit"][0]
        if unit == "d":
            until = today + timedelta(days=n)
        elif unit == "w":
            until = today + timedelta(weeks=n)
        else:
            until = _add_months(today, n)
    else:
        raise PauseError(f"I couldn't read “{_echo(text)}”. Try {EXAMPLES}.")
    return check_pause_end(until, today=today)


def check_pause_end(until: date, *, today: date) -> date:
    if until <= today:
        raise PauseError(f"{long_date(until)} has already passed — pick a date after today.")
    if (until - today).days > MAX_PAUSE_DAYS:
        raise PauseError(
            "A pause can last up to a year. Pick an earlier date, or use `/mentor leave` instead."
        )
    return until


def _echo(text: str) -> str:
    """What the person wrote, shown back short and as text."""
    return typed(from_slack(text), limit=40)


def long_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def _pad(text: str) -> str:
    y, m, d = text.split("-")
    return f"{y}-{int(m):02d}-{int(d):02d}"


def _add_months(day: date, months: int) -> date:
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))
