"""The keep-meeting rules (bot/keeping.py), each on its own, in milliseconds: no database, no Slack."""

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace

from bot.keeping import (
    RULES,
    Asked,
    PairFacts,
    Term,
    available,
    checkin_due,
    due,
    next_look,
    nudge_due,
    pair_cadence,
    poll_due,
    stalled,
    term_state,
)
from bot.profile import Cadence

PAIRED = datetime(2027, 1, 4, 9, 0, tzinfo=UTC)  # a Monday


def facts(**changes) -> PairFacts:
    base = PairFacts(
        paired_at=PAIRED, cadence=Cadence.WEEKLY, since=PAIRED.date(), asked=[], stalled=False,
        ends_on=PAIRED.date() + timedelta(weeks=12), term_asked_on=None, last_polled={1: None, 2: None},
    )  # fmt: skip
    return replace(base, **changes)


def test_the_pair_meets_at_the_agreed_cadence_else_at_the_slower_wish():
    assert pair_cadence("weekly", ["monthly", "monthly"]) is Cadence.WEEKLY
    assert pair_cadence(None, ["weekly", "biweekly"]) is Cadence.BIWEEKLY


def test_one_check_in_per_period_from_the_second_period_and_only_the_current_one():
    day = timedelta(days=1)
    assert checkin_due(paired_at=PAIRED, cadence=Cadence.WEEKLY, at=PAIRED + 6 * day, asked=[]) is None
    assert checkin_due(paired_at=PAIRED, cadence=Cadence.WEEKLY, at=PAIRED + 7 * day, asked=[]) == 1
    asked = [Asked(1, PAIRED + 7 * day, False)]
    assert checkin_due(paired_at=PAIRED, cadence=Cadence.WEEKLY, at=PAIRED + 8 * day, asked=asked) is None
    # Three weeks off (an outage): the current period's check-in only, not one per missed week.
    assert checkin_due(paired_at=PAIRED, cadence=Cadence.WEEKLY, at=PAIRED + 30 * day, asked=asked) == 4


def test_a_nudge_after_one_and_a_half_cadences_without_meeting():
    since = date(2027, 1, 4)
    assert not nudge_due(since=since, cadence=Cadence.BIWEEKLY, today=since + timedelta(days=20))
    assert nudge_due(since=since, cadence=Cadence.BIWEEKLY, today=since + timedelta(days=21))
    assert nudge_due(since=since, cadence=Cadence.WEEKLY, today=since + timedelta(days=11))  # ceil(10.5)
    assert not nudge_due(since=since, cadence=Cadence.WEEKLY, today=since + timedelta(days=10))


def test_stalled_after_three_unanswered_check_ins_once_the_last_has_waited_its_grace():
    at = PAIRED + timedelta(weeks=4)
    quiet = [Asked(3, at - RULES.stalled_grace, False), Asked(2, at - timedelta(weeks=1), False),
             Asked(1, at - timedelta(weeks=2), False)]  # fmt: skip
    assert stalled(quiet, at) == 3
    assert stalled(quiet, at - timedelta(seconds=1)) is None  # the last one still has time
    assert stalled(quiet[:2], at) is None  # only two
    assert stalled([quiet[0], replace(quiet[1], answered=True), quiet[2]], at) is None


def test_a_poll_once_per_cycle_unless_one_went_out_recently():
    cycle_1 = PAIRED + RULES.poll_every
    assert poll_due(paired_at=PAIRED, at=cycle_1 - timedelta(minutes=1), last_polled=None) is None
    assert poll_due(paired_at=PAIRED, at=cycle_1, last_polled=None) == 1
    assert poll_due(paired_at=PAIRED, at=cycle_1, last_polled=cycle_1 - timedelta(days=3)) is None
    assert (
        poll_due(paired_at=PAIRED, at=cycle_1 + timedelta(days=25), last_polled=cycle_1 - timedelta(days=3))
        == 1
    )


