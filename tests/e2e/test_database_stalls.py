"""A database held up elsewhere never delays an acknowledgement or a modal, and never half-applies a change.

While another connection holds a lock (PostgreSQL: the members table; SQLite: the database's one write
lock), people join, pause, ask for help and their status at once. Every request is acknowledged while
the lock is still held; modals open at once and say "busy" if their data can't be read; work that needs
the database gives up after a short wait and says so, changing nothing.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from bot import ids
from tests.conftest import START
from tests.e2e.test_concurrency import at_once, held

BUSY = "busy right now"
PAUSER = "U123ABC456"


@contextmanager
def database_held(db_url: str) -> Iterator[None]:
    if db_url.startswith("sqlite"):
        conn = sqlite3.connect(db_url.removeprefix("sqlite:///"), isolation_level=None)
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("UPDATE members SET updated_at = updated_at")
        try:
            yield
        finally:
            conn.rollback()
            conn.close()
        return
    with held(db_url, "LOCK TABLE members IN ACCESS EXCLUSIVE MODE"):
        yield


def pause_values(day):
    return {
        ids.PAUSE_UNTIL_BLOCK: {
            ids.PAUSE_UNTIL_ACTION: {"type": "datepicker", "selected_date": day.isoformat()}
        }
    }


def modal_texts(app) -> str:
    return " ".join(str(c.args.get("view")) for c in app.fake.calls_to("views.update"))


def test_a_held_database_delays_no_ack_and_no_modal_and_changes_nothing_by_halves(app, db_url):
    app.join(PAUSER)
    app.fake.add_user("UNEWCOMER", "newcomer")
    with database_held(db_url):
        responses = at_once(
            lambda: app.slack.command("join", user="UNEWCOMER"),
            lambda: app.slack.view_submission(
                ids.PAUSE_VIEW, pause_values(START.date() + timedelta(days=14))
            ),
            lambda: app.slack.command("status"),
            lambda: app.slack.command("help"),
            lambda: app.slack.home_opened(PAUSER),
            *[lambda: app.slack.command("help", user="UNEWCOMER")] * 6,
        )
        # Every answer came back while the lock was still held: nothing before an ack waits on it.
        assert [r.status_code for r in responses] == [200] * 11
        assert all("/mentor join" in r.text for r in responses[3:4] + responses[5:])
        app.settle()  # still held: the work gives up after a short wait instead of hanging
    assert app.fake.late_modals == []  # the join modal opened inside its trigger's three seconds
    assert app.fake.calls_to("views.open")[-1].args["trigger_id"]
    member = app.member(PAUSER)
    told = app.responses_text() + " ".join(m["text"] for m in app.fake.messages_in("D" + PAUSER[1:]))
    paused = member.paused_until is not None
    assert paused == ("You're paused until" in told)  # applied and said, or neither
    if db_url.startswith("postgresql"):  # the members table itself was locked: nothing could be read
        assert not paused and BUSY in told
        assert BUSY in modal_texts(app)
    else:  # SQLite's readers don't wait for its writer: reads go on, writes say they're busy
        assert not paused and BUSY in told and "You're *active*" in told
        assert "mentor_join" in modal_texts(app)
    # Once the lock is gone, the same requests simply work.
    app.submit(ids.PAUSE_VIEW, pause_values(START.date() + timedelta(days=14)))
    assert app.member(PAUSER).paused_until == START.date() + timedelta(days=14)
