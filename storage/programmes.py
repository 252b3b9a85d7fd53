"""Repository functions for programmes; they flush but never commit (the caller owns the unit of work)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from storage.models import (
    DEFAULT_PROGRAMME,
    Invitation,
    JoinRequest,
    Member,
    MemberStatus,
    Programme,
    ProgrammeState,
)


def first(session: Session, team_id: str) -> Programme | None:
    """The workspace's first programme (None before anyone used the bot there)."""
    stmt = select(Programme).where(Programme.team_id == team_id).order_by(Programme.id).limit(1)
    return session.scalars(stmt).first()


def ensure(session: Session, team_id: str, *, now: datetime) -> int:
    """The id of the workspace's first programme, made with the defaults if it has none yet (two replicas
    making it at once both get the one row: the database keeps names unique per workspace, whatever their
    case, and a row another maker is inserting is waited for and used whichever unique rule it meets)."""
    found = first(session, team_id)
    if found is not None:
        return found.id
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    session.execute(
        insert(Programme)
        .values(team_id=team_id, name=DEFAULT_PROGRAMME, created_at=now, updated_at=now)
        .on_conflict_do_nothing()  # every unique index an arbiter: (team_id, name) and (team_id, lower(name))
    )
    made = first(session, team_id)
    assert made is not None  # inserted just now, or by whoever won the race
    return made.id


def lock(session: Session, team_id: str, *, now: datetime) -> int:
    """Hold the programme's row until this unit of work ends (made with the defaults if missing); its id.
    Rounds and pairing by hand take it before reading who is free, so they run one at a time per
    programme and each sees the pairs the one before it made. (On SQLite every unit of work that writes
    already holds the database's one write lock from its first statement.)"""
    programme_id = ensure(session, team_id, now=now)
    lock_id(session, programme_id)
    return programme_id


def lock_id(session: Session, programme_id: int) -> Programme:
    """Hold this programme's row until the unit of work ends (see `lock`), and return it."""
    return session.scalars(select(Programme).where(Programme.id == programme_id).with_for_update()).one()


def heads_up_queued(session: Session, programme_id: int) -> str | None:
    """The round slot whose heads-up this programme last queued."""
    return session.scalar(select(Programme.heads_up_for).where(Programme.id == programme_id))


def take_heads_up(session: Session, *, programme_id: int, slot: str) -> bool:
    """Mark this slot's heads-up as this unit of work's to queue; False if it was queued already (the
    caller holds the programme's lock, so two replicas can't both take it)."""
    row = session.get_one(Programme, programme_id)
    if row.heads_up_for == slot:
        return False
    row.heads_up_for = slot
    return True


def team_of(session: Session, programme_id: int) -> str:
    return str(session.scalar(select(Programme.team_id).where(Programme.id == programme_id)))


def with_channels(session: Session) -> list[tuple[int, str]]:
    """Every active programme with a channel chosen: (id, team)."""
    stmt = select(Programme.id, Programme.team_id).where(
        Programme.state == ProgrammeState.ACTIVE, Programme.channel_id.is_not(None)
    )
    return [(int(i), str(t)) for i, t in session.execute(stmt.order_by(Programme.id))]


def running(session: Session) -> list[tuple[int, str, datetime]]:
    """Every active programme anyone has joined: (id, team, when its first member joined)."""
    stmt = (
        select(Programme.id, Programme.team_id, func.min(Member.joined_at))
        .join(Member, Member.programme_id == Programme.id)
        .where(Programme.state == ProgrammeState.ACTIVE)
        .group_by(Programme.id, Programme.team_id)
        .order_by(Programme.id)
    )
    return [(i, t, at) for i, t, at in session.execute(stmt)]


def in_workspace(session: Session, team_id: str) -> list[tuple[Programme, int]]:
    """The workspace's programmes, oldest first, each with how many people are enrolled (active or paused)."""
    enrolled = (
        select(Member.programme_id, func.count().label("n"))
        .where(Member.team_id == team_id, Member.status.in_([MemberStatus.ACTIVE, MemberStatus.PAUSED]))
        .group_by(Member.programme_id)
        .subquery()
    )
    stmt = (
        select(Programme, func.coalesce(enrolled.c.n, 0))
        .outerjoin(enrolled, enrolled.c.programme_id == Programme.id)
        .where(Programme.team_id == team_id)
        .order_by(Programme.id)
    )
    return [(p, int(n)) for p, n in session.execute(stmt)]


def of_workspace(
    session: Session, team_id: str, programme_id: int, *, for_update: bool = False
) -> Programme | None:
    """The programme, if it is this workspace's (an id from a form is never trusted further)."""
    stmt = select(Programme).where(Programme.id == programme_id, Programme.team_id == team_id)
    return session.scalars(stmt.with_for_update() if for_update else stmt).first()


