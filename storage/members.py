"""Repository functions for members; they flush but never commit (the caller owns the unit of work)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from storage.models import Direction, Erasure, Member, MemberPerspective, MemberStatus, MemberTopic


def get_member(
    session: Session, *, team_id: str, user_id: str, programme_id: int | None = None, for_update: bool = False
) -> Member | None:
    """The person's membership of the programme (None: of the earliest programme they are in)."""
    stmt = select(Member).where(Member.team_id == team_id, Member.user_id == user_id)
    if programme_id is not None:
        stmt = stmt.where(Member.programme_id == programme_id)
    stmt = stmt.order_by(Member.programme_id).limit(1)
    if for_update:
        stmt = stmt.with_for_update()
    return session.scalars(stmt).first()


def memberships_of(session: Session, *, team_id: str, user_id: str) -> list[Member]:
    """Every programme's membership of the person in the workspace (reading)."""
    stmt = select(Member).where(Member.team_id == team_id, Member.user_id == user_id).order_by(Member.id)
    return list(session.scalars(stmt))


def of_programme(session: Session, programme_id: int) -> list[Member]:
    """Everyone with a profile in the programme, locked."""
    stmt = select(Member).where(Member.programme_id == programme_id).order_by(Member.id)
    return list(session.scalars(stmt.with_for_update()))


def memberships(session: Session, *, team_id: str, user_id: str) -> list[Member]:
    """Every programme's membership of the person in the workspace, locked (erasure, unreachable)."""
    stmt = select(Member).where(Member.team_id == team_id, Member.user_id == user_id).order_by(Member.id)
    return list(session.scalars(stmt.with_for_update()))


def get_or_create_member(
    session: Session,
    *,
    team_id: str,
    programme_id: int,
    user_id: str,
    now: datetime,
    defaults: dict[str, Any],
) -> tuple[Member, bool]:
    """The member row for this person, created (in that programme) if missing; safe when two requests race
    to create it."""
    member = get_member(session, team_id=team_id, user_id=user_id, programme_id=programme_id, for_update=True)
    if member is not None:
        return member, False
    member = Member(
        team_id=team_id,
        programme_id=programme_id,
        user_id=user_id,
        status=MemberStatus.ACTIVE,
        joined_at=now,
        updated_at=now,
        **defaults,
    )
    try:
        with session.begin_nested():
            session.add(member)
    except IntegrityError:
        # Someone else (a double-submitted modal, another replica) inserted it first: use theirs.
        existing = get_member(
            session, team_id=team_id, user_id=user_id, programme_id=programme_id, for_update=True
        )
        if existing is None:
            raise
        return existing, False
    return member, True


def set_topics(member: Member, *, teach: Iterable[str], learn: Iterable[str]) -> None:
    wanted = {(Direction.TEACH, t) for t in teach} | {(Direction.LEARN, t) for t in learn}
    member.topics = [t for t in member.topics if (t.direction, t.topic) in wanted]
    have = {(t.direction, t.topic) for t in member.topics}
    member.topics.extend(
        MemberTopic(direction=d, topic=t) for d, t in sorted(wanted - have, key=lambda p: (p[0].value, p[1]))
    )


def set_perspectives(member: Member, perspectives: Iterable[str]) -> None:
    wanted = set(perspectives)
    member.perspectives = [p for p in member.perspectives if p.perspective in wanted]
    have = {p.perspective for p in member.perspectives}
    member.perspectives.extend(MemberPerspective(perspective=p) for p in sorted(wanted - have))


def mark_left(member: Member, *, now: datetime) -> None:
    """Out of the pool, profile kept (`/mentor join` brings them back)."""
    member.status, member.left_at, member.updated_at = MemberStatus.LEFT, now, now
    member.paused_at = member.paused_until = member.waiting_since = None


def erase_member(session: Session, member: Member, *, now: datetime) -> None:
    """Delete the member and, through ON DELETE CASCADE, every row that refers to them."""
    team_id, programme_id = member.team_id, member.programme_id
    session.execute(delete(Member).where(Member.id == member.id))
    session.expunge(member)
    session.add(Erasure(team_id=team_id, programme_id=programme_id, erased_at=now))
    session.flush()
