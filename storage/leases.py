"""Leases: work only one process at a time may do, decided in the database (flush, never commit)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import or_, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from storage.models import Lease


def take(session: Session, *, name: str, holder: str, now: datetime, seconds: float) -> bool:
    """Take (or renew) the lease until now + seconds; False if someone else holds it. Two processes racing
    for it: the database lets one update (or insert) the row; the other finds it held."""
    until = now + timedelta(seconds=seconds)
    renewed = session.execute(
        update(Lease)
        .where(Lease.name == name, or_(Lease.holder == holder, Lease.until < now))
        .values(holder=holder, until=until)
        .execution_options(synchronize_session=False)
    )
    if renewed.rowcount:  # type: ignore[attr-defined]  # an UPDATE's CursorResult has a row count
        return True
    try:
        with session.begin_nested():
            session.add(Lease(name=name, holder=holder, until=until))
    except IntegrityError:
        return False  # it exists, held by someone else
    return True


def give_up(session: Session, *, name: str, holder: str, now: datetime) -> None:
    """Let the lease go at once (if held), so another process need not wait for it to run out."""
    session.execute(
        update(Lease)
        .where(Lease.name == name, Lease.holder == holder)
        .values(until=now)
        .execution_options(synchronize_session=False)
    )
