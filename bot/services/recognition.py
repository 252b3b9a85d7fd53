"""Recognition: a thank-you after a meeting (to the partner, privately), a pair's story at term end (posted in
the programme's channel only with everyone's consent and an admin's approval), and the programme's channel."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.blocks import refusals
from bot.errors import MentorError
from bot.outbox import kinds, queue
from bot.outbox.kinds import Kind
from bot.schedule import next_slot
from bot.services.admins import May, NotAdmin
from bot.services.checkins import poll_context
from bot.services.intros import pair_for_member_of
from bot.services.programme import programme_settings
from bot.services.programmes import NoSuchProgramme
from bot.timezones import zone
from storage import programmes as programmes_repo
from storage import recognition as repo
from storage.models import Member, Pair, PollKind, Programme, Thanks


@dataclass(frozen=True)
class ThanksAsked:
    pair: Pair
    member: Member
    meeting_id: int
    partners: list[Member]


def thanks_asked(*, session: Session, team_id: str, poll_key: str, user_id: str) -> ThanksAsked:
    """The meeting a poll after it was about, and who to thank; refused for any other poll or person."""
    ctx = poll_context(session=session, team_id=team_id, poll_key=poll_key, user_id=user_id)
    meeting_id = kinds.number_after(poll_key, "meeting")
    if ctx.kind is not PollKind.MEETING or ctx.pair is None or meeting_id is None:
        raise MentorError(refusals.NOT_YOUR_QUESTION)
    partners = [pm.member for pm in ctx.pair.members if pm.member_id != ctx.member.id]
    return ThanksAsked(ctx.pair, ctx.member, meeting_id, partners)


def send_thanks(
    *, session: Session, team_id: str, poll_key: str, user_id: str, text: str, now: datetime
) -> list[str]:
    """Queue the note to each partner, once per meeting and writer; the partners' Slack ids (empty: they had
    thanked them for this meeting already)."""
    asked = thanks_asked(session=session, team_id=team_id, poll_key=poll_key, user_id=user_id)
    note = Thanks(
        pair_id=asked.pair.id,
        meeting_id=asked.meeting_id,
        member_id=asked.member.id,
        text=text,
        written_at=now,
    )
    try:
        with session.begin_nested():
            session.add(note)
    except IntegrityError:
        return []
    window = programme_settings(session=session, programme_id=asked.pair.programme_id).window
    for partner in asked.partners:
        queue.enqueue(
            session=session,
            team_id=team_id,
            key=kinds.thanks(note.id, partner.id),
            kind=Kind.THANKS,
            now=now,
            pair_id=asked.pair.id,
            member_id=partner.id,
            not_before=next_slot(now, [partner.tz], window),
        )
    return [p.user_id for p in asked.partners]


def story_pair(
    *, session: Session, team_id: str, pair_id: int, user_id: str, for_update: bool = True
) -> tuple[Pair, Member]:
    """The pair (locked, unless only read) whose term has come to its end, and the person in it; refused
    otherwise."""
    pair, _ = pair_for_member_of(
        session=session, team_id=team_id, pair_id=pair_id, user_id=user_id, for_update=for_update
    )
    member = next(pm.member for pm in pair.members if pm.member.user_id == user_id)
    if pair.term_asked_on is None:
        raise MentorError(refusals.STORY_AT_TERM_END)
    return pair, member


@dataclass(frozen=True)
class Shared:
    saved: bool  # False: they had shared their part already (the first stands)
    complete: bool  # everyone in the pair has shared theirs: ready for an admin
    programme_id: int


def share_story(
    *, session: Session, team_id: str, pair_id: int, user_id: str, text: str, now: datetime
) -> Shared:
    """Keep one person's part of the story (under the pair's lock, so the last of two partners sharing at
    once sees the other's part and the story goes to the admins once)."""
    pair, member = story_pair(session=session, team_id=team_id, pair_id=pair_id, user_id=user_id)
    saved = repo.add_story(session, pair_id=pair.id, member_id=member.id, text=text, now=now)
    shared = repo.stories_of(session, pair.id)
    complete = saved and {m for m, _ in shared} >= {pm.member_id for pm in pair.members}
    return Shared(saved, complete, pair.programme_id)


