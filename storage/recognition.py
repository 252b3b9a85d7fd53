"""Thanks and stories: kept once, read in one statement."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from storage.models import Meeting, Member, Pair, PairMember, Story, exchanges


def add_story(session: Session, *, pair_id: int, member_id: int, text: str, now: datetime) -> bool:
    """One person's part, once (False: they had shared it already)."""
    try:
        with session.begin_nested():
            session.add(Story(pair_id=pair_id, member_id=member_id, text=text, written_at=now))
    except IntegrityError:
        return False
    return True


def stories_of(session: Session, pair_id: int) -> list[tuple[int, str]]:
    """(member id, text) of everyone who shared their part, in the order they are in the pair."""
    stmt = (
        select(Story.member_id, Story.text)
        .join(PairMember, (PairMember.pair_id == Story.pair_id) & (PairMember.member_id == Story.member_id))
        .where(Story.pair_id == pair_id)
        .order_by(PairMember.member_id)
    )
    return [(m, t) for m, t in session.execute(stmt)]


def told_stories(session: Session, pair_id: int) -> list[tuple[str, str]]:
    """(Slack id, text) of everyone in the pair, if every one of them shared their part; else empty."""
    stmt = (
        select(Member.user_id, Story.text)
        .select_from(PairMember)
        .join(Member, Member.id == PairMember.member_id)
        .outerjoin(Story, (Story.pair_id == PairMember.pair_id) & (Story.member_id == PairMember.member_id))
        .where(PairMember.pair_id == pair_id)
        .order_by(PairMember.member_id)
    )
    rows = list(session.execute(stmt))
    return [(u, t) for u, t in rows] if rows and all(t is not None for _, t in rows) else []


@dataclass(frozen=True)
class MonthFigures:
    pairs_met: int
    meetings: int
    topics: int  # distinct topics taught in the pairs that met


def month_figures(session: Session, *, programme_id: int, month: date) -> MonthFigures:
    """A programme's meetings in the month starting on `month` (the 1st): two statements."""
    end = (month.replace(day=28) + timedelta(days=4)).replace(day=1)
    met = (
        select(Meeting.pair_id, func.count())
        .join(Pair, Pair.id == Meeting.pair_id)
        .where(Pair.programme_id == programme_id, Meeting.met_on >= month, Meeting.met_on < end)
        .group_by(Meeting.pair_id)
    )
    counts: dict[int, int] = {int(p): int(n) for p, n in session.execute(met)}
    reasons = list(session.scalars(select(Pair.reasons).where(Pair.id.in_(counts)))) if counts else []
    topics = {topic for r in reasons for _, _, topic in exchanges(r)}
    return MonthFigures(len(counts), sum(counts.values()), len(topics))
