"""The leave modal was submitted: ack, leave (erasing if asked), and say goodbye."""

from __future__ import annotations

from slack_sdk import WebClient

from bot import ids
from bot.blocks import messages
from bot.blocks.dialogs import read_which
from bot.blocks.forms import Form
from bot.deps import Deps
from bot.payload import Payload
from bot.services import enrolment
from bot.services.enrolment import LeaveOutcome
from bot.services.slack_people import publish_home
from handlers.shared import answer_opener


def on_leave_submit(body: Payload, view: Payload, client: WebClient, deps: Deps) -> None:
    team_id, user_id = body["team"]["id"], body["user"]["id"]
    erase = ids.LEAVE_ERASE_VALUE in Form.of(view).choices(ids.LEAVE_ERASE_BLOCK, ids.LEAVE_ERASE_ACTION)
    with deps.requests.begin() as session:
        done = enrolment.leave(
            session=session,
            team_id=team_id,
            user_id=user_id,
            erase=erase,
            now=deps.clock.now(),
            programme_id=read_which(Form.of(view)),
        )
    text = (
        messages.left(done.outcome is LeaveOutcome.LEFT, done.where, done.every)
        if done.outcome in (LeaveOutcome.LEFT, LeaveOutcome.ERASED)
        else messages.ALREADY_LEFT
    )
    if not answer_opener(deps, body, view, text):
        client.chat_postMessage(channel=user_id, text=text)
    publish_home(client=client, deps=deps, team_id=team_id, user_id=user_id)
