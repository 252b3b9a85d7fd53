"""Ending pairs (not a fit, someone left or can't be reached) and telling the people left behind."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from bot.outbox import kinds
from bot.outbox.kinds import Kind
from bot.outbox.queue import cancel_unsent, enqueue
from storage import matching as repo
from storage.models import EndReason, Member, Pair


def end_active_pair(*, session: Session, member: Member, reason: EndReason, now: datetime) -> Pair | None:
    """End the member's active pair; the others go back into the pool, first in line, and are told."""
    pair = repo.active_pair_of(session, member.id)
    if pair is None or not repo.end_pair(pair, reason=reason, now=now):
        return None
    cancel_unsent(session=session, pair_id=pair.id)
    for pm in pair.members:
        if pm.member_id != member.id:
            pm.member.waiting_since = now
            enqueue(
                session=session,
                team_id=pair.team_id,
                key=kinds.partner_gone(pair.id, pm.member_id),
                kind=Kind.PARTNER_GONE,
                reason=reason,
                now=now,
                member_id=pm.member_id,
            )
    session.flush()
    return pair


def decline(*, session: Session, pair: Pair, now: datetime) -> bool:
    """'Not a fit': end the pair, never match these people again, and re-pool them first in line."""
    if not repo.end_pair(pair, reason=EndReason.NOT_A_FIT, now=now):
        return False
    cancel_unsent(session=session, pair_id=pair.id)
    for pm in pair.members:
        pm.member.waiting_since = now
    session.flush()
    return True
