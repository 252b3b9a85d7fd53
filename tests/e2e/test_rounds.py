"""Matching rounds and introductions, end to end: signed requests in, Slack calls and rows out."""

import json
import threading
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from storage.models import (
    Avoid,
    EndReason,
    Member,
    MemberStatus,
    Outbox,
    OutboxStatus,
    Pair,
    PairStatus,
    Programme,
    Round,
    RoundEntry,
)
from tests.conftest import ADMIN, START
from tests.factories import programme_of

# Complementary profiles: A and B want exactly what the other teaches; so do C and D.
PEOPLE = {
    "UAAAA0001": dict(
        teach=("python", "sql"), learn=("public-speaking", "negotiation"), department="engineering"
    ),
    "UBBBB0002": dict(teach=("public-speaking", "negotiation"), learn=("python", "sql"), department="sales"),
    "UCCCC0003": dict(teach=("design-tools", "ai-tools"), learn=("hiring", "strategy"), department="design"),
    "UDDDD0004": dict(
        teach=("hiring", "strategy"), learn=("design-tools", "ai-tools"), department="leadership"
    ),
}


def enrol(app, user, *, tz="Europe/London", **profile):
    app.fake.add_user(user, tz=tz)
    app.join(user, **(profile or PEOPLE[user]))


def enrol_all(app, users=tuple(PEOPLE)):
    for user in users:
        enrol(app, user)


def pairs_of(app, status=None):
    with app.session() as s:
        stmt = select(Pair)
        if status:
            stmt = stmt.where(Pair.status == status)
        return [sorted(pm.member.user_id for pm in p.members) for p in s.scalars(stmt.order_by(Pair.id))]


def admin(app, text):
    app.command(text, user=ADMIN)
    return app.fake.responses[-1]["text"]


def intros(app):
    """Every introduction posted: (users in its conversation, message)."""
    opened = {c.args["users"]: None for c in app.fake.calls_to("conversations.open")}
    out = []
    for channel, messages in app.fake.all_messages().items():
        for m in messages:
            if any(b.get("block_id", "").startswith("outbox:intro:") for b in m["blocks"]):
                out.append((channel, m))
    return out, opened


def test_preview_shows_pairs_and_reasons_and_announces_nothing(app):
    app.fake.add_user(ADMIN, "admin")
    enrol_all(app)
    text = admin(app, "admin match preview")
    assert text.startswith("*Preview — nothing was announced.*")
    assert "4 people considered: 2 groups" in text
    assert "<@UAAAA0001> + <@UBBBB0002>" in text and "can show" in text and "score" in text
    with app.session() as s:
        assert s.scalars(select(Round)).all() == [] and s.scalars(select(Pair)).all() == []
    assert app.fake.calls_to("conversations.open") == []


def test_a_round_pairs_the_best_two_way_exchanges_and_introduces_each_pair_once(app):
    app.fake.add_user(ADMIN, "admin")
    enrol_all(app)
    text = admin(app, "admin match")
    assert text.startswith("*Round done")
    assert pairs_of(app) == [["UAAAA0001", "UBBBB0002"], ["UCCCC0003", "UDDDD0004"]]
    opened = sorted(c.args["users"] for c in app.fake.calls_to("conversations.open"))
    assert opened == ["UAAAA0001,UBBBB0002", "UCCCC0003,UDDDD0004"]
    posted, _ = intros(app)
    assert len(posted) == 2
    channel, message = posted[0]
    body = json.dumps(message["blocks"])
    assert "Who teaches what" in body and "Why you were matched" in body and "A first question" in body
    assert "<@UAAAA0001> can show <@UBBBB0002> Python & scripting and SQL & querying data" in body
    assert body.count("can show <@UBBBB0002>") == 1  # said once: "why" gives what else they were matched on
    assert "You work in different departments." in body
    assert "Local time now" in body and "intro_agreement" in body and "not_fit" not in body
    with app.session() as s:
        record = s.scalars(select(Round)).one()
        assert (record.considered, record.paired, record.left_out, record.trigger) == (4, 4, 0, "admin")
        assert record.total_score > 0 and record.upper_bound >= record.total_score
        assert {e.outcome for e in s.scalars(select(RoundEntry))} == {"paired"}
        assert all(o.status is OutboxStatus.SENT for o in s.scalars(select(Outbox)))
        pair = s.scalars(select(Pair)).first()
        assert pair.ends_on == (START + timedelta(weeks=12)).date() and pair.intro_ts
    # Delivering again (another tick) sends nothing more.
    app.tick(START + timedelta(minutes=5))
    assert len(intros(app)[0]) == 2


