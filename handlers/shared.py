"""Interactions reached from both a slash command and an App Home button (open a modal, resume)."""

from __future__ import annotations

import json

from slack_sdk import WebClient

from bot.blocks import messages
from bot.blocks.dialogs import leave_modal, pause_modal
from bot.blocks.profile_modal import profile_modal
from bot.deps import Deps
from bot.errors import NotEnrolled
from bot.profile import State
from bot.services import enrolment
from bot.services.slack_people import publish_home
from bot.timezones import local_date


def metadata(response_url: str | None) -> str:
    """private_metadata that lets a modal opened from /mentor answer in the channel it was opened from."""
    return json.dumps({"response_url": response_url}) if response_url else ""


def response_url_of(view: dict) -> str | None:
    try:
        return json.loads(view.get("private_metadata") or "{}").get("response_url")
    except (ValueError, AttributeError):
        return None


def open_profile_modal(
    *,
    client: WebClient,
    deps: Deps,
    team_id: str,
    user_id: str,
    trigger_id: str,
    response_url: str | None = None,
) -> None:
    with deps.sessions.begin() as session:
        state = enrolment.get_enrolment(
            session=session, team_id=team_id, user_id=user_id, now=deps.clock.now()
        )
    view = profile_modal(deps.catalogue, state.profile, enrolled=state.state in (State.ACTIVE, State.PAUSED))
    view.private_metadata = metadata(response_url)
    client.views_open(trigger_id=trigger_id, view=view)


def open_pause_modal(
    *,
    client: WebClient,
    deps: Deps,
    team_id: str,
    user_id: str,
    trigger_id: str,
    response_url: str | None = None,
) -> None:
    with deps.sessions.begin() as session:
        state = enrolment.get_enrolment(
            session=session, team_id=team_id, user_id=user_id, now=deps.clock.now()
        )
    if state.state not in (State.ACTIVE, State.PAUSED):
        raise NotEnrolled()
    view = pause_modal(today=local_date(deps.clock.now(), state.tz))
    view.private_metadata = metadata(response_url)
    client.views_open(trigger_id=trigger_id, view=view)


def open_leave_modal(
    *,
    client: WebClient,
    deps: Deps,
    team_id: str,
    user_id: str,
    trigger_id: str,
    response_url: str | None = None,
) -> None:
    with deps.sessions.begin() as session:
        state = enrolment.get_enrolment(
            session=session, team_id=team_id, user_id=user_id, now=deps.clock.now()
        )
    if state.state is State.NOT_ENROLLED:
        raise NotEnrolled()
    view = leave_modal()
    view.private_metadata = metadata(response_url)
    client.views_open(trigger_id=trigger_id, view=view)


def resume(*, client: WebClient, deps: Deps, team_id: str, user_id: str) -> str:
    with deps.sessions.begin() as session:
        was_paused = enrolment.resume(session=session, team_id=team_id, user_id=user_id, now=deps.clock.now())
    publish_home(client=client, deps=deps, team_id=team_id, user_id=user_id)
    return messages.RESUMED if was_paused else messages.NOT_PAUSED
