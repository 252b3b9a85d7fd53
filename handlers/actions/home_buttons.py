"""The App Home tab's buttons: each acks, then opens its modal or acts."""

from __future__ import annotations

from slack_bolt import Ack
from slack_sdk import WebClient

from bot.deps import Deps
from handlers.shared import Asker, open_modal, resume


def on_join(ack: Ack, body: dict, client: WebClient, deps: Deps) -> None:
    ack()
    open_modal("profile", _asker(body, client, deps))


on_edit = on_join


def on_pause(ack: Ack, body: dict, client: WebClient, deps: Deps) -> None:
    ack()
    open_modal("pause", _asker(body, client, deps))


def on_leave(ack: Ack, body: dict, client: WebClient, deps: Deps) -> None:
    ack()
    open_modal("leave", _asker(body, client, deps))


def on_avoid(ack: Ack, body: dict, client: WebClient, deps: Deps) -> None:
    ack()
    open_modal("avoid", _asker(body, client, deps))


def on_resume(ack: Ack, body: dict, client: WebClient, deps: Deps) -> None:
    ack()
    asker = _asker(body, client, deps)
    resume(
        client=client, deps=deps, team_id=asker.team_id, user_id=asker.user_id
    )  # the Home tab is the answer


def _asker(body: dict, client: WebClient, deps: Deps) -> Asker:
    team_id = body["team"]["id"] if body.get("team") else body["user"]["team_id"]
    return Asker(
        client=client,
        deps=deps,
        body=body,
        team_id=team_id,
        user_id=body["user"]["id"],
        trigger_id=body["trigger_id"],
    )
