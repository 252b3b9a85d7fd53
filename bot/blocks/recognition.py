"""Recognition: a thank-you after a meeting, a pair's story at term end (posted in the programme's channel
with both people's consent and an admin's approval), a completion note, and the channel's fortnightly prompt
and monthly figure. Whatever people typed is shown as typed (bot.text.typed), never as markup."""

from __future__ import annotations

from collections.abc import Sequence

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    CheckboxesElement,
    ContextBlock,
    InputBlock,
    MarkdownTextObject,
    Option,
    PlainTextInputElement,
    SectionBlock,
)
from slack_sdk.models.views import View

from bot import ids
from bot.blocks.keep_meeting import Message
from bot.blocks.messages import marker, mentioned
from bot.text import typed

MAX_THANKS = 300
MAX_STORY = 600


def thanks_modal(*, poll_key: str, partners: Sequence[str]) -> View:
    return View(
        type="modal",
        callback_id=ids.THANKS_VIEW,
        private_metadata=poll_key,
        title="Thank your partner",
        submit="Send",
        close="Cancel",
        blocks=[
            SectionBlock(
                text=MarkdownTextObject(
                    text=f"A short note to {mentioned(partners)} about your meeting — what helped, what you'll try."
                )
            ),
            InputBlock(
                block_id=ids.THANKS_TEXT_BLOCK,
                label="Your note",
                element=PlainTextInputElement(
                    action_id=ids.INPUT_ACTION, multiline=True, max_length=MAX_THANKS
                ),
            ),
        ],
    )


def thanks_message(*, key: str, writer: str, text: str) -> Message:
    said = f":sparkling_heart: <@{writer}> says thank you for your meeting:\n>{typed(text, limit=MAX_THANKS)}"
    return said, [marker(key, said)]


def story_modal(*, pair_id: int, partners: Sequence[str]) -> View:
    return View(
        type="modal",
        callback_id=ids.STORY_VIEW,
        private_metadata=str(pair_id),
        title="Share your story",
        submit="Share",
        close="Cancel",
        blocks=[
            SectionBlock(
                text=MarkdownTextObject(
                    text=f"What did you and {mentioned(partners)} learn from each other? A few sentences in your own "
                    "words. Nothing is posted unless your partner shares theirs too and the programme team "
                    "approves; it is posted with your names."
                )
            ),
            InputBlock(
                block_id=ids.STORY_TEXT_BLOCK,
                label="Your story",
                element=PlainTextInputElement(
                    action_id=ids.INPUT_ACTION, multiline=True, max_length=MAX_STORY
                ),
            ),
            InputBlock(
                block_id=ids.STORY_CONSENT_BLOCK,
                label="Consent",
                element=CheckboxesElement(
                    action_id=ids.INPUT_ACTION,
                    options=[
                        Option(value=ids.STORY_CONSENT_VALUE, label="Post it, with my name, in the channel")
                    ],
                ),
            ),
        ],
    )


def _quoted(stories: Sequence[tuple[str, str]]) -> str:
    return "\n".join(f">{typed(text, limit=MAX_STORY)}\n— <@{user}>" for user, text in stories)


def story_review_message(
    *,
    key: str,
    pair_id: int,
    stories: Sequence[tuple[str, str]],
    programme: str,
    channel: str | None,
    decided: str | None = None,
) -> Message:
    """To an admin: the story both people shared, to approve (posted in the channel) or decline."""
    people = mentioned([u for u, _ in stories])
    where = (
        f"<#{channel}>"
        if channel
        else "the programme's channel (none is chosen yet: `/mentor admin channel`)"
    )
    text = f":star2: {people} shared the story of their term in *{typed(programme)}* and agree to it being posted in {where}."
    blocks: list[Block] = [
        marker(key, text),
        SectionBlock(text=MarkdownTextObject(text=_quoted(stories)[:3000])),
    ]
    if decided:
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=decided)]))
    else:
        blocks.append(
            ActionsBlock(
                elements=[
                    ButtonElement(
                        text="Approve & post",
                        action_id=ids.STORY_APPROVE,
                        value=str(pair_id),
                        style="primary",
                    ),
                    ButtonElement(text="Decline", action_id=ids.STORY_DECLINE, value=str(pair_id)),
                ]
            )
        )
    return text, blocks


def story_post(*, key: str, stories: Sequence[tuple[str, str]], programme: str) -> Message:
    people = mentioned([u for u, _ in stories])
    text = f":star2: {people} finished a term of *{typed(programme)}* mentoring, teaching each other. In their words:"
    return text, [marker(key, text), SectionBlock(text=MarkdownTextObject(text=_quoted(stories)[:3000]))]


def completed_message(
    *,
    key: str,
    partners: Sequence[str],
    weeks: int,
    meetings: int,
    taught: Sequence[str],
    learned: Sequence[str],
) -> Message:
    """Privately, at term end: what they did together."""
    parts = [f"{weeks} weeks", f"{meetings} meeting{'s' if meetings != 1 else ''} logged"]
    exchange = []
    if taught:
        exchange.append("you taught " + ", ".join(f"*{typed(t)}*" for t in taught))
    if learned:
        exchange.append("you learned " + ", ".join(f"*{typed(t)}*" for t in learned))
    text = (
        f":tada: You completed a term of mentoring with {mentioned(partners)}: {', '.join(parts)}"
        + (f"; {' and '.join(exchange)}" if exchange else "")
        + ". Thank you — learning both ways is what makes this work."
    )
    return text, [marker(key, text)]


def channel_prompt_message(*, key: str, question: str, programme: str) -> Message:
    text = (
        f":thought_balloon: A question for this fortnight, for everyone in *{typed(programme)}* — ask it in your "
        f"next meeting:\n>{typed(question)}"
    )
    return text, [marker(key, text)]


def channel_figure_message(
    *, key: str, month: str, programme: str, pairs_met: int, meetings: int, topics: int
) -> Message:
    text = (
        f":bar_chart: {month} in *{typed(programme)}*: {pairs_met} pairs met {meetings} times, exchanging "
        f"{topics} topics between them."
    )
    return text, [marker(key, text)]
