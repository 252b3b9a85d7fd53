"""Queries about pairs' agreements and their members' private confidence ratings."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from storage.models import Agreement, Confidence, GoalProgress, Pair


def agreement_of(session: Session, pair_id: int) -> Agreement | None:
    return session.get(Agreement, pair_id)


def ratings_of(session: Session, *, pair_id: int, member_id: int, phase: str) -> dict[str, int]:
    rows = session.execute(
        select(Confidence.topic, Confidence.rating).where(
            Confidence.pair_id == pair_id, Confidence.member_id == member_id, Confidence.phase == phase
        )
    )
    return {topic: rating for topic, rating in rows}


def progress_of(session: Session, checkin_id: int) -> dict[str, str]:
    """Each goal's noted progress at this check-in, by Goal.key."""
    rows = session.execute(
        select(GoalProgress.goal, GoalProgress.level).where(GoalProgress.checkin_id == checkin_id)
    )
    return {goal: level for goal, level in rows}


def note_progress(
    session: Session, *, pair: Pair, checkin_id: int, goal: str, direction: str, level: str, now: datetime
) -> None:
    """Set (or change) one goal's progress at a check-in; the caller holds the check-in's lock."""
    row = session.scalars(
        select(GoalProgress).where(GoalProgress.checkin_id == checkin_id, GoalProgress.goal == goal)
    ).first()
    if row is None:
        row = GoalProgress(
            team_id=pair.team_id,
            programme_id=pair.programme_id,
            pair_id=pair.id,
            checkin_id=checkin_id,
            goal=goal,
        )
        session.add(row)
    row.direction, row.level, row.noted_at = direction, level, now
    session.flush()


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
