"""Enrolment use cases: join or edit a profile, pause, resume, leave (and erase)."""

from __future__ import annotations

import enum
from dataclasses import asdict, dataclass, replace
from datetime import date, datetime

from sqlalchemy.orm import Session

from bot.away import is_away
from bot.errors import MentorError, NotEnrolled
from bot.outbox import kinds
from bot.outbox.kinds import Kind
from bot.outbox.queue import enqueue
from bot.pausing import PauseError, check_pause_end, parse_pause
from bot.profile import Cadence, Enrolment, Profile, State, effective_state
from bot.programme import ProgrammeProfile
from bot.services.admins import May, NotAdmin, anyone
from bot.services.pairs import end_active_pair
from bot.services.programme import programme_topics
from bot.services.programmes import profile_of
from bot.services.tallies import recounted
from bot.text import typed
from bot.timezones import local_date
from storage import members as repo
from storage import modals, programmes
from storage.matching import active_pair_of
from storage.models import Direction, EndReason, Member, MemberStatus, ProgrammeState
from storage.models import Enrolment as ProgrammeEnrolment
from storage.pairs import delete_pairs_of, look_again, pairs_and_people_of


class LeaveOutcome(enum.Enum):
    LEFT = "left"
    ERASED = "erased"
    ALREADY_LEFT = "already_left"
    NOT_ENROLLED = "not_enrolled"


def get_enrolment(
    *, session: Session, team_id: str, user_id: str, now: datetime, programme_id: int | None = None
) -> Enrolment:
    """Where the person stands in the programme (None: the earliest they are in)."""
    member = repo.get_member(session, team_id=team_id, user_id=user_id, programme_id=programme_id)
    return _enrolment_of(session, member, user_id=user_id, now=now)


def _enrolment_of(session: Session, member: Member | None, *, user_id: str, now: datetime) -> Enrolment:
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


def has_request(*, session: Session, team_id: str, user_id: str) -> bool:
    """Whether the person asked to join a programme and is waiting for its admins."""
    return programmes.has_request(session, team_id=team_id, user_id=user_id)


def enrolments(*, session: Session, team_id: str, user_id: str, now: datetime) -> list[tuple[str, Enrolment]]:
    """Where the person stands in each programme they have a profile in (by programme name, oldest first;
    one entry, unnamed, for someone in one programme or none)."""
    members = sorted(
        repo.memberships_of(session, team_id=team_id, user_id=user_id), key=lambda m: m.programme_id
    )
    if len(members) < 2:
        return [("", _enrolment_of(session, members[0] if members else None, user_id=user_id, now=now))]
    names = {row.id: row.name for row, _ in programmes.in_workspace(session, team_id)}
    return [(names[m.programme_id], _enrolment_of(session, m, user_id=user_id, now=now)) for m in members]


@dataclass(frozen=True)
class ProgrammeChoice:
    """A running programme as someone choosing where to join (or which profile to edit) sees it."""

    id: int
    profile: ProgrammeProfile
    enrolled: bool  # they are in it (active or paused)
    may_join: bool  # open to them: open enrolment, or they are in it already


def programme_choices(*, session: Session, team_id: str, user_id: str) -> list[ProgrammeChoice]:
    """The workspace's running programmes, oldest first (its first made now if it has none)."""
    mine = {m.programme_id: m.status for m in repo.memberships_of(session, team_id=team_id, user_id=user_id)}
    out = []
    for row, _ in programmes.in_workspace(session, team_id):
        if row.state is not ProgrammeState.ACTIVE:
            continue
        enrolled = mine.get(row.id) in (MemberStatus.ACTIVE, MemberStatus.PAUSED)
        may_join = (
            row.id in mine
            or row.enrolment in (ProgrammeEnrolment.OPEN, ProgrammeEnrolment.APPROVAL)
            or programmes.invited(session, row.id, user_id)
        )
        out.append(ProgrammeChoice(row.id, profile_of(row), enrolled, may_join))
    return out


