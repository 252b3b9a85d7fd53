"""What members write to their programme's team: kept to be delivered, counted for the report."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from storage.models import Programme, TeamNote


def add(
    session: Session, *, team_id: str, programme_id: int, member_id: int | None, text: str, on: date
) -> int:
    note = TeamNote(team_id=team_id, programme_id=programme_id, member_id=member_id, text=text, sent_on=on)
    session.add(note)
    session.flush()
    return note.id


def addressed_to(session: Session, programme_id: int) -> tuple[str, list[str]] | None:
    """The programme's name and its own admins (Slack user and user-group ids)."""
    row = session.get(Programme, programme_id)
    return (row.name, list(row.admins or [])) if row else None
