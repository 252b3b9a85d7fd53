"""The programme report: counts from the database and the running totals of bot.tallies (storage.report's
fixed number of queries, never a row per meeting or answer); the figures are worked out in bot.report_maths."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, TypedDict

from sqlalchemy import ColumnElement, Select
from sqlalchemy.orm import Session

from bot.agreement import OWN_GOAL
from bot.catalogue import Catalogue, Option
from bot.endings import WHYS
from bot.listening import period_of
from bot.profile import DEFAULT_CADENCE, Cadence, State, effective_state
from bot.report_maths import (
    Growth,
    Heard,
    Market,
    PairCounts,
    People,
    ProgrammeFigures,
    Report,
    Rollup,
    build,
    trend_weeks,
    week_ends,
)
from bot.services.programme import programme_settings
from bot.skills import scarce
from bot.timezones import local_date
from storage import listening
from storage import report as queries
from storage.models import Programme

CADENCE_DAYS = {c.value: c.days for c in Cadence}
UNDELIVERED_DAYS = 30
WAITED_LONG = 2  # rounds waited: named on the admins' Home with why, and what would help
WAITING_LISTED = 200  # people waiting named in the report (the count is always whole)
COMMENTS_READ = 200  # the latest poll comments of the last 12 weeks looked at (some weeks' are withheld)
WEEKLY = ["meetings", "pairs_met", "answers", "learned", "taught", "people_week"] + [
    f"value:{v}" for v in range(1, 6)
]


class Whose(TypedDict):
    """Whose figures: one programme's, every programme's of a team (programme_id None), or every team's."""

    team_id: str | None
    programme_id: int | None


def pairs_with_cadence(where: ColumnElement[bool]) -> Select[Any]:
    """Each pair (id, created_at) with its cadence in days, in SQL: bot.keeping.pair_cadence's rule, made
    from the same Cadence table; a test holds the two to the same answers."""
    return queries.pairs_with_cadence(where, days=CADENCE_DAYS, default=DEFAULT_CADENCE.days)


def programme_report(
    *,
    session: Session,
    now: datetime,
    team_id: str | None = None,
    programme_id: int | None = None,
    catalogue: Catalogue | None = None,
) -> tuple[Report, dict[int, list[str]]]:
    """The report of one programme (or of every programme of the team, or of every team), and the Slack ids
    of each stalled pair (so an admin can help). `catalogue`: to name topics, stages and departments."""
    topic_label = catalogue.topic_label if catalogue else str
    today = now.date()
    whose = Whose(team_id=team_id, programme_id=programme_id)
    stalled = queries.stalled_pairs(session, **whose)
    people, enrolled_by_week = _people(session, whose, now)
    pairs, active_by_week = _pairs(session, whose, now)
    notes, whys = queries.notes_and_whys(session, **whose, whys=list(WHYS))
    report = build(
        people=people,
        pairs=pairs,
        stalled=list(stalled),
        active_by_week=active_by_week,
        enrolled_by_week=enrolled_by_week,
        totals=queries.tally_totals(session, **whose),
        weekly=queries.weekly_tallies(session, **whose, since=trend_weeks(today)[0], names=WEEKLY),
        today=today,
        min_group=_min_group(session, team_id, programme_id),
        comments=[
            (at.date(), text)
            for at, text in queries.comments(
                session, **whose, since=_midnight(trend_weeks(today)[0]), most=COMMENTS_READ
            )
        ],
        notes=notes,
        progress=queries.goal_progress(session, **whose),
        market=_market(queries.skills(session, **whose), catalogue),
        growth=[
            Growth(_rated(u.topic, topic_label), u.direction, u.people, u.start, u.end)
            for u in queries.confidence_uplifts(session, **whose)
        ],
        heard=_heard(session, whose, today, catalogue),
        whys=whys,
    )
    waiting = queries.waiting_people(session, **whose, most=WAITING_LISTED)
    report.waiting_people = [(user, outcome, why) for user, outcome, _, why in waiting]
    report.waiting_long = [(user, n, why) for user, _, n, why in waiting if n >= WAITED_LONG]
    report.undelivered = queries.failed_messages(
        session, **whose, since=now - timedelta(days=UNDELIVERED_DAYS)
    )
    return report, stalled