def test_only_admins_can_run_rounds(app):
    enrol_all(app)
    app.command("admin match", user="UAAAA0001")
    assert "for programme admins only" in app.fake.responses[-1]["text"]
    assert pairs_of(app) == []
    app.fake.add_user("UOWNER001", "owner", is_owner=True)  # workspace owners are admins too
    app.command("admin match preview", user="UOWNER001")
    assert app.fake.responses[-1]["text"].startswith("*Preview")


def test_an_odd_person_out_joins_a_trio(app):
    app.fake.add_user(ADMIN, "admin")
    enrol_all(app)
    enrol(app, "UEEEE0005", teach=("python",), learn=("hiring",), department="data")
    admin(app, "admin match")
    groups = pairs_of(app)
    assert len(groups) == 2 and sorted(len(g) for g in groups) == [2, 3]
    assert any(c.args["users"].count(",") == 2 for c in app.fake.calls_to("conversations.open"))
    posted, _ = intros(app)
    assert len(posted) == 2 and any("mentoring trio" in json.dumps(m["blocks"]) for _, m in posted)


def test_without_trios_the_odd_one_out_is_told_kindly_and_goes_first_next_time(app):
    app.fake.add_user(ADMIN, "admin")
    with app.session.__self__.deps.sessions.begin() as s:
        s.get_one(Programme, programme_of(s, "T123ABC456")).allow_trios = False
    for user in ["UAAAA0001", "UBBBB0002", "UCCCC0003"]:
        enrol(app, user)
    assert "<@UCCCC0003> (odd one out)" in admin(app, "admin match")
    admin(app, "admin match")  # again at once (a double click): nobody new to pair, nothing said twice
    (waiting,) = [m for m in app.fake.all_messages().values() for m in m if "first in line" in m["text"]]
    assert (
        "everyone you could have been paired with this round was matched with someone else" in waiting["text"]
    )
    assert "too many" not in waiting["text"]
    # Alone in the pool now (the others are paired), they are someone nobody can be paired with.
    assert "<@UCCCC0003> (nobody they can be paired with)" in admin(app, "admin match preview")
    with app.session() as s:
        left = s.scalars(select(Member).where(Member.waiting_since.is_not(None))).one()
        assert left.user_id == "UCCCC0003"
    # Next round: a newcomer arrives and the person who waited is paired (priority), not left out again.
    enrol(app, "UFFFF0006", teach=("python",), learn=("writing",), department="data")
    admin(app, "admin match")
    assert ["UCCCC0003", "UFFFF0006"] in pairs_of(app)


def test_repeats_within_the_cooldown_are_avoided(app):
    app.fake.add_user(ADMIN, "admin")
    enrol_all(app)
    admin(app, "admin match")
    with app.session.__self__.deps.sessions.begin() as s:  # the term ends (issue 4 does this on schedule)
        s.execute(update(Pair).values(status=PairStatus.ENDED, end_reason=EndReason.TERM_END, ended_at=START))
    app.clock.set(START + timedelta(weeks=12))
    admin(app, "admin match")
    second = pairs_of(app, PairStatus.ACTIVE)
    assert ["UAAAA0001", "UBBBB0002"] not in second and ["UCCCC0003", "UDDDD0004"] not in second
    assert len(second) == 2