def queue_review(*, session: Session, team_id: str, pair_id: int, readers: set[str], now: datetime) -> int:
    """The complete story to each admin who may approve it, once each."""
    sent = 0
    for admin in sorted(readers):
        sent += queue.enqueue(
            session=session,
            team_id=team_id,
            key=kinds.story_review(pair_id, admin),
            kind=Kind.STORY_REVIEW,
            now=now,
            pair_id=pair_id,
            user_id=admin,
            priority=1,
        )
    return sent


@dataclass(frozen=True)
class Decided:
    pair: Pair
    approved: bool
    by_now: bool  # False: another admin had decided first (their decision stands)


def decide_story(
    *, session: Session, team_id: str, pair_id: int, approve: bool, now: datetime, may: May
) -> Decided:
    """Approve (post in the programme's channel) or decline a pair's story, once: the first decision
    stands (decided under the pair's lock). `may`: the programmes this admin runs."""
    pair = session.get(Pair, pair_id, with_for_update=True)
    if pair is None or pair.team_id != team_id:
        raise MentorError(refusals.NOT_YOUR_QUESTION)
    if not may(pair.programme_id):
        raise NotAdmin()
    if pair.story_decided_at is not None:
        return Decided(pair, bool(pair.story_approved), False)
    if approve and channel_of(session, pair.programme_id) is None:
        raise MentorError(refusals.CHOOSE_A_CHANNEL)
    pair.story_decided_at, pair.story_approved = now, approve
    if approve:
        queue.enqueue(
            session=session,
            team_id=team_id,
            key=kinds.story(pair.id),
            kind=Kind.STORY,
            now=now,
            pair_id=pair.id,
        )
    return Decided(pair, approve, True)


def channel_of(session: Session, programme_id: int) -> str | None:
    row = session.get(Programme, programme_id)
    return row.channel_id if row else None


@dataclass(frozen=True)
class Channel:
    programme: str
    channel_id: str | None
    changed: bool


def set_channel(
    *, session: Session, team_id: str, name: str, channel_id: str | None, clear: bool, may: May
) -> Channel:
    """Show (neither given), set or clear the channel where a programme's stories and fortnightly prompts
    are posted (the programme named, else the workspace's first)."""
    programme = (
        programmes_repo.named(session, team_id, name) if name else programmes_repo.first(session, team_id)
    )
    if programme is None:
        raise NoSuchProgramme()
    if not may(programme.id):
        raise NotAdmin()
    if channel_id is None and not clear:
        return Channel(programme.name, programme.channel_id, False)
    programme.channel_id = None if clear else channel_id
    return Channel(programme.name, programme.channel_id, True)


def channel_posts_due(*, session: Session, programme_id: int, now: datetime) -> list[tuple[str, Kind]]:
    """The channel's posts due now and not yet queued: this fortnight's question, and last month's figure
    (once the month has turned, in the programme's timezone)."""
    settings = programme_settings(session=session, programme_id=programme_id)
    today = now.astimezone(zone(settings.round_timezone)).date()
    last_month = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
    team_id = programmes_repo.team_of(session, programme_id)
    wanted = [
        (kinds.channel_prompt(programme_id, today.toordinal() // 14), Kind.CHANNEL_PROMPT),
        (kinds.channel_figure(programme_id, last_month), Kind.CHANNEL_FIGURE),
    ]
    return [(k, kind) for k, kind in wanted if queue.find(session=session, team_id=team_id, key=k) is None]


def queue_channel_posts(
    *, session: Session, programme_id: int, now: datetime, due: list[tuple[str, Kind]]
) -> int:
    settings = programme_settings(session=session, programme_id=programme_id)
    team_id = programmes_repo.team_of(session, programme_id)
    return sum(
        queue.enqueue(
            session=session,
            team_id=team_id,
            key=key,
            kind=kind,
            now=now,
            not_before=next_slot(now, [settings.round_timezone], settings.window),
        )
        for key, kind in due
    )
