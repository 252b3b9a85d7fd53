"""The "don't pair me with" modal was submitted: replace the private list."""

from __future__ import annotations

from slack_bolt import Ack
from slack_sdk import WebClient

from bot import ids
from bot.blocks import refusals
from bot.blocks.forms import Form
from bot.deps import Deps
from bot.payload import Payload
from bot.services.avoid import set_avoided
from handlers.listen import DONE


def check_avoided(ack: Ack, body: Payload, view: Payload) -> object:
    chosen = list(Form.of(view).users(ids.AVOID_BLOCK, ids.AVOID_ACTION))
    if body["user"]["id"] in chosen:
        ack(
            response_action="errors",
            errors={ids.AVOID_BLOCK: refusals.AVOID_YOURSELF_IN_LIST},
        )
        return DONE
    return chosen


def on_avoid_submit(acked: list[str], body: Payload, client: WebClient, deps: Deps) -> None:
    with deps.requests.begin() as session:
        set_avoided(
            session=session,
            team_id=body["team"]["id"],
            user_id=body["user"]["id"],
            avoided=acked,
            now=deps.clock.now(),
        )
