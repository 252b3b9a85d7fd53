"""`/mentor avoid @someone`, `/mentor unavoid @someone`: the private "don't pair me with" list."""

from __future__ import annotations

from collections.abc import Callable

from slack_bolt import Respond

from bot.blocks import messages
from bot.commands import Command
from bot.services import avoid
from handlers.shared import Asker


def handle_avoid(cmd: Command, asker: Asker, respond: Respond) -> None:
    _change(cmd, asker, respond, avoid.add_avoided)


def handle_unavoid(cmd: Command, asker: Asker, respond: Respond) -> None:
    _change(cmd, asker, respond, avoid.remove_avoided)


def _change(cmd: Command, asker: Asker, respond: Respond, change: Callable[..., list[str]]) -> None:
    deps = asker.deps
    if cmd.args and not cmd.mentions:
        respond(text=messages.AVOID_HOW, response_type="ephemeral")
        return
    with deps.requests.begin() as session:
        if cmd.mentions:
            listed = change(
                session=session,
                team_id=asker.team_id,
                user_id=asker.user_id,
                avoided=cmd.mentions,
                now=deps.clock.now(),
            )
        else:
            listed = avoid.avoided_of(session=session, team_id=asker.team_id, user_id=asker.user_id)
    respond(text=messages.avoid_list(listed), response_type="ephemeral")
