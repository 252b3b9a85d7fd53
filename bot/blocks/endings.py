"""After a pairing ended: one private tap, why? (bot/endings.py), counted in the report and shown to no one."""

from __future__ import annotations

from collections.abc import Sequence

from slack_sdk.models.blocks import (
    ActionsBlock,
    ButtonElement,
    ContextBlock,
    MarkdownTextObject,
    SectionBlock,
)

from bot import ids
from bot.blocks.keep_meeting import Message
from bot.endings import WHYS
from bot.outbox import kinds


def why_message(*, key: str, pair_id: int, partners: Sequence[str], chosen: str | None = None) -> Message:
    names = " and ".join(f"<@{u}>" for u in partners) or "your partner"
    text = (
        f"Your pairing with {names} has ended. One tap, just for you: what best describes why? It is only "
        "counted with others' answers — never shown to anyone, your partner included."
    )
    marker = SectionBlock(block_id=kinds.marker(key), text=MarkdownTextObject(text=text))
    if chosen is not None:
        done = f"Thank you — noted: _{WHYS.get(chosen, chosen)}_."
        return text, [marker, ContextBlock(elements=[MarkdownTextObject(text=done)])]
    buttons = [
        ButtonElement(text=WHYS[why], action_id=action_id, value=str(pair_id))
        for action_id, why in ids.WHY_CHOICES.items()
    ]
    return text, [marker, ActionsBlock(elements=buttons)]
