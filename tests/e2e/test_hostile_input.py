"""Hostile and malformed input: typed text is shown as text, odd values get kind answers, bodies are
checked before they are read, and nothing in a modal's private_metadata is trusted."""

from __future__ import annotations

import json
import logging
from datetime import timedelta
from urllib.parse import quote

import pytest
import requests
from sqlalchemy import select

from bot import ids
from storage.models import CustomStarter, Pair, PollAnswer
from tests.conftest import ADMIN
from tests.e2e.test_keep_meeting import (
    FIRST_CHECKIN,
    LONDON,
    NY,
    button,
    click,
    kind_of,
    messages_of,
    one_pair,
)
from tests.fakes.slack_requests import profile_values, sign

# What a person could type to make the bot's own messages ping everyone, impersonate a mention or
# disguise a link.
PAYLOAD = "Hi <!channel> <!here> <@UEVIL00001> <https://evil.example|Open the HR portal> & co"
LIVE = ("<!channel>", "<!here>", "<@UEVIL00001>", "<https://evil.example")
# Keys whose strings Slack never renders as mrkdwn (ids, stored values, what a plain_text input holds).
NOT_RENDERED = {"value", "initial_value", "private_metadata", "block_id", "action_id", "callback_id", "trigger_id",
                "view_id", "hash", "ts", "channel", "user_id", "users", "id", "team_id", "external_id"}  # fmt: skip


def live_markup(value, where: str = "") -> list[str]:
    """Every place in a Web API call's arguments where a payload would be rendered as live markup."""
    if isinstance(value, str):
        if value.startswith(("{", "[")):
            try:
                return live_markup(json.loads(value), where)
            except ValueError:
                pass
        return [f"{where}: {value[:120]}"] if any(marker in value for marker in LIVE) else []
    if isinstance(value, dict):
        if value.get("type") == "plain_text":  # shown exactly as written: no markup at all
            return []
        return [p for k, v in value.items() if k not in NOT_RENDERED for p in live_markup(v, f"{where}.{k}")]
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in live_markup(v, f"{where}[{i}]")]
    return []


def everything_sent(app) -> list[str]:
    found = [p for c in app.fake.calls for p in live_markup(c.args, c.method)]
    return found + [p for r in app.fake.responses for p in live_markup(r, "response_url")]


def radio(value):
    return {
        "value": {"type": "radio_buttons", "selected_option": {"value": value} if value is not None else None}
    }


def typed(text):
    return {"value": {"type": "plain_text_input", "value": text}}


