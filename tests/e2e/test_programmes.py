"""Several programmes in one workspace, over signed HTTP: admins list, make, change, pause and archive
programmes in Slack; what a paused or archived programme does (and does not) send."""

import json
from datetime import timedelta

from sqlalchemy import select

from bot import ids
from storage.models import Enrolment, Member, Outbox, OutboxStatus, Pair, Programme, ProgrammeState, Round
from tests.conftest import ADMIN, START
from tests.factories import programme_of
from tests.fakes.slack_requests import multi, profile_values, single, text

TEAM = "T123ABC456"
DM = "D" + ADMIN[1:]  # the admin's DM with the bot


def programme_values(name="Reverse mentoring", purpose=None, mode="reverse", enrolment="invitation",
                     commitment=None, state=None) -> dict:  # fmt: skip
    values = {
        "name": text(name),
        "purpose": text(purpose, multiline=True),
        "mode": single(mode),
        "enrolment": single(enrolment),
        "commitment": text(commitment),
    }
    if state is not None:
        values["state"] = single(state)
    return values


def listed(app) -> dict:
    """The admin's programme list, as the last answer showed it."""
    return app.fake.responses[-1]


def click(app, action_id: str, value: str, user: str = ADMIN) -> None:
    app.slack.block_action(action_id, value, user=user, channel="C0000ADMIN", ts="1700000000.000100")
    app.settle()


def test_admins_make_and_change_programmes_in_slack(app):
    app.fake.add_user(ADMIN, "admin")
    app.command("admin programmes", user=ADMIN)
    answer = listed(app)
    assert answer["response_type"] == "ephemeral" and "Mentoring" in str(
        answer["blocks"]
    )  # made on first use
    click(app, ids.PROGRAMME_NEW, "new")
    modal = app.fake.modal()
    assert modal["callback_id"] == ids.PROGRAMME_VIEW and modal["private_metadata"] == ""
    # Bad input gets kind inline errors and changes nothing.
    bad = programme_values(name="   ", mode="sideways", enrolment=None, purpose="x" * 301)
    errors = app.submit_modal(bad, user=ADMIN).json()["errors"]
    assert set(errors) == {"name", "mode", "enrolment", "purpose"}
    good = programme_values(purpose="Leaders learn from <!channel> early-career colleagues & vice versa",
                            commitment="45 minutes every two weeks for 12 weeks")  # fmt: skip
    assert app.submit_modal(good, user=ADMIN).text == ""
    with app.session() as s:
        made = s.scalars(select(Programme).where(Programme.name == "Reverse mentoring")).one()
        assert (made.mode, made.enrolment, made.state) == (
            "reverse",
            Enrolment.INVITATION,
            ProgrammeState.ACTIVE,
        )
        assert made.commitment == "45 minutes every two weeks for 12 weeks" and made.team_id == TEAM
        made_id = made.id
    # The list shows it, its typed text as text, never markup.
    app.command("admin programmes", user=ADMIN)
    shown = str(listed(app)["blocks"])
    assert "Reverse mentoring" in shown and "&lt;!channel&gt;" in shown and "<!channel>" not in shown
    # A second programme with the same name (in any case) is refused kindly; nothing changes.
    click(app, ids.PROGRAMME_NEW, "new")
    app.submit_modal(programme_values(name="reverse MENTORING", mode="mutual"), user=ADMIN)
    assert "already a programme called" in app.fake.messages_in(DM)[-1]["text"]
    with app.session() as s:
        assert len(s.scalars(select(Programme)).all()) == 2
    # Changing one: its modal starts from what it is.
    click(app, ids.PROGRAMME_EDIT, str(made_id))
    modal = app.fake.modal()
    blocks = {b["block_id"]: b for b in modal["blocks"]}
    assert blocks["name"]["element"]["initial_value"] == "Reverse mentoring"
    assert blocks["state"]["element"]["initial_option"]["value"] == "active"
    app.submit_modal(programme_values(name="Leadership reverse mentoring", enrolment="approval", state="paused"),
                     user=ADMIN)  # fmt: skip
    with app.session() as s:
        row = s.get_one(Programme, made_id)
        assert (row.name, row.enrolment, row.state) == (
            "Leadership reverse mentoring", Enrolment.APPROVAL, ProgrammeState.PAUSED)  # fmt: skip


def test_only_admins_see_or_change_programmes(app):
    app.fake.add_user(ADMIN, "admin")
    app.fake.add_user("U000000A")
    app.command("admin programmes", user="U000000A")
    assert "for programme admins only" in app.fake.responses[-1]["text"]
    click(app, ids.PROGRAMME_NEW, "new", user="U000000A")
    assert "for programme admins only" in str(app.fake.modal())
    with app.session() as s:
        first = programme_of(s, TEAM)
        s.commit()
    # A forged submission (the modal never opened for them, or another workspace's id) changes nothing.
    app.submit(ids.PROGRAMME_VIEW, programme_values(), user="U000000A")
    app.submit(ids.PROGRAMME_VIEW, programme_values(name="Hijacked", state="archived"), user="U000000A",
               private_metadata=str(first))  # fmt: skip
    app.submit(ids.PROGRAMME_VIEW, programme_values(name="Elsewhere"), user=ADMIN, private_metadata="999999")
    with app.session() as s:
        assert [(p.name, p.state) for p in s.scalars(select(Programme))] == [
            ("Mentoring", ProgrammeState.ACTIVE)
        ]
    assert "isn't in this workspace" in app.fake.messages_in(DM)[-1]["text"]


def _paired(app) -> int:
    """Two people paired and introduced in the workspace's first programme: the pair's id."""
    app.fake.add_user(ADMIN, "admin")
    app.clock.set(START)
    app.join("UAAAA0001", teach=("sql",), learn=("python",))
    app.join("UBBBB0002", teach=("python",), learn=("sql",))
    app.command("admin match", user=ADMIN)
    with app.session() as s:
        return s.scalars(select(Pair)).one().id