def test_term_end_asks_once_then_waits_a_week_then_ends():
    ends = date(2027, 3, 29)
    assert term_state(ends_on=ends, asked_on=None, today=ends - timedelta(days=1)) is Term.RUNNING
    assert term_state(ends_on=ends, asked_on=None, today=ends) is Term.ASK
    assert term_state(ends_on=ends, asked_on=ends, today=ends + timedelta(days=6)) is Term.WAIT
    assert term_state(ends_on=ends, asked_on=ends, today=ends + RULES.term_grace) is Term.END


def test_a_paused_member_is_available_again_on_the_day_their_pause_ends_in_their_own_zone():
    member = SimpleNamespace(status="paused", paused_until=date(2027, 1, 11), tz="Asia/Tokyo")
    assert not available(member, datetime(2027, 1, 10, 14, 0, tzinfo=UTC))  # 23:00 on the 10th in Tokyo
    assert available(member, datetime(2027, 1, 10, 15, 0, tzinfo=UTC))  # midnight on the 11th in Tokyo
    assert not available(SimpleNamespace(status="left", paused_until=None, tz=None), PAIRED)


def test_what_is_due_follows_the_order_of_the_rules():
    week = timedelta(weeks=1)
    assert not due(facts(), PAIRED + timedelta(days=1))
    assert due(facts(), PAIRED + week).checkin == 1
    assert due(facts(resting_until=PAIRED + 2 * week), PAIRED + week) == due(facts(), PAIRED)  # nothing
    # A stalled pair still gets its poll, but no check-in or nudge.
    late = PAIRED + RULES.poll_every
    assert due(facts(stalled=True), late).polls == {1: 1, 2: 1}
    assert due(facts(stalled=True), late).checkin is None and not due(facts(stalled=True), late).nudge
    # Past its term only the wrap-up, then the end.
    ended = facts(ends_on=PAIRED.date() + week)
    assert due(ended, PAIRED + week).term is Term.ASK and due(ended, PAIRED + week).checkin is None


def _events(start: datetime, step) -> list[tuple[str, int, datetime]]:  # type: ignore[no-untyped-def]
    """Live a pair's term (nobody answers, nobody meets), looking at it whenever `step` says: what was sent."""
    f, now, sent = facts(), start, []
    end = PAIRED + timedelta(weeks=14)
    while now < end:
        todo = due(f, now)
        if todo.checkin is not None:
            sent.append(("checkin", todo.checkin, now))
            f = replace(f, asked=[Asked(todo.checkin, now, False), *f.asked])
        for member, cycle in todo.polls.items():
            sent.append((f"poll {member}", cycle, now))
            f = replace(f, last_polled={**f.last_polled, member: now})
        if todo.nudge and ("nudge", 0) not in {(k, n) for k, n, _ in sent}:
            sent.append(("nudge", 0, now))
        if todo.stalled is not None:
            sent.append(("stalled", todo.stalled, now))
            f = replace(f, stalled=True)
        if todo.term is Term.ASK:
            sent.append(("wrap-up", 0, now))
            f = replace(f, term_asked_on=f.ends_on)
        if todo.term is Term.END:
            sent.append(("end", 0, now))
            break
        now = step(f, now)
    return sent


def test_looking_only_when_next_look_says_misses_nothing_and_is_never_late():
    every_minute = _events(PAIRED, lambda f, now: now + timedelta(minutes=1))
    when_told = _events(PAIRED, lambda f, now: next_look(f, now))
    assert [(k, n) for k, n, _ in when_told] == [(k, n) for k, n, _ in every_minute]
    assert all(a[2] <= b[2] for a, b in zip(when_told, every_minute, strict=True))
    assert {k for k, _, _ in every_minute} >= {"checkin", "poll 1", "nudge", "stalled", "wrap-up", "end"}


def test_next_look_is_never_more_than_a_day_away_and_is_now_only_when_something_is_due_now():
    for minutes in range(0, 60 * 24 * 90, 997):
        now = PAIRED + timedelta(minutes=minutes)
        look = next_look(facts(), now)
        assert now <= look <= now + RULES.look_at_least_every
        assert look > now or due(facts(), now)
