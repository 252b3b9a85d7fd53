"""The listening question (bot.listening): its private message, and the modal that answers it."""

from __future__ import annotations

from slack_sdk.models.blocks import (
    ActionsBlock,
    ButtonElement,
    CheckboxesElement,
    ContextBlock,
    InputBlock,
    MarkdownTextObject,
    Option,
    PlainTextInputElement,
    SectionBlock,
    StaticMultiSelectElement,
)
from slack_sdk.models.views import View

from bot import ids
from bot.blocks.keep_meeting import Message, talk_to_team
from bot.blocks.messages import marker
from bot.blocks.profile_modal import topic_groups
from bot.catalogue import Catalogue
from bot.listening import MAX_TEXT, MAX_THEMES
from bot.text import typed


def listen_message(*, key: str, question: str, answered: bool = False) -> Message:
    """Privately, after a meeting: this period's question about the organisation."""
    text = (
        ":ear: A question for the organisation, asked of everyone in your programme every six weeks: "
        f"*{typed(question)}* Your answer is kept without your name and read only as counts across several "
        "people; your words are quoted only if you say so."
    )
    if answered:
        done = ContextBlock(elements=[MarkdownTextObject(text="Thanks — answered. :pray:")])
        return text, [marker(key, text), done, talk_to_team()]
    button = ButtonElement(text="Answer (a minute)", action_id=ids.LISTEN_OPEN, value=key, style="primary")
    return text, [marker(key, text), ActionsBlock(elements=[button]), talk_to_team()]


def listen_modal(*, key: str, question: str, catalogue: Catalogue, min_group: int) -> View:
    return View(
        type="modal",
        callback_id=ids.LISTEN_VIEW,
        private_metadata=key,
        title="What we're hearing",
        submit="Send",
        close="Not now",
        blocks=[
            SectionBlock(text=MarkdownTextObject(text=f"*{typed(question)}*")),
            ContextBlock(
                elements=[
                    MarkdownTextObject(
                        text=":lock: Kept without your name, your partner's or the date. The programme team "
                        f"sees counts only, and only once at least {min_group} people have answered."
                    )
                ]
            ),
            InputBlock(
                block_id=ids.LISTEN_THEMES_BLOCK,
                label="What does it touch on?",
                hint=f"Up to {MAX_THEMES} topics.",
                element=StaticMultiSelectElement(
                    action_id=ids.INPUT_ACTION,
                    placeholder="Choose topics",
                    option_groups=topic_groups(catalogue),
                    max_selected_items=MAX_THEMES,
                ),
            ),
            InputBlock(
                block_id=ids.LISTEN_TEXT_BLOCK,
                label="In your own words",
                optional=True,
                element=PlainTextInputElement(
                    action_id=ids.INPUT_ACTION, multiline=True, max_length=MAX_TEXT
                ),
            ),
            InputBlock(
                block_id=ids.LISTEN_QUOTE_BLOCK,
                label="Quoting",
                optional=True,
                element=CheckboxesElement(
                    action_id=ids.INPUT_ACTION,
                    options=[
                        Option(
                            value=ids.LISTEN_QUOTE_VALUE,
                            label="My words may be quoted anonymously in the programme report",
                        )
                    ],
                ),
            ),
        ],
    )
