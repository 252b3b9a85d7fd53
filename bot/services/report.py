"""The programme report: counts from the database and the running totals of bot.tallies, in a fixed
number of queries that never read a row per meeting or answer; the figures are worked out in bot.report_maths."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import ColumnElement, Select, case, func, select
from sqlalchemy.orm import Session

from bot.profile import Cadence, State, effective_state
from bot.report_maths import PairCounts, People, Report, build, trend_weeks, week_ends
from bot.services.rounds import programme_settings
from bot.timezones import local_date
from storage.models import (
    EndReason,
    Erasure,
    Meeting,
    Member,
    MemberStatus,
    Outbox,
    OutboxStatus,
    Pair,
    PairMember,
    PairStatus,
    Programme,
    ReportTally,
)


def _days(column, otherwise: int | None):
    """A stored cadence as its number of days, in SQL."""
    return case(*((column == c.value, c.days) for c in Cadence), else_=otherwise)


CADENCE_DAYS = _days(Member.cadence, 14)


def pairs_with_cadence(where: ColumnElement[bool]) -> Select:
    """Each pair (id, created_at) with its cadence in days, in SQL: bot.keeping.pair_cadence's rule (the
    agreed cadence, else the slower of the members' wishes), made from the same Cadence table; a test
    holds the two to the same answers."""
    agreed = _days(Pair.agreement_cadence, None)
    return (
        select(Pair.id, Pair.created_at, func.coalesce(agreed, func.max(CADENCE_DAYS)).label("cadence"))
        .join(PairMember, PairMember.pair_id == Pair.id)
        .join(Member, Member.id == PairMember.member_id)
        .where(where)
        .group_by(Pair.id, Pair.created_at, Pair.agreement_cadence)
    )


def programme_report(
    *, session: Session, now: datetime, team_id: str | None = None
) -> tuple[Report, dict[int, list[str]]]:
    """The report, and the Slack ids of each stalled pair (so an admin can help). A fixed number of small
    queries: counts the database makes, and sums of the running totals (bot.tallies), never a row per
    meeting or answer."""
    scoped = team_scope(team_id)
    today = now.date()
    stalled: dict[int, list[str]] = defaultdict(list)
    for pair_id, user_id in session.execute(
        scoped(
            select(Pair.id, Member.user_id)
            .join(PairMember, PairMember.pair_id == Pair.id)
            .join(Member)
            .where(Pair.status == PairStatus.ACTIVE, Pair.stalled_at.is_not(None))
            .order_by(Pair.id, Member.id),
            Pair.team_id,
        )
    ):
        stalled[pair_id].append(user_id)
    totals = dict(
        session.execute(
            scoped(
                select(ReportTally.name, func.sum(ReportTally.total)).group_by(ReportTally.name),
                ReportTally.team_id,
            )
        ).all()
    )
    weekly = {
        (week, name): n
        for week, name, n in session.execute(
            scoped(
                select(ReportTally.week, ReportTally.name, func.sum(ReportTally.total))
                .where(ReportTally.week >= trend_weeks(today)[0], ReportTally.name.in_(WEEKLY))
                .group_by(ReportTally.week, ReportTally.name),
                ReportTally.team_id,
            )
        )
    }
    people, enrolled_by_week = _people(session, scoped, now)
    pairs, active_by_week = _pairs(session, scoped, now)
    report = build(
        people=people,
        pairs=pairs,
        stalled=list(stalled),
        totals=totals,
        weekly=weekly,
        active_by_week=active_by_week,
        enrolled_by_week=enrolled_by_week,
        today=today,
        min_group=_min_group(session, team_id),
    )
    report.undelivered = _undelivered(session, scoped, now)
    return report, dict(stalled)


UNDELIVERED_DAYS = 30


def _undelivered(session: Session, scoped, now: datetime) -> list[tuple[str, list[str]]]:
    """Messages that failed for good in the last 30 days, and whom each was for (two queries)."""
    rows = session.execute(
        scoped(
            select(Outbox.kind, Outbox.pair_id, Outbox.user_id, Member.user_id)
            .outerjoin(Member, Member.id == Outbox.member_id)
            .where(
                Outbox.status == OutboxStatus.FAILED,
                Outbox.created_at >= now - timedelta(days=UNDELIVERED_DAYS),
            )
            .order_by(Outbox.id),
            Outbox.team_id,
        )
    ).all()
    pair_ids = {pair_id for _, pair_id, admin, member in rows if pair_id and not (admin or member)}
    people: dict[int, list[str]] = defaultdict(list)
    if pair_ids:
        for pair_id, user_id in session.execute(
            select(PairMember.pair_id, Member.user_id)
            .join(Member)
            .where(PairMember.pair_id.in_(pair_ids))
            .order_by(Member.id)
        ):
            people[pair_id].append(user_id)
    return [
        (kind, [admin or member] if admin or member else people.get(pair_id, []))
        for kind, pair_id, admin, member in rows
    ]


WEEKLY = ["meetings", "pairs_met", "answers", "learned", "taught", "people_week"] + [
    f"value:{v}" for v in range(1, 6)
]


def _min_group(session: Session, team_id: str | None) -> int:
    """The team's minimum group size; across every team (the command line), the strictest of them."""
    if team_id:
        return programme_settings(session=session, team_id=team_id).min_group_size
    return max(3, session.scalar(select(func.max(Programme.min_group_size))) or 3)


