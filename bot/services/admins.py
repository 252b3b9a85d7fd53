"""Who may run the programme: MENTOR_ADMINS, plus the workspace's admins and owners."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from slack_sdk import WebClient

from bot.deps import Deps
from bot.errors import MentorError
from bot.payload import Payload
from storage import programmes


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


def _admin_in_slack(user: Payload) -> bool:
    return bool(user.get("is_admin") or user.get("is_owner") or user.get("is_primary_owner"))


def require_admin(*, client: WebClient, deps: Deps, user_id: str) -> None:
    if not is_admin(client=client, deps=deps, user_id=user_id):
        raise NotAdmin()


May = Callable[[int], bool]  # whether an admin may run this programme (by id)


def anyone(_: int) -> bool:
    """May: any programme (the command line, and workspace admins)."""
    return True


@dataclass(frozen=True)
class Scope:
    """What an admin may run: everything (a workspace admin), or only these programmes (their own admins)."""

    everything: bool
    programmes: frozenset[int] = frozenset()

    def may(self, programme_id: int | None) -> bool:
        return self.everything or (programme_id is not None and programme_id in self.programmes)

    def require(self, programme_id: int | None) -> None:
        if not self.may(programme_id):
            raise NotAdmin()

    def require_everything(self) -> None:
        if not self.everything:
            raise NotAdmin()


def admin_scope(*, client: WebClient, deps: Deps, team_id: str, user_id: str) -> Scope:
    """Who may run what (Slack asked first, outside any unit of work); NotAdmin for someone who may run
    nothing."""
    if is_admin(client=client, deps=deps, user_id=user_id):
        return Scope(True)
    with deps.reads.begin() as session:
        mine = programmes.administered_by(session, team_id, user_id)
    if not mine:
        raise NotAdmin()
    return Scope(False, frozenset(mine))
