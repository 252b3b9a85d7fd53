"""The log an operator reads: a simulated day says a few useful lines at INFO (none for an idle minute),
and LOG_FORMAT=json writes one object per line, each carrying its request's surface and ids — never what
anyone wrote, never a token."""

import io
import json
import logging
from datetime import timedelta

from bot import logs
from bot.app import make_client
from bot.scheduler import due_now
from tests.conftest import ADMIN, START

NOTE = "my secret note about <!channel>"


def test_a_simulated_day_logs_a_few_useful_lines_as_json(app):
    root = logging.getLogger()
    kept = (root.handlers[:], root.level)
    stream = io.StringIO()
    logs.configure(logging.INFO, "json")
    root.handlers[0].setStream(stream)  # type: ignore[attr-defined]
    try:
        app.fake.add_user(ADMIN, "admin")
        app.clock.set(START - timedelta(days=1))
        app.join("UAAAA0001", teach=("sql",), learn=("python",), note=NOTE)
        app.join("UBBBB0002", teach=("python",), learn=("sql",))
        app.slack.block_action("no_such_button", "x", user="UAAAA0001", channel="C1", ts="1.2")  # logged
        app.settle()
        client = make_client(app.deps)
        for minute in range(0, 24 * 60, 5):  # the scheduler's tick, every five minutes of Monday
            app.clock.set(START.replace(hour=0) + timedelta(minutes=minute))
            due_now(app.deps, client)
            app.settle()
    finally:
        root.handlers[:], _ = kept
        root.setLevel(kept[1])
    lines = stream.getvalue().splitlines()
    entries = [json.loads(line) for line in lines]  # every line is one JSON object
    infos = [e for e in entries if e["level"] in ("INFO", "WARNING", "ERROR")]
    assert 1 <= len(infos) <= 10, lines  # the round, the introduction going out: not a line a minute
    assert any("1 rounds" in e["message"] for e in infos), lines
    unrouted = next(e for e in entries if "no listener" in e["message"])
    assert unrouted["surface"] == "action:no_such_button" and unrouted["user"] == "UAAAA0001"
    text = stream.getvalue()
    assert "secret note" not in text and app.fake.bot_token not in text
