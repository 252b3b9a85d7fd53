"""Admin controls: pair two people by hand, unpair someone, remove someone from the programme."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from bot.blocks import refusals
from bot.errors import MentorError
from bot.keeping import available
from bot.matching.scoring import Rules
from bot.outbox import kinds
from bot.outbox.kinds import Kind
from bot.outbox.queue import enqueue
from bot.programme import ProgrammeSettings
from bot.services.admins import May, NotAdmin, anyone
from bot.services.pairs import end_active_pair
from bot.services.programme import programme_settings
from bot.services.programmes import NoSuchProgramme
from bot.services.rounds import Group, candidate_of, form_pair, group_reasons, repeated, rules_for
from storage import matching as repo
from storage import programmes
from storage.members import get_member, mark_left, memberships_of, of_programme
from storage.models import EndReason, Member, MemberStatus, Pair


def _enrolled(session: Session, team_id: str, user_id: str, name: str, may: May) -> list[Member]:
    """The person's memberships an admin's action is for: in the programme named (any case), else in every
    programme they are in (left or unreachable ones aside) — of those this admin may run; MentorError if
    none."""
    members = [
        m
        for m in memberships_of(session, team_id=team_id, user_id=user_id)
        if m.status not in (MemberStatus.LEFT, MemberStatus.INACTIVE) and may(m.programme_id)
    ]
    if name.strip():
        wanted = programmes.named(session, team_id, " ".join(name.split()))
        members = [m for m in members if wanted is not None and m.programme_id == wanted.id]
    if not members:
        raise MentorError(refusals.not_in_programme(user_id))
    return members


def _locked(session: Session, team_id: str, user_id: str, programme_id: int) -> Member:
    member = get_member(session, team_id=team_id, user_id=user_id, programme_id=programme_id, for_update=True)
    if member is None or member.status in (MemberStatus.LEFT, MemberStatus.INACTIVE):
        raise MentorError(refusals.not_in_programme(user_id))  # left meanwhile
    return member


def pair_by_hand(
    *,
    session: Session,
    team_id: str,
    user_ids: list[str],
    now: datetime,
    ranks: dict[str, int],
    name: str = "",
    may: May = anyone,
) -> Pair:
    """Pair two people by hand, in the programme they share (or the one named, when they share several)."""
    if len(user_ids) != 2:
        raise MentorError(refusals.PAIR_TWO)
    if user_ids[0] == user_ids[1]:
        raise MentorError(refusals.PAIR_SAME)
    first, second = (_enrolled(session, team_id, u, name, may) for u in user_ids)
    shared = sorted({m.programme_id for m in first} & {m.programme_id for m in second})
    if not shared:
        raise MentorError(refusals.NOT_IN_THE_SAME_PROGRAMME)
    if len(shared) > 1:
        names = [programmes.name_of(session, p) or "" for p in shared]
        raise MentorError(refusals.which_programme(names))
    programme_id = shared[0]
    programmes.lock_id(session, programme_id)  # one pairing at a time, no round meanwhile: the programme
    members = [  # first, then its people, in the order a round takes them (never the other way round)
        _locked(session, team_id, user_id, programme_id) for user_id in user_ids
    ]
    for m in members:
        if not available(m, now):
            raise MentorError(refusals.paused_now(m.user_id))
        if repo.active_pair_of(session, m.id) is not None:
            raise MentorError(refusals.already_paired(m.user_id))
    settings = programme_settings(session=session, programme_id=programme_id)
    rules: Rules = rules_for(session=session, members=members, settings=settings, now=now, ranks=ranks)
    if frozenset(m.id for m in members) in rules.forbidden:
        raise MentorError(refusals.PAIR_FORBIDDEN)
    reasons, score = group_reasons([candidate_of(m, now, ranks) for m in members], rules)
    group = Group(tuple(members), score, reasons, repeated(members, rules))
    return form_pair(session=session, team_id=team_id, group=group, now=now, settings=settings)


def unpair(
    *, session: Session, team_id: str, user_id: str, now: datetime, name: str = "", may: May = anyone
) -> None:
    """End someone's pairing (in the programme named, else every one they have)."""
    ended = 0
    for found in _enrolled(session, team_id, user_id, name, may):
        member = _locked(session, team_id, user_id, found.programme_id)
        if end_active_pair(session=session, member=member, reason=EndReason.ADMIN, now=now) is None:
            continue
        ended += 1
        member.waiting_since = now
        enqueue(
            session=session,
            team_id=team_id,
            key=kinds.unpaired(now, member.id),
            kind=Kind.PARTNER_GONE,
            reason=EndReason.ADMIN,
            now=now,
            member_id=member.id,
        )
    if not ended:
        raise MentorError(refusals.not_paired(user_id))


def remove(
    *, session: Session, team_id: str, user_id: str, now: datetime, name: str = "", may: May = anyone
) -> None:
    """Take someone out of the programme named (else every one they are in): their partner is told the
    programme team made a change (not that they left), and they are told themselves."""
    for found in _enrolled(session, team_id, user_id, name, may):
        member = _locked(session, team_id, user_id, found.programme_id)
        end_active_pair(session=session, member=member, reason=EndReason.ADMIN, now=now)
        mark_left(member, now=now)
        enqueue(
            session=session,
            team_id=team_id,
            key=kinds.removed(now, member.id),
            kind=Kind.REMOVED,
            now=now,
            member_id=member.id,
        )


def save_settings(
    *,
    session: Session,
    team_id: str,
    settings: ProgrammeSettings,
    now: datetime,
    programme_id: int | None = None,
) -> None:
    """Store the programme's settings (None: the workspace's first; the scoring weights, set elsewhere, are
    kept). MentorError if the programme is not this workspace's."""
    if programme_id is None:
        programme_id = programmes.lock(session, team_id, now=now)
    row = programmes.of_workspace(session, team_id, programme_id, for_update=True)
    if row is None:
        raise NoSuchProgramme()
    row.mode, row.allow_trios, row.term_weeks = settings.mode.value, settings.allow_trios, settings.term_weeks
    row.cooldown_days, row.round_weekday, row.round_hour = (
        settings.cooldown_days,
        settings.round_weekday,
        settings.round_hour,
    )
    row.round_timezone, row.min_group_size = settings.round_timezone, settings.min_group_size
    row.default_cadence = settings.default_cadence.value
    row.checkin_hour, row.workday_start, row.workday_end = (
        settings.window.hour,
        settings.window.start,
        settings.window.end,
    )
    row.updated_at = now


@dataclass(frozen=True)
class Leaders:
    programme: str
    user_ids: tuple[str, ...]  # the list as it now stands
    not_members: tuple[str, ...] = ()  # mentioned but not in the programme (left off the list)


def set_leaders(
    *, session: Session, team_id: str, name: str, user_ids: list[str] | None, now: datetime, may: May = anyone
) -> Leaders:
    """A reverse programme's leaders list: shown (user_ids None), or set to exactly these people."""
    row = programmes.named(session, team_id, " ".join(name.split())) if name.strip() else None
    if row is None:
        raise MentorError(refusals.LEADERS_HOW)
    if not may(row.id):
        raise NotAdmin()
    if row.mode != "reverse":
        raise MentorError(refusals.leaders_reverse_only(row.name))
    members = of_programme(session, row.id)
    if user_ids is not None:
        wanted = set(user_ids)
        for m in members:
            m.leader, m.updated_at = m.user_id in wanted, now
        missing = tuple(u for u in user_ids if u not in {m.user_id for m in members})
    else:
        missing = ()
    return Leaders(row.name, tuple(sorted(m.user_id for m in members if m.leader)), missing)
