"""Refusals and failures after the ack reach the person as a kind reply, and Slack always gets its 200.

Bolt acknowledges from its request thread once the listener calls ack(); if the listener then raises,
Bolt's thread runner throws that acknowledgement away, and when that happens within one of its 10 ms polls
the request ends, three seconds later, in a 404 ("/mentor failed" beside the reply). These refusals are
quick on purpose (users.info comes from the cache the second time), so they land inside that window.
"""

from __future__ import annotations

import pytest

from bot import ids
from tests.conftest import ADMIN
from tests.e2e.test_rounds import admin, enrol_all, intros

REPEATS = 5


@pytest.mark.parametrize(
    ("text", "reply"),
    [
        ("report", "for programme admins only"),
        ("admin match", "for programme admins only"),
        ("pause 3 weeks", "not in the mentoring programme yet"),
        ("avoid <@U123ABC456|steve>", "can't avoid yourself"),
    ],
)
def test_a_refused_command_gets_its_200_and_a_kind_reply_every_time(app, text, reply):
    for attempt in range(REPEATS):
        response = app.command(text)
        assert response.status_code == 200, f"attempt {attempt + 1}: {response.status_code}"
        assert reply in app.fake.responses[-1]["text"]
    assert len(app.fake.responses) == REPEATS  # one answer each, from one place


def test_a_refused_button_gets_its_200_and_a_kind_reply(app):
    app.fake.add_user(ADMIN, "admin")
    enrol_all(app)
    admin(app, "admin match")
    (channel, message), *_ = intros(app)[0]
    pair_id = next(e["value"] for b in message["blocks"] if b["type"] == "actions" for e in b["elements"])
    app.fake.add_user("UOUTSIDE1", "outsider")
    before = len(app.fake.responses)
    for attempt in range(REPEATS):
        response = app.slack.block_action(
            ids.PAIR_RESUME, pair_id, user="UOUTSIDE1", channel=channel, ts=message["ts"]
        )
        app.settle()
        assert response.status_code == 200, f"attempt {attempt + 1}: {response.status_code}"
    refusals = app.fake.responses[before:]
    assert len(refusals) == REPEATS and all(
        "belongs to the people in this pairing" in r["text"] for r in refusals
    )


def test_every_listener_is_registered_through_the_one_error_answerer(app):
    """Bolt sees one router per kind of request; each routes to a listener built by handlers.listen."""
    routers = app.bolt._listeners  # Bolt keeps them here
    assert sorted(x.ack_function.__name__ for x in routers) == ["route_action", "route_command", "route_event",
                                                                 "route_view"]  # fmt: skip
    from handlers.listen import Routes

    routes = Routes()
    import handlers

    for surface in (handlers.commands, handlers.actions, handlers.views, handlers.events):
        surface.register(routes)
    listeners = [run for table in routes.tables.values() for run in table.values()]
    assert len(listeners) > 30 and all(getattr(run, "guarded", False) for run in listeners)
