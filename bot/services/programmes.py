"""A workspace's programmes: listing, making and changing them (admins), and what a change of state does."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.blocks.programmes import Listed
from bot.errors import MentorError
from bot.matching.scoring import Mode
from bot.outbox import kinds
from bot.outbox.kinds import Kind
from bot.outbox.queue import cancel_programme, enqueue
from bot.programme import ProgrammeProfile
from bot.services.admins import May, NotAdmin, anyone
from bot.text import typed
from storage import programmes as repo
from storage.models import Enrolment, Programme, ProgrammeState


class NameTaken(MentorError):
    def __init__(self, name: str) -> None:
        super().__init__(
            f"There is already a programme called “{typed(name)}” here, so nothing was changed: pick another name."
        )


class NoSuchProgramme(MentorError):
    def __init__(self) -> None:
        super().__init__("That programme isn't in this workspace (any more), so nothing was changed.")


def profile_of(row: Programme) -> ProgrammeProfile:
    return ProgrammeProfile(
        name=row.name,
        purpose=row.purpose,
        mode=Mode(row.mode),
        enrolment=row.enrolment.value,
        commitment=row.commitment,
        state=row.state.value,
        # The people: user groups are set with `/mentor admin admins`, not in the modal.
        admins=tuple(a for a in row.admins or () if not repo.is_group(a)),
        topics=tuple(row.catalogue or ()),
    )


def listed(*, session: Session, team_id: str, now: datetime) -> list[Listed]:
    """Every programme of the workspace (its first made now if it has none: it always has one)."""
    repo.ensure(session, team_id, now=now)
    return [Listed(row.id, profile_of(row), n) for row, n in repo.in_workspace(session, team_id)]


def profile(*, session: Session, team_id: str, programme_id: int) -> ProgrammeProfile:
    row = repo.of_workspace(session, team_id, programme_id)
    if row is None:
        raise NoSuchProgramme()
    return profile_of(row)


def save(
    *, session: Session, team_id: str, programme_id: int | None, profile: ProgrammeProfile, now: datetime
) -> int:
    """Make a programme (programme_id None) or change one; its id. Archiving it cancels everything still
    queued for its pairs and people: an archived programme sends nothing. Names are unique in a workspace,
    whatever their case (the database has the last word when two admins race)."""
    clash = repo.named(session, team_id, profile.name)
    if clash is not None and clash.id != programme_id:
        raise NameTaken(profile.name)
    if programme_id is None:
        row = Programme(team_id=team_id, created_at=now)
        session.add(row)
    else:
        found = repo.of_workspace(session, team_id, programme_id, for_update=True)
        if found is None:
            raise NoSuchProgramme()
        row = found
    archiving = row.state is not ProgrammeState.ARCHIVED and profile.state == ProgrammeState.ARCHIVED.value
    row.name, row.purpose, row.mode, row.commitment = (
        profile.name,
        profile.purpose,
        profile.mode.value,
        profile.commitment,
    )
    row.enrolment, row.state, row.updated_at = (
        Enrolment(profile.enrolment),
        ProgrammeState(profile.state),
        now,
    )
    # The modal chooses people; user groups are set with `/mentor admin admins` and kept here.
    groups = [a for a in row.admins or () if repo.is_group(a)]
    row.admins = [*profile.admins, *groups] or None
    row.catalogue = list(profile.topics) or None
    try:
        with session.begin_nested():
            session.flush()
    except IntegrityError as exc:
        raise NameTaken(profile.name) from exc
    if archiving:
        cancel_programme(session=session, programme_id=row.id)
    return row.id


@dataclass(frozen=True)
class Invited:
    programme: str
    fresh: tuple[str, ...]  # invited now (told by DM)
    already: tuple[str, ...]  # invited before (not told again)


def invite(
    *,
    session: Session,
    team_id: str,
    name: str,
    user_ids: list[str],
    by: str,
    now: datetime,
    may: May = anyone,
) -> Invited:
    """Invite people to the named programme (any case); each newly invited person is told in a DM."""
    row = _named_or_ask(session, team_id, name, "invite <programme> @someone @someone-else")
    if not may(row.id):
        raise NotAdmin()
    if row.state is ProgrammeState.ARCHIVED:
        raise MentorError(f"{typed(row.name)} is archived: it takes nobody new.")
    fresh = repo.invite(session, row.id, user_ids, by=by, now=now)
    for user_id in fresh:
        enqueue(
            session=session,
            team_id=team_id,
            key=kinds.invited(row.id, user_id),
            kind=Kind.INVITED,
            now=now,
            user_id=user_id,
            priority=1,
        )
    return Invited(row.name, tuple(fresh), tuple(u for u in user_ids if u not in fresh))


@dataclass(frozen=True)
class About:
    """What people are told of a programme at join and in introductions."""

    name: str | None  # only where the workspace runs several
    purpose: str | None
    commitment: str | None


def about(*, session: Session, programme_id: int) -> About:
    row = session.get(Programme, programme_id)
    if row is None:
        return About(None, None, None)
    several = repo.count(session, row.team_id) > 1
    return About(row.name if several else None, row.purpose, row.commitment)


@dataclass(frozen=True)
class Admins:
    programme: str
    people: tuple[str, ...]
    groups: tuple[str, ...]  # user groups: every member is an admin of the programme


def set_admins(
    *, session: Session, team_id: str, name: str, entries: list[str] | None, now: datetime
) -> Admins:
    """A programme's own admins: shown (entries None), or set to exactly these people and user groups."""
    row = _named_or_ask(session, team_id, name, "admins <programme> @someone @a-user-group` or `… none")
    if entries is not None:
        row.admins, row.updated_at = list(dict.fromkeys(entries)) or None, now
    entries = row.admins or []
    return Admins(
        row.name,
        tuple(a for a in entries if not repo.is_group(a)),
        tuple(a for a in entries if repo.is_group(a)),
    )


def _named_or_ask(session: Session, team_id: str, name: str, usage: str) -> Programme:
    """The workspace's programme of that name (any case); MentorError saying how to name one, and which
    there are, when none is named or the name is unknown."""
    row = repo.named(session, team_id, " ".join(name.split())) if name.strip() else None
    if row is None:
        names = ", ".join(typed(p.name) for p, _ in repo.in_workspace(session, team_id)) or "none yet"
        raise MentorError(f"Say which programme, then who: `/mentor admin {usage}`. The programmes: {names}.")
    return row
