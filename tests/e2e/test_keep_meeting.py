"""Keeping pairs meeting, end to end: a simulated quarter, check-ins, nudges, escalation, polls, term end."""

import json
from collections import defaultdict
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select, text

from bot.outbox import kinds
from bot.outbox.kinds import Kind
from bot.services import tallies
from storage.models import (
    CheckinAnswer,
    EndReason,
    Meeting,
    Member,
    MemberStatus,
    Outbox,
    OutboxStatus,
    Pair,
    PairStatus,
    PollAnswer,
)
from tests.conftest import ADMIN, START, planner_waits_for
from tests.e2e.test_rounds import admin, enrol

NY, LONDON, KOLKATA, TOKYO = "UNNNN0001", "ULLLL0002", "UKKKK0003", "UTTTT0004"
ZONES = {NY: "America/New_York", LONDON: "Europe/London", KOLKATA: "Asia/Kolkata", TOKYO: "Asia/Tokyo"}
PROFILES = {
    NY: dict(teach=("python",), learn=("negotiation",), department="engineering", cadence="weekly"),
    LONDON: dict(teach=("negotiation",), learn=("python",), department="sales", cadence="weekly"),
    KOLKATA: dict(teach=("design-tools",), learn=("strategy",), department="design", cadence="weekly"),
    TOKYO: dict(teach=("strategy",), learn=("design-tools",), department="leadership", cadence="weekly"),
}


def kind_of(message) -> str:
    """The kind of message, read from its marker block the way the bot reads it; polls of both kinds are "poll"."""
    key = kinds.key_in((message.get("blocks") or [{}])[0].get("block_id", ""))
    if key is None:
        return "other"
    kind = kinds.kind_of(key)
    return "poll" if kind in kinds.POLLS else kind.value


class Recorder:
    """Moves the clock hour by hour with `tick`, noting at which simulated instant each message appeared."""

    def __init__(self, app):
        self.app = app
        self.seen: dict[str, int] = defaultdict(int)
        self.log: list[tuple] = []  # (instant, channel, message)

    def tick(self, at):
        self.app.tick(at)
        for channel, messages in self.app.fake.all_messages().items():
            for message in messages[self.seen[channel] :]:
                self.log.append((at, channel, message))
            self.seen[channel] = len(messages)

    def of_kind(self, kind):
        return [(at, ch, m) for at, ch, m in self.log if kind_of(m) == kind]


def channel_users(app):
    return {ch: set(c.args["users"].split(",")) for c in app.fake.calls_to("conversations.open")
            for ch in [app.fake._m_conversations_open(dict(c.args))["channel"]["id"]]}  # fmt: skip


def start_programme(app):
    app.fake.add_user(ADMIN, "admin")
    for user, profile in PROFILES.items():
        enrol(app, user, tz=ZONES[user], **profile)
    admin(app, "admin match")
    assert sorted(sorted(p) for p in pairs(app)) == [sorted([KOLKATA, TOKYO]), sorted([NY, LONDON])]


def pairs(app, status=PairStatus.ACTIVE):
    with app.session() as s:
        return [
            [pm.member.user_id for pm in p.members]
            for p in s.scalars(select(Pair).where(Pair.status == status))
        ]


def click(app, action_id, value, user, channel, message):
    app.slack.block_action(action_id, value, user=user, channel=channel, ts=message["ts"], message=message)
    app.settle()


def working_hours_for_all(at, users):
    for user in users:
        local = at.astimezone(ZoneInfo(ZONES[user]))
        if local.weekday() >= 5 or not 9 <= local.hour < 17:
            return False
    return True


def simulate_quarter(app):
    """Thirteen weeks, hour by hour (up to the round after the term's grace week). New York and London
    answer every check-in 'Met'; the other pair never answers."""
    start_programme(app)
    rec = Recorder(app)
    users_of = channel_users(app)
    at = START
    while at < START + timedelta(weeks=13) - timedelta(hours=1):
        at += timedelta(hours=1)
        rec.tick(at)
        for when, channel, message in rec.log[-20:]:
            if when == at and kind_of(message) == "checkin" and users_of.get(channel) == {NY, LONDON}:
                checkin_id = next(e["value"] for b in message["blocks"] if b["type"] == "actions"
                                  for e in b["elements"] if e["action_id"] == "checkin_met")  # fmt: skip
                app.clock.set(at + timedelta(minutes=5))
                click(app, "checkin_met", checkin_id, NY, channel, message)
    return rec, users_of


