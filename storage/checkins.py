"""Queries about check-ins, meetings and members' recorded choices."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from storage.models import Checkin, Choice, Meeting, PollAnswer


def meeting_logged_by(session: Session, checkin_id: int) -> int | None:
    """The meeting a check-in's "met" recorded, if one was."""
    return session.scalar(select(Meeting.id).where(Meeting.checkin_id == checkin_id))


def last_met(session: Session, pair_id: int) -> date | None:
    return session.scalar(select(func.max(Meeting.met_on)).where(Meeting.pair_id == pair_id))


def first_meeting(session: Session, pair_id: int) -> int | None:
    return session.scalar(select(Meeting.id).where(Meeting.pair_id == pair_id).order_by(Meeting.id).limit(1))


def meetings_of(session: Session, pair_id: int) -> int:
    return int(
        session.scalar(select(func.count()).select_from(Meeting).where(Meeting.pair_id == pair_id)) or 0
    )


def latest_checkin(session: Session, pair_id: int) -> Checkin | None:
    return session.scalars(
        select(Checkin).where(Checkin.pair_id == pair_id).order_by(Checkin.seq.desc())
    ).first()


def has_answered(session: Session, *, poll_key: str, member_id: int) -> bool:
    """Whether this member already answered (or chose) under this key."""
    found = session.scalar(
        select(PollAnswer.id).where(PollAnswer.poll_key == poll_key, PollAnswer.member_id == member_id)
    )
    return found is not None


def chose_to_continue(session: Session, *, poll_key: str) -> set[int]:
    """The members who chose to continue under this term-end key."""
    return set(
        session.scalars(
            select(PollAnswer.member_id).where(
                PollAnswer.poll_key == poll_key, PollAnswer.choice == Choice.CONTINUE
            )
        )
    )
