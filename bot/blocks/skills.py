"""The skills market's ask: privately, could you teach a scarce topic close to one you teach? And the
admin's answer once asks are queued."""

from __future__ import annotations

from slack_sdk.models.blocks import (
    ActionsBlock,
    ButtonElement,
    ContextBlock,
    MarkdownTextObject,
)

from bot import ids
from bot.blocks.keep_meeting import Message
from bot.blocks.messages import marker
from bot.profile import MAX_TOPICS
from bot.text import typed


def ask_teach_message(
    *, key: str, ask_id: int, topic: str, wanting: int, answer: str | None = None, full: bool = False
) -> Message:
    """`topic`: its label. `answer`: yes | no once given (then the buttons give way to what happened)."""
    people = f"{wanting} colleague{'s' if wanting != 1 else ''}"
    text = (
        f":seedling: {people} in your programme want to learn *{typed(topic)}*, and fewer people teach it. "
        "You teach something close to it: could you teach it too?"
    )
    if answer is None:
        buttons = [
            ButtonElement(
                text="Yes, add it to what I teach",
                action_id=ids.ASK_TEACH_YES,
                value=str(ask_id),
                style="primary",
            ),
            ButtonElement(text="Not this time", action_id=ids.ASK_TEACH_NO, value=str(ask_id)),
        ]
        return text, [marker(key, text), ActionsBlock(elements=buttons)]
    if answer == "yes" and full:
        said = (
            f"Thank you! Your profile already lists {MAX_TOPICS} topics to teach: swap one for "
            f"*{typed(topic)}* with `/mentor profile` if you'd like."
        )
    elif answer == "yes":
        said = f":white_check_mark: Thank you — *{typed(topic)}* is now among what you teach."
    else:
        said = "No problem — thanks for saying. Nothing changes."
    return text, [marker(key, text), ContextBlock(elements=[MarkdownTextObject(text=said)])]
