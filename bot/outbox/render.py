"""Each kind of message as it should read now: a registry `Kind → renderer`, reading the database and
writing nothing. A message is rendered when it is sent (so it says what is true then) and again when
someone's answer updates it in place; whatever a message needs that must not change between those
(its conversation starter) was chosen before, when it was claimed (bot/outbox/send.py).

A renderer returns None when there is no longer anything to say: the pair ended or paused, the person
left or paused, the quiet pair answered meanwhile. The message is then cancelled, not sent.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime

from slack_sdk.models.blocks import Block, ContextBlock, MarkdownTextObject
from sqlalchemy.orm import Session

from bot.blocks import messages
from bot.blocks.agreement import Shown, goal_line, mention_of, shown_blocks
from bot.blocks.away import heads_up_message
from bot.blocks.endings import why_message
from bot.blocks.intro import Person, intro_message
from bot.blocks.keep_meeting import (
    Message,
    checkin_message,
    guide_message,
    midterm_message,
    nudge_message,
    poll_message,
    stalled_message,
    starter_message,
    suggest_times_button,
    term_end_message,
    times_message,
)
from bot.blocks.listening import listen_message
from bot.blocks.recognition import (
    channel_figure_message,
    channel_prompt_message,
    completed_message,
    story_post,
    story_review_message,
    thanks_message,
)
from bot.blocks.skills import ask_teach_message
from bot.catalogue import Catalogue
from bot.guides import Guide, shown
from bot.keeping import available
from bot.listening import period_of, question_for
from bot.matching.explain import Reasons
from bot.outbox import kinds, queue
from bot.outbox.kinds import Kind, listen_asked_on
from bot.services.agreements import terms_of
from bot.services.guides import side_guides
from bot.services.programme import programme_settings
from bot.services.programmes import about
from bot.services.rounds import WAITING_NO_PARTNER
from bot.services.scheduling import suggested
from bot.services.starters import starter_library
from bot.starters import Starter, Turn
from bot.text import typed
from bot.vocabulary import words
from storage import checkins as checkins_repo
from storage import endings, programmes, recognition, teach_asks
from storage import matching as matching_repo
from storage import starters as starters_repo
from storage.agreements import agreement_of, progress_of
from storage.models import (
    Checkin,
    Member,
    MemberStatus,
    Outbox,
    Pair,
    PairStatus,
    Programme,
    TeachAsk,
    TeamNote,
    Thanks,
)


@dataclass(frozen=True)
class Draft:
    users: list[str]  # who it is for (the group DM of these people, or one person's DM)
    text: str
    blocks: list[Block] | None = None
    channel: str | None = None  # known already (the pair's group DM): no need to open it again
    replaces: str | None = None  # the ts of a message in `channel` to update in place, instead of posting


@dataclass(frozen=True)
class Library:
    """What renderers need besides the database: the catalogue, the shipped starters, the guides."""

    catalogue: Catalogue
    starters: tuple[Starter, ...]
    guides: tuple[Guide, ...] = ()


Blocks = Message
Renderer = Callable[[Session, Library, Outbox, datetime], Draft | None]


def render(session: Session, library: Library, row: Outbox, now: datetime) -> Draft | None:
    """The message as it should read now; None if there is no longer anything to say. Where the workspace
    runs several programmes, it names the one it belongs to."""
    draft = RENDERERS[row.kind](session, library, row, now)
    label = _programme_label(session, row) if draft is not None and row.kind not in NAMED else None
    if draft is None or label is None:
        return draft
    blocks: list[Block] = [ContextBlock(elements=[MarkdownTextObject(text=label)]), *(draft.blocks or [])]
    return replace(draft, text=f"{label} · {draft.text}", blocks=blocks)


NAMED = (Kind.INVITED, Kind.JOIN_DECIDED)  # messages that name their programme themselves


def _programme_label(session: Session, row: Outbox) -> str | None:
    """The line naming the programme a message belongs to, when its workspace runs more than one; an
    introduction also carries the programme's purpose, when its admins wrote one."""
    holder = session.get(Pair, row.pair_id) if row.pair_id else None
    member = session.get(Member, row.member_id) if row.member_id and holder is None else None
    programme_id = holder.programme_id if holder else member.programme_id if member else None
    if programme_id is None:
        return None
    told = about(session=session, programme_id=programme_id)
    purpose = told.purpose if row.kind is Kind.INTRO else None
    parts = [f"*{typed(told.name)}*" if told.name else "", typed(purpose) if purpose else ""]
    return " — ".join(p for p in parts if p) or None


