"""Pacing sends to stay inside Slack's rate-limit tiers (conversations.open is Tier 3, ~50 a minute)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable


class Pacer:
    def __init__(
        self,
        per_minute: float,
        *,
        sleep: Callable[[float], None] = time.sleep,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.interval = 60.0 / per_minute if per_minute else 0.0
        self._sleep, self._monotonic = sleep, monotonic
        self._next = 0.0
        self._lock = threading.Lock()

    def wait(self) -> None:
        """Block until the next send may go (shared by every thread of the process)."""
        with self._lock:
            now = self._monotonic()
            delay = max(0.0, self._next - now)
            self._next = max(now, self._next) + self.interval
        if delay:
            self._sleep(delay)