def test_a_simulated_quarter(app):
    """One run of the quarter (it is the slow part), checked from every side below."""
    rec, users_of = simulate_quarter(app)
    check_ins_at_sensible_local_hours(app, rec, users_of)
    the_quiet_pair_gets_one_nudge_then_a_private_question_each(app, rec, users_of)
    meetings_are_logged_and_each_brings_a_confidential_poll_at_10_local(app, rec, users_of)
    starters_never_repeat_within_a_pair(rec, users_of)
    term_end_asks_everyone_and_ends_pairs_that_did_not_choose(app, rec)
    with app.session() as s:
        meetings = len(s.scalars(select(Meeting)).all())
    assert meetings >= 11 and kept_totals_equal_a_recount(app)["meetings"] == meetings


def check_ins_at_sensible_local_hours(app, rec, users_of):
    checkins = rec.of_kind("checkin")
    by_pair = defaultdict(list)
    for at, channel, _ in checkins:
        by_pair[frozenset(users_of[channel])].append(at)
        assert working_hours_for_all(at, users_of[channel]), (at, users_of[channel])
    # The pair that keeps meeting gets a check-in every week until its term ends (12 weeks).
    assert len(by_pair[frozenset({NY, LONDON})]) == 11
    times = by_pair[frozenset({NY, LONDON})]
    gaps = {(b - a).days for a, b in zip(times, times[1:], strict=False)}
    assert gaps <= {6, 7, 8}
    # The silent pair: three check-ins, then it is asked privately and the pings stop.
    assert len(by_pair[frozenset({KOLKATA, TOKYO})]) == 3


def the_quiet_pair_gets_one_nudge_then_a_private_question_each(app, rec, users_of):
    nudges = rec.of_kind("nudge")
    assert [users_of[ch] for _, ch, _ in nudges] == [{KOLKATA, TOKYO}]
    assert "Something to talk about" in json.dumps(nudges[0][2]["blocks"])
    stalled = rec.of_kind("stalled")
    assert len(stalled) == 2
    for at, channel, message in stalled:
        assert channel.startswith("D")  # their own DM with the bot, not the pair's
        (user,) = [u for u in (KOLKATA, TOKYO) if channel == "D" + u[1:]]
        local = at.astimezone(ZoneInfo(ZONES[user]))
        assert local.weekday() < 5 and local.hour == 10 and local.minute < 60
        assert "just for you" in message["text"] and "not which of you chose what" in message["text"]
    # …and the admin named in MENTOR_ADMINS hears of it once, in the programme's working hours.
    (alert,) = rec.of_kind("stalled-admin")
    at, channel, message = alert
    assert (
        channel == "D" + ADMIN[1:] and f"<@{KOLKATA}>" in message["text"] and f"<@{TOKYO}>" in message["text"]
    )
    assert at.weekday() < 5 and 9 <= at.hour < 17  # the programme's zone here is UTC
    assert "gone quiet" in message["text"]


def meetings_are_logged_and_each_brings_a_confidential_poll_at_10_local(app, rec, users_of):
    with app.session() as s:
        assert len(s.scalars(select(Meeting)).all()) == 11
        assert {a.answer for a in s.scalars(select(CheckinAnswer))} == {"met"}
    polls = rec.of_kind("poll")
    assert len([p for p in polls if p[1] == "D" + NY[1:]]) >= 11
    # The pair that never meets still gets the every-four-weeks poll at week 4; then, nobody answering after
    # it went quiet, each is warned once and a week later it is closed kindly — before week 8's poll.
    assert len([p for p in polls if p[1] == "D" + KOLKATA[1:]]) == 1
    assert sorted(c for _, c, _ in rec.of_kind("closing")) == sorted("D" + u[1:] for u in (KOLKATA, TOKYO))
    with app.session() as s:
        quiet = [p for p in s.scalars(select(Pair)) if p.end_reason is EndReason.QUIET]
        assert len(quiet) == 1 and {pm.member.user_id for pm in quiet[0].members} == {KOLKATA, TOKYO}
    for at, channel, message in polls:
        user = next(u for u in ZONES if channel == "D" + u[1:])
        local = at.astimezone(ZoneInfo(ZONES[user]))
        assert local.weekday() < 5 and local.hour == 10
        assert "your partner never sees your answers" in message["text"]


