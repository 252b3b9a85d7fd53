"""The ack step every admin form shares: checked inline for admins, left for the work to refuse otherwise."""

from __future__ import annotations

from collections.abc import Callable

from slack_bolt import Ack

from bot.deps import Deps
from bot.payload import Payload
from bot.services.admins import known_not_admin
from handlers.listen import DONE


def checked_for_admin(
    ack: Ack, body: Payload, deps: Deps, check: Callable[[], tuple[object | None, dict[str, str]]]
) -> object:
    """What the form holds, checked (inline errors answered here: DONE); None for someone known not to be
    an admin (not checked for someone who may not change it: the work says "admins only")."""
    if known_not_admin(deps, body["user"]["id"]):
        return None
    value, errors = check()
    if errors:
        ack(response_action="errors", errors=errors)
        return DONE
    return value
