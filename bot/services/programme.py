"""A programme's settings as the rest of the bot uses them (no programme yet means the defaults)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from bot.matching.scoring import Mode
from bot.profile import Cadence
from bot.programme import ProgrammeSettings, weights_from
from bot.schedule import Window
from storage import programmes
from storage.models import Programme


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
