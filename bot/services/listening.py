"""The listening loop (bot.listening): asking a member after a meeting, about every six weeks, and keeping
their answer with no one's name on it."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.orm import Session

from bot import listening
from bot.blocks import refusals
from bot.catalogue import Catalogue, Option
from bot.errors import MentorError
from bot.outbox import kinds, queue
from bot.outbox.kinds import Kind
from bot.schedule import Window, next_slot
from bot.services.programme import programme_topics
from bot.timezones import local_date
from storage import listening as repo
from storage.models import Member, Outbox, Pair


def ask_after_meeting(
    *, session: Session, team_id: str, pair: Pair, member: Member, now: datetime, window: Window
) -> None:
    """After a logged meeting: ask this member the period's question if it's their time (the caller holds
    the check-in's lock, so a meeting logs once and asks once)."""
    today = local_date(now, member.tz)
    if not listening.due(member.listened_on, today):
        return
    member.listened_on = today
    queue.enqueue(
        session=session,
        team_id=team_id,
        key=kinds.listen(member.id, today),
        kind=Kind.LISTEN,
        now=now,
        pair_id=pair.id,
        member_id=member.id,
        not_before=next_slot(now, [member.tz], window),
    )


@dataclass(frozen=True)
class Asked:
    row: Outbox  # the message that asked (where to say "answered")
    member: Member
    asked_on: date
    question: Option
    catalogue: Catalogue  # the programme's topics, to tag the answer with


def asked(*, session: Session, team_id: str, key: str, user_id: str, catalogue: Catalogue) -> Asked:
    """The question this person was asked under this key; refused if the key isn't theirs."""
    row = queue.find(session=session, team_id=team_id, key=key)
    member = session.get(Member, row.member_id) if row and row.member_id else None
    asked_on = kinds.listen_asked_on(key)
    question = (
        listening.question_for(listening.period_of(asked_on), catalogue.listening) if asked_on else None
    )
    if row is None or member is None or member.user_id != user_id or asked_on is None or question is None:
        raise MentorError(refusals.NOT_YOUR_QUESTION)
    topics = programme_topics(session=session, programme_id=member.programme_id)
    return Asked(row, member, asked_on, question, catalogue.only(topics))


def answer(
    *,
    session: Session,
    team_id: str,
    key: str,
    user_id: str,
    themes: Collection[str],
    text: str | None,
    quotable: bool,
    catalogue: Catalogue,
) -> Asked | None:
    """Keep one answer, once, without the writer's name (None: they had answered already). Only topics of
    the programme's catalogue are kept; consent to quote means nothing without text."""
    ask = asked(session=session, team_id=team_id, key=key, user_id=user_id, catalogue=catalogue)
    offered = [t for t in themes if t in ask.catalogue.topics][: listening.MAX_THEMES]
    if not offered:
        raise MentorError(refusals.CHOOSE_A_THEME)
    if not repo.take_turn(session, member_id=ask.member.id, asked_on=ask.asked_on):
        return None
    member = ask.member
    ranks = ask.catalogue.stage_ranks
    partners = repo.partners_when_asked(session, member=member, pair_id=ask.row.pair_id)
    repo.add_answer(
        session,
        team_id=team_id,
        programme_id=member.programme_id,
        period=listening.period_of(ask.asked_on),
        question=ask.question.id,
        themes=offered,
        stage=member.career_stage,
        side=listening.side(ranks.get(member.career_stage), [ranks.get(s) for s in partners]),
        text=text or None,
        quotable=quotable and bool(text),
    )
    return ask