def test_the_dont_pair_me_with_list_is_respected_and_private(app):
    app.fake.add_user(ADMIN, "admin")
    enrol_all(app)
    app.command("avoid <@UBBBB0002|bea>", user="UAAAA0001")
    assert "won't be paired with: <@UBBBB0002>" in app.fake.responses[-1]["text"]
    admin(app, "admin match")
    assert ["UAAAA0001", "UBBBB0002"] not in pairs_of(app)
    everything = json.dumps(app.fake.all_messages()).lower()
    for hint in ("won't be paired", "don't pair", "avoid list", "unavoid"):
        assert hint not in everything  # nothing anyone receives hints at the list


def test_avoid_commands(app):
    enrol(app, "UAAAA0001")
    app.command("avoid", user="UAAAA0001")
    assert "list is empty" in app.fake.responses[-1]["text"]
    app.command("avoid <@UBBBB0002|b> <@UCCCC0003>", user="UAAAA0001")
    app.command("unavoid <@UBBBB0002|b>", user="UAAAA0001")
    app.command("avoid", user="UAAAA0001")
    assert app.fake.responses[-1]["text"].startswith("You won't be paired with: <@UCCCC0003>.")
    app.command("avoid bob", user="UAAAA0001")
    assert "Mention the people" in app.fake.responses[-1]["text"]
    app.command("avoid <@UAAAA0001>", user="UAAAA0001")
    assert "can't avoid yourself" in app.fake.responses[-1]["text"]
    with app.session() as s:
        assert [a.avoided_user_id for a in s.scalars(select(Avoid))] == ["UCCCC0003"]


def test_the_avoid_list_from_the_home_tab(app):
    enrol(app, "UAAAA0001")
    app.home_action("home_avoid", user="UAAAA0001")
    view = app.fake.modal()
    assert (json.loads(view) if isinstance(view, str) else view)["callback_id"] == "mentor_avoid"
    values = {
        "avoid_users": {"users": {"type": "multi_users_select", "selected_users": ["UBBBB0002", "UAAAA0001"]}}
    }
    r = app.submit("mentor_avoid", values, user="UAAAA0001")
    assert r.json()["response_action"] == "errors"
    values["avoid_users"]["users"]["selected_users"] = ["UBBBB0002"]
    assert app.submit("mentor_avoid", values, user="UAAAA0001").text == ""
    with app.session() as s:
        assert [a.avoided_user_id for a in s.scalars(select(Avoid))] == ["UBBBB0002"]


def test_people_without_shared_working_hours_are_not_paired(app):
    app.fake.add_user(ADMIN, "admin")
    enrol(app, "UAAAA0001", tz="Asia/Tokyo")
    enrol(app, "UBBBB0002", tz="America/New_York")
    text = admin(app, "admin match")
    assert pairs_of(app) == []
    assert "2 waiting" in text and "<@UAAAA0001> (nobody they can be paired with)" in text
    app.tick(START + timedelta(minutes=1))
    told = [m["text"] for m in app.fake.all_messages().values() for m in m if "first in line" in m["text"]]
    assert len(told) == 2 and all("nobody in this round could be paired with you" in t for t in told)
    app.command("report", user=ADMIN)
    report = json.dumps(app.fake.responses[-1]["blocks"], ensure_ascii=False)
    assert "<@UAAAA0001> — nobody in the last round could be paired with them" in report  # who waits, and why


def first_pair(app):
    """Everyone enrolled and matched: the first introduction's group DM and message, its pair and people."""
    app.fake.add_user(ADMIN, "admin")
    enrol_all(app)
    admin(app, "admin match")
    (channel, message), *_ = intros(app)[0]
    with app.session() as s:
        pair = s.scalars(select(Pair).where(Pair.channel_id == channel)).one()
        return channel, message, pair.id, sorted(pm.member.user_id for pm in pair.members)