def starters_never_repeat_within_a_pair(rec, users_of):
    per_pair, leaders = defaultdict(list), defaultdict(list)
    for _, channel, message in rec.log:
        for block in message.get("blocks") or []:
            text = (block.get("text") or {}).get("text", "")
            if text.startswith("*Something to talk about*") or text.startswith("*A first question"):
                per_pair[channel].append(text.split("\n", 1)[1])
                leaders[channel].append(text.split("<@", 1)[1].split(">", 1)[0])
    assert len(per_pair) == 2
    for channel, starters in per_pair.items():
        assert len(starters) == len(set(starters)) >= 3
        # Each teaches the other, so they take turns to open: both directions of the exchange come up.
        turns = leaders[channel]
        assert set(turns) == users_of[channel] and all(a != b for a, b in zip(turns, turns[1:], strict=False))


def term_end_asks_everyone_and_ends_pairs_that_did_not_choose(app, rec):
    wrap = rec.of_kind("term-end")  # the quiet pair was closed weeks before: only the other is asked
    assert sorted(ch for _, ch, _ in wrap) == sorted("D" + u[1:] for u in (NY, LONDON))
    for at, _, _ in wrap:
        assert at.date() >= (START + timedelta(weeks=12)).date()
    assert pairs(app) == []  # nobody chose to continue: a week later everyone is back in the pool
    with app.session() as s:
        ended = s.scalars(select(Pair)).all()
        assert {p.end_reason.value for p in ended} == {"term_end", "quiet"}
        assert all(m.waiting_since is not None for m in s.scalars(select(Member)))


# --- focused cases -------------------------------------------------------------------------------------
FIRST_CHECKIN = START + timedelta(days=7, hours=5)  # Monday 11 January, 14:00 UTC: 9:00 in New York


def one_pair(app):
    app.fake.add_user(ADMIN, "admin")
    enrol(app, NY, tz=ZONES[NY], **PROFILES[NY])
    enrol(app, LONDON, tz=ZONES[LONDON], **PROFILES[LONDON])
    admin(app, "admin match")
    with app.session() as s:
        pair = s.scalars(select(Pair)).one()
        return pair.id, pair.channel_id


def messages_of(app, channel, kind):
    return [m for m in app.fake.messages_in(channel) if kind_of(m) == kind]


def button(message, action_id):
    return next(e for b in message["blocks"] for e in (b.get("elements") or [b.get("accessory") or {}])
                if e.get("action_id") == action_id)  # fmt: skip


def test_a_double_click_or_a_retried_request_records_one_answer(app):
    pair_id, channel = one_pair(app)
    app.tick(FIRST_CHECKIN)
    (checkin,) = messages_of(app, channel, "checkin")
    value = button(checkin, "checkin_met")["value"]
    for _ in range(3):
        click(app, "checkin_met", value, NY, channel, checkin)
    with app.session() as s:
        assert len(s.scalars(select(CheckinAnswer)).all()) == 1 and len(s.scalars(select(Meeting)).all()) == 1
    assert len(app.fake.calls_to("chat.update")) == 1
    shown = json.dumps(app.fake.messages_in(channel)[-1]["blocks"])
    assert f"<@{NY}> :white_check_mark: met" in shown
    click(app, "checkin_scheduled", value, LONDON, channel, checkin)  # the partner may answer too
    assert len(app.fake.calls_to("chat.update")) == 2


def test_pause_our_pair_stops_check_ins_until_resumed(app):
    pair_id, channel = one_pair(app)
    app.tick(FIRST_CHECKIN)
    (checkin,) = messages_of(app, channel, "checkin")
    click(app, "checkin_pause", button(checkin, "checkin_pause")["value"], LONDON, channel, checkin)
    assert "Resume our pair" in json.dumps(app.fake.messages_in(channel)[-1]["blocks"])
    for week in (2, 3):
        app.tick(START + timedelta(weeks=week, hours=5))
    assert len(messages_of(app, channel, "checkin")) == 1 and messages_of(app, channel, "nudge") == []
    updated = app.fake.messages_in(channel)[-1]
    click(app, "pair_resume", str(pair_id), NY, channel, updated)
    app.tick(START + timedelta(weeks=4, hours=5))
    assert len(messages_of(app, channel, "checkin")) == 2


