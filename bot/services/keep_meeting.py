"""What keeps pairs meeting: check-ins, nudges, escalation, polls and term ends, planned per instant.

`plan_due` looks at every active pair at an instant and queues, once per key, what is due then:

- a check-in for the current cadence period (`checkin:pair:<id>:<n>`): a missed week or a restart
  queues the current period's only, never one per missed period;
- a nudge when the pair hasn't met for 1.5× its cadence (`nudge:pair:<id>:since:<date>`), once per gap;
- after three check-ins in a row go unanswered, a private question to each member (continue, pause or
  end), the pair marked stalled for the report, and a DM to each admin named in MENTOR_ADMINS;
- a confidential feedback poll every four weeks (`poll:pair:<id>:cycle:<n>:member:<m>`), unless a
  meeting poll went out in that cycle;
- at term end, a wrap-up to each member with the choice to continue or go back into the pool; a week
  later, a pair that did not all choose to continue ends and its members go back into the pool.

Each queued message gets a `not_before` inside its recipients' working day (bot/schedule.py).
Paused pairs and pairs with a paused member get nothing until they resume.
"""

from __future__ import annotations

import logging
import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.profile import Cadence, State, effective_state
from bot.programme import ProgrammeSettings
from bot.schedule import next_slot
from bot.services.rounds import enqueue, programme_settings
from bot.timezones import local_date
from storage.models import (
    Checkin,
    CheckinAnswer,
    EndReason,
    Meeting,
    Member,
    MemberStatus,
    Outbox,
    OutboxStatus,
    Pair,
    PairStatus,
)

log = logging.getLogger(__name__)

NUDGE_AFTER = 1.5  # cadences without a meeting
STALLED_AFTER = 3  # unanswered check-ins in a row
STALLED_GRACE = timedelta(days=3)  # how long the third check-in may wait for an answer
POLL_EVERY_DAYS = 28
TERM_GRACE_DAYS = 7


def pair_cadence(pair: Pair) -> Cadence:
    """The pair's agreed cadence, else the slower of its members' wishes."""
    if pair.agreement_cadence:
        return Cadence(pair.agreement_cadence)
    return max((Cadence(pm.member.cadence) for pm in pair.members), key=lambda c: c.days)


def available(member: Member, at: datetime) -> bool:
    if member.status not in (MemberStatus.ACTIVE, MemberStatus.PAUSED):
        return False
    state = effective_state(State(member.status.value), member.paused_until, local_date(at, member.tz))
    return state is State.ACTIVE


def last_met(session: Session, pair_id: int):  # type: ignore[no-untyped-def]
    return session.scalar(select(func.max(Meeting.met_on)).where(Meeting.pair_id == pair_id))


@dataclass
class Known:
    """What the planner needs about a team's active pairs, read in three queries for all of them (not
    several per pair: a tick runs every minute, and most pairs have nothing due)."""

    last_met: dict[int, date]
    checkins: dict[int, list[tuple[int, datetime, bool]]]  # pair → (seq, created_at, answered), newest first
    polled: set[tuple[int, int]]  # (pair, member) sent a poll within the last POLL_EVERY_DAYS

    @classmethod
    def read(cls, session: Session, team_id: str, at: datetime) -> Known:
        live = (Pair.team_id == team_id) & (Pair.status == PairStatus.ACTIVE)
        last = dict(session.execute(  # type: ignore[arg-type]
            select(Meeting.pair_id, func.max(Meeting.met_on)).join(Pair).where(live).group_by(Meeting.pair_id)
        ).all())  # fmt: skip
        answered = select(CheckinAnswer.checkin_id).where(CheckinAnswer.checkin_id == Checkin.id).exists()
        checkins: dict[int, list[tuple[int, datetime, bool]]] = defaultdict(list)
        for pair_id, seq, created_at, was_answered in session.execute(
            select(Checkin.pair_id, Checkin.seq, Checkin.created_at, answered).join(Pair).where(live)
            .order_by(Checkin.pair_id, Checkin.seq.desc())
        ):  # fmt: skip
            checkins[pair_id].append((seq, created_at, bool(was_answered)))
        polled = {(pair_id, member_id) for pair_id, member_id in session.execute(
            select(Outbox.pair_id, Outbox.member_id).distinct().where(
                Outbox.team_id == team_id, Outbox.kind.in_(["poll_meeting", "poll_periodic"]),
                Outbox.created_at > at - timedelta(days=POLL_EVERY_DAYS))
        )}  # fmt: skip
        return cls(last, checkins, polled)  # type: ignore[arg-type]


def plan_due(*, session: Session, team_id: str, at: datetime, admins: Iterable[str] = ()) -> Counter:
    settings = programme_settings(session, team_id)
    queued: Counter = Counter()
    pairs = session.scalars(
        select(Pair).where(Pair.team_id == team_id, Pair.status == PairStatus.ACTIVE).order_by(Pair.id)
    ).all()
    known = Known.read(session, team_id, at)
    for pair in pairs:
        try:
            with session.begin_nested():
                _plan_pair(session, pair, settings, at, queued, sorted(admins), known)
        except IntegrityError:
            log.info("pair %s was planned by another process at the same time", pair.id)
        except Exception:  # one pair's trouble never stops the others
            log.exception("planning pair %s failed", pair.id)
            queued["failed"] += 1
    return queued


