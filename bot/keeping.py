"""What keeps a pair meeting, as rules: pure functions of dates and counts, no database and no Slack.

bot/services/keep_meeting.py reads what it needs about each pair, asks these rules, and queues what
they say (each message once, by key). Every threshold is a named setting in `RULES`:

- a check-in once per cadence period (the current period's only: a missed week or a restart never
  sends one per missed period);
- a nudge when the pair hasn't met for `nudge_after` × its cadence, once per gap;
- after `stalled_after` check-ins in a row go unanswered (and the last has waited `stalled_grace`),
  the pair is stalled: each is asked privately whether to go on, and the admins are told;
- a confidential poll every `poll_every`, unless one went out in the last `poll_every`;
- at term end a wrap-up; `term_grace` later, a pair that did not all choose to continue ends.

`next_look` says when, with nothing else happening, any rule could next have something to say: the
planner skips a pair until then, so a tick with nothing due costs the same at any size.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Protocol

from bot.away import is_away
from bot.profile import Cadence, State, effective_state
from bot.timezones import local_date


@dataclass(frozen=True)
class Thresholds:
    nudge_after: float = 1.5  # cadences without a meeting
    stalled_after: int = 3  # unanswered check-ins in a row
    stalled_grace: timedelta = timedelta(days=3)  # how long the last of them may wait for an answer
    poll_every: timedelta = timedelta(days=28)
    term_grace: timedelta = timedelta(days=7)  # from the wrap-up to the pair's end
    look_at_least_every: timedelta = timedelta(days=1)  # a pair is looked at once a day whatever happens
    close_quiet_after: timedelta = timedelta(weeks=3)  # stalled and nobody answers: closed kindly…
    warn_before_closing: timedelta = timedelta(weeks=1)  # …each told this long before


RULES = Thresholds()


class Person(Protocol):
    """A member as the rules see them (storage.models.Member is one)."""

    @property
    def status(self) -> str: ...  # MemberStatus, a StrEnum

    @property
    def paused_until(self) -> date | None: ...

    @property
    def tz(self) -> str | None: ...

    @property
    def away_since(self) -> datetime | None: ...

    @property
    def away_until(self) -> datetime | None: ...


@dataclass(frozen=True)
class Asked:
    """One check-in the pair was sent: its period, when, and whether anyone answered it."""

    seq: int
    at: datetime
    answered: bool


def available(member: Person, at: datetime) -> bool:
    """Enrolled and not on a pause today, in their own timezone: they get messages."""
    status = str(member.status)
    if status not in (State.ACTIVE.value, State.PAUSED.value):
        return False
    return effective_state(State(status), member.paused_until, local_date(at, member.tz)) is State.ACTIVE


def away(member: Person, at: datetime) -> bool:
    """Their Slack status said they are away, and it hasn't expired (bot/away.py)."""
    return is_away(member.away_since, member.away_until, at)


def pair_cadence(agreed: str | None, wishes: Iterable[str]) -> Cadence:
    """The pair's agreed cadence, else the slower of its members' wishes."""
    if agreed:
        return Cadence(agreed)
    return max((Cadence(w) for w in wishes), key=lambda c: c.days)


def checkin_period(*, paired_at: datetime, cadence: Cadence, at: datetime) -> int:
    """Which cadence period of the pair `at` falls in (0: the first, before any check-in is due)."""
    return (at - paired_at).days // cadence.days


def checkin_due(*, paired_at: datetime, cadence: Cadence, at: datetime, asked: Sequence[Asked]) -> int | None:
    """The period to check in for now, or None: one check-in per period, from the second period on."""
    period = checkin_period(paired_at=paired_at, cadence=cadence, at=at)
    return period if period >= 1 and all(a.seq != period for a in asked) else None


def nudge_gap(cadence: Cadence, rules: Thresholds = RULES) -> int:
    """Days without a meeting before a nudge."""
    return math.ceil(rules.nudge_after * cadence.days)


def nudge_due(*, since: date, cadence: Cadence, today: date, rules: Thresholds = RULES) -> bool:
    """The pair hasn't met (or been paired) for the nudge gap: `since` names the gap, so once per gap."""
    return (today - since).days >= nudge_gap(cadence, rules)


