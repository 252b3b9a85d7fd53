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
    """Who may run what (Slack asked outside any unit of work); NotAdmin for someone who may run nothing."""
    if is_admin(client=client, deps=deps, user_id=user_id):
        return Scope(True)
    groups = groups_of(client=client, deps=deps, team_id=team_id, user_id=user_id)
    with deps.reads.begin() as session:
        mine = programmes.administered_by(session, team_id, user_id, groups)
    if not mine:
        raise NotAdmin()
    return Scope(False, frozenset(mine))


def groups_of(*, client: WebClient, deps: Deps, team_id: str, user_id: str) -> frozenset[str]:
    """The user groups named among programmes' own admins that this person is in: one small read, then
    Slack for each such group (kept a few minutes). Most workspaces name none, and Slack is not asked."""
    with deps.reads.begin() as session:
        named = programmes.admin_groups(session, team_id)
    now = deps.clock.now()
    return frozenset(g for g in sorted(named) if user_id in (deps.directory.group(client, g, now) or ()))


class GroupUnreadable(MentorError):
    def __init__(self, group_id: str) -> None:
        super().__init__(
            f"I couldn't read who is in <!subteam^{group_id}>. If the app was installed before it could read "
            "user groups, reinstall it from manifest.yml (it needs the usergroups:read scope), then try again."
        )


def members_of(*, client: WebClient, deps: Deps, groups: list[str]) -> list[str]:
    """Everyone in these user groups (Slack asked, outside any unit of work); GroupUnreadable when Slack
    can't say who is in one."""
    now, people = deps.clock.now(), []
    for group_id in dict.fromkeys(groups):
        members = deps.directory.group(client, group_id, now)
        if members is None:
            raise GroupUnreadable(group_id)
        people += sorted(members)
    return people


def readers_of(*, client: WebClient, deps: Deps, listed: list[str]) -> set[str]:
    """Who reads what is addressed to a programme's team: MENTOR_ADMINS, and the programme's own admins (its
    user groups' members asked of Slack, outside any unit of work; an unreadable group is skipped)."""
    readers = set(deps.settings.admins) | {a for a in listed if not programmes.is_group(a)}
    for group in (a for a in listed if programmes.is_group(a)):
        try:
            readers |= set(members_of(client=client, deps=deps, groups=[group]))
        except GroupUnreadable:
            continue  # the others still read it
    return readers
