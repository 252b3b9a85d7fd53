"""A programme's settings as the rest of the bot uses them (a missing row means the defaults)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from bot.matching.scoring import Mode
from bot.profile import Cadence
from bot.programme import ProgrammeSettings, weights_from
from bot.schedule import Window
from storage import programmes


def programme_settings(*, session: Session, team_id: str) -> ProgrammeSettings:
    row = programmes.first(session, team_id)
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
