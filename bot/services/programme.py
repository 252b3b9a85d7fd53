"""A programme's settings as the rest of the bot uses them (no programme yet means the defaults)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from bot.errors import MentorError
from bot.matching.scoring import Mode
from bot.profile import Cadence
from bot.programme import ProgrammeSettings, weights_from
from bot.schedule import Window
from bot.services.admins import May, NotAdmin, anyone
from bot.text import from_slack, typed
from storage import programmes
from storage.models import Programme, ProgrammeState


def programme_settings(*, session: Session, programme_id: int | None) -> ProgrammeSettings:
    row = session.get(Programme, programme_id) if programme_id is not None else None
    if row is None:
        return ProgrammeSettings()
    return ProgrammeSettings(
        mode=Mode(row.mode),
        allow_trios=row.allow_trios,
        term_weeks=row.term_weeks,
        cooldown_days=row.cooldown_days,
        round_weekday=row.round_weekday,
        round_hour=row.round_hour,
        round_timezone=row.round_timezone,
        weights=weights_from(row.weights),
        window=Window(hour=row.checkin_hour, start=row.workday_start, end=row.workday_end),
        min_group_size=row.min_group_size,
        default_cadence=Cadence(row.default_cadence),
    )


def programme_topics(*, session: Session, programme_id: int | None) -> tuple[str, ...] | None:
    """The catalogue's topics a programme offers; None: every one (the shipped catalogue, the default)."""
    row = session.get(Programme, programme_id) if programme_id is not None else None
    return tuple(row.catalogue) if row is not None and row.catalogue else None


def workspace_programme(*, session: Session, team_id: str, now: datetime | None = None) -> int | None:
    """The id of the workspace's first programme, which the admin's commands act on while a workspace runs
    one; made with the defaults if it has none and `now` is given (None otherwise)."""
    if now is not None:
        return programmes.ensure(session, team_id, now=now)
    first = programmes.first(session, team_id)
    return first.id if first else None


def workspace_settings(*, session: Session, team_id: str) -> ProgrammeSettings:
    """The settings of the workspace's first programme: what the admin's settings, the Home tab and the join
    modal show while a workspace runs one programme."""
    return programme_settings(
        session=session, programme_id=workspace_programme(session=session, team_id=team_id)
    )


def programmes_to_match(
    *, session: Session, team_id: str, name: str, now: datetime | None, may: May = anyone
) -> list[tuple[int | None, str]]:
    """Which programmes an admin's round (or preview) is for: the one named (any case), else every running
    one, each with its name when the workspace has several ("" when it has one). A workspace with none yet:
    its first, made now (`now` given) or none (None: nobody to match). MentorError for a name it lacks."""
    rows = [row for row, _ in programmes.in_workspace(session, team_id)]
    if not rows:
        return [(workspace_programme(session=session, team_id=team_id, now=now), "")]
    several = len(rows) > 1
    found = _named(rows, name, may)
    if found is not None:
        return [(found.id, found.name if several else "")]
    running = [r for r in rows if r.state is ProgrammeState.ACTIVE and may(r.id)]
    return [(r.id, r.name if several else "") for r in running]


def programmes_to_report(
    *, session: Session, team_id: str, name: str, may: May = anyone
) -> tuple[list[Programme], bool]:
    """Which programmes an admin's report is about: the one named (any case), else every one they may run,
    archived ones included (an archived programme keeps its report); and whether the workspace has
    several. MentorError for a name it lacks."""
    rows = [row for row, _ in programmes.in_workspace(session, team_id)]
    found = _named(rows, name, may)
    return ([found] if found is not None else [r for r in rows if may(r.id)]), len(rows) > 1


def _named(rows: list[Programme], name: str, may: May) -> Programme | None:
    """The programme of that name (any case, any spacing), None when no name is given; MentorError for a
    name the workspace lacks, NotAdmin for one the admin may not run."""
    wanted = " ".join(name.lower().split())
    if not wanted:
        return None
    found = next((r for r in rows if r.name.lower() == wanted), None)
    if found is None:
        names = ", ".join(typed(r.name) for r in rows)
        listed = f" The programmes: {names}." if names else ""
        raise MentorError(f"There's no programme called “{typed(name)}” here.{listed}")
    if not may(found.id):
        raise NotAdmin()
    return found


def split_programme(*, session: Session, team_id: str, text: str) -> tuple[Programme | None, str]:
    """`<programme>: the rest` → (that programme, the rest), when the words before the first colon name
    one of the workspace's programmes (any case); `<programme>` alone → (it, ""); else (None, the text)."""
    head, colon, rest = text.partition(":")
    name = " ".join(from_slack(head).split())
    found = programmes.named(session, team_id, name) if colon and name else None
    if found is not None:
        return found, rest.strip()
    whole = " ".join(from_slack(text).split())
    alone = programmes.named(session, team_id, whole) if whole else None
    return (alone, "") if alone is not None else (None, text)


def programme_named(*, session: Session, team_id: str, name: str) -> Programme | None:
    """The programme of that name (any case), None when no name is given; MentorError for a name the
    workspace lacks."""
    return _named([row for row, _ in programmes.in_workspace(session, team_id)], from_slack(name), anyone)
