"""The skills market's action, end to end: the report offers a button by each scarce topic; it asks, privately
and once per person and topic ever, the people who teach a neighbouring topic whether they could teach it
too; "yes" adds it to what they teach."""

from __future__ import annotations

import json
import threading
from datetime import timedelta

import pytest
from sqlalchemy import select

from bot import ids
from storage.models import Direction, Member, MemberTopic, Outbox, TeachAsk
from tests.conftest import ADMIN
from tests.e2e.test_keep_meeting import button, click
from tests.e2e.test_rounds import enrol

PYTHONISTA, SQL_FAN, NEGOTIATOR = "UPYTHON01", "USQLFAN01", "UNEGOT001"
LEARNERS = ("ULEARN001", "ULEARN002", "ULEARN003")


def pool(app) -> None:
    """Three want AI tools and nobody teaches it; near it (the same catalogue group): one teaches Python,
    one teaches SQL but wants AI tools themselves; one teaches only negotiation (not near)."""
    app.fake.add_user(ADMIN, "admin")
    for user in LEARNERS:
        enrol(app, user, teach=("public-speaking",), learn=("ai-tools",))
    enrol(app, PYTHONISTA, teach=("python",), learn=("negotiation",))
    enrol(app, SQL_FAN, teach=("sql",), learn=("ai-tools",))
    enrol(app, NEGOTIATOR, teach=("negotiation",), learn=("python",))


def report_blocks(app) -> list[dict]:
    app.command("report", user=ADMIN)
    return app.fake.responses[-1]["blocks"]


def ask_button(blocks: list[dict]) -> dict:
    (actions,) = [b for b in blocks if b.get("block_id") == ids.ASK_TEACH]
    return next(e for e in actions["elements"] if "AI tools" in e["text"]["text"])


def press(app, value: str, user: str = ADMIN) -> str:
    app.slack.block_action(ids.ASK_TEACH, value, user=user, channel="D" + user[1:], ts="1700000000.000100")
    app.settle()
    return app.fake.responses[-1]["text"]


def asks_to(app, user: str) -> list[dict]:
    app.tick(app.clock.now() + timedelta(days=1))  # asked at a working hour of theirs
    return [m for m in app.fake.messages_in("D" + user[1:]) if "could you teach it too" in m["text"]]


def teaches(app, user: str) -> set[str]:
    with app.session() as s:
        member = s.scalars(select(Member).where(Member.user_id == user)).one()
        return {t.topic for t in member.topics if t.direction is Direction.TEACH}


def test_a_scarce_topic_s_neighbours_are_asked_once_and_yes_adds_it_to_what_they_teach(app):
    pool(app)
    blocks = report_blocks(app)
    shown = json.dumps(blocks)
    assert (
        "More people waiting than teaching" in shown and "AI tools &amp; prompt writing: 4 waiting" in shown
    )
    said = press(app, ask_button(blocks)["value"])
    assert "4 people want to learn *AI tools &amp; prompt writing*" in said and "Asked 1 colleague " in said
    (ask,) = asks_to(app, PYTHONISTA)  # Python is near; SQL's teacher wants it; negotiation isn't near
    assert "4 colleagues in your programme want to learn *AI tools &amp; prompt writing*" in ask["text"]
    for user in (SQL_FAN, NEGOTIATOR, *LEARNERS):
        assert asks_to(app, user) == []
    # Asking again asks nobody twice.
    assert (
        "Asked 0 colleagues" in press(app, ask_button(blocks)["value"])
        and "1 asked about it before" in (app.fake.responses[-1]["text"])
    )
    assert len(asks_to(app, PYTHONISTA)) == 1
    dm = "D" + PYTHONISTA[1:]
    for _ in range(2):  # a double click answers once
        click(app, ids.ASK_TEACH_YES, button(ask, ids.ASK_TEACH_YES)["value"], PYTHONISTA, dm, ask)
    assert teaches(app, PYTHONISTA) == {"python", "ai-tools"}
    (ask,) = asks_to(app, PYTHONISTA)
    assert "is now among what you teach" in json.dumps(ask["blocks"]) and ids.ASK_TEACH_YES not in json.dumps(
        ask["blocks"]
    )
    with app.session() as s:
        assert [a.answer for a in s.scalars(select(TeachAsk))] == ["yes"]


def test_not_this_time_changes_nothing_and_only_admins_may_ask(app):
    pool(app)
    value = ask_button(report_blocks(app))["value"]
    assert "admin" in press(app, value, user=NEGOTIATOR).lower()  # not an admin: refused kindly, nothing sent
    assert asks_to(app, PYTHONISTA) == []
    app.command("admin ask-teach no-such-topic", user=ADMIN)
    assert "isn't in this programme's catalogue" in app.fake.responses[-1]["text"]
    app.command("admin ask-teach AI tools & prompt writing", user=ADMIN)
    (ask,) = asks_to(app, PYTHONISTA)
    dm = "D" + PYTHONISTA[1:]
    click(app, ids.ASK_TEACH_NO, button(ask, ids.ASK_TEACH_NO)["value"], PYTHONISTA, dm, ask)
    assert teaches(app, PYTHONISTA) == {"python"}
    assert "Nothing changes" in json.dumps(asks_to(app, PYTHONISTA)[0]["blocks"])


@pytest.mark.postgres
def test_two_admins_asking_at_once_ask_each_person_once(pg_app):
    app = pg_app
    pool(app)
    value = ask_button(report_blocks(app))["value"]
    start = threading.Barrier(2)

    def click_ask() -> None:
        start.wait()
        app.slack.block_action(
            ids.ASK_TEACH, value, user=ADMIN, channel="D" + ADMIN[1:], ts="1700000000.000100"
        )

    threads = [threading.Thread(target=click_ask) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    app.settle()
    with app.session() as s:
        assert len(s.scalars(select(TeachAsk)).all()) == 1
        assert len([o for o in s.scalars(select(Outbox)) if o.kind.value == "ask-teach"]) == 1
        assert s.scalars(select(MemberTopic)).all()  # untouched until they answer
    assert len(asks_to(app, PYTHONISTA)) == 1
