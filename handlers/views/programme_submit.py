"""The programme modal: a programme made or changed (workspace admins). Checked inline, stored after."""

from __future__ import annotations

from slack_bolt import Ack
from slack_sdk import WebClient

from bot.blocks.forms import Form
from bot.blocks.programmes import programme_of_view, read_programme
from bot.deps import Deps
from bot.payload import Payload
from bot.programme import ProgrammeProfile, validate_profile
from bot.services import programmes
from bot.services.admins import admin_scope
from handlers.views.admin_forms import checked


def check_programme(ack: Ack, view: Payload) -> object:
    return checked(ack, lambda: validate_profile(read_programme(Form.of(view))))


def on_programme_submit(
    acked: ProgrammeProfile | None, body: Payload, view: Payload, client: WebClient, deps: Deps
) -> None:
    scope = admin_scope(client=client, deps=deps, team_id=body["team"]["id"], user_id=body["user"]["id"])
    programme_id = programme_of_view(view)  # a forged submission changes nothing:
    if programme_id is None:
        scope.require_everything()
    else:
        scope.require(programme_id)
    if acked is None:
        return
    with deps.requests.begin() as session:
        programmes.save(
            session=session,
            team_id=body["team"]["id"],
            programme_id=programme_id,
            profile=acked,
            now=deps.clock.now(),
        )
