"""`/mentor …`: answer help at once in the ack; route every other sub-command after it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from slack_bolt import Ack, Respond
from slack_sdk import WebClient

from bot.blocks import messages
from bot.blocks.admin import ADMIN_HELP
from bot.commands import Command, parse
from bot.deps import Deps
from bot.payload import Payload
from bot.services import enrolment
from bot.services.admins import is_admin
from bot.services.my_data import my_data_json
from bot.services.programme import split_programme
from bot.services.slack_people import home_for, publish_home
from bot.services.uploads import upload_to_dm
from handlers.commands.admin import handle_admin, handle_report
from handlers.commands.avoid import handle_avoid, handle_unavoid
from handlers.errors import later
from handlers.listen import DONE
from handlers.shared import Asker, open_modal, resume

Route = Callable[[Command, Asker, Respond], None]


def acknowledge(ack: Ack, command: Payload) -> object:
    """Help and unknown words are answered in the ack itself; anything else is routed after it."""
    parsed = parse(command.get("text"))
    if parsed.name == "help":
        ack(text=messages.HELP)
        return parsed  # an admin's commands follow, once we know who is asking (that takes a lookup)
    if parsed.name == "unknown":
        ack(text=messages.unknown_command(parsed.raw.split()[0]))
        return DONE
    return parsed


def handle_mentor(
    acked: Command,
    body: Payload,
    command: Payload,
    client: WebClient,
    respond: Respond,
    deps: Deps,
    opened: Payload | None,
) -> None:
    asker = Asker(
        client=client,
        deps=deps,
        body=body,
        team_id=command["team_id"],
        user_id=command["user_id"],
        trigger_id=command["trigger_id"],
        response_url=command.get("response_url"),
        opened=opened,
    )
    ROUTES[acked.name](acked, asker, respond)


def _status(_: Command, asker: Asker, respond: Respond) -> None:
    deps, now = asker.deps, asker.deps.clock.now()
    with deps.reads.begin() as session:
        found = enrolment.enrolments(session=session, team_id=asker.team_id, user_id=asker.user_id, now=now)
        today = enrolment.member_today(session=session, team_id=asker.team_id, user_id=asker.user_id, now=now)
    respond(text=messages.statuses_text(found, deps.catalogue, today=today), response_type="ephemeral")


def _pause(cmd: Command, asker: Asker, respond: Respond) -> None:
    if not cmd.args:
        open_modal("pause", asker)
        return
    deps, now = asker.deps, asker.deps.clock.now()
    admin = is_admin(
        client=asker.client, deps=deps, user_id=asker.user_id
    )  # before: no network call in the unit
    with deps.requests.begin() as session:  # one unit of work: the pause, and the Home tab it leaves
        # `pause 2 weeks` (every programme), `pause <programme>: 2 weeks` or `pause <programme>` (one).
        programme, asked = split_programme(session=session, team_id=asker.team_id, text=cmd.args)
        done = enrolment.pause_from(
            session=session,
            team_id=asker.team_id,
            user_id=asker.user_id,
            asked=asked or None,
            now=now,
            programme_id=programme.id if programme else None,
        )
        home = home_for(
            session=session, deps=deps, team_id=asker.team_id, user_id=asker.user_id, admin=admin, now=now
        )
    respond(text=messages.paused(done.until, done.where, done.every), response_type="ephemeral")
    publish_home(client=asker.client, deps=deps, team_id=asker.team_id, user_id=asker.user_id, view=home)


def _resume(cmd: Command, asker: Asker, respond: Respond) -> None:
    """`/mentor resume` (every programme) or `/mentor resume <programme>`."""
    text = resume(
        client=asker.client, deps=asker.deps, team_id=asker.team_id, user_id=asker.user_id, name=cmd.args
    )
    respond(text=text, response_type="ephemeral")


def _modal(kind: str) -> Route:
    return lambda _cmd, asker, _respond: open_modal(kind, asker)


def _profile(cmd: Command, asker: Asker, _: Respond) -> None:
    """`/mentor join [programme]`, `/mentor profile [programme]`."""
    open_modal("profile", replace(asker, hint=cmd.args or None))


def _my_data(cmd: Command, asker: Asker, respond: Respond) -> None:
    """`/mentor my data`: the right of access, as a JSON file in the person's DM (an upload: the slow
    lane, as the report's files)."""
    if cmd.args.lower() != "data":
        respond(text=messages.MY_DATA_HOW, response_type="ephemeral")
        return
    later(asker.deps.slow, asker.body, asker.client, lambda: _send_my_data(asker, respond))


def _send_my_data(asker: Asker, respond: Respond) -> None:
    now = asker.deps.clock.now()
    with asker.deps.reads.begin() as session:
        text = my_data_json(session=session, team_id=asker.team_id, user_id=asker.user_id, now=now)
    name = f"my-mentoring-data-{now:%Y-%m-%d}.json"
    upload_to_dm(
        asker.client, asker.user_id, [(name, text.encode(), "Your mentoring data")], messages.MY_DATA_COMMENT
    )
    respond(text=messages.MY_DATA_SENT, response_type="ephemeral")


def _leave(cmd: Command, asker: Asker, _: Respond) -> None:
    """`/mentor leave [programme]`: the leave modal (the programme named, preselected)."""
    open_modal("leave", replace(asker, hint=cmd.args or None))


def _help(_: Command, asker: Asker, respond: Respond) -> None:
    """Members had their help in the ack; an admin is also told the admin commands."""
    if is_admin(client=asker.client, deps=asker.deps, user_id=asker.user_id):
        respond(text=ADMIN_HELP, response_type="ephemeral")


ROUTES: dict[str, Route] = {
    "help": _help,
    "join": _profile,
    "profile": _profile,
    "status": _status,
    "pause": _pause,
    "resume": _resume,
    "leave": _leave,
    "my": _my_data,
    "avoid": handle_avoid,
    "unavoid": handle_unavoid,
    "admin": handle_admin,
    "report": handle_report,
}
