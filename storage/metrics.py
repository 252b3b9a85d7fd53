"""What /metrics reads from the database at each scrape: two small queries."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from storage.models import Outbox, OutboxStatus, Round


def outbox_due(session: Session, *, now: datetime) -> tuple[int, datetime | None]:
    """How many messages are due to be sent now, and since when the oldest of them has been due."""
    count, oldest = session.execute(
        select(func.count(), func.min(Outbox.not_before)).where(
            Outbox.status == OutboxStatus.PENDING, Outbox.not_before <= now
        )
    ).one()
    return int(count), oldest


def last_rounds(session: Session) -> list[Round]:
    """Each programme's latest round."""
    latest = select(func.max(Round.id)).group_by(Round.programme_id)
    return list(session.scalars(select(Round).where(Round.id.in_(latest)).order_by(Round.programme_id)))