def test_not_a_fit_is_chosen_privately_and_the_partner_is_told_kindly_by_name(app):
    channel, message, _, users = first_pair(app)
    assert "not_fit" not in json.dumps(message["blocks"])  # nothing in the shared group DM to press
    chooser, partner = users
    app.slack.home_opened(user=chooser)
    app.settle()
    assert "home_not_fit" in json.dumps(app.fake.calls_to("views.publish")[-1].args["view"])
    for _ in range(2):  # a double click
        app.slack.home_action("home_not_fit", user=chooser)
        app.settle()
    app.tick(START + timedelta(minutes=1))
    assert not [m for m in app.fake.messages_in("D" + partner[1:]) if "Your pairing" in m["text"]]
    # The shared introduction doesn't change the minute it was chosen either: its timing would say who.
    assert app.fake.calls_to("chat.update") == [] and "This pairing has ended" not in json.dumps(
        app.fake.messages_in(channel)[0]["blocks"]
    )
    app.tick(START + timedelta(days=1, hours=1))  # told at a neutral moment: their next working morning
    assert len(app.fake.calls_to("chat.update")) == 1  # the introduction too, then, and once
    updated = app.fake.messages_in(channel)[0]
    assert "This pairing has ended" in json.dumps(updated["blocks"])
    assert chooser not in json.dumps(updated["blocks"]).split("This pairing has ended")[1]  # no one named
    (told,) = [m for m in app.fake.messages_in("D" + partner[1:]) if _is_kind(m, "partner-gone")]
    assert told["text"] == (
        f"Your pairing with <@{chooser}> has ended — that happens, and it's no one's fault. "
        "You're *first in line* for the next round."
    )
    said = json.dumps(app.fake.all_messages())
    assert "no longer available" not in said and "not a fit" not in said.lower()  # never why, nor who chose
    home = json.dumps(app.fake.calls_to("views.publish")[-1].args["view"])
    assert "first in line" in home and "home_not_fit" not in home  # the chooser's own answer, privately
    with app.session.__self__.deps.sessions.begin() as s:
        s.execute(
            update(Pair)
            .where(Pair.status == PairStatus.ACTIVE)
            .values(status=PairStatus.ENDED, ended_at=START)
        )
    app.clock.set(START + timedelta(days=400))  # long after any cooldown
    admin(app, "admin match")
    assert users not in pairs_of(app, PairStatus.ACTIVE)


def test_the_not_a_fit_button_on_introductions_sent_before_it_moved_still_ends_the_pair_quietly(app):
    channel, message, pair_id, users = first_pair(app)
    for _ in range(2):  # a double click
        app.slack.block_action(
            "intro_not_fit", str(pair_id), user=users[0], channel=channel, ts=message["ts"]
        )
        app.settle()
    assert app.fake.calls_to("chat.update") == []  # the introduction says nothing yet…
    with app.session() as s:
        assert s.get(Pair, pair_id).end_reason is EndReason.NOT_A_FIT
    app.tick(START + timedelta(days=1, hours=1))  # the partner's next working morning
    assert [m for m in app.fake.messages_in("D" + users[1][1:]) if "no one's fault" in m["text"]]
    assert len(app.fake.calls_to("chat.update")) == 1  # …until then, once


def test_the_profile_note_reaches_the_partner_in_the_introduction(app):
    app.fake.add_user(ADMIN, "admin")
    enrol(app, "UAAAA0001", **PEOPLE["UAAAA0001"], note="I'm moving into management & want to learn from you")
    enrol(app, "UBBBB0002")
    admin(app, "admin match")
    ((channel, message),), _ = intros(app)
    text = json.dumps(message["blocks"], ensure_ascii=False)
    assert (
        "*In their own words*\\n<@UAAAA0001>: “I'm moving into management &amp; want to learn from you”"
        in text
    )


