"""Slow work never holds the listener pool: messages are sent by one background sender per process."""

from __future__ import annotations

import itertools
import json

from sqlalchemy import select, update

from bot import ids
from bot.outbox import kinds
from bot.outbox.kinds import Kind
from bot.outbox.queue import enqueue
from bot.services.rounds import run_round
from storage.models import Outbox, OutboxStatus, Pair
from tests.conftest import RATE_SPEED, START
from tests.e2e.test_concurrency import at_once, enrol_many
from tests.factories import programme_of
from tests.fakes.slack_api import TEAM_ID


def pairs_already_introduced(app, n_people: int) -> list[Pair]:
    """n_people/2 pairs whose introductions went out long ago (their group DMs are known)."""
    enrol_many(app, n_people)
    with app.deps.sessions.begin() as s:
        run_round(
            session=s, programme_id=programme_of(s, TEAM_ID), now=START, catalogue_ranks={}, trigger="cli"
        )
        for pair in s.scalars(select(Pair)):
            pair.channel_id, pair.intro_ts = f"G{pair.id:09d}", "1700000000.000100"
        s.execute(update(Outbox).values(status=OutboxStatus.SENT))
        return list(s.scalars(select(Pair).order_by(Pair.id)))


def another_one(app, pair: Pair, n: int):
    user = pair.members[0].member.user_id
    return lambda: app.slack.block_action(
        ids.STARTER_ANOTHER, str(pair.id), user=user, channel=pair.channel_id, ts=f"1700000001.{n:06d}"
    )


def test_twenty_pairs_asking_for_another_starter_at_once_leave_every_request_answered(paced_app):
    app = paced_app
    pairs = pairs_already_introduced(app, 40)
    clicks = [another_one(app, pair, n) for n, pair in enumerate(pairs)]
    others = [lambda: app.slack.command("help"), lambda: app.slack.command("status")] * 6
    responses = at_once(*clicks, *others)
    app.settle()
    assert [r.status_code for r in responses] == [200] * 32  # nothing waited behind the sends
    starters = [c for c in app.fake.calls_to("chat.postMessage") if "Here's another one" in c.args["text"]]
    assert sorted(c.args["channel"] for c in starters) == sorted(p.channel_id for p in pairs)  # once each
    assert app.fake.calls_to("conversations.open") == []  # their group DMs were known: none reopened


def test_a_clicked_starter_goes_out_ahead_of_a_queue_of_introductions(paced_app):
    app = paced_app
    (pair,) = pairs_already_introduced(app, 2)
    enrol_many(app, 8, prefix="UQUEUE")  # four new pairs whose introductions wait, paced at 40 a minute
    with app.deps.sessions.begin() as s:
        run_round(
            session=s, programme_id=programme_of(s, TEAM_ID), now=START, catalogue_ranks={}, trigger="cli"
        )
    app.deps.bell.ring()
    click = app.slack.block_action(ids.STARTER_ANOTHER, str(pair.id), user=pair.members[0].member.user_id,
                                   channel=pair.channel_id, ts="1700000001.000001")  # fmt: skip
    app.settle()
    assert click.status_code == 200
    posts = [c.args["text"] for c in app.fake.calls_to("chat.postMessage")]
    # Four introductions and each person's guides (eight) queued first; the click's starter goes out third.
    assert len(posts) == 13 and any("Here's another one" in p for p in posts[:3]), json.dumps(posts, indent=1)


def test_paced_by_each_methods_own_limit_slack_never_says_slow_down(rate_limited_app):
    """Introductions (conversations.open at Tier 3, then a post) and two messages due together in each group
    DM (one a second per channel), against a fake Slack enforcing both as Slack does: no 429, each once."""
    app = rate_limited_app
    enrol_many(app, 24)
    with app.deps.sessions.begin() as s:
        run_round(
            session=s, programme_id=programme_of(s, TEAM_ID), now=START, catalogue_ranks={}, trigger="cli"
        )
    app.deps.bell.ring()
    app.settle()
    with app.session() as s:
        pairs = list(s.scalars(select(Pair).order_by(Pair.id)))
    with app.deps.sessions.begin() as s:  # two starters due together in each group DM, as two clicks queue
        for pair in pairs:
            for click in ("1700000001.000001", "1700000001.000002"):
                key = kinds.starter(pair.id, click)
                enqueue(session=s, team_id=TEAM_ID, key=key, kind=Kind.STARTER, now=START, pair_id=pair.id)
    app.deps.bell.ring()
    app.settle()
    assert app.fake.limits.refused == 0
    opened = app.fake.calls_to("conversations.open")
    assert len(opened) == len(pairs) == 12  # each group DM opened once, for its introduction
    posts = app.fake.calls_to("chat.postMessage")
    assert len(posts) == 12 + 24 + 24  # an introduction and two more starters each, and each person's guides
    by_channel: dict[str, list[float]] = {}
    for call in posts:
        by_channel.setdefault(call.args["channel"], []).append(call.at)
    gaps = [b - a for times in by_channel.values() for a, b in itertools.pairwise(times)]
    assert min(gaps) >= app.fake.limits.jitter / RATE_SPEED  # one a second per channel (arrivals jitter)


def test_a_tick_keeps_sending_past_a_minute_until_nothing_due_is_left(app, monkeypatch):
    """Cron mode: at Slack's pace a round's introductions take longer than the minute between two ticks;
    the tick goes on sending (it holds the sender's lease) instead of stopping after 45 s of it."""
    from types import SimpleNamespace

    from bot.outbox import send

    enrol_many(app, 24)
    with app.deps.sessions.begin() as s:
        run_round(
            session=s, programme_id=programme_of(s, TEAM_ID), now=START, catalogue_ranks={}, trigger="cli"
        )
    seconds = itertools.count(0, 10)  # each introduction takes ten seconds of the tick's time
    monkeypatch.setattr(send, "time", SimpleNamespace(monotonic=lambda: float(next(seconds))))
    report = app.tick(START)
    assert report.done["messages sent"] == 36  # introductions and guides: six minutes of sending, in one tick
    assert len(app.fake.calls_to("conversations.open")) == 12  # the guides' DMs Slack opens itself
