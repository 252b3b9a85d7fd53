"""Several programmes in one workspace, in-process: each round takes only its own programme's people and
settings; history and avoid lists count across programmes; only active programmes run."""

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.services.rounds import plan_round, run_round
from storage import programmes
from storage.db import make_engine, make_sessions
from storage.migrate import upgrade
from storage.models import Avoid, Member, MemberStatus, MemberTopic, Pair, Programme, ProgrammeState, Round
from tests.factories import programme_of

START = datetime(2027, 1, 4, 9, 0, tzinfo=UTC)  # a Monday
TEAM = "T1"


@pytest.fixture
def sessions(db_url) -> Iterator[sessionmaker[Session]]:
    engine = make_engine(db_url)
    upgrade(engine)
    yield make_sessions(engine)
    engine.dispose()


def programme(s: Session, name: str, **settings: object) -> int:
    row = Programme(team_id=TEAM, name=name, created_at=START, updated_at=START, **settings)
    s.add(row)
    s.flush()
    return row.id


def join(s: Session, programme_id: int, user_id: str, *, teach: str = "sql", learn: str = "python") -> Member:
    member = Member(team_id=TEAM, programme_id=programme_id, user_id=user_id, status=MemberStatus.ACTIVE,
                    career_stage="mid", department="data", cadence="biweekly", tz="UTC", joined_at=START,
                    updated_at=START)  # fmt: skip
    member.topics = [MemberTopic(direction="teach", topic=teach), MemberTopic(direction="learn", topic=learn)]
    s.add(member)
    s.flush()
    return member


def paired_users(s: Session, programme_id: int) -> set[frozenset[str]]:
    pairs = s.scalars(select(Pair).where(Pair.programme_id == programme_id))
    return {frozenset(pm.member.user_id for pm in p.members) for p in pairs}


def test_each_round_pairs_only_its_own_programme_s_people_with_its_own_settings(sessions):
    with sessions.begin() as s:
        open_one = programme_of(s, TEAM)
        leaders = programme(s, "Reverse mentoring", mode="reverse", allow_trios=False)
        for u in ("UA", "UB", "UC"):
            join(s, open_one, u)
        for u in ("UA", "UD", "UE"):  # UA is in both, with a profile in each
            join(s, leaders, u, teach="strategy", learn="sql")
    with sessions.begin() as s:
        _, plan = run_round(session=s, programme_id=open_one, now=START, catalogue_ranks={}, trigger="cli")
        assert [len(g.members) for g in plan.groups] == [3]  # trios allowed here: nobody waits
    with sessions.begin() as s:
        _, plan = run_round(session=s, programme_id=leaders, now=START, catalogue_ranks={}, trigger="cli")
        assert [len(g.members) for g in plan.groups] == [2] and len(plan.left_out) == 1  # no trios here
    with sessions() as s:
        assert paired_users(s, open_one) == {frozenset({"UA", "UB", "UC"})}
        (pair,) = paired_users(s, leaders)
        assert pair <= {"UA", "UD", "UE"}
        rounds = {r.programme_id: r.considered for r in s.scalars(select(Round))}
        assert rounds == {open_one: 3, leaders: 3}
        # UA is in an active pair in each programme: one membership each, each with its own pair.
        assert len(s.scalars(select(Member).where(Member.user_id == "UA")).all()) == 2


def test_history_and_avoid_lists_hold_across_programmes(sessions):
    with sessions.begin() as s:
        first = programme_of(s, TEAM)
        second = programme(s, "ERG programme", mode="inclusive")
        for u in ("UA", "UB"):
            join(s, first, u)
        for u in ("UA", "UB", "UC", "UD"):
            join(s, second, u)
        avoider = s.scalars(select(Member).where(Member.user_id == "UC", Member.programme_id == second)).one()
        s.add(Avoid(member_id=avoider.id, avoided_user_id="UD", created_at=START))
    with sessions.begin() as s:
        run_round(session=s, programme_id=first, now=START, catalogue_ranks={}, trigger="cli")
    with sessions() as s:
        plan = plan_round(session=s, programme_id=second, now=START + timedelta(days=1), catalogue_ranks={})
        pairs = {frozenset(m.user_id for m in g.members) for g in plan.groups}
        assert frozenset({"UA", "UB"}) not in pairs  # paired last week in the other programme
        assert frozenset({"UC", "UD"}) not in pairs  # UC's avoid list
        assert pairs == {frozenset({"UA", "UC"}), frozenset({"UB", "UD"})} or pairs == {
            frozenset({"UA", "UD"}),
            frozenset({"UB", "UC"}),
        }


def test_only_active_programmes_are_running(sessions):
    with sessions.begin() as s:
        first = programme_of(s, TEAM)
        paused = programme(s, "Paused one", state=ProgrammeState.PAUSED)
        archived = programme(s, "Archived one", state=ProgrammeState.ARCHIVED)
        empty = programme(s, "Nobody yet")
        for p in (first, paused, archived):
            join(s, p, "UA")
        join(s, first, "UB")
    with sessions() as s:
        assert programmes.running(s) == [(first, TEAM, START)]
        assert empty not in {p for p, _, _ in programmes.running(s)}


def test_erasure_reaches_every_programme_someone_is_in(sessions):
    from bot.services.enrolment import LeaveOutcome, leave
    from storage.models import Erasure

    with sessions.begin() as s:
        first = programme_of(s, TEAM)
        second = programme(s, "Reverse mentoring", mode="reverse")
        for p in (first, second):
            for u in ("UA", "UB") if p == first else ("UA", "UC"):
                join(s, p, u)
    for p in (first, second):
        with sessions.begin() as s:
            run_round(session=s, programme_id=p, now=START, catalogue_ranks={}, trigger="cli")
    with sessions.begin() as s:
        assert (
            leave(session=s, team_id=TEAM, user_id="UA", erase=True, now=START).outcome is LeaveOutcome.ERASED
        )
    with sessions() as s:
        assert not s.scalars(select(Member).where(Member.user_id == "UA")).all()
        assert not s.scalars(select(Pair)).all()  # both of their pairs, with everything said in them
        assert sorted(m.user_id for m in s.scalars(select(Member))) == ["UB", "UC"]
        assert len(s.scalars(select(Erasure)).all()) == 2  # a departure in each programme's report


def test_leaving_without_erasing_leaves_every_programme_and_says_which(sessions):
    from bot.services.enrolment import LeaveOutcome, leave

    with sessions.begin() as s:
        first = programme_of(s, TEAM)
        second = programme(s, "Reverse mentoring", mode="reverse")
        join(s, first, "UA")
        join(s, second, "UA")
    with sessions.begin() as s:
        done = leave(session=s, team_id=TEAM, user_id="UA", erase=False, now=START)
    assert done.outcome is LeaveOutcome.LEFT and done.where == ("Mentoring", "Reverse mentoring")
    with sessions() as s:
        statuses = {m.programme_id: m.status for m in s.scalars(select(Member))}
        assert statuses == {first: MemberStatus.LEFT, second: MemberStatus.LEFT}  # profiles kept
