"""Who is away, by their Slack status: kept on each of the person's memberships in the workspace."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import update
from sqlalchemy.orm import Session

from storage.models import Member


def set_away(
    session: Session, *, team_id: str, user_id: str, since: datetime | None, until: datetime | None
) -> int:
    """Away from `since` until `until` (None: not away); how many memberships were changed (one statement,
    so a person in no programme costs nothing)."""
    stmt = (
        update(Member)
        .where(Member.team_id == team_id, Member.user_id == user_id)
        .values(away_since=since, away_until=until if since is not None else None)
        .execution_options(synchronize_session=False)
    )
    return int(session.execute(stmt).rowcount or 0)  # type: ignore[attr-defined]
