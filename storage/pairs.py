"""Queries about pairs for the keep-meeting planner: which need looking at, what happened in each."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import cast

from sqlalchemy import ColumnElement, Table, bindparam, delete, func, or_, select, update
from sqlalchemy.orm import Session

from storage.matching import active_pair_of
from storage.models import (
    POLL_MESSAGES,
    Checkin,
    CheckinAnswer,
    Meeting,
    Member,
    MessageKind,
    Outbox,
    OutboxStatus,
    Pair,
    PairMember,
    PairStatus,
    Programme,
    ProgrammeState,
)

FEW = 500  # up to this many pairs are named in the queries; more, and the whole team is read


def due_for_a_look(session: Session, *, team_id: str, at: datetime) -> list[Pair]:
    """The team's active pairs the planner should look at now (one query, on an index)."""
    return list(
        session.scalars(select(Pair).where(Pair.team_id == team_id, _to_look_at(at)).order_by(Pair.id))
    )


def teams_to_look_at(session: Session, *, at: datetime) -> list[str]:
    """The teams with an active pair the planner should look at now."""
    return list(session.scalars(select(Pair.team_id).where(_to_look_at(at)).distinct()))


def _to_look_at(at: datetime) -> ColumnElement[bool]:
    running = select(Programme.id).where(Programme.state == ProgrammeState.ACTIVE)  # paused, archived: not
    return (
        (Pair.status == PairStatus.ACTIVE)
        & or_(Pair.look_after.is_(None), Pair.look_after <= at)
        & Pair.programme_id.in_(running)
    )


def hold(session: Session, pair: Pair) -> None:
    """Hold the pair's row until this unit of work ends, and read it afresh (what a writer that held it
    meanwhile committed is seen)."""
    session.execute(
        select(Pair).where(Pair.id == pair.id).with_for_update().execution_options(populate_existing=True)
    )


def look_again(session: Session, *, pair_ids: Iterable[int] = (), member_id: int | None = None) -> None:
    """Something happened that may make a message due sooner (an answer, a meeting, a pause ending, a new
    cadence): the planner looks at these pairs (or the member's active pair) at its next tick."""
    ids = set(pair_ids)
    if member_id is not None and (pair := active_pair_of(session, member_id, for_update=False)) is not None:
        ids.add(pair.id)
    if ids:
        session.execute(update(Pair).where(Pair.id.in_(ids)).values(look_after=None))


def look_after(session: Session, looks: dict[int, tuple[datetime | None, datetime]]) -> None:
    """Note when each pair next needs a look: pair id → (the look_after the planner read, the next one).
    A compare-and-set: if an answer, a meeting or a resume committed `look_again` meanwhile (PostgreSQL
    lets it, under read committed), that "look now" stands and the pair is looked at next tick."""
    table = cast(Table, Pair.__table__)
    was_null = update(table).where(table.c.id == bindparam("pid"), table.c.look_after.is_(None))
    was_set = update(table).where(table.c.id == bindparam("pid"), table.c.look_after == bindparam("old"))
    for stmt, rows in (
        (was_null, [{"pid": i, "new": new} for i, (old, new) in looks.items() if old is None]),
        (was_set, [{"pid": i, "old": old, "new": new} for i, (old, new) in looks.items() if old is not None]),
    ):
        if rows:
            session.connection().execute(stmt.values(look_after=bindparam("new")), rows)


@dataclass
class History:
    """What happened in each pair, read in three queries for all of them (never several per pair)."""

    last_met: dict[int, date] = field(default_factory=dict)
    # pair → (seq, created_at, answered) of each check-in, newest first
    checkins: dict[int, list[tuple[int, datetime, bool]]] = field(default_factory=lambda: defaultdict(list))
    last_polled: dict[tuple[int, int], datetime] = field(default_factory=dict)  # (pair, member) → latest poll


def history(session: Session, *, team_id: str, pairs: Collection[Pair]) -> History:
    if not pairs:
        return History()
    ids = [p.id for p in pairs]
    mine: ColumnElement[bool] = (
        Pair.id.in_(ids)
        if len(ids) <= FEW
        else (Pair.team_id == team_id) & (Pair.status == PairStatus.ACTIVE)
    )
    found = History()
    found.last_met.update(
        session.execute(
            select(Meeting.pair_id, func.max(Meeting.met_on)).join(Pair).where(mine).group_by(Meeting.pair_id)
        ).all()
    )
    answered = select(CheckinAnswer.checkin_id).where(CheckinAnswer.checkin_id == Checkin.id).exists()
    for pair_id, seq, created_at, was_answered in session.execute(
        select(Checkin.pair_id, Checkin.seq, Checkin.created_at, answered)
        .join(Pair)
        .where(mine)
        .order_by(Checkin.pair_id, Checkin.seq.desc())
    ):
        found.checkins[pair_id].append((seq, created_at, bool(was_answered)))
    for polled_pair, member_id, latest in session.execute(
        select(Outbox.pair_id, Outbox.member_id, func.max(Outbox.created_at))
        .join(Pair, Pair.id == Outbox.pair_id)
        .where(mine, Outbox.kind.in_(POLL_MESSAGES))
        .group_by(Outbox.pair_id, Outbox.member_id)
    ):
        if polled_pair is not None and member_id is not None:
            found.last_polled[(polled_pair, member_id)] = latest
    return found


def pairs_and_people_of(session: Session, member: Member) -> tuple[list[int], set[int]]:
    """The pairs someone was ever in, and everyone in them (themselves included)."""
    pair_ids = list(session.scalars(select(PairMember.pair_id).where(PairMember.member_id == member.id)))
    people = set(session.scalars(select(PairMember.member_id).where(PairMember.pair_id.in_(pair_ids))))
    return pair_ids, people | {member.id}


def delete_pairs_of(session: Session, pair_ids: list[int]) -> None:
    """Erasure: the pairs someone was in are their data too (who they met, what they agreed)."""
    session.execute(delete(Pair).where(Pair.id.in_(pair_ids)))


def other_pairs_messages(
    session: Session,
    *,
    pair_id: int,
    user_ids: Collection[str],
    kinds: Collection[MessageKind],
    since: datetime,
) -> list[tuple[str, datetime]]:
    """(person, when) for each message of these kinds due to go (or gone) since then to these people's
    other pairs — in any programme of the workspace."""
    stmt = (
        select(Member.user_id, Outbox.not_before)
        .select_from(Outbox)
        .join(PairMember, PairMember.pair_id == Outbox.pair_id)
        .join(Member, Member.id == PairMember.member_id)
        .where(
            Outbox.pair_id != pair_id,
            Outbox.kind.in_(list(kinds)),
            Outbox.status.in_([OutboxStatus.PENDING, OutboxStatus.SENDING, OutboxStatus.SENT]),
            Outbox.not_before >= since,
            Member.user_id.in_(list(user_ids)),
        )
    )
    return [(u, when) for u, when in session.execute(stmt)]


def people_in_several_pairs(session: Session, team_id: str) -> set[str]:
    """The workspace's people in more than one active pair (so in more than one programme)."""
    stmt = (
        select(Member.user_id)
        .select_from(PairMember)
        .join(Pair, Pair.id == PairMember.pair_id)
        .join(Member, Member.id == PairMember.member_id)
        .where(Pair.team_id == team_id, Pair.status == PairStatus.ACTIVE)
        .group_by(Member.user_id)
        .having(func.count(PairMember.pair_id) > 1)
    )
    return set(session.scalars(stmt))
