"""The listening question's button: open its modal, with the programme's topics to tag the answer with.
Logged without the user's id (handlers/listen.py)."""

from __future__ import annotations

from slack_sdk import WebClient
from slack_sdk.models.views import View

from bot.blocks.listening import listen_modal
from bot.deps import Deps
from bot.payload import Payload
from bot.services.listening import asked
from bot.services.programme import programme_settings
from handlers.shared import fill_modal


def on_listen_open(body: Payload, action: Payload, client: WebClient, deps: Deps, opened: Payload) -> None:

    def build() -> View:
        with deps.reads.begin() as session:
            ask = asked(
                session=session,
                team_id=body["team"]["id"],
                key=str(action.get("value") or ""),
                user_id=body["user"]["id"],
                catalogue=deps.catalogue,
            )
            settings = programme_settings(session=session, programme_id=ask.member.programme_id)
        return listen_modal(
            key=ask.row.key,
            question=ask.question.label,
            catalogue=ask.catalogue,
            min_group=settings.min_group_size,
        )

    fill_modal(client, opened, build)
