"""Messages that keep pairs meeting: check-ins, nudges, starters, private questions, polls."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import date, datetime

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    InputBlock,
    MarkdownTextObject,
    Option,
    PlainTextInputElement,
    RadioButtonsElement,
    SectionBlock,
    StaticSelectElement,
)
from slack_sdk.models.views import View

from bot import ids
from bot.agreement import PROGRESS, Rating
from bot.blocks.agreement import confidence_blocks
from bot.blocks.messages import marker, mentioned
from bot.pausing import long_date
from bot.starters import Turn
from bot.text import typed
from bot.timezones import zone
from storage.models import Fit, Reply

Message = tuple[str, list[Block]]  # a message's notification text, and its blocks

ANSWER_LABELS: dict[str, str] = {
    Reply.MET: "Met",
    Reply.SCHEDULED: "Scheduled",
    Reply.NOT_YET: "Not yet",
    Reply.PAUSE: "Pause our pair",
}
ANSWER_SHOWN: dict[str, str] = {
    Reply.MET: ":white_check_mark: met",
    Reply.SCHEDULED: ":calendar: scheduled a meeting",
    Reply.NOT_YET: ":hourglass: not yet",
    Reply.PAUSE: ":double_vertical_bar: paused the pair",
}
MAX_COMMENT = 1000


def opener(title: str, turn: Turn) -> str:
    """A starter under its title, saying whose turn it is to open it."""
    lead = f" · <@{turn.leader}>, you start" if turn.leader else ""
    return f"*{title}*{lead}\n>{typed(turn.starter.text)}"


def _starter(turn: Turn | None, pair_id: int) -> list[Block]:
    if turn is None:
        return []
    return [
        SectionBlock(
            text=MarkdownTextObject(text=opener("Something to talk about", turn)),
            accessory=ButtonElement(text="Another one", action_id=ids.STARTER_ANOTHER, value=str(pair_id)),
        )
    ]


def checkin_message(
    *,
    key: str,
    checkin_id: int,
    pair_id: int,
    people: Sequence[str],
    since: date,
    turn: Turn | None,
    answers: Sequence[tuple[str, str]] = (),
    paused: bool = False,
    goals: Sequence[tuple[str, str, str | None]] = (),  # (Goal.key, its line, the progress noted)
) -> tuple[str, list[Block]]:
    names = mentioned(people, nobody="")
    question = f"Did you meet since {long_date(since)}?"
    blocks: list[Block] = [marker(key, f":wave: {names} — *{question}*")]
    if answers:
        shown = "\n".join(f"<@{u}> {ANSWER_SHOWN[a]}" for u, a in answers)
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=shown)]))
    if paused:
        blocks.append(
            SectionBlock(
                text=MarkdownTextObject(text="Your pair is paused: no check-ins until you resume."),
                accessory=ButtonElement(
                    text="Resume our pair", action_id=ids.PAIR_RESUME, value=str(pair_id)
                ),
            )
        )
    else:
        blocks.append(
            ActionsBlock(
                block_id=f"checkin:{checkin_id}",
                elements=[
                    ButtonElement(
                        text=ANSWER_LABELS[answer],
                        action_id=action,
                        value=str(checkin_id),
                        style="primary" if answer == "met" else None,
                    )
                    for action, answer in ids.CHECKIN_ANSWERS.items()
                ]
                + [suggest_times_button(pair_id)],
            )
        )
        blocks += _progress(checkin_id, goals)
        blocks += _starter(turn, pair_id)
    return f"{names}: {question}", blocks


def _progress(checkin_id: int, goals: Sequence[tuple[str, str, str | None]]) -> list[Block]:
    """Optional: how far they've got on each goal of their agreement (either of them may set it)."""
    if not goals:
        return []
    options = [Option(value=v, label=label) for v, label in PROGRESS.items()]
    return [
        ContextBlock(
            elements=[MarkdownTextObject(text="*Progress on your goals* (optional — either of you)")]
        ),
        *(
            SectionBlock(
                block_id=f"{ids.PROGRESS_BLOCK_PREFIX}{checkin_id}:{key}",
                text=MarkdownTextObject(text=line[:3000]),
                accessory=StaticSelectElement(
                    action_id=ids.GOAL_PROGRESS,
                    placeholder="How far?",
                    options=options,
                    initial_option=next((o for o in options if o.value == level), None),
                ),
            )
            for key, line, level in goals[:MAX_GOALS_SHOWN]
        ),
    ]


