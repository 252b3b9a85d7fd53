"""Repository functions for rounds, pairs and avoid lists (flush, never commit)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models import (
    Avoid,
    EndReason,
    Member,
    MemberStatus,
    Pair,
    PairDeparture,
    PairMember,
    PairStatus,
    Round,
    RoundEntry,
)


def pool(session: Session, team_id: str) -> list[Member]:
    """Members who may be matched: active or paused (a pause may have ended), not in an active pair."""
    in_pair = (
        select(PairMember.member_id)
        .join(Pair)
        .where(Pair.team_id == team_id, Pair.status == PairStatus.ACTIVE)
    )
    stmt = (
        select(Member)
        .where(
            Member.team_id == team_id,
            Member.status.in_([MemberStatus.ACTIVE, MemberStatus.PAUSED]),
            Member.id.not_in(in_pair),
        )
        .order_by(Member.id)
    )
    return list(session.scalars(stmt))


@dataclass(frozen=True)
class PastPair:
    member_ids: frozenset[int]
    created_at: datetime
    declined: bool


def past_pairs(session: Session, team_id: str) -> list[PastPair]:
    rows = session.execute(
        select(Pair.id, Pair.created_at, Pair.end_reason, PairMember.member_id)
        .join(PairMember)
        .where(Pair.team_id == team_id)
    )
    groups: dict[int, list[int]] = defaultdict(list)
    info: dict[int, tuple[datetime, bool]] = {}
    for pair_id, created_at, reason, member_id in rows:
        groups[pair_id].append(member_id)
        info[pair_id] = (created_at, reason is EndReason.NOT_A_FIT)
    past = [PastPair(frozenset(ms), *info[pid]) for pid, ms in groups.items()]
    # Whoever left a trio was paired with each of the two who stayed (and never again, if not a fit).
    left = session.execute(
        select(PairDeparture.pair_id, PairDeparture.member_id, PairDeparture.reason)
        .join(Pair)
        .where(Pair.team_id == team_id)
    )
    for pair_id, member_id, reason in left:
        for other in groups.get(pair_id, []):
            declined = reason is EndReason.NOT_A_FIT
            past.append(PastPair(frozenset((member_id, other)), info[pair_id][0], declined))
    return past


def leave_trio(session: Session, pair: Pair, member: Member, *, reason: EndReason, now: datetime) -> None:
    """Take someone out of their trio, the other two staying paired (in a new group DM of their own)."""
    session.add(PairDeparture(pair_id=pair.id, member_id=member.id, reason=reason, left_at=now))
    for pm in list(pair.members):
        if pm.member_id == member.id:
            pair.members.remove(pm)
    pair.channel_id = None  # the old group DM has the person who left in it
    session.flush()


def avoid_pairs(session: Session, team_id: str) -> list[tuple[int, str]]:
    """(member id, avoided Slack user id) for everyone in the team."""
    rows = session.execute(
        select(Avoid.member_id, Avoid.avoided_user_id).join(Member).where(Member.team_id == team_id)
    )
    return [(m, u) for m, u in rows]


def active_pair_of(session: Session, member_id: int, *, for_update: bool = True) -> Pair | None:
    stmt = (
        select(Pair)
        .join(PairMember)
        .where(PairMember.member_id == member_id, Pair.status == PairStatus.ACTIVE)
    )
    return session.scalars(stmt.with_for_update() if for_update else stmt).first()


def end_pair(pair: Pair, *, reason: EndReason, now: datetime) -> bool:
    """End the pair; False if it had already ended (a second click, a retried request)."""
    if pair.status is not PairStatus.ACTIVE:
        return False
    pair.status, pair.end_reason, pair.ended_at = PairStatus.ENDED, reason, now
    return True


def avoids_of(session: Session, member_id: int) -> list[Avoid]:
    return list(session.scalars(select(Avoid).where(Avoid.member_id == member_id).order_by(Avoid.id)))


def round_ran(session: Session, *, team_id: str, slot: str) -> bool:
    """Whether the round for this scheduled slot has run (here or on another replica)."""
    return session.scalar(select(Round.id).where(Round.team_id == team_id, Round.slot == slot)) is not None


def last_outcome(session: Session, member_id: int) -> str | None:
    """What the latest round that considered this member made of them (paired, trio, left_out, …)."""
    stmt = (
        select(RoundEntry.outcome)
        .where(RoundEntry.member_id == member_id)
        .order_by(RoundEntry.round_id.desc())
        .limit(1)
    )
    return session.scalar(stmt)
