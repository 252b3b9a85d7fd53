"""The programme report (participation for now; pairs, meetings and feedback arrive with later issues)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.profile import State, effective_state
from bot.timezones import local_date
from storage.models import Erasure, Member


@dataclass(frozen=True)
class Participation:
    active: int
    paused: int
    left: int
    erased: int

    @property
    def enrolled(self) -> int:
        return self.active + self.paused

    def as_text(self) -> str:
        return (
            f"Participants: {self.enrolled} enrolled ({self.active} active, {self.paused} paused); "
            f"{self.left} left, {self.erased} of whom erased their data."
        )


def participation(*, session: Session, now: datetime, team_id: str | None = None) -> Participation:
    stmt = select(Member.status, Member.paused_until, Member.tz)
    erased = select(func.count()).select_from(Erasure)
    if team_id:
        stmt, erased = stmt.where(Member.team_id == team_id), erased.where(Erasure.team_id == team_id)
    counts = Counter(
        effective_state(State(status.value), until, local_date(now, tz))
        for status, until, tz in session.execute(stmt)
    )
    n_erased = session.scalar(erased) or 0
    return Participation(
        active=counts[State.ACTIVE],
        paused=counts[State.PAUSED],
        left=counts[State.LEFT] + n_erased,
        erased=n_erased,
    )
