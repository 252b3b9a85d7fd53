"""Away-awareness: someone whose Slack status says they are away (a holiday or sick emoji, or words such as
"OOO" or "vacation") is left out of rounds and gets no check-ins until the status expires or changes.
Only the status's emoji and words are read, never kept; what is kept is whether they are away, and until
when. Pure."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from bot.payload import Payload

AWAY_EMOJI = frozenset(
    {
        ":palm_tree:",  # Slack's own "Vacationing"
        ":face_with_thermometer:",  # Slack's own "Out sick"
        ":desert_island:",
        ":beach_with_umbrella:",
        ":airplane:",
        ":ooo:",
        ":out_of_office:",
    }
)
AWAY_WORDS = re.compile(
    r"\b(ooo|out of (the )?office|out sick|off sick|sick leave|on leave|annual leave|parental leave|"
    r"maternity leave|paternity leave|vacation|vacationing|on holiday|holidays?|pto|away until|off until)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Away:
    until: datetime | None  # None: until the status changes


def read_status(profile: Payload, now: datetime) -> Away | None:
    """Whether a Slack profile's status says its owner is away now, and until when (its expiry)."""
    text = str(profile.get("status_text") or "")
    emoji = str(profile.get("status_emoji") or "")
    try:
        expires = int(profile.get("status_expiration") or 0)
    except (TypeError, ValueError):
        expires = 0
    until = datetime.fromtimestamp(expires, UTC) if expires > 0 else None
    if until is not None and until <= now:
        return None  # an expired status Slack hasn't cleared yet
    if emoji in AWAY_EMOJI or AWAY_WORDS.search(text):
        return Away(until)
    return None


def is_away(since: datetime | None, until: datetime | None, at: datetime) -> bool:
    """Away at this instant, by what was last read of their status."""
    return since is not None and (until is None or at < until)


def skips_round(skip_round_at: datetime | None, at: datetime) -> bool:
    """They chose "Skip this round" for the round at that slot: any round up to a day after it skips them
    (a tick a little late, an admin's round that day)."""
    return skip_round_at is not None and at <= skip_round_at + timedelta(days=1)
