"""Rows for tests that build the database directly."""

from datetime import UTC, datetime

from sqlalchemy.orm import Session

from storage import programmes


def programme_of(session: Session, team_id: str) -> int:
    """The id of the workspace's first programme, made if missing (as the bot makes it on first use)."""
    return programmes.ensure(session, team_id, now=datetime(2027, 1, 4, tzinfo=UTC))
