"""Slack's request signing is enforced, the health check answers, and help is always at hand."""

import json
import time

import pytest
import requests
from sqlalchemy import func, select

from storage.models import Member
from tests.conftest import ADMIN
from tests.fakes.slack_requests import sign


def count_members(app) -> int:
    with app.session() as s:
        return s.scalar(select(func.count()).select_from(Member))


def test_healthz_answers_once_ready(app):
    r = requests.get(app.base_url + "/healthz", timeout=5)
    assert (r.status_code, r.text) == (200, "ok\n")
    assert requests.get(app.base_url + "/nope", timeout=5).status_code == 404


@pytest.mark.parametrize("case", ["unsigned", "tampered", "stale", "wrong_secret", "future"])
def test_requests_not_signed_by_slack_get_401_and_change_nothing(app, case):
    body = app.slack.command_body("pause 3 weeks")
    app.join()
    before = app.fake.methods()
    ts = int(time.time())
    if case == "unsigned":
        r = requests.post(
            app.slack.url, data=body, headers={"Content-Type": "application/x-www-form-urlencoded"}
        )
    elif case == "tampered":
        signature = sign(app.slack.secret, str(ts), body)
        r = app.slack.post(
            body.replace(b"pause", b"leave"), "application/x-www-form-urlencoded", signature=signature
        )
    elif case == "stale":
        r = app.slack.post(body, "application/x-www-form-urlencoded", timestamp=ts - 6 * 60)
    elif case == "future":
        r = app.slack.post(body, "application/x-www-form-urlencoded", timestamp=ts + 6 * 60)
    else:
        r = app.slack.post(
            body, "application/x-www-form-urlencoded", signature=sign("not-the-secret", str(ts), body)
        )
    app.settle()
    assert r.status_code == 401
    assert app.fake.methods() == before and app.fake.responses == []
    assert app.member().paused_until is None


def test_url_verification_echoes_the_challenge(app):
    body = json.dumps(
        {
            "token": "x",
            "challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P",
            "type": "url_verification",
        }
    ).encode()
    r = app.slack.post(body, "application/json")
    assert r.status_code == 200 and "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P" in r.text


@pytest.mark.parametrize("text", ["", "help", "  HELP  ", "?"])
def test_help_lists_every_command_in_the_ack_itself(app, text):
    r = app.command(text)
    assert r.status_code == 200
    reply = r.text
    for sub in ["join", "profile", "status", "pause", "resume", "leave", "help"]:
        assert f"/mentor {sub}" in reply
    assert "/mentor admin" not in reply and "/mentor report" not in reply  # not a member's
    app.settle()
    assert app.fake.responses == []  # a member's help is the ack alone


def test_an_admin_s_help_adds_the_admin_commands(app):
    app.fake.add_user(ADMIN, "admin")
    r = app.command("help", user=ADMIN)
    assert "/mentor join" in r.text  # at once, in the ack…
    app.settle()
    (follow,) = app.fake.responses  # …then, once we know who asked, the admin's own commands
    assert "/mentor report" in follow["text"] and "/mentor admin match" in follow["text"]


def test_an_unknown_command_says_so_kindly_and_shows_help(app):
    r = app.command("frobnicate <@U999|zed> please")
    reply = r.text
    assert reply.startswith("I don't know `/mentor frobnicate`") and "/mentor join" in reply
    assert count_members(app) == 0
