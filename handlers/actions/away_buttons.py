"""The heads-up's buttons: skip the coming round, or take part after all — shown in the very message."""

from __future__ import annotations

from slack_sdk import WebClient

from bot import ids
from bot.blocks.away import heads_up_message
from bot.deps import Deps
from bot.payload import Payload
from bot.services.away import skip_round


def on_skip_round(body: Payload, action: Payload, client: WebClient, deps: Deps) -> None:
    key, skip = str(action.get("value") or ""), action["action_id"] == ids.SKIP_ROUND
    with deps.requests.begin() as session:
        slot, tz = skip_round(
            session=session, team_id=body["team"]["id"], key=key, user_id=body["user"]["id"], skip=skip
        )
    text, blocks = heads_up_message(key=key, slot=slot, tz=tz, skipped=skip)
    client.chat_update(channel=body["channel"]["id"], ts=body["message"]["ts"], text=text, blocks=blocks)