def stalled(asked: Sequence[Asked], at: datetime, rules: Thresholds = RULES) -> int | None:
    """The check-in whose silence makes the pair stalled, or None. `asked` is newest first."""
    recent = asked[: rules.stalled_after]
    if len(recent) < rules.stalled_after or any(a.answered for a in recent):
        return None
    return recent[0].seq if at - recent[0].at >= rules.stalled_grace else None


def poll_cycle(*, paired_at: datetime, at: datetime, rules: Thresholds = RULES) -> int:
    """Which poll cycle `at` falls in; from cycle 1 on, each member is polled once per cycle."""
    return (at - paired_at) // rules.poll_every


def poll_due(
    *, paired_at: datetime, at: datetime, last_polled: datetime | None, rules: Thresholds = RULES
) -> int | None:
    """The cycle to poll a member for now, or None (too early, or polled within the last `poll_every`)."""
    cycle = poll_cycle(paired_at=paired_at, at=at, rules=rules)
    if cycle < 1 or (last_polled is not None and at - last_polled < rules.poll_every):
        return None
    return cycle


class Term(enum.Enum):
    RUNNING = "running"  # before its end date
    ASK = "ask"  # the end date has come: ask each member (once) whether to continue
    WAIT = "wait"  # asked: waiting for their choices
    END = "end"  # the grace week is over: end the pair (everyone who chose to continue has extended it)


def term_state(*, ends_on: date, asked_on: date | None, today: date, rules: Thresholds = RULES) -> Term:
    if today < ends_on:
        return Term.RUNNING
    if asked_on != ends_on:
        return Term.ASK
    return Term.END if today >= ends_on + rules.term_grace else Term.WAIT


def midterm_on(*, paired_at: datetime, ends_on: date, term_asked_on: date | None) -> date:
    """Halfway through the current term: from the pairing, or from the end of the term they continued
    from, to this term's end."""
    start = term_asked_on if term_asked_on is not None and term_asked_on < ends_on else paired_at.date()
    return start + (ends_on - start) / 2


def midterm_due(facts: PairFacts, today: date) -> bool:
    """The pair looks at its agreement again, once a term, from halfway."""
    return facts.midterm_asked_on != facts.ends_on and today >= midterm_on(
        paired_at=facts.paired_at, ends_on=facts.ends_on, term_asked_on=facts.term_asked_on
    )


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=UTC)


@dataclass(frozen=True)
class PairFacts:
    """What the rules need to know about a pair."""

    paired_at: datetime
    cadence: Cadence
    since: date  # last met, else paired
    asked: Sequence[Asked]  # newest first
    stalled: bool
    ends_on: date
    term_asked_on: date | None
    last_polled: Mapping[int, datetime | None]  # member id → their latest poll
    resting_until: datetime | None = None  # paused, or with a paused member: nothing before this
    midterm_asked_on: date | None = None  # the term end whose mid-term revisit was sent
    stalled_at: datetime | None = None  # when the pair was asked privately whether to go on
    closes_on: date | None = None  # warned: closed on this day unless someone answers


@dataclass(frozen=True)
class Due:
    """What is due for a pair at an instant."""

    term: Term = Term.RUNNING
    polls: Mapping[int, int] = field(default_factory=dict)  # member id → poll cycle
    checkin: int | None = None  # the period to check in for
    nudge: bool = False
    stalled: int | None = None  # the check-in whose silence makes the pair stalled
    midterm: bool = False  # halfway: revisit the agreement (and each gets the mid-term tip)
    closing: Closing | None = None  # a quiet pair: warn each person, or close it

    def __bool__(self) -> bool:
        return (
            self.midterm
            or self.term in (Term.ASK, Term.END)
            or bool(self.polls)
            or self.checkin is not None
            or self.nudge
            or (self.stalled is not None)
            or self.closing is not None
        )


class Closing(enum.Enum):
    WARN = "warn"  # tell each person it closes in a week unless someone answers
    CLOSE = "close"  # the week is over: close it kindly


