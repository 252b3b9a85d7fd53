"""Guides reach each person privately, for their side of this pairing: at introduction (in the programme's
own words), after the pair's first meeting, and at mid-term, when the pair also revisits its agreement."""

from __future__ import annotations

import json
from datetime import timedelta

from sqlalchemy import select

from bot import ids
from storage.models import Pair, Programme
from tests.conftest import ADMIN, START
from tests.e2e.test_keep_meeting import button, click, kind_of
from tests.e2e.test_rounds import enrol
from tests.factories import programme_of

JUNIOR, SENIOR = "UJUNIOR01", "USENIOR01"


def reverse_pair(app, junior_learns: str = "strategy") -> tuple[int, str]:
    app.fake.add_user(ADMIN, "admin")
    with app.deps.sessions.begin() as s:
        s.get_one(Programme, programme_of(s, "T123ABC456")).mode = "reverse"
    enrol(app, JUNIOR, teach=("ai-tools",), learn=(junior_learns,), department="engineering", stage="early")
    enrol(
        app,
        SENIOR,
        teach=("strategy",),
        learn=("ai-tools",),
        department="leadership",
        stage="executive",
    )
    app.command("admin match", user=ADMIN)
    with app.session() as s:
        pair = s.scalars(select(Pair)).one()
        return pair.id, pair.channel_id


def guides_to(app, user: str) -> list[dict]:
    return [m for m in app.fake.messages_in("D" + user[1:]) if kind_of(m) == "guide"]


def test_a_reverse_pair_gets_side_specific_guides_privately_at_introduction(app):
    reverse_pair(app)
    (junior,) = guides_to(app, JUNIOR)
    (senior,) = guides_to(app, SENIOR)
    junior_text, senior_text = json.dumps(junior["blocks"]), json.dumps(senior["blocks"])
    assert "You're teaching a more senior colleague" in junior_text
    assert "You're learning from a newer colleague" not in junior_text
    assert "You're learning from a newer colleague" in senior_text
    assert "You're teaching a more senior colleague" not in senior_text
    assert "reverse mentoring pairing" in junior["text"] and f"<@{SENIOR}>" in junior["text"]
    assert "just for you" in senior["text"]
    # Private: a DM each, which Slack opens on the first post to the person's id: the round opened one
    # conversation only, the pair's group DM.
    (opened,) = app.fake.calls_to("conversations.open")
    assert set(opened.args["users"].split(",")) == {JUNIOR, SENIOR}


def test_a_tip_after_the_first_meeting_only_and_the_mid_term_revisit_once(app):
    pair_id, channel = reverse_pair(app)
    day = START
    while not [m for m in app.fake.messages_in(channel) if kind_of(m) == "checkin"]:
        day += timedelta(hours=6)
        app.tick(day)
    (checkin,) = [m for m in app.fake.messages_in(channel) if kind_of(m) == "checkin"]
    click(app, "checkin_met", button(checkin, "checkin_met")["value"], JUNIOR, channel, checkin)
    app.tick(day + timedelta(days=1))
    for user in (JUNIOR, SENIOR):
        after = [g for g in guides_to(app, user) if "After your first meeting" in g["text"]]
        assert len(after) == 1, user
    assert "try one thing" in json.dumps(after[0]["blocks"]).lower()  # the senior learns: their side's tip
    with app.session() as s:
        ends_on = s.get(Pair, pair_id).ends_on
    halfway = START + (ends_on - START.date()) / 2
    for hours in range(0, 24 * 4, 6):
        app.tick(halfway + timedelta(hours=hours))
    (midterm,) = [m for m in app.fake.messages_in(channel) if kind_of(m) == "midterm"]
    shown = json.dumps(midterm["blocks"])
    assert "halfway through your term" in midterm["text"] and ids.INTRO_AGREEMENT in shown
    assert ids.SUGGEST_TIMES in shown
    for user in (JUNIOR, SENIOR):
        assert len([g for g in guides_to(app, user) if "Halfway through" in g["text"]]) == 1
    senior_mid = [g for g in guides_to(app, SENIOR) if "Halfway through" in g["text"]][0]
    assert "what have you changed" in json.dumps(senior_mid["blocks"]).lower()  # the senior learner's tip


def test_an_admin_s_own_guide_reaches_its_side_as_typed_and_can_be_listed_and_removed(app):
    app.fake.add_user(ADMIN, "admin")
    app.command("admin guides add sometime/sideways Title: text", user=ADMIN)
    assert "Say when and for which side" in app.fake.responses[-1]["text"]
    app.command("admin guides add intro/learn Your first hour: Bring &lt;!channel&gt; one paper.", user=ADMIN)
    added = app.fake.responses[-1]["text"]
    assert "Added `custom-1`" in added and "&lt;!channel&gt;" in added
    reverse_pair(app, junior_learns="hiring")  # the junior only teaches here: the senior only learns
    (senior,) = guides_to(app, SENIOR)  # the learner's guide reaches the learner
    (junior,) = guides_to(app, JUNIOR)
    shown = json.dumps(senior["blocks"])
    assert "Your first hour" in shown and "Bring &lt;!channel&gt; one paper." in shown  # typed: never markup
    assert "Your first hour" not in json.dumps(junior["blocks"])
    app.command("admin guides", user=ADMIN)
    assert (
        "`custom-1`" in app.fake.responses[-1]["text"] and "(intro, learn)" in app.fake.responses[-1]["text"]
    )
    app.command("admin guides remove custom-1", user=ADMIN)
    assert app.fake.responses[-1]["text"] == "Removed."
    app.command("admin guides", user=ADMIN)
    assert "you haven't added any" in app.fake.responses[-1]["text"]