def test_text_people_type_never_reaches_slack_as_markup(app_without_shipped_starters):
    app = app_without_shipped_starters
    app.fake.add_user(ADMIN, "admin")
    for theme in ("career", "digital", "organisation"):  # the only starters there are
        app.command(f"admin starters add {theme} {PAYLOAD}", user=ADMIN)
    for user, tz, teach, learn in ((NY, "America/New_York", "python", "negotiation"),
                                   (LONDON, "Europe/London", "negotiation", "python")):  # fmt: skip
        app.fake.add_user(user, tz=tz)
        app.command("join", user=user)
        app.submit_modal(profile_values(teach=(teach,), learn=(learn,), note=PAYLOAD, perspectives=("caregiver",),
                                        consent=True), user=user)  # fmt: skip
    app.command("admin match", user=ADMIN)
    with app.session() as s:
        pair = s.scalars(select(Pair)).one()
        pair_id, channel = pair.id, pair.channel_id
    intro = app.fake.messages_in(channel)[0]
    assert "In their own words" in json.dumps(intro["blocks"])  # the note reached the partner, as text
    click(app, ids.INTRO_AGREEMENT, str(pair_id), NY, channel, intro)
    goals = {b["block_id"]: typed(PAYLOAD) for b in app.fake.modal()["blocks"]
             if b.get("block_id", "").startswith(ids.AGREEMENT_GOAL_PREFIX)}  # fmt: skip
    app.submit_modal({**goals, "agreement_cadence": radio("weekly"), "agreement_minutes": radio("30"),
                      "agreement_private": typed(PAYLOAD)}, user=NY)  # fmt: skip
    click(app, ids.INTRO_AGREE, str(pair_id), LONDON, channel, intro)
    app.submit_modal({}, user=LONDON)  # both agree: the weekly cadence is in force
    app.tick(FIRST_CHECKIN)
    (checkin,) = messages_of(app, channel, "checkin")
    click(app, "checkin_met", button(checkin, "checkin_met")["value"], NY, channel, checkin)
    click(app, ids.STARTER_ANOTHER, str(pair_id), NY, channel, checkin)
    app.tick(FIRST_CHECKIN + timedelta(days=1))
    dm = "D" + NY[1:]
    (poll,) = [m for m in app.fake.messages_in(dm) if kind_of(m) == "poll"]
    click(app, "poll_open", button(poll, "poll_open")["value"], NY, dm, poll)
    app.submit_modal({"poll_value": radio("4"), "poll_learned": radio("yes"), "poll_taught": radio("yes"),
                      "poll_fit": radio("good"), "poll_comment": typed(PAYLOAD)}, user=NY)  # fmt: skip
    app.command(f"pause {PAYLOAD}", user=NY)
    app.command(PAYLOAD, user=NY)
    app.command("admin starters", user=ADMIN)
    app.command(f"admin starters remove {PAYLOAD}", user=ADMIN)
    shown = json.dumps([c.args for c in app.fake.calls] + app.fake.responses)
    assert "&lt;!channel&gt;" in shown  # the payload did reach Slack: as text
    assert "Here's another one" in shown and "The request to the Slack API failed" not in shown
    assert everything_sent(app) == []


def test_a_starter_typed_with_slacks_escaping_is_stored_as_the_admin_typed_it(app):
    app.fake.add_user(ADMIN, "admin")
    app.command("admin starters add career Q&amp;A: what&#39;s &lt;hard&gt; about feedback?", user=ADMIN)
    with app.session() as s:
        assert s.scalars(select(CustomStarter.text)).one() == "Q&A: what&#39;s <hard> about feedback?"
    assert "Q&amp;A: what&amp;#39;s &lt;hard&gt; about" in app.fake.responses[-1]["text"]


# --- bodies are checked before they are read ---------------------------------------------------------

MALFORMED = {
    "not json": (b"payload=%7Bnot-json", "application/x-www-form-urlencoded"),
    "not utf-8": (b"payload=\xff\xfe\xfd", "application/x-www-form-urlencoded"),
    "a list": (b"payload=" + quote("[]").encode(), "application/x-www-form-urlencoded"),
    "a number": (b"payload=7", "application/x-www-form-urlencoded"),
    "broken event": (b'{"type": "event_callback", ', "application/json"),
    "event list": (b"[1, 2]", "application/json"),
}


@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_a_malformed_body_gets_401_unsigned_and_400_signed_with_one_line_in_the_log(app, case, caplog):
    body, content_type = MALFORMED[case]
    caplog.set_level(logging.INFO)
    unsigned = requests.post(app.slack.url, data=body, headers={"Content-Type": content_type}, timeout=10)
    assert unsigned.status_code == 401
    caplog.clear()
    signed = app.slack.post(body, content_type)
    app.settle()
    assert signed.status_code == 400
    assert not any(r.exc_info for r in caplog.records) and "Traceback" not in caplog.text
    assert len([r for r in caplog.records if r.levelno >= logging.WARNING]) == 1
    assert app.fake.methods() == ["auth.test"] and app.fake.responses == []


def test_an_oversized_body_is_refused_before_it_is_read(app):
    big = b"payload=" + b"x" * (2 * 1024 * 1024)
    r = requests.post(app.slack.url, data=big, headers={"Content-Type": "application/x-www-form-urlencoded"},
                      timeout=30)  # fmt: skip
    assert r.status_code == 413


