"""Who may run the programme: MENTOR_ADMINS, plus the workspace's admins and owners."""

from __future__ import annotations

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.config import Settings
from bot.errors import MentorError


class NotAdmin(MentorError):
    def __init__(self) -> None:
        super().__init__(
            "Sorry — that's for programme admins only. If you think you should have access, ask whoever runs "
            "the mentoring programme to add you."
        )


def is_admin(*, client: WebClient, settings: Settings, user_id: str) -> bool:
    if user_id in settings.admins:
        return True
    try:
        user = client.users_info(user=user_id)["user"]
    except SlackApiError:
        return False
    return bool(user.get("is_admin") or user.get("is_owner") or user.get("is_primary_owner"))


def require_admin(*, client: WebClient, settings: Settings, user_id: str) -> None:
    if not is_admin(client=client, settings=settings, user_id=user_id):
        raise NotAdmin()
