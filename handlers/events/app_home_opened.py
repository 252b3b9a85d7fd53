"""Someone opened the App Home: publish their Home tab (idempotent, so Slack's retries are harmless)."""

from __future__ import annotations

from slack_sdk import WebClient

from bot.deps import Deps
from bot.payload import Payload
from bot.services.slack_people import publish_home
from handlers.listen import DONE


def only_the_home_tab(event: Payload) -> object:
    return None if event.get("tab") == "home" else DONE


def on_app_home_opened(body: Payload, event: Payload, client: WebClient, deps: Deps) -> None:
    publish_home(client=client, deps=deps, team_id=body["team_id"], user_id=event["user"])
