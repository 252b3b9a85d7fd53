"""Modals opened from a slash command, and where to answer when they are submitted (flush, never commit)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from storage.models import OpenModal


def remember(
    session: Session, *, view_id: str, team_id: str, user_id: str, response_url: str, now: datetime
) -> None:
    session.merge(
        OpenModal(view_id=view_id, team_id=team_id, user_id=user_id, response_url=response_url, opened_at=now)
    )


def response_url(session: Session, *, view_id: str, team_id: str, user_id: str) -> str | None:
    """Where to answer this person's submission of this modal; None if it wasn't opened by them here."""
    return session.scalar(
        select(OpenModal.response_url).where(
            OpenModal.view_id == view_id, OpenModal.team_id == team_id, OpenModal.user_id == user_id
        )
    )


def any_before(session: Session, when: datetime) -> bool:
    """Whether any modal opened before then is still remembered (a read: most minutes, none is)."""
    return session.scalar(select(OpenModal.view_id).where(OpenModal.opened_at < when).limit(1)) is not None


def forget_before(session: Session, when: datetime) -> int:
    result = session.execute(delete(OpenModal).where(OpenModal.opened_at < when))
    return int(result.rowcount)  # type: ignore[attr-defined]  # a DELETE's result has a rowcount


def forget_person(session: Session, *, team_id: str, user_id: str) -> None:
    session.execute(delete(OpenModal).where(OpenModal.team_id == team_id, OpenModal.user_id == user_id))
