"""The programme settings modal was submitted: check inline, then store (admins only)."""

from __future__ import annotations

from slack_bolt import Ack
from slack_sdk import WebClient

from bot.blocks.settings import read_settings
from bot.deps import Deps
from bot.programme import validate_settings
from bot.services.admin_controls import save_settings
from bot.services.admins import is_admin
from bot.services.rounds import programme_settings


def on_settings_submit(ack: Ack, body: dict, view: dict, client: WebClient, deps: Deps) -> None:
    team_id, user_id = body["team"]["id"], body["user"]["id"]
    with deps.sessions.begin() as session:
        current = programme_settings(session, team_id)
    settings, errors = validate_settings(read_settings(view["state"]["values"]), current)
    if errors:
        ack(response_action="errors", errors=errors)
        return
    ack()
    if not is_admin(client=client, deps=deps, user_id=user_id):
        return  # only admins can open this modal; a forged submission changes nothing
    with deps.sessions.begin() as session:
        save_settings(session=session, team_id=team_id, settings=settings, now=deps.clock.now())
