"""The App Home tab's buttons: each acks, then opens its modal or acts."""

from __future__ import annotations

from slack_bolt import Ack
from slack_sdk import WebClient

from bot.deps import Deps
from handlers import shared


def on_join(ack: Ack, body: dict, client: WebClient, deps: Deps) -> None:
    ack()
    shared.open_profile_modal(client=client, deps=deps, **_who(body), trigger_id=body["trigger_id"])


on_edit = on_join


def on_pause(ack: Ack, body: dict, client: WebClient, deps: Deps) -> None:
    ack()
    shared.open_pause_modal(client=client, deps=deps, **_who(body), trigger_id=body["trigger_id"])


def on_leave(ack: Ack, body: dict, client: WebClient, deps: Deps) -> None:
    ack()
    shared.open_leave_modal(client=client, deps=deps, **_who(body), trigger_id=body["trigger_id"])


def on_resume(ack: Ack, body: dict, client: WebClient, deps: Deps) -> None:
    ack()
    shared.resume(client=client, deps=deps, **_who(body))  # the refreshed Home tab is the answer


def _who(body: dict) -> dict[str, str]:
    return {
        "team_id": body["team"]["id"] if body.get("team") else body["user"]["team_id"],
        "user_id": body["user"]["id"],
    }
