"""The keep-meeting service in-process, in milliseconds: a schema made from the models (no migrations), no
HTTP, no Slack. What the planner queues, and when it looks at a pair again."""

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import event, select
from sqlalchemy.orm import Session, sessionmaker

from bot.catalogue import load_catalogue
from bot.keeping import RULES
from bot.outbox import send
from bot.outbox.queue import claim_next, enqueue
from bot.outbox.render import Library
from bot.services import checkins
from bot.services.keep_meeting import plan_due
from bot.starters import load_starters
from storage import pairs as pairs_repo
from storage.db import make_engine, make_sessions
from storage.migrate import upgrade
from storage.models import (
    Base,
    Checkin,
    Member,
    MemberStatus,
    MessageKind,
    Outbox,
    Pair,
    PairMember,
    PairStarter,
    PairStatus,
    Programme,
    Reply,
)
from tests.factories import programme_of

START = datetime(2027, 1, 4, 9, 0, tzinfo=UTC)  # a Monday
TEAM = "T1"


@pytest.fixture
def sessions(tmp_path) -> Iterator[sessionmaker[Session]]:
    engine = make_engine(f"sqlite:///{tmp_path / 'service.db'}")
    Base.metadata.create_all(engine)
    yield make_sessions(engine)
    engine.dispose()


def a_pair(
    sessions: sessionmaker[Session],
    cadence: str = "weekly",
    users: tuple[str, str] = ("U1", "U2"),
    programme: str | None = None,
) -> int:
    """A pair of these people, in the workspace's first programme (or another, by name)."""
    with sessions.begin() as s:
        programme_id = programme_of(s, TEAM)
        if programme is not None:
            row = Programme(team_id=TEAM, name=programme, created_at=START, updated_at=START)
            s.add(row)
            s.flush()
            programme_id = row.id
        members = [
            Member(
                team_id=TEAM,
                programme_id=programme_id,
                user_id=user,
                status=MemberStatus.ACTIVE,
                career_stage="mid",
                department="d",
                cadence=cadence,
                tz="UTC",
                joined_at=START,
                updated_at=START,
            )
            for user in users
        ]
        s.add_all(members)
        s.flush()
        pair = Pair(
            team_id=TEAM,
            programme_id=programme_id,
            status=PairStatus.ACTIVE,
            created_at=START,
            ends_on=(START + timedelta(weeks=12)).date(),
            score=1,
            reasons={},
            members=[PairMember(member_id=m.id) for m in members],
        )
        s.add(pair)
        s.flush()
        return pair.id


def plan(sessions: sessionmaker[Session], at: datetime) -> tuple[dict, int]:
    """What a tick at `at` queued, and how many SQL statements it took."""
    engine = sessions.kw["bind"]
    seen: list[str] = []
    record = lambda *args: seen.append(args[2])  # noqa: E731
    event.listen(engine, "before_cursor_execute", record)
    try:
        with sessions.begin() as s:
            queued = dict(plan_due(session=s, team_id=TEAM, at=at))
    finally:
        event.remove(engine, "before_cursor_execute", record)
    return queued, len([q for q in seen if not q.startswith(("BEGIN", "PRAGMA", "COMMIT"))])


def look_after(sessions: sessionmaker[Session], pair_id: int) -> datetime | None:
    with sessions.begin() as s:
        return s.get_one(Pair, pair_id).look_after


def test_a_pair_is_looked_at_again_only_when_a_rule_could_fire_and_an_idle_tick_is_one_query(sessions):
    pair_id = a_pair(sessions)
    assert plan(sessions, START + timedelta(minutes=1))[0] == {}
    assert look_after(sessions, pair_id) == START + timedelta(minutes=1) + RULES.look_at_least_every
    assert plan(sessions, START + timedelta(minutes=2)) == ({}, 1)  # nothing due: one indexed query
    for day in range(1, 8):  # looked at once a day; the week-1 check-in on the dot
        queued, _ = plan(sessions, START + timedelta(days=day, minutes=1))
    assert queued == {"check-ins": 1}
    with sessions.begin() as s:
        assert [o.kind for o in s.scalars(select(Outbox))] == [MessageKind.CHECKIN]


