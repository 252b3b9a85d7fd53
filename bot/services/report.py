"""The programme report: totals and small per-pair rows from the database in a fixed number of queries
(the work grows with the number of pairs, not of meetings or answers); figures in bot.report_maths."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from bot.profile import Cadence, State, effective_state
from bot.report_maths import Feedback, PairRow, People, Report, build, median_of_histogram, trend_weeks
from bot.services.rounds import programme_settings
from bot.timezones import local_date
from storage.models import (
    EndReason,
    Erasure,
    Meeting,
    Member,
    MemberStatus,
    Pair,
    PairMember,
    PairStatus,
    PollAnswer,
)

CADENCE_DAYS = case(*((Member.cadence == c.value, c.days) for c in Cadence), else_=14)


def programme_report(
    *, session: Session, now: datetime, team_id: str | None = None
) -> tuple[Report, dict[int, list[str]]]:
    """The report, and the Slack ids of each stalled pair (so an admin can help)."""

    scoped = team_scope(team_id)
    today = now.date()
    pairs = _pairs(session, scoped)
    stalled_ids = [p.id for p in pairs if p.active and p.stalled]
    stalled: dict[int, list[str]] = defaultdict(list)
    if stalled_ids:
        for pair_id, user_id in session.execute(
            select(PairMember.pair_id, Member.user_id).join(Member).where(PairMember.pair_id.in_(stalled_ids))
        ):
            stalled[pair_id].append(user_id)
    since = trend_weeks(today)[0]
    by_day = dict(session.execute(
        scoped(select(Meeting.met_on, func.count()).join(Pair).where(Meeting.met_on >= since).group_by(Meeting.met_on),
               Pair.team_id)
    ).all())  # fmt: skip
    min_group = programme_settings(session, team_id).min_group_size if team_id else 3
    report = build(
        people=_people(session, scoped, now), pairs=pairs, median_gap=_median_gap(session, scoped),
        meetings_by_day=by_day, feedback=_feedback(session, scoped), today=today, min_group=min_group,
    )  # fmt: skip
    return report, {pid: stalled[pid] for pid in report.stalled}


def team_scope(team_id: str | None):  # type: ignore[no-untyped-def]
    """A filter for report queries: one team's rows, or every team's (the command line's report)."""

    def scoped(stmt, column):  # type: ignore[no-untyped-def]
        return stmt.where(column == team_id) if team_id else stmt

    return scoped


def _people(session: Session, scoped, now: datetime) -> People:  # type: ignore[no-untyped-def]
    counts = dict(
        session.execute(
            scoped(select(Member.status, func.count()).group_by(Member.status), Member.team_id)
        ).all()
    )
    # A pause with an end date ends by itself: only paused people need a closer look.
    paused = active_again = 0
    for until, tz in session.execute(
        scoped(
            select(Member.paused_until, Member.tz).where(Member.status == MemberStatus.PAUSED), Member.team_id
        )
    ):
        if effective_state(State.PAUSED, until, local_date(now, tz)) is State.PAUSED:
            paused += 1
        else:
            active_again += 1
    enrolled = Member.status.in_([MemberStatus.ACTIVE, MemberStatus.PAUSED])
    joined, waiting = session.execute(
        scoped(select(func.count().filter(enrolled & (Member.joined_at >= now - timedelta(days=30))),
                      func.count().filter((Member.status == MemberStatus.ACTIVE) & Member.waiting_since.is_not(None))),
               Member.team_id)
    ).one()  # fmt: skip
    erased = session.scalar(scoped(select(func.count()).select_from(Erasure), Erasure.team_id)) or 0
    return People(
        active=counts.get(MemberStatus.ACTIVE, 0) + active_again, paused=paused,
        left=counts.get(MemberStatus.LEFT, 0) + counts.get(MemberStatus.INACTIVE, 0) + erased,
        joined_30_days=joined, waiting=waiting,
    )  # fmt: skip


def _pairs(session: Session, scoped) -> list[PairRow]:  # type: ignore[no-untyped-def]
    per_pair = {
        row.pair_id: row
        for row in session.execute(
            scoped(select(PairMember.pair_id, func.count(func.distinct(Member.department)).label("departments"),
                          func.count(func.distinct(Member.career_stage)).label("stages"),
                          func.max(CADENCE_DAYS).label("cadence")).join(Member).group_by(PairMember.pair_id),
                   Member.team_id)
        )
    }  # fmt: skip
    members: dict[int, list[int]] = defaultdict(list)
    for pair_id, member_id in session.execute(
        scoped(select(PairMember.pair_id, PairMember.member_id).join(Pair), Pair.team_id)
    ):
        members[pair_id].append(member_id)
    last_met = dict(session.execute(
        scoped(select(Meeting.pair_id, func.max(Meeting.met_on)).join(Pair).group_by(Meeting.pair_id), Pair.team_id)
    ).all())  # fmt: skip
    rows = []
    for p in session.execute(scoped(select(Pair.id, Pair.status, Pair.end_reason, Pair.created_at,
                                           Pair.agreement_cadence, Pair.stalled_at), Pair.team_id)):  # fmt: skip
        agg = per_pair.get(p.id)
        cadence = Cadence(p.agreement_cadence).days if p.agreement_cadence else (agg.cadence if agg else 14)
        rows.append(PairRow(
            p.id, tuple(members.get(p.id, ())), p.status is PairStatus.ACTIVE, p.end_reason is EndReason.NOT_A_FIT,
            p.created_at.date(), cadence, last_met.get(p.id), p.stalled_at is not None,
            agg.departments if agg else 1, agg.stages if agg else 1,
        ))  # fmt: skip
    return rows


def _median_gap(session: Session, scoped) -> float | None:  # type: ignore[no-untyped-def]
    """The median number of days between a pair's consecutive meetings. The database returns how many gaps
    there are of each length (whole days: a few hundred rows at most), so no meeting is loaded."""
    previous = func.lag(Meeting.met_on).over(partition_by=Meeting.pair_id, order_by=Meeting.met_on)
    if session.get_bind().dialect.name == "sqlite":
        gap = func.julianday(Meeting.met_on) - func.julianday(previous)
    else:
        gap = Meeting.met_on - previous
    gaps = scoped(select(gap.label("gap")).join(Pair), Pair.team_id).subquery()
    histogram = session.execute(
        select(gaps.c.gap, func.count())
        .where(gaps.c.gap.is_not(None))
        .group_by(gaps.c.gap)
        .order_by(gaps.c.gap)
    ).all()
    return median_of_histogram([(float(g), n) for g, n in histogram])


def _feedback(session: Session, scoped) -> Feedback:  # type: ignore[no-untyped-def]
    """Poll answers totalled in the database: the report never loads individual answers."""
    valued = PollAnswer.value.is_not(None)
    people, answers, learned, taught = session.execute(
        scoped(select(func.count(func.distinct(PollAnswer.member_id)), func.count(),
                      func.count().filter(PollAnswer.learned.is_(True)),
                      func.count().filter(PollAnswer.taught.is_(True))).where(valued), PollAnswer.team_id)
    ).one()  # fmt: skip
    values = dict(session.execute(
        scoped(select(PollAnswer.value, func.count()).where(valued).group_by(PollAnswer.value), PollAnswer.team_id)
    ).all())  # fmt: skip
    fits = dict(session.execute(
        scoped(select(PollAnswer.fit, func.count()).where(PollAnswer.fit.is_not(None)).group_by(PollAnswer.fit),
               PollAnswer.team_id)
    ).all())  # fmt: skip
    fit_people = session.scalar(
        scoped(select(func.count(func.distinct(PollAnswer.member_id))).where(PollAnswer.fit.is_not(None)),
               PollAnswer.team_id)
    ) or 0  # fmt: skip
    return Feedback(people=people, answers=answers, value_counts={int(v): n for v, n in values.items()},
                    learned=learned, taught=taught, fit_people=fit_people, fit_counts=fits)  # fmt: skip


def weekly_rates(*, session: Session, now: datetime, team_id: str) -> list[tuple]:  # type: ignore[type-arg]
    """For the chart: each of the last 12 weeks, the meetings and the share of then-active pairs that met."""
    weeks = trend_weeks(now.date())
    met = defaultdict(set)
    counts: dict = defaultdict(int)
    for pair_id, met_on in session.execute(
        select(Meeting.pair_id, Meeting.met_on)
        .join(Pair)
        .where(Pair.team_id == team_id, Meeting.met_on >= weeks[0])
    ):
        monday = met_on - timedelta(days=met_on.weekday())
        met[monday].add(pair_id)
        counts[monday] += 1
    spans = session.execute(
        select(Pair.id, Pair.created_at, Pair.ended_at).where(Pair.team_id == team_id)
    ).all()
    out = []
    for monday in weeks:
        sunday = monday + timedelta(days=6)
        active = {
            p
            for p, created, ended in spans
            if created.date() <= sunday and (ended is None or ended.date() >= monday)
        }
        out.append((monday, counts[monday], len(met[monday] & active) / len(active) if active else None))
    return out
