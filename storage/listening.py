"""The listening loop's answers, kept without anyone's name, and who has answered which ask."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from storage.models import ListeningAnswer, ListeningTurn, Member, PairMember


def take_turn(session: Session, *, member_id: int, asked_on: date) -> bool:
    """Mark this ask answered; False if it was already (a double submit, decided by the primary key)."""
    try:
        with session.begin_nested():
            session.add(ListeningTurn(member_id=member_id, asked_on=asked_on))
    except IntegrityError:
        return False
    return True


def partners_when_asked(session: Session, *, member: Member, pair_id: int | None) -> list[str]:
    """The career stages of the others in the pairing the member was asked after a meeting of."""
    if pair_id is None:
        return []
    stmt = (
        select(Member.career_stage)
        .join(PairMember, PairMember.member_id == Member.id)
        .where(PairMember.pair_id == pair_id, Member.id != member.id)
    )
    return list(session.scalars(stmt))


def add_answer(
    session: Session,
    *,
    team_id: str,
    programme_id: int,
    period: int,
    question: str,
    themes: list[str],
    stage: str | None,
    side: str,
    text: str | None,
    quotable: bool,
) -> None:
    session.add(
        ListeningAnswer(
            team_id=team_id,
            programme_id=programme_id,
            period=period,
            question=question,
            themes=themes,
            stage=stage,
            side=side,
            text=text,
            quotable=quotable,
        )
    )
    session.flush()


Heard = tuple[
    int, str, list[str], str | None, str, str | None
]  # period, question, themes, stage, side, quote


def heard_since(
    session: Session, *, team_id: str | None, programme_id: int | None, period: int
) -> list[Heard]:
    """The answers given to asks of this period and later, newest period first (one statement); their
    text only where the writer agreed to be quoted."""
    stmt = select(
        ListeningAnswer.period,
        ListeningAnswer.question,
        ListeningAnswer.themes,
        ListeningAnswer.stage,
        ListeningAnswer.side,
        ListeningAnswer.text,
        ListeningAnswer.quotable,
    ).where(ListeningAnswer.period >= period)
    if programme_id is not None:
        stmt = stmt.where(ListeningAnswer.programme_id == programme_id)
    if team_id:
        stmt = stmt.where(ListeningAnswer.team_id == team_id)
    rows = session.execute(stmt.order_by(ListeningAnswer.period.desc(), ListeningAnswer.id.desc()))
    return [
        (p, q, list(t or []), st, sd, text if quotable else None) for p, q, t, st, sd, text, quotable in rows
    ]
