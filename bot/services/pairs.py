"""Ending pairs (not a fit, someone left or can't be reached) and telling the people left behind."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from bot.endings import ASKED
from bot.outbox import kinds
from bot.outbox.kinds import Kind
from bot.outbox.queue import cancel_unsent, enqueue
from bot.schedule import next_slot
from bot.services.intros import pair_for_member_of
from bot.services.programme import programme_settings
from storage import matching as repo
from storage.members import get_member
from storage.models import EndReason, Member, Pair, PairStatus


def end_active_pair(*, session: Session, member: Member, reason: EndReason, now: datetime) -> Pair | None:
    """End the member's active pair; the others go back into the pool, first in line, and are told."""
    pair = repo.active_pair_of(session, member.id)
    if pair is None or not _end(session=session, pair=pair, member=member, reason=reason, now=now):
        return None
    return pair


def decline(*, session: Session, pair: Pair, member: Member, now: datetime) -> bool:
    """'Not a fit', chosen privately by `member`: end the pair, never match these people again, and
    re-pool them all first in line; the others are told kindly, by name, that the pairing has ended (not
    who chose it or why). False if it had already ended."""
    if not _end(session=session, pair=pair, member=member, reason=EndReason.NOT_A_FIT, now=now):
        return False
    member.waiting_since = now
    return True


def not_a_fit(
    *, session: Session, team_id: str, user_id: str, now: datetime, pair_id: int | None = None
) -> Pair | None:
    """Someone ends their own pairing as not a fit (their active one, or the one given, which they must be
    in: else MentorError): the pair ended, or None if there was nothing to end."""
    if pair_id is not None:  # the pair first, as everywhere (an erasure locks it before its members)
        pair, _ = pair_for_member_of(session=session, team_id=team_id, pair_id=pair_id, user_id=user_id)
        member = next(pm.member for pm in pair.members if pm.member.user_id == user_id)
    else:
        found = get_member(session, team_id=team_id, user_id=user_id)
        if found is None or (active := repo.active_pair_of(session, found.id)) is None:
            return None
        member, pair = found, active
    return pair if decline(session=session, pair=pair, member=member, now=now) else None


NEUTRAL_AFTER = timedelta(hours=12)


def _neutral_moment(session: Session, pair: Pair, now: datetime) -> Callable[[Member], datetime]:
    """When to tell a partner that a pairing ended as not a fit: at a neutral moment — their next working
    morning, at least half a day later — rather than the minute after a poll both were sent, so the timing
    doesn't say who chose it."""
    window = programme_settings(session=session, programme_id=pair.programme_id).window
    return lambda m: next_slot(now + NEUTRAL_AFTER, [m.tz], window)


def ask_why(*, session: Session, pair: Pair, members: list[Member], reason: EndReason, now: datetime) -> None:
    """After a pairing ended (by not a fit, someone leaving, the term's end or a choice to end it): ask each
    of these people privately, in one tap, why — at a neutral moment, so its timing says nothing."""
    if reason.value not in ASKED:
        return
    told_at = _neutral_moment(session, pair, now)
    for m in members:
        enqueue(
            session=session,
            team_id=pair.team_id,
            key=kinds.why_ended(pair.id, m.id),
            kind=Kind.WHY_ENDED,
            now=now,
            pair_id=pair.id,
            member_id=m.id,
            not_before=told_at(m),
        )


def close_quiet(*, session: Session, pair: Pair, now: datetime) -> bool:
    """A quiet pair nobody answered, though warned: closed kindly, everyone back into the pool first in
    line and told so, blaming no one."""
    if pair.stalled_at is None or not repo.end_as_read(session, pair, reason=EndReason.QUIET, now=now):
        return False
    cancel_unsent(session=session, pair_id=pair.id)
    _back_in_the_pool(session, pair, [pm.member for pm in pair.members], EndReason.QUIET, now)
    session.flush()
    return True


def end_term(*, session: Session, pair: Pair, now: datetime) -> bool:
    """The grace week after a term's end is over and not everyone chose to continue: the pair ends, its people
    back in the pool and each asked privately why — unless meanwhile the last "Continue together" came (or
    anything else changed the pair), decided by the database; the next tick looks again."""
    if not repo.end_as_read(session, pair, reason=EndReason.TERM_END, now=now):
        return False
    members = [pm.member for pm in pair.members]
    for m in members:
        m.waiting_since = m.waiting_since or now
    ask_why(session=session, pair=pair, members=members, reason=EndReason.TERM_END, now=now)
    return True


def _end(*, session: Session, pair: Pair, member: Member, reason: EndReason, now: datetime) -> bool:
    """End the member's part in the pair: the whole pair, or, in a trio, only theirs (the other two stay
    paired). Those left behind are told (kinds.partner_gone), and re-pooled first in line if unpaired."""
    told_at = _neutral_moment(session, pair, now) if reason is EndReason.NOT_A_FIT else None
    if pair.status is PairStatus.ACTIVE and len(pair.members) == 3:
        stay = [pm.member for pm in pair.members if pm.member_id != member.id]
        repo.leave_trio(session, pair, member, reason=reason, now=now)
        ask_why(session=session, pair=pair, members=[member], reason=reason, now=now)
        for m in stay:
            enqueue(
                session=session,
                team_id=pair.team_id,
                key=kinds.left_trio(pair.id, member.id, m.id),
                kind=Kind.PARTNER_GONE,
                reason=reason,
                now=now,
                member_id=m.id,
                not_before=told_at(m) if told_at else None,
            )
        return True
    if not repo.end_pair(pair, reason=reason, now=now):
        return False
    cancel_unsent(session=session, pair_id=pair.id)
    ask_why(session=session, pair=pair, members=[pm.member for pm in pair.members], reason=reason, now=now)
    others = [pm.member for pm in pair.members if pm.member_id != member.id]
    _back_in_the_pool(session, pair, others, reason, now, told_at)
    if told_at is not None and others:  # the shared introduction says it ended when the others are told
        enqueue(
            session=session,
            team_id=pair.team_id,
            key=kinds.intro_ended(pair.id),
            kind=Kind.INTRO_ENDED,
            now=now,
            pair_id=pair.id,
            not_before=min(told_at(m) for m in others),
        )
    session.flush()
    return True


def _back_in_the_pool(
    session: Session,
    pair: Pair,
    people: list[Member],
    reason: EndReason,
    now: datetime,
    told_at: Callable[[Member], datetime] | None = None,
) -> None:
    """Their pairing ended without their choosing: first in line for the next round, and told so (kindly,
    by name, at `told_at` if given)."""
    for m in people:
        m.waiting_since = now
        enqueue(
            session=session,
            team_id=pair.team_id,
            key=kinds.partner_gone(pair.id, m.id),
            kind=Kind.PARTNER_GONE,
            reason=reason,
            now=now,
            member_id=m.id,
            not_before=told_at(m) if told_at else None,
        )