def test_leaving_a_trio_as_not_a_fit_ends_only_that_part_and_the_other_two_go_on(app):
    app.fake.add_user(ADMIN, "admin")
    enrol_all(app)
    enrol(app, "UEEEE0005", teach=("python",), learn=("hiring",), department="data")
    admin(app, "admin match")
    with app.session() as s:
        trio = next(p for p in s.scalars(select(Pair)) if len(p.members) == 3)
        trio_id, old_channel = trio.id, trio.channel_id
        leaver, *stay = [pm.member.user_id for pm in trio.members]
    for _ in range(2):  # a double click
        app.slack.home_action("home_not_fit", user=leaver)
        app.settle()
    with app.session() as s:
        trio = s.get(Pair, trio_id)
        assert trio.status is PairStatus.ACTIVE and sorted(
            pm.member.user_id for pm in trio.members
        ) == sorted(stay)
        gone = s.scalars(select(Member).where(Member.user_id == leaver)).one()
        assert gone.waiting_since is not None  # first in line, free to be paired
    assert app.fake.calls_to("chat.update") == []  # the trio's introduction stays as it was
    app.tick(START + timedelta(days=1, hours=1))  # told at a neutral moment: their next working morning
    for user in stay:
        (told,) = [
            m["text"] for m in app.fake.messages_in("D" + user[1:]) if "left your mentoring trio" in m["text"]
        ]
        other = next(u for u in stay if u != user)
        assert told.startswith(
            f"<@{leaver}> has left your mentoring trio — that happens, and it's no one's fault."
        )
        assert f"You and <@{other}> carry on as a pair" in told
    # Their next message goes to a new group DM of the two (the old one has the person who left in it).
    for hours in range(7 * 24, 17 * 24, 4):  # the first check-in, at its hour in their cadence
        app.tick(START + timedelta(hours=hours))
    with app.session() as s:
        channel = s.get(Pair, trio_id).channel_id
    assert channel and channel != old_channel
    assert app.fake.messages_in(channel) and ",".join(sorted(stay)) in [
        ",".join(sorted(c.args["users"].split(","))) for c in app.fake.calls_to("conversations.open")
    ]
    # The one who left is never matched with either of them again.
    with app.session() as s:
        from bot.services.programme import programme_settings
        from bot.services.rounds import rules_for

        members = list(s.scalars(select(Member)))
        ids = {m.user_id: m.id for m in members}
        rules = rules_for(
            session=s,
            members=members,
            settings=programme_settings(session=s, programme_id=programme_of(s, "T123ABC456")),
            now=START,
        )
        assert {frozenset((ids[leaver], ids[u])) for u in stay} <= rules.forbidden


def test_only_pair_members_can_use_its_buttons(app):
    channel, message, pair_id, _ = first_pair(app)
    app.fake.add_user("UOUTSIDER")
    app.slack.block_action("intro_not_fit", str(pair_id), user="UOUTSIDER", channel=channel, ts=message["ts"])
    app.settle()
    assert pairs_of(app, PairStatus.ACTIVE) and app.fake.calls_to("chat.update") == []
    assert "This button belongs to the people in this pairing." in app.responses_text()  # told, kindly


def test_leaving_with_a_partner_tells_the_partner_once(app):
    app.fake.add_user(ADMIN, "admin")
    enrol_all(app)
    admin(app, "admin match")
    app.command("leave", user="UAAAA0001")
    values = {"leave_erase": {"erase": {"type": "checkboxes", "selected_options": []}}}
    app.submit("mentor_leave", values, user="UAAAA0001")
    app.tick(START + timedelta(minutes=1))
    app.tick(START + timedelta(minutes=2))
    told = [
        m
        for ms in app.fake.all_messages().values()
        for m in ms
        if "stepped back from the programme" in m["text"]
    ]
    assert len(told) == 1
    assert ["UAAAA0001", "UBBBB0002"] not in pairs_of(app, PairStatus.ACTIVE)
    with app.session() as s:
        partner = s.scalars(select(Member).where(Member.user_id == "UBBBB0002")).one()
        assert partner.waiting_since is not None


