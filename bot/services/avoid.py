"""The private "don't pair me with" list: never shown to, or hinted at, the person avoided."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from bot.blocks import refusals
from bot.errors import MentorError, NotEnrolled
from storage import matching as repo
from storage import members as members_repo
from storage.models import Avoid, MemberStatus


def set_avoided(
    *, session: Session, team_id: str, user_id: str, avoided: list[str], now: datetime
) -> list[str]:
    """Replace the list; returns it as stored."""
    member = members_repo.get_member(session, team_id=team_id, user_id=user_id, for_update=True)
    if member is None or member.status in (MemberStatus.LEFT, MemberStatus.INACTIVE):
        raise NotEnrolled()
    wanted = list(dict.fromkeys(u for u in avoided if u and u != user_id))
    current = repo.avoids_of(session, member.id)
    for row in current:
        if row.avoided_user_id not in wanted:
            session.delete(row)
    have = {row.avoided_user_id for row in current}
    for u in wanted:
        if u not in have:
            session.add(Avoid(member_id=member.id, avoided_user_id=u, created_at=now))
    session.flush()
    return wanted


def add_avoided(
    *, session: Session, team_id: str, user_id: str, avoided: list[str], now: datetime
) -> list[str]:
    if user_id in avoided:
        raise MentorError(refusals.AVOID_YOURSELF)
    return set_avoided(
        session=session,
        team_id=team_id,
        user_id=user_id,
        avoided=avoided_of(session=session, team_id=team_id, user_id=user_id) + avoided,
        now=now,
    )


def remove_avoided(
    *, session: Session, team_id: str, user_id: str, avoided: list[str], now: datetime
) -> list[str]:
    keep = [u for u in avoided_of(session=session, team_id=team_id, user_id=user_id) if u not in avoided]
    return set_avoided(session=session, team_id=team_id, user_id=user_id, avoided=keep, now=now)


def avoided_of(*, session: Session, team_id: str, user_id: str) -> list[str]:
    member = members_repo.get_member(session, team_id=team_id, user_id=user_id)
    if member is None:
        return []
    return [row.avoided_user_id for row in repo.avoids_of(session, member.id)]
