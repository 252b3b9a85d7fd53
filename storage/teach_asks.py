"""Asking members whether they could teach a scarce topic: who to ask, the asks themselves, their answers."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from sqlalchemy import exists, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, aliased

from storage.models import Direction, Member, MemberStatus, MemberTopic, TeachAsk


def wanting(session: Session, *, programme_id: int, topic: str) -> int:
    """Enrolled people (active or paused) who want to learn the topic."""
    stmt = (
        select(func.count())
        .select_from(MemberTopic)
        .join(Member)
        .where(
            Member.programme_id == programme_id,
            Member.status.in_((MemberStatus.ACTIVE, MemberStatus.PAUSED)),
            MemberTopic.direction == Direction.LEARN,
            MemberTopic.topic == topic,
        )
    )
    return int(session.scalar(stmt) or 0)


def who_could_teach(
    session: Session, *, programme_id: int, topic: str, near: Collection[str]
) -> list[Member]:
    """Active members who teach a neighbouring topic and neither teach nor want this one."""
    own = aliased(MemberTopic)
    has_topic = exists().where(own.member_id == Member.id, own.topic == topic)
    teaches_near = exists().where(
        MemberTopic.member_id == Member.id,
        MemberTopic.direction == Direction.TEACH,
        MemberTopic.topic.in_(sorted(near)),
    )
    stmt = select(Member).where(
        Member.programme_id == programme_id,
        Member.status == MemberStatus.ACTIVE,
        teaches_near,
        ~has_topic,
    )
    return list(session.scalars(stmt.order_by(Member.id)))


def add_ask(session: Session, *, team_id: str, member_id: int, topic: str, now: datetime) -> TeachAsk | None:
    """The ask, or None if this member was asked about this topic before (decided by the unique key)."""
    ask = TeachAsk(team_id=team_id, member_id=member_id, topic=topic, asked_at=now)
    try:
        with session.begin_nested():
            session.add(ask)
    except IntegrityError:
        return None
    return ask