def test_a_scheduled_round_runs_once_per_slot(app):
    enrol_all(app)
    monday = START.replace(hour=9, minute=30)
    first = app.tick(monday)
    assert first.done["rounds"] == 1 and first.done["messages sent"] == 6  # 2 introductions, 4 guides
    again = app.tick(monday)
    later = app.tick(monday + timedelta(days=2))
    assert again.done["rounds"] == 0 and later.done["rounds"] == 0
    assert len(intros(app)[0]) == 2
    with app.session() as s:
        assert s.scalars(select(Round)).one().trigger == "schedule"


@pytest.mark.parametrize("where", ["open", "post"])
def test_a_429_waits_for_retry_after_and_delivers_once(app, where):
    app.fake.add_user(ADMIN, "admin")
    enrol_all(app)
    method = "conversations.open" if where == "open" else "chat.postMessage"
    app.fake.fail(method, status=429, retry_after=1)
    admin(app, "admin match")
    assert len(intros(app)[0]) == 2


def test_a_5xx_is_retried_by_the_next_tick_and_never_duplicated(app):
    app.fake.add_user(ADMIN, "admin")
    enrol_all(app)
    app.fake.fail("chat.postMessage", status=503, times=1)
    admin(app, "admin match")
    assert len(intros(app)[0]) == 1
    with app.session() as s:
        assert s.scalars(select(Outbox).where(Outbox.status == OutboxStatus.PENDING)).one().uncertain
    app.tick(START + timedelta(minutes=10))
    assert len(intros(app)[0]) == 2
    app.tick(START + timedelta(minutes=20))
    assert len(intros(app)[0]) == 2


def test_a_send_that_reached_slack_but_lost_its_answer_is_not_sent_again(app):
    app.fake.add_user(ADMIN, "admin")
    enrol_all(app)
    app.fake.fail("chat.postMessage", status=500, after_effect=True)
    admin(app, "admin match")
    app.tick(START + timedelta(minutes=10))
    app.tick(START + timedelta(minutes=20))
    posted, _ = intros(app)
    assert len(posted) == 2  # the first post did land; the retry found it in the conversation
    assert len(app.fake.calls_to("conversations.history")) == 1
    with app.session() as s:
        assert {o.status for o in s.scalars(select(Outbox))} == {OutboxStatus.SENT}


def test_a_deactivated_person_is_marked_inactive_and_their_partner_told(app):
    app.fake.add_user(ADMIN, "admin")
    enrol_all(app)
    app.fake.users["UAAAA0001"].deleted = True  # deactivated after joining
    admin(app, "admin match")
    posted, _ = intros(app)
    assert len(posted) == 1  # the other pair was introduced as usual
    app.tick(START + timedelta(minutes=1))
    told = [
        m for ms in app.fake.all_messages().values() for m in ms if "can no longer be reached" in m["text"]
    ]
    assert len(told) == 1
    with app.session() as s:
        gone = s.scalars(select(Member).where(Member.user_id == "UAAAA0001")).one()
        partner = s.scalars(select(Member).where(Member.user_id == "UBBBB0002")).one()
        assert gone.status is MemberStatus.INACTIVE and partner.waiting_since is not None
    assert ["UAAAA0001", "UBBBB0002"] not in pairs_of(app, PairStatus.ACTIVE)


def test_someone_unreachable_is_taken_out_of_every_programme_they_are_in(app):
    app.fake.add_user(ADMIN, "admin")
    enrol_all(app)
    with app.session.__self__.deps.sessions.begin() as s:  # they are in a second programme too
        other = Programme(team_id="T123ABC456", name="Reverse mentoring", created_at=START, updated_at=START)
        s.add(other)
        s.flush()
        s.add(Member(team_id="T123ABC456", programme_id=other.id, user_id="UAAAA0001", status=MemberStatus.ACTIVE,
                     career_stage="mid", department="data", cadence="weekly", joined_at=START, updated_at=START))  # fmt: skip
    app.fake.users["UAAAA0001"].deleted = True
    admin(app, "admin match")
    app.tick(START + timedelta(minutes=1))
    with app.session() as s:
        gone = s.scalars(select(Member).where(Member.user_id == "UAAAA0001")).all()
        assert len(gone) == 2 and {m.status for m in gone} == {MemberStatus.INACTIVE}