def test_a_paused_programme_runs_no_rounds_and_sends_no_check_ins_until_resumed(app):
    pair_id = _paired(app)
    with app.session() as s:
        first = programme_of(s, TEAM)
    app.command("admin programmes", user=ADMIN)
    click(app, ids.PROGRAMME_EDIT, str(first))
    app.submit_modal(
        programme_values(name="Mentoring", mode="mutual", enrolment="open", state="paused"), user=ADMIN
    )
    sent = len(app.fake.calls_to("chat.postMessage"))
    for days in (7, 14, 21):  # the check-ins would be due by now
        app.tick(START + timedelta(days=days, hours=1))
    assert len(app.fake.calls_to("chat.postMessage")) == sent
    with app.session() as s:
        assert not s.scalars(select(Outbox).where(Outbox.kind == "checkin")).all()
    click(app, ids.PROGRAMME_EDIT, str(first))
    app.submit_modal(
        programme_values(name="Mentoring", mode="mutual", enrolment="open", state="active"), user=ADMIN
    )
    app.tick(START + timedelta(days=21, hours=2))
    with app.session() as s:
        assert s.scalars(select(Outbox).where(Outbox.kind == "checkin", Outbox.pair_id == pair_id)).all()


def test_archiving_a_programme_cancels_what_it_still_had_to_send(app):
    pair_id = _paired(app)
    with app.session() as s:
        first = programme_of(s, TEAM)
    app.tick(START + timedelta(days=21, hours=1))  # a check-in is queued
    with app.session.__self__.deps.sessions.begin() as s:  # …and not yet sent when the programme is archived
        s.execute(Outbox.__table__.update().where(Outbox.kind == "checkin").values(
            status=OutboxStatus.PENDING, not_before=START + timedelta(days=30)))  # fmt: skip
    click(app, ids.PROGRAMME_EDIT, str(first))
    app.submit_modal(programme_values(name="Mentoring", mode="mutual", enrolment="open", state="archived"),
                     user=ADMIN)  # fmt: skip
    with app.session() as s:
        queued = s.scalars(select(Outbox).where(Outbox.pair_id == pair_id, Outbox.kind == "checkin")).all()
        assert queued and {o.status for o in queued} == {OutboxStatus.CANCELLED}
        assert s.get_one(Pair, pair_id).status.value == "active"  # its history stays, for its report
    sent = len(app.fake.calls_to("chat.postMessage"))
    app.tick(START + timedelta(days=40))
    assert len(app.fake.calls_to("chat.postMessage")) == sent


def _second_programme(app, name="Reverse mentoring", enrolment="open", mode="reverse") -> int:
    app.fake.add_user(ADMIN, "admin")
    app.command("admin programmes", user=ADMIN)
    click(app, ids.PROGRAMME_NEW, "new")
    app.submit_modal(programme_values(name=name, mode=mode, enrolment=enrolment,
                                      purpose="Leaders learn from early-career colleagues"), user=ADMIN)  # fmt: skip
    with app.session() as s:
        return s.scalars(select(Programme).where(Programme.name == name)).one().id


def make_admin(app, programme_id: int, user: str) -> None:
    """A workspace admin makes someone one of the programme's own admins, in its modal."""
    click(app, ids.PROGRAMME_EDIT, str(programme_id))
    values = programme_values(state="active", enrolment="open")
    values["admins"] = {"value": {"type": "multi_users_select", "selected_users": [user]}}
    app.submit_modal(values, user=ADMIN)


def join_second(app, user: str, **profile) -> None:
    """Someone joins the programme _second_programme made, as a person does."""
    if user not in app.fake.users:
        app.fake.add_user(user)
    app.command("join reverse mentoring", user=user)
    assert app.submit_modal(profile_values(**profile), user=user).text == ""


def test_with_several_programmes_people_pick_one_and_keep_a_profile_in_each(app):
    app.join("UAAAA0001", teach=("sql",), learn=("python",))  # one programme: no new step
    with app.session() as s:
        first = programme_of(s, TEAM)
    second = _second_programme(app)
    # Now /mentor join shows the programmes to pick from; picking one turns the modal into its form.
    app.fake.add_user("UBBBB0002")
    app.command("join", user="UBBBB0002")
    picker = app.fake.modal()
    shown = str(picker["blocks"])
    assert "Reverse mentoring" in shown and "Mentoring" in shown and "Leaders learn" in shown
    app.slack.view_action(ids.PROGRAMME_PICK, str(second), user="UBBBB0002", view=picker)
    app.settle()
    form = app.fake.modal()
    assert form["callback_id"] == ids.JOIN_VIEW and form["private_metadata"] == str(second)
    assert "Reverse mentoring" in str(form["blocks"][0])  # named at the top
    assert app.submit_modal(profile_values(teach=("python",), learn=("sql",)), user="UBBBB0002").text == ""
    welcome = app.fake.messages_in("DBBBB0002")[-1]["text"]
    assert (
        welcome.startswith("Welcome to *Reverse mentoring*!")
        and "_Leaders learn from early-career" in welcome
    )
    # Someone already in the first programme names the second: straight to its form, a second profile.
    app.command("join reverse MENTORING", user="UAAAA0001")
    form = app.fake.modal()
    assert form["private_metadata"] == str(second) and form["submit"]["text"] == "Join"
    app.submit_modal(profile_values(teach=("stakeholder-management",), learn=("python",)), user="UAAAA0001")
    with app.session() as s:
        rows = {(m.user_id, m.programme_id): sorted(t.topic for t in m.topics if t.direction == "teach")
                for m in s.scalars(select(Member))}  # fmt: skip
    assert rows == {("UAAAA0001", first): ["sql"], ("UAAAA0001", second): ["stakeholder-management"],
                    ("UBBBB0002", second): ["python"]}  # fmt: skip


