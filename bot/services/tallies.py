"""Keep the report's running totals (table `report_tallies`) right as meetings and answers change.

Every change that adds or removes meetings or poll answers runs inside `recounted(...)` for the pairs and
members it touches: their contributions are counted before and after, and only the difference is added
(an upsert, so two replicas never lose each other's counts). `recount` rebuilds everything from the rows,
for a restore from backup or hand-made SQL; the tests check that the kept totals always equal it.
"""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date

from sqlalchemy import delete, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from bot.tallies import Answer, Key, answer_tallies, difference, meeting_tallies
from storage.models import Meeting, Member, Pair, PairMember, PollAnswer, ReportTally


@contextmanager
def recounted(
    *, session: Session, team_id: str, pair_ids: Iterable[int] = (), member_ids: Iterable[int] = ()
) -> Iterator[None]:
    """Wrap a change to these pairs' meetings and these members' answers (deletions included)."""
    pairs, members = sorted(set(pair_ids)), sorted(set(member_ids))
    # Another transaction recounting the same pair or member waits here, then sees the first one's rows.
    if pairs:
        session.execute(select(Pair.id).where(Pair.id.in_(pairs)).order_by(Pair.id).with_for_update())
    if members:
        session.execute(select(Member.id).where(Member.id.in_(members)).order_by(Member.id).with_for_update())
    before = _contributions(session, pairs, members)
    yield
    session.flush()
    add(session=session, team_id=team_id, delta=difference(_contributions(session, pairs, members), before))


def add(*, session: Session, team_id: str, delta: dict[Key, int]) -> None:
    if not delta:
        return
    insert = postgresql_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    rows = [{"team_id": team_id, "week": w, "name": n, "total": d} for (w, n), d in sorted(delta.items())]
    for start in range(0, len(rows), 1000):  # well inside SQLite's limit on bound parameters
        stmt = insert(ReportTally).values(rows[start : start + 1000])
        session.execute(
            stmt.on_conflict_do_update(
                index_elements=["team_id", "week", "name"],
                set_={"total": ReportTally.total + stmt.excluded.total},
            )
        )


def recount(*, session: Session, team_id: str | None = None) -> int:
    """Rebuild what the report keeps from the rows themselves: every running total, and each pair's shape
    (from its members' current profiles). For a restore from backup or hand-made SQL; returns how many
    totals there are."""
    wipe = delete(ReportTally)
    session.execute(wipe.where(ReportTally.team_id == team_id) if team_id else wipe)
    by_team: dict[str, Counter[Key]] = {}
    for team, counts in _all_contributions(session, team_id):
        by_team[team] = by_team.get(team, Counter()) + counts
    for team, counts in by_team.items():
        add(session=session, team_id=team, delta=dict(counts))
    _reshape_pairs(session, team_id)
    return sum(len(c) for c in by_team.values())


def _reshape_pairs(session: Session, team_id: str | None) -> None:
    rows = (
        select(Pair.id, Member.id, Member.department, Member.career_stage)
        .join(PairMember, PairMember.pair_id == Pair.id)
        .join(Member, Member.id == PairMember.member_id)
    )
    if team_id:
        rows = rows.where(Pair.team_id == team_id)
    groups: dict[int, list[tuple[int, str, str]]] = defaultdict(list)
    for pair_id, member_id, department, stage in session.execute(rows.order_by(Pair.created_at, Pair.id)):
        groups[pair_id].append((member_id, department, stage))
    seen: set[frozenset[int]] = set()
    shapes = []
    for pair_id, members in groups.items():  # oldest first
        twos = {frozenset((a[0], b[0])) for a, b in itertools.combinations(members, 2)}
        shapes.append(
            {
                "id": pair_id,
                "cross_department": len({m[1] for m in members}) > 1,
                "cross_stage": len({m[2] for m in members}) > 1,
                "repeat": bool(twos & seen),
            }
        )
        seen |= twos
    if shapes:
        session.execute(update(Pair), shapes)


def stored(*, session: Session, team_id: str | None = None) -> dict[tuple[str, date, str], int]:
    """Every non-zero total as kept, by (team, week, name): for checks and tests."""
    stmt = select(ReportTally.team_id, ReportTally.week, ReportTally.name, ReportTally.total).where(
        ReportTally.total != 0
    )
    if team_id:
        stmt = stmt.where(ReportTally.team_id == team_id)
    return {(t, w, n): total for t, w, n, total in session.execute(stmt)}


def _contributions(session: Session, pair_ids: list[int], member_ids: list[int]) -> Counter[Key]:
    counts: Counter[Key] = Counter()
    if pair_ids:
        meetings = select(Meeting.pair_id, Meeting.met_on).where(Meeting.pair_id.in_(pair_ids))
        counts += meeting_tallies((pair_id, met_on) for pair_id, met_on in session.execute(meetings))
    if member_ids:
        counts += answer_tallies(_answers(session, PollAnswer.member_id.in_(member_ids)))
    return counts


def _all_contributions(session: Session, team_id: str | None) -> Iterator[tuple[str, Counter[Key]]]:
    teams = select(Pair.team_id).distinct().union(select(PollAnswer.team_id).distinct())
    for (team,) in session.execute(teams):
        if team_id and team != team_id:
            continue
        meetings = select(Meeting.pair_id, Meeting.met_on).join(Pair).where(Pair.team_id == team)
        yield team, meeting_tallies((pair_id, met_on) for pair_id, met_on in session.execute(meetings))
        yield team, answer_tallies(_answers(session, PollAnswer.team_id == team))


def _answers(session: Session, where) -> Iterator[Answer]:
    rows = session.execute(
        select(
            PollAnswer.member_id,
            PollAnswer.answered_at,
            PollAnswer.value,
            PollAnswer.learned,
            PollAnswer.taught,
            PollAnswer.fit,
        ).where(where)
    )
    for member_id, answered_at, value, learned, taught, fit in rows:
        yield Answer(member_id, answered_at.date(), value, learned, taught, fit)
