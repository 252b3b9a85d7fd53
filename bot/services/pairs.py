"""Ending pairs (not a fit, someone left or can't be reached) and telling the people left behind."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from bot.services.rounds import enqueue
from storage import matching as repo
from storage.models import EndReason, Member, Outbox, OutboxStatus, Pair, PairMember


def end_active_pair(*, session: Session, member: Member, reason: EndReason, now: datetime) -> Pair | None:
    """End the member's active pair; the others go back into the pool, first in line, and are told."""
    pair = repo.active_pair_of(session, member.id)
    if pair is None or not repo.end_pair(pair, reason=reason, now=now):
        return None
    _cancel_unsent(session, pair.id)
    for pm in pair.members:
        if pm.member_id != member.id:
            pm.member.waiting_since = now
            enqueue(
                session, team_id=pair.team_id, key=f"partner-gone:pair:{pair.id}:member:{pm.member_id}",
                kind=f"partner_gone:{reason.value}", now=now, member_id=pm.member_id,
            )  # fmt: skip
    session.flush()
    return pair


def decline(*, session: Session, pair: Pair, now: datetime) -> bool:
    """'Not a fit': end the pair, never match these people again, and re-pool them first in line."""
    if not repo.end_pair(pair, reason=EndReason.NOT_A_FIT, now=now):
        return False
    _cancel_unsent(session, pair.id)
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


def _cancel_unsent(session: Session, pair_id: int) -> None:
    session.execute(
        update(Outbox)
        .where(Outbox.pair_id == pair_id, Outbox.status == OutboxStatus.PENDING)
        .values(status=OutboxStatus.CANCELLED)
    )
