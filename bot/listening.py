"""The listening loop, in integrated mentoring's sense: pairs learn things about the organisation, and the
organisation should hear them. About every six weeks each member is asked, privately and after a meeting,
one of the catalogue's questions ("What is being misunderstood about who we are and what we do?"), tags
their answer with topics of the programme's catalogue and may add text, quoted only if they tick
"may be quoted anonymously". Everyone asked in the same six-week period gets the same question, so a
period's answers can be read together. Pure rules; storage keeps the answers with no one's name.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from bot.agreement import Way
from bot.catalogue import Option

EVERY = timedelta(weeks=6)
MAX_TEXT = 1000  # an answer's text
MAX_THEMES = 5  # topics one answer may be tagged with


def period_of(day: date) -> int:
    """The six-week period a day falls in (the same for everyone, whatever the programme)."""
    return day.toordinal() // EVERY.days


def period_start(period: int) -> date:
    return date.fromordinal(period * EVERY.days)


def due(last_asked: date | None, today: date) -> bool:
    """Whether a member who just met should be asked now: never asked, or last asked six weeks ago."""
    return last_asked is None or today - last_asked >= EVERY


def question_for(period: int, questions: Sequence[Option]) -> Option | None:
    """This period's question: the catalogue's questions in turn."""
    return questions[period % len(questions)] if questions else None


def side(own_rank: int | None, partner_ranks: Sequence[int | None]) -> str:
    """Which way the writer speaks in their pairing, by career stage (bot.agreement.Way): UP from the
    earlier-career side of a pairing, DOWN from the more senior side, PEER otherwise."""
    known = [r for r in partner_ranks if r is not None]
    if own_rank is None or not known:
        return Way.PEER
    if all(own_rank < r for r in known):
        return Way.UP
    if all(own_rank > r for r in known):
        return Way.DOWN
    return Way.PEER