def test_two_deliveries_at_once_send_each_introduction_once(app):
    app.fake.add_user(ADMIN, "admin")
    enrol_all(app)
    for user in ["UEEEE0005", "UFFFF0006", "UGGGG0007", "UHHHH0008"]:
        enrol(app, user, teach=("writing",), learn=("sql",), department="data")
    with app.session.__self__.deps.sessions.begin() as s:
        from bot.services.rounds import run_round

        run_round(session=s, programme_id=programme_of(s, "T123ABC456"), now=START, catalogue_ranks=app.deps.catalogue.stage_ranks,
                  trigger="cli")  # fmt: skip
    threads = [threading.Thread(target=app.tick, args=(START,)) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    posted, _ = intros(app)
    group_posts = [c for c in app.fake.calls_to("chat.postMessage") if c.args["channel"].startswith("G")]
    assert len(posted) == 4 and len(group_posts) == 4


def test_erasing_someone_who_was_paired_leaves_no_trace_of_them(app):
    from sqlalchemy import MetaData

    app.fake.add_user(ADMIN, "admin")
    enrol_all(app)
    admin(app, "admin match")
    app.command("leave", user="UAAAA0001")
    erase = {"leave_erase": {"erase": {"type": "checkboxes", "selected_options": [{"value": "erase"}]}}}
    app.submit("mentor_leave", erase, user="UAAAA0001")
    app.tick(START + timedelta(minutes=1))
    with app.session() as s:
        meta = MetaData()
        meta.reflect(bind=s.get_bind())
        for table in meta.sorted_tables:
            for row in s.execute(select(table)):
                assert "UAAAA0001" not in json.dumps([str(v) for v in row], default=str), table.name
        assert len(s.scalars(select(Pair)).all()) == 1  # their pair is gone; the other pair is untouched
    told = [
        m
        for ms in app.fake.all_messages().values()
        for m in ms
        if "stepped back from the programme" in m["text"]
    ]
    assert len(told) == 1


def test_a_process_that_died_after_sending_does_not_cause_a_second_send(app):
    app.fake.add_user(ADMIN, "admin")
    enrol_all(app)
    admin(app, "admin match")
    # As if a replica posted the intro and died before recording it: the row is still 'sending', lease lapsed.
    with app.session.__self__.deps.sessions.begin() as s:
        row = s.scalars(select(Outbox).order_by(Outbox.id)).first()
        row.status, row.lease_until, row.ts = OutboxStatus.SENDING, START + timedelta(minutes=5), None
    app.tick(START + timedelta(minutes=3))  # the lease is still held: nobody touches it
    assert app.fake.calls_to("conversations.history") == []
    app.tick(START + timedelta(minutes=10))  # lapsed: look in the conversation first, find it, don't resend
    assert len(app.fake.calls_to("conversations.history")) == 1
    assert len(intros(app)[0]) == 2
    with app.session() as s:
        assert {o.status for o in s.scalars(select(Outbox))} == {OutboxStatus.SENT}


def test_status_and_home_show_the_current_pairing(app):
    app.fake.add_user(ADMIN, "admin")
    enrol_all(app)
    admin(app, "admin match")
    app.command("status", user="UAAAA0001")
    assert "You're *paired* with <@UBBBB0002> until 29 March 2027" in app.fake.responses[-1]["text"]
    app.home_opened("UBBBB0002")
    assert "paired* with <@UAAAA0001>" in json.dumps(app.fake.calls_to("views.publish")[-1].args["view"])


def test_programme_weights_can_be_tuned(app):
    """With the two-way bonus and topic points switched off and a big department bonus, the round follows."""
    app.fake.add_user(ADMIN, "admin")
    enrol_all(app)
    overrides = {"topic": 0, "two_way": 0, "mutual_department": 0, "base": 10}
    with app.session.__self__.deps.sessions.begin() as s:
        s.get_one(Programme, programme_of(s, "T123ABC456")).weights = overrides
    text = admin(app, "admin match preview")
    assert "Total score 20" in text  # two pairs at the base score only: the overrides took effect


def test_admins_pair_unpair_and_remove_by_hand(app):
    app.fake.add_user(ADMIN, "admin")
    enrol_all(app)
    assert "Paired <@UAAAA0001> and <@UCCCC0003>" in admin(app, "admin pair <@UAAAA0001|a> <@UCCCC0003|c>")
    assert pairs_of(app, PairStatus.ACTIVE) == [["UAAAA0001", "UCCCC0003"]]
    assert len(intros(app)[0]) == 1  # introduced like any pair
    assert "already paired" in admin(app, "admin pair <@UAAAA0001> <@UBBBB0002>")
    assert "themselves" in admin(app, "admin pair <@UBBBB0002> <@UBBBB0002>")
    assert "isn't in the mentoring programme" in admin(app, "admin pair <@UBBBB0002> <@UNOBODY01>")
    assert "exactly two people" in admin(app, "admin pair <@UBBBB0002>")
    app.command("avoid <@UDDDD0004>", user="UBBBB0002")
    refused = admin(app, "admin pair <@UBBBB0002> <@UDDDD0004>")
    assert "can't be paired" in refused and "avoid" not in refused  # never says which of the reasons it is
    assert "Unpaired <@UAAAA0001>" in admin(app, "admin unpair <@UAAAA0001>")
    assert pairs_of(app, PairStatus.ACTIVE) == []
    told = [m["text"] for ms in app.fake.all_messages().values() for m in ms if "programme team" in m["text"]]
    assert sorted(told) == [  # both of them, once each
        "The programme team has ended your current pairing. You're *first in line* for the next round.",
        "Your pairing with <@UAAAA0001> has ended — the programme team made a change; it's no one's fault. "
        "You're *first in line* for the next round.",
    ]
    assert "isn't paired" in admin(app, "admin unpair <@UAAAA0001>")
    assert "Removed <@UCCCC0003>" in admin(app, "admin remove <@UCCCC0003>")
    app.tick(START + timedelta(minutes=2))
    said = json.dumps(app.fake.all_messages())
    assert "left the" not in said and "stepped back" not in said  # a removal is not a leaving
    (removed,) = [m for m in app.fake.messages_in("DCCCC0003") if "taken you out" in m["text"]]
    assert "`/mentor join` brings you back" in removed["text"]
    with app.session() as s:
        assert (
            s.scalars(select(Member).where(Member.user_id == "UCCCC0003")).one().status is MemberStatus.LEFT
        )
    assert "Mention one person" in admin(app, "admin remove")
    app.command("admin remove <@UBBBB0002>", user="UAAAA0001")
    assert "for programme admins only" in app.fake.responses[-1]["text"]


def _is_kind(message: dict, kind: str) -> bool:
    first = (message.get("blocks") or [{}])[0]
    return str(first.get("block_id", "")).startswith(f"outbox:{kind}:")


def test_the_introduction_s_update_after_not_a_fit_survives_a_5xx_and_happens_once(app):
    channel, message, pair_id, users = first_pair(app)
    app.slack.home_action("home_not_fit", user=users[0])
    app.settle()
    app.fake.fail("chat.update", status=503)
    app.tick(START + timedelta(days=1, hours=1))  # the neutral moment: Slack answers 503
    assert "This pairing has ended" not in json.dumps(app.fake.messages_in(channel)[0]["blocks"])
    app.tick(START + timedelta(days=1, hours=2))  # retried by a later tick
    assert "This pairing has ended" in json.dumps(app.fake.messages_in(channel)[0]["blocks"])
    app.tick(START + timedelta(days=2))
    assert len(app.fake.messages_in(channel)) == 1  # updated in place, never posted anew
    with app.session() as s:
        (row,) = [o for o in s.scalars(select(Outbox)) if o.kind.value == "intro-ended"]
        assert row.status.value == "sent" and row.ts == message["ts"]