def test_an_invitation_programme_refuses_others_kindly_and_a_forged_form_changes_nothing(app):
    invited = _second_programme(app, name="Leadership circle", enrolment="invitation")
    app.fake.add_user("UCCCC0003")
    app.command("join leadership circle", user="UCCCC0003")
    assert "by invitation" in str(app.fake.modal())
    app.command("join", user="UCCCC0003")
    picker = app.fake.modal()
    assert "by invitation" in str(picker["blocks"]).lower() and ids.PROGRAMME_PICK not in str(
        [b for b in picker["blocks"] if "Leadership circle" in str(b)]
    )
    # A join form forged for the invitation-only programme (or another workspace's) saves nothing.
    for forged in (str(invited), "999999"):
        app.submit(ids.JOIN_VIEW, profile_values(), user="UCCCC0003", private_metadata=forged)
    with app.session() as s:
        assert not s.scalars(select(Member).where(Member.user_id == "UCCCC0003")).all()
    told = " ".join(m["text"] for m in app.fake.messages_in("D" + "UCCCC0003"[1:]))
    assert "by invitation" in told and "isn't in this workspace" in told


def test_status_pause_resume_and_leave_cover_every_programme_and_say_which(app):
    app.join("UAAAA0001", teach=("sql",), learn=("python",))
    second = _second_programme(app)
    app.command("join reverse mentoring", user="UAAAA0001")
    app.submit_modal(profile_values(teach=("stakeholder-management",), learn=("python",)), user="UAAAA0001")
    app.command("status", user="UAAAA0001")
    status = app.fake.responses[-1]["text"]
    assert "*Mentoring*" in status and "*Reverse mentoring*" in status and status.count("You can teach") == 2
    app.command("pause 2 weeks", user="UAAAA0001")
    said = app.fake.responses[-1]["text"]
    assert "in all your programmes (*Mentoring* and *Reverse mentoring*)" in said
    with app.session() as s:
        assert {m.status.value for m in s.scalars(select(Member).where(Member.user_id == "UAAAA0001"))} == {
            "paused"
        }
    app.command("resume", user="UAAAA0001")
    assert "active again in all your programmes" in app.fake.responses[-1]["text"]
    with app.session() as s:
        rows = s.scalars(select(Member).where(Member.user_id == "UAAAA0001")).all()
        assert {m.status.value for m in rows} == {"active"} and {m.programme_id for m in rows} >= {second}
    app.command("leave", user="UAAAA0001")
    app.submit_modal({}, user="UAAAA0001")
    assert "left all your programmes (*Mentoring* and *Reverse mentoring*)" in app.fake.responses[-1]["text"]
    with app.session() as s:
        assert {m.status.value for m in s.scalars(select(Member).where(Member.user_id == "UAAAA0001"))} == {
            "left"
        }


def test_each_programme_has_its_own_settings(app):
    from tests.e2e.test_report import settings_values

    second = _second_programme(app)
    with app.session() as s:
        first = programme_of(s, TEAM)
    click(app, ids.PROGRAMME_SETTINGS, str(second))
    modal = app.fake.modal()
    assert modal["callback_id"] == "mentor_settings" and modal["private_metadata"] == str(second)
    assert "Reverse mentoring" in str(modal["blocks"][0])
    assert app.submit_modal(settings_values(), user=ADMIN).text == ""
    with app.session() as s:
        mine, other = s.get_one(Programme, second), s.get_one(Programme, first)
        assert (mine.round_weekday, mine.round_hour, mine.round_timezone, mine.term_weeks) == (
            2,
            14,
            "Asia/Kolkata",
            10,
        )
        assert (other.round_weekday, other.round_hour, other.round_timezone, other.term_weeks) == (
            0,
            9,
            "UTC",
            12,
        )
    # Settings forged for a programme of another workspace change nothing, and say so.
    app.submit("mentor_settings", settings_values(), user=ADMIN, private_metadata="999999")
    assert "isn't in this workspace" in app.fake.messages_in(DM)[-1]["text"]


def test_an_admin_round_runs_every_running_programme_or_the_one_named(app):
    for u, teach, learn in (("UAAAA0001", "sql", "python"), ("UBBBB0002", "python", "sql")):
        app.join(u, teach=(teach,), learn=(learn,))
    second = _second_programme(app)
    for u, teach, learn in (("UCCCC0003", "sql", "python"), ("UDDDD0004", "python", "sql")):
        join_second(app, u, teach=(teach,), learn=(learn,))
    app.command("admin match preview reverse mentoring", user=ADMIN)
    preview = app.fake.responses[-1]["text"]
    assert "*Reverse mentoring*" in preview and "*Mentoring*" not in preview and "Preview" in preview
    app.command("admin match nonsense", user=ADMIN)
    assert "no programme called “nonsense”" in app.fake.responses[-1]["text"]
    app.command("admin match", user=ADMIN)
    done = app.fake.responses[-1]["text"]
    assert "*Mentoring*" in done and "*Reverse mentoring*" in done
    with app.session() as s:
        by_programme = {
            p.programme_id: {pm.member.user_id for pm in p.members} for p in s.scalars(select(Pair))
        }
        first = programme_of(s, TEAM)
    assert by_programme == {first: {"UAAAA0001", "UBBBB0002"}, second: {"UCCCC0003", "UDDDD0004"}}
    # Each introduction names its programme (the workspace runs two).
    intros = [
        c.args
        for c in app.fake.calls_to("chat.postMessage")
        if str(c.args.get("channel", "")).startswith("G")
    ]
    firsts = [str(i.get("blocks"))[:200] + i["text"][:60] for i in intros]
    assert any("*Mentoring*" in f for f in firsts)
    assert any("*Reverse mentoring* — Leaders learn from early-career colleagues" in f for f in firsts)


