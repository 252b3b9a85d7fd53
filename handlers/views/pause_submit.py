"""The pause modal was submitted: check the date inline, ack, then pause."""

from __future__ import annotations

from datetime import date

from slack_bolt import Ack
from slack_sdk import WebClient

from bot import ids
from bot.blocks import messages
from bot.deps import Deps
from bot.pausing import PauseError, check_pause_end
from bot.services import enrolment
from bot.services.slack_people import publish_home
from handlers.shared import answer_opener


def on_pause_submit(ack: Ack, body: dict, view: dict, client: WebClient, deps: Deps) -> None:
    team_id, user_id = body["team"]["id"], body["user"]["id"]
    picked = (
        (view["state"]["values"].get(ids.PAUSE_UNTIL_BLOCK) or {}).get(ids.PAUSE_UNTIL_ACTION) or {}
    ).get("selected_date")
    now = deps.clock.now()
    until: date | None = None
    if picked:
        with deps.sessions.begin() as session:
            today = enrolment.member_today(session=session, team_id=team_id, user_id=user_id, now=now)
        try:
            until = check_pause_end(date.fromisoformat(picked), today=today)
        except (PauseError, ValueError) as exc:
            text = str(exc) if isinstance(exc, PauseError) else "Pick a date from the calendar."
            ack(response_action="errors", errors={ids.PAUSE_UNTIL_BLOCK: text})
            return
    ack()
    with deps.sessions.begin() as session:
        enrolment.pause(session=session, team_id=team_id, user_id=user_id, until=until, now=now)
    answer_opener(view, messages.paused(until))
    publish_home(client=client, deps=deps, team_id=team_id, user_id=user_id)
