"""Who may run the programme: MENTOR_ADMINS, plus the workspace's admins and owners."""

from __future__ import annotations

from slack_sdk import WebClient

from bot.deps import Deps
from bot.errors import MentorError
from bot.payload import Payload


class NotAdmin(MentorError):
    def __init__(self) -> None:
        super().__init__(
            "Sorry — that's for programme admins only. If you think you should have access, ask whoever runs "
            "the mentoring programme to add you."
        )


def is_admin(*, client: WebClient, deps: Deps, user_id: str) -> bool:
    if user_id in deps.settings.admins:
        return True
    return _admin_in_slack(deps.directory.user(client, user_id, deps.clock.now()) or {})


def known_not_admin(deps: Deps, user_id: str) -> bool:
    """True only when we already know, without asking Slack, that the person is not an admin."""
    if user_id in deps.settings.admins:
        return False
    known = deps.directory.known(user_id, deps.clock.now())
    return known is not None and not _admin_in_slack(known)


def _admin_in_slack(user: Payload) -> bool:
    return bool(user.get("is_admin") or user.get("is_owner") or user.get("is_primary_owner"))


def require_admin(*, client: WebClient, deps: Deps, user_id: str) -> None:
    if not is_admin(client=client, deps=deps, user_id=user_id):
        raise NotAdmin()