def test_an_invitation_programme_takes_the_people_its_admins_invite(app):
    _second_programme(app, name="Leadership circle", enrolment="invitation")
    app.fake.add_user("UCCCC0003")
    app.command("admin invite nowhere <@UCCCC0003>", user=ADMIN)
    assert (
        "Say which programme" in app.fake.responses[-1]["text"]
        and "Leadership circle" in app.fake.responses[-1]["text"]
    )
    app.command("admin invite Leadership circle <@UCCCC0003|c>", user=ADMIN)
    assert "Invited <@UCCCC0003> to *Leadership circle*" in app.fake.responses[-1]["text"]
    dm = app.fake.messages_in("D" + "UCCCC0003"[1:])
    assert (
        len(dm) == 1
        and "invited to *Leadership circle*" in dm[0]["text"]
        and "/mentor join Leadership circle" in dm[0]["text"]
    )
    app.command("admin invite leadership circle <@UCCCC0003>", user=ADMIN)
    assert "invited already" in app.fake.responses[-1]["text"]
    assert len(app.fake.messages_in("D" + "UCCCC0003"[1:])) == 1  # told once
    app.command("join leadership circle", user="UCCCC0003")
    assert app.fake.modal()["callback_id"] == ids.JOIN_VIEW
    assert app.submit_modal(profile_values(), user="UCCCC0003").text == ""
    with app.session() as s:
        member = s.scalars(select(Member).where(Member.user_id == "UCCCC0003")).one()
        assert s.get_one(Programme, member.programme_id).name == "Leadership circle"


def test_the_home_tab_shows_each_programme_and_offers_the_others(app):
    app.join("UAAAA0001", teach=("sql",), learn=("python",))
    _second_programme(app)
    app.home_opened("UAAAA0001")
    home = str(app.fake.calls_to("views.publish")[-1].args["view"])
    assert "Join another programme" in home  # one programme of two
    app.command("join reverse mentoring", user="UAAAA0001")
    app.submit_modal(profile_values(teach=("stakeholder-management",), learn=("python",)), user="UAAAA0001")
    app.home_opened("UAAAA0001")
    home = str(app.fake.calls_to("views.publish")[-1].args["view"])
    assert "*Mentoring*" in home and "*Reverse mentoring*" in home and "Pause" in home
    assert ids.HOME_NOT_FIT not in home  # which pairing would be ambiguous: the introduction's button says
    # "Edit a profile" asks which.
    app.home_action(ids.HOME_EDIT, user="UAAAA0001")
    assert ids.PROGRAMME_PICK in str(app.fake.modal()["blocks"])


def test_an_approval_programme_puts_requests_on_the_admins_home_to_approve_or_decline(app):
    from storage.models import JoinRequest

    programme_id = _second_programme(app, name="Leaders circle", enrolment="approval")
    for u in ("UCCCC0003", "UDDDD0004"):
        app.fake.add_user(u)
        app.command("join leaders circle", user=u)
        form = app.fake.modal()
        assert form["callback_id"] == ids.JOIN_VIEW and form["private_metadata"] == str(programme_id)
        assert app.submit_modal(profile_values(note="I lead <!here> a team"), user=u).text == ""
        # Answered where they typed /mentor join.
        assert "request to join *Leaders circle* is with its admins" in app.fake.responses[-1]["text"]
    with app.session() as s:
        assert not s.scalars(
            select(Member).where(Member.programme_id == programme_id)
        ).all()  # not yet members
        requests = {r.user_id: r.id for r in s.scalars(select(JoinRequest))}
    app.home_opened(ADMIN)
    home = app.fake.calls_to("views.publish")[-1].args["view"]
    assert "Requests to join (2)" in str(home) and "<@UCCCC0003> asks to join *Leaders circle*" in str(home)
    assert "I lead" not in str(home)  # the note waits with the request; the admin's Home doesn't show it

    def decide(action_id: str, user: str, who: str = ADMIN) -> None:
        app.slack.block_action(action_id, str(requests[user]), user=who, channel="D" + who[1:], ts="1.2")
        app.settle()

    decide(ids.JOIN_DECLINE, "UCCCC0003", who="UCCCC0003")  # not an admin: nothing happens
    decide(ids.JOIN_APPROVE, "UCCCC0003")
    decide(ids.JOIN_APPROVE, "UCCCC0003")  # a double click: decided once
    decide(ids.JOIN_DECLINE, "UDDDD0004")
    assert "already decided" in app.fake.messages_in(DM)[-1]["text"]
    assert "You're in *Leaders circle*" in app.fake.messages_in("DCCCC0003")[-1]["text"]
    assert "wasn't approved this time" in app.fake.messages_in("DDDDD0004")[-1]["text"]
    with app.session() as s:
        members = s.scalars(select(Member).where(Member.programme_id == programme_id)).all()
        assert [(m.user_id, m.note) for m in members] == [("UCCCC0003", "I lead <!here> a team")]
        assert not s.scalars(select(JoinRequest)).all()  # the declined one's profile is gone


def test_someone_waiting_for_approval_can_withdraw_and_erase_their_request(app):
    from storage.models import JoinRequest

    _second_programme(app, name="Leaders circle", enrolment="approval")
    app.fake.add_user("UEEEE0005")
    app.command("join leaders circle", user="UEEEE0005")
    app.submit_modal(profile_values(note="private words"), user="UEEEE0005")
    with app.session() as s:
        assert s.scalars(select(JoinRequest)).all()
    app.command("leave", user="UEEEE0005")
    assert app.fake.modal()["callback_id"] == ids.LEAVE_VIEW
    app.submit_modal({}, user="UEEEE0005")
    with app.session() as s:
        assert not s.scalars(select(JoinRequest)).all()  # withdrawn, with the profile it held


def test_pairing_by_hand_happens_inside_one_programme(app):
    for u, teach, learn in (
        ("UAAAA0001", "sql", "python"),
        ("UBBBB0002", "python", "sql"),
        ("UCCCC0003", "sql", "python"),
    ):
        app.join(u, teach=(teach,), learn=(learn,))
    second = _second_programme(app)
    for u, teach, learn in (
        ("UAAAA0001", "sql", "python"),
        ("UBBBB0002", "python", "sql"),
        ("UDDDD0004", "python", "sql"),
    ):
        join_second(app, u, teach=(teach,), learn=(learn,))
    app.command("admin pair <@UCCCC0003> <@UDDDD0004>", user=ADMIN)
    assert "aren't in the same programme" in app.fake.responses[-1]["text"]
    app.command("admin pair <@UAAAA0001> <@UBBBB0002>", user=ADMIN)
    assert "both in *Mentoring* and *Reverse mentoring*: say which" in app.fake.responses[-1]["text"]
    app.command("admin pair <@UAAAA0001> <@UBBBB0002> reverse mentoring", user=ADMIN)
    with app.session() as s:
        (pair,) = s.scalars(select(Pair)).all()
        assert pair.programme_id == second and {pm.member.programme_id for pm in pair.members} == {second}
    app.command("admin remove <@UAAAA0001> Reverse mentoring", user=ADMIN)
    with app.session() as s:
        statuses = {
            m.programme_id: m.status.value
            for m in s.scalars(select(Member).where(Member.user_id == "UAAAA0001"))
        }
        assert statuses == {programme_of(s, TEAM): "active", second: "left"}


