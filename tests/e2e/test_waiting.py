"""People waiting two rounds or more appear on the admins' Home with why (a class: working hours, topics,
cooldown…) and what would help — and an avoid list is never named, not even as a reason."""

from __future__ import annotations

import json
from datetime import timedelta

import numpy as np
from sqlalchemy import select

from bot.matching.scoring import Candidate, Rules
from bot.waiting import ALONE, COOLDOWN, OTHER, TAKEN, TIMEZONE, TOPICS, WaitingReasons
from storage.models import RoundEntry
from tests.conftest import ADMIN, START
from tests.e2e.test_rounds import PEOPLE, enrol

A, B, C, D = PEOPLE
MONDAY = START.replace(hour=9, minute=30)


def home_of(app, user: str) -> str:
    app.home_opened(user)
    return json.dumps(app.fake.calls_to("views.publish")[-1].args["view"], ensure_ascii=False)


def test_two_rounds_apart_by_timezone_show_on_the_admin_home_with_what_would_help(app):
    app.fake.add_user(ADMIN, "admin")
    enrol(app, A, tz="Europe/London")
    enrol(app, B, tz="Pacific/Auckland")  # no shared working hours with London
    app.tick(MONDAY)
    assert "Waiting two rounds or more" not in home_of(app, ADMIN)  # one round: not yet
    app.tick(MONDAY + timedelta(days=7))
    shown = home_of(app, ADMIN)
    assert "Waiting two rounds or more" in shown
    assert f"<@{A}> — 2 rounds · working hours" in shown and "invite colleagues in a nearby timezone" in shown
    with app.session() as s:
        assert {e.why for e in s.scalars(select(RoundEntry))} == {TIMEZONE}
    assert "Waiting two rounds or more" not in home_of(app, A)  # admins only
    app.command("report", user=ADMIN)
    report = json.dumps(app.fake.responses[-1], ensure_ascii=False)
    assert f"<@{A}> — nobody in the last round could be paired with them (working hours" in report


def test_an_avoid_list_is_never_given_as_the_reason(app):
    app.fake.add_user(ADMIN, "admin")
    enrol(app, A)
    enrol(app, B)
    app.command(f"avoid <@{B}|bea>", user=A)
    app.tick(MONDAY)
    app.tick(MONDAY + timedelta(days=7))
    shown = home_of(app, ADMIN)
    assert f"<@{A}> — 2 rounds · no suitable partner this round" in shown
    assert "avoid" not in shown.lower()
    app.command("report", user=ADMIN)
    report = json.dumps(app.fake.responses[-1], ensure_ascii=False)
    assert f"<@{A}> — nobody in the last round could be paired with them\\n" in report  # no reason given
    assert "avoid" not in report.lower()


def test_the_reason_classes():
    def person(key: int, teach=("a",), learn=("b",), offset=0) -> Candidate:
        return Candidate(
            key=key,
            teach=frozenset(teach),
            learn=frozenset(learn),
            utc_offset_minutes=offset,
            stage=1,
            department="x",
        )

    def why(people, rules=None, weights=None) -> str:
        chosen = rules or Rules(min_overlap_hours=2.0)
        return WaitingReasons(people, chosen).why(0, np.array(weights or [0.0] * len(people)))

    me, far, near = person(1), person(2, offset=12 * 60), person(3, teach=("b",), learn=("a",))
    assert why([me]) == ALONE
    assert why([me, far]) == TIMEZONE
    assert why([me, person(4)]) == TOPICS  # nothing to exchange
    assert why([me, near], weights=[0.0, 5.0]) == TAKEN
    pair = frozenset((1, 3))
    assert why([me, near], Rules(forbidden=frozenset({pair}), cooldown=frozenset({pair}))) == COOLDOWN
    assert why([me, near], Rules(forbidden=frozenset({pair}))) == OTHER  # e.g. an avoid list: never named
    assert why([me, person(5, offset=None)]) == TOPICS  # an unknown zone is no constraint
    assert why([me, far, person(5, offset=11 * 60), person(6)]) == TIMEZONE  # the most common block
