"""A note to the programme team was submitted: checked inline, sent to its admins, anonymous unless signed.
This view's requests are logged without the user's id (handlers/listen.py)."""

from __future__ import annotations

from dataclasses import dataclass

from slack_bolt import Ack
from slack_sdk import WebClient

from bot import ids
from bot.blocks import refusals
from bot.blocks.forms import Form
from bot.blocks.messages import MAX_TEAM_NOTE
from bot.deps import Deps
from bot.payload import Payload
from bot.services.team_notes import write_to_team
from handlers.errors import tell
from handlers.listen import DONE


@dataclass(frozen=True)
class Note:
    programme_id: int
    text: str
    named: bool


def check_note(ack: Ack, view: Payload) -> object:
    form = Form.of(view)
    text = (form.text(ids.TALK_TEXT_BLOCK) or "").strip()
    chosen = (
        form.choice(ids.TALK_WHICH_BLOCK) if form.has(ids.TALK_WHICH_BLOCK) else view.get("private_metadata")
    )
    errors = {}
    if not text:
        errors[ids.TALK_TEXT_BLOCK] = refusals.WRITE_SOMETHING
    elif len(text) > MAX_TEAM_NOTE:
        errors[ids.TALK_TEXT_BLOCK] = refusals.keep_under(MAX_TEAM_NOTE)
    if not (isinstance(chosen, str) and chosen.isdigit()):
        errors[ids.TALK_WHICH_BLOCK] = refusals.CHOOSE_ONE
    if errors:
        ack(response_action="errors", errors=errors)
        return DONE
    named = ids.TALK_NAMED_VALUE in form.choices(ids.TALK_NAMED_BLOCK)  # only their own tick names them
    return Note(int(str(chosen)), text, named)


def on_note(acked: Note, body: Payload, client: WebClient, deps: Deps) -> None:
    reply = write_to_team(
        client=client,
        deps=deps,
        team_id=body["team"]["id"],
        user_id=body["user"]["id"],
        programme_id=acked.programme_id,
        text=acked.text,
        named=acked.named,
    )
    tell(body, client, reply)
