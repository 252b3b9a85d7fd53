"""Messages that may or may not have gone out: never sent twice blind, never lost in silence."""

from __future__ import annotations

import json
import logging
from datetime import timedelta

import pytest
from sqlalchemy import select

from storage.models import Outbox, OutboxStatus, Pair
from tests.conftest import ADMIN, START
from tests.e2e.test_rounds import admin, enrol_all, intros


def posts_to_pairs(app):
    return [c for c in app.fake.calls_to("chat.postMessage") if c.args["channel"].startswith("G")]


def test_a_connection_dropped_after_slack_stored_the_message_never_duplicates_it(app):
    """Slack posts the introduction, then the connection breaks before its answer arrives: the Web API
    client must not resend it blind; the outbox looks in the conversation first, finds it, and is done."""
    app.fake.add_user(ADMIN, "admin")
    enrol_all(app)
    app.fake.fail("chat.postMessage", drop=True, times=1)
    admin(app, "admin match")
    assert len(intros(app)[0]) == 2 and len(posts_to_pairs(app)) == 2  # the dropped one was not resent blind
    app.tick(START + timedelta(minutes=10))  # the retry looks before it sends
    assert len(intros(app)[0]) == 2 and len(posts_to_pairs(app)) == 2
    assert len(app.fake.calls_to("conversations.history")) == 1
    with app.session() as s:
        assert {o.status for o in s.scalars(select(Outbox))} == {OutboxStatus.SENT}


def test_a_dropped_connection_on_a_read_is_simply_retried(app):
    app.fake.fail("users.info", drop=True)
    app.join()
    assert app.member().tz == "Europe/London"  # the join asked Slack again at once: a read is safe to repeat


@pytest.mark.parametrize("error", ["missing_scope", "not_in_channel"])
def test_a_send_that_cant_be_checked_is_reported_not_retried_for_hours(app, error, caplog):
    app.fake.add_user(ADMIN, "admin")
    enrol_all(app)
    app.fake.fail("chat.postMessage", status=500)  # may or may not have arrived
    app.fake.fail("conversations.history", error=error, times=5)  # and we can't look
    admin(app, "admin match")
    with caplog.at_level(logging.INFO):
        app.tick(START + timedelta(minutes=10))
        app.tick(START + timedelta(hours=3))
    assert len(app.fake.calls_to("conversations.history")) == 1  # not asked again and again
    with app.session() as s:
        failed = s.scalars(select(Outbox).where(Outbox.status == OutboxStatus.FAILED)).one()
        assert error in failed.last_error
        meant_for = sorted(pm.member.user_id for pm in s.get(Pair, failed.pair_id).members)
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR and r.name.startswith("bot.")]
    assert len(errors) == 1 and error in errors[0].getMessage() and "history" in errors[0].getMessage()
    app.command("report", user=ADMIN)  # the admins see it, and who it was for
    report = json.dumps(app.fake.responses[-1])
    assert "could not be delivered: 1" in report and all(f"<@{u}>" in report for u in meant_for)


def test_a_dropped_post_to_someone_s_own_dm_is_found_there_not_sent_again(app):
    """One person's messages go to their user id (Slack opens the DM); if the answer is lost, the retry
    opens the DM to read it, finds the message, and is done."""
    from bot.outbox import kinds
    from tests.e2e.test_keep_meeting import FIRST_CHECKIN, button, click, messages_of, one_pair

    pair_id, channel = one_pair(app)
    app.tick(FIRST_CHECKIN)
    (checkin,) = messages_of(app, channel, "checkin")
    app.fake.fail("chat.postMessage", drop=True, times=1)
    click(app, "checkin_met", button(checkin, "checkin_met")["value"], "UNNNN0001", channel, checkin)
    for hours in (24, 25, 26):  # the polls and the after-first-meeting tips go out, and any retry
        app.tick(FIRST_CHECKIN + timedelta(hours=hours))
    keys = [
        kinds.key_in((m.get("blocks") or [{}])[0].get("block_id", ""))
        for ch, messages in app.fake.all_messages().items()
        if ch.startswith("D")
        for m in messages
    ]
    keys = [k for k in keys if k]  # (the welcomes to joiners are answers, not outbox messages)
    assert len(keys) == len(set(keys)) >= 6  # the intro guides, then a poll and a tip each: none twice
    assert len(app.fake.calls_to("conversations.history")) == 1
    with app.session() as s:
        assert {o.status for o in s.scalars(select(Outbox))} == {OutboxStatus.SENT}
