"""What keeps pairs meeting, planned per instant: ask the rules (bot/keeping.py), queue what they say.

`plan_due` looks at each active pair whose time to be looked at has come, queues once per key what is
due then (check-ins, nudges, the stalled question and the admins' alert, polls, the term wrap-up, and
the term's end), and notes when the pair next needs a look. Each queued message gets a `not_before`
inside its recipients' working day (bot/schedule.py). Paused pairs and pairs with a paused member get
nothing until they resume.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Iterable
from datetime import UTC, datetime, time, timedelta
from functools import partial

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot import keeping
from bot.guides import MID_TERM
from bot.keeping import Asked, PairFacts, Term, available, away
from bot.outbox import kinds
from bot.outbox.kinds import Kind
from bot.outbox.queue import cancel_unsent, enqueue
from bot.profile import Cadence
from bot.programme import ProgrammeSettings
from bot.schedule import next_slot
from bot.services.pairs import close_quiet, end_term
from bot.services.programme import programme_settings
from bot.timezones import local_date
from storage import pairs as repo
from storage import programmes
from storage.models import Checkin, Member, Pair, PairStatus

log = logging.getLogger(__name__)


def pair_cadence(pair: Pair) -> Cadence:
    """The pair's agreed cadence, else the slower of its members' wishes."""
    return keeping.pair_cadence(pair.agreement_cadence, (pm.member.cadence for pm in pair.members))


def plan_due(*, session: Session, team_id: str, at: datetime, admins: Iterable[str] = ()) -> Counter[str]:
    queued: Counter[str] = Counter()
    pairs = repo.due_for_a_look(session, team_id=team_id, at=at)
    if not pairs:
        return queued  # the usual minute: one statement, whatever the programme's size
    settings = {
        programme_id: programme_settings(session=session, programme_id=programme_id)
        for programme_id in sorted({pair.programme_id for pair in pairs})
    }
    # People in two pairs (two programmes) get one check-in or nudge a day: found once, for every pair.
    shared = (
        repo.people_in_several_pairs(session, team_id) if programmes.count(session, team_id) > 1 else set()
    )
    history = repo.history(session, team_id=team_id, pairs=pairs)
    seen = {pair.id: pair.look_after for pair in pairs}  # compared when the next look is written
    looks: dict[int, tuple[datetime | None, datetime]] = {}
    for pair in pairs:
        try:
            facts = _facts(pair, history, at)
            if todo := keeping.due(facts, at):
                with session.begin_nested():
                    _do(
                        session,
                        pair,
                        todo,
                        settings[pair.programme_id],
                        at,
                        queued,
                        sorted(admins),
                        history,
                        bool(shared & {pm.member.user_id for pm in pair.members}),
                    )
                if pair.status is not PairStatus.ACTIVE:
                    continue
                facts = _facts(pair, history, at)
            looks[pair.id] = (seen[pair.id], keeping.next_look(facts, at))
        except IntegrityError:
            log.info("pair %s was planned by another process at the same time", pair.id)
        except Exception:  # one pair's trouble never stops the others
            log.exception("planning pair %s failed", pair.id)
            queued["failed"] += 1
    repo.look_after(session, looks)
    return queued


def _facts(pair: Pair, history: repo.History, at: datetime) -> PairFacts:
    members = [pm.member for pm in pair.members]
    return PairFacts(
        paired_at=pair.created_at,
        cadence=pair_cadence(pair),
        since=history.last_met.get(pair.id) or pair.created_at.date(),
        asked=[Asked(*checkin) for checkin in history.checkins[pair.id]],
        stalled=pair.stalled_at is not None,
        ends_on=pair.ends_on,
        term_asked_on=pair.term_asked_on,
        midterm_asked_on=pair.midterm_asked_on,
        last_polled={m.id: history.last_polled.get((pair.id, m.id)) for m in members},
        resting_until=_resting_until(pair, members, at),
        stalled_at=pair.stalled_at,
        closes_on=pair.closes_on,
    )


def _do(
    session: Session,
    pair: Pair,
    todo: keeping.Due,
    settings: ProgrammeSettings,
    at: datetime,
    queued: Counter[str],
    admins: list[str],
    history: repo.History,
    shared: bool,
) -> None:
    """Queue what the rules said is due (each message once, by key) and note it in the pair (`shared`:
    someone in it is in another pair too, in another programme)."""
    members = {pm.member_id: pm.member for pm in pair.members}

    def to_each(kind: Kind, key_of: Callable[[int], str], counter: str, ids: Iterable[int] = members) -> None:
        for member_id in ids:
            tz = members[member_id].tz
            queued[counter] += enqueue(
                session=session,
                team_id=pair.team_id,
                key=key_of(member_id),
                kind=kind,
                now=at,
                pair_id=pair.id,
                member_id=member_id,
                not_before=partial(next_slot, at, [tz], settings.window),
            )

    def slot() -> datetime:  # inside everyone's working day; worked out only for a new message
        first = next_slot(at, [m.tz for m in members.values()], settings.window)
        return one_a_day(session, pair, first, settings) if shared else first

    if todo.term is Term.ASK:
        pair.term_asked_on = pair.ends_on
        to_each(Kind.TERM_END, lambda m: kinds.term_end(pair.id, pair.ends_on, m), "wrap-ups")
        to_each(Kind.COMPLETED, lambda m: kinds.completed(pair.id, pair.ends_on, m), "completion notes")
    elif todo.term is Term.END:
        queued["terms ended"] += end_term(session=session, pair=pair, now=at)
    if todo.midterm:
        pair.midterm_asked_on = pair.ends_on
        queued["mid-terms"] += enqueue(
            session=session,
            team_id=pair.team_id,
            key=kinds.midterm(pair.id, pair.ends_on),
            kind=Kind.MIDTERM,
            now=at,
            pair_id=pair.id,
            not_before=slot,
        )
        to_each(Kind.GUIDE, lambda m: kinds.guide(pair.id, m, MID_TERM), "tips")
    for member_id, cycle in todo.polls.items():
        to_each(Kind.POLL_PERIODIC, partial(kinds.periodic_poll, pair.id, cycle), "polls", [member_id])
        history.last_polled[(pair.id, member_id)] = at
    if todo.checkin is not None:
        since = history.last_met.get(pair.id) or pair.created_at.date()
        checkin = Checkin(pair_id=pair.id, seq=todo.checkin, since=since, created_at=at)
        session.add(checkin)
        session.flush()
        history.checkins[pair.id].insert(0, (todo.checkin, at, False))
        # An older check-in still unsent (Slack was down, the bot was off) is superseded, not sent too.
        cancel_unsent(session=session, pair_id=pair.id, kind=Kind.CHECKIN)
        queued["check-ins"] += enqueue(
            session=session,
            team_id=pair.team_id,
            key=kinds.checkin(pair.id, todo.checkin),
            kind=Kind.CHECKIN,
            now=at,
            pair_id=pair.id,
            checkin_id=checkin.id,
            not_before=slot,
        )
    if todo.nudge:
        since = history.last_met.get(pair.id) or pair.created_at.date()
        queued["nudges"] += enqueue(
            session=session,
            team_id=pair.team_id,
            key=kinds.nudge(pair.id, since),
            kind=Kind.NUDGE,
            now=at,
            pair_id=pair.id,
            not_before=slot,
        )
    if todo.closing is keeping.Closing.WARN:
        closes_on = pair.closes_on = at.date() + keeping.RULES.warn_before_closing
        to_each(Kind.CLOSING, lambda m: kinds.closing(pair.id, closes_on, m), "closing warnings")
    elif todo.closing is keeping.Closing.CLOSE:
        queued["quiet pairs closed"] += close_quiet(session=session, pair=pair, now=at)
    if todo.stalled is not None and (seq := _still_stalled(session, pair, at)) is not None:
        pair.stalled_at = at  # asked privately whether to go on: no more pings until someone answers
        to_each(Kind.STALLED, lambda m: kinds.stalled(pair.id, seq, m), "stalled questions")
        for admin in admins:  # in the programme's working hours (an admin's own zone isn't known)
            queued["admin alerts"] += enqueue(
                session=session,
                team_id=pair.team_id,
                key=kinds.stalled_admin(pair.id, seq, admin),
                kind=Kind.STALLED_ADMIN,
                now=at,
                pair_id=pair.id,
                user_id=admin,
                not_before=next_slot(at, [settings.round_timezone], settings.window),
            )


def _still_stalled(session: Session, pair: Pair, at: datetime) -> int | None:
    """The check-in whose silence stalls the pair, decided again with the pair's row held: an answer that came
    since the planner read (it holds that row until it commits) is seen, so a pair that just answered is
    never marked stalled, nor anyone asked whether to go on."""
    repo.hold(session, pair)
    if pair.status is not PairStatus.ACTIVE or pair.stalled_at is not None:
        return None
    fresh = repo.history(session, team_id=pair.team_id, pairs=[pair])
    return keeping.stalled([Asked(*checkin) for checkin in fresh.checkins[pair.id]], at)


PROMPTS = (Kind.CHECKIN, Kind.NUDGE)  # at most one of these a day for anyone, across their programmes
DAYS_AHEAD = 7


def one_a_day(session: Session, pair: Pair, when: datetime, settings: ProgrammeSettings) -> datetime:
    """`when`, or the first working slot of a later day, so that nobody in the pair gets a second check-in
    or nudge on one day of their own (someone in two programmes is in two pairs)."""
    people = {pm.member.user_id: pm.member.tz for pm in pair.members}
    taken = repo.other_pairs_messages(
        session, pair_id=pair.id, user_ids=people, kinds=PROMPTS, since=when - timedelta(days=1)
    )
    busy = {(u, local_date(at, people[u])) for u, at in taken}
    for _ in range(DAYS_AHEAD):
        if not any((u, local_date(when, tz)) in busy for u, tz in people.items()):
            return when
        tomorrow = when.replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(days=1)
        when = next_slot(tomorrow, list(people.values()), settings.window)
    return when


def _resting_until(pair: Pair, members: list[Member], at: datetime) -> datetime | None:
    """None when the pair gets messages now; else the earliest it might again (a pause with an end date
    ends then; one without, or a paused pair, waits for someone to resume: that looks again at once)."""
    back = [m.away_until or at + keeping.RULES.look_at_least_every for m in members if away(m, at)]
    if pair.paused_at is None and all(available(m, at) for m in members):
        return max(back) if back else None  # someone away (their Slack status): nothing until they're back
    ends = [m.paused_until for m in members if not available(m, at) and m.paused_until is not None]
    if pair.paused_at is None and ends and len(ends) == sum(not available(m, at) for m in members):
        # A day early at midnight UTC: the pause ends on that date in the member's own timezone.
        return datetime.combine(max(ends) - timedelta(days=1), time(), tzinfo=UTC)
    return at + keeping.RULES.look_at_least_every
