"""Answers from people: check-in buttons, the private stalled and term-end choices, feedback polls."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.blocks import messages, refusals
from bot.errors import MentorError
from bot.guides import AFTER_FIRST_MEETING
from bot.outbox import kinds, queue
from bot.outbox.kinds import Kind
from bot.outbox.queue import enqueue
from bot.schedule import next_slot
from bot.services.listening import ask_after_meeting
from bot.services.pairs import decline, end_active_pair
from bot.services.programme import programme_settings
from bot.services.tallies import recounted
from bot.timezones import local_date
from storage import checkins as repo
from storage.members import mark_left
from storage.models import (
    Checkin,
    CheckinAnswer,
    Choice,
    EndReason,
    Fit,
    Meeting,
    Member,
    Pair,
    PairStatus,
    PollAnswer,
    PollKind,
    Reply,
)
from storage.pairs import look_again


def _member_of(pair: Pair | None, team_id: str, user_id: str) -> tuple[Pair, Member]:
    """The pair and the person in it who acted; refused if there is no such pair or they aren't in it."""
    member = next((pm.member for pm in pair.members if pm.member.user_id == user_id), None) if pair else None
    if pair is None or pair.team_id != team_id or member is None:
        raise MentorError(messages.NOT_IN_PAIR)
    return pair, member


def answer_checkin(
    *, session: Session, team_id: str, checkin_id: int, user_id: str, answer: Reply, now: datetime
) -> tuple[bool, Checkin, Pair]:
    """Record one person's answer once; a second click or a retried request changes nothing."""
    checkin = session.get(Checkin, checkin_id, with_for_update=True)
    if checkin is None:
        raise MentorError(messages.NOT_IN_PAIR)
    # The pair's row held: the planner marking it stalled meanwhile waits for this answer, or this sees it.
    pair, member = _member_of(session.get(Pair, checkin.pair_id, with_for_update=True), team_id, user_id)
    if any(a.member_id == member.id for a in checkin.answers) or pair.status is not PairStatus.ACTIVE:
        return False, checkin, pair
    try:
        with session.begin_nested():
            checkin.answers.append(CheckinAnswer(member_id=member.id, answer=answer, answered_at=now))
    except IntegrityError:
        return False, checkin, pair
    pair.stalled_at = None  # someone answered: the pair is alive
    look_again(session, pair_ids=[pair.id])
    if answer is Reply.PAUSE:
        pair.paused_at = now
    if answer is Reply.MET and repo.meeting_logged_by(session, checkin.id) is None:
        meeting = Meeting(
            pair_id=pair.id, checkin_id=checkin.id, met_on=local_date(now, member.tz), logged_at=now
        )
        first = repo.first_meeting(session, pair.id) is None
        with recounted(session=session, team_id=team_id, pair_ids=[pair.id]):
            session.add(meeting)
        window = programme_settings(session=session, programme_id=pair.programme_id).window
        for pm in pair.members:
            if first:  # privately, a tip for each side after their first meeting
                enqueue(
                    session=session,
                    team_id=team_id,
                    key=kinds.guide(pair.id, pm.member_id, AFTER_FIRST_MEETING),
                    kind=Kind.GUIDE,
                    now=now,
                    pair_id=pair.id,
                    member_id=pm.member_id,
                    not_before=next_slot(now, [pm.member.tz], window),
                )
            enqueue(
                session=session,
                team_id=team_id,
                key=kinds.meeting_poll(meeting.id, pm.member_id),
                kind=Kind.POLL_MEETING,
                now=now,
                pair_id=pair.id,
                member_id=pm.member_id,
                not_before=next_slot(now, [pm.member.tz], window),
            )
            ask_after_meeting(
                session=session, team_id=team_id, pair=pair, member=pm.member, now=now, window=window
            )
    session.flush()
    return True, checkin, pair


def resume_pair(
    *, session: Session, team_id: str, pair_id: int, user_id: str
) -> tuple[bool, Pair, Checkin | None]:
    """Resume a paused pair; returns whether it changed, the pair, and its latest check-in (to redraw)."""
    pair, _ = _member_of(session.get(Pair, pair_id, with_for_update=True), team_id, user_id)
    latest = repo.latest_checkin(session, pair.id)
    if pair.paused_at is None:
        return False, pair, latest
    pair.paused_at = None
    look_again(session, pair_ids=[pair.id])
    return True, pair, latest


def stalled_choice(
    *, session: Session, team_id: str, pair_id: int, user_id: str, choice: Choice, now: datetime
) -> list[str] | None:
    """Keep going, pause or end a quiet pair; the partners' ids, or None when nothing changed."""
    pair, member = _member_of(session.get(Pair, pair_id, with_for_update=True), team_id, user_id)
    if pair.status is not PairStatus.ACTIVE:
        return None
    look_again(session, pair_ids=[pair.id])
    if choice is Choice.CONTINUE:
        if pair.stalled_at is None:
            return None  # already going on (the partner chose it, or this is a second click)
        pair.stalled_at = None
    elif choice is Choice.PAUSE:
        if pair.paused_at is not None:
            return None
        pair.paused_at = now
    else:
        end_active_pair(session=session, member=member, reason=EndReason.ENDED_BY_MEMBER, now=now)
        member.waiting_since = now
    return _others(pair, member)