def _live_pair(session: Session, row: Outbox, now: datetime) -> Pair | None:
    """The row's pair if it is still going and nobody in it is paused."""
    pair = session.get(Pair, row.pair_id) if row.pair_id else None
    if pair is None or pair.status is not PairStatus.ACTIVE or pair.paused_at is not None:
        return None
    return pair if all(available(pm.member, now) for pm in pair.members) else None


def _to_pair(build: Callable[[Session, Library, Outbox, Pair, list[str]], Blocks]) -> Renderer:
    """A message to the pair's group DM, while the pair goes on and nobody in it is paused."""

    def renderer(session: Session, library: Library, row: Outbox, now: datetime) -> Draft | None:
        pair = _live_pair(session, row, now)
        if pair is None:
            return None
        people = [pm.member.user_id for pm in pair.members]
        text, blocks = build(session, library, row, pair, people)
        return Draft(people, text, blocks, channel=pair.channel_id)

    return renderer


def _to_member(build: Callable[[Outbox, Pair, list[str]], Blocks]) -> Renderer:
    """A private message to one member of a pair, while the pair goes on and they are not paused."""

    def renderer(session: Session, library: Library, row: Outbox, now: datetime) -> Draft | None:
        member = session.get(Member, row.member_id) if row.member_id else None
        pair = session.get(Pair, row.pair_id) if row.pair_id else None
        if (
            member is None
            or not available(member, now)
            or pair is None
            or pair.status is not PairStatus.ACTIVE
        ):
            return None
        partners = [pm.member.user_id for pm in pair.members if pm.member_id != member.id]
        text, blocks = build(row, pair, partners)
        return Draft([member.user_id], text, blocks)

    return renderer


def _to_person(build: Callable[[Session, Outbox, Member], str], *, enrolled: bool = True) -> Renderer:
    """A notice to one member who is still enrolled, or (not `enrolled`) was, unless erased (whatever
    became of any pair)."""

    def renderer(session: Session, library: Library, row: Outbox, now: datetime) -> Draft | None:
        member = session.get(Member, row.member_id) if row.member_id else None
        if member is None or member.status is MemberStatus.INACTIVE:
            return None
        if enrolled and member.status is MemberStatus.LEFT:
            return None
        text = build(session, row, member)
        return Draft([member.user_id], text, messages.marked(row.key, text))

    return renderer


def _intro(session: Session, library: Library, row: Outbox, now: datetime) -> Draft | None:
    pair = session.get(Pair, row.pair_id) if row.pair_id else None
    if pair is None or pair.status is not PairStatus.ACTIVE:
        return None
    text, blocks = render_intro(session, library, pair, now)
    return Draft([pm.member.user_id for pm in pair.members], text, blocks)


def _stalled_admin(session: Session, library: Library, row: Outbox, now: datetime) -> Draft | None:
    pair = session.get(Pair, row.pair_id) if row.pair_id else None
    if row.user_id is None or pair is None or pair.status is not PairStatus.ACTIVE or pair.stalled_at is None:
        return None  # someone answered meanwhile
    since = checkins_repo.last_met(session, pair.id) or pair.created_at.date()
    text = messages.pair_stalled(people=[pm.member.user_id for pm in pair.members], since=since)
    return Draft([row.user_id], text, messages.marked(row.key, text))


