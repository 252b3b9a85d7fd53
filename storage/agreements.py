"""Queries about pairs' agreements and their members' private confidence ratings."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, delete, func, select
from sqlalchemy.orm import Session, aliased

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


@dataclass(frozen=True)
class Uplift:
    """Confidence before and after, over the people who rated a topic at both ends of a term."""

    topic: str
    direction: str
    people: int  # distinct people
    start: float  # mean rating
    end: float


def uplifts(session: Session, *, programme_id: int, since: datetime, until: datetime) -> list[Uplift]:
    """Per topic and direction: everyone who rated it when agreeing and again at a term's end within
    [since, until). The caller shows only those over the minimum group size."""
    start, end = aliased(Confidence), aliased(Confidence)
    rows = session.execute(
        select(
            end.topic,
            end.direction,
            func.count(func.distinct(end.member_id)),
            func.avg(start.rating),
            func.avg(end.rating),
        )
        .join(
            start,
            and_(
                start.pair_id == end.pair_id,
                start.member_id == end.member_id,
                start.topic == end.topic,
                start.phase == "start",
            ),
        )
        .where(
            end.programme_id == programme_id,
            end.phase == "end",
            end.rated_at >= since,
            end.rated_at < until,
        )
        .group_by(end.topic, end.direction)
        .order_by(end.topic, end.direction)
    )
    return [Uplift(t, d, int(n), float(s), float(e)) for t, d, n, s, e in rows]


def agreement_counts(
    session: Session, *, programme_id: int, since: datetime, until: datetime
) -> tuple[int, int]:
    """(pairs formed in [since, until), those of them whose agreement everyone has confirmed)."""
    total, confirmed = session.execute(
        select(func.count(), func.count(Pair.agreed_at)).where(
            Pair.programme_id == programme_id, Pair.created_at >= since, Pair.created_at < until
        )
    ).one()
    return int(total), int(confirmed)
