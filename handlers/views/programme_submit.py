"""The programme modal: a programme made or changed (workspace admins). Checked inline, stored after."""

from __future__ import annotations

from slack_bolt import Ack
from slack_sdk import WebClient

from bot.blocks.forms import Form
from bot.blocks.programmes import read_programme
from bot.deps import Deps
from bot.payload import Payload
from bot.programme import ProgrammeProfile, validate_profile
from bot.services import programmes
from handlers.views.admin_forms import checked, programme_admitted


def check_programme(ack: Ack, view: Payload, deps: Deps) -> object:
    return checked(ack, lambda: validate_profile(read_programme(Form.of(view)), deps.catalogue.topics))


def on_programme_submit(
    acked: ProgrammeProfile | None, body: Payload, view: Payload, client: WebClient, deps: Deps
) -> None:
    programme_id = programme_admitted(client, deps, body, view)
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