def _invited(session: Session, library: Library, row: Outbox, now: datetime) -> Draft | None:
    programme_id = kinds.invited_to(row.key)
    row_of = programmes.if_running(session, programme_id) if programme_id is not None else None
    if row.user_id is None or row_of is None:
        return None  # paused or archived meanwhile: the invitation stands, the message waits for nothing
    text = messages.invited(row_of.name, row_of.purpose, row_of.commitment)
    return Draft([row.user_id], text, messages.marked(row.key, text))


def _join_decided(session: Session, library: Library, row: Outbox, now: datetime) -> Draft | None:
    decision = kinds.join_decision(row.key)
    name = programmes.name_of(session, decision[0]) if decision else None
    if row.user_id is None or decision is None or name is None:
        return None
    text = messages.join_decided(name, decision[1])
    return Draft([row.user_id], text, messages.marked(row.key, text))


def _guide(session: Session, library: Library, row: Outbox, now: datetime) -> Draft | None:
    member = session.get(Member, row.member_id) if row.member_id else None
    pair = session.get(Pair, row.pair_id) if row.pair_id else None
    if member is None or pair is None or pair.status is not PairStatus.ACTIVE or not available(member, now):
        return None
    when = kinds.guide_moment(row.key)
    chosen = side_guides(
        session=session,
        pair=pair,
        member=member,
        guides=library.guides,
        catalogue=library.catalogue,
        when=when,
    )
    if not chosen:
        return None  # nothing for this side at this moment (an operator's own guides may have none)
    text, blocks = guide_message(
        key=row.key,
        when=when or "",
        partners=[pm.member.user_id for pm in pair.members if pm.member_id != member.id],
        guides=[shown(g) for g in chosen],
        kind=words(programme_settings(session=session, programme_id=pair.programme_id).mode).name,
    )
    return Draft([member.user_id], text, blocks)


def _midterm(session: Session, library: Library, row: Outbox, pair: Pair, people: list[str]) -> Blocks:
    return midterm_message(key=row.key, people=people, agreement=agreement_blocks(session, pair))


def _listen(session: Session, library: Library, row: Outbox, now: datetime) -> Draft | None:
    """Privately, the period's listening question, while the person is in the programme and not paused."""
    member = session.get(Member, row.member_id) if row.member_id else None
    asked_on = listen_asked_on(row.key)
    question = (
        question_for(period_of(asked_on), library.catalogue.listening) if asked_on is not None else None
    )
    if member is None or not available(member, now) or question is None:
        return None
    text, blocks = listen_message(key=row.key, question=question.label)
    return Draft([member.user_id], text, blocks)


def _ask_teach(session: Session, library: Library, row: Outbox, now: datetime) -> Draft | None:
    """Privately: could you teach a scarce topic too? While the person is active and hasn't answered."""
    ask = session.get(TeachAsk, ask_id) if (ask_id := kinds.ask_teach_of(row.key)) is not None else None
    member = session.get(Member, row.member_id) if row.member_id else None
    if ask is None or member is None or not available(member, now):
        return None
    wanting = teach_asks.wanting(session, programme_id=member.programme_id, topic=ask.topic)
    label = library.catalogue.topic_label(ask.topic)
    text, blocks = ask_teach_message(key=row.key, ask_id=ask.id, topic=label, wanting=wanting)
    return Draft([member.user_id], text, blocks)


def _heads_up(session: Session, library: Library, row: Outbox, now: datetime) -> Draft | None:
    """Privately, before a round they would be in: while it is still ahead and they are still unpaired."""
    member = session.get(Member, row.member_id) if row.member_id else None
    slot = kinds.heads_up_slot(row.key)
    if member is None or slot is None or now >= slot or not available(member, now):
        return None
    if matching_repo.in_active_pair(session, member.id):
        return None
    skipped = member.skip_round_at == slot
    text, blocks = heads_up_message(key=row.key, slot=slot, tz=member.tz, skipped=skipped)
    return Draft([member.user_id], text, blocks)


