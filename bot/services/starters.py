"""Admins' own conversation starters: add, list, remove; merged with the shipped library when picking."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from bot.blocks import refusals
from bot.catalogue import Catalogue
from bot.errors import MentorError
from bot.matching.explain import Reasons
from bot.services.programme import programme_settings
from bot.starters import GROUP_THEMES, THEMES, Starter, audiences_for, leader_of, pick
from bot.text import from_slack
from storage import programmes
from storage import starters as repo
from storage.models import CustomStarter, Outbox, Pair, PairStarter

MAX_TEXT = 300


def custom_starters(*, session: Session, team_id: str, programme_id: int | None = None) -> list[Starter]:
    """The admins' own starters: all the team's, or those one programme's pairs get (its own and the
    workspace-wide ones)."""
    return [_starter(r) for r in repo.custom_starters(session, team_id, programme_id=programme_id)]


def listed_starters(
    *, session: Session, team_id: str, programme_id: int | None = None
) -> list[tuple[Starter, str]]:
    """As custom_starters, each with the name of the one programme it is for ("": every programme)."""
    rows = repo.custom_starters(session, team_id, programme_id=programme_id)
    names = {p: programmes.name_of(session, p) or "" for p in {r.programme_id for r in rows} if p is not None}
    return [(_starter(r), names.get(r.programme_id, "") if r.programme_id else "") for r in rows]


def _starter(row: CustomStarter) -> Starter:
    return Starter(f"custom-{row.id}", row.theme, row.audience, row.text)


def starter_library(
    *, session: Session, shipped: tuple[Starter, ...], team_id: str, programme_id: int
) -> dict[str, Starter]:
    """Every starter a programme's pairs can get, by id: the shipped library, the admins' own for every
    programme and those for this one."""
    own = custom_starters(session=session, team_id=team_id, programme_id=programme_id)
    return {s.id: s for s in [*shipped, *own]}


def choose_starter(
    *, session: Session, shipped: tuple[Starter, ...], catalogue: Catalogue, row: Outbox, pair: Pair
) -> None:
    """Choose, once, the starter a message carries and who opens it (so a resend or an update in place
    shows the same): never one the pair has had, for each teacher in turn, fitting what they teach and
    where they stand. Nothing is chosen when the pair has had every fitting one."""
    if row.starter_id:
        return
    library = starter_library(
        session=session, shipped=shipped, team_id=pair.team_id, programme_id=pair.programme_id
    )
    teaches = Reasons.from_json(pair.reasons).teaches
    used = repo.used_by(session, pair.id)
    leader = leader_of(teaches, len(used))
    groups = {t.id: g.label for g in catalogue.topic_groups for t in g.topics}
    led = [teaches[leader]] if leader is not None else list(teaches.values())
    themes = [
        GROUP_THEMES.get(groups.get(t, ""), "integrated") for to in led for ts in to.values() for t in ts
    ]
    rank = {pm.member_id: catalogue.stage_rank(pm.member.career_stage) for pm in pair.members}
    audiences = (
        audiences_for(rank.get(leader), [r for m, r in rank.items() if m != leader]) if leader else None
    )
    starter = pick(
        tuple(library.values()),
        themes=themes,
        mode=programme_settings(session=session, programme_id=pair.programme_id).mode,
        used=used,
        seed=row.key,
        audiences=audiences,
    )
    if starter is None:
        return
    row.starter_id = starter.id
    session.add(PairStarter(pair_id=pair.id, starter_id=starter.id, used_at=row.created_at, leader_id=leader))


AUDIENCES = ("junior", "senior", "both")


def add_starter(
    *, session: Session, team_id: str, theme: str, text: str, now: datetime, programme_id: int | None = None
) -> Starter:
    """`theme` may name who the question is for: `career/senior` (for the more senior of a pair to open).
    For one programme's pairs, or (programme_id None) every programme's."""
    theme, _, audience = theme.lower().partition("/")
    # Stored as the admin typed it (Slack escapes & < > in command text); shown through bot.text.typed.
    audience, text = audience or "both", " ".join(from_slack(text).split())
    if theme not in THEMES:
        raise MentorError(refusals.STARTER_THEME)
    if audience not in AUDIENCES:
        raise MentorError(refusals.STARTER_AUDIENCE)
    if not text:
        raise MentorError(refusals.STARTER_EMPTY)
    if len(text) > MAX_TEXT:
        raise MentorError(refusals.starter_too_long(MAX_TEXT))
    row = CustomStarter(
        team_id=team_id, programme_id=programme_id, theme=theme, audience=audience, text=text, created_at=now
    )
    session.add(row)
    session.flush()
    return _starter(row)


def remove_starter(
    *, session: Session, team_id: str, starter_id: str, programme_id: int | None = None
) -> bool:
    """Remove one of the team's own starters (given a programme: only one of that programme's own)."""
    number = starter_id.removeprefix("custom-")
    if not number.isdigit():
        raise MentorError(refusals.STARTER_NOT_YOURS)
    row = session.get(CustomStarter, int(number))
    if row is None or row.team_id != team_id:
        return False
    if programme_id is not None and row.programme_id != programme_id:
        return False
    session.delete(row)
    return True
