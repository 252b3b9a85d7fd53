"""The programme report's queries: counts the database makes in a fixed number of statements, never a row
per meeting or answer. Each takes an optional team (None: every team, for the command line). The figures
are worked out by the caller (bot.services.report, with bot.report_maths)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, TypeVarTuple

from sqlalchemy import ColumnElement, Select, and_, case, func, select
from sqlalchemy.orm import InstrumentedAttribute, Session, aliased

from storage.models import (
    Confidence,
    Direction,
    EndReason,
    EndWhy,
    Erasure,
    GoalProgress,
    Meeting,
    Member,
    MemberPerspective,
    MemberStatus,
    MemberTopic,
    Outbox,
    OutboxStatus,
    Pair,
    PairMember,
    PairStatus,
    PollAnswer,
    Programme,
    ReportTally,
    Round,
    RoundEntry,
    TeamNote,
    exchanges,
)

# A cadence's name → its days (bot.profile.Cadence's table, passed in: storage imports nothing from bot).
CadenceDays = Mapping[str, int]


Row = TypeVarTuple("Row")  # any row shape


Owned = (
    type[Member]
    | type[Pair]
    | type[ReportTally]
    | type[Erasure]
    | type[Confidence]
    | type[GoalProgress]
    | type[TeamNote]
)  # rows with a team and a programme


def _scoped(stmt: Select[*Row], model: Owned, team_id: str | None, programme_id: int | None) -> Select[*Row]:
    """Only the team's rows (None: every team's), and only the programme's (None: all the team's)."""
    if programme_id is not None:
        stmt = stmt.where(model.programme_id == programme_id)
    return stmt.where(model.team_id == team_id) if team_id else stmt


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(), UTC)


def _days(column: InstrumentedAttribute[Any], days: CadenceDays, otherwise: int | None) -> Any:
    """A stored cadence as its number of days, in SQL."""
    return case(*((column == name, n) for name, n in days.items()), else_=otherwise)


def pairs_with_cadence(where: ColumnElement[bool], *, days: CadenceDays, default: int) -> Select[Any]:
    """Each pair (id, created_at) with its cadence in days, in SQL: bot.keeping.pair_cadence's rule (the
    agreed cadence, else the slower of the members' wishes, a member's unknown wish counting as `default`);
    a test holds the two to the same answers."""
    agreed = _days(Pair.agreement_cadence, days, None)
    wished = _days(Member.cadence, days, default)
    return (
        select(Pair.id, Pair.created_at, func.coalesce(agreed, func.max(wished)).label("cadence"))
        .join(PairMember, PairMember.pair_id == Pair.id)
        .join(Member, Member.id == PairMember.member_id)
        .where(where)
        .group_by(Pair.id, Pair.created_at, Pair.agreement_cadence)
    )


def stalled_pairs(
    session: Session, *, team_id: str | None, programme_id: int | None = None
) -> dict[int, list[str]]:
    """The Slack ids of each active pair marked stalled (so an admin can help)."""
    stalled: dict[int, list[str]] = defaultdict(list)
    stmt = (
        select(Pair.id, Member.user_id)
        .join(PairMember, PairMember.pair_id == Pair.id)
        .join(Member)
        .where(Pair.status == PairStatus.ACTIVE, Pair.stalled_at.is_not(None))
        .order_by(Pair.id, Member.id)
    )
    for pair_id, user_id in session.execute(_scoped(stmt, Pair, team_id, programme_id)):
        stalled[pair_id].append(user_id)
    return dict(stalled)


def tally_totals(session: Session, *, team_id: str | None, programme_id: int | None = None) -> dict[str, int]:
    """Each running total (bot.tallies) summed over all weeks."""
    stmt = select(ReportTally.name, func.sum(ReportTally.total)).group_by(ReportTally.name)
    return {name: total for name, total in session.execute(_scoped(stmt, ReportTally, team_id, programme_id))}


def weekly_tallies(
    session: Session,
    *,
    team_id: str | None,
    programme_id: int | None = None,
    since: date,
    names: Iterable[str],
) -> dict[tuple[date, str], int]:
    """These running totals by week, from `since` on."""
    stmt = (
        select(ReportTally.week, ReportTally.name, func.sum(ReportTally.total))
        .where(ReportTally.week >= since, ReportTally.name.in_(list(names)))
        .group_by(ReportTally.week, ReportTally.name)
    )
    return {
        (week, name): n
        for week, name, n in session.execute(_scoped(stmt, ReportTally, team_id, programme_id))
    }


def comments(
    session: Session, *, team_id: str | None, programme_id: int | None = None, since: datetime, most: int
) -> list[tuple[datetime, str]]:
    """The latest poll comments since then (newest first, at most `most`), each with when it was written:
    never who wrote it."""
    stmt = (
        select(PollAnswer.answered_at, PollAnswer.comment)
        .join(Member, Member.id == PollAnswer.member_id)
        .where(PollAnswer.answered_at >= since, PollAnswer.comment.is_not(None), PollAnswer.comment != "")
        .order_by(PollAnswer.answered_at.desc())
        .limit(most)
    )
    return [(at, text) for at, text in session.execute(_scoped(stmt, Member, team_id, programme_id)) if text]


def waiting_people(
    session: Session, *, team_id: str | None, programme_id: int | None = None, most: int
) -> list[tuple[str, str | None, int, str | None]]:
    """Who is waiting for a match, longest first (at most `most`), in one statement: (Slack id, what the
    latest round that considered them made of it — left_out, no_partner, or None if no round has yet —, how
    many rounds have left them out since they began waiting, and why the latest did: bot/waiting.py)."""
    latest = aliased(RoundEntry)
    newest = select(latest).where(latest.member_id == Member.id).order_by(latest.round_id.desc()).limit(1)
    outcome = newest.with_only_columns(latest.outcome).correlate(Member).scalar_subquery()
    why = newest.with_only_columns(latest.why).correlate(Member).scalar_subquery()
    waited = aliased(RoundEntry)
    rounds = (
        select(func.count())
        .select_from(waited)
        .join(Round, Round.id == waited.round_id)
        .where(
            waited.member_id == Member.id,
            waited.outcome.in_(("left_out", "no_partner")),
            Round.ran_at >= Member.waiting_since,
        )
        .correlate(Member)
        .scalar_subquery()
    )
    stmt = (
        select(Member.user_id, outcome, rounds, why)
        .where(Member.status == MemberStatus.ACTIVE, Member.waiting_since.is_not(None))
        .order_by(Member.waiting_since, Member.id)
        .limit(most)
    )
    return [
        (u, o, int(n or 0), w) for u, o, n, w in session.execute(_scoped(stmt, Member, team_id, programme_id))
    ]


@dataclass(frozen=True)
class PeopleCounts:
    active: int
    paused: int  # paused past tomorrow, or with no end date
    pause_over: int  # paused until before today
    left: int  # left, made inactive, or erased
    joined_30_days: int
    waiting: int
    enrolled_at: list[int]  # enrolled at each of the given moments
    pause_ends_near: list[tuple[date, str | None]]  # pauses ending today or tomorrow: (until, tz)


def people_counts(
    session: Session,
    *,
    team_id: str | None,
    programme_id: int | None = None,
    now: datetime,
    at: Sequence[datetime],
) -> PeopleCounts:
    """Counts of people by status, and how many were enrolled at each moment of `at` (three queries).
    A pause with an end date is over once that date comes in the person's own timezone, which is never
    more than a day from UTC's: the pauses ending today or tomorrow are returned for the caller to judge."""
    today, status = now.date(), Member.status
    paused = status == MemberStatus.PAUSED
    enrolled = status.in_([MemberStatus.ACTIVE, MemberStatus.PAUSED])
    row = session.execute(
        _scoped(
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
                # Erased people count as left: read in the same statement.
                _scoped(select(func.count()).select_from(Erasure), Erasure, team_id, programme_id)
                .correlate_except(Erasure)
                .scalar_subquery(),
                *(
                    func.count().filter(
                        (Member.joined_at < end) & (Member.left_at.is_(None) | (Member.left_at >= end))
                    )
                    for end in at
                ),
            ),
            Member,
            team_id,
            programme_id,
        )
    ).one()
    near = session.execute(
        _scoped(
            select(Member.paused_until, Member.tz).where(
                paused, Member.paused_until.between(today, today + timedelta(days=1))
            ),
            Member,
            team_id,
            programme_id,
        )
    ).all()
    return PeopleCounts(
        active=row[0],
        paused=row[1],
        pause_over=row[2],
        left=row[3] + (row[6] or 0),
        joined_30_days=row[4],
        waiting=row[5],
        enrolled_at=list(row[7:]),
        pause_ends_near=[(until, tz) for until, tz in near if until is not None],
    )


