"""'Why did it end?': one private tap, kept once, shown in the very message."""

from __future__ import annotations

from slack_sdk import WebClient

from bot import ids
from bot.blocks.endings import why_message
from bot.deps import Deps
from bot.payload import Payload
from bot.services.endings import record_why
from handlers.shared import id_in, message_key


def on_why(body: Payload, action: Payload, client: WebClient, deps: Deps) -> None:
    value = str(action.get("value") or "")
    with deps.requests.begin() as session:
        done = record_why(
            session=session,
            team_id=body["team"]["id"],
            pair_id=id_in(value),
            user_id=body["user"]["id"],
            why=ids.WHY_CHOICES[action["action_id"]],
            now=deps.clock.now(),
        )
    text, blocks = why_message(
        key=message_key(body), pair_id=done.pair_id, partners=done.partners, chosen=done.why
    )
    client.chat_update(channel=body["channel"]["id"], ts=body["message"]["ts"], text=text, blocks=blocks)
