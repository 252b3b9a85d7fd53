"""Keeping pairs meeting, end to end: a simulated quarter, check-ins, nudges, escalation, polls, term end."""

import json
from collections import defaultdict
from datetime import timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from storage.models import CheckinAnswer, Meeting, Member, Pair, PairStatus
from tests.conftest import ADMIN, START
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
    first = (message.get("blocks") or [{}])[0].get("block_id", "")
    return first.removeprefix("outbox:").split(":")[0] if first.startswith("outbox:") else "other"


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
    starters_never_repeat_within_a_pair(rec)
    term_end_asks_everyone_and_ends_pairs_that_did_not_choose(app, rec)


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
        assert "Only you see this" in message["text"]


def meetings_are_logged_and_each_brings_a_confidential_poll_at_10_local(app, rec, users_of):
    with app.session() as s:
        assert len(s.scalars(select(Meeting)).all()) == 11
        assert {a.answer for a in s.scalars(select(CheckinAnswer))} == {"met"}
    polls = rec.of_kind("poll")
    assert len([p for p in polls if p[1] == "D" + NY[1:]]) >= 11
    for at, channel, message in polls:
        user = next(u for u in ZONES if channel == "D" + u[1:])
        local = at.astimezone(ZoneInfo(ZONES[user]))
        assert local.weekday() < 5 and local.hour == 10
        assert "your partner never sees your answers" in message["text"]


def starters_never_repeat_within_a_pair(rec):
    per_pair = defaultdict(list)
    for _, channel, message in rec.log:
        for block in message.get("blocks") or []:
            text = (block.get("text") or {}).get("text", "")
            if text.startswith("*Something to talk about*") or text.startswith("*A first question"):
                per_pair[channel].append(text.split("\n", 1)[1])
    assert len(per_pair) == 2
    for starters in per_pair.values():
        assert len(starters) == len(set(starters)) >= 3


def term_end_asks_everyone_and_ends_pairs_that_did_not_choose(app, rec):
    wrap = rec.of_kind("term-end")
    assert sorted(ch for _, ch, _ in wrap) == sorted("D" + u[1:] for u in ZONES)
    for at, _, _ in wrap:
        assert at.date() >= (START + timedelta(weeks=12)).date()
    assert pairs(app) == []  # nobody chose to continue: a week later everyone is back in the pool
    with app.session() as s:
        ended = s.scalars(select(Pair)).all()
        assert {p.end_reason.value for p in ended} == {"term_end"}
        assert all(m.waiting_since is not None for m in s.scalars(select(Member)))