@dataclass(frozen=True)
class PairRowCounts:
    total: int
    active: int
    declined: int
    cross_department: int
    cross_stage: int
    repeats: int
    due: int  # active pairs together for at least their cadence
    met_in_cadence: int  # … of which met within it
    active_in: list[int]  # pairs active during each of the given spans
    agreed: int = 0  # pairs whose agreement everyone confirmed, at some point


def pair_counts(
    session: Session,
    *,
    team_id: str | None,
    programme_id: int | None = None,
    today: date,
    spans: Sequence[tuple[datetime, datetime]],
    days: CadenceDays,
    default: int,
) -> PairRowCounts:
    """Pair counts, the meeting rate's two numbers, and how many pairs were active in each span (two queries)."""
    active = Pair.status == PairStatus.ACTIVE
    row = session.execute(
        _scoped(
            select(
                func.count(),
                func.count().filter(active),
                func.count().filter(Pair.end_reason == EndReason.NOT_A_FIT),
                func.count().filter(Pair.cross_department.is_(True)),
                func.count().filter(Pair.cross_stage.is_(True)),
                func.count().filter(Pair.repeat.is_(True)),
                func.count(Pair.agreed_at),
                *(
                    func.count().filter(
                        (Pair.created_at < end) & (Pair.ended_at.is_(None) | (Pair.ended_at >= start))
                    )
                    for start, end in spans
                ),
            ),
            Pair,
            team_id,
            programme_id,
        )
    ).one()
    # One grouped join, which the planner can't unfold into a subquery per pair; then each pair's last
    # meeting, from the index.
    live = _scoped(
        pairs_with_cadence(active, days=days, default=default), Pair, team_id, programme_id
    ).subquery()
    last_met = select(func.max(Meeting.met_on)).where(Meeting.pair_id == live.c.id).scalar_subquery()
    # Due: together for at least their cadence; met: within it.
    due = live.c.created_at < case(
        *((live.c.cadence == n, _midnight(today - timedelta(days=n - 1))) for n in days.values())
    )
    met_since = case(*((live.c.cadence == n, today - timedelta(days=n)) for n in days.values()))
    due_count, met_count = session.execute(
        select(func.count().filter(due), func.count().filter(due & (last_met >= met_since)))
    ).one()
    return PairRowCounts(
        *row[:6], due=due_count, met_in_cadence=met_count, active_in=list(row[7:]), agreed=row[6]
    )


