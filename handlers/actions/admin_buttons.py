"""The admins' dashboard buttons on the Home tab: the same as `/mentor admin …`, answered in their DM."""

from __future__ import annotations

from collections.abc import Sequence

from slack_sdk import WebClient
from slack_sdk.models.blocks import Block

from bot import ids
from bot.commands import Command
from bot.deps import Deps
from bot.payload import Payload
from handlers.commands.admin import handle_report, run_admin
from handlers.shared import Asker

# Each button runs what its command runs, directly.
BUTTONS = {
    ids.HOME_ADMIN_PREVIEW: (run_admin, Command("match", "preview")),
    ids.HOME_ADMIN_MATCH: (run_admin, Command("match")),
    ids.HOME_ADMIN_SETTINGS: (run_admin, Command("settings")),
    ids.HOME_ADMIN_REPORT: (handle_report, Command("report")),
    ids.HOME_ADMIN_PROGRAMMES: (run_admin, Command("programmes")),
}


def on_admin_button(
    body: Payload, action: Payload, client: WebClient, deps: Deps, opened: Payload | None
) -> None:
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
    run, command = BUTTONS[action["action_id"]]

    def to_dm(text: str = "", blocks: Sequence[Block | Payload] | None = None, **_: object) -> None:
        # No response_url on the Home tab: the answer goes to the admin's DM with the bot.
        client.chat_postMessage(channel=user_id, text=text or "Mentoring programme", blocks=blocks)

    run(command, asker, to_dm)
