"""The admins' dashboard buttons on the Home tab: the same as `/mentor admin …`, answered in their DM."""

from __future__ import annotations

from slack_sdk import WebClient

from bot import ids
from bot.commands import parse
from bot.deps import Deps
from handlers.commands.admin import handle_admin, handle_report
from handlers.shared import Asker

COMMANDS = {
    ids.HOME_ADMIN_PREVIEW: "admin match preview",
    ids.HOME_ADMIN_MATCH: "admin match",
    ids.HOME_ADMIN_SETTINGS: "admin settings",
    ids.HOME_ADMIN_REPORT: "report",
}


def on_admin_button(body: dict, action: dict, client: WebClient, deps: Deps, opened: dict | None) -> None:
    user_id = body["user"]["id"]
    asker = Asker(
        client=client,
        deps=deps,
        body=body,
        team_id=body["team"]["id"],
        user_id=user_id,
        trigger_id=body["trigger_id"],
        opened=opened,
    )
    command = parse(COMMANDS[action["action_id"]])

    def to_dm(text: str = "", blocks: list | None = None, **_: object) -> None:
        # No response_url on the Home tab: the answer goes to the admin's DM with the bot.
        client.chat_postMessage(channel=user_id, text=text or "Mentoring programme", blocks=blocks)

    (handle_report if command.name == "report" else handle_admin)(command, asker, to_dm)