def failed_messages(
    session: Session, *, team_id: str | None, programme_id: int | None = None, since: datetime
) -> list[tuple[str, list[str]]]:
    """Messages that failed for good since then, and whom each was for (two queries)."""
    stmt = (
        select(Outbox.kind, Outbox.pair_id, Outbox.user_id, Member.user_id)
        .outerjoin(Member, Member.id == Outbox.member_id)
        .outerjoin(Pair, Pair.id == Outbox.pair_id)
        .where(Outbox.status == OutboxStatus.FAILED, Outbox.created_at >= since)
        .order_by(Outbox.id)
    )
    if team_id:
        stmt = stmt.where(Outbox.team_id == team_id)
    if programme_id is not None:  # a programme's: to its pairs and people (not to admins)
        stmt = stmt.where(func.coalesce(Member.programme_id, Pair.programme_id) == programme_id)
    rows = session.execute(stmt).all()
    pair_ids = {pair_id for _, pair_id, admin, member in rows if pair_id and not (admin or member)}
    people = _people_of(session, pair_ids) if pair_ids else {}
    return [
        (kind, [admin or member] if admin or member else people.get(pair_id or 0, []))
        for kind, pair_id, admin, member in rows
    ]


def _people_of(
    session: Session,
    pair_ids: Iterable[int] | None,
    team_id: str | None = None,
    programme_id: int | None = None,
) -> dict[int, list[str]]:
    """Each pair's members' Slack ids (of these pairs, or of every pair)."""
    people: dict[int, list[str]] = defaultdict(list)
    stmt = select(PairMember.pair_id, Member.user_id).join(Member).order_by(Member.id)
    if pair_ids is not None:
        stmt = stmt.where(PairMember.pair_id.in_(list(pair_ids)))
    for pair_id, user_id in session.execute(_scoped(stmt, Member, team_id, programme_id)):
        people[pair_id].append(user_id)
    return people


