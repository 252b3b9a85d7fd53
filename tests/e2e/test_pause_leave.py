"""`/mentor status`, `pause`, `resume` and `leave` (with erasure), end to end."""

import json
from datetime import date, timedelta

import pytest
from sqlalchemy import MetaData, select

from storage.models import Erasure, MemberStatus
from tests.conftest import ADMIN, START


def last_reply(app) -> str:
    assert app.fake.responses, "no reply reached the response_url"
    return app.fake.responses[-1]["text"]


def test_status_for_someone_not_enrolled(app):
    app.command("status")
    assert "not in the mentoring programme yet" in last_reply(app)


def test_status_for_an_active_member(app):
    app.join(teach=("python",), learn=("hiring",), stage="senior", department="data")
    app.command("status")
    text = last_reply(app)
    assert "*active*" in text and "Python & scripting" in text and "Hiring & interviewing" in text
    assert "Senior / expert" in text and "Data & analytics" in text and "Europe/London" in text


@pytest.mark.parametrize(
    ("args", "until"),
    [("until 2027-01-31", date(2027, 1, 31)), ("3 weeks", date(2027, 1, 25)), ("1 month", date(2027, 2, 4))],
)
def test_pause_with_an_end_date(app, args, until):
    app.join()
    app.command(f"pause {args}")
    member = app.member()
    assert member.status is MemberStatus.PAUSED and member.paused_until == until
    assert f"{until.day} {until:%B %Y}" in last_reply(app)
    assert app.fake.calls_to("views.publish")[-1].args["user_id"] == "U123ABC456"  # Home shows it too


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        ("until 2026-12-01", "already passed"),
        ("until 2027-02-31", "isn't a real date"),
        ("whenever", "couldn't read"),
    ],
)
def test_an_unreadable_or_past_pause_is_explained_and_changes_nothing(app, args, fragment):
    app.join()
    app.command(f"pause {args}")
    assert fragment in last_reply(app)
    assert app.member().status is MemberStatus.ACTIVE


def test_the_pause_date_is_read_in_the_members_own_timezone(app):
    # 09:00 UTC on 4 January is already the 5th in Tokyo, so "until the 5th" is no longer in the future there.
    app.fake.users["U123ABC456"].tz = "Asia/Tokyo"
    app.join()
    app.clock.set(START.replace(hour=16))
    app.command("pause until 2027-01-05")
    assert "already passed" in last_reply(app)


def test_a_pause_ends_by_itself_on_its_date(app):
    app.join()
    app.command("pause until 2027-01-20")
    app.clock.set(START + timedelta(days=16))  # the morning of 20 January
    app.command("status")
    assert "*active*" in last_reply(app)


def test_resume(app):
    app.join()
    app.command("pause 2 weeks")
    app.command("resume")
    assert "Welcome back" in last_reply(app)
    member = app.member()
    assert member.status is MemberStatus.ACTIVE and member.paused_until is None
    app.command("resume")
    assert "not paused" in last_reply(app)


def test_pause_without_a_date_opens_a_modal_that_checks_the_date_inline(app):
    app.join()
    app.command("pause")
    view = app.fake.modal()
    assert view["callback_id"] == "mentor_pause"
    values = {"pause_until": {"date": {"type": "datepicker", "selected_date": "2027-01-01"}}}
    r = app.submit_modal(values)
    assert r.json()["response_action"] == "errors" and "already passed" in r.json()["errors"]["pause_until"]
    assert app.member().status is MemberStatus.ACTIVE
    values["pause_until"]["date"]["selected_date"] = "2027-03-01"
    r = app.submit_modal(values)
    assert r.text == "" and app.member().paused_until == date(2027, 3, 1)
    assert "1 March 2027" in last_reply(app)
    r = app.submit("mentor_pause", {"pause_until": {"date": {"type": "datepicker", "selected_date": None}}})
    assert app.member().status is MemberStatus.PAUSED and app.member().paused_until is None  # until resumed


@pytest.mark.parametrize("text", ["pause 2 weeks", "resume"])
def test_commands_for_members_only_tell_others_how_to_join(app, text):
    app.command(text)
    assert "/mentor join" in last_reply(app) and "went wrong" not in last_reply(app)
    assert app.fake.calls_to("views.open") == []


