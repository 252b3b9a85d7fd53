"""Enrolment use cases: join or edit a profile, pause, resume, leave (and erase)."""

from __future__ import annotations

import enum
from dataclasses import replace
from datetime import date, datetime

from sqlalchemy.orm import Session

from bot.errors import MentorError, NotEnrolled
from bot.pausing import PauseError, check_pause_end, parse_pause
from bot.profile import Cadence, Enrolment, Profile, State, effective_state
from bot.services.pairs import end_active_pair
from bot.services.tallies import recounted
from bot.timezones import local_date
from storage import members as repo
from storage import modals, programmes
from storage.matching import active_pair_of
from storage.models import Direction, EndReason, Member, MemberStatus
from storage.pairs import delete_pairs_of, look_again, pairs_and_people_of


class LeaveOutcome(enum.Enum):
    LEFT = "left"
    ERASED = "erased"
    ALREADY_LEFT = "already_left"
    NOT_ENROLLED = "not_enrolled"


def get_enrolment(*, session: Session, team_id: str, user_id: str, now: datetime) -> Enrolment:
    member = repo.get_member(session, team_id=team_id, user_id=user_id)
    enrolment = to_enrolment(member, user_id=user_id, now=now)
    pair = active_pair_of(session, member.id, for_update=False) if member else None
    if member is None or pair is None:
        return enrolment
    partners = tuple(pm.member.user_id for pm in pair.members if pm.member_id != member.id)
    return replace(enrolment, partners=partners, pair_ends_on=pair.ends_on)


def member_today(*, session: Session, team_id: str, user_id: str, now: datetime) -> date:
    """Today's date where the person is (UTC for someone we don't know yet)."""
    member = repo.get_member(session, team_id=team_id, user_id=user_id)
    return local_date(now, member.tz if member else None)


def save_profile(
    *, session: Session, team_id: str, user_id: str, profile: Profile, tz: str | None, now: datetime
) -> tuple[Enrolment, bool]:
    """Create or update the person's profile; returns the enrolment and whether they (re)joined just now."""
    fields = {
        "career_stage": profile.career_stage,
        "department": profile.department,
        "cadence": profile.cadence.value,
        "note": profile.note,
        "perspectives_consent": profile.perspectives_consent,
    }
    member, created = repo.get_or_create_member(
        session,
        team_id=team_id,
        programme_id=programmes.ensure(session, team_id, now=now),
        user_id=user_id,
        now=now,
        defaults={**fields, "tz": tz},
    )
    rejoined = member.status in (MemberStatus.LEFT, MemberStatus.INACTIVE)
    for key, value in fields.items():
        setattr(member, key, value)
    if tz:
        member.tz = tz
    if rejoined:
        member.status, member.left_at, member.joined_at = MemberStatus.ACTIVE, None, now
    member.updated_at = now
    repo.set_topics(member, teach=profile.teach, learn=profile.learn)
    repo.set_perspectives(member, profile.perspectives)
    session.flush()
    look_again(session, member_id=member.id)  # a new cadence may bring the next check-in sooner
    return to_enrolment(member, user_id=user_id, now=now), created or rejoined


def _pause(member: Member, *, until: date | None, now: datetime) -> None:
    member.status, member.paused_at, member.paused_until, member.updated_at = (
        MemberStatus.PAUSED,
        now,
        until,
        now,
    )


def pause_from(
    *, session: Session, team_id: str, user_id: str, asked: str | date | None, now: datetime
) -> date | None:
    """Pause someone from the words they typed (`2 weeks`, `until 2027-03-01`) or the date they picked
    (None: until they resume), checked against their own today; returns the day they are back. A pause
    that makes no sense is refused in words that say how to write it (MentorError)."""
    member = _enrolled(session, team_id=team_id, user_id=user_id)  # read once, locked
    today = local_date(now, member.tz)
    try:
        until = parse_pause(asked, today=today) if isinstance(asked, str) else asked
        if until is not None:
            check_pause_end(until, today=today)
    except PauseError as exc:
        raise MentorError(str(exc)) from None
    _pause(member, until=until, now=now)
    return until


def resume(*, session: Session, team_id: str, user_id: str, now: datetime) -> bool:
    """Make the person active again; False when they were not paused (an ended pause counts as not paused)."""
    member = _enrolled(session, team_id=team_id, user_id=user_id)
    was_paused = to_enrolment(member, user_id=user_id, now=now).state is State.PAUSED
    member.status, member.paused_at, member.paused_until, member.updated_at = (
        MemberStatus.ACTIVE,
        None,
        None,
        now,
    )
    session.flush()
    look_again(session, member_id=member.id)
    return was_paused


def leave(*, session: Session, team_id: str, user_id: str, erase: bool, now: datetime) -> LeaveOutcome:
    member = repo.get_member(session, team_id=team_id, user_id=user_id, for_update=True)
    if member is None:
        return LeaveOutcome.NOT_ENROLLED
    if erase:  # everything about them, in every programme they are in
        for membership in repo.memberships(session, team_id=team_id, user_id=user_id):
            end_active_pair(session=session, member=membership, reason=EndReason.MEMBER_LEFT, now=now)
            pair_ids, people = pairs_and_people_of(session, membership)
            with recounted(session=session, team_id=team_id, pair_ids=pair_ids, member_ids=people):
                delete_pairs_of(session, pair_ids)
                repo.erase_member(session, membership, now=now)
        modals.forget_person(session, team_id=team_id, user_id=user_id)
        return LeaveOutcome.ERASED
    end_active_pair(session=session, member=member, reason=EndReason.MEMBER_LEFT, now=now)
    if member.status is MemberStatus.LEFT:
        return LeaveOutcome.ALREADY_LEFT
    repo.mark_left(member, now=now)
    session.flush()
    return LeaveOutcome.LEFT


def to_enrolment(member: Member | None, *, user_id: str, now: datetime) -> Enrolment:
    if member is None:
        return Enrolment(user_id=user_id, state=State.NOT_ENROLLED)
    today = local_date(now, member.tz)
    profile = Profile(
        teach=tuple(sorted(t.topic for t in member.topics if t.direction is Direction.TEACH)),
        learn=tuple(sorted(t.topic for t in member.topics if t.direction is Direction.LEARN)),
        career_stage=member.career_stage,
        department=member.department,
        cadence=Cadence(member.cadence),
        note=member.note,
        perspectives=tuple(sorted(p.perspective for p in member.perspectives)),
        perspectives_consent=member.perspectives_consent,
    )
    stored = State.LEFT if member.status is MemberStatus.INACTIVE else State(member.status.value)
    state = effective_state(stored, member.paused_until, today)
    return Enrolment(
        user_id=user_id,
        state=state,
        profile=profile,
        joined_at=member.joined_at,
        paused_until=member.paused_until if state is State.PAUSED else None,
        tz=member.tz,
        waiting=member.waiting_since is not None,
    )


def _enrolled(session: Session, *, team_id: str, user_id: str) -> Member:
    member = repo.get_member(session, team_id=team_id, user_id=user_id, for_update=True)
    if member is None or member.status in (MemberStatus.LEFT, MemberStatus.INACTIVE):
        raise NotEnrolled()
    return member