def team_scope(team_id: str | None):
    """A filter for report queries: one team's rows, or every team's (the command line's report)."""

    def scoped(stmt, column):
        return stmt.where(column == team_id) if team_id else stmt

    return scoped


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(), UTC)


def _people(session: Session, scoped, now: datetime) -> tuple[People, list[int]]:
    """Counts by status, and how many were enrolled at the end of each of the last 12 weeks."""
    today, status = now.date(), Member.status
    paused = status == MemberStatus.PAUSED
    enrolled = status.in_([MemberStatus.ACTIVE, MemberStatus.PAUSED])
    ends = [min(_midnight(end + timedelta(days=1)), now) for end in week_ends(today)]
    # A pause with an end date is over once that date comes in the person's own timezone, which is never more
    # than a day from UTC's: only pauses ending today or tomorrow need a look at the person's timezone.
    row = session.execute(
        scoped(
            select(
                func.count().filter(status == MemberStatus.ACTIVE),
                func.count().filter(
                    paused
                    & (Member.paused_until.is_(None) | (Member.paused_until > today + timedelta(days=1)))
                ),
                func.count().filter(paused & (Member.paused_until < today)),
                func.count().filter(status.in_([MemberStatus.LEFT, MemberStatus.INACTIVE])),
                func.count().filter(enrolled & (Member.joined_at >= now - timedelta(days=30))),
                func.count().filter((status == MemberStatus.ACTIVE) & Member.waiting_since.is_not(None)),
                *(
                    func.count().filter(
                        (Member.joined_at < end) & (Member.left_at.is_(None) | (Member.left_at >= end))
                    )
                    for end in ends
                ),
            ),
            Member.team_id,
        )
    ).one()
    active, still_paused, pause_over, left, joined, waiting = row[:6]
    for until, tz in session.execute(
        scoped(
            select(Member.paused_until, Member.tz).where(
                paused, Member.paused_until.between(today, today + timedelta(days=1))
            ),
            Member.team_id,
        )
    ):
        if effective_state(State.PAUSED, until, local_date(now, tz)) is State.PAUSED:
            still_paused += 1
        else:
            pause_over += 1
    erased = session.scalar(scoped(select(func.count()).select_from(Erasure), Erasure.team_id)) or 0
    people = People(
        active=active + pause_over,
        paused=still_paused,
        left=left + erased,
        joined_30_days=joined,
        waiting=waiting,
    )
    return people, list(row[6:])


def _pairs(session: Session, scoped, now: datetime) -> tuple[PairCounts, list[int]]:
    """Pair counts, the meeting rate's two numbers, and how many pairs were active in each of the 12 weeks."""
    today, active = now.date(), Pair.status == PairStatus.ACTIVE
    spans = [
        (_midnight(monday), min(_midnight(end + timedelta(days=1)), now))
        for monday, end in zip(trend_weeks(today), week_ends(today), strict=True)
    ]
    row = session.execute(
        scoped(
            select(
                func.count(),
                func.count().filter(active),
                func.count().filter(Pair.end_reason == EndReason.NOT_A_FIT),
                func.count().filter(Pair.cross_department.is_(True)),
                func.count().filter(Pair.cross_stage.is_(True)),
                func.count().filter(Pair.repeat.is_(True)),
                *(
                    func.count().filter(
                        (Pair.created_at < end) & (Pair.ended_at.is_(None) | (Pair.ended_at >= start))
                    )
                    for start, end in spans
                ),
            ),
            Pair.team_id,
        )
    ).one()
    # One grouped join, which the planner can't unfold into a subquery per pair; then each pair's last
    # meeting, from the index.
    live = scoped(pairs_with_cadence(active), Pair.team_id).subquery()
    last_met = select(func.max(Meeting.met_on)).where(Meeting.pair_id == live.c.id).scalar_subquery()
    # Due: together for at least their cadence; met: within it.
    due = live.c.created_at < case(
        *((live.c.cadence == c.days, _midnight(today - timedelta(days=c.days - 1))) for c in Cadence)
    )
    met_since = case(*((live.c.cadence == c.days, today - timedelta(days=c.days)) for c in Cadence))
    due_count, met_count = session.execute(
        select(func.count().filter(due), func.count().filter(due & (last_met >= met_since)))
    ).one()
    counts = PairCounts(
        total=row[0],
        active=row[1],
        declined=row[2],
        cross_department=row[3],
        cross_stage=row[4],
        repeats=row[5],
        due=due_count,
        met_in_cadence=met_count,
    )
    return counts, list(row[6:])