def chosen_programme(choices: list[ProgrammeChoice], hint: str | None) -> ProgrammeChoice | None:
    """The programme someone means: the one named (any case), else the only one that makes sense (the
    one they are in, or the one they may join); None when they must choose."""
    wanted = " ".join((hint or "").lower().split())
    named = next((c for c in choices if c.profile.name.lower() == wanted), None) if wanted else None
    if named is not None:
        return named
    enrolled = [c for c in choices if c.enrolled]
    if len(choices) == 1 or (len(enrolled) == 1 and not any(c.may_join and not c.enrolled for c in choices)):
        return enrolled[0] if enrolled else choices[0]
    return None


def check_joinable(
    session: Session, *, team_id: str, user_id: str, programme_id: int, asking: bool = False
) -> None:
    """Raise, kindly, unless the person may join (or edit their profile in) the programme — or, `asking`,
    ask to join one whose admins approve who joins."""
    row = programmes.of_workspace(session, team_id, programme_id)
    if row is None:
        raise MentorError("That programme isn't in this workspace (any more), so nothing was saved.")
    if row.state is not ProgrammeState.ACTIVE:
        raise MentorError(f"{typed(row.name)} isn't taking anyone right now, so nothing was saved.")
    if repo.get_member(session, team_id=team_id, user_id=user_id, programme_id=programme_id) is not None:
        return  # editing their profile there, or coming back
    if programmes.invited(session, programme_id, user_id):
        return  # invited: welcome, whatever the programme's policy
    if row.enrolment is ProgrammeEnrolment.INVITATION:
        raise MentorError(
            f"{typed(row.name)} is by invitation: ask its organisers if you'd like to take part. Nothing was saved."
        )
    if row.enrolment is ProgrammeEnrolment.APPROVAL and not asking:
        raise MentorError(
            f"Joining {typed(row.name)} needs a programme admin's approval: ask them to add you. Nothing was saved."
        )


def needs_approval(*, session: Session, team_id: str, user_id: str, programme_id: int) -> bool:
    """Whether joining this programme is a request for its admins to approve (not for someone in it or
    invited to it)."""
    row = programmes.of_workspace(session, team_id, programme_id)
    return (
        row is not None
        and row.state is ProgrammeState.ACTIVE
        and row.enrolment is ProgrammeEnrolment.APPROVAL
        and repo.get_member(session, team_id=team_id, user_id=user_id, programme_id=programme_id) is None
        and not programmes.invited(session, programme_id, user_id)
    )


@dataclass(frozen=True)
class Joined:
    programme_id: int
    enrolment: Enrolment
    joined_now: bool  # (re)joined just now, rather than saved their profile
    asked: str | None = None  # instead: asked to join this programme, whose admins now decide


def join_or_ask(
    *,
    session: Session,
    team_id: str,
    user_id: str,
    profile: Profile,
    tz: str | None,
    now: datetime,
    programme_id: int | None,
) -> Joined:
    """Join the programme (None: the workspace's first) or save one's profile there — or, where its admins
    approve who joins, ask them."""
    if programme_id is None:
        programme_id = programmes.ensure(session, team_id, now=now)
    # Only the topics the programme offers (its modal offered no others: a forged form's are dropped).
    profile = profile.within(programme_topics(session=session, programme_id=programme_id))
    if needs_approval(session=session, team_id=team_id, user_id=user_id, programme_id=programme_id):
        name = request_to_join(
            session=session,
            team_id=team_id,
            user_id=user_id,
            programme_id=programme_id,
            profile=profile,
            tz=tz,
            now=now,
        )
        return Joined(programme_id, to_enrolment(None, user_id=user_id, now=now), False, asked=name)
    enrolment, joined_now = save_profile(
        session=session,
        team_id=team_id,
        user_id=user_id,
        profile=profile,
        tz=tz,
        now=now,
        programme_id=programme_id,
    )
    return Joined(programme_id, enrolment, joined_now)


def request_to_join(
    *,
    session: Session,
    team_id: str,
    user_id: str,
    programme_id: int,
    profile: Profile,
    tz: str | None,
    now: datetime,
) -> str:
    """Ask to join an approval programme with this profile (kept with the request); its name."""
    stored = {**asdict(profile), "cadence": profile.cadence.value}
    programmes.request_join(
        session, team_id=team_id, programme_id=programme_id, user_id=user_id, profile=stored, tz=tz, now=now
    )
    return programmes.name_of(session, programme_id) or ""


@dataclass(frozen=True)
class Decided:
    user_id: str
    programme: str
    approved: bool


