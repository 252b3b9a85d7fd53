"""The leave modal was submitted: ack, leave (erasing if asked), and say goodbye."""

from __future__ import annotations

from slack_sdk import WebClient

from bot import ids
from bot.blocks import messages
from bot.deps import Deps
from bot.services import enrolment
from bot.services.enrolment import LeaveOutcome
from bot.services.slack_people import publish_home
from handlers.shared import answer_opener

ANSWERS = {
    LeaveOutcome.LEFT: messages.LEFT_KEPT,
    LeaveOutcome.ERASED: messages.LEFT_ERASED,
    LeaveOutcome.ALREADY_LEFT: messages.ALREADY_LEFT,
    LeaveOutcome.NOT_ENROLLED: messages.ALREADY_LEFT,
}


def on_leave_submit(body: dict, view: dict, client: WebClient, deps: Deps) -> None:
    team_id, user_id = body["team"]["id"], body["user"]["id"]
    chosen = (view["state"]["values"].get(ids.LEAVE_ERASE_BLOCK) or {}).get(ids.LEAVE_ERASE_ACTION) or {}
    erase = any(o.get("value") == ids.LEAVE_ERASE_VALUE for o in chosen.get("selected_options") or [])
    with deps.requests.begin() as session:
        outcome = enrolment.leave(
            session=session, team_id=team_id, user_id=user_id, erase=erase, now=deps.clock.now()
        )
    text = ANSWERS[outcome]
    if not answer_opener(view, text):
        client.chat_postMessage(channel=user_id, text=text)
    publish_home(client=client, deps=deps, team_id=team_id, user_id=user_id)
