"""The programme settings modal was submitted: check it inline, then store it (admins only)."""

from __future__ import annotations

from slack_bolt import Ack
from slack_sdk import WebClient

from bot.blocks.forms import Form
from bot.blocks.settings import read_settings
from bot.deps import Deps
from bot.payload import Payload
from bot.programme import ProgrammeSettings, validate_settings
from bot.services.admin_controls import save_settings
from handlers.views.admin_forms import checked, programme_admitted


def check_settings(ack: Ack, view: Payload) -> object:
    # Checked against the defaults: the store keeps what the modal doesn't hold (the scoring weights).
    return checked(ack, lambda: validate_settings(read_settings(Form.of(view)), ProgrammeSettings()))


def on_settings_submit(
    acked: ProgrammeSettings | None, body: Payload, view: Payload, client: WebClient, deps: Deps
) -> None:
    programme_id = programme_admitted(client, deps, body, view)
    if acked is None:
        return
    with deps.requests.begin() as session:
        save_settings(
            session=session,
            team_id=body["team"]["id"],
            settings=acked,
            now=deps.clock.now(),
            programme_id=programme_id,
        )
