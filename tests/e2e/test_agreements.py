"""The pair's two-way agreement, end to end: a goal per direction, counted only once both have agreed, with
each person's confidence rated privately."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from bot import ids
from storage.models import Agreement, Confidence, Pair, PairMember
from tests.conftest import ADMIN
from tests.e2e.test_rounds import PEOPLE, admin, enrol

A, B = "UAAAA0001", "UBBBB0002"  # A teaches B python and sql; B teaches A public speaking and negotiation


def typed(value: str) -> dict:
    return {"value": {"type": "plain_text_input", "value": value}}


def chosen(value: str, kind: str = "static_select") -> dict:
    return {"value": {"type": kind, "selected_option": {"value": value}}}


def paired(app) -> tuple[int, str, dict, dict[str, int]]:
    app.fake.add_user(ADMIN, "admin")
    enrol(app, A, **{**PEOPLE[A], "cadence": "weekly"})
    enrol(app, B, **{**PEOPLE[B], "cadence": "monthly"})
    admin(app, "admin match")
    with app.session() as s:
        pair = s.scalars(select(Pair)).one()
        members = {pm.member.user_id: pm.member_id for pm in pair.members}
        return pair.id, pair.channel_id, app.fake.messages_in(pair.channel_id)[0], members


def click(app, action_id: str, pair_id: int, user: str, channel: str, message: dict) -> dict:
    app.slack.block_action(action_id, str(pair_id), user=user, channel=channel, ts=message["ts"])
    app.settle()
    return app.fake.modal()


def block(view: dict, block_id: str) -> dict:
    return next(b for b in view["blocks"] if b.get("block_id") == block_id)


def proposal(members: dict[str, int], a_learns_b: str, b_learns_a: str, **extra: dict) -> dict:
    return {
        f"agreement_goal:{members[A]}:{members[B]}": typed(b_learns_a),
        f"agreement_goal:{members[B]}:{members[A]}": typed(a_learns_b),
        "agreement_cadence": chosen("biweekly", "radio_buttons"),
        "agreement_minutes": chosen("45"),
        "agreement_private": typed("Nothing leaves the room"),
        **extra,
    }


def both_agree(app, pair_id, channel, intro, members, *, b_learns="SQL", a_rates=None, b_rates=None) -> None:
    """A proposes (A learns pitching from B, B learns `b_learns` from A), B agrees; each may rate privately
    what they learn (A: negotiation, B: python)."""
    click(app, ids.INTRO_AGREEMENT, pair_id, A, channel, intro)
    rated = {"confidence:negotiation": chosen(str(a_rates))} if a_rates else {}
    app.submit_modal(proposal(members, "Pitching", b_learns, **rated), user=A)
    click(app, ids.INTRO_AGREE, pair_id, B, channel, intro)
    app.submit_modal({"confidence:python": chosen(str(b_rates))} if b_rates else {}, user=B)


def intro_text(app, channel: str) -> str:
    (intro,) = app.fake.messages_in(channel)  # updated in place, never posted again
    return json.dumps(intro["blocks"])


def test_the_agreement_counts_only_once_both_have_agreed(app):
    pair_id, channel, intro, members = paired(app)
    assert "Propose our agreement" in intro_text(app, channel)
    view = click(app, ids.INTRO_AGREEMENT, pair_id, A, channel, intro)
    # One goal per direction, prefilled from what the pair was matched on, and the slower of the two wishes.
    a_to_b = block(view, f"agreement_goal:{members[A]}:{members[B]}")["element"]["initial_value"]
    b_to_a = block(view, f"agreement_goal:{members[B]}:{members[A]}")["element"]["initial_value"]
    assert "Python" in a_to_b and "SQL" in a_to_b and "Negotiation" in b_to_a
    assert block(view, "agreement_cadence")["element"]["initial_option"]["value"] == "monthly"
    rate_a = {f"confidence:{t}": chosen("2") for t in ("negotiation", "public-speaking")}
    assert {b["block_id"] for b in view["blocks"] if b.get("block_id", "").startswith("confidence:")} == set(
        rate_a
    )  # A rates what A learns here, and nothing else
    r = app.submit_modal(proposal(members, "Pitching to execs", "SQL joins <!channel>", **rate_a), user=A)
    assert r.text == ""

    shown = intro_text(app, channel)
    assert f"waiting for <@{B}> to agree" in shown and "SQL joins &lt;!channel&gt;" in shown
    assert "45 minutes" in shown and "We agree" in shown
    with app.session() as s:
        pair = s.get(Pair, pair_id)
        assert pair.agreed_at is None and pair.agreement_cadence is None  # one person's proposal isn't agreed

    view = click(app, ids.INTRO_AGREE, pair_id, B, channel, app.fake.messages_in(channel)[0])
    assert view["callback_id"] == ids.AGREE_VIEW and "Pitching to execs" in json.dumps(view["blocks"])
    rate_b = {
        "confidence:python": chosen("1"),
        "confidence:sql": chosen("3"),
        "confidence:hiring": chosen("5"),
    }
    assert app.submit_modal(rate_b, user=B).text == ""

    shown = intro_text(app, channel)
    assert "agreed by everyone" in shown and "We agree" not in shown and "Propose a change" in shown
    with app.session() as s:
        pair = s.get(Pair, pair_id)
        assert pair.agreed_at is not None and pair.agreement_cadence == "biweekly"
        ratings = {(c.member_id, c.topic, c.phase, c.rating) for c in s.scalars(select(Confidence))}
    assert ratings == {
        (members[A], "negotiation", "start", 2),
        (members[A], "public-speaking", "start", 2),
        (members[B], "python", "start", 1),
        (members[B], "sql", "start", 3),  # a topic B doesn't learn here ("hiring") is not kept
    }
    # Private: the ratings appear in no message and no modal anyone else sees.
    assert "I'm just starting" not in json.dumps([c.args for c in app.fake.calls_to("chat.update")])


def test_a_change_needs_everyone_again_and_an_old_version_cannot_be_agreed(app):
    pair_id, channel, intro, members = paired(app)
    click(app, ids.INTRO_AGREEMENT, pair_id, A, channel, intro)
    app.submit_modal(proposal(members, "Pitching", "SQL"), user=A)
    click(app, ids.INTRO_AGREE, pair_id, B, channel, intro)
    stale = app.fake.modal()  # B reads version 1 …
    click(app, ids.INTRO_AGREEMENT, pair_id, A, channel, intro)
    app.submit_modal(proposal(members, "Pitching", "SQL and dashboards"), user=A)  # … A proposes version 2
    app.submit_modal({}, user=B, modal=stale)
    told = [c.args["text"] for c in app.fake.calls_to("chat.postMessage") if c.args.get("channel") == B]
    assert told and "The agreement has changed since you opened it" in told[-1]  # told kindly, in a DM
    with app.session() as s:
        assert s.get(Pair, pair_id).agreed_at is None
        assert s.get(Agreement, pair_id).version == 2
    click(app, ids.INTRO_AGREE, pair_id, B, channel, intro)
    app.submit_modal({}, user=B)  # ratings are optional
    with app.session() as s:
        agreed_at = s.get(Pair, pair_id).agreed_at
        assert agreed_at is not None
    # A change proposed after that is pending until the other agrees; the cadence agreed stays in force.
    click(app, ids.INTRO_AGREEMENT, pair_id, B, channel, intro)
    changed = proposal(members, "Pitching", "SQL") | {"agreement_cadence": chosen("weekly", "radio_buttons")}
    app.submit_modal(changed, user=B)
    assert f"waiting for <@{A}> to agree" in intro_text(app, channel)
    with app.session() as s:
        pair = s.get(Pair, pair_id)
        assert pair.agreement_cadence == "biweekly" and pair.agreed_at == agreed_at
    # Someone who has agreed is told so, not asked again.
    view = click(app, ids.INTRO_AGREE, pair_id, B, channel, intro)
    assert "You've agreed to this version" in json.dumps(view)


def test_someone_outside_the_pair_cannot_propose_or_agree(app):
    pair_id, channel, intro, members = paired(app)
    app.fake.add_user("UOUTSIDER")
    view = click(app, ids.INTRO_AGREEMENT, pair_id, "UOUTSIDER", channel, intro)
    assert "belongs to the people in this pairing" in json.dumps(view)
    forged = app.submit(
        ids.AGREEMENT_VIEW, proposal(members, "x", "y"), user="UOUTSIDER", private_metadata=str(pair_id)
    )
    assert forged.status_code == 200
    with app.session() as s:
        assert s.get(Agreement, pair_id) is None


@pytest.mark.parametrize(
    ("change", "error_block"),
    [
        ({"goal": ""}, "goal"),
        ({"goal": "x" * 301}, "goal"),
        ({"agreement_minutes": chosen("600")}, "agreement_minutes"),
        ({"agreement_private": typed("  ")}, "agreement_private"),
        ({"agreement_cadence": chosen("hourly", "radio_buttons")}, "agreement_cadence"),
    ],
)
def test_a_proposal_with_a_bad_value_gets_an_inline_error(app, change, error_block):
    pair_id, channel, intro, members = paired(app)
    click(app, ids.INTRO_AGREEMENT, pair_id, A, channel, intro)
    change = dict(change)
    values = proposal(members, "", "") if "goal" in change else proposal(members, "Pitching", "SQL")
    if "goal" in change:
        values[f"agreement_goal:{members[A]}:{members[B]}"] = typed(change.pop("goal"))
        error_block = f"agreement_goal:{members[A]}:{members[B]}"
    r = app.submit_modal(values | change, user=A)
    assert r.json()["response_action"] == "errors" and error_block in r.json()["errors"]
    with app.session() as s:
        assert s.get(Agreement, pair_id) is None


def test_a_forged_rating_is_not_a_rating(app):
    pair_id, channel, intro, members = paired(app)
    click(app, ids.INTRO_AGREEMENT, pair_id, A, channel, intro)
    forged = {"confidence:negotiation": chosen("99"), "confidence:public-speaking": chosen("4")}
    app.submit_modal(proposal(members, "a", "b", **forged), user=A)
    with app.session() as s:
        assert [(c.topic, c.rating) for c in s.scalars(select(Confidence))] == [("public-speaking", 4)]
        assert (
            s.scalars(select(PairMember.agreed_version).where(PairMember.member_id == members[A])).one() == 1
        )


def test_my_data_has_the_agreement_and_my_own_ratings_never_my_partners(app):
    pair_id, channel, intro, members = paired(app)
    both_agree(app, pair_id, channel, intro, members, a_rates=2, b_rates=4)
    app.command("my data", user=A)
    (upload,) = [u for u in app.fake.uploads.values() if u["filename"].startswith("my-mentoring-data-")]
    data = json.loads(upload["content"])
    (pair,) = data["pairs"]
    assert pair["agreement"]["goals"] == [
        {"from": A, "to": B, "goal": "SQL"},
        {"from": B, "to": A, "goal": "Pitching"},
    ]
    assert pair["agreed_at"] and pair["agreement"]["minutes"] == 45
    assert [(r["topic"], r["when"], r["rating"]) for r in data["confidence_ratings"]] == [
        ("negotiation", "start", 2)
    ]


def test_the_term_end_poll_asks_each_person_again_privately_about_what_they_learned(app):
    from datetime import timedelta

    from tests.conftest import START
    from tests.e2e.test_keep_meeting import button, kind_of

    pair_id, channel, intro, members = paired(app)
    both_agree(app, pair_id, channel, intro, members, a_rates=2, b_rates=1)
    term_end = START + timedelta(weeks=12, hours=5)
    app.tick(term_end)
    app.tick(term_end + timedelta(days=1))
    dm = "D" + A[1:]
    (wrap,) = [m for m in app.fake.messages_in(dm) if kind_of(m) == "term-end"]
    app.slack.block_action(
        ids.POLL_OPEN, button(wrap, ids.POLL_OPEN)["value"], user=A, channel=dm, ts=wrap["ts"]
    )
    app.settle()
    poll = app.fake.modal()
    asked = {b["block_id"] for b in poll["blocks"] if b.get("block_id", "").startswith(ids.CONFIDENCE_PREFIX)}
    assert asked == {"confidence:negotiation", "confidence:public-speaking"}  # what A learns, and only that
    answers = {"poll_value": chosen("4", "radio_buttons"), "poll_learned": chosen("yes", "radio_buttons"),
               "poll_taught": chosen("yes", "radio_buttons"), "confidence:negotiation": chosen("4")}  # fmt: skip
    for _ in range(2):  # a double submit keeps the first
        assert (
            app.submit_modal(
                answers | {"confidence:negotiation": chosen(str(4 + _))}, user=A, modal=poll
            ).text
            == ""
        )
    with app.session() as s:
        ratings = {
            (c.topic, c.phase, c.rating)
            for c in s.scalars(select(Confidence).where(Confidence.member_id == members[A]))
        }
    assert ratings == {("negotiation", "start", 2), ("negotiation", "end", 4)}
    # One person's uplift is never shown: the report waits for the minimum group size.
    app.command("report", user=ADMIN)
    shown = json.dumps(app.fake.responses[-1], ensure_ascii=False)
    assert "Confidence, start → end of term: not enough answers yet" in shown and "2.0 → 4.0" not in shown
    assert "Pairs whose agreement everyone confirmed: 100%" in shown


def test_erasing_my_data_erases_my_confidence_ratings(app):
    pair_id, channel, intro, members = paired(app)
    both_agree(app, pair_id, channel, intro, members, a_rates=2, b_rates=1)
    app.command("leave", user=A)
    erase = {"type": "checkboxes", "selected_options": [{"value": "erase"}]}
    app.submit("mentor_leave", {"leave_erase": {"erase": erase}}, user=A)
    with app.session() as s:
        # Theirs are gone, with the pairing they were in (an erasure deletes the pairs it was part of).
        assert s.scalars(select(Confidence)).all() == [] and s.get(Agreement, pair_id) is None


def test_progress_on_each_goal_is_noted_at_a_check_in_by_either_and_shown_there(app):
    from datetime import timedelta

    from storage.models import GoalProgress
    from tests.conftest import START
    from tests.e2e.test_keep_meeting import kind_of

    pair_id, channel, intro, members = paired(app)
    both_agree(app, pair_id, channel, intro, members, b_learns="SQL <joins>")
    for day in range(8, 22):  # until the first check-in of the agreed fortnightly cadence
        app.tick(START + timedelta(days=day, hours=1))
    (checkin, *_) = [m for m in app.fake.messages_in(channel) if kind_of(m) == "checkin"]
    selects = [b for b in checkin["blocks"] if b.get("block_id", "").startswith(ids.PROGRESS_BLOCK_PREFIX)]
    assert [b["text"]["text"] for b in selects] == [
        f"<@{A}> → <@{B}>: SQL &lt;joins&gt;",
        f"<@{B}> → <@{A}>: Pitching",
    ]
    a_to_b = selects[0]["block_id"]
    for user, level in ((A, "some"), (B, "a_lot")):  # either may set it; the last word stands
        app.slack.select_action(
            ids.GOAL_PROGRESS, a_to_b, level, user=user, channel=channel, ts=checkin["ts"]
        )
        app.settle()
    app.slack.select_action(
        ids.GOAL_PROGRESS, a_to_b, "99", user=A, channel=channel, ts=checkin["ts"]
    )  # forged
    app.fake.add_user("UOUTSIDER")
    app.slack.select_action(
        ids.GOAL_PROGRESS, a_to_b, "none", user="UOUTSIDER", channel=channel, ts=checkin["ts"]
    )
    app.settle()
    with app.session() as s:
        assert [(p.goal, p.level, p.direction) for p in s.scalars(select(GoalProgress))] == [
            (f"{members[A]}:{members[B]}", "a_lot", "peer")
        ]
    (checkin, *_) = [m for m in app.fake.messages_in(channel) if kind_of(m) == "checkin"]
    shown = next(b for b in checkin["blocks"] if b.get("block_id") == a_to_b)
    assert shown["accessory"]["initial_option"]["value"] == "a_lot"
