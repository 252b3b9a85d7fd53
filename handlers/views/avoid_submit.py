"""The "don't pair me with" modal was submitted: replace the private list."""

from __future__ import annotations

from slack_bolt import Ack
from slack_sdk import WebClient

from bot import ids
from bot.deps import Deps
from bot.services.avoid import set_avoided


def on_avoid_submit(ack: Ack, body: dict, view: dict, client: WebClient, deps: Deps) -> None:
    user_id = body["user"]["id"]
    chosen = ((view["state"]["values"].get(ids.AVOID_BLOCK) or {}).get(ids.AVOID_ACTION) or {}).get(
        "selected_users"
    ) or []
    if user_id in chosen:
        ack(
            response_action="errors",
            errors={ids.AVOID_BLOCK: "You can't avoid yourself — take yourself off the list."},
        )
        return
    ack()
    with deps.sessions.begin() as session:
        set_avoided(
            session=session, team_id=body["team"]["id"], user_id=user_id, avoided=chosen, now=deps.clock.now()
        )
