"""Suggesting meeting times to a pair (inside everyone's working day, in their own timezones, without
calendar access) and the one they pick: it becomes the pair's next meeting, and their check-in says so."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from bot.agreement import DEFAULT_MINUTES
from bot.blocks import refusals
from bot.calendar import ics_event
from bot.errors import MentorError
from bot.outbox import kinds, queue
from bot.outbox.kinds import Kind
from bot.schedule import meeting_slots
from bot.services import checkins
from bot.services.intros import going_pair_of, pair_for_member_of
from bot.services.programme import programme_settings
from storage import agreements
from storage import checkins as checkins_repo
from storage.models import Checkin, Outbox, Pair, Reply


def suggest_times(
    *, session: Session, team_id: str, pair_id: int, user_id: str, clicked_ts: str, now: datetime
) -> bool:
    """Queue the suggestions (at the front: someone is waiting); once per message clicked."""
    pair, _ = pair_for_member_of(session=session, team_id=team_id, pair_id=pair_id, user_id=user_id)
    return queue.enqueue(
        session=session,
        team_id=team_id,
        key=kinds.times(pair.id, clicked_ts),
        kind=Kind.TIMES,
        now=now,
        pair_id=pair.id,
        priority=1,
    )


@dataclass(frozen=True)
class Suggested:
    slots: list[datetime]
    people: list[tuple[str, str | None]]  # (Slack id, timezone)
    minutes: int


def suggested(session: Session, pair: Pair, row: Outbox) -> Suggested:
    """What a suggestion offers, worked out from when it was asked for (a resend shows the same times): as
    long as the pair's agreement says (30 minutes without one)."""
    window = programme_settings(session=session, programme_id=pair.programme_id).window
    agreement = agreements.agreement_of(session, pair.id)
    minutes = agreement.minutes if agreement else DEFAULT_MINUTES
    people = [(pm.member.user_id, pm.member.tz) for pm in pair.members]
    return Suggested(
        meeting_slots(row.created_at, [tz for _, tz in people], window, minutes=minutes), people, minutes
    )


@dataclass(frozen=True)
class Picked:
    suggested: Suggested
    start: datetime
    by: str
    channel: str | None  # the pair's group DM
    key: str
    ics: bytes
    checkin: Checkin | None  # the check-in answered "scheduled" by this pick, to show it
    pair: Pair


def pick_time(
    *, session: Session, team_id: str, user_id: str, key: str, start: int, now: datetime
) -> Picked | None:
    """One of the suggested times becomes the pair's next meeting (None when one was picked from this
    suggestion already: a double click, the partner a moment later)."""
    row = queue.find(session=session, team_id=team_id, key=key)
    if row is None or row.kind is not Kind.TIMES or row.pair_id is None:
        raise MentorError(refusals.NOT_A_SUGGESTED_TIME)
    pair = going_pair_of(session=session, team_id=team_id, pair_id=row.pair_id, user_id=user_id)
    if pair.meeting_from == key:
        return None
    offered = suggested(session, pair, row)
    chosen = next((t for t in offered.slots if int(t.timestamp()) == start), None)
    if chosen is None:
        raise MentorError(refusals.NOT_A_SUGGESTED_TIME)
    if chosen <= now:
        raise MentorError(refusals.TIME_PASSED)
    pair.meeting_at, pair.meeting_from = chosen, key
    latest = checkins_repo.latest_checkin(session, pair.id)
    answered = None
    if latest is not None:  # "we've scheduled it", for whoever picked (unless they answered already)
        changed, answered, _ = checkins.answer_checkin(
            session=session,
            team_id=team_id,
            checkin_id=latest.id,
            user_id=user_id,
            answer=Reply.SCHEDULED,
            now=now,
        )
        answered = answered if changed else None
    ics = ics_event(
        uid=f"pair-{pair.id}-{start}@mentoring",
        start=chosen,
        minutes=offered.minutes,
        summary="Mentoring conversation",
        description="Your mentoring pair's next conversation, picked in Slack from suggested times.",
        stamp=now,
    )
    return Picked(offered, chosen, user_id, pair.channel_id, key, ics, answered, pair)
