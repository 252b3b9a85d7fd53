"""Away-awareness, end to end: a Slack status that says "OOO" until next week keeps its owner out of this
week's round and into the next; a heads-up a working day before each round offers *Skip this round*; and a
pair with someone away gets no check-ins until they are back."""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from bot import ids
from bot.app import make_client
from bot.away import read_status
from bot.jobs import heads_ups, run_due_work
from storage.models import Member, Outbox, Programme
from tests.conftest import START
from tests.e2e.test_keep_meeting import button, click, kind_of
from tests.e2e.test_rounds import PEOPLE, enrol_all, pairs_of
from tests.factories import programme_of

A, B, C, D = PEOPLE
MONDAY = START.replace(hour=9, minute=30)  # the default round: Mondays 09:00 UTC


def status_changed(app, user: str, text: str, emoji: str = "", until: datetime | None = None):
    profile = {
        "status_text": text,
        "status_emoji": emoji,
        "status_expiration": int(until.timestamp()) if until else 0,
        "real_name": user.lower(),
    }
    event = {"type": "user_change", "user": {"id": user, "team_id": "T123ABC456", "profile": profile}}
    response = app.slack.event(event)
    app.settle()
    return response


def no_trios(app) -> None:
    with app.deps.sessions.begin() as s:
        s.get_one(Programme, programme_of(s, "T123ABC456")).allow_trios = False


def test_someone_ooo_until_next_week_is_skipped_this_week_and_paired_the_next(app):
    enrol_all(app)
    no_trios(app)
    next_week = MONDAY + timedelta(days=4)  # their status ends on Friday
    assert status_changed(app, A, "OOO — back on Friday", until=next_week).status_code == 200
    with app.session() as s:
        a = s.scalars(select(Member).where(Member.user_id == A)).one()
        assert a.away_since is not None and a.away_until == next_week
    app.command("status", user=A)
    assert "Your Slack status says you're away until 8 January 2027" in app.fake.responses[-1]["text"]
    app.tick(MONDAY)
    paired = [p for pair in pairs_of(app) for p in pair]
    assert A not in paired and len(paired) == 2  # B, C, D considered: one pair, one waits
    app.tick(MONDAY + timedelta(days=7))
    assert any(A in pair for pair in pairs_of(app))  # back, and paired with whoever waited


def test_a_status_that_says_nothing_of_being_away_changes_nothing_and_clearing_it_brings_them_back(app):
    enrol_all(app)
    status_changed(app, A, "In a meeting", ":calendar:")
    with app.session() as s:
        assert s.scalars(select(Member.away_since).where(Member.user_id == A)).one() is None
    status_changed(app, A, "Vacationing", ":palm_tree:")  # no expiry: away until it changes
    with app.session() as s:
        a = s.scalars(select(Member).where(Member.user_id == A)).one()
        assert a.away_since is not None and a.away_until is None
    status_changed(app, A, "")
    with app.session() as s:
        assert s.scalars(select(Member.away_since).where(Member.user_id == A)).one() is None
    status_changed(app, "UNOBODY01", "OOO")  # someone in no programme: nothing to note, nothing fails


