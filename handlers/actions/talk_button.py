"""'Talk to the programme team' (on Home and on every poll): open the note modal."""

from __future__ import annotations

from slack_sdk import WebClient
from slack_sdk.models.views import View

from bot.blocks.dialogs import notice_modal, talk_modal
from bot.deps import Deps
from bot.payload import Payload
from bot.services.team_notes import NotInProgramme, programmes_of
from handlers.shared import fill_modal


def on_talk(body: Payload, client: WebClient, deps: Deps, opened: Payload) -> None:

    def build() -> View:
        with deps.reads.begin() as session:
            choices = programmes_of(session=session, team_id=body["team"]["id"], user_id=body["user"]["id"])
        return talk_modal(choices) if choices else notice_modal(str(NotInProgramme()))

    fill_modal(client, opened, build)
