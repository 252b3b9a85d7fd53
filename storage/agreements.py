"""Queries about pairs' agreements and their members' private confidence ratings."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from storage.models import Agreement, Confidence, Pair


def agreement_of(session: Session, pair_id: int) -> Agreement | None:
    return session.get(Agreement, pair_id)


def ratings_of(session: Session, *, pair_id: int, member_id: int, phase: str) -> dict[str, int]:
    rows = session.execute(
        select(Confidence.topic, Confidence.rating).where(
            Confidence.pair_id == pair_id, Confidence.member_id == member_id, Confidence.phase == phase
        )
    )
    return {topic: rating for topic, rating in rows}


def replace_ratings(
    session: Session,
    *,
    pair: Pair,
    member_id: int,
    phase: str,
    ratings: Iterable[tuple[str, str, int]],
    now: datetime,
) -> None:
    """This person's ratings for this phase of this pair, as (topic, direction, rating); the caller holds the
    pair's lock, so a double submit replaces rather than collides."""
    session.execute(
        delete(Confidence).where(
            Confidence.pair_id == pair.id, Confidence.member_id == member_id, Confidence.phase == phase
        )
    )
    session.add_all(
        Confidence(
            team_id=pair.team_id,
            programme_id=pair.programme_id,
            pair_id=pair.id,
            member_id=member_id,
            topic=topic,
            phase=phase,
            direction=direction,
            rating=rating,
            rated_at=now,
        )
        for topic, direction, rating in ratings
    )
    session.flush()