def _thanks(session: Session, library: Library, row: Outbox, now: datetime) -> Draft | None:
    """Privately, to a partner: a thank-you written after a meeting (as typed)."""
    note_id = kinds.number_after(row.key, Kind.THANKS.value)
    note = session.get(Thanks, note_id) if note_id is not None else None
    member = session.get(Member, row.member_id) if row.member_id else None
    writer = session.get(Member, note.member_id) if note else None
    if note is None or writer is None or member is None or member.status is MemberStatus.INACTIVE:
        return None
    text, blocks = thanks_message(key=row.key, writer=writer.user_id, text=note.text)
    return Draft([member.user_id], text, blocks)


def _story_review(session: Session, library: Library, row: Outbox, now: datetime) -> Draft | None:
    """To an admin: a pair's story, while everyone's part of it is still there (an erasure takes one away)."""
    pair = session.get(Pair, row.pair_id) if row.pair_id else None
    stories = recognition.told_stories(session, pair.id) if pair else []
    if pair is None or not stories or row.user_id is None:
        return None
    text, blocks = story_review_blocks(session, row.key, pair, stories)
    return Draft([row.user_id], text, blocks)


def story_review_blocks(session: Session, key: str, pair: Pair, stories: list[tuple[str, str]]) -> Blocks:
    """The review as it reads now: with its buttons, or with what was decided."""
    programme = session.get_one(Programme, pair.programme_id)
    decided = None
    if pair.story_decided_at is not None:
        decided = (
            f":white_check_mark: Approved — posted in <#{programme.channel_id}>."
            if pair.story_approved and programme.channel_id
            else ":no_entry_sign: Declined — it won't be posted."
        )
    return story_review_message(
        key=key,
        pair_id=pair.id,
        stories=stories,
        programme=programme.name,
        channel=programme.channel_id,
        decided=decided,
    )


def _story(session: Session, library: Library, row: Outbox, now: datetime) -> Draft | None:
    """In the programme's channel: an approved story, while everyone's part of it is still there."""
    pair = session.get(Pair, row.pair_id) if row.pair_id else None
    programme = session.get(Programme, pair.programme_id) if pair else None
    stories = recognition.told_stories(session, pair.id) if pair else []
    if (
        pair is None
        or programme is None
        or not programme.channel_id
        or not stories
        or not pair.story_approved
    ):
        return None
    text, blocks = story_post(key=row.key, stories=stories, programme=programme.name)
    return Draft([], text, blocks, channel=programme.channel_id)


def _member_of_pair(session: Session, row: Outbox) -> tuple[Member, Pair] | None:
    """The person a message about their pairing (ended or not) is for, and that pair; None once they erased
    their data."""
    member = session.get(Member, row.member_id) if row.member_id else None
    pair = session.get(Pair, row.pair_id) if row.pair_id else None
    if member is None or pair is None or member.status is MemberStatus.INACTIVE:
        return None
    return member, pair


