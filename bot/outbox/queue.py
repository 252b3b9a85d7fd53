"""The outbox queue: queue a message once per key, claim the next due one with a lease, and finish it
(sent, cancelled, failed) or put it back with a backoff. Each function works inside the caller's unit
of work; none opens one.

A message is claimed in the database, so two ticks or two replicas never send the same one: SKIP LOCKED
keeps them off each other's rows and the compare-and-set in `take` decides. A lease that runs out
means whoever held it died mid-send, so the next claim is marked `uncertain`: look before resending.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, and_, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.outbox.kinds import TO_PAIR, Kind
from storage.models import EndReason, Member, Outbox, OutboxStatus, Pair

LEASE = timedelta(minutes=5)
MAX_ATTEMPTS = 12


def enqueue(
    *,
    session: Session,
    team_id: str,
    key: str,
    kind: Kind,
    now: datetime,
    pair_id: int | None = None,
    member_id: int | None = None,
    not_before: datetime | Callable[[], datetime] | None = None,
    checkin_id: int | None = None,
    user_id: str | None = None,
    priority: int = 0,
    reason: EndReason | None = None,
) -> bool:
    """Queue a message once per key: False if this key was queued before (by us or another process).
    `not_before` may be a function, worked out only when the message is new (finding a slot costs)."""
    exists = select(Outbox.id).where(Outbox.team_id == team_id, Outbox.key == key)
    if session.scalar(exists) is not None:
        return False
    if callable(not_before):
        not_before = not_before()
    row = Outbox(
        team_id=team_id,
        key=key,
        kind=kind,
        pair_id=pair_id,
        member_id=member_id,
        status=OutboxStatus.PENDING,
        attempts=0,
        not_before=not_before or now,
        created_at=now,
        checkin_id=checkin_id,
        user_id=user_id,
        priority=priority,
        reason=reason,
    )
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:
        return False  # another replica queued it a moment ago
    return True


def find(*, session: Session, team_id: str, key: str) -> Outbox | None:
    """The message queued under this key, if any."""
    return session.scalars(select(Outbox).where(Outbox.team_id == team_id, Outbox.key == key)).first()


def for_checkin(*, session: Session, checkin_id: int) -> Outbox | None:
    """The message that asked this check-in."""
    return session.scalars(select(Outbox).where(Outbox.checkin_id == checkin_id)).first()


def cancel_unsent(*, session: Session, pair_id: int, kind: Kind | None = None) -> None:
    """Nothing still queued for this pair (or only this kind of it) goes out."""
    query = update(Outbox).where(Outbox.pair_id == pair_id, Outbox.status == OutboxStatus.PENDING)
    if kind is not None:
        query = query.where(Outbox.kind == kind)
    session.execute(query.values(status=OutboxStatus.CANCELLED).execution_options(synchronize_session=False))


def cancel_programme(*, session: Session, programme_id: int) -> None:
    """Nothing still queued for the programme's pairs or people goes out (it was archived)."""
    pairs = select(Pair.id).where(Pair.programme_id == programme_id)
    people = select(Member.id).where(Member.programme_id == programme_id)
    query = update(Outbox).where(
        Outbox.status == OutboxStatus.PENDING, or_(Outbox.pair_id.in_(pairs), Outbox.member_id.in_(people))
    )
    session.execute(query.values(status=OutboxStatus.CANCELLED).execution_options(synchronize_session=False))


@dataclass(frozen=True)
class Claim:
    id: int
    key: str
    kind: Kind
    pair_id: int | None
    member_id: int | None
    attempts: int
    uncertain: bool
    channel_id: str | None
    checkin_id: int | None = None


def anything_due(*, session: Session, now: datetime) -> bool:
    """Whether any message is due (a read: an idle sender writes nothing)."""
    stmt = select(Outbox.id).where(_due(now)).limit(1)
    return session.scalar(stmt) is not None


def claim_next(*, session: Session, now: datetime) -> Claim | None:
    """Take the next due message (most urgent first), or None when nothing is due."""
    while True:
        row = session.scalars(
            select(Outbox)
            .where(_due(now))
            .order_by(Outbox.priority.desc(), Outbox.id)
            .limit(1)
            .with_for_update(skip_locked=True)
        ).first()
        if row is None:
            return None
        if not take(session=session, outbox_id=row.id, now=now):
            continue  # someone else took it between our look and our claim: look again
        session.refresh(row)
        return Claim(
            row.id,
            row.key,
            row.kind,
            row.pair_id,
            row.member_id,
            row.attempts,
            row.uncertain,
            row.channel_id,
            row.checkin_id,
        )


def _due(now: datetime) -> ColumnElement[bool]:
    """A message to send now: its time has come, and it is free to claim."""
    return and_(Outbox.not_before <= now, _claimable(now))


def _claimable(now: datetime) -> ColumnElement[bool]:
    return or_(
        Outbox.status == OutboxStatus.PENDING,
        (Outbox.status == OutboxStatus.SENDING) & (Outbox.lease_until < now),
    )


def take(*, session: Session, outbox_id: int, now: datetime) -> bool:
    """Claim one message with a lease, if it is still claimable; True for exactly one caller."""
    taken = session.execute(
        update(Outbox)
        .where(Outbox.id == outbox_id, _claimable(now))
        .values(
            # Whoever held an expired lease died mid-send: look in the conversation before sending again.
            uncertain=Outbox.uncertain | (Outbox.status == OutboxStatus.SENDING),
            status=OutboxStatus.SENDING,
            lease_until=now + LEASE,
            attempts=Outbox.attempts + 1,
        )
        .execution_options(synchronize_session=False)
    )
    return bool(taken.rowcount == 1)  # type: ignore[attr-defined]  # an UPDATE's result has a rowcount


def remember_channel(*, session: Session, claim: Claim, channel: str) -> None:
    """A conversation opened for this message: a retry posts there without opening it again."""
    row = session.get_one(Outbox, claim.id)
    row.channel_id = channel


def finish(
    *,
    session: Session,
    claim: Claim,
    status: OutboxStatus,
    now: datetime,
    channel: str | None = None,
    ts: str | None = None,
    error: str | None = None,
) -> None:
    """Done with a message: sent (where it is), cancelled, or failed for good (and why)."""
    row = session.get_one(Outbox, claim.id)
    row.status, row.lease_until, row.uncertain = status, None, False
    if error is not None:
        row.last_error = error[:200]
    if status is OutboxStatus.SENT:
        row.sent_at, row.channel_id, row.ts = now, channel, ts
        if claim.kind is Kind.INTRO and (pair := session.get(Pair, claim.pair_id)):
            pair.channel_id, pair.intro_ts = channel, ts  # where later messages and updates go
        elif claim.kind in TO_PAIR and (pair := session.get(Pair, claim.pair_id)) and pair.channel_id is None:
            pair.channel_id = channel  # a trio's two, after the third left: their new group DM, kept


def retry(
    *, session: Session, claim: Claim, now: datetime, error: str, maybe_sent: bool, retry_after: int | None
) -> bool:
    """Put a message back for a later attempt, with a backoff (Slack's Retry-After when it gave one);
    False if it has had its attempts and is failed instead."""
    row = session.get_one(Outbox, claim.id)
    row.last_error = error[:200]
    row.uncertain = row.uncertain or maybe_sent
    row.lease_until = None
    if claim.attempts >= MAX_ATTEMPTS:
        row.status = OutboxStatus.FAILED
        return False
    backoff = timedelta(seconds=retry_after) if retry_after else timedelta(minutes=min(60, 2**claim.attempts))
    row.status, row.not_before = OutboxStatus.PENDING, now + backoff
    return True