def named(session: Session, team_id: str, name: str) -> Programme | None:
    """The workspace's programme of this name, whatever its case."""
    stmt = select(Programme).where(Programme.team_id == team_id, func.lower(Programme.name) == name.lower())
    return session.scalars(stmt).first()


def count(session: Session, team_id: str) -> int:
    return int(
        session.scalar(select(func.count()).select_from(Programme).where(Programme.team_id == team_id)) or 0
    )


def name_of(session: Session, programme_id: int) -> str | None:
    return session.scalar(select(Programme.name).where(Programme.id == programme_id))


def if_running(session: Session, programme_id: int) -> Programme | None:
    """The programme if it is running (not paused or archived)."""
    row = session.get(Programme, programme_id)
    return row if row is not None and row.state is ProgrammeState.ACTIVE else None


def invite(session: Session, programme_id: int, user_ids: list[str], *, by: str, now: datetime) -> list[str]:
    """Invite these people (once each: two admins inviting at once make one invitation); those newly
    invited."""
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    fresh = []
    for user_id in user_ids:
        made = session.scalar(
            insert(Invitation)
            .values(programme_id=programme_id, user_id=user_id, invited_by=by, created_at=now)
            .on_conflict_do_nothing(index_elements=["programme_id", "user_id"])
            .returning(Invitation.user_id)
        )
        if made is not None:
            fresh.append(user_id)
    return fresh


def invited(session: Session, programme_id: int, user_id: str) -> bool:
    return session.get(Invitation, (programme_id, user_id)) is not None


def request_join(
    session: Session,
    *,
    team_id: str,
    programme_id: int,
    user_id: str,
    profile: dict[str, Any],
    tz: str | None,
    now: datetime,
) -> None:
    """Ask to join (a second ask replaces the first's profile: one request per person and programme)."""
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    stmt = insert(JoinRequest).values(
        team_id=team_id, programme_id=programme_id, user_id=user_id, profile=profile, tz=tz, requested_at=now
    )
    session.execute(
        stmt.on_conflict_do_update(
            index_elements=["programme_id", "user_id"],
            set_={"profile": stmt.excluded.profile, "tz": stmt.excluded.tz, "requested_at": now},
        )
    )


def requests_in(session: Session, team_id: str) -> list[tuple[JoinRequest, str]]:
    """The workspace's requests to join, oldest first, each with its programme's name."""
    stmt = (
        select(JoinRequest, Programme.name)
        .join(Programme, Programme.id == JoinRequest.programme_id)
        .where(JoinRequest.team_id == team_id)
        .order_by(JoinRequest.id)
    )
    return [(r, n) for r, n in session.execute(stmt)]


def take_request(session: Session, team_id: str, request_id: int) -> JoinRequest | None:
    """The request, locked and deleted (decided once: a second click finds none)."""
    stmt = select(JoinRequest).where(JoinRequest.id == request_id, JoinRequest.team_id == team_id)
    found = session.scalars(stmt.with_for_update()).first()
    if found is not None:
        session.delete(found)
        session.flush()
    return found


def forget_requests(session: Session, *, team_id: str, user_id: str, programme_id: int | None = None) -> bool:
    """Withdraw (delete) the person's requests to join (to one programme, if given); whether there were any."""
    stmt = delete(JoinRequest).where(JoinRequest.team_id == team_id, JoinRequest.user_id == user_id)
    if programme_id is not None:
        stmt = stmt.where(JoinRequest.programme_id == programme_id)
    return bool(session.execute(stmt.returning(JoinRequest.id)).first())


def has_request(session: Session, *, team_id: str, user_id: str) -> bool:
    stmt = select(JoinRequest.id).where(JoinRequest.team_id == team_id, JoinRequest.user_id == user_id)
    return session.scalar(stmt.limit(1)) is not None


def _admin_lists(session: Session, team_id: str) -> list[tuple[int, list[str]]]:
    stmt = select(Programme.id, Programme.admins).where(
        Programme.team_id == team_id, Programme.admins.is_not(None)
    )
    return [(i, admins) for i, admins in session.execute(stmt) if isinstance(admins, list)]


def administered_by(session: Session, team_id: str, user_id: str, groups: Iterable[str] = ()) -> list[int]:
    """The workspace's programmes this person is one of the own admins of: named, or in a user group named
    (`groups`: the groups they are in)."""
    mine = {user_id, *groups}
    return [i for i, admins in _admin_lists(session, team_id) if mine & set(admins)]


def is_group(entry: str) -> bool:
    """Whether an entry of a programme's own admins is a user group (S…) rather than a person (U…, W…)."""
    return entry.startswith("S")


def admin_groups(session: Session, team_id: str) -> set[str]:
    """The user groups named among any of the workspace's programmes' own admins."""
    return {a for _, admins in _admin_lists(session, team_id) for a in admins if is_group(a)}
