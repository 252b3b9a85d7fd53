"""Someone's Slack profile changed (Slack sends this for everyone in the workspace): note whether their
status now says they are away (bot/away.py) on their memberships, if they have any. Nothing else is read,
and the status's words are never kept."""

from __future__ import annotations

from bot.deps import Deps
from bot.payload import Payload
from bot.services.away import note_status
from handlers.listen import DONE


def only_people(event: Payload) -> object:
    user = event.get("user")
    return None if isinstance(user, dict) and isinstance(user.get("id"), str) else DONE


def on_user_change(body: Payload, event: Payload, deps: Deps) -> None:
    user = event["user"]
    with deps.requests.begin() as session:
        note_status(
            session=session,
            team_id=str(body.get("team_id") or user.get("team_id") or ""),
            user_id=user["id"],
            profile=user.get("profile") or {},
            now=deps.clock.now(),
        )