MAX_GOALS_SHOWN = 6  # a trio's six directions: well inside a message's 50 blocks


def nudge_message(
    *, key: str, pair_id: int, people: Sequence[str], since: date, turn: Turn | None
) -> Message:
    names = mentioned(people, nobody="")
    text = (
        f":seedling: {names} — it's been a while since {long_date(since)}. Regular chats are what make mentoring "
        "work: could you find half an hour this week?"
    )
    return text, [
        marker(key, text),
        ActionsBlock(elements=[suggest_times_button(pair_id)]),
        *_starter(turn, pair_id),
    ]


GUIDE_OPENERS = {
    "intro": ":compass: Before you meet {names}: a few words for your side of this {kind} pairing — just for you.",
    "after-first-meeting": ":seedling: After your first meeting with {names}: a tip for your side — just for you.",
    "mid-term": ":hourglass_flowing_sand: Halfway through your term with {names}: a tip for your side — just for you.",
}
GUIDES_SHOWN = 8  # each a section: well inside a message's 50 blocks


def guide_message(
    *, key: str, when: str, partners: Sequence[str], guides: Sequence[tuple[str, str]], kind: str
) -> Message:
    """Privately, the guides for this person's side of a pairing at one moment (shipped or the operator's
    text: mrkdwn as written)."""
    names = mentioned(partners)
    text = GUIDE_OPENERS.get(when, GUIDE_OPENERS["intro"]).format(names=names, kind=kind)
    return text, [
        marker(key, text),
        *(
            SectionBlock(text=MarkdownTextObject(text=f"*{t}*\n{body}"[:3000]))
            for t, body in guides[:GUIDES_SHOWN]
        ),
        ContextBlock(
            elements=[MarkdownTextObject(text="All your guides are under *Guides* on the app's Home tab.")]
        ),
    ]


def midterm_message(*, key: str, people: Sequence[str], agreement: Sequence[Block]) -> Message:
    """To the pair, halfway through their term: look at the agreement again (`agreement`: its section and
    buttons, as on the introduction)."""
    names = mentioned(people, nobody="")
    text = (
        f":hourglass_flowing_sand: {names} — you're halfway through your term. Is your agreement still right? "
        "Look at it together, change what no longer fits, and note how far you've got on each goal at your "
        "next check-in."
    )
    return text, [marker(key, text), *agreement]


def suggest_times_button(pair_id: int) -> ButtonElement:
    return ButtonElement(text="Suggest times", action_id=ids.SUGGEST_TIMES, value=str(pair_id))


def times_message(
    *,
    key: str,
    pair_id: int,
    slots: Sequence[datetime],
    people: Sequence[tuple[str, str | None]],
    minutes: int,
    picked: tuple[str, datetime] | None = None,
) -> Message:
    """Meeting times inside everyone's working day, each shown in each person's own time, as buttons; once
    one is picked, which (the calendar file follows in the conversation)."""
    if picked:
        who, start = picked
        text = f":calendar: <@{who}> picked {minutes} minutes on {_at_each(start, people)}."
        return text, [
            marker(key, text),
            ContextBlock(elements=[MarkdownTextObject(text="A calendar file for it is below.")]),
        ]
    if not slots:
        text = (
            ":calendar: Your working days don't overlap in the coming week, so I can't suggest a time — "
            "agree one here in the chat, perhaps at the edge of someone's day."
        )
        return text, [marker(key, text)]
    text = f":calendar: {minutes} minutes that fit everyone's working day in the coming week — pick one:"
    return text, [
        marker(key, text),
        *(
            SectionBlock(
                text=MarkdownTextObject(text=_at_each(start, people)),
                accessory=ButtonElement(
                    text="Pick this", action_id=ids.PICK_TIME, value=str(int(start.timestamp()))
                ),
            )
            for start in slots
        ),
    ]


def _at_each(start: datetime, people: Sequence[tuple[str, str | None]]) -> str:
    """E.g. "Tue 5 Jan, 14:00 for @Ana (London) · 09:00 for @Ben (New York)"."""
    shown = []
    for user, tz in people:
        local = start.astimezone(zone(tz))
        place = (tz or "UTC").split("/")[-1].replace("_", " ")
        shown.append(f"{local:%a} {local.day} {local:%b}, {local:%H:%M} for <@{user}> ({place})")
    return " · ".join(shown)