# --- odd values get kind answers -----------------------------------------------------------------


def settings_values(**changes):
    values = {
        "mode": {"value": {"type": "static_select", "selected_option": {"value": "mutual"}}},
        "default_cadence": {"value": {"type": "static_select", "selected_option": {"value": "biweekly"}}},
        "round_weekday": {"value": {"type": "static_select", "selected_option": {"value": "0"}}},
        "round_hour": {"value": {"type": "static_select", "selected_option": {"value": "9"}}},
        "round_timezone": typed("Europe/London"),
        "term_weeks": {"value": {"type": "number_input", "value": "12"}},
        "cooldown_days": {"value": {"type": "number_input", "value": "182"}},
        "allow_trios": {"value": {"type": "checkboxes", "selected_options": []}},
        "checkin_hour": {"value": {"type": "static_select", "selected_option": {"value": "10"}}},
        "workday_start": {"value": {"type": "static_select", "selected_option": {"value": "9"}}},
        "workday_end": {"value": {"type": "static_select", "selected_option": {"value": "17"}}},
        "min_group_size": {"value": {"type": "number_input", "value": "3"}},
    }
    values.update(changes)
    return values


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("round_timezone", typed("Europe/" + "x" * 300), "timezone"),
        ("round_timezone", {"value": {"type": "plain_text_input", "value": 42}}, "timezone"),
        (
            "mode",
            {"value": {"type": "static_select", "selected_option": {"text": "no value"}}},
            "programme type",
        ),
        ("term_weeks", {"value": {"type": "number_input", "value": ["12"]}}, "whole number"),
    ],
)
def test_odd_values_in_the_settings_modal_get_inline_errors(app, field, value, error):
    app.fake.add_user(ADMIN, "admin")
    app.command("admin settings", user=ADMIN)
    r = app.submit_modal(settings_values(**{field: value}), user=ADMIN)
    assert r.status_code == 200 and r.json()["response_action"] == "errors"
    assert error in r.json()["errors"][field]


def test_a_non_admin_forging_the_settings_modal_changes_nothing(app):
    app.command("status")  # known to Slack (and to the bot's five-minute memory) as not an admin
    app.command("admin settings")
    r = app.submit("mentor_settings", settings_values(round_timezone=typed("Asia/Tokyo")))
    assert r.status_code == 200 and r.text == ""
    assert "for programme admins only" in app.fake.responses[-1]["text"] + json.dumps(app.fake.all_messages())
    from storage.models import Programme

    with app.session() as s:
        assert s.scalars(select(Programme)).all() == []


@pytest.mark.parametrize(
    "picked", [12345, ["2027-02-01"], {"date": "2027-02-01"}, "2027-02-30", "soon"], ids=repr
)
def test_an_odd_pause_date_gets_an_inline_error(app, picked):
    app.join()
    app.command("pause")
    values = {
        ids.PAUSE_UNTIL_BLOCK: {ids.PAUSE_UNTIL_ACTION: {"type": "datepicker", "selected_date": picked}}
    }
    r = app.submit_modal(values)
    assert r.status_code == 200 and r.json()["response_action"] == "errors"
    assert app.member().paused_until is None


def test_a_huge_pause_text_is_not_echoed_back(app):
    app.join()
    app.command("pause " + "forever and ever " * 20_000)
    reply = app.fake.responses[-1]["text"]
    assert len(reply) < 400 and "I couldn't read" in reply


def open_first_poll(app):
    pair_id, channel = one_pair(app)
    app.tick(FIRST_CHECKIN)
    (checkin,) = messages_of(app, channel, "checkin")
    click(app, "checkin_met", button(checkin, "checkin_met")["value"], NY, channel, checkin)
    app.tick(FIRST_CHECKIN + timedelta(days=1))
    dm = "D" + NY[1:]
    (poll,) = [m for m in app.fake.messages_in(dm) if kind_of(m) == "poll"]
    click(app, "poll_open", button(poll, "poll_open")["value"], NY, dm, poll)
    return app.fake.modal(), dm, poll


