"""users.info and usergroups.users.list answers, kept for a few minutes (one per process, in Deps)."""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from datetime import datetime, timedelta

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.payload import Payload

log = logging.getLogger(__name__)


class Directory:
    """What users.info said about each person, kept for a few minutes: joining, the Home tab and admin
    checks ask about the same person within seconds, and Home opens come often. Per process; a change of
    timezone or of admin rights in Slack shows within `ttl`."""

    def __init__(self, ttl: timedelta = timedelta(minutes=5), size: int = 10_000) -> None:
        self.ttl, self.size = ttl, size
        self._known: OrderedDict[str, tuple[datetime, Payload]] = OrderedDict()
        self._groups: dict[str, tuple[datetime, frozenset[str]]] = {}
        self._lock = threading.Lock()

    def known(self, user_id: str, now: datetime) -> Payload | None:
        """What Slack last said about the person, if it is still fresh; never asks Slack."""
        with self._lock:
            known = self._known.get(user_id)
        return known[1] if known and now - known[0] < self.ttl else None

    def user(self, client: WebClient, user_id: str, now: datetime) -> Payload | None:
        """The person's users.info record; None (and a warning) if Slack can't say (never kept)."""
        with self._lock:
            known = self._known.get(user_id)
            if known and now - known[0] < self.ttl:
                return known[1]
        try:
            user: Payload = client.users_info(user=user_id)["user"]
        except SlackApiError as exc:
            log.warning("users.info failed for %s: %s", user_id, exc.response.get("error"))
            return None
        with self._lock:
            self._known[user_id] = (now, user)
            self._known.move_to_end(user_id)
            while len(self._known) > self.size:
                self._known.popitem(last=False)
        return user

    def group(self, client: WebClient, group_id: str, now: datetime) -> frozenset[str] | None:
        """The Slack ids of a user group's members; None (and a warning) if Slack can't say (never kept)."""
        with self._lock:
            known = self._groups.get(group_id)
        if known and now - known[0] < self.ttl:
            return known[1]
        try:
            members = frozenset(client.usergroups_users_list(usergroup=group_id)["users"])
        except SlackApiError as exc:
            log.warning("usergroups.users.list failed for %s: %s", group_id, exc.response.get("error"))
            return None
        with self._lock:
            self._groups[group_id] = (now, members)
        return members

    def groups_known(self, user_id: str, now: datetime) -> frozenset[str]:
        """The user groups this person was in when Slack last said, among those still fresh; never asks."""
        with self._lock:
            return frozenset(
                g for g, (at, members) in self._groups.items() if now - at < self.ttl and user_id in members
            )