def term_choice(
    *, session: Session, team_id: str, pair_id: int, user_id: str, choice: Choice, now: datetime
) -> list[str] | None:
    """Continue for another term (when everyone says so) or go back into the pool (when anyone does);
    the partners' ids, or None when nothing changed."""
    pair, member = _member_of(session.get(Pair, pair_id, with_for_update=True), team_id, user_id)
    key = kinds.term_choice(pair.id, pair.ends_on)
    if pair.status is not PairStatus.ACTIVE or repo.has_answered(session, poll_key=key, member_id=member.id):
        return None
    # A choice carries no value or fit, so the report's running totals don't change (see bot.tallies).
    session.add(
        PollAnswer(
            team_id=team_id,
            poll_key=key,
            kind=PollKind.TERM_CHOICE,
            pair_id=pair.id,
            member_id=member.id,
            choice=choice,
            answered_at=now,
        )
    )
    session.flush()
    if choice in (Choice.POOL, Choice.DONE):
        end_active_pair(session=session, member=member, reason=EndReason.TERM_END, now=now)
        if choice is Choice.POOL:
            member.waiting_since = now
        else:
            mark_left(member, now=now)
        return _others(pair, member)
    if repo.chose_to_continue(session, poll_key=key) >= {pm.member_id for pm in pair.members}:
        pair.ends_on += timedelta(
            weeks=programme_settings(session=session, programme_id=pair.programme_id).term_weeks
        )
        look_again(session, pair_ids=[pair.id])
    return _others(pair, member)


def _others(pair: Pair, member: Member) -> list[str]:
    """The choice was recorded: the Slack ids of the partners, to name them in the updated message."""
    return [pm.member.user_id for pm in pair.members if pm.member_id != member.id]


POLL_KINDS = {
    Kind.POLL_MEETING: PollKind.MEETING,
    Kind.POLL_PERIODIC: PollKind.PERIODIC,
    Kind.TERM_END: PollKind.TERM_END,
}


@dataclass(frozen=True)
class PollContext:
    key: str
    kind: PollKind
    pair: Pair | None
    member: Member
    asks_fit: bool
    channel: str | None = None  # where the poll's message is (from its outbox row, never from a modal)
    ts: str | None = None


def poll_context(*, session: Session, team_id: str, poll_key: str, user_id: str) -> PollContext:
    row = queue.find(session=session, team_id=team_id, key=poll_key)
    member = session.get(Member, row.member_id) if row and row.member_id else None
    if row is None or member is None or member.user_id != user_id or row.kind not in POLL_KINDS:
        raise MentorError(refusals.NOT_YOUR_POLL)
    pair = session.get(Pair, row.pair_id) if row.pair_id else None
    asks_fit = False
    if row.kind is Kind.POLL_MEETING and pair is not None:
        asks_fit = kinds.is_poll_after_meeting(poll_key, repo.first_meeting(session, pair.id))
    return PollContext(poll_key, POLL_KINDS[row.kind], pair, member, asks_fit, row.channel_id, row.ts)


@dataclass(frozen=True)
class PollSaved:
    saved: bool  # False: answered already (a double submit), the first answer stands
    ended: Pair | None  # the pair, if this answer ended it as "not a fit"
    poll: PollContext


def save_poll(
    *,
    session: Session,
    team_id: str,
    poll_key: str,
    user_id: str,
    value: int,
    learned: bool,
    taught: bool,
    fit: Fit | None,
    comment: str | None,
    now: datetime,
) -> PollSaved:
    """Store one confidential answer once."""
    ctx = poll_context(session=session, team_id=team_id, poll_key=poll_key, user_id=user_id)
    answer = PollAnswer(
        team_id=team_id,
        poll_key=poll_key,
        kind=ctx.kind,
        pair_id=ctx.pair.id if ctx.pair else None,
        member_id=ctx.member.id,
        value=value,
        learned=learned,
        taught=taught,
        fit=fit if ctx.asks_fit else None,
        comment=comment,
        answered_at=now,
    )
    # The pair is locked first, as an erasure locks it before its members: a "not a fit" answer (which ends
    # the pair) racing a partner's erasure then waits instead of deadlocking.
    pairs = [ctx.pair.id] if ctx.pair else []
    try:
        with (
            recounted(session=session, team_id=team_id, pair_ids=pairs, member_ids=[ctx.member.id]),
            session.begin_nested(),
        ):
            session.add(answer)
    except IntegrityError:
        return PollSaved(False, None, ctx)
    if (
        ctx.asks_fit
        and fit is Fit.NOT_A_FIT
        and ctx.pair is not None
        and decline(session=session, pair=ctx.pair, member=ctx.member, now=now)
    ):
        return PollSaved(True, ctx.pair, ctx)
    return PollSaved(True, None, ctx)