def test_a_reverse_programme_s_leaders_pair_only_with_earlier_career_stages(app):
    """Leaders are the mentee side: each is paired with someone of an earlier career stage who teaches
    something the leader wants to learn (UJUNI0005 teaches nothing they want, so joins no leader)."""
    _second_programme(app)  # reverse
    people = {  # the executive wants what the other executive teaches best: without the list, they'd pair
        "UEXEC0001": ("executive", ("stakeholder-management",), ("python",)),
        "UEXEC0002": ("executive", ("python",), ("stakeholder-management",)),
        "UJUNI0003": ("early", ("python",), ("public-speaking",)),
        "UJUNI0004": ("early", ("stakeholder-management",), ("sql",)),
        "UJUNI0005": ("early", ("sql",), ("public-speaking",)),
    }
    for u, (stage, teach, learn) in people.items():
        join_second(app, u, stage=stage, teach=teach, learn=learn)
    app.command("admin leaders mentoring <@UEXEC0001>", user=ADMIN)
    assert "isn't a reverse programme" in app.fake.responses[-1]["text"]
    app.command("admin leaders reverse mentoring <@UEXEC0001> <@UEXEC0002> <@UNOTIN0009>", user=ADMIN)
    said = app.fake.responses[-1]["text"]
    assert "Leaders of *Reverse mentoring*: <@UEXEC0001>, <@UEXEC0002>." in said and "<@UNOTIN0009>" in said
    app.command("admin match preview reverse mentoring", user=ADMIN)
    app.command("admin match reverse mentoring", user=ADMIN)
    with app.session() as s:
        groups = [sorted(pm.member.user_id for pm in p.members) for p in s.scalars(select(Pair))]
    assert groups and all(sum(u.startswith("UEXEC") for u in g) <= 1 for g in groups)  # never two leaders
    assert all(any(u.startswith("UJUNI") for u in g) for g in groups)  # each leader with a junior
    for g in groups:  # …who teaches the leader something they want to learn
        for leader in (u for u in g if u.startswith("UEXEC")):
            wants = set(people[leader][2])
            assert all(wants & set(people[u][1]) for u in g if u != leader), g
    app.command("admin leaders reverse mentoring none", user=ADMIN)
    assert "Leaders of *Reverse mentoring*: nobody." in app.fake.responses[-1]["text"]


def test_a_programme_s_own_admins_run_it_and_nothing_else(app):
    from storage.models import JoinRequest

    pa = "UPADMIN01"
    app.fake.add_user(pa)  # not a workspace admin
    second = _second_programme(app)
    with app.session() as s:
        first = programme_of(s, TEAM)
    click(app, ids.PROGRAMME_EDIT, str(second))
    values = programme_values(state="active")
    values["admins"] = {"value": {"type": "multi_users_select", "selected_users": [pa]}}
    app.submit_modal(values, user=ADMIN)
    with app.session() as s:
        assert s.get_one(Programme, second).admins == [pa]
    # Their list holds their programme only, with no "New programme".
    app.command("admin programmes", user=pa)
    shown = str(listed(app)["blocks"])
    assert "Reverse mentoring" in shown and "*Mentoring*" not in shown and ids.PROGRAMME_NEW not in shown
    # Their programme's settings: theirs to change; the other's, and the workspace's, not.
    click(app, ids.PROGRAMME_SETTINGS, str(second), user=pa)
    assert app.fake.modal()["private_metadata"] == str(second)
    click(app, ids.PROGRAMME_EDIT, str(first), user=pa)
    assert "for programme admins only" in str(app.fake.modal())
    from tests.e2e.test_report import settings_values

    app.submit("mentor_settings", settings_values(), user=pa, private_metadata=str(first))
    app.submit(ids.PROGRAMME_VIEW, programme_values(name="Taken over", state="archived"), user=pa,
               private_metadata=str(first))  # fmt: skip
    app.submit(
        ids.PROGRAMME_VIEW, programme_values(name="Another one"), user=pa
    )  # a new one: workspace admins'
    with app.session() as s:
        row = s.get_one(Programme, first)
        assert (row.name, row.state, row.round_weekday) == ("Mentoring", ProgrammeState.ACTIVE, 0)
        assert len(s.scalars(select(Programme)).all()) == 2
    for command in ("admin settings", "admin starters", "admin invite mentoring <@UZZZZ0009>"):
        app.command(command, user=pa)
        assert "for programme admins only" in app.fake.responses[-1]["text"], command
    app.command("admin match preview", user=pa)
    preview = app.fake.responses[-1]["text"]
    assert "*Reverse mentoring*" in preview and "*Mentoring*" not in preview
    # A request to join the other programme is not theirs to decide, nor to see.
    click(app, ids.PROGRAMME_EDIT, str(first))
    app.submit_modal(
        programme_values(name="Mentoring", mode="mutual", enrolment="approval", state="active"), user=ADMIN
    )
    app.fake.add_user("UASKS0001")
    app.command("join mentoring", user="UASKS0001")
    app.submit_modal(profile_values(), user="UASKS0001")
    with app.session() as s:
        (request,) = s.scalars(select(JoinRequest)).all()
    app.home_opened(pa)
    assert "Requests to join" not in str(app.fake.calls_to("views.publish")[-1].args["view"])
    app.slack.block_action(ids.JOIN_APPROVE, str(request.id), user=pa, channel="D" + pa[1:], ts="1.3")
    app.settle()
    with app.session() as s:
        assert s.scalars(select(JoinRequest)).all() and not s.scalars(select(Member)).all()