def test_a_paused_member_gets_nothing_and_a_dated_pause_resumes_itself(app):
    pair_id, channel = one_pair(app)
    app.clock.set(START)
    app.command("pause until 2027-01-25", user=LONDON)
    app.tick(FIRST_CHECKIN)
    app.tick(START + timedelta(weeks=2, hours=5))
    assert messages_of(app, channel, "checkin") == []
    app.tick(START + timedelta(weeks=3, hours=5))  # 25 January: back, and the pair's check-ins resume
    assert len(messages_of(app, channel, "checkin")) == 1


def test_a_long_outage_sends_one_check_in_not_one_per_missed_week(app):
    pair_id, channel = one_pair(app)
    app.tick(START + timedelta(weeks=5, hours=5))
    app.tick(START + timedelta(weeks=5, hours=6))
    assert len(messages_of(app, channel, "checkin")) == 1
    assert len(messages_of(app, channel, "nudge")) == 1  # and one nudge, since they haven't met


def test_another_starter_once_per_click(app):
    pair_id, channel = one_pair(app)
    intro = app.fake.messages_in(channel)[0]
    value = (
        button(intro, "starter_another")["value"] if "starter_another" in json.dumps(intro) else str(pair_id)
    )
    for _ in range(2):
        click(app, "starter_another", value, NY, channel, intro)
    another = messages_of(app, channel, "starter")
    assert len(another) == 1
    click(app, "starter_another", value, LONDON, channel, another[0])
    texts = [m["text"] for m in messages_of(app, channel, "starter")]
    assert len(texts) == 2 and len(set(texts)) == 2


def test_feedback_is_confidential_and_not_a_fit_ends_the_pair_kindly(app):
    pair_id, channel = one_pair(app)
    app.tick(FIRST_CHECKIN)
    (checkin,) = messages_of(app, channel, "checkin")
    click(app, "checkin_met", button(checkin, "checkin_met")["value"], NY, channel, checkin)
    app.tick(FIRST_CHECKIN + timedelta(days=1))  # polls go out at 10:00 local the next working morning
    ny_dm = "D" + NY[1:]
    (poll,) = [m for m in app.fake.messages_in(ny_dm) if kind_of(m) == "poll"]
    click(app, "poll_open", button(poll, "poll_open")["value"], NY, ny_dm, poll)
    view = app.fake.modal()
    assert any(b.get("block_id") == "poll_fit" for b in view["blocks"])  # first meeting: the fit question
    assert "Read by the programme team, without your name" in json.dumps(view)  # who reads a comment
    radio = lambda v: {"value": {"type": "radio_buttons", "selected_option": {"value": v}}}  # noqa: E731
    values = {"poll_value": radio("4"), "poll_learned": radio("yes"), "poll_taught": radio("no"),
              "poll_fit": radio("not_a_fit"),
              "poll_comment": {"value": {"type": "plain_text_input", "value": "secret: too senior for me"}}}  # fmt: skip
    assert app.submit("mentor_poll", values, user=NY, private_metadata=view["private_metadata"]).text == ""
    app.submit("mentor_poll", values, user=NY, private_metadata=view["private_metadata"])  # a double submit
    with app.session() as s:
        (answer,) = s.scalars(select(PollAnswer)).all()
        assert (answer.value, answer.learned, answer.taught, answer.fit) == (4, True, False, "not_a_fit")
        assert s.get(Pair, pair_id).status is PairStatus.ENDED
    everything = json.dumps(app.fake.all_messages()) + json.dumps([c.args for c in app.fake.calls])
    assert "too senior" not in everything.replace(json.dumps(values["poll_comment"]), "")
    (answered,) = [m for m in app.fake.messages_in(ny_dm) if kind_of(m) == "poll"]
    assert "Thanks — answered" in json.dumps(answered["blocks"], ensure_ascii=False)
    app.tick(FIRST_CHECKIN + timedelta(days=1, minutes=1))  # not the minute after the poll both were sent…
    assert not [m for m in app.fake.messages_in("D" + LONDON[1:]) if kind_of(m) == "partner-gone"]
    assert not [m for m in app.fake.messages_in("D" + LONDON[1:]) if kind_of(m) == "why-ended"]
    assert "This pairing has ended" not in json.dumps(app.fake.messages_in(channel)[0]["blocks"])  # nor there
    app.tick(FIRST_CHECKIN + timedelta(days=1, hours=20, minutes=1))  # …but at their next working morning
    assert "This pairing has ended" in json.dumps(app.fake.messages_in(channel)[0]["blocks"])
    (told,) = [m["text"] for m in app.fake.messages_in("D" + LONDON[1:]) if kind_of(m) == "partner-gone"]
    # …with the private "why did it end?" for each of them, at the same neutral moment.
    assert len([m for m in app.fake.messages_in("D" + LONDON[1:]) if kind_of(m) == "why-ended"]) == 1
    assert told.startswith(f"Your pairing with <@{NY}> has ended — that happens, and it's no one's fault.")


