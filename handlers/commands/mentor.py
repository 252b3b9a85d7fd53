"""`/mentor …`: ack at once, then route the sub-command."""

from __future__ import annotations

from collections.abc import Callable

from slack_bolt import Ack, Respond
from slack_sdk import WebClient

from bot.blocks import messages
from bot.commands import Command, parse
from bot.deps import Deps
from bot.pausing import PauseError, parse_pause
from bot.services import enrolment
from bot.services.slack_people import publish_home
from handlers import shared


def handle_mentor(ack: Ack, command: dict, client: WebClient, respond: Respond, deps: Deps) -> None:
    parsed = parse(command.get("text"))
    if parsed.name == "help":
        ack(text=messages.HELP)
        return
    if parsed.name == "unknown":
        ack(text=messages.unknown_command(parsed.raw.split()[0]))
        return
    ack()
    ROUTES[parsed.name](
        parsed,
        client=client,
        respond=respond,
        deps=deps,
        team_id=command["team_id"],
        user_id=command["user_id"],
        trigger_id=command["trigger_id"],
        response_url=command.get("response_url"),
    )


def _join(_: Command, *, client, respond, deps, team_id, user_id, trigger_id, response_url) -> None:
    shared.open_profile_modal(
        client=client,
        deps=deps,
        team_id=team_id,
        user_id=user_id,
        trigger_id=trigger_id,
        response_url=response_url,
    )


def _status(_: Command, *, client, respond, deps, team_id, user_id, trigger_id, response_url) -> None:
    now = deps.clock.now()
    with deps.sessions.begin() as session:
        state = enrolment.get_enrolment(session=session, team_id=team_id, user_id=user_id, now=now)
        today = enrolment.member_today(session=session, team_id=team_id, user_id=user_id, now=now)
    text = messages.status_text(state, deps.catalogue, today=today)
    respond(text=text, response_type="ephemeral")


def _pause(cmd: Command, *, client, respond, deps, team_id, user_id, trigger_id, response_url) -> None:
    if not cmd.args:
        shared.open_pause_modal(
            client=client,
            deps=deps,
            team_id=team_id,
            user_id=user_id,
            trigger_id=trigger_id,
            response_url=response_url,
        )
        return
    now = deps.clock.now()
    with deps.sessions.begin() as session:
        today = enrolment.member_today(session=session, team_id=team_id, user_id=user_id, now=now)
    try:
        until = parse_pause(cmd.args, today=today)
    except PauseError as exc:
        respond(text=str(exc), response_type="ephemeral")
        return
    with deps.sessions.begin() as session:
        enrolment.pause(session=session, team_id=team_id, user_id=user_id, until=until, now=now)
    respond(text=messages.paused(until), response_type="ephemeral")
    publish_home(client=client, deps=deps, team_id=team_id, user_id=user_id)


def _resume(_: Command, *, client, respond, deps, team_id, user_id, trigger_id, response_url) -> None:
    respond(
        text=shared.resume(client=client, deps=deps, team_id=team_id, user_id=user_id),
        response_type="ephemeral",
    )


def _leave(_: Command, *, client, respond, deps, team_id, user_id, trigger_id, response_url) -> None:
    shared.open_leave_modal(
        client=client,
        deps=deps,
        team_id=team_id,
        user_id=user_id,
        trigger_id=trigger_id,
        response_url=response_url,
    )


ROUTES: dict[str, Callable[..., None]] = {
    "join": _join,
    "profile": _join,
    "status": _status,
    "pause": _pause,
    "resume": _resume,
    "leave": _leave,
}
