"""Ending pairs (not a fit, someone left or can't be reached) and telling the people left behind."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from bot.outbox import kinds
from bot.outbox.kinds import Kind
from bot.outbox.queue import cancel_unsent, enqueue
from storage import matching as repo
from storage.models import EndReason, Member, Pair, PairMember


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


def pairs_and_people_of(session: Session, member: Member) -> tuple[list[int], set[int]]:
    """The pairs someone was ever in, and everyone in them (themselves included)."""
    pair_ids = list(session.scalars(select(PairMember.pair_id).where(PairMember.member_id == member.id)))
    people = set(session.scalars(select(PairMember.member_id).where(PairMember.pair_id.in_(pair_ids))))
    return pair_ids, people | {member.id}


def delete_pairs_of(session: Session, pair_ids: list[int]) -> None:
    """Erasure: the pairs someone was in are their data too (who they met, what they agreed)."""
    session.execute(delete(Pair).where(Pair.id.in_(pair_ids)))