@pytest.mark.parametrize("text", ["pause", "leave"])
def test_modals_for_members_only_open_at_once_and_tell_others_how_to_join(app, text):
    app.command(text)
    (modal,) = app.fake.modals()  # opened straight away, then filled in with the explanation
    assert "/mentor join" in json.dumps(modal) and not modal["callback_id"] and "submit" not in modal
    assert app.fake.responses == []


def leave(app, *, erase: bool, via_command: bool = True) -> None:
    if via_command:
        app.command("leave")
    else:
        app.home_action("home_leave")
    view = app.fake.modal()
    assert view["callback_id"] == "mentor_leave"
    options = [{"text": {"type": "plain_text", "text": "erase"}, "value": "erase"}] if erase else []
    values = {"leave_erase": {"erase": {"type": "checkboxes", "selected_options": options}}}
    r = app.submit_modal(values)
    assert r.status_code == 200 and r.text == ""


def test_leaving_keeps_the_profile_for_a_return(app):
    app.join(teach=("sql",), learn=("writing",))
    leave(app, erase=False)
    member = app.member()
    assert member.status is MemberStatus.LEFT and member.left_at == START
    assert "You've left" in last_reply(app)
    app.command("join")
    view = app.fake.modal()
    assert view["submit"]["text"] == "Join"  # they are joining again, with their old answers prefilled
    teach = next(b for b in view["blocks"] if b.get("block_id") == "teach")
    assert [o["value"] for o in teach["element"]["initial_options"]] == ["sql"]
    app.submit("mentor_join", {**_values(teach=("sql",), learn=("writing",))})
    assert app.member().status is MemberStatus.ACTIVE
    assert len(app.fake.calls_to("chat.postMessage")) == 2  # welcomed back


def _values(**kwargs):
    from tests.fakes.slack_requests import profile_values

    return profile_values(**kwargs)


def test_erasing_really_deletes_everything_about_the_person(app):
    app.fake.add_user("U0OTHER", "ana")
    app.join(perspectives=("caregiver",), consent=True, note="hello")
    app.join("U0OTHER")
    leave(app, erase=True, via_command=False)
    assert app.member() is None
    assert "erased" in app.fake.calls_to("chat.postMessage")[-1].args["text"]  # told in their DM
    # No row in any table still mentions the person.
    with app.session() as s:
        meta = MetaData()
        meta.reflect(bind=s.get_bind())
        for table in meta.sorted_tables:
            for row in s.execute(select(table)):
                assert "U123ABC456" not in json.dumps([str(v) for v in row]), table.name
                assert "night owl" not in json.dumps([str(v) for v in row]), table.name
        assert len(s.scalars(select(Erasure)).all()) == 1  # an anonymous count, for the report
    assert app.member("U0OTHER") is not None  # nobody else was touched


@pytest.mark.parametrize("admin", [False, True])
def test_pausing_by_command_is_one_unit_of_work(app, admin):
    """`/mentor pause 2 weeks`: one transaction makes the pause and builds the Home tab it leaves (an admin's
    with the dashboard); the Home tab is then published from it. (It was three, reading the member thrice.)"""
    from sqlalchemy import event

    user = ADMIN if admin else "U123ABC456"
    app.join(user)
    engine = app.deps.sessions.kw["bind"]
    seen: list[str] = []
    begins: list[object] = []
    record = lambda conn, cursor, statement, *rest: seen.append(" ".join(statement.split()))  # noqa: E731
    began = lambda conn: begins.append(conn)  # noqa: E731
    event.listen(engine, "before_cursor_execute", record)
    event.listen(engine, "begin", began)
    try:
        app.command("pause 2 weeks", user=user)
    finally:
        event.remove(engine, "before_cursor_execute", record)
        event.remove(engine, "begin", began)
    member_reads = [
        s for s in seen if s.startswith("SELECT") and "FROM members WHERE" in s and "members.user_id =" in s
    ]
    assert len(begins) == 1, begins
    assert len(member_reads) <= 2, member_reads  # the pause's locked read, and the Home tab's
    assert app.member(user).status is MemberStatus.PAUSED
    assert app.fake.calls_to("views.publish")[-1].args["user_id"] == user
