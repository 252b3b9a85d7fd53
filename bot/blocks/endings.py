"""After a pairing ended: one private tap, why? (bot/endings.py), counted in the report and shown to no one."""

from __future__ import annotations

from collections.abc import Sequence

from slack_sdk.models.blocks import (
    ActionsBlock,
    ButtonElement,
    ContextBlock,
    MarkdownTextObject,
)

from bot import ids
from bot.blocks.keep_meeting import Message
from bot.blocks.messages import marker, mentioned
from bot.endings import WHYS


def why_message(*, key: str, pair_id: int, partners: Sequence[str], chosen: str | None = None) -> Message:
    names = mentioned(partners)
    text = (
        f"Your pairing with {names} has ended. One tap, just for you: what best describes why? It is only "
        "counted with others' answers — never shown to anyone, your partner included."
    )
    if chosen is not None:
        done = f"Thank you — noted: _{WHYS.get(chosen, chosen)}_."
        return text, [marker(key, text), ContextBlock(elements=[MarkdownTextObject(text=done)])]
    buttons = [
        ButtonElement(text=WHYS[why], action_id=action_id, value=str(pair_id))
        for action_id, why in ids.WHY_CHOICES.items()
    ]
    return text, [marker(key, text), ActionsBlock(elements=buttons)]