def decide(
    *, session: Session, team_id: str, request_id: int, approve: bool, now: datetime, may: May = anyone
) -> Decided | None:
    """Approve (the profile becomes a membership) or decline (it is deleted) a request to join, once; the
    person is told either way. None if it was decided already (a second click, another admin). NotAdmin
    (nothing changed) for an admin of other programmes only."""
    request = programmes.take_request(session, team_id, request_id)
    if request is None:
        return None
    if not may(request.programme_id):
        raise NotAdmin()  # the unit of work rolls back: the request stays
    if approve:
        raw = request.profile
        profile = Profile(
            teach=tuple(raw.get("teach") or ()),
            learn=tuple(raw.get("learn") or ()),
            career_stage=str(raw.get("career_stage")),
            department=str(raw.get("department")),
            cadence=Cadence(raw.get("cadence") or Cadence.BIWEEKLY.value),
            note=raw.get("note"),
            perspectives=tuple(raw.get("perspectives") or ()),
            perspectives_consent=bool(raw.get("perspectives_consent")),
        )
        save_profile(
            session=session,
            team_id=team_id,
            user_id=request.user_id,
            profile=profile,
            tz=request.tz,
            now=now,
            programme_id=request.programme_id,
            approved=True,
        )
    enqueue(
        session=session,
        team_id=team_id,
        key=kinds.join_decided(request.id, request.programme_id, approve),
        kind=Kind.JOIN_DECIDED,
        now=now,
        user_id=request.user_id,
        priority=1,
    )
    return Decided(request.user_id, programmes.name_of(session, request.programme_id) or "", approve)


def save_profile(
    *,
    session: Session,
    team_id: str,
    user_id: str,
    profile: Profile,
    tz: str | None,
    now: datetime,
    programme_id: int | None = None,
    approved: bool = False,
) -> tuple[Enrolment, bool]:
    """Create or update the person's profile in the programme (None: the workspace's first); returns the
    enrolment and whether they (re)joined just now. MentorError if they may not join it (unless a
    programme admin `approved` them)."""
    if programme_id is None:
        programme_id = programmes.ensure(session, team_id, now=now)
    if not approved:
        check_joinable(session, team_id=team_id, user_id=user_id, programme_id=programme_id)
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
        programme_id=programme_id,
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


@dataclass(frozen=True)
class Paused:
    until: date | None  # the day they are back (None: until they resume)
    where: tuple[str, ...] = ()  # the programmes it applies to, named when they are in more than one
    every: bool = True  # all their programmes (else the one named)


def pause_from(
    *,
    session: Session,
    team_id: str,
    user_id: str,
    asked: str | date | None,
    now: datetime,
    programme_id: int | None = None,
) -> Paused:
    """Pause someone in every programme they are in (their time is theirs, not a programme's) or in the one
    given, from the words they typed (`2 weeks`, `until 2027-03-01`) or the date they picked (None: until
    they resume), checked against their own today. A pause that makes no sense is refused in words that say
    how to write it (MentorError)."""
    members = _enrolled_everywhere(session, team_id=team_id, user_id=user_id, programme_id=programme_id)
    today = local_date(now, members[0].tz)
    try:
        until = parse_pause(asked, today=today) if isinstance(asked, str) else asked
        if until is not None:
            check_pause_end(until, today=today)
    except PauseError as exc:
        raise MentorError(str(exc)) from None
    for member in members:
        _pause(member, until=until, now=now)
    return Paused(until, _named(session, members, programme_id), every=programme_id is None)


def resume(
    *, session: Session, team_id: str, user_id: str, now: datetime, programme_id: int | None = None
) -> Paused | None:
    """Make the person active again, in every programme they are in (or the one given); None when they were
    not paused (an ended pause counts as not paused), else where they are back."""
    members = _enrolled_everywhere(session, team_id=team_id, user_id=user_id, programme_id=programme_id)
    was_paused = any(to_enrolment(m, user_id=user_id, now=now).state is State.PAUSED for m in members)
    for member in members:
        member.status, member.paused_at, member.paused_until, member.updated_at = (
            MemberStatus.ACTIVE,
            None,
            None,
            now,
        )
    session.flush()
    for member in members:
        look_again(session, member_id=member.id)
    every = programme_id is None
    return Paused(None, _named(session, members, programme_id), every=every) if was_paused else None