def test_the_heads_up_a_working_day_before_offers_skip_this_round_and_it_is_honoured(app):
    enrol_all(app)
    no_trios(app)
    with app.deps.sessions.begin() as s:  # rounds on Wednesdays: the first is two days after they joined
        s.get_one(Programme, programme_of(s, "T123ABC456")).round_weekday = 2
    wednesday = MONDAY + timedelta(days=2)
    app.tick(MONDAY + timedelta(hours=6))  # Monday: not yet
    assert not [m for m in app.fake.messages_in("D" + A[1:]) if kind_of(m) == "heads-up"]
    app.tick(MONDAY + timedelta(days=1))  # Tuesday, the working day before
    app.tick(MONDAY + timedelta(days=1, hours=2))  # queued once per round, however many ticks
    for user in (A, B, C, D):
        (heads_up,) = [m for m in app.fake.messages_in("D" + user[1:]) if kind_of(m) == "heads-up"]
        assert "6 January 2027" in heads_up["text"] and "Skip this round" in json.dumps(heads_up["blocks"])
    dm = "D" + A[1:]
    (heads_up,) = [m for m in app.fake.messages_in(dm) if kind_of(m) == "heads-up"]
    click(app, ids.SKIP_ROUND, button(heads_up, ids.SKIP_ROUND)["value"], A, dm, heads_up)
    (heads_up,) = [m for m in app.fake.messages_in(dm) if kind_of(m) == "heads-up"]
    assert "sit out the round" in heads_up["text"] and ids.TAKE_PART in json.dumps(heads_up["blocks"])
    click(
        app, ids.TAKE_PART, button(heads_up, ids.TAKE_PART)["value"], A, dm, heads_up
    )  # changed their mind…
    (heads_up,) = [m for m in app.fake.messages_in(dm) if kind_of(m) == "heads-up"]
    assert ids.SKIP_ROUND in json.dumps(heads_up["blocks"])
    click(app, ids.SKIP_ROUND, button(heads_up, ids.SKIP_ROUND)["value"], A, dm, heads_up)  # …and back
    click(app, ids.SKIP_ROUND, button(heads_up, ids.SKIP_ROUND)["value"], B, dm, heads_up)  # not B's to skip
    with app.session() as s:
        skipping = {m.user_id for m in s.scalars(select(Member)) if m.skip_round_at is not None}
    assert skipping == {A}
    app.tick(wednesday)
    paired = [p for pair in pairs_of(app) for p in pair]
    assert A not in paired and len(paired) == 2
    app.tick(wednesday + timedelta(days=7))
    assert any(A in pair for pair in pairs_of(app))


def test_a_pair_with_someone_away_gets_no_check_ins_until_they_are_back(app):
    enrol_all(app)
    app.tick(MONDAY)
    (pair,) = [p for p in pairs_of(app) if A in p]
    back = MONDAY + timedelta(weeks=5)
    status_changed(app, A, "Parental leave", until=back)
    with app.session() as s:
        from storage.models import Pair, PairMember

        channel = s.scalars(
            select(Pair.channel_id).join(PairMember).join(Member).where(Member.user_id == A)
        ).one()
    day = MONDAY
    while day < back - timedelta(days=1):
        day += timedelta(hours=12)
        app.tick(day)
    assert [m for m in app.fake.messages_in(channel) if kind_of(m) in ("checkin", "nudge")] == []
    while day < back + timedelta(weeks=3):
        day += timedelta(hours=12)
        app.tick(day)
    assert [m for m in app.fake.messages_in(channel) if kind_of(m) == "checkin"]
    assert pair


def test_reading_a_status():
    now = datetime(2027, 1, 4, tzinfo=UTC)
    later = int((now + timedelta(days=3)).timestamp())
    assert read_status({"status_text": "ooo till Thursday", "status_expiration": later}, now)
    assert read_status({"status_emoji": ":face_with_thermometer:"}, now)
    assert read_status({"status_text": "On holiday"}, now)
    assert not read_status({"status_text": "Focus time", "status_emoji": ":headphones:"}, now)
    assert not read_status({"status_text": "goodbye"}, now)  # "ooo" only as a word
    expired = int((now - timedelta(hours=1)).timestamp())
    assert not read_status({"status_text": "OOO", "status_expiration": expired}, now)


@pytest.mark.postgres
def test_two_replicas_planning_at_once_queue_each_heads_up_once(pg_app):
    app = pg_app
    enrol_all(app)
    with app.deps.sessions.begin() as s:
        s.get_one(Programme, programme_of(s, "T123ABC456")).round_weekday = 2
    tuesday = MONDAY + timedelta(days=1)
    app.clock.set(tuesday)
    client = make_client(app.deps)
    start = threading.Barrier(2)
    done = []

    def replica() -> None:
        start.wait()
        done.append(run_due_work(deps=app.deps, client=client, at=tuesday, steps=[heads_ups]))

    threads = [threading.Thread(target=replica) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(r.done["heads-ups"] for r in done) == 4 and not [f for r in done for f in r.failures]
    with app.session() as s:
        assert len([o for o in s.scalars(select(Outbox)) if o.kind.value == "heads-up"]) == 4
