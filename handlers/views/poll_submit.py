"""A feedback poll was submitted: check it inline, store it confidentially, once; 'not a fit' ends the pair."""

from __future__ import annotations

import json
from dataclasses import dataclass

from slack_bolt import Ack
from slack_sdk import WebClient

from bot import ids
from bot.blocks.keep_meeting import poll_message
from bot.deps import Deps
from bot.services import checkins
from bot.services.delivery import render_intro
from handlers.listen import DONE


@dataclass(frozen=True)
class PollAnswers:
    value: int
    learned: bool
    taught: bool
    fit: str | None
    comment: str | None


def check_poll(ack: Ack, view: dict) -> object:
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
        return DONE
    comment = ((values.get(ids.POLL_COMMENT_BLOCK) or {}).get(ids.INPUT_ACTION) or {}).get("value")
    return PollAnswers(
        value=int(chosen(ids.POLL_VALUE_BLOCK) or 0),
        learned=chosen(ids.POLL_LEARNED_BLOCK) == "yes",
        taught=chosen(ids.POLL_TAUGHT_BLOCK) == "yes",
        fit=chosen(ids.POLL_FIT_BLOCK),
        comment=(comment or "").strip() or None,
    )


def on_poll_submit(acked: PollAnswers, body: dict, view: dict, client: WebClient, deps: Deps) -> None:
    meta = json.loads(view.get("private_metadata") or "{}")
    now = deps.clock.now()
    with deps.requests.begin() as session:
        saved, ended = checkins.save_poll(
            session=session, team_id=body["team"]["id"], poll_key=meta["key"], user_id=body["user"]["id"],
            value=acked.value, learned=acked.learned, taught=acked.taught, fit=acked.fit, comment=acked.comment,
            now=now,
        )  # fmt: skip
        intro = render_intro(deps, session, ended, now) if ended else None
        intro_at = (ended.channel_id, ended.intro_ts) if ended else (None, None)
    if saved and meta.get("channel") and not meta["key"].startswith("term-end:"):
        text, blocks = poll_message(key=meta["key"], poll_key=meta["key"], answered=True)
        client.chat_update(channel=meta["channel"], ts=meta["ts"], text=text, blocks=blocks)
    if intro and all(intro_at):
        client.chat_update(channel=intro_at[0], ts=intro_at[1], text=intro[0], blocks=intro[1])
