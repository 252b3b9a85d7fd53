"""One background sender per process. Listeners and the scheduler only queue messages (in the outbox, in
their unit of work) and ring the bell; this thread alone sends them, paced to Slack's rate tiers, so a
burst of clicks never holds the listener pool and nothing a person does waits behind someone else's sends.
"""

from __future__ import annotations

import logging
import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from slack_sdk import WebClient

    from bot.deps import Deps

log = logging.getLogger(__name__)


class Bell:
    """Rung after a unit of work that queued a message commits; the sender waits on it. It also knows
    whether the sender is at rest (nothing rung since it last looked, and not sending): `settled`."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._rung = False
        self._busy = False
        self._closed = False

    def ring(self) -> None:
        with self._cond:
            self._rung = True
            self._cond.notify_all()

    def close(self) -> None:
        with self._cond:
            self._closed = True
            self._cond.notify_all()

    @property
    def closed(self) -> bool:
        return self._closed

    def wait(self, timeout: float) -> bool:
        """For the sender: rest until rung (or `timeout`), then count as busy. False once closed."""
        with self._cond:
            self._busy = False
            self._cond.notify_all()
            self._cond.wait_for(lambda: self._rung or self._closed, timeout)
            self._rung, self._busy = False, True
            return not self._closed

    def settled(self, timeout: float) -> bool:
        """Wait until the sender is at rest with nothing rung; False if that did not happen in time."""
        with self._cond:
            return self._cond.wait_for(lambda: self._closed or not (self._busy or self._rung), timeout)


class Sender:
    """The thread that delivers due outbox messages whenever the bell rings (and every `idle_seconds`,
    for messages whose time has come since)."""

    def __init__(self, deps: Deps, client: WebClient, *, idle_seconds: float = 30.0) -> None:
        self.deps, self.client, self.idle_seconds = deps, client, idle_seconds
        self._thread = threading.Thread(target=self._run, name="sender", daemon=True)

    def start(self) -> Sender:
        self.deps.bell.ring()  # whatever is already due goes out at start
        self._thread.start()
        return self

    def stop(self, timeout: float = 10.0) -> None:
        """Stop after the message in hand (a send is never cut off halfway)."""
        self.deps.bell.close()
        self._thread.join(timeout)

    def _run(self) -> None:
        from bot.outbox.send import deliver_due

        while self.deps.bell.wait(self.idle_seconds):
            more = True
            while more:
                try:
                    report = deliver_due(deps=self.deps, client=self.client, now=self.deps.clock.now())
                except Exception:  # noqa: BLE001 - the sender must outlive any one bad moment
                    log.exception("the background sender failed; it will look again when rung")
                    break
                more = report.out_of_time
