"""Away-awareness (bot/away.py): noting someone's Slack status, the heads-up a working day before each round
with *Skip this round*, and the skip itself."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.orm import Session

from bot.away import read_status
from bot.blocks import refusals
from bot.errors import MentorError
from bot.keeping import available, away
from bot.outbox import kinds, queue
from bot.outbox.kinds import Kind
from bot.payload import Payload
from bot.schedule import next_slot
from bot.services.programme import programme_settings
from storage import away as repo
from storage import matching, programmes
from storage.models import Member


def note_status(*, session: Session, team_id: str, user_id: str, profile: Payload, now: datetime) -> None:
    """What their Slack status says now (from a user_change event, or users.info when they join)."""
    found = read_status(profile, now)
    repo.set_away(
        session,
        team_id=team_id,
        user_id=user_id,
        since=now if found else None,
        until=found.until if found else None,
    )


def heads_up(*, session: Session, programme_id: int, slot: datetime, now: datetime) -> int:
    """Queue the heads-up for the round at `slot` to everyone it would consider (not away, not paired), once
    per programme and slot (decided under the programme's lock); how many were queued."""
    team_id = programmes.lock_id(session, programme_id).team_id
    key = slot.astimezone(UTC).isoformat()
    if not programmes.take_heads_up(session, programme_id=programme_id, slot=key):
        return 0
    window = programme_settings(session=session, programme_id=programme_id).window
    queued = 0
    for member in matching.pool(session, programme_id):
        if not available(member, now) or away(member, now):
            continue
        queued += queue.enqueue(
            session=session,
            team_id=team_id,
            key=kinds.heads_up(member.id, key),
            kind=Kind.HEADS_UP,
            now=now,
            member_id=member.id,
            not_before=next_slot(now, [member.tz], window),
        )
    return queued


def skip_round(
    *, session: Session, team_id: str, key: str, user_id: str, skip: bool
) -> tuple[datetime, str | None]:
    """Skip the round the heads-up under this key is about (or, `skip` False, take part after all); the
    round's time, and the person's timezone (to name its day)."""
    row = queue.find(session=session, team_id=team_id, key=key)
    member = session.get(Member, row.member_id, with_for_update=True) if row and row.member_id else None
    slot = kinds.heads_up_slot(key)
    if member is None or member.user_id != user_id or slot is None:
        raise MentorError(refusals.NOT_YOUR_QUESTION)
    member.skip_round_at = slot if skip else None
    return slot, member.tz