def test_two_programmes_with_a_shared_member_run_their_scheduled_rounds_the_same_day(app):
    """A mutual and a reverse programme, one person in both: each programme's round, at its own slot that
    Monday, pairs its own people with its own settings (trios here, none there), and each introduction
    names its programme."""
    from tests.e2e.test_report import settings_values

    app.clock.set(START - timedelta(days=3))  # everyone joins before the Monday
    for u, teach, learn in (
        ("UAAAA0001", "sql", "python"),
        ("UBBBB0002", "python", "sql"),
        ("UCCCC0003", "sql", "python"),
    ):
        app.join(u, teach=(teach,), learn=(learn,))
    second = _second_programme(app)
    click(app, ids.PROGRAMME_SETTINGS, str(second))
    no_trios = settings_values(round_weekday={"value": {"type": "static_select", "selected_option": {"value": "0"}}},
                               round_hour={"value": {"type": "static_select", "selected_option": {"value": "15"}}},
                               round_timezone={"value": {"type": "plain_text_input", "value": "UTC"}})  # fmt: skip
    app.submit_modal(no_trios, user=ADMIN)  # reverse, Mondays 15:00 UTC, no trios
    for u, stage, teach, learn in (("UAAAA0001", "early", "stakeholder-management", "python"),
                                   ("UDDDD0004", "executive", "python", "stakeholder-management"),
                                   ("UEEEE0005", "manager", "sql", "public-speaking")):  # fmt: skip
        join_second(app, u, stage=stage, teach=(teach,), learn=(learn,))
    app.tick(START + timedelta(minutes=5))  # the first programme's slot: Monday 09:00 UTC
    with app.session() as s:
        first = programme_of(s, TEAM)
        rounds = {r.programme_id for r in s.scalars(select(Round))}
    assert rounds == {first}
    app.tick(START + timedelta(hours=6, minutes=5))  # the second's: 15:00 UTC the same day
    with app.session() as s:
        groups = {
            p.programme_id: sorted(pm.member.user_id for pm in p.members) for p in s.scalars(select(Pair))
        }
        assert {r.programme_id for r in s.scalars(select(Round))} == {first, second}
    assert groups[first] == ["UAAAA0001", "UBBBB0002", "UCCCC0003"]  # a trio: allowed there
    assert len(groups[second]) == 2 and set(groups[second]) <= {"UAAAA0001", "UDDDD0004", "UEEEE0005"}


def test_the_report_is_per_programme_with_a_roll_up_for_workspace_admins(app):
    """Two programmes sharing a person: `report` gives a workspace admin one line per programme and totals
    over distinct people; `report <programme>` that programme's report, chart and exports, counting only its
    own people, pairs and meetings; a programme's own admin sees theirs and is refused the other."""
    import csv

    from bot.services import tallies
    from storage.models import Meeting

    first_pair = _paired(app)  # UAAAA0001 + UBBBB0002 in "Mentoring"
    second = _second_programme(app)
    join_second(app, "UAAAA0001", stage="early", teach=("stakeholder-management",), learn=("python",))
    join_second(app, "UDDDD0004", stage="executive", teach=("python",), learn=("stakeholder-management",))
    app.command("admin match reverse mentoring", user=ADMIN)
    with app.session() as s:
        assert s.scalars(select(Pair).where(Pair.programme_id == second)).one()
    with app.deps.sessions.begin() as s, tallies.recounted(session=s, team_id=TEAM, pair_ids=[first_pair]):
        s.add(Meeting(pair_id=first_pair, met_on=START.date(), logged_at=START))  # the first pair met

    app.command("report", user=ADMIN)
    rolled = app.fake.responses[-1]
    shown = str(rolled["blocks"])
    assert rolled["text"] == "Mentoring programmes: the roll-up"
    assert "*Mentoring*: 2 enrolled · 1 active pairs" in shown
    assert "*Reverse mentoring*: 2 enrolled · 1 active pairs" in shown
    assert "3 people enrolled (1 in more than one) · 3 in an active pair · 2 active pairs" in shown
    app.home_opened(ADMIN)  # the Home dashboard is the same roll-up
    home = str(app.fake.calls_to("views.publish")[-1].args["view"])
    assert "Programmes (admins)" in home and "*Reverse mentoring*: 2 enrolled · 1 active pairs" in home

    app.command("report Reverse Mentoring", user=ADMIN)
    report = str(app.fake.responses[-1]["blocks"])
    assert "Report: Reverse mentoring" in report and "Enrolled: 2 (2 active, 0 paused)" in report
    assert "1 meeting" not in report  # the meeting was the other programme's
    charts = [u["filename"] for u in app.fake.uploads.values() if u["filename"].endswith(".png")]
    assert charts and charts[-1].startswith("mentoring-reverse-mentoring-")
    app.command("report mentoring", user=ADMIN)
    assert "1 meeting" in str(app.fake.responses[-1]["blocks"])

    app.command("report csv", user=ADMIN)  # the exports are per programme
    assert "one of: Mentoring, Reverse mentoring" in app.fake.responses[-1]["text"]
    app.command("report csv reverse mentoring", user=ADMIN)
    csvs = {
        u["filename"]: u["content"].decode()
        for u in app.fake.uploads.values()
        if u["filename"].endswith(".csv")
    }
    (pairs,) = [body for name, body in csvs.items() if name.startswith("mentoring-reverse-mentoring-pairs-")]
    (row,) = list(csv.DictReader(pairs.splitlines()))
    assert row["members"] == "UAAAA0001 UDDDD0004"

    pa = "UPADMIN01"
    app.fake.add_user(pa)
    make_admin(app, second, pa)
    app.command("report", user=pa)  # theirs is the only one they run: its full report
    assert "Report: Reverse mentoring" in str(app.fake.responses[-1]["blocks"])
    app.command("report mentoring", user=pa)
    assert "for programme admins only" in app.fake.responses[-1]["text"]