def _plan_pair(
    session: Session,
    pair: Pair,
    settings: ProgrammeSettings,
    at: datetime,
    queued: Counter,
    admins: list[str],
    known: Known,
) -> None:
    members = [pm.member for pm in pair.members]
    if pair.paused_at is not None or not all(available(m, at) for m in members):
        return
    if _term(session, pair, members, settings, at, queued):
        return
    _poll(session, pair, members, settings, at, queued, known)
    if pair.stalled_at is not None:
        return  # asked privately whether to go on: no more pings until someone answers
    cadence = pair_cadence(pair).days

    def slot() -> datetime:  # inside everyone's working day; worked out only for a new message
        return next_slot(at, [m.tz for m in members], settings.window)

    since = known.last_met.get(pair.id) or pair.created_at.date()
    checkins = known.checkins[pair.id]

    period = (at - pair.created_at).days // cadence
    if period >= 1 and all(seq != period for seq, _, _ in checkins):
        checkin = Checkin(pair_id=pair.id, seq=period, since=since, created_at=at)
        session.add(checkin)
        session.flush()
        checkins.append((period, at, False))
        checkins.sort(key=lambda c: -c[0])
        # An older check-in still unsent (Slack was down, the bot was off) is superseded, not sent too.
        session.execute(
            update(Outbox)
            .where(Outbox.pair_id == pair.id, Outbox.kind == "checkin", Outbox.status == OutboxStatus.PENDING)
            .values(status=OutboxStatus.CANCELLED)
            .execution_options(synchronize_session=False)  # none of those rows is loaded in this session
        )
        queued["check-ins"] += enqueue(
            session, team_id=pair.team_id, key=f"checkin:pair:{pair.id}:{period}", kind="checkin", now=at,
            pair_id=pair.id, checkin_id=checkin.id, not_before=slot,
        )  # fmt: skip

    if (at.date() - since).days >= math.ceil(NUDGE_AFTER * cadence):
        queued["nudges"] += enqueue(
            session, team_id=pair.team_id, key=f"nudge:pair:{pair.id}:since:{since.isoformat()}", kind="nudge",
            now=at, pair_id=pair.id, not_before=slot,
        )  # fmt: skip

    recent = checkins[:STALLED_AFTER]  # (seq, created_at, answered), newest first
    if (
        pair.stalled_at is None
        and len(recent) == STALLED_AFTER
        and not any(answered for _, _, answered in recent)
        and at - recent[0][1] >= STALLED_GRACE
    ):
        pair.stalled_at = at
        for m in members:
            queued["stalled questions"] += enqueue(
                session, team_id=pair.team_id, key=f"stalled:pair:{pair.id}:{recent[0][0]}:member:{m.id}",
                kind="stalled", now=at, pair_id=pair.id, member_id=m.id, not_before=next_slot(at, [m.tz], settings.window),
            )  # fmt: skip
        for admin in admins:  # escalated: in the programme's working hours (an admin's own zone isn't known)
            queued["admin alerts"] += enqueue(
                session, team_id=pair.team_id, key=f"stalled-admin:pair:{pair.id}:{recent[0][0]}:to:{admin}",
                kind="admin_stalled", now=at, pair_id=pair.id, user_id=admin,
                not_before=next_slot(at, [settings.round_timezone], settings.window),
            )  # fmt: skip


def _poll(session: Session, pair: Pair, members: list[Member], settings: ProgrammeSettings, at: datetime,
          queued: Counter, known: Known) -> None:  # fmt: skip
    cycle = (at - pair.created_at).days // POLL_EVERY_DAYS
    if cycle >= 1:
        for m in members:
            if (pair.id, m.id) in known.polled:
                continue
            queued["polls"] += enqueue(
                session, team_id=pair.team_id, key=f"poll:pair:{pair.id}:cycle:{cycle}:member:{m.id}",
                kind="poll_periodic", now=at, pair_id=pair.id, member_id=m.id,
                not_before=next_slot(at, [m.tz], settings.window),
            )  # fmt: skip


def _term(session: Session, pair: Pair, members: list[Member], settings: ProgrammeSettings, at: datetime,
          queued: Counter) -> bool:  # fmt: skip
    """Term end: ask once; after the grace week, end the pair unless everyone chose to continue.
    True when the pair is past its term (nothing else is planned for it)."""
    if at.date() < pair.ends_on:
        return False
    if pair.term_asked_on != pair.ends_on:
        pair.term_asked_on = pair.ends_on
        for m in members:
            queued["wrap-ups"] += enqueue(
                session, team_id=pair.team_id, key=f"term-end:pair:{pair.id}:{pair.ends_on}:member:{m.id}",
                kind="term_end", now=at, pair_id=pair.id, member_id=m.id,
                not_before=next_slot(at, [m.tz], settings.window),
            )  # fmt: skip
    elif at.date() >= pair.ends_on + timedelta(days=TERM_GRACE_DAYS):
        pair.status, pair.end_reason, pair.ended_at = PairStatus.ENDED, EndReason.TERM_END, at
        for m in members:
            m.waiting_since = m.waiting_since or at
        queued["terms ended"] += 1
    return True
