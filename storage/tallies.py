"""The report's running totals (table `report_tallies`) and the rows they are counted from. What the totals
mean, and how a change moves them, is bot.tallies' and bot.services.tallies' business; this module only
reads and writes."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from datetime import date, datetime

from sqlalchemy import delete, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from storage.models import Meeting, Member, Pair, PairMember, PollAnswer, ReportTally

Key = tuple[date, str]  # (Monday of the week, name)
AnswerRow = tuple[int, datetime, int | None, bool | None, bool | None, str | None]


def lock(session: Session, *, pair_ids: list[int], member_ids: list[int]) -> None:
    """Another transaction recounting the same pair or member waits here, then sees the first one's rows."""
    if pair_ids:
        session.execute(select(Pair.id).where(Pair.id.in_(pair_ids)).order_by(Pair.id).with_for_update())
    if member_ids:
        session.execute(
            select(Member.id).where(Member.id.in_(member_ids)).order_by(Member.id).with_for_update()
        )


def add(session: Session, *, team_id: str, programme_id: int, delta: Mapping[Key, int]) -> None:
    """Add to the programme's totals (an upsert, so two replicas never lose each other's counts)."""
    if not delta:
        return
    insert = postgresql_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    rows = [
        {"team_id": team_id, "programme_id": programme_id, "week": w, "name": n, "total": d}
        for (w, n), d in sorted(delta.items())
    ]
    for start in range(0, len(rows), 1000):  # well inside SQLite's limit on bound parameters
        stmt = insert(ReportTally).values(rows[start : start + 1000])
        session.execute(
            stmt.on_conflict_do_update(
                index_elements=["programme_id", "week", "name"],
                set_={"total": ReportTally.total + stmt.excluded.total},
            )
        )


def wipe(session: Session, *, team_id: str | None) -> None:
    """Forget the team's totals (or every team's)."""
    stmt = delete(ReportTally)
    session.execute(stmt.where(ReportTally.team_id == team_id) if team_id else stmt)


def stored(session: Session, *, team_id: str | None = None) -> dict[tuple[str, int, date, str], int]:
    """Every non-zero total as kept, by (team, programme, week, name)."""
    stmt = select(
        ReportTally.team_id, ReportTally.programme_id, ReportTally.week, ReportTally.name, ReportTally.total
    ).where(ReportTally.total != 0)
    if team_id:
        stmt = stmt.where(ReportTally.team_id == team_id)
    return {(t, p, w, n): total for t, p, w, n, total in session.execute(stmt)}


def owners(session: Session, *, team_id: str | None) -> list[tuple[str, int]]:
    """Every (team, programme) with a pair or a poll answer (of the team, or of every team)."""
    pairs = select(Pair.team_id, Pair.programme_id)
    answered = select(Member.team_id, Member.programme_id).join(PollAnswer, PollAnswer.member_id == Member.id)
    if team_id:
        pairs, answered = pairs.where(Pair.team_id == team_id), answered.where(Member.team_id == team_id)
    return sorted((t, p) for t, p in session.execute(pairs.union(answered)))


def programmes_of(
    session: Session, *, pair_ids: list[int], member_ids: list[int]
) -> tuple[dict[int, int], dict[int, int]]:
    """The programme of each of these pairs, and of each of these members."""
    pairs: dict[int, int] = {}
    members: dict[int, int] = {}
    if pair_ids:
        pairs = {
            i: p for i, p in session.execute(select(Pair.id, Pair.programme_id).where(Pair.id.in_(pair_ids)))
        }
    if member_ids:
        found = select(Member.id, Member.programme_id).where(Member.id.in_(member_ids))
        members = {i: p for i, p in session.execute(found)}
    return pairs, members


def meetings(
    session: Session, *, pair_ids: Iterable[int] = (), programme_id: int | None = None
) -> Iterator[tuple[int, date]]:
    """(pair id, date met) of these pairs' meetings, or of all the programme's."""
    stmt = select(Meeting.pair_id, Meeting.met_on)
    stmt = (
        stmt.join(Pair).where(Pair.programme_id == programme_id)
        if programme_id is not None
        else stmt.where(Meeting.pair_id.in_(list(pair_ids)))
    )
    return ((pair_id, met_on) for pair_id, met_on in session.execute(stmt))


def answers(
    session: Session, *, member_ids: Iterable[int] = (), programme_id: int | None = None
) -> Iterator[AnswerRow]:
    """(member, answered at, value, learned, taught, fit) of these members' poll answers, or of all the
    programme's members'."""
    stmt = select(
        PollAnswer.member_id,
        PollAnswer.answered_at,
        PollAnswer.value,
        PollAnswer.learned,
        PollAnswer.taught,
        PollAnswer.fit,
    )
    stmt = (
        stmt.join(Member, Member.id == PollAnswer.member_id).where(Member.programme_id == programme_id)
        if programme_id is not None
        else stmt.where(PollAnswer.member_id.in_(list(member_ids)))
    )
    return (
        (m, at, value, learned, taught, fit) for m, at, value, learned, taught, fit in session.execute(stmt)
    )


def pair_profiles(session: Session, *, team_id: str | None) -> Iterator[tuple[int, int, str, str]]:
    """(pair, member, department, career stage) for every pair of the team (or every team), oldest pair first."""
    rows = (
        select(Pair.id, Member.id, Member.department, Member.career_stage)
        .join(PairMember, PairMember.pair_id == Pair.id)
        .join(Member, Member.id == PairMember.member_id)
    )
    if team_id:
        rows = rows.where(Pair.team_id == team_id)
    return ((p, m, d, s) for p, m, d, s in session.execute(rows.order_by(Pair.created_at, Pair.id)))


def set_shapes(session: Session, shapes: list[dict[str, object]]) -> None:
    """Write pairs' shape flags: each a dict of id, cross_department, cross_stage and repeat."""
    if shapes:
        session.execute(update(Pair), shapes)