def test_each_programme_s_pairs_get_its_own_starters_and_the_workspace_s(app_without_shipped_starters):
    """Starters for one programme (`starters <programme>: add …`) reach only its pairs; a programme's own
    admin manages its starters and not the workspace's or another programme's."""

    app = app_without_shipped_starters
    app.fake.add_user(ADMIN, "admin")
    second = _second_programme(app)
    for where, question in (
        ("Mentoring: ", "Open-only question?"),
        ("reverse MENTORING: ", "Reverse-only <question>?"),
    ):
        for theme in ("career", "digital", "organisation", "integrated"):  # whatever the pair's topics
            app.command(f"admin starters {where}add {theme} {question}", user=ADMIN)
    assert "for *Reverse mentoring*" in app.fake.responses[-1]["text"]
    app.command("admin starters reverse mentoring: list", user=ADMIN)
    listing = app.fake.responses[-1]["text"]
    assert "*Reverse mentoring*'s pairs get" in listing and "Open-only" not in listing
    app.command("admin starters", user=ADMIN)  # every one, each marked with its programme
    assert "*Mentoring* only" in app.fake.responses[-1]["text"]

    for user, teach, learn in (("UAAAA0001", "sql", "python"), ("UBBBB0002", "python", "sql")):
        app.fake.add_user(user)
        app.command("join mentoring", user=user)
        app.submit_modal(profile_values(teach=(teach,), learn=(learn,)), user=user)
    join_second(app, "UAAAA0001", stage="early", teach=("stakeholder-management",), learn=("python",))
    join_second(app, "UDDDD0004", stage="executive", teach=("python",), learn=("stakeholder-management",))
    app.command("admin match", user=ADMIN)  # both programmes' rounds
    with app.session() as s:
        channels = {p.programme_id: p.channel_id for p in s.scalars(select(Pair))}
        first = programme_of(s, TEAM)
    opened = {p: json.dumps(app.fake.messages_in(c)[0]["blocks"]) for p, c in channels.items()}
    assert "Open-only question?" in opened[first] and "Reverse-only" not in opened[first]
    assert "Reverse-only &lt;question&gt;?" in opened[second] and "Open-only" not in opened[second]

    pa = "UPADMIN01"
    app.fake.add_user(pa)
    make_admin(app, second, pa)
    app.command("admin starters reverse mentoring: add career Theirs?", user=pa)
    assert "Added `custom-" in app.fake.responses[-1]["text"]
    for command in ("admin starters add career Everyone's?", "admin starters mentoring: add career Not theirs?",
                    "admin starters list"):  # fmt: skip
        app.command(command, user=pa)
        assert "for programme admins only" in app.fake.responses[-1]["text"], command
    app.command("admin starters reverse mentoring: remove custom-1", user=pa)  # "Mentoring"'s, not theirs
    assert "There is no starter" in app.fake.responses[-1]["text"]


def test_user_groups_are_invited_whole_and_can_run_a_programme(app):
    """`invite <programme> @group` invites each member; `admins <programme> @group` makes every member an
    admin of that programme only (its list, rounds, requests on their Home), kept when the modal is saved;
    a group Slack won't say the members of is refused kindly, inviting nobody."""
    from storage.models import Invitation

    group, lead, other = "S0ERGLEADS", "UGRP00001", "UGRP00002"
    app.fake.groups[group] = [lead, other]
    for u in (lead, other, "UONE00003"):
        app.fake.add_user(u)
    second = _second_programme(app, enrolment="invitation")
    app.command(f"admin invite reverse mentoring <!subteam^{group}|@erg-leads> <@UONE00003|one>", user=ADMIN)
    assert (
        "Invited <@UONE00003>, <@UGRP00001>, <@UGRP00002> to *Reverse mentoring*"
        in app.fake.responses[-1]["text"]
    )
    with app.session() as s:
        assert set(s.scalars(select(Invitation.user_id))) == {lead, other, "UONE00003"}
    app.command("admin invite reverse mentoring <!subteam^S0NOPE|@nope>", user=ADMIN)
    assert "couldn't read who is in <!subteam^S0NOPE>" in app.fake.responses[-1]["text"]
    with app.session() as s:
        assert len(s.scalars(select(Invitation)).all()) == 3

    app.command(
        f"admin admins reverse mentoring <!subteam^{group}|@erg-leads>", user=lead
    )  # not theirs to set
    assert "for programme admins only" in app.fake.responses[-1]["text"]
    app.command(f"admin admins reverse mentoring <!subteam^{group}|@erg-leads>", user=ADMIN)
    assert app.fake.responses[-1]["text"] == f"Own admins of *Reverse mentoring*: <!subteam^{group}>."
    app.command("admin match preview", user=lead)  # their programme only
    preview = app.fake.responses[-1]["text"]
    assert "*Reverse mentoring*" in preview and "*Mentoring*" not in preview
    app.command("admin match preview mentoring", user=lead)
    assert "for programme admins only" in app.fake.responses[-1]["text"]

    # The modal chooses people; saving it keeps the group.
    click(app, ids.PROGRAMME_EDIT, str(second))
    values = programme_values(state="active", enrolment="approval")
    values["admins"] = {"value": {"type": "multi_users_select", "selected_users": ["UONE00003"]}}
    app.submit_modal(values, user=ADMIN)
    with app.session() as s:
        assert s.get_one(Programme, second).admins == ["UONE00003", group]
    # A request to join lands on the group members' Home.
    app.fake.add_user("UASKS0001")
    app.command("join reverse mentoring", user="UASKS0001")
    app.submit_modal(profile_values(), user="UASKS0001")
    app.home_opened(other)
    assert "Requests to join" in str(app.fake.calls_to("views.publish")[-1].args["view"])

    app.command("admin admins reverse mentoring none", user=ADMIN)
    assert "nobody (only the workspace admins)" in app.fake.responses[-1]["text"]
    app.command("admin match preview", user=lead)
    assert "for programme admins only" in app.fake.responses[-1]["text"]


