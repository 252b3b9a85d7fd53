"""Why pairs end, and closure, end to end: a private one-tap "why did it end?" after a pairing ends, counted in
the report only over the minimum group; a quiet pair nobody answers is warned a week ahead, then closed kindly
— unless someone taps *Keep going*."""

from __future__ import annotations

import json
from datetime import UTC, datetime, time, timedelta

import pytest
from sqlalchemy import select, text

from bot import ids
from storage.models import Checkin, CheckinAnswer, EndReason, EndWhy, Pair, PairStatus, Reply
from tests.conftest import ADMIN, planner_waits_for, wait_for_waiters
from tests.e2e.test_keep_meeting import button, click, kind_of
from tests.e2e.test_listening import A, B, C, D, two_pairs_met
from tests.e2e.test_rounds import admin, enrol_all


def dm(user: str) -> str:
    return "D" + user[1:]


def why_asked(app, user: str) -> list[dict]:
    return [m for m in app.fake.messages_in(dm(user)) if kind_of(m) == "why-ended"]


def tap(app, user: str, why: str) -> None:
    (asked,) = why_asked(app, user)
    action = next(a for a, w in ids.WHY_CHOICES.items() if w == why)
    click(app, action, button(asked, action)["value"], user, dm(user), asked)


def report(app) -> str:
    app.command("report", user=ADMIN)
    return json.dumps(app.fake.responses[-1], ensure_ascii=False)


def test_why_it_ended_is_asked_privately_and_counted_only_over_the_minimum(app):
    two_pairs_met(app)
    app.home_action(ids.HOME_NOT_FIT, user=A)
    app.home_action(ids.HOME_NOT_FIT, user=C)
    assert why_asked(app, B) == []  # not the minute after: at a neutral moment, like the partner's notice
    app.tick(app.clock.now() + timedelta(days=1, hours=12))
    for user in (A, B, C, D):
        (asked,) = why_asked(app, user)
        assert "never shown to anyone" in asked["text"]
    (asked,) = why_asked(app, A)
    pair_value = button(asked, next(iter(ids.WHY_CHOICES)))["value"]
    tap(app, A, "match")
    goals = next(a for a, w in ids.WHY_CHOICES.items() if w == "goals")
    click(app, goals, pair_value, A, dm(A), asked)  # a second tap (a stale message, a retry) keeps the first
    (asked,) = why_asked(app, A)
    assert "Not the right match" in json.dumps(asked["blocks"]) and ids.WHY_CHOICES.keys().isdisjoint(
        {e.get("action_id") for b in asked["blocks"] for e in b.get("elements", [])}
    )
    tap(app, B, "time")
    shown = report(app)
    assert "Why pairings ended: not enough answers yet (2 so far)" in shown
    tap(app, C, "match")
    shown = report(app)
    assert "Why pairings ended (3 answers): Not the right match 2 · Hard to find time 1" in shown
    for user in (A, B, C):
        assert user not in shown.split("Why pairings ended")[1].split("\\n")[0]
    with app.session() as s:
        assert sorted(w.why for w in s.scalars(select(EndWhy))) == ["match", "match", "time"]
    # Someone who wasn't asked about a pairing can't answer for it.
    app.fake.add_user(ADMIN, "admin")
    click(app, goals, pair_value, ADMIN, dm(ADMIN), asked)
    with app.session() as s:
        assert len(s.scalars(select(EndWhy)).all()) == 3


def quiet_pair(app) -> tuple[int, str]:
    app.fake.add_user(ADMIN, "admin")
    enrol_all(app, (A, B))
    admin(app, "admin match")
    with app.session() as s:
        pair = s.scalars(select(Pair)).one()
        return pair.id, pair.channel_id


def tick_until(app, condition, *, most=timedelta(weeks=20), step=timedelta(hours=12)) -> None:
    end = app.clock.now() + most
    while not condition():
        assert app.clock.now() < end, "never happened"
        app.tick(app.clock.now() + step)


def status_of(app, pair_id: int) -> PairStatus:
    with app.session() as s:
        return s.get_one(Pair, pair_id).status


def private(app, user: str, kind: str) -> list[dict]:
    return [m for m in app.fake.messages_in(dm(user)) if kind_of(m) == kind]


def test_a_quiet_pair_nobody_answers_is_warned_then_closed_kindly(app):
    pair_id, _ = quiet_pair(app)
    tick_until(app, lambda: private(app, A, "stalled"))
    stalled_at = app.clock.now()
    tick_until(app, lambda: private(app, A, "closing"))
    assert app.clock.now() - stalled_at >= timedelta(weeks=1, days=6)  # about three weeks after, less one
    for user in (A, B):
        (warning,) = private(app, user, "closing")
        assert "I'll close it kindly then" in warning["text"] and "it's no one's fault" in warning["text"]
    with app.session() as s:
        assert s.get(Pair, pair_id).status is PairStatus.ACTIVE
    tick_until(app, lambda: status_of(app, pair_id) is not PairStatus.ACTIVE)
    with app.session() as s:
        pair = s.get(Pair, pair_id)
        assert pair.end_reason is EndReason.QUIET
        closed_after = pair.ended_at - stalled_at
    assert timedelta(weeks=2, days=6) <= closed_after <= timedelta(weeks=3, days=2)
    app.tick(app.clock.now() + timedelta(days=1))
    for user in (A, B):
        assert len(private(app, user, "closing")) == 1  # warned once
        told = [m["text"] for m in app.fake.messages_in(dm(user)) if kind_of(m) == "partner-gone"]
        assert len(told) == 1 and "closed after a quiet spell" in told[0]