POLL = {
    "poll_value": radio("4"),
    "poll_learned": radio("yes"),
    "poll_taught": radio("no"),
    "poll_fit": radio("good"),
}


@pytest.mark.parametrize(
    "changes",
    [
        {"poll_value": radio("99")},
        {"poll_value": radio("0")},
        {"poll_learned": radio("maybe")},
        {"poll_fit": radio("excellent")},
        {"poll_value": {"value": {"type": "radio_buttons", "selected_option": {"text": "4"}}}},
        {"poll_comment": typed("y" * 1001)},
    ],
    ids=lambda c: next(iter(c)),
)
def test_a_poll_accepts_only_the_answers_it_offered(app, changes):
    modal, _, _ = open_first_poll(app)
    r = app.submit_modal({**POLL, **changes}, user=NY, modal=modal)
    assert r.json()["response_action"] == "errors"
    with app.session() as s:
        assert s.scalars(select(PollAnswer)).all() == []


def test_a_poll_submission_updates_its_own_message_whatever_the_metadata_says(app):
    modal, dm, poll = open_first_poll(app)
    london_dm = "D" + LONDON[1:]
    forged = dict(modal, private_metadata=json.dumps(
        {"key": json.loads(modal["private_metadata"] or "{}").get("key", ""), "channel": london_dm,
         "ts": app.fake.messages_in(london_dm)[-1]["ts"], "response_url": app.fake.response_url("forged")}))  # fmt: skip
    before = json.dumps(app.fake.messages_in(london_dm))
    assert app.submit_modal(POLL, user=NY, modal=forged).text == ""
    assert json.dumps(app.fake.messages_in(london_dm)) == before  # someone else's message is untouched
    (answered,) = [m for m in app.fake.messages_in(dm) if kind_of(m) == "poll"]
    assert "Thanks — answered" in json.dumps(answered["blocks"], ensure_ascii=False)
    assert not any(p.endswith("/forged") for p in app.fake.response_paths)


def test_a_modal_answers_only_where_it_was_opened_whatever_the_metadata_says(app):
    app.join()
    app.command("pause", response_key="where-i-typed")
    modal = app.fake.modal()
    forged = dict(modal, private_metadata=json.dumps({"response_url": app.fake.response_url("forged")}))
    app.submit_modal({ids.PAUSE_UNTIL_BLOCK: {ids.PAUSE_UNTIL_ACTION: {"type": "datepicker",
                                                                       "selected_date": None}}}, modal=forged)  # fmt: skip
    assert app.fake.response_paths[-1].endswith("/where-i-typed")
    assert "You're paused" in app.fake.responses[-1]["text"]
    assert not any(p.endswith("/forged") for p in app.fake.response_paths)


def test_signed_but_stale_requests_stay_refused(app):
    body = app.slack.command_body("help")
    r = app.slack.post(
        body, "application/x-www-form-urlencoded", timestamp=1, signature=sign(app.slack.secret, "1", body)
    )
    assert r.status_code == 401


@pytest.mark.parametrize("value", ["²", "12x", ""])
def test_a_garbled_id_on_a_button_is_refused_kindly_never_crashes(app, caplog, value):
    """'²' is a digit to str.isdigit but not to int(): every button's id is read through one helper."""
    app.fake.add_user("U123ABC456")
    for action in (next(iter(ids.WHY_CHOICES)), ids.ASK_TEACH_YES, ids.STORY_OPEN):
        response = app.slack.block_action(
            action, value, user="U123ABC456", channel="D123ABC456", ts="1.000001"
        )
        app.settle()
        assert response.status_code == 200
    assert "unhandled error" not in caplog.text