def test_a_programme_offers_its_own_topics_from_the_catalogue(app):
    """A programme's admins choose the topics it offers: its join modal lists only those (the other
    programme's, every topic), a forged form's others are dropped, and an unknown topic is refused inline."""
    app.fake.add_user(ADMIN, "admin")
    app.command("admin programmes", user=ADMIN)
    click(app, ids.PROGRAMME_NEW, "new")
    assert any(b.get("block_id") == "topics" for b in app.fake.modal()["blocks"])
    bad = programme_values(mode="mutual", enrolment="open") | {"topics": multi("python", "made-up")}
    assert set(app.submit_modal(bad, user=ADMIN).json()["errors"]) == {"topics"}
    good = programme_values(mode="mutual", enrolment="open") | {"topics": multi("python", "sql")}
    assert app.submit_modal(good, user=ADMIN).text == ""
    with app.session() as s:
        made = s.scalars(select(Programme).where(Programme.name == "Reverse mentoring")).one()
        assert made.catalogue == ["python", "sql"]
    click(app, ids.PROGRAMME_EDIT, str(made.id))  # its modal starts from them
    topics = next(b for b in app.fake.modal()["blocks"] if b["block_id"] == "topics")["element"]
    assert [o["value"] for o in topics["initial_options"]] == ["python", "sql"]

    app.fake.add_user("UAAAA0001")
    app.command("join reverse mentoring", user="UAAAA0001")
    offered = {
        o["value"]
        for b in app.fake.modal()["blocks"]
        if b.get("block_id") == "teach"
        for g in b["element"]["option_groups"]
        for o in g["options"]
    }
    assert offered == {"python", "sql"}
    forged = profile_values(teach=("python", "public-speaking"), learn=("sql", "negotiation"))
    assert app.submit_modal(forged, user="UAAAA0001").text == ""
    with app.session() as s:
        member = s.scalars(select(Member).where(Member.programme_id == made.id)).one()
        assert sorted((t.direction.value, t.topic) for t in member.topics) == [
            ("learn", "sql"),
            ("teach", "python"),
        ]
    app.command("join mentoring", user="UAAAA0001")  # the other programme: every topic
    teach = next(b for b in app.fake.modal()["blocks"] if b.get("block_id") == "teach")
    assert sum(len(g["options"]) for g in teach["element"]["option_groups"]) > 2


def test_pause_resume_and_leave_one_programme_and_say_which(app):
    """`pause <programme>: 2 weeks`, `pause <programme>`, `resume <programme>`, and the pause and leave
    modals' choice (`/mentor leave <programme>` preselects it) act on that programme only."""
    me = "UAAAA0001"
    app.join(me, teach=("sql",), learn=("python",))
    second = _second_programme(app)
    app.command("join reverse mentoring", user=me)
    app.submit_modal(profile_values(teach=("stakeholder-management",), learn=("python",)), user=me)

    def states() -> dict:
        with app.session() as s:
            return {
                m.programme_id: m.status.value for m in s.scalars(select(Member).where(Member.user_id == me))
            }

    with app.session() as s:
        first = programme_of(s, TEAM)
    app.command("pause Reverse Mentoring: 2 weeks", user=me)
    said = app.fake.responses[-1]["text"]
    assert said.startswith("You're paused in *Reverse mentoring* until") and "all your programmes" not in said
    assert states() == {first: "active", second: "paused"}
    app.command("resume reverse mentoring", user=me)
    assert "active again in *Reverse mentoring*" in app.fake.responses[-1]["text"]
    assert states() == {first: "active", second: "active"}
    app.command("pause mentoring", user=me)  # until they resume
    assert "paused in *Mentoring*: no matches" in app.fake.responses[-1]["text"]
    assert states() == {first: "paused", second: "active"}
    app.command("resume", user=me)
    assert states() == {first: "active", second: "active"}
    app.command("resume nowhere", user=me)
    assert "no programme called “nowhere”" in app.fake.responses[-1]["text"]

    app.command("pause", user=me)  # the modal offers every programme, or one
    which = next(b for b in app.fake.modal()["blocks"] if b.get("block_id") == ids.WHICH_BLOCK)
    assert [o["value"] for o in which["element"]["options"]] == [ids.WHICH_EVERY, str(first), str(second)]
    app.submit_modal({ids.WHICH_BLOCK: single(str(second))}, user=me)
    assert states() == {first: "active", second: "paused"}
    app.command("resume", user=me)

    app.command("leave reverse mentoring", user=me)
    which = next(b for b in app.fake.modal()["blocks"] if b.get("block_id") == ids.WHICH_BLOCK)
    assert which["element"]["initial_option"]["value"] == str(second)
    app.submit_modal({ids.WHICH_BLOCK: single(str(second))}, user=me)
    assert app.fake.responses[-1]["text"].startswith(
        "You've left *Reverse mentoring*. Your profile there is kept"
    )
    assert states() == {first: "active", second: "left"}
    app.command("leave nowhere", user=me)
    assert "no programme called" in str(app.fake.modal())


def test_the_home_tab_s_guides_are_for_each_person_s_side_of_their_pairing(app):
    """*Guides* on Home: the early-career person teaching (and learning from) an executive reads those for a
    more senior partner, the executive those for a newer one; both the first-meeting agenda. Before a
    pairing, the guides for everyone."""
    import json

    _second_programme(app)  # reverse
    join_second(app, "UJUNI0001", stage="early", teach=("python",), learn=("public-speaking",))
    join_second(app, "UEXEC0002", stage="executive", teach=("public-speaking",), learn=("python",))

    def guides_of(user: str) -> str:
        app.slack.home_action(ids.HOME_GUIDES, user=user)
        app.settle()
        modal = app.fake.modal()
        assert modal["title"]["text"] == "Guides"
        return json.dumps(modal["blocks"])

    before = guides_of("UJUNI0001")
    assert "30-minute agenda" in before and "colleague" not in before  # not paired yet: the general ones
    app.command("admin match reverse mentoring", user=ADMIN)
    junior, executive = guides_of("UJUNI0001"), guides_of("UEXEC0002")
    assert "teaching a more senior colleague" in junior and "learning from a more senior colleague" in junior
    assert (
        "learning from a newer colleague" in executive and "sharing what you know with a newer" in executive
    )
    assert "newer colleague" not in junior and "more senior colleague" not in executive
    assert "30-minute agenda" in junior and "Reverse mentoring" in junior  # under the programme's name
