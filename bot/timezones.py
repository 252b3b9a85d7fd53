"""Local dates and times for a person's IANA timezone (pure)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

UTC = ZoneInfo("UTC")


def zone(name: str | None) -> ZoneInfo:
    """The person's zone; an unknown or missing name falls back to UTC rather than failing."""
    if not name:
        return UTC
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return UTC


def local_date(now: datetime, tz: str | None) -> date:
    return now.astimezone(zone(tz)).date()
