"""Someone opened the App Home: publish their Home tab (idempotent, so Slack's retries are harmless)."""

from __future__ import annotations

from slack_bolt import Ack
from slack_sdk import WebClient

from bot.deps import Deps
from bot.services.slack_people import publish_home


def on_app_home_opened(ack: Ack, event: dict, body: dict, client: WebClient, deps: Deps) -> None:
    ack()
    if event.get("tab") != "home":
        return
    publish_home(client=client, deps=deps, team_id=body["team_id"], user_id=event["user"])