def strictest_min_group(session: Session, *, team_id: str | None) -> int | None:
    """The largest minimum group size any of the team's programmes has (or any team's)."""
    stmt = select(func.max(Programme.min_group_size))
    return session.scalar(stmt.where(Programme.team_id == team_id) if team_id else stmt)


@dataclass(frozen=True)
class PairRow:
    """One pair as the CSV export lists it."""

    pair: Pair
    members: list[str]
    meetings: int
    last_met: date | None


def pair_rows(session: Session, *, team_id: str | None, programme_id: int | None = None) -> list[PairRow]:
    """Every pair, oldest first, with its members and meetings (three queries)."""
    people = _people_of(session, None, team_id, programme_id)
    met = {
        pair_id: (count, last)
        for pair_id, count, last in session.execute(
            _scoped(
                select(Meeting.pair_id, func.count(), func.max(Meeting.met_on))
                .join(Pair)
                .group_by(Meeting.pair_id),
                Pair,
                team_id,
                programme_id,
            )
        )
    }
    return [
        PairRow(p, people.get(p.id, []), *met.get(p.id, (0, None)))
        for p in session.scalars(_scoped(select(Pair).order_by(Pair.id), Pair, team_id, programme_id))
    ]


@dataclass(frozen=True)
class DistinctPeople:
    enrolled: int  # active or paused in at least one of the programmes
    paired: int  # in an active pair in at least one
    in_several: int  # enrolled in more than one


def distinct_people(session: Session, *, programme_ids: Sequence[int]) -> DistinctPeople:
    """People counted once however many of these programmes they are in (a person is their Slack id)."""
    enrolled = (
        select(Member.user_id, func.count().label("n"))
        .where(
            Member.programme_id.in_(list(programme_ids)),
            Member.status.in_([MemberStatus.ACTIVE, MemberStatus.PAUSED]),
        )
        .group_by(Member.user_id)
        .subquery()
    )
    people, several = session.execute(
        select(func.count(), func.count().filter(enrolled.c.n > 1)).select_from(enrolled)
    ).one()
    paired = session.scalar(
        select(func.count(func.distinct(Member.user_id)))
        .join(PairMember, PairMember.member_id == Member.id)
        .join(Pair, Pair.id == PairMember.pair_id)
        .where(Pair.programme_id.in_(list(programme_ids)), Pair.status == PairStatus.ACTIVE)
    )
    return DistinctPeople(enrolled=people, paired=paired or 0, in_several=several)


@dataclass(frozen=True)
class Uplift:
    """Confidence at the start and at the end of a term, over the people who rated a topic at both."""

    topic: str
    direction: str  # bot.agreement.Way
    people: int  # distinct people
    start: float  # mean rating (1-5)
    end: float


def confidence_uplifts(
    session: Session, *, team_id: str | None, programme_id: int | None = None
) -> list[Uplift]:
    """Per topic and direction of learning, everyone who rated it when agreeing and again at a term's end
    (the caller shows only the groups of at least the minimum size)."""
    start, end = aliased(Confidence), aliased(Confidence)
    stmt = (
        select(
            end.topic,
            end.direction,
            func.count(func.distinct(end.member_id)),
            func.avg(start.rating),
            func.avg(end.rating),
        )
        .join(
            start,
            and_(
                start.pair_id == end.pair_id,
                start.member_id == end.member_id,
                start.topic == end.topic,
                start.phase == "start",
            ),
        )
        .where(end.phase == "end")
        .group_by(end.topic, end.direction)
        .order_by(end.topic, end.direction)
    )
    rows = session.execute(_scoped(stmt, end, team_id, programme_id))
    return [Uplift(t, d, int(n), float(s), float(e)) for t, d, n, s, e in rows]


