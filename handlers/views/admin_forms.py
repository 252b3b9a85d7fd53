"""The ack step every admin form shares: checked inline for admins, left for the work to refuse otherwise."""

from __future__ import annotations

from collections.abc import Callable

from slack_bolt import Ack

from handlers.listen import DONE


def checked(ack: Ack, check: Callable[[], tuple[object | None, dict[str, str]]]) -> object:
    """What the form holds, checked (inline errors answered here: DONE). Who may submit it is the work's
    to decide (a programme's own admins are known only to the database)."""
    value, errors = check()
    if errors:
        ack(response_action="errors", errors=errors)
        return DONE
    return value