def starter_message(*, key: str, pair_id: int, turn: Turn | None) -> Message:
    if turn is None:
        text = "You've had every starter we have! Your programme team can add more."
        return text, [marker(key, text)]
    text = f"Here's another one: {typed(turn.starter.text)}"
    return text, [marker(key, "*Here's another one*"), *_starter(turn, pair_id)]


def stalled_message(
    *,
    key: str,
    pair_id: int,
    partners: Sequence[str],
    choice: str | None = None,
    closes_on: date | None = None,
) -> Message:
    """Privately, to each of a quiet pair: go on, pause or end? (`closes_on`: the warning a week before a
    pair nobody answered is closed.)"""
    names = mentioned(partners, nobody="")
    text = (
        f"Your last few check-ins with {names} went unanswered — that's fine, life gets busy. "
        "What would you like to do? This message is just for you: the programme team can see that your pair "
        "has gone quiet, but not which of you chose what."
    )
    if closes_on is not None:
        text = (
            f":hourglass: Your pairing with {names} has been quiet for a few weeks. Unless one of you chooses "
            f"below by {long_date(closes_on)}, I'll close it kindly then — it's no one's fault — and you'll "
            "both be first in line for the next round."
        )
    blocks: list[Block] = [marker(key, text)]
    blocks.append(
        _choice(
            choice,
            pair_id,
            ids.STALLED_CHOICES,
            labels={"continue": "Keep going", "pause": "Pause our pair", "end": "End the pairing"},
            chosen={
                "continue": "You chose to keep going. :muscle:",
                "pause": "You paused the pair.",
                "end": "You ended the pairing; you'll be matched again in the next round.",
            },
        )
    )
    return text, blocks


def _choice(
    choice: str | None,
    pair_id: int,
    actions: dict[str, str],
    *,
    labels: dict[str, str],
    chosen: dict[str, str],
) -> Block:
    """A private choice: its buttons (action id → choice) until one is made, then what was chosen."""
    if choice:
        return ContextBlock(elements=[MarkdownTextObject(text=chosen[choice])])
    return ActionsBlock(
        elements=[ButtonElement(text=labels[c], action_id=a, value=str(pair_id)) for a, c in actions.items()]
    )


def term_end_message(
    *, key: str, pair_id: int, partners: Sequence[str], poll_key: str, choice: str | None = None
) -> Message:
    names = mentioned(partners, nobody="")
    text = (
        f":mortar_board: Your mentoring term with {names} has come to an end. Thank you for teaching and "
        "learning! Would you like to continue together for another term, be matched with someone new, or "
        "take a break? If you don't choose within a week, you'll both go back into the pool."
    )
    blocks: list[Block] = [
        marker(key, text),
        SectionBlock(
            text=MarkdownTextObject(text="How did it go? Two minutes, confidential."),
            accessory=ButtonElement(text="Share feedback", action_id=ids.POLL_OPEN, value=poll_key),
        ),
        SectionBlock(
            text=MarkdownTextObject(
                text="Share your story? With your partner's agreement and the programme team's approval, it can "
                "be posted in the programme's channel to encourage others."
            ),
            accessory=ButtonElement(text="Share your story", action_id=ids.STORY_OPEN, value=str(pair_id)),
        ),
        talk_to_team(),
    ]
    blocks.append(
        _choice(
            choice,
            pair_id,
            ids.TERM_CHOICES,
            labels={
                "continue": "Continue together",
                "pool": "Match me with someone new",
                "done": "I'm done for now",
            },
            chosen={
                "continue": "You chose to continue together.",
                "pool": "You chose to be matched with someone new.",
                "done": "You chose to take a break: you won't be matched for now, and your profile is kept. "
                "`/mentor join` brings you back whenever you like.",
            },
        )
    )
    return text, blocks


def poll_message(*, key: str, poll_key: str, answered: bool = False, thanks: bool = False) -> Message:
    """`thanks`: after a meeting, also offer a thank-you note to the partner."""
    text, blocks = _poll_message(key=key, poll_key=poll_key, answered=answered)
    if thanks:
        blocks.insert(len(blocks) - 1, thank_partner(poll_key))
    return text, blocks


