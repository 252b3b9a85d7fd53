"""Queries about conversation starters: the admins' own, and which ones each pair has had."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models import CustomStarter, PairStarter


def custom_starters(
    session: Session, team_id: str, *, programme_id: int | None = None
) -> list[CustomStarter]:
    """The team's own starters: all of them, or those one programme's pairs get (its own and the
    workspace-wide ones)."""
    stmt = select(CustomStarter).where(CustomStarter.team_id == team_id).order_by(CustomStarter.id)
    if programme_id is not None:
        stmt = stmt.where(CustomStarter.programme_id.is_(None) | (CustomStarter.programme_id == programme_id))
    return list(session.scalars(stmt))


def used_by(session: Session, pair_id: int) -> set[str]:
    """The starters a pair has had (never given twice)."""
    return set(session.scalars(select(PairStarter.starter_id).where(PairStarter.pair_id == pair_id)))


def leader(session: Session, *, pair_id: int, starter_id: str) -> int | None:
    """Who was chosen to open this starter in this pair (a member id), if anyone."""
    return session.scalar(
        select(PairStarter.leader_id).where(
            PairStarter.pair_id == pair_id, PairStarter.starter_id == starter_id
        )
    )
