"""The skills market's admin action: ask the people who teach a scarce topic's neighbours whether they could
teach it too ("14 colleagues want to learn *AI tools*"), and record their one-tap answer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from bot.blocks import refusals
from bot.catalogue import Catalogue
from bot.errors import MentorError
from bot.outbox import kinds, queue
from bot.outbox.kinds import Kind
from bot.profile import MAX_TOPICS
from bot.schedule import next_slot
from bot.services.admins import May, NotAdmin
from bot.services.programme import programme_settings, programme_topics, workspace_programme
from bot.skills import neighbours
from storage import teach_asks as repo
from storage.members import set_topics
from storage.models import Direction, Member, MemberStatus, TeachAsk


@dataclass(frozen=True)
class Asked:
    topic: str  # its label
    wanting: int  # people who want to learn it
    asked: int  # asked now
    asked_before: int  # who could teach it but were asked about it before (never twice)


def ask_to_teach(
    *,
    session: Session,
    team_id: str,
    programme_id: int | None,
    topic: str,
    catalogue: Catalogue,
    now: datetime,
    may: May,
) -> Asked:
    """Queue a private ask to each active member who teaches a neighbour of the topic and neither teaches
    nor wants it, at most once per member and topic ever; the counts to tell the admin. `programme_id`
    None: the workspace's first; `may`: the programmes this admin runs."""
    programme_id = (
        programme_id if programme_id is not None else workspace_programme(session=session, team_id=team_id)
    )
    if programme_id is None or not topic.strip():
        raise MentorError(refusals.NO_SUCH_TOPIC)
    if not may(programme_id):
        raise NotAdmin()
    offered = catalogue.only(programme_topics(session=session, programme_id=programme_id))
    by_label = {t.label.lower(): t.id for t in offered.topics.values()}
    topic = topic if topic in offered.topics else by_label.get(topic.strip().lower(), "")
    if not topic:
        raise MentorError(refusals.NO_SUCH_TOPIC)
    window = programme_settings(session=session, programme_id=programme_id).window
    candidates = repo.who_could_teach(
        session, programme_id=programme_id, topic=topic, near=neighbours(offered, topic)
    )
    asked = 0
    for member in candidates:
        ask = repo.add_ask(session, team_id=team_id, member_id=member.id, topic=topic, now=now)
        if ask is None:
            continue
        session.flush()
        queue.enqueue(
            session=session,
            team_id=team_id,
            key=kinds.ask_teach(ask.id),
            kind=Kind.ASK_TEACH,
            now=now,
            member_id=member.id,
            not_before=next_slot(now, [member.tz], window),
        )
        asked += 1
    return Asked(
        offered.topic_label(topic),
        repo.wanting(session, programme_id=programme_id, topic=topic),
        asked,
        len(candidates) - asked,
    )


@dataclass(frozen=True)
class Answered:
    ask_id: int
    topic: str  # its id
    answer: str | None  # yes | no (None: they are no longer active, nothing was recorded)
    wanting: int  # people who want to learn it now
    full: bool  # they said yes but already teach as many topics as a profile holds


def answer_ask(
    *, session: Session, team_id: str, ask_id: int, user_id: str, yes: bool, now: datetime
) -> Answered:
    """Their one-tap answer, once (a second click keeps the first): yes adds the topic to what they teach,
    if their profile has room."""
    ask = session.get(TeachAsk, ask_id, with_for_update=True)
    member = session.get(Member, ask.member_id) if ask else None
    if ask is None or member is None or member.user_id != user_id or ask.team_id != team_id:
        raise MentorError(refusals.NOT_YOUR_QUESTION)
    teach = [t.topic for t in member.topics if t.direction is Direction.TEACH]
    full = False
    if ask.answer is None and member.status is MemberStatus.ACTIVE:
        ask.answer = "yes" if yes else "no"
        full = yes and ask.topic not in teach and len(teach) >= MAX_TOPICS
        if yes and ask.topic not in teach and not full:
            learn = [t.topic for t in member.topics if t.direction is Direction.LEARN]
            set_topics(member, teach=[*teach, ask.topic], learn=learn)
            member.updated_at = now
        session.flush()
    wanting = repo.wanting(session, programme_id=member.programme_id, topic=ask.topic)
    return Answered(ask.id, ask.topic, ask.answer, wanting, full)
