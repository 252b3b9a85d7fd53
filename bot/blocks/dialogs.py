"""The small modals: loading and notices, pause (with an optional end date), leave (with an optional erase)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date

from slack_sdk.models.blocks import (
    Block,
    CheckboxesElement,
    DatePickerElement,
    HeaderBlock,
    InputBlock,
    MarkdownTextObject,
    Option,
    PlainTextInputElement,
    SectionBlock,
    StaticSelectElement,
    UserMultiSelectElement,
)
from slack_sdk.models.views import View

from bot import ids
from bot.blocks.forms import Form
from bot.blocks.messages import MAX_TEAM_NOTE
from bot.payload import Payload


def loading_modal() -> Payload:
    """Opened at once, while the real modal is read from the database (it replaces this in a moment)."""
    return dict(_LOADING)


_LOADING = View(
    type="modal",
    title="Mentoring",
    close="Close",
    blocks=[SectionBlock(text=MarkdownTextObject(text=":hourglass_flowing_sand: One moment…"))],
).to_dict()  # built once: it opens on every click that shows a modal


def notice_modal(text: str) -> View:
    """What a modal shows instead when it can't open (not enrolled, admins only, busy)."""
    return View(
        type="modal",
        title="Mentoring",
        close="Close",
        blocks=[SectionBlock(text=MarkdownTextObject(text=text))],
    )


Choices = Sequence[tuple[int, str]]  # (programme id, name) of someone's programmes, when they are in several


def _which(choices: Choices, chosen: int | None, verb: str) -> list[Block]:
    """Which of their programmes (every one, or one), for someone in several; nothing otherwise."""
    if len(choices) < 2:
        return []
    every = Option(value=ids.WHICH_EVERY, label="All my programmes")
    options = [every, *(Option(value=str(i), label=name[:75]) for i, name in choices)]
    initial = next((o for o in options[1:] if o.value == str(chosen)), every)
    return [
        InputBlock(
            block_id=ids.WHICH_BLOCK,
            label=f"{verb} in",
            element=StaticSelectElement(action_id=ids.INPUT_ACTION, options=options, initial_option=initial),
        )
    ]


def read_which(form: Form) -> int | None:
    """The programme chosen (None: every one, or no choice offered); checked against the person's own
    memberships when applied."""
    value = form.choice(ids.WHICH_BLOCK) if form.has(ids.WHICH_BLOCK) else None
    return int(value) if value and value.isdigit() else None


def pause_modal(*, today: date, choices: Choices = (), chosen: int | None = None) -> View:
    """The person's own today travels with it, so the date they pick is checked inline before the ack (the
    server checks it again, from the database, when it applies the pause)."""
    return View(
        type="modal",
        callback_id=ids.PAUSE_VIEW,
        private_metadata=json.dumps({"today": today.isoformat()}),
        title="Pause mentoring",
        submit="Pause",
        close="Cancel",
        blocks=[
            SectionBlock(
                text=MarkdownTextObject(
                    text="While you're paused you won't be matched or messaged. Your profile stays as it is."
                )
            ),
            InputBlock(
                block_id=ids.PAUSE_UNTIL_BLOCK,
                label="Back on",
                optional=True,
                hint="Leave empty to stay paused until you resume.",
                element=DatePickerElement(action_id=ids.PAUSE_UNTIL_ACTION, placeholder="Pick a date"),
            ),
            *_which(choices, chosen, "Pause"),
        ],
    )


def leave_modal(choices: Choices = (), chosen: int | None = None) -> View:
    return View(
        type="modal",
        callback_id=ids.LEAVE_VIEW,
        title="Leave mentoring",
        submit="Leave",
        close="Stay",
        blocks=[
            SectionBlock(
                text=MarkdownTextObject(
                    text=(
                        "You won't be matched or messaged any more. If you have a partner, they'll be told "
                        "kindly and matched again."
                    )
                )
            ),
            InputBlock(
                block_id=ids.LEAVE_ERASE_BLOCK,
                label="Your data",
                optional=True,
                element=CheckboxesElement(
                    action_id=ids.LEAVE_ERASE_ACTION,
                    options=[
                        Option(
                            value=ids.LEAVE_ERASE_VALUE,
                            label="Also erase everything you hold about me",
                            description="Profile, pairings and answers. This can't be undone.",
                        )
                    ],
                ),
            ),
            *_which(choices, chosen, "Leave"),
        ],
    )


def avoid_modal(current: list[str]) -> View:
    return View(
        type="modal",
        callback_id=ids.AVOID_VIEW,
        title="Don't pair me with",
        submit="Save",
        close="Cancel",
        blocks=[
            SectionBlock(
                text=MarkdownTextObject(
                    text="You'll never be matched with the people on this list. It's private: only you see it, "
                    "and nobody on it is ever told."
                )
            ),
            InputBlock(
                block_id=ids.AVOID_BLOCK,
                label="People",
                optional=True,
                element=UserMultiSelectElement(
                    action_id=ids.AVOID_ACTION, placeholder="Choose people", initial_users=current or None
                ),
            ),
        ],
    )


GUIDES_SHOWN = 40  # sections in the modal (a modal holds 100 blocks)


def guides_modal(sections: Sequence[tuple[str, Sequence[tuple[str, str]]]]) -> View:
    """The guides for the person's side of each pairing: (heading, [(title, text)]) each, the heading a
    programme's name where the workspace runs several ("" otherwise). Shipped text: mrkdwn as written."""
    blocks: list[Block] = []
    for heading, guides in sections:
        if heading:
            blocks.append(HeaderBlock(text=heading[:150]))
        blocks += [SectionBlock(text=MarkdownTextObject(text=f"*{t}*\n{text}"[:3000])) for t, text in guides]
    if not blocks:
        blocks = [SectionBlock(text=MarkdownTextObject(text="No guides here yet."))]
    return View(type="modal", title="Guides", close="Close", blocks=blocks[:GUIDES_SHOWN])


def talk_modal(choices: Choices) -> View:
    """Write to the programme team: anonymous unless the person ticks the box (never ticked for them)."""
    options = [Option(value=str(i), label=name[:75]) for i, name in choices]
    which: list[Block] = (
        [
            InputBlock(
                block_id=ids.TALK_WHICH_BLOCK,
                label="To the team of",
                element=StaticSelectElement(action_id=ids.INPUT_ACTION, options=options),
            )
        ]
        if len(choices) > 1
        else []
    )
    return View(
        type="modal",
        callback_id=ids.TALK_VIEW,
        private_metadata=str(choices[0][0]) if len(choices) == 1 else "",
        title="Talk to the team",
        submit="Send",
        close="Cancel",
        blocks=[
            SectionBlock(
                text=MarkdownTextObject(
                    text="Something you'd like the programme team to know — about your pairing, the programme, or "
                    "anything that made you uneasy. :lock: Unless you tick the box below, they get your words "
                    "only: your name isn't sent, and the bot doesn't keep it anywhere."
                )
            ),
            *which,
            InputBlock(
                block_id=ids.TALK_TEXT_BLOCK,
                label="Your message",
                element=PlainTextInputElement(
                    action_id=ids.INPUT_ACTION, multiline=True, max_length=MAX_TEAM_NOTE
                ),
            ),
            InputBlock(
                block_id=ids.TALK_NAMED_BLOCK,
                label="Your name",
                optional=True,
                element=CheckboxesElement(
                    action_id=ids.INPUT_ACTION,
                    options=[
                        Option(value=ids.TALK_NAMED_VALUE, label="Share my name, so they can reply to me")
                    ],
                ),
            ),
        ],
    )
