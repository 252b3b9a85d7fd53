"""The listening loop, end to end: after a meeting each person is asked the period's integrated-mentorship
question privately, about every six weeks; answers are kept without a name; the report's "What we're
hearing" counts themes and quotes words only with consent and only where enough people answered."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, time, timedelta

from sqlalchemy import select

from bot import ids
from bot.catalogue import load_catalogue
from bot.listening import period_of, question_for
from handlers.listen import _about
from storage.models import ListeningAnswer, ListeningTurn, Member, Pair, PairMember, Programme
from tests.conftest import ADMIN, START, captured_log
from tests.e2e.test_keep_meeting import button, click, kind_of
from tests.e2e.test_rounds import PEOPLE, admin, enrol_all
from tests.e2e.test_talk_to_team import every_row
from tests.factories import programme_of

A, B, C, D = PEOPLE


def two_pairs_met(app) -> dict[str, str]:
    """Two pairs (A+B, C+D) each log a meeting; the day after, everyone's DM: user → DM channel."""
    app.fake.add_user(ADMIN, "admin")
    enrol_all(app)
    with app.deps.sessions.begin() as s:
        s.get_one(Programme, programme_of(s, "T123ABC456")).min_group_size = 3
    admin(app, "admin match")
    with app.session() as s:
        channels = {
            p.channel_id: sorted(pm.member.user_id for pm in p.members) for p in s.scalars(select(Pair))
        }
    day = START
    while sum(1 for c in channels for m in app.fake.messages_in(c) if kind_of(m) == "checkin") < 2:
        day += timedelta(hours=6)
        app.tick(day)
    for channel, (first, _) in channels.items():
        (checkin,) = [m for m in app.fake.messages_in(channel) if kind_of(m) == "checkin"]
        click(app, "checkin_met", button(checkin, "checkin_met")["value"], first, channel, checkin)
    app.tick(day + timedelta(days=1))
    return {u: "D" + u[1:] for u in (A, B, C, D)}


def asks(app, user: str) -> list[dict]:
    return [m for m in app.fake.messages_in("D" + user[1:]) if kind_of(m) == "listen"]


def typed(value: str) -> dict:
    return {"value": {"type": "plain_text_input", "value": value}}


def answer(
    app, user: str, themes: list[str], text: str | None = None, *, quote: bool = False, times: int = 1
):
    """Open the question's modal and submit it (`times` over: a double submit)."""
    (ask,) = asks(app, user)
    dm = "D" + user[1:]
    click(app, ids.LISTEN_OPEN, button(ask, ids.LISTEN_OPEN)["value"], user, dm, ask)
    modal = app.fake.modal()
    assert modal["callback_id"] == ids.LISTEN_VIEW
    values = {
        ids.LISTEN_THEMES_BLOCK: {
            "value": {"type": "multi_static_select", "selected_options": [{"value": t} for t in themes]}
        },
        ids.LISTEN_TEXT_BLOCK: typed(text or ""),
        ids.LISTEN_QUOTE_BLOCK: {
            "value": {
                "type": "checkboxes",
                "selected_options": [{"value": ids.LISTEN_QUOTE_VALUE}] if quote else [],
            }
        },
    }
    responses = [app.submit_modal(values, user=user, modal=modal) for _ in range(times)]
    app.settle()
    return responses[0]


def report(app) -> str:
    app.command("report", user=ADMIN)
    return json.dumps(app.fake.responses[-1], ensure_ascii=False)


def test_each_person_is_asked_the_period_s_question_privately_once_after_a_meeting(app):
    two_pairs_met(app)
    with app.session() as s:
        (asked_on,) = set(s.scalars(select(Member.listened_on)))  # the day they met, for all four
    question = question_for(period_of(asked_on), load_catalogue().listening)
    for user in (A, B, C, D):
        (ask,) = asks(app, user)  # once each, in their own DM, with this period's question
        assert question is not None and question.label in ask["text"]
    # The modal offers the programme's topics to tag the answer with, and says who sees what.
    (ask,) = asks(app, A)
    click(app, ids.LISTEN_OPEN, button(ask, ids.LISTEN_OPEN)["value"], A, "D" + A[1:], ask)
    shown = json.dumps(app.fake.modal())
    assert "AI tools" in shown and "at least 3 people" in shown and "quoted anonymously" in shown


def test_answers_are_kept_without_a_name_and_a_double_submit_keeps_the_first(app):
    two_pairs_met(app)
    with captured_log() as stream:
        sent = answer(
            app, A, ["org-knowledge"], "Nobody explains <!here> the budget cycle", quote=True, times=2
        )
        assert sent.text == ""
    (ask,) = asks(app, A)
    assert "answered" in json.dumps(ask["blocks"]) and ids.LISTEN_OPEN not in json.dumps(ask["blocks"])
    assert "already answered" in app.fake.messages_in("D" + A[1:])[-1]["text"]
    with app.session() as s:
        (row,) = s.scalars(select(ListeningAnswer)).all()
        assert row.themes == ["org-knowledge"] and row.quotable and row.side == "peer"
        member_id = s.scalars(select(Member.id).where(Member.user_id == A)).one()
        assert [(t.member_id) for t in s.scalars(select(ListeningTurn))] == [member_id]
    # No row holding the words names the writer or their membership; the log says nothing of who or what.
    about_it = [
        (table, r) for table, rows in every_row(app).items() for r in rows
        if any("budget cycle" in v for v in r.values())
    ]  # fmt: skip
    assert [t for t, _ in about_it] == ["listening_answers"]
    assert "member_id" not in about_it[0][1] and A not in json.dumps(about_it[0][1])
    assert "budget cycle" not in stream.getvalue()
    body = {"team": {"id": "T123ABC456"}, "user": {"id": A}}
    for kind, key in (("action", ids.LISTEN_OPEN), ("view", ids.LISTEN_VIEW)):
        assert _about(kind, key, body)["user"] == ""