def test_keep_going_after_the_warning_keeps_the_pair(app):
    pair_id, _ = quiet_pair(app)
    tick_until(app, lambda: private(app, A, "closing"))
    (warning,) = private(app, A, "closing")
    action = next(a for a, c in ids.STALLED_CHOICES.items() if c == "continue")
    click(app, action, button(warning, action)["value"], A, dm(A), warning)
    app.tick(app.clock.now() + timedelta(weeks=1, days=1))
    with app.session() as s:
        assert s.get(Pair, pair_id).status is PairStatus.ACTIVE


@pytest.mark.postgres
def test_keep_going_pressed_while_the_planner_closes_the_pair_keeps_it(pg_app):
    """The planner read the pair as quiet and due to close; meanwhile someone's "Keep going" holds its row. The
    closing waits for it, sees the answer, and closes nothing: decided by the database, not by timing."""
    app = pg_app
    pair_id, _ = quiet_pair(app)
    tick_until(app, lambda: private(app, A, "closing"))
    with app.session() as s:
        closes_on = s.get_one(Pair, pair_id).closes_on
    at = datetime.combine(closes_on, time(), UTC) + timedelta(hours=1)
    with planner_waits_for(app, at) as keep_going:  # "Keep going", as stalled_choice writes it
        keep_going.execute(text("SELECT id FROM pairs WHERE id = :p FOR UPDATE"), {"p": pair_id})
        keep_going.execute(text("UPDATE pairs SET stalled_at = NULL WHERE id = :p"), {"p": pair_id})
    with app.session() as s:
        pair = s.get_one(Pair, pair_id)
        assert pair.status is PairStatus.ACTIVE and pair.stalled_at is None


@pytest.mark.postgres
def test_a_check_in_answered_while_the_planner_marks_the_pair_stalled_keeps_it_alive(pg_app):
    """The planner read three unanswered check-ins and marks the pair stalled; meanwhile someone answers the
    last (the answer holds the pair's row while it commits). The planner waits for it, sees the answer, and
    neither marks the pair stalled nor asks anyone whether to go on: decided by the database."""
    app = pg_app
    pair_id, _ = quiet_pair(app)

    def checkins() -> list[Checkin]:
        with app.session() as s:
            return list(s.scalars(select(Checkin).where(Checkin.pair_id == pair_id).order_by(Checkin.seq)))

    tick_until(app, lambda: len(checkins()) == 3)
    last = checkins()[-1]
    with app.session() as s:
        member_id = s.get_one(Pair, pair_id).members[0].member_id
    with planner_waits_for(app, last.created_at + timedelta(days=3, hours=1)) as answer:  # as answer_checkin
        answer.get_one(Pair, pair_id, with_for_update=True)
        answer.add(
            CheckinAnswer(
                checkin_id=last.id, member_id=member_id, answer=Reply.MET, answered_at=app.clock.now()
            )
        )
        answer.execute(text("UPDATE pairs SET look_after = NULL WHERE id = :p"), {"p": pair_id})
    with app.session() as s:
        assert s.get_one(Pair, pair_id).stalled_at is None
    assert private(app, A, "stalled") == [] and private(app, B, "stalled") == []


@pytest.mark.postgres
def test_a_check_in_answered_while_the_planners_stall_commits_clears_it(pg_app):
    """The other order: the planner has marked the pair stalled, not yet committed, when someone taps *Met*.
    The answer waits for the pair's row and reads it afresh, so it clears the stall the planner wrote."""
    app = pg_app
    pair_id, channel = quiet_pair(app)
    tick_until(app, lambda: len(checkin_messages(app, channel)) == 3)
    last = checkin_messages(app, channel)[-1]
    with app.deps.sessions.kw["bind"].connect() as planner:
        stalling = planner.begin()
        stall = text("UPDATE pairs SET stalled_at = :at WHERE id = :p")
        planner.execute(stall, {"at": app.clock.now(), "p": pair_id})
        app.slack.block_action("checkin_met", button(last, "checkin_met")["value"], user=A, channel=channel,
                               ts=last["ts"], message=last)  # fmt: skip
        wait_for_waiters(app.deps.settings.database_url, 1)
        stalling.commit()
    app.settle()
    with app.session() as s:
        assert s.get_one(Pair, pair_id).stalled_at is None


def checkin_messages(app, channel: str) -> list[dict]:
    return [m for m in app.fake.messages_in(channel) if kind_of(m) == "checkin"]
