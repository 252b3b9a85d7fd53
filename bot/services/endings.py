"""Why pairings end (bot/endings.py): recording each person's one private tap."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from bot.blocks import refusals
from bot.errors import MentorError
from bot.outbox import kinds, queue
from storage import endings as repo
from storage.members import get_member
from storage.models import Pair


@dataclass(frozen=True)
class Recorded:
    pair_id: int
    partners: list[str]
    why: str  # the answer that stands (a second tap keeps the first)


def record_why(
    *, session: Session, team_id: str, pair_id: int, user_id: str, why: str, now: datetime
) -> Recorded:
    """Their answer, once — only from someone who was asked about that pairing."""
    pair = session.get(Pair, pair_id)
    member = (
        get_member(session, team_id=team_id, user_id=user_id, programme_id=pair.programme_id)
        if pair
        else None
    )
    if (
        pair is None
        or member is None
        or queue.find(session=session, team_id=team_id, key=kinds.why_ended(pair.id, member.id)) is None
    ):
        raise MentorError(refusals.NOT_YOUR_QUESTION)
    repo.add_why(session, pair=pair, member_id=member.id, why=why, now=now)
    partners = [pm.member.user_id for pm in pair.members if pm.member_id != member.id]
    return Recorded(pair.id, partners, repo.answered(session, pair_id=pair.id, member_id=member.id) or why)