def test_the_report_quotes_only_with_consent_and_only_once_enough_people_answered(app):
    two_pairs_met(app)
    answer(
        app,
        A,
        ["org-knowledge", "customer-insight"],
        "Customers think we <b>only</b> sell to banks",
        quote=True,
    )
    answer(app, B, ["org-knowledge"], "Private: my manager ignores the roadmap")  # not to be quoted
    shown = report(app)
    assert "What we're hearing" in shown and "not enough answers yet" in shown
    assert "sell to banks" not in shown and "How the company really works" not in shown  # 2 < 3 people
    answer(app, C, ["customer-insight"], "We never hear from support", quote=True)
    shown = report(app)
    assert "3 answers" in shown
    assert "How the company really works 2" in shown and "Understanding our customers 2" in shown
    assert "Customers think we &lt;b&gt;only&lt;/b&gt; sell to banks" in shown  # as typed, never markup
    assert "We never hear from support" in shown
    assert "manager ignores" not in shown  # no consent, no quote
    for user in (A, B, C):
        assert user not in shown
    # By career stage and by side, where at least 3 answered (all three are early-career peers here).
    assert "Early career (0–3 years): How the company really works 2" in shown
    assert "between peers: How the company really works 2" in shown
    app.command("report csv", user=ADMIN)
    (feedback,) = [u for u in app.fake.uploads.values() if "feedback" in u["filename"]]
    rows = dict(csv.reader(io.StringIO(feedback["content"].decode())))
    assert rows["listening: all: Understanding our customers"] == "2"
    assert rows["listening: answers counted (last two six-week periods)"] == "3"
    content = feedback["content"].decode()
    assert "manager ignores" not in content and "sell to banks" not in content  # aggregates only


def test_a_second_meeting_within_six_weeks_asks_nothing_and_six_weeks_on_asks_the_next_question(app):
    two_pairs_met(app)
    with app.session() as s:
        a = s.scalars(select(Member).where(Member.user_id == A)).one()
        first_asked = a.listened_on
        channel = s.scalars(
            select(Pair.channel_id).join(PairMember).join(Member).where(Member.user_id == A)
        ).one()

    def meet_at_next_checkin(after) -> None:
        day, seen = after, len([m for m in app.fake.messages_in(channel) if kind_of(m) == "checkin"])
        while len(checkins := [m for m in app.fake.messages_in(channel) if kind_of(m) == "checkin"]) == seen:
            day += timedelta(hours=6)
            app.tick(day)
        click(app, "checkin_met", button(checkins[-1], "checkin_met")["value"], B, channel, checkins[-1])
        app.tick(day + timedelta(days=1))

    meet_at_next_checkin(START + timedelta(weeks=3))  # a few weeks later: not asked again
    assert len(asks(app, A)) == 1 and len(asks(app, B)) == 1
    meet_at_next_checkin(datetime.combine(first_asked + timedelta(weeks=6), time(), UTC))  # the next period's
    assert len(asks(app, A)) == 2 and len(asks(app, B)) == 2
    with app.session() as s:
        again = s.scalars(select(Member.listened_on).where(Member.user_id == A)).one()
    questions = load_catalogue().listening
    assert again - first_asked >= timedelta(weeks=6)
    second = question_for(period_of(again), questions)
    assert second != question_for(period_of(first_asked), questions)
    assert second is not None and second.label in asks(app, A)[1]["text"]


def test_someone_else_s_question_or_a_forged_topic_is_refused_and_nothing_is_kept(app):
    two_pairs_met(app)
    (ask,) = asks(app, A)
    key = button(ask, ids.LISTEN_OPEN)["value"]
    themes = {"value": {"type": "multi_static_select", "selected_options": [{"value": "org-knowledge"}]}}
    app.submit(ids.LISTEN_VIEW, {ids.LISTEN_THEMES_BLOCK: themes}, user=B, private_metadata=key)
    assert "meant for someone else" in app.fake.messages_in("D" + B[1:])[-1]["text"]
    forged = {"value": {"type": "multi_static_select", "selected_options": [{"value": "no-such-topic"}]}}
    app.submit(ids.LISTEN_VIEW, {ids.LISTEN_THEMES_BLOCK: forged}, user=A, private_metadata=key)
    assert "at least one topic" in app.fake.messages_in("D" + A[1:])[-1]["text"]
    with app.session() as s:
        assert s.scalars(select(ListeningAnswer)).all() == [] and s.scalars(select(ListeningTurn)).all() == []
    empty = app.submit(ids.LISTEN_VIEW, {}, user=A, private_metadata=key)  # no topic: an inline error
    assert ids.LISTEN_THEMES_BLOCK in empty.json()["errors"]
