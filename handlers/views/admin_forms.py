"""The ack step every admin form shares: checked inline for admins, left for the work to refuse otherwise."""

from __future__ import annotations

from collections.abc import Callable

from slack_bolt import Ack
from slack_sdk import WebClient

from bot.blocks.programmes import programme_of_view
from bot.deps import Deps
from bot.payload import Payload
from bot.services.admins import admin_scope
from handlers.listen import DONE


def checked(ack: Ack, check: Callable[[], tuple[object | None, dict[str, str]]]) -> object:
    """What the form holds, checked (inline errors answered here: DONE). Who may submit it is the work's
    to decide (a programme's own admins are known only to the database)."""
    value, errors = check()
    if errors:
        ack(response_action="errors", errors=errors)
        return DONE
    return value


def programme_admitted(client: WebClient, deps: Deps, body: Payload, view: Payload) -> int | None:
    """The programme a submitted admin form is about (None: the workspace's first, or a new one), once the
    submitter is known to run it (a programme's own admins: theirs; workspace-wide forms: workspace admins
    only). NotAdmin otherwise: a forged submission changes nothing."""
    scope = admin_scope(client=client, deps=deps, team_id=body["team"]["id"], user_id=body["user"]["id"])
    programme_id = programme_of_view(view)
    if programme_id is None:
        scope.require_everything()
    else:
        scope.require(programme_id)
    return programme_id
