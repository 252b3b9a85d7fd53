"""Socket Mode: one websocket to Slack, opened and re-opened by a supervisor with exponential backoff.

slack_sdk's own client retries every ten seconds for ever and says nothing useful; here the supervisor
opens the connection itself, waits 1, 2, 4 … up to 60 seconds between failed attempts (with jitter, so
replicas don't retry in step), says in one line what failed and when it tries again, stops at once with
one sentence when Slack refuses the app-level token, and knows whether the socket is connected (for
/healthz on PORT).
"""

from __future__ import annotations

import logging
import random
import threading

from slack_bolt import App
from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_sdk.errors import SlackApiError

log = logging.getLogger(__name__)
# slack_sdk's socket client logs every failed attempt with its own words; the supervisor speaks instead.
WIRE = logging.getLogger("bot.socket_mode.wire")
FIRST_WAIT, LONGEST_WAIT = 1.0, 60.0
REFUSED = {
    "invalid_auth",
    "not_authed",
    "not_allowed_token_type",
    "token_revoked",
    "account_inactive",
    "token_expired",
}


class AppTokenRefused(Exception):
    """Slack will not open a socket for this app-level token: retrying can't help."""


class SocketSupervisor:
    def __init__(self, app: App, app_token: str) -> None:
        handler = SocketModeHandler(app, app_token, logger=WIRE, auto_reconnect_enabled=False)
        self.client = handler.client  # Bolt's handler is wired to it; we only open and watch it
        self._stop = threading.Event()

    @property
    def connected(self) -> bool:
        return self.client.is_connected()

    def stop(self) -> None:
        self._stop.set()

    def run(self) -> None:
        """Keep the socket open until stop(); raises AppTokenRefused if Slack refuses the token."""
        wait = FIRST_WAIT
        was_connected = False
        while not self._stop.is_set():
            if self.connected:
                was_connected, wait = True, FIRST_WAIT
                self._stop.wait(1.0)
                continue
            if was_connected:
                log.warning("the Socket Mode connection to Slack dropped; opening a new one")
                was_connected = False
            problem = self._open()
            if problem is None:
                log.info("connected to Slack over Socket Mode")
                continue
            delay = wait * random.uniform(0.8, 1.2)  # noqa: S311 - jitter, not security
            log.warning(
                "could not open the Socket Mode connection to Slack (%s); trying again in %.0f s",
                problem,
                delay,
            )
            self._stop.wait(delay)
            wait = min(wait * 2, LONGEST_WAIT)
        self.client.close()

    def _open(self) -> str | None:
        """One attempt: a fresh socket URL (apps.connections.open), then the websocket. Why it failed, or None."""
        try:
            self.client.connect_to_new_endpoint(force=True)
        except SlackApiError as exc:
            error = str(exc.response.get("error") or f"HTTP {exc.response.status_code}")
            if error in REFUSED:
                raise AppTokenRefused(error) from None
            return f"apps.connections.open: {error}"
        except Exception as exc:  # noqa: BLE001 - network trouble of any kind: try again later
            return _reason(exc)
        return None if self.connected else "the websocket did not open"


def _reason(exc: BaseException) -> str:
    reason = getattr(exc, "reason", None) or exc
    return str(reason).splitlines()[0] if str(reason) else type(exc).__name__