def answer_poll(app, user, values):
    dm = "D" + user[1:]
    poll = [m for m in app.fake.messages_in(dm) if kind_of(m) == "poll"][-1]
    click(app, "poll_open", button(poll, "poll_open")["value"], user, dm, poll)
    view = app.fake.modal()
    for _ in range(2):  # the second is a double submit, and changes nothing
        app.submit("mentor_poll", values, user=user, private_metadata=view["private_metadata"])


def kept_totals_equal_a_recount(app) -> dict:
    """The report's running totals as the app kept them (checked against a rebuild from the rows), by name."""
    with app.deps.sessions.begin() as s:
        kept = tallies.stored(session=s)
        tallies.recount(session=s)
        assert tallies.stored(session=s) == kept
    summed: dict = defaultdict(int)
    for (_, _, _, name), n in kept.items():
        summed[name] += n
    return dict(summed)


def test_the_reports_running_totals_follow_meetings_answers_and_an_erasure(app):
    pair_id, channel = one_pair(app)
    app.tick(FIRST_CHECKIN)
    (checkin,) = messages_of(app, channel, "checkin")
    for _ in range(2):
        click(app, "checkin_met", button(checkin, "checkin_met")["value"], NY, channel, checkin)
    app.tick(FIRST_CHECKIN + timedelta(days=1))
    radio = lambda v: {"value": {"type": "radio_buttons", "selected_option": {"value": v}}}  # noqa: E731
    for user, value in ((NY, "4"), (LONDON, "2")):
        answer_poll(app, user, {"poll_value": radio(value), "poll_learned": radio("yes"),
                                "poll_taught": radio("yes" if user == NY else "no"), "poll_fit": radio("good")})  # fmt: skip
    totals = kept_totals_equal_a_recount(app)
    assert (totals["meetings"], totals["pairs_met"], totals["answers"], totals["people"]) == (1, 1, 2, 2)
    assert (totals["value:4"], totals["value:2"], totals["learned"], totals["taught"]) == (1, 1, 2, 1)
    assert (totals["fit:good"], totals["fit_people"]) == (2, 2)

    # London erases their data: their pair goes, with its meeting and both answers about it.
    app.command("leave", user=LONDON)
    erase = {"leave_erase": {"erase": {"type": "checkboxes", "selected_options": [
        {"text": {"type": "plain_text", "text": "erase"}, "value": "erase"}]}}}  # fmt: skip
    assert app.submit_modal(erase, user=LONDON).text == ""
    with app.session() as s:
        assert s.scalars(select(Meeting)).all() == [] and s.scalars(select(PollAnswer)).all() == []
    assert kept_totals_equal_a_recount(app) == {}


def test_a_5xx_during_a_tick_loses_nothing_and_sends_once(app):
    pair_id, channel = one_pair(app)
    app.fake.fail("chat.postMessage", status=502)
    app.tick(FIRST_CHECKIN)
    assert messages_of(app, channel, "checkin") == []
    app.fake.fail("chat.postMessage", status=429, retry_after=1)
    for minutes in (10, 20, 30):
        app.tick(FIRST_CHECKIN + timedelta(minutes=minutes))
    assert len(messages_of(app, channel, "checkin")) == 1


def test_continuing_after_the_term_needs_everyone(app):
    pair_id, channel = one_pair(app)
    term_end = START + timedelta(weeks=12, hours=5)
    app.tick(term_end)
    app.tick(term_end + timedelta(days=1))
    for user in (NY, LONDON):
        dm = "D" + user[1:]
        (wrap,) = [m for m in app.fake.messages_in(dm) if kind_of(m) == "term-end"]
        click(app, "term_continue", str(pair_id), user, dm, wrap)
    with app.session() as s:
        assert s.get(Pair, pair_id).ends_on == (START + timedelta(weeks=24)).date()
    app.tick(term_end + timedelta(days=8))
    assert pairs(app) == [[NY, LONDON]] or pairs(app) == [[LONDON, NY]]


