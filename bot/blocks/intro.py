"""The introduction in a pair's group DM."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from slack_sdk.models.blocks import (
    Block,
    ContextBlock,
    MarkdownTextObject,
    SectionBlock,
)

from bot.blocks.agreement import Shown, mention_of, shown_blocks
from bot.blocks.keep_meeting import opener, suggest_times_button
from bot.catalogue import Catalogue
from bot.matching.explain import Reasons, and_list, beyond_topics, who_teaches_what
from bot.matching.scoring import Mode
from bot.outbox import kinds
from bot.profile import MAX_NOTE
from bot.starters import Turn
from bot.text import typed
from bot.timezones import zone
from bot.vocabulary import words


@dataclass(frozen=True)
class Person:
    member_id: int
    user_id: str
    tz: str | None
    note: str | None = None  # "Anything else your partner should know?", as they typed it


def intro_message(
    *,
    key: str,
    pair_id: int,
    people: Sequence[Person],
    reasons: Reasons,
    catalogue: Catalogue,
    turn: Turn | None,
    now: datetime,
    agreement: Shown | None = None,
    ended: bool = False,
    mode: Mode = Mode.MUTUAL,
) -> tuple[str, list[Block]]:
    mention = {p.member_id: f"<@{p.user_id}>" for p in people}
    names = and_list([mention[p.member_id] for p in people])
    who = "trio" if len(people) == 3 else "pair"
    text = f"You've been matched for {words(mode).name}: {names}."
    flows = who_teaches_what(
        reasons, [p.member_id for p in people], mention.__getitem__, catalogue.topic_label
    )
    why = beyond_topics(reasons)
    clocks = " · ".join(f"{mention[p.member_id]} {_local_time(now, p.tz)}" for p in people)
    blocks: list[Block] = [
        SectionBlock(
            block_id=kinds.marker(key),
            text=MarkdownTextObject(
                text=f":wave: *Meet your mentoring {who}!* {names} — {_headline(reasons, people, mode)}"
            ),
        ),
        SectionBlock(
            text=MarkdownTextObject(
                text="*Who teaches what*\n"
                + ("\n".join(f"• {f}" for f in flows) or "_Swap notes on what you're curious about._")
            )
        ),
        *([SectionBlock(text=MarkdownTextObject(text=f"*Why you were matched*\n{why}"))] if why else []),
        *_in_their_words(people, mention),
        *_before_you_meet(reasons, people, mention, catalogue, mode),
        ContextBlock(elements=[MarkdownTextObject(text=f":clock9: Local time now — {clocks}")]),
    ]
    if turn:
        blocks.append(
            SectionBlock(text=MarkdownTextObject(text=opener("A first question to start with", turn)))
        )
    if ended:
        blocks.append(
            ContextBlock(
                elements=[
                    MarkdownTextObject(
                        text="This pairing has ended. You'll each be matched again in the next round."
                    )
                ]
            )
        )
    else:
        blocks += shown_blocks(
            agreement,
            pair_id,
            mention_of({p.member_id: p.user_id for p in people}),
            more=[suggest_times_button(pair_id)],
        )
    return text, blocks


def _headline(reasons: Reasons, people: Sequence[Person], mode: Mode) -> str:
    """What this pairing promises: in the programme's own words, or from who teaches whom (never that each
    teaches the other when only one does)."""
    if words(mode).headline:
        return words(mode).headline
    ids_ = {p.member_id for p in people}
    teachers = {a for a, to in reasons.teaches.items() if a in ids_ and any(b in ids_ for b in to)}
    if teachers == ids_:
        return "each of you has something to teach."
    if teachers:
        return "one of you has a head start on a topic, and you'll find out what goes back the other way."
    return "two colleagues with plenty to learn from each other."


def _before_you_meet(
    reasons: Reasons, people: Sequence[Person], mention: dict[int, str], catalogue: Catalogue, mode: Mode
) -> list[Block]:
    """Reverse mentoring: each side's preparation — the earlier-career mentor leads on their topics, and the
    more senior partner comes to listen and learn (humility is what makes the exchange work)."""
    if mode is not Mode.REVERSE or reasons.junior is None or reasons.junior not in mention:
        return []
    topics = sorted({t for to in reasons.teaches.get(reasons.junior, {}).values() for t in to})
    shown = and_list([catalogue.topic_label(t) for t in topics]) or "what you know best"
    lines = [f"• {mention[reasons.junior]}: you're the mentor on {shown} — pick one thing to show, hands-on."]
    lines += [
        f"• {mention[p.member_id]}: come to listen and learn — ask what you'd hesitate to ask elsewhere, and "
        "share your own experience in return."
        for p in people
        if p.member_id != reasons.junior
    ]
    return [SectionBlock(text=MarkdownTextObject(text="*Before you meet*\n" + "\n".join(lines)))]


NOTE_SHOWN = MAX_NOTE  # characters of each person's note in the introduction (all of it)


def _in_their_words(people: Sequence[Person], mention: dict[int, str]) -> list[Block]:
    """What each person wanted their partner to know, as they typed it (escaped: data, never markup)."""
    notes = [
        f"{mention[p.member_id]}: “{typed(p.note.strip(), limit=NOTE_SHOWN)}”"
        for p in people
        if p.note and p.note.strip()
    ]
    if not notes:
        return []
    return [SectionBlock(text=MarkdownTextObject(text="*In their own words*\n" + "\n".join(notes)))]


def _local_time(now: datetime, tz: str | None) -> str:
    if not tz:
        return "(timezone unknown)"
    local = now.astimezone(zone(tz))
    return f"{local:%a %H:%M} in {tz.split('/')[-1].replace('_', ' ')}"