def _completed(session: Session, library: Library, row: Outbox, now: datetime) -> Draft | None:
    """Privately, at the end of a term: what the pair did together."""
    found = _member_of_pair(session, row)
    if found is None:
        return None
    member, pair = found
    reasons = Reasons.from_json(pair.reasons or {})
    label = library.catalogue.topic_label
    taught = sorted({label(t) for ts in reasons.teaches.get(member.id, {}).values() for t in ts})
    learned = sorted(
        {label(t) for by, to in reasons.teaches.items() if by != member.id for t in to.get(member.id, [])}
    )
    text, blocks = completed_message(
        key=row.key,
        partners=[pm.member.user_id for pm in pair.members if pm.member_id != member.id],
        weeks=max(1, (pair.ends_on - pair.created_at.date()).days // 7),
        meetings=checkins_repo.meetings_of(session, pair.id),
        taught=taught,
        learned=learned,
    )
    return Draft([member.user_id], text, blocks)


def _channel_of(session: Session, row: Outbox) -> tuple[Programme | None, str]:
    """The programme a channel post is for, if it still has a channel, and the key's last part (which
    fortnight, which month)."""
    programme_id = kinds.number_after(row.key, "programme")
    programme = session.get(Programme, programme_id) if programme_id is not None else None
    return (programme if programme and programme.channel_id else None), row.key.rsplit(":", 1)[-1]


def _channel_prompt(session: Session, library: Library, row: Outbox, now: datetime) -> Draft | None:
    """In the programme's channel, every two weeks: one of the integrated-mentorship questions."""
    programme, fortnight = _channel_of(session, row)
    question = question_for(int(fortnight), library.catalogue.listening) if fortnight.isdigit() else None
    if programme is None or programme.channel_id is None or question is None:
        return None
    text, blocks = channel_prompt_message(key=row.key, question=question.label, programme=programme.name)
    return Draft([], text, blocks, channel=programme.channel_id)


def _channel_figure(session: Session, library: Library, row: Outbox, now: datetime) -> Draft | None:
    """In the programme's channel, monthly: last month's meetings, anonymised — only once at least the
    minimum group size of pairs met (else nothing is posted that month)."""
    programme, month = _channel_of(session, row)
    if programme is None or programme.channel_id is None:
        return None
    first = date.fromisoformat(f"{month}-01")
    figures = recognition.month_figures(session, programme_id=programme.id, month=first)
    if figures.pairs_met < programme_settings(session=session, programme_id=programme.id).min_group_size:
        return None
    text, blocks = channel_figure_message(
        key=row.key,
        month=f"{first:%B %Y}",
        programme=programme.name,
        pairs_met=figures.pairs_met,
        meetings=figures.meetings,
        topics=figures.topics,
    )
    return Draft([], text, blocks, channel=programme.channel_id)


def _intro_ended(session: Session, library: Library, row: Outbox, now: datetime) -> Draft | None:
    """The introduction, updated to say the pairing ended (never who chose what), at the moment the
    partners are told: not the minute someone chose "not a fit", which would say who did."""
    pair = session.get(Pair, row.pair_id) if row.pair_id else None
    if pair is None or pair.status is PairStatus.ACTIVE or not pair.channel_id or not pair.intro_ts:
        return None
    text, blocks = render_intro(session, library, pair, now)
    return Draft([], text, blocks, channel=pair.channel_id, replaces=pair.intro_ts)


def _closing(session: Session, library: Library, row: Outbox, now: datetime) -> Draft | None:
    """Privately: a quiet pair closes in a week — unless someone answered meanwhile (then nothing is said)."""
    pair = session.get(Pair, row.pair_id) if row.pair_id else None
    if pair is None or pair.stalled_at is None or pair.closes_on is None:
        return None
    return _to_member(
        lambda row, pair, partners: stalled_message(
            key=row.key, pair_id=pair.id, partners=partners, closes_on=pair.closes_on
        )
    )(session, library, row, now)


def _why_ended(session: Session, library: Library, row: Outbox, now: datetime) -> Draft | None:
    """Privately, after a pairing ended: one tap, why? (Unless they erased their data, or answered.)"""
    found = _member_of_pair(session, row)
    if found is None:
        return None
    member, pair = found
    partners = [pm.member.user_id for pm in pair.members if pm.member_id != member.id]
    chosen = endings.answered(session, pair_id=pair.id, member_id=member.id)
    text, blocks = why_message(key=row.key, pair_id=pair.id, partners=partners, chosen=chosen)
    return Draft([member.user_id], text, blocks)


def _team_note(session: Session, library: Library, row: Outbox, now: datetime) -> Draft | None:
    note_id = kinds.team_note_of(row.key)
    note = session.get(TeamNote, note_id) if note_id is not None else None
    name = programmes.name_of(session, note.programme_id) if note else None
    if row.user_id is None or note is None or name is None:
        return None  # erased meanwhile (a signed note goes with its writer's data)
    writer = session.get(Member, note.member_id) if note.member_id else None
    text = messages.team_note(name, note.text, writer.user_id if writer else None)
    return Draft([row.user_id], text, messages.marked(row.key, text))


def _checkin(session: Session, library: Library, row: Outbox, pair: Pair, people: list[str]) -> Blocks:
    return render_checkin(session, library, session.get_one(Checkin, row.checkin_id), pair, row=row)


def _nudge(session: Session, library: Library, row: Outbox, pair: Pair, people: list[str]) -> Blocks:
    since = checkins_repo.last_met(session, pair.id) or pair.created_at.date()
    return nudge_message(
        key=row.key,
        pair_id=pair.id,
        people=people,
        since=since,
        turn=chosen_starter(session, library, row, pair),
    )


def _times(session: Session, library: Library, row: Outbox, pair: Pair, people: list[str]) -> Blocks:
    offered = suggested(session, pair, row)
    return times_message(
        key=row.key, pair_id=pair.id, slots=offered.slots, people=offered.people, minutes=offered.minutes
    )


def _starter(session: Session, library: Library, row: Outbox, pair: Pair, people: list[str]) -> Blocks:
    return starter_message(key=row.key, pair_id=pair.id, turn=chosen_starter(session, library, row, pair))


def _partner_gone(session: Session, row: Outbox, member: Member) -> str:
    leaver_id = kinds.trio_leaver(row.key)
    if leaver_id is None:
        return messages.partner_gone(row.reason or "", _others(session, row, member))
    leaver = session.get(Member, leaver_id)  # None once they erased their data
    return messages.left_trio(leaver.user_id if leaver else None, _others(session, row, member))


def _others(session: Session, row: Outbox, member: Member) -> list[str]:
    """The Slack ids of the others in the pair a partner_gone message tells of (any not erased)."""
    pair_id = kinds.ended_pair(row.key)
    pair = session.get(Pair, pair_id) if pair_id is not None else None
    if pair is None:
        return []
    return sorted(pm.member.user_id for pm in pair.members if pm.member_id != member.id)


RENDERERS: dict[Kind, Renderer] = {
    Kind.INTRO: _intro,
    Kind.CHECKIN: _to_pair(_checkin),
    Kind.NUDGE: _to_pair(_nudge),
    Kind.STARTER: _to_pair(_starter),
    Kind.TIMES: _to_pair(_times),
    Kind.MIDTERM: _to_pair(_midterm),
    Kind.GUIDE: _guide,
    Kind.STALLED: _to_member(
        lambda row, pair, partners: stalled_message(key=row.key, pair_id=pair.id, partners=partners)
    ),
    Kind.TERM_END: _to_member(
        lambda row, pair, partners: term_end_message(
            key=row.key, pair_id=pair.id, partners=partners, poll_key=row.key
        )
    ),
    Kind.POLL_MEETING: _to_member(
        lambda row, pair, partners: poll_message(key=row.key, poll_key=row.key, thanks=True)
    ),
    Kind.POLL_PERIODIC: _to_member(lambda row, pair, partners: poll_message(key=row.key, poll_key=row.key)),
    Kind.STALLED_ADMIN: _stalled_admin,
    Kind.WAITING: _to_person(
        lambda session, row, member: messages.waiting_for_next_round(
            programme_settings(session=session, programme_id=member.programme_id),
            no_partner=matching_repo.last_outcome(session, member.id) == WAITING_NO_PARTNER,
        )
    ),
    Kind.INVITED: _invited,
    Kind.JOIN_DECIDED: _join_decided,
    Kind.TEAM_NOTE: _team_note,
    Kind.LISTEN: _listen,
    Kind.ASK_TEACH: _ask_teach,
    Kind.HEADS_UP: _heads_up,
    Kind.THANKS: _thanks,
    Kind.WHY_ENDED: _why_ended,
    Kind.INTRO_ENDED: _intro_ended,
    Kind.CLOSING: _closing,
    Kind.STORY_REVIEW: _story_review,
    Kind.STORY: _story,
    Kind.COMPLETED: _completed,
    Kind.CHANNEL_PROMPT: _channel_prompt,
    Kind.CHANNEL_FIGURE: _channel_figure,
    Kind.REMOVED: _to_person(lambda session, row, member: messages.removed_by_admin(), enrolled=False),
    Kind.PARTNER_GONE: _to_person(_partner_gone),
}
assert set(RENDERERS) == set(Kind), "every kind of message has a renderer"


def render_checkin(
    session: Session, library: Library, checkin: Checkin, pair: Pair, *, row: Outbox | None = None
) -> Blocks:
    """A check-in as it should read now, with the answers so far (also used to update it in place)."""
    if row is None:
        row = queue.for_checkin(session=session, checkin_id=checkin.id)
    by_member = {pm.member_id: pm.member.user_id for pm in pair.members}
    answers = [
        (by_member[a.member_id], a.answer)
        for a in sorted(checkin.answers, key=lambda a: a.answered_at)
        if a.member_id in by_member
    ]
    return checkin_message(
        key=row.key if row else kinds.checkin(pair.id, checkin.seq),
        checkin_id=checkin.id,
        pair_id=pair.id,
        people=list(by_member.values()),
        since=checkin.since,
        answers=answers,
        paused=pair.paused_at is not None,
        turn=chosen_starter(session, library, row, pair) if row else None,
        goals=_progress(session, checkin, by_member),
    )


def _progress(session: Session, checkin: Checkin, users: dict[int, str]) -> list[tuple[str, str, str | None]]:
    """The pair's agreed goals, each with how far they had got by this check-in: (key, line, level)."""
    current = agreement_of(session, checkin.pair_id)
    if current is None:
        return []
    noted = progress_of(session, checkin.id)
    return [
        (g.key, goal_line(g, mention_of(users)), noted.get(g.key)) for g in terms_of(current).goals if g.goal
    ]


def render_intro(session: Session, library: Library, pair: Pair, now: datetime) -> Blocks:
    """The pair's introduction as it should read now (also used to update it in place)."""
    people = [Person(pm.member_id, pm.member.user_id, pm.member.tz, pm.member.note) for pm in pair.members]
    key = kinds.intro(pair.id)
    row = queue.find(session=session, team_id=pair.team_id, key=key)
    return intro_message(
        key=key,
        pair_id=pair.id,
        people=people,
        reasons=Reasons.from_json(pair.reasons),
        catalogue=library.catalogue,
        turn=chosen_starter(session, library, row, pair) if row else None,
        now=now,
        agreement=_shown(session, pair),
        ended=pair.status is not PairStatus.ACTIVE,
        mode=programme_settings(session=session, programme_id=pair.programme_id).mode,
    )


def _shown(session: Session, pair: Pair) -> Shown | None:
    """The pair's agreement as they see it: its terms, and who hasn't agreed to this version yet."""
    proposed = agreement_of(session, pair.id)
    if proposed is None:
        return None
    return Shown(
        terms=terms_of(proposed),
        waiting=tuple(pm.member.user_id for pm in pair.members if pm.agreed_version != proposed.version),
    )


def agreement_blocks(session: Session, pair: Pair) -> list[Block]:
    """The agreement's section and buttons, as on the introduction (for the mid-term revisit)."""
    users = {pm.member_id: pm.member.user_id for pm in pair.members}
    return shown_blocks(
        _shown(session, pair),
        pair.id,
        mention_of(users),
        more=[suggest_times_button(pair.id)],
    )


def chosen_starter(session: Session, library: Library, row: Outbox, pair: Pair) -> Turn | None:
    """The starter chosen for this message, and who opens it (None if none was chosen)."""
    if not row.starter_id:
        return None
    chosen = starter_library(
        session=session, shipped=library.starters, team_id=pair.team_id, programme_id=pair.programme_id
    ).get(row.starter_id)
    if chosen is None:
        return None  # an admin's own starter, removed since
    leader = starters_repo.leader(session, pair_id=pair.id, starter_id=row.starter_id)
    users = {pm.member_id: pm.member.user_id for pm in pair.members}
    return Turn(chosen, users.get(leader) if leader is not None else None)