def closing(facts: PairFacts, at: datetime, rules: Thresholds = RULES) -> Closing | None:
    """A stalled pair nobody answered: warned `warn_before_closing` ahead, closed `close_quiet_after` after
    it was asked. A warning from an earlier quiet spell (before this stall) doesn't count."""
    if facts.stalled_at is None:
        return None
    warned = facts.closes_on is not None and facts.closes_on >= facts.stalled_at.date()
    if warned and facts.closes_on is not None and at.date() >= facts.closes_on:
        return Closing.CLOSE
    if not warned and at >= facts.stalled_at + rules.close_quiet_after - rules.warn_before_closing:
        return Closing.WARN
    return None


def due(facts: PairFacts, at: datetime, rules: Thresholds = RULES) -> Due:
    """Everything due for the pair at `at`, in the order the planner applies it. Past its term a pair gets
    only the wrap-up and its end; a stalled pair gets no more pings until someone answers."""
    if facts.resting_until is not None:
        return Due()
    term = term_state(ends_on=facts.ends_on, asked_on=facts.term_asked_on, today=at.date(), rules=rules)
    if term is not Term.RUNNING:
        return Due(term=term)
    polls = {
        member: cycle
        for member, last in facts.last_polled.items()
        if (cycle := poll_due(paired_at=facts.paired_at, at=at, last_polled=last, rules=rules)) is not None
    }
    if facts.stalled:
        return Due(polls=polls, closing=closing(facts, at, rules))
    checkin = checkin_due(paired_at=facts.paired_at, cadence=facts.cadence, at=at, asked=facts.asked)
    return Due(
        polls=polls,
        checkin=checkin,
        nudge=nudge_due(since=facts.since, cadence=facts.cadence, today=at.date(), rules=rules),
        # A check-in sent just now has waited no time at all: it can't be the one that stalls the pair.
        stalled=None if checkin is not None else stalled(facts.asked, at, rules),
        midterm=midterm_due(facts, at.date()),
    )


def next_look(facts: PairFacts, at: datetime, rules: Thresholds = RULES) -> datetime:
    """The earliest instant after `at` at which any rule could have something new to say about the pair,
    if nothing else happens (an answer, a meeting, a pause ending by hand: those look again at once)."""
    ceiling = at + rules.look_at_least_every
    if facts.resting_until is not None:
        return min(max(facts.resting_until, at), ceiling)
    term = term_state(ends_on=facts.ends_on, asked_on=facts.term_asked_on, today=at.date(), rules=rules)
    if term is not Term.RUNNING:
        return min(_midnight(facts.ends_on + rules.term_grace), ceiling) if term is Term.WAIT else at
    candidates = [_midnight(facts.ends_on)]
    if facts.midterm_asked_on != facts.ends_on:
        candidates.append(
            _midnight(
                midterm_on(
                    paired_at=facts.paired_at, ends_on=facts.ends_on, term_asked_on=facts.term_asked_on
                )
            )
        )
    period = checkin_period(paired_at=facts.paired_at, cadence=facts.cadence, at=at)
    candidates.append(facts.paired_at + timedelta(days=max(period + 1, 1) * facts.cadence.days))
    cycle = poll_cycle(paired_at=facts.paired_at, at=at, rules=rules)
    candidates.append(facts.paired_at + max(cycle + 1, 1) * rules.poll_every)
    candidates += [p + rules.poll_every for p in facts.last_polled.values() if p is not None]
    if facts.stalled and facts.stalled_at is not None:
        warned = facts.closes_on is not None and facts.closes_on >= facts.stalled_at.date()
        if warned and facts.closes_on is not None:
            candidates.append(_midnight(facts.closes_on))
        else:
            candidates.append(facts.stalled_at + rules.close_quiet_after - rules.warn_before_closing)
    if not facts.stalled:
        nudge_on = _midnight(facts.since + timedelta(days=nudge_gap(facts.cadence, rules)))
        if nudge_on > at:
            candidates.append(nudge_on)
        recent = facts.asked[: rules.stalled_after]
        if len(recent) == rules.stalled_after and not any(a.answered for a in recent):
            candidates.append(recent[0].at + rules.stalled_grace)
    later = [c for c in candidates if c > at]
    return min([*later, ceiling])
