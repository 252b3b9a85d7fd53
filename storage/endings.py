"""Why pairings ended: each person's one private tap, kept once, only ever counted."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from storage.models import EndWhy, Pair


def add_why(session: Session, *, pair: Pair, member_id: int, why: str, now: datetime) -> bool:
    """Their answer, once (False: they had answered, and the first stands)."""
    try:
        with session.begin_nested():
            session.add(
                EndWhy(
                    pair_id=pair.id,
                    member_id=member_id,
                    why=why,
                    answered_at=now,
                )
            )
    except IntegrityError:
        return False
    return True


def answered(session: Session, *, pair_id: int, member_id: int) -> str | None:
    return session.scalar(select(EndWhy.why).where(EndWhy.pair_id == pair_id, EndWhy.member_id == member_id))