def _named(session: Session, members: list[Member], programme_id: int | None = None) -> tuple[str, ...]:
    """The programmes these memberships are in, by name, when there is more than one (or one was chosen,
    in a workspace with several)."""
    if not members or (
        len(members) < 2 and (programme_id is None or programmes.count(session, members[0].team_id) < 2)
    ):
        return ()
    rows = {row.id: row.name for row, _ in programmes.in_workspace(session, members[0].team_id)}
    return tuple(rows[m.programme_id] for m in members)


@dataclass(frozen=True)
class Left:
    outcome: LeaveOutcome
    where: tuple[str, ...] = ()  # the programmes it applies to, named when they were in more than one
    every: bool = True  # all their programmes (else the one named)


def leave(
    *,
    session: Session,
    team_id: str,
    user_id: str,
    erase: bool,
    now: datetime,
    programme_id: int | None = None,
) -> Left:
    """Leave every programme, or the one given (erasing everything about the person there, if asked; in
    every programme, what is kept about them outside one goes too)."""
    everywhere = repo.memberships(session, team_id=team_id, user_id=user_id)  # locked
    members = [m for m in everywhere if programme_id is None or m.programme_id == programme_id]
    withdrawn = programmes.forget_requests(
        session, team_id=team_id, user_id=user_id, programme_id=programme_id
    )  # leaving withdraws
    every = programme_id is None
    if not members:
        return Left(LeaveOutcome.LEFT if withdrawn else LeaveOutcome.NOT_ENROLLED)
    if erase:
        where = _named(session, members, programme_id)
        for membership in members:
            end_active_pair(session=session, member=membership, reason=EndReason.MEMBER_LEFT, now=now)
            pair_ids, people = pairs_and_people_of(session, membership)
            with recounted(session=session, team_id=team_id, pair_ids=pair_ids, member_ids=people):
                delete_pairs_of(session, pair_ids)
                repo.erase_member(session, membership, now=now)
        if len(members) == len(everywhere):  # nothing of theirs is left in any programme
            modals.forget_person(session, team_id=team_id, user_id=user_id)
        return Left(LeaveOutcome.ERASED, where, every)
    for membership in members:
        end_active_pair(session=session, member=membership, reason=EndReason.MEMBER_LEFT, now=now)
    staying = [m for m in members if m.status is not MemberStatus.LEFT]
    if not staying:
        return Left(LeaveOutcome.ALREADY_LEFT)
    for membership in staying:
        repo.mark_left(membership, now=now)
    session.flush()
    return Left(LeaveOutcome.LEFT, _named(session, staying, programme_id), every)


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
        away=is_away(member.away_since, member.away_until, now),
        away_until=member.away_until,
    )


def enrolled_in(*, session: Session, team_id: str, user_id: str) -> list[tuple[int, str]]:
    """(programme id, name) of each programme the person is enrolled in (active or paused), oldest first:
    what a pause or leave may be limited to."""
    members = [
        m
        for m in repo.memberships_of(session, team_id=team_id, user_id=user_id)
        if m.status not in (MemberStatus.LEFT, MemberStatus.INACTIVE)
    ]
    if len(members) < 2:
        return []
    names = {row.id: row.name for row, _ in programmes.in_workspace(session, team_id)}
    return sorted((m.programme_id, names[m.programme_id]) for m in members)


def _enrolled_everywhere(
    session: Session, *, team_id: str, user_id: str, programme_id: int | None = None
) -> list[Member]:
    """Every programme's membership of the person that is not left (or only the given programme's; locked);
    NotEnrolled if none."""
    members = [
        m
        for m in repo.memberships(session, team_id=team_id, user_id=user_id)
        if m.status not in (MemberStatus.LEFT, MemberStatus.INACTIVE)
        and (programme_id is None or m.programme_id == programme_id)
    ]
    if not members:
        raise NotEnrolled()
    return members


def _enrolled(session: Session, *, team_id: str, user_id: str) -> Member:
    member = repo.get_member(session, team_id=team_id, user_id=user_id, for_update=True)
    if member is None or member.status in (MemberStatus.LEFT, MemberStatus.INACTIVE):
        raise NotEnrolled()
    return member