def test_done_for_now_at_term_end_leaves_the_pool_and_keeps_the_profile(app):
    pair_id, channel = one_pair(app)
    term_end = START + timedelta(weeks=12, hours=5)
    app.tick(term_end)
    app.tick(term_end + timedelta(days=1))
    dm = "D" + NY[1:]
    (wrap,) = [m for m in app.fake.messages_in(dm) if kind_of(m) == "term-end"]
    assert "I'm done for now" in json.dumps(wrap["blocks"])
    for _ in range(2):  # a double click
        click(app, "term_done", str(pair_id), NY, dm, wrap)
    with app.session() as s:
        assert s.get(Pair, pair_id).status is PairStatus.ENDED
        me = s.scalars(select(Member).where(Member.user_id == NY)).one()
        assert me.status is MemberStatus.LEFT and me.waiting_since is None
        assert [t.topic for t in me.topics]  # the profile is kept
        partner = s.scalars(select(Member).where(Member.user_id == LONDON)).one()
        assert partner.status is MemberStatus.ACTIVE and partner.waiting_since is not None
    (wrap,) = [m for m in app.fake.messages_in(dm) if kind_of(m) == "term-end"]
    assert "take a break" in json.dumps(wrap["blocks"])
    app.tick(term_end + timedelta(days=1, minutes=1))
    (told,) = [m["text"] for m in app.fake.messages_in("D" + LONDON[1:]) if kind_of(m) == "partner-gone"]
    assert "come to the end of its term" in told and "first in line" in told


def test_admins_add_list_and_remove_their_own_starters(app):
    app.fake.add_user(ADMIN, "admin")
    admin(app, "admin starters add career What did your last project teach you?")
    assert "Added `custom-1` (career)" in app.fake.responses[-1]["text"]
    admin(app, "admin starters add weather Nice day?")
    assert "Pick a theme first" in app.fake.responses[-1]["text"]
    admin(app, "admin starters add career/senior What advice would you give your younger self?")
    assert "Added `custom-2` (career, for the more senior)" in app.fake.responses[-1]["text"]
    admin(app, "admin starters add career/boss Why?")
    assert "`/junior` or `/senior`" in app.fake.responses[-1]["text"]
    admin(app, "admin starters list")
    assert (
        "61 starters ship" in app.fake.responses[-1]["text"] and "custom-1" in app.fake.responses[-1]["text"]
    )
    admin(app, "admin starters remove custom-1")
    admin(app, "admin starters remove custom-2")
    admin(app, "admin starters")
    assert "haven't added any" in app.fake.responses[-1]["text"]
    app.command("admin starters list", user=NY)
    assert "for programme admins only" in app.fake.responses[-1]["text"]


@pytest.mark.parametrize(
    ("choice", "status"), [("stalled_continue", PairStatus.ACTIVE), ("stalled_end", PairStatus.ENDED)]
)
def test_the_private_question_to_a_quiet_pair(app, choice, status):
    pair_id, channel = one_pair(app)
    for week in (1, 2, 3):
        app.tick(START + timedelta(weeks=week, hours=5))
    app.tick(START + timedelta(weeks=3, days=4, hours=5))  # three unanswered check-ins, and a few days' grace
    app.tick(START + timedelta(weeks=3, days=5, hours=5))
    ny_dm = "D" + NY[1:]
    (question,) = [m for m in app.fake.messages_in(ny_dm) if kind_of(m) == "stalled"]
    click(app, choice, str(pair_id), NY, ny_dm, question)
    click(app, choice, str(pair_id), NY, ny_dm, question)  # a double click
    assert len([c for c in app.fake.calls_to("chat.update") if c.args["channel"] == ny_dm]) == 1
    with app.session() as s:
        pair = s.get(Pair, pair_id)
        assert pair.status is status
        assert (
            pair.stalled_at is None
            if status is PairStatus.ACTIVE
            else pair.end_reason.value == "ended_by_member"
        )
    app.tick(START + timedelta(weeks=4, hours=5))
    assert len(messages_of(app, channel, "checkin")) == (4 if status is PairStatus.ACTIVE else 3)
    # The admin's alert was due on the next working morning; by then the pair had answered, so it never went.
    with app.session() as s:
        (alert,) = s.scalars(select(Outbox).where(Outbox.kind == Kind.STALLED_ADMIN)).all()
        assert alert.user_id == ADMIN and alert.status is OutboxStatus.CANCELLED
    assert messages_of(app, "D" + ADMIN[1:], "stalled-admin") == []


