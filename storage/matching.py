"""Repository functions for rounds, pairs and avoid lists (flush, never commit)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
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


def in_active_pair(session: Session, member_id: int) -> bool:
    stmt = (
        select(PairMember.member_id)
        .join(Pair)
        .where(PairMember.member_id == member_id, Pair.status == PairStatus.ACTIVE)
    )
    return session.scalar(stmt.limit(1)) is not None


def pool(session: Session, programme_id: int) -> list[Member]:
    """The programme's members who may be matched: active or paused (a pause may have ended), not in an
    active pair."""
    in_pair = (
        select(PairMember.member_id)
        .join(Pair)
        .where(Pair.programme_id == programme_id, Pair.status == PairStatus.ACTIVE)
    )
    stmt = (
        select(Member)
        .where(
            Member.programme_id == programme_id,
            Member.status.in_([MemberStatus.ACTIVE, MemberStatus.PAUSED]),
            Member.id.not_in(in_pair),
        )
        .order_by(Member.id)
    )
    return list(session.scalars(stmt))


@dataclass(frozen=True)
class PastPair:
    user_ids: frozenset[str]  # people, not members: a pairing in one programme counts in every other
    created_at: datetime
    declined: bool


def past_pairs(session: Session, team_id: str) -> list[PastPair]:
    """Everyone the workspace's people were ever paired with, in any of its programmes."""
    rows = session.execute(
        select(Pair.id, Pair.created_at, Pair.end_reason, Member.user_id)
        .join(PairMember, PairMember.pair_id == Pair.id)
        .join(Member, Member.id == PairMember.member_id)
        .where(Pair.team_id == team_id)
    )
    groups: dict[int, list[str]] = defaultdict(list)
    info: dict[int, tuple[datetime, bool]] = {}
    for pair_id, created_at, reason, user_id in rows:
        groups[pair_id].append(user_id)
        info[pair_id] = (created_at, reason is EndReason.NOT_A_FIT)
    past = [PastPair(frozenset(us), *info[pid]) for pid, us in groups.items()]
    # Whoever left a trio was paired with each of the two who stayed (and never again, if not a fit).
    left = session.execute(
        select(PairDeparture.pair_id, Member.user_id, PairDeparture.reason)
        .join(Pair, Pair.id == PairDeparture.pair_id)
        .join(Member, Member.id == PairDeparture.member_id)
        .where(Pair.team_id == team_id)
    )
    for pair_id, user_id, reason in left:
        for other in groups.get(pair_id, []):
            declined = reason is EndReason.NOT_A_FIT
            past.append(PastPair(frozenset((user_id, other)), info[pair_id][0], declined))
    return past


def leave_trio(session: Session, pair: Pair, member: Member, *, reason: EndReason, now: datetime) -> None:
    """Take someone out of their trio, the other two staying paired (in a new group DM of their own)."""
    session.add(PairDeparture(pair_id=pair.id, member_id=member.id, reason=reason, left_at=now))
    for pm in list(pair.members):
        if pm.member_id == member.id:
            pair.members.remove(pm)
    pair.channel_id = None  # the old group DM has the person who left in it
    session.flush()


def avoid_pairs(session: Session, team_id: str) -> list[tuple[str, str]]:
    """(Slack user id, avoided Slack user id) for everyone in the workspace: an avoid list holds in every
    programme, whichever one it was written in."""
    rows = session.execute(
        select(Member.user_id, Avoid.avoided_user_id)
        .select_from(Avoid)
        .join(Member, Member.id == Avoid.member_id)
        .where(Member.team_id == team_id)
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


def end_as_read(session: Session, pair: Pair, *, reason: EndReason, now: datetime) -> bool:
    """End a pair the planner read as due to end (quiet and warned, or past its term's grace week), decided by
    the database: only if it is still as it was read. False if meanwhile someone answered (stalled_at
    cleared), everyone chose to continue (ends_on moved), it ended, or its closing moved: a concurrent answer
    holds the row; this waits for it, then sees it."""
    session.flush()
    stmt = (
        update(Pair)
        .where(
            Pair.id == pair.id,
            Pair.status == PairStatus.ACTIVE,
            Pair.ends_on == pair.ends_on,
            Pair.stalled_at == pair.stalled_at,
            Pair.closes_on == pair.closes_on,
        )
        .values(status=PairStatus.ENDED, end_reason=reason, ended_at=now)
        .execution_options(synchronize_session=False)
    )
    ended = bool(session.execute(stmt).rowcount)  # type: ignore[attr-defined]
    session.refresh(pair)
    return ended


def avoids_of(session: Session, member_id: int) -> list[Avoid]:
    return list(session.scalars(select(Avoid).where(Avoid.member_id == member_id).order_by(Avoid.id)))


def round_ran(session: Session, *, programme_id: int, slot: str) -> bool:
    """Whether the programme's round for this scheduled slot has run (here or on another replica)."""
    stmt = select(Round.id).where(Round.programme_id == programme_id, Round.slot == slot)
    return session.scalar(stmt) is not None


def last_outcome(session: Session, member_id: int) -> str | None:
    """What the latest round that considered this member made of them (paired, trio, left_out, …)."""
    stmt = (
        select(RoundEntry.outcome)
        .where(RoundEntry.member_id == member_id)
        .order_by(RoundEntry.round_id.desc())
        .limit(1)
    )
    return session.scalar(stmt)
