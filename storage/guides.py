"""Queries about the admins' own guides."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models import CustomGuide


def custom_guides(session: Session, team_id: str, *, programme_id: int | None = None) -> list[CustomGuide]:
    """The team's own guides: all of them, or those one programme's pairs get (its own and the
    workspace-wide ones)."""
    stmt = select(CustomGuide).where(CustomGuide.team_id == team_id).order_by(CustomGuide.id)
    if programme_id is not None:
        stmt = stmt.where(CustomGuide.programme_id.is_(None) | (CustomGuide.programme_id == programme_id))
    return list(session.scalars(stmt))
