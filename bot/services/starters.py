"""Admins' own conversation starters: add, list, remove; merged with the shipped library when picking."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.errors import MentorError
from bot.starters import THEMES, Starter
from bot.text import from_slack
from storage.models import CustomStarter

MAX_TEXT = 300


def custom_starters(session: Session, team_id: str) -> list[Starter]:
    rows = session.scalars(
        select(CustomStarter).where(CustomStarter.team_id == team_id).order_by(CustomStarter.id)
    )
    return [Starter(f"custom-{r.id}", r.theme, r.audience, r.text) for r in rows]


AUDIENCES = ("junior", "senior", "both")


def add_starter(*, session: Session, team_id: str, theme: str, text: str, now: datetime) -> Starter:
    """`theme` may name who the question is for: `career/senior` (for the more senior of a pair to open)."""
    theme, _, audience = theme.lower().partition("/")
    # Stored as the admin typed it (Slack escapes & < > in command text); shown through bot.text.typed.
    audience, text = audience or "both", " ".join(from_slack(text).split())
    if theme not in THEMES:
        raise MentorError(
            f"Pick a theme first: {', '.join(THEMES)} — e.g. `/mentor admin starters add career What …?`"
        )
    if audience not in AUDIENCES:
        raise MentorError(
            "After the theme, `/junior` or `/senior` says who the question is for — e.g. `career/senior`."
        )
    if not text:
        raise MentorError(
            "Write the question after the theme, e.g. `/mentor admin starters add career What …?`"
        )
    if len(text) > MAX_TEXT:
        raise MentorError(f"Please keep a starter under {MAX_TEXT} characters.")
    row = CustomStarter(team_id=team_id, theme=theme, audience=audience, text=text, created_at=now)
    session.add(row)
    session.flush()
    return Starter(f"custom-{row.id}", row.theme, row.audience, row.text)


def remove_starter(*, session: Session, team_id: str, starter_id: str) -> bool:
    number = starter_id.removeprefix("custom-")
    if not number.isdigit():
        raise MentorError(
            "Only your own starters can be removed: use the id `/mentor admin starters list` shows."
        )
    row = session.get(CustomStarter, int(number))
    if row is None or row.team_id != team_id:
        return False
    session.delete(row)
    return True