def goal_progress(
    session: Session, *, team_id: str | None, programme_id: int | None = None
) -> list[tuple[str, str, int, int]]:
    """(direction, level, notes, distinct pairs that noted progress in that direction at all) for the
    report (bot.report_maths keeps only directions noted by enough pairs): one statement, a row per pair
    and level at most."""
    stmt = select(GoalProgress.direction, GoalProgress.level, GoalProgress.pair_id, func.count()).group_by(
        GoalProgress.direction, GoalProgress.level, GoalProgress.pair_id
    )
    notes: dict[tuple[str, str], int] = defaultdict(int)
    pairs: dict[str, set[int]] = defaultdict(set)
    for direction, level, pair_id, n in session.execute(_scoped(stmt, GoalProgress, team_id, programme_id)):
        notes[(direction, level)] += int(n)
        pairs[direction].add(pair_id)
    return [(d, level, n, len(pairs[d])) for (d, level), n in sorted(notes.items())]


@dataclass(frozen=True)
class Skills:
    """The skills market of the people enrolled (active or paused)."""

    teach: dict[str, int]  # topic → people who teach it
    want: dict[str, int]  # topic → people who want to learn it
    unmet: dict[str, int]  # topic → people who want it and aren't learning it in a pairing now
    stages: dict[str, int]  # career stage → people
    departments: dict[str, int]
    perspectives: dict[str, int]  # self-described, with consent (the caller shows only big enough groups)


def skills(session: Session, *, team_id: str | None, programme_id: int | None = None) -> Skills:
    """Counted in three statements, whatever the number of people: everyone enrolled with their topics,
    the active pairs' exchanges, and the perspectives."""
    enrolled = Member.status.in_((MemberStatus.ACTIVE, MemberStatus.PAUSED))
    people = _scoped(
        select(Member.id, Member.career_stage, Member.department, MemberTopic.direction, MemberTopic.topic)
        .outerjoin(MemberTopic, MemberTopic.member_id == Member.id)
        .where(enrolled),
        Member,
        team_id,
        programme_id,
    )
    teach: dict[str, int] = defaultdict(int)
    want: dict[str, int] = defaultdict(int)
    wanted: set[tuple[int, str]] = set()
    stage_of: dict[int, tuple[str, str]] = {}
    for member_id, stage, department, direction, topic in session.execute(people):
        stage_of[member_id] = (stage, department)
        if direction == Direction.TEACH:
            teach[topic] += 1
        elif direction == Direction.LEARN:
            want[topic] += 1
            wanted.add((member_id, topic))
    learning = _scoped(
        select(Pair.reasons).where(Pair.status == PairStatus.ACTIVE), Pair, team_id, programme_id
    )
    being_learned = {
        (learner, topic)
        for (reasons,) in session.execute(learning)
        for _, learner, topic in exchanges(reasons)
    }
    unmet: dict[str, int] = defaultdict(int)
    for _, topic in wanted - being_learned:
        unmet[topic] += 1
    stages: dict[str, int] = defaultdict(int)
    departments: dict[str, int] = defaultdict(int)
    for stage, department in stage_of.values():
        stages[stage] += 1
        departments[department] += 1
    perspectives = _scoped(
        select(MemberPerspective.perspective, func.count())
        .join(Member)
        .where(enrolled, Member.perspectives_consent.is_(True))
        .group_by(MemberPerspective.perspective),
        Member,
        team_id,
        programme_id,
    )
    return Skills(
        teach=dict(teach),
        want=dict(want),
        unmet=dict(unmet),
        stages=dict(stages),
        departments=dict(departments),
        perspectives={k: int(n) for k, n in session.execute(perspectives)},
    )


def notes_and_whys(
    session: Session, *, team_id: str | None, programme_id: int | None = None, whys: Sequence[str]
) -> tuple[tuple[int, int], dict[str, int]]:
    """In one statement: notes to the programme team (all, of which anonymous), and the answers to "why did
    it end?" for each of `whys`."""
    notes = _scoped(select(func.count()).select_from(TeamNote), TeamNote, team_id, programme_id)
    named = _scoped(select(func.count(TeamNote.member_id)), TeamNote, team_id, programme_id)
    answers = (
        select(
            notes.scalar_subquery(),
            named.scalar_subquery(),
            *(func.count(EndWhy.pair_id).filter(EndWhy.why == why) for why in whys),
        )
        .select_from(Pair)
        .join(EndWhy, EndWhy.pair_id == Pair.id)
    )  # the pair says whose programme
    stmt = _scoped(answers, Pair, team_id, programme_id)
    total, signed, *counted = session.execute(stmt).one()
    return (int(total or 0), int(total or 0) - int(signed or 0)), {
        why: int(n) for why, n in zip(whys, counted, strict=True) if n
    }
