"""The App Home tab: the person's state and the buttons that act on it."""

import json

from storage.models import MemberStatus


def published(app) -> dict:
    view = app.fake.calls_to("views.publish")[-1].args["view"]
    return json.loads(view) if isinstance(view, str) else view


def buttons(view: dict) -> list[str]:
    return [e["action_id"] for b in view["blocks"] if b["type"] == "actions" for e in b["elements"]]


def test_someone_new_sees_a_join_button(app):
    r = app.home_opened()
    assert r.status_code == 200
    view = published(app)
    assert view["type"] == "home" and buttons(view) == ["home_join"]
    assert "not in the mentoring programme yet" in json.dumps(view)


def test_a_member_sees_their_profile_and_controls(app):
    app.join(teach=("negotiation",), learn=("sql",))
    app.home_opened()
    view = published(app)
    assert buttons(view) == [
        "home_edit_profile",
        "home_pause",
        "home_avoid",
        "home_guides",
        "talk_to_team",
        "home_leave",
    ]
    assert "Negotiation" in json.dumps(view)


def test_a_paused_member_sees_resume(app):
    app.join()
    app.command("pause 3 weeks")
    app.home_opened()
    view = published(app)
    assert buttons(view) == [
        "home_edit_profile",
        "home_resume",
        "home_avoid",
        "home_guides",
        "talk_to_team",
        "home_leave",
    ]
    assert "paused until *25 January 2027*" in json.dumps(view)


def test_the_messages_tab_publishes_nothing(app):
    event = {"type": "app_home_opened", "user": "U123ABC456", "channel": "D123ABC456", "tab": "messages",
             "event_ts": "1715873754.429808"}  # fmt: skip
    assert app.slack.event(event).status_code == 200
    app.settle()
    assert app.fake.calls_to("views.publish") == []


def test_a_retried_event_is_harmless(app):
    app.home_opened()
    app.home_opened(retry=1)
    calls = app.fake.calls_to("views.publish")
    assert len(calls) == 2 and calls[0].args["view"] == calls[1].args["view"]  # same view, nothing else sent


def test_home_buttons_open_the_right_modals(app):
    app.home_action("home_join")
    app.join()
    for action, callback in [("home_edit_profile", "mentor_join"), ("home_pause", "mentor_pause"),
                             ("home_leave", "mentor_leave")]:  # fmt: skip
        r = app.home_action(action)
        assert r.status_code == 200 and r.text == ""
        view = app.fake.modal()
        assert view["callback_id"] == callback
    assert len(app.fake.calls_to("views.open")) == 5  # the first home_join, join(), and the three above


def test_resume_button(app):
    app.join()
    app.command("pause 3 weeks")
    app.home_action("home_resume")
    assert app.member().status is MemberStatus.ACTIVE
    assert buttons(published(app)) == [
        "home_edit_profile",
        "home_pause",
        "home_avoid",
        "home_guides",
        "talk_to_team",
        "home_leave",
    ]


def test_a_button_for_someone_not_enrolled_explains_kindly(app):
    app.home_action("home_pause")
    # The modal opened at once (its trigger lives three seconds) and, read from the database, explains.
    modal = app.fake.modal()
    assert "/mentor join" in json.dumps(modal) and not modal["callback_id"] and "submit" not in modal
    assert app.fake.calls_to("chat.postMessage") == []