def thank_partner(poll_key: str) -> Block:
    return SectionBlock(
        text=MarkdownTextObject(text="A word of thanks for your partner? They'll get it privately."),
        accessory=ButtonElement(text="Thank your partner", action_id=ids.THANKS_OPEN, value=poll_key),
    )


def _poll_message(*, key: str, poll_key: str, answered: bool = False) -> Message:
    text = (
        "How is your mentoring going? A quick, confidential check: your partner never sees your answers; "
        "the programme team sees only totals across several people, and any comment without your name."
    )
    if answered:
        return text, [
            marker(key, text),
            ContextBlock(elements=[MarkdownTextObject(text="Thanks — answered. :pray:")]),
            talk_to_team(),
        ]
    return text, [
        marker(key, text),
        ActionsBlock(
            elements=[
                ButtonElement(
                    text="Answer (30 seconds)", action_id=ids.POLL_OPEN, value=poll_key, style="primary"
                )
            ]
        ),
        talk_to_team(),
    ]


def talk_to_team() -> Block:
    """Under every poll: somewhere to say what a poll can't, to the programme team, anonymously if wished."""
    return SectionBlock(
        text=MarkdownTextObject(text="Something a poll can't say? Tell the programme team privately."),
        accessory=ButtonElement(text="Talk to the programme team", action_id=ids.TALK_OPEN),
    )


VALUES = {
    str(n): f"{n} — {w}" for n, w in enumerate(["not at all", "a little", "somewhat", "very", "extremely"], 1)
}
YES_NO = {"yes": "Yes", "no": "Not really"}
FITS: dict[str, str] = {
    Fit.GOOD: "Good fit",
    Fit.NOT_SURE: "Not sure yet",
    Fit.NOT_A_FIT: "Not a fit — match me again",
}
# What each of the poll's questions offers: a submission may choose only among these.
OFFERED: dict[str, Mapping[str, str]] = {
    ids.POLL_VALUE_BLOCK: VALUES,
    ids.POLL_LEARNED_BLOCK: YES_NO,
    ids.POLL_TAUGHT_BLOCK: YES_NO,
    ids.POLL_FIT_BLOCK: FITS,
}


def poll_modal(*, poll_key: str, ask_fit: bool, to_rate: Sequence[Rating] = ()) -> View:
    def radio(block_id: str, label: str, options: list[tuple[str, str]]) -> InputBlock:
        return InputBlock(
            block_id=block_id,
            label=label,
            element=RadioButtonsElement(
                action_id=ids.INPUT_ACTION, options=[Option(value=v, label=t) for v, t in options]
            ),
        )

    blocks: list[Block] = [
        ContextBlock(
            elements=[MarkdownTextObject(text=":lock: Confidential: your partner never sees this.")]
        ),
        radio(ids.POLL_VALUE_BLOCK, "How valuable is your mentoring right now?", list(VALUES.items())),
        radio(ids.POLL_LEARNED_BLOCK, "Did you learn something?", list(YES_NO.items())),
        radio(ids.POLL_TAUGHT_BLOCK, "Did you teach something?", list(YES_NO.items())),
    ]
    if ask_fit:
        blocks.append(radio(ids.POLL_FIT_BLOCK, "Is your partner a good fit?", list(FITS.items())))
    blocks += confidence_blocks(to_rate, when="now, at the end of the term, in what you came to learn")
    blocks.append(
        ContextBlock(
            elements=[
                MarkdownTextObject(
                    text="Something you'd rather say to the programme team directly, with or without your name? "
                    "Use *Talk to the programme team* under this poll's message."
                )
            ]
        )
    )
    blocks.append(
        InputBlock(
            block_id=ids.POLL_COMMENT_BLOCK,
            label="Anything else?",
            hint="Read by the programme team, without your name, and only from weeks when enough people "
            "answered that no one stands out.",
            optional=True,
            element=PlainTextInputElement(action_id=ids.INPUT_ACTION, multiline=True, max_length=MAX_COMMENT),
        )
    )
    # The key is checked again, against the person, when the poll is submitted.
    return View(
        type="modal",
        callback_id=ids.POLL_VIEW,
        private_metadata=json.dumps({"key": poll_key}),
        title="Quick feedback",
        submit="Send",
        close="Cancel",
        blocks=blocks,
    )