def rollup(*, session: Session, now: datetime, team_id: str, programmes: list[Programme]) -> Rollup:
    """The roll-up of these programmes of the team: each one's report (a fixed number of statements per
    programme, never per person), and distinct people over all of them."""
    lines = [
        ProgrammeFigures(
            p.id,
            p.name,
            p.state.value,
            programme_report(session=session, now=now, team_id=team_id, programme_id=p.id)[0],
        )
        for p in programmes
    ]
    people = queries.distinct_people(session, programme_ids=[p.id for p in programmes])
    return Rollup(lines, people=people.enrolled, paired=people.paired, in_several=people.in_several)


def _min_group(session: Session, team_id: str | None, programme_id: int | None) -> int:
    """The programme's minimum group size; over several programmes (or teams), the strictest of them."""
    if programme_id is not None:
        return programme_settings(session=session, programme_id=programme_id).min_group_size
    return max(3, queries.strictest_min_group(session, team_id=team_id) or 3)


def _market(counts: queries.Skills, catalogue: Catalogue | None) -> Market:
    """The skills market's counts under the catalogue's labels (its ids, without one)."""

    def named(found: dict[str, int], options: tuple[Option, ...]) -> dict[str, int]:
        labels = {o.id: o.label for o in options}
        return {labels.get(k, k): n for k, n in found.items()}

    topics = tuple(catalogue.topics.values()) if catalogue else ()
    return Market(
        teach=named(counts.teach, topics),
        want=named(counts.want, topics),
        unmet=named(counts.unmet, topics),
        stages=named(counts.stages, catalogue.career_stages if catalogue else ()),
        departments=named(counts.departments, catalogue.departments if catalogue else ()),
        perspectives=named(counts.perspectives, catalogue.perspectives if catalogue else ()),
        scarce=[
            (t, catalogue.topic_label(t) if catalogue else t, n)
            for t, n in scarce(counts.teach, counts.unmet)
        ],
    )


def _heard(session: Session, whose: Whose, today: date, catalogue: Catalogue | None) -> list[Heard]:
    """The listening loop's answers of this six-week period and the one before, under the catalogue's
    labels (its ids, without one)."""
    questions = {q.id: q.label for q in catalogue.listening} if catalogue else {}
    topic = catalogue.topic_label if catalogue else str
    stage = (lambda s: catalogue.label("career_stages", s)) if catalogue else str
    return [
        Heard(period, questions.get(q, q), tuple(topic(t) for t in themes), stage(st or ""), side, quote)
        for period, q, themes, st, side, quote in listening.heard_since(
            session, **whose, period=period_of(today) - 1
        )
    ]


def _rated(topic: str, topic_label: Callable[[str], str]) -> str:
    return "Their own goals" if topic == OWN_GOAL else topic_label(topic)


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(), UTC)


def _people(session: Session, whose: Whose, now: datetime) -> tuple[People, list[int]]:
    """Counts by status, and how many were enrolled at the end of each of the last 12 weeks."""
    ends = [min(_midnight(end + timedelta(days=1)), now) for end in week_ends(now.date())]
    counts = queries.people_counts(session, **whose, now=now, at=ends)
    still_paused, pause_over = counts.paused, counts.pause_over
    for until, tz in counts.pause_ends_near:  # over once the date comes in the person's own timezone
        if effective_state(State.PAUSED, until, local_date(now, tz)) is State.PAUSED:
            still_paused += 1
        else:
            pause_over += 1
    people = People(
        active=counts.active + pause_over,
        paused=still_paused,
        left=counts.left,
        joined_30_days=counts.joined_30_days,
        waiting=counts.waiting,
    )
    return people, counts.enrolled_at


def _pairs(session: Session, whose: Whose, now: datetime) -> tuple[PairCounts, list[int]]:
    """Pair counts, the meeting rate's two numbers, and how many pairs were active in each of the 12 weeks."""
    today = now.date()
    spans = [
        (_midnight(monday), min(_midnight(end + timedelta(days=1)), now))
        for monday, end in zip(trend_weeks(today), week_ends(today), strict=True)
    ]
    counts = queries.pair_counts(
        session, **whose, today=today, spans=spans, days=CADENCE_DAYS, default=DEFAULT_CADENCE.days
    )
    return PairCounts(
        total=counts.total,
        active=counts.active,
        declined=counts.declined,
        cross_department=counts.cross_department,
        cross_stage=counts.cross_stage,
        repeats=counts.repeats,
        due=counts.due,
        met_in_cadence=counts.met_in_cadence,
        agreed=counts.agreed,
    ), counts.active_in