def test_the_scheduler_inside_serve_runs_the_due_work(app):
    """serve's APScheduler job runs the same due work as `tick`, about every minute (here: every second)."""
    import time

    from bot.app import make_client
    from bot.scheduler import start_scheduler

    app.fake.add_user(ADMIN, "admin")
    enrol(app, NY, tz=ZONES[NY], **PROFILES[NY])
    enrol(app, LONDON, tz=ZONES[LONDON], **PROFILES[LONDON])
    app.clock.set(START + timedelta(minutes=30))  # Monday's round is due
    scheduler = start_scheduler(deps=app.deps, client=make_client(app.deps), interval_seconds=1)
    try:
        deadline = time.monotonic() + 15
        while not app.fake.calls_to("conversations.open") and time.monotonic() < deadline:
            time.sleep(0.1)
    finally:
        scheduler.shutdown(wait=True)
    assert len(pairs(app)) == 1 and len(app.fake.calls_to("conversations.open")) == 1
    job = scheduler.get_jobs() or []
    assert job == []  # shut down cleanly


def test_an_idle_planning_minute_takes_no_write_lock(app):
    """Most minutes nothing is due: the scheduler's planning steps (rounds, keep-meeting, housekeeping) then
    only read, so they never queue behind, or block, a Slack request's unit of work."""
    from sqlalchemy import event

    from bot.app import make_client
    from bot.jobs import PLANNING, run_due_work
    from storage.db import READ, UNIT

    start_programme(app)
    app.tick(START + timedelta(minutes=1))  # the introductions, and each pair's first look
    engine = app.deps.sessions.kw["bind"]
    units: list[str] = []
    began = lambda conn: units.append(conn.get_execution_options().get(UNIT))  # noqa: E731
    event.listen(engine, "begin", began)
    try:
        for minute in (2, 3):
            report = run_due_work(
                deps=app.deps,
                client=make_client(app.deps),
                at=START + timedelta(minutes=minute),
                steps=PLANNING,
            )
            assert not report.failures and not report.done, report.summary()
    finally:
        event.remove(engine, "begin", began)
    assert units and set(units) == {READ}, units


def test_an_idle_sender_only_reads(app):
    """The sender looks every half minute: with nothing due it neither claims nor takes its lease, so it
    never holds SQLite's write lock for nothing."""
    from sqlalchemy import event

    from bot.app import make_client
    from bot.outbox.send import deliver_due
    from storage.db import READ, UNIT

    start_programme(app)
    app.tick(START + timedelta(minutes=1))  # the introductions go out
    engine = app.deps.sessions.kw["bind"]
    units: list[str] = []
    began = lambda conn: units.append(conn.get_execution_options().get(UNIT))  # noqa: E731
    event.listen(engine, "begin", began)
    try:
        report = deliver_due(deps=app.deps, client=make_client(app.deps), now=START + timedelta(minutes=2))
    finally:
        event.remove(engine, "begin", began)
    assert report.sent == 0 and units and set(units) == {READ}, units


@pytest.mark.postgres
def test_the_last_continue_pressed_while_the_planner_ends_the_term_keeps_the_pair(pg_app):
    """The planner read the pair as past its grace week and ends it; meanwhile the last "Continue together"
    holds its row and extends the term. The ending waits for it, sees the new term, and ends nothing: decided
    by the database, not by timing."""
    app = pg_app
    pair_id, _ = one_pair(app)
    term_end = START + timedelta(weeks=12, hours=5)
    app.tick(term_end)
    app.tick(term_end + timedelta(days=1))
    dm = "D" + NY[1:]
    (wrap,) = [m for m in app.fake.messages_in(dm) if kind_of(m) == "term-end"]
    click(app, "term_continue", str(pair_id), NY, dm, wrap)
    with planner_waits_for(app, term_end + timedelta(days=8)) as choice:  # London's, as term_choice writes it
        choice.execute(text("SELECT id FROM pairs WHERE id = :p FOR UPDATE"), {"p": pair_id})
        choice.execute(text("UPDATE pairs SET ends_on = ends_on + 84 WHERE id = :p"), {"p": pair_id})
    with app.session() as s:
        pair = s.get_one(Pair, pair_id)
        assert pair.status is PairStatus.ACTIVE and pair.ends_on == (START + timedelta(weeks=24)).date()
    assert [m for m in app.fake.messages_in(dm) if kind_of(m) == "why-ended"] == []
