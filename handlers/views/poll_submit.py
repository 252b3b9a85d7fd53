"""A feedback poll was submitted: store it confidentially, once; a 'not a fit' ends the pair kindly."""

from __future__ import annotations

import json

from slack_bolt import Ack
from slack_sdk import WebClient

from bot import ids
from bot.blocks.keep_meeting import poll_message
from bot.deps import Deps
from bot.services import checkins
from bot.services.delivery import render_intro


def on_poll_submit(ack: Ack, body: dict, view: dict, client: WebClient, deps: Deps) -> None:
    values = view["state"]["values"]

    def chosen(block: str) -> str | None:
        option = ((values.get(block) or {}).get(ids.INPUT_ACTION) or {}).get("selected_option")
        return option["value"] if option else None

    errors = {b: "Please choose one." for b in (ids.POLL_VALUE_BLOCK, ids.POLL_LEARNED_BLOCK, ids.POLL_TAUGHT_BLOCK)
              if chosen(b) is None}  # fmt: skip
    if ids.POLL_FIT_BLOCK in values and chosen(ids.POLL_FIT_BLOCK) is None:
        errors[ids.POLL_FIT_BLOCK] = "Please choose one."
    if errors:
        ack(response_action="errors", errors=errors)
        return
    ack()
    meta = json.loads(view.get("private_metadata") or "{}")
    comment = ((values.get(ids.POLL_COMMENT_BLOCK) or {}).get(ids.INPUT_ACTION) or {}).get("value")
    now = deps.clock.now()
    with deps.sessions.begin() as session:
        saved, ended = checkins.save_poll(
            session=session, team_id=body["team"]["id"], poll_key=meta["key"], user_id=body["user"]["id"],
            value=int(chosen(ids.POLL_VALUE_BLOCK)), learned=chosen(ids.POLL_LEARNED_BLOCK) == "yes",
            taught=chosen(ids.POLL_TAUGHT_BLOCK) == "yes", fit=chosen(ids.POLL_FIT_BLOCK),
            comment=(comment or "").strip() or None, now=now,
        )  # fmt: skip
        intro = render_intro(deps, session, ended, now) if ended else None
        intro_at = (ended.channel_id, ended.intro_ts) if ended else (None, None)
    if saved and meta.get("channel") and not meta["key"].startswith("term-end:"):
        text, blocks = poll_message(key=meta["key"], poll_key=meta["key"], answered=True)
        client.chat_update(channel=meta["channel"], ts=meta["ts"], text=text, blocks=blocks)
    if intro and all(intro_at):
        client.chat_update(channel=intro_at[0], ts=intro_at[1], text=intro[0], blocks=intro[1])
