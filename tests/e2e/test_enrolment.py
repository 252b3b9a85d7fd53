"""`/mentor join` and `/mentor profile`: the modal, inline validation, saving, timezone, editing."""

import json
import threading

import pytest
from sqlalchemy import func, select

from storage.models import Direction, Member, MemberPerspective, MemberStatus, MemberTopic, OpenModal
from tests.fakes.slack_requests import profile_values


def opened_view(app, index: int = -1) -> dict:
    return app.fake.modal(index)


def blocks_by_id(view: dict) -> dict:
    return {b.get("block_id"): b for b in view["blocks"] if b.get("block_id")}


def test_join_opens_the_modal_right_after_the_ack(app):
    r = app.command("join")
    assert r.status_code == 200 and r.text == ""
    (call,) = app.fake.calls_to("views.open")
    view = opened_view(app)
    assert view["callback_id"] == "mentor_join" and view["submit"]["text"] == "Join"
    blocks = blocks_by_id(view)
    assert {
        "teach",
        "learn",
        "note",
        "career_stage",
        "department",
        "cadence",
        "perspectives",
        "consent",
    } <= set(blocks)
    groups = blocks["teach"]["element"]["option_groups"]
    assert sum(len(g["options"]) for g in groups) >= 25
    assert view["private_metadata"] == ""  # where to answer is kept by the bot, not in the modal
    with app.session() as s:
        (opened,) = s.scalars(select(OpenModal)).all()
        assert (opened.view_id, opened.user_id) == (view["id"], "U123ABC456")
        assert opened.response_url.endswith("/response/T123ABC456/cmd")
    assert app.member() is None  # opening the modal enrols nobody


def test_submitting_the_modal_enrols_with_the_slack_timezone(app):
    app.fake.users["U123ABC456"].tz = "Asia/Kolkata"
    app.command("join")
    r = app.submit(
        "mentor_join",
        profile_values(teach=("python", "sql"), learn=("public-speaking",), stage="mid", department="data",
                       cadence="weekly", note="Happy to pair-program"),
    )  # fmt: skip
    assert r.status_code == 200 and r.text == ""  # an empty 200 closes the modal
    member = app.member()
    assert member.status is MemberStatus.ACTIVE and member.tz == "Asia/Kolkata"
    assert (member.career_stage, member.department, member.cadence, member.note) == (
        "mid",
        "data",
        "weekly",
        "Happy to pair-program",
    )
    topics = {(t.direction, t.topic) for t in member.topics}
    assert topics == {
        (Direction.TEACH, "python"),
        (Direction.TEACH, "sql"),
        (Direction.LEARN, "public-speaking"),
    }
    # The timezone came from the person's Slack profile; the Home tab's admin check reuses that answer.
    assert [c.args["user"] for c in app.fake.calls_to("users.info")] == ["U123ABC456"]
    (welcome,) = app.fake.calls_to("chat.postMessage")
    assert welcome.args["channel"] == "U123ABC456" and "Welcome to mutual mentoring" in welcome.args["text"]
    assert "Python & scripting" in welcome.args["text"]
    (home,) = app.fake.calls_to("views.publish")
    assert home.args["user_id"] == "U123ABC456" and "Edit my profile" in json.dumps(home.args["view"])


@pytest.mark.parametrize(
    ("profile", "block", "fragment"),
    [
        (dict(teach=()), "teach", "at least one topic"),
        (dict(learn=()), "learn", "at least one topic"),
        (dict(teach=("python",), learn=("python",)), "learn", "nothing to exchange"),
        (dict(perspectives=("caregiver",)), "consent", "Tick this box"),
        (dict(note="x" * 600), "note", "under 500"),
        (dict(teach=("quantum-basket-weaving",)), "teach", "no longer offered"),
        (dict(stage=None), "career_stage", "career stage"),
    ],
)
def test_invalid_fields_are_answered_inline_and_nothing_is_saved(app, profile, block, fragment):
    r = app.submit("mentor_join", profile_values(**profile))
    assert r.status_code == 200
    body = r.json()
    assert body["response_action"] == "errors" and fragment in body["errors"][block]
    assert app.member() is None
    assert app.fake.methods() == ["auth.test"]  # no Slack call: the person is still in the modal


def test_joining_again_edits_the_same_profile(app):
    app.join(teach=("python",), learn=("writing",))
    app.command("profile")
    view = opened_view(app)
    blocks = blocks_by_id(view)
    assert view["submit"]["text"] == "Save"
    assert [o["value"] for o in blocks["teach"]["element"]["initial_options"]] == ["python"]
    assert blocks["career_stage"]["element"]["initial_option"]["value"] == "early"
    app.submit_modal(profile_values(teach=("sql", "hiring"), learn=("writing",), cadence="monthly"))
    with app.session() as s:
        assert s.scalar(select(func.count()).select_from(Member)) == 1
        assert s.scalar(select(func.count()).select_from(MemberTopic)) == 3
    member = app.member()
    assert sorted(t.topic for t in member.topics if t.direction is Direction.TEACH) == ["hiring", "sql"]
    assert member.cadence == "monthly"
    assert len(app.fake.calls_to("chat.postMessage")) == 1  # one welcome only; the edit is confirmed in place
    assert "Your mentoring profile is saved" in app.responses_text()


def test_perspectives_are_stored_only_with_consent(app):
    app.join(perspectives=("caregiver", "first-gen"), consent=True)
    member = app.member()
    assert member.perspectives_consent
    assert sorted(p.perspective for p in member.perspectives) == ["caregiver", "first-gen"]
    app.submit("mentor_join", profile_values())  # cleared and consent withdrawn
    member = app.member()
    assert not member.perspectives_consent
    with app.session() as s:
        assert s.scalar(select(func.count()).select_from(MemberPerspective)) == 0


def test_if_slack_cannot_say_the_timezone_the_profile_is_still_saved(app):
    app.fake.fail("users.info", error="user_not_found")
    app.join()
    member = app.member()
    assert member is not None and member.tz is None


def test_a_double_submitted_modal_creates_one_member(app):
    values = profile_values()
    responses = []
    threads = [
        threading.Thread(target=lambda: responses.append(app.slack.view_submission("mentor_join", values)))
        for _ in range(4)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    app.settle()
    assert [r.status_code for r in responses] == [200] * 4
    with app.session() as s:
        assert s.scalar(select(func.count()).select_from(Member)) == 1
    assert len(app.fake.calls_to("chat.postMessage")) == 1  # welcomed once


def test_a_rate_limited_views_open_is_retried_after_retry_after(app):
    app.fake.fail("views.open", status=429, retry_after=1)
    app.command("join")
    calls = app.fake.calls_to("views.open")
    assert len(calls) == 2 and calls[1].at - calls[0].at >= 1.0
    assert app.fake.responses == []  # it worked: no apology was needed


def test_a_slack_error_gets_a_kind_reply_not_silence(app, caplog):
    app.fake.fail("views.open", error="internal_error")
    r = app.command("join")
    assert r.status_code == 200
    (reply,) = app.fake.responses
    assert reply["response_type"] == "ephemeral" and "something went wrong on our side" in reply["text"]
    assert "Traceback" not in reply["text"]
    assert any(rec.exc_info for rec in caplog.records if rec.name == "handlers.errors")
