"""The pause modal was submitted: check the date inline in the ack, then pause."""

from __future__ import annotations

import json
from datetime import date

from slack_bolt import Ack
from slack_sdk import WebClient

from bot import ids
from bot.blocks import messages, refusals
from bot.blocks.dialogs import read_which
from bot.blocks.forms import Form
from bot.deps import Deps
from bot.pausing import PauseError, check_pause_end
from bot.payload import Payload
from bot.services import enrolment
from bot.services.admins import is_admin
from bot.services.slack_people import home_for, publish_home
from bot.timezones import local_date
from handlers.listen import DONE
from handlers.shared import answer_opener


def check_pause(ack: Ack, view: Payload, deps: Deps) -> object:
    """The date must be after the person's today: the modal carries it, so this needs no database (and the
    pause itself checks again from the database)."""
    picked = Form.of(view).date(ids.PAUSE_UNTIL_BLOCK, ids.PAUSE_UNTIL_ACTION)
    if picked is None:
        return None  # until they resume
    try:
        today = date.fromisoformat(json.loads(view.get("private_metadata") or "{}")["today"])
    except (ValueError, KeyError, TypeError, AttributeError):
        today = local_date(deps.clock.now(), None)
    try:
        return check_pause_end(date.fromisoformat(picked), today=today)
    except (PauseError, ValueError) as exc:
        text = str(exc) if isinstance(exc, PauseError) else refusals.PICK_A_DATE
        ack(response_action="errors", errors={ids.PAUSE_UNTIL_BLOCK: text})
        return DONE


def on_pause_submit(acked: date | None, body: Payload, view: Payload, client: WebClient, deps: Deps) -> None:
    team_id, user_id, now = body["team"]["id"], body["user"]["id"], deps.clock.now()
    admin = is_admin(client=client, deps=deps, user_id=user_id)  # before: no network call in the unit of work
    with deps.requests.begin() as session:  # one unit of work: the pause, and the Home tab it leaves
        done = enrolment.pause_from(
            session=session,
            team_id=team_id,
            user_id=user_id,
            asked=acked,
            now=now,
            programme_id=read_which(Form.of(view)),
        )
        home = home_for(session=session, deps=deps, team_id=team_id, user_id=user_id, admin=admin, now=now)
    answer_opener(deps, body, view, messages.paused(done.until, done.where, done.every))
    publish_home(client=client, deps=deps, team_id=team_id, user_id=user_id, view=home)
