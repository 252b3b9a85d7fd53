"""The heads-up a working day before a round: you're in it — skip it if you're away or too busy."""

from __future__ import annotations

from datetime import datetime

from slack_sdk.models.blocks import ActionsBlock, ButtonElement

from bot import ids
from bot.blocks.keep_meeting import Message
from bot.blocks.messages import marker
from bot.pausing import long_date
from bot.timezones import zone


def heads_up_message(*, key: str, slot: datetime, tz: str | None, skipped: bool = False) -> Message:
    day = long_date(slot.astimezone(zone(tz)).date())
    if skipped:
        text = (
            f":ok_hand: You'll sit out the round on {day} — nobody is told why. You're in the one after, "
            "unless your Slack status says you're away."
        )
        button = ButtonElement(text="Count me in after all", action_id=ids.TAKE_PART, value=key)
    else:
        text = (
            f":calendar: Heads-up: the next round of pairing is on {day}, and you're in it. Away then, or too "
            "busy to start something new? Skip this one — you'll be in the next. (If your Slack status says "
            "you're away, e.g. *OOO* or :palm_tree:, you're skipped until it ends.)"
        )
        button = ButtonElement(text="Skip this round", action_id=ids.SKIP_ROUND, value=key)
    return text, [marker(key, text), ActionsBlock(elements=[button])]