def test_an_answer_or_a_resume_makes_the_planner_look_again_at_its_next_tick(sessions):
    pair_id = a_pair(sessions)
    plan(sessions, START + timedelta(days=7))
    assert look_after(sessions, pair_id) is not None
    with sessions.begin() as s:
        checkin = s.scalars(select(Checkin)).one()
        checkins.answer_checkin(
            session=s,
            team_id=TEAM,
            checkin_id=checkin.id,
            user_id="U1",
            answer=Reply.PAUSE,
            now=START + timedelta(days=7, hours=1),
        )
    assert look_after(sessions, pair_id) is None
    plan(sessions, START + timedelta(days=7, hours=2))  # paused: resting, looked at again in a day at most
    assert look_after(sessions, pair_id) is not None
    with sessions.begin() as s:
        checkins.resume_pair(session=s, team_id=TEAM, pair_id=pair_id, user_id="U2")
    assert look_after(sessions, pair_id) is None


def test_a_planners_next_look_never_overwrites_a_look_again_committed_meanwhile(db_url):
    """On PostgreSQL an answer can commit `look_again` while a planner that read the pair earlier is still
    running; the planner's write is a compare-and-set, so the answer's "look now" stands."""
    engine = make_engine(db_url)
    upgrade(engine)
    sessions = make_sessions(engine)
    try:
        pair_id = a_pair(sessions)
        earlier, later = START + timedelta(hours=1), START + timedelta(days=1)
        with sessions.begin() as s:
            pairs_repo.look_after(s, {pair_id: (None, earlier)})  # the pair's first look: NULL → a time
        with sessions.begin() as s:
            seen = s.get_one(Pair, pair_id).look_after  # what a planner read
        with sessions.begin() as s:
            pairs_repo.look_again(s, pair_ids=[pair_id])  # an answer, committed meanwhile
        with sessions.begin() as s:
            pairs_repo.look_after(s, {pair_id: (seen, later)})  # the planner's write, after it
        assert seen == earlier and look_after(sessions, pair_id) is None
        with sessions.begin() as s:
            pairs_repo.look_after(s, {pair_id: (None, later)})  # nobody raced: it is written
        assert look_after(sessions, pair_id) == later
    finally:
        engine.dispose()


def test_a_message_that_wont_go_out_takes_no_starter_from_the_pair(sessions):
    """A nudge queued before the pair ended is cancelled when it comes up, and the starter it would have
    carried stays unused; one for a pair that goes on gets its starter then, once."""
    deps = SimpleNamespace(sessions=sessions, starters=load_starters(), catalogue=load_catalogue())
    deps.library = Library(deps.catalogue, deps.starters)
    ended, going_on = a_pair(sessions), a_pair(sessions, users=("U3", "U4"))
    with sessions.begin() as s:
        for pair_id in (ended, going_on):
            enqueue(
                session=s,
                team_id=TEAM,
                key=f"nudge:{pair_id}",
                kind=MessageKind.NUDGE,
                now=START,
                pair_id=pair_id,
            )
        s.get_one(Pair, ended).status = PairStatus.ENDED
    drafts = {}
    for _ in range(2):
        with sessions.begin() as s:
            claim = claim_next(session=s, now=START)
        drafts[claim.pair_id] = send._render(deps, claim, START)
    assert drafts[ended] is None and drafts[going_on] is not None
    with sessions.begin() as s:
        assert [p.pair_id for p in s.scalars(select(PairStarter))] == [going_on]


def test_someone_in_two_programmes_gets_at_most_one_check_in_a_day(sessions):
    """U1 is in a pair in each of two programmes, both due a check-in on the same day: the second waits for
    U1's next working day. (U2 and U3 are in one pair each: theirs would not wait on its own account.)"""
    first = a_pair(sessions, users=("U1", "U2"))
    second = a_pair(sessions, users=("U1", "U3"), programme="Reverse mentoring")
    for day in range(1, 8):
        queued, _ = plan(sessions, START + timedelta(days=day, minutes=1))
    with sessions.begin() as s:
        when = {
            o.pair_id: o.not_before
            for o in s.scalars(select(Outbox).where(Outbox.kind == MessageKind.CHECKIN))
        }
    assert set(when) == {first, second}
    assert when[second].date() > when[first].date()
