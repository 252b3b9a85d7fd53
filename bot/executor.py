"""Thread pools that know when they are idle (graceful shutdown; deterministic tests), and the gate that
lets what Slack is waiting for go first.

Python runs one thread at a time. When a burst arrives (two hundred people pressing Join together), the
work those requests queue (reading the database, filling modals in, saving, welcoming) would share the
interpreter with what has a deadline: each request's acknowledgement (Slack gives up after 3 s) and each
modal's first view (its trigger_id dies 3 s after the click). So the work pool is `deferred`: a job starts
only once nothing urgent is going on (no request being answered or arriving, no modal waiting to open),
or after MAX_DEFER at the latest, so it is never starved.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar

MAX_DEFER = 1.5  # seconds a job waits for the urgent things at most
SETTLE = 0.05  # seconds without a new request before a burst counts as over

T = TypeVar("T")


class Answering:
    """The Slack requests being answered right now (between arriving and their acknowledgement)."""

    def __init__(self) -> None:
        self._count = 0
        self._last = 0.0
        self._lock = threading.Lock()

    def __enter__(self) -> Answering:
        with self._lock:
            self._count += 1
            self._last = time.monotonic()
        return self

    def __exit__(self, *_: object) -> None:
        with self._lock:
            self._count -= 1

    @property
    def busy(self) -> bool:
        return self._count > 0 or time.monotonic() - self._last < SETTLE


class TrackedExecutor(ThreadPoolExecutor):
    def __init__(
        self, max_workers: int = 8, name: str = "listener", *, defer_while: Callable[[], bool] | None = None
    ) -> None:
        super().__init__(max_workers=max_workers, thread_name_prefix=name)
        self._pending = 0
        self._idle = threading.Condition()
        self._defer_while = defer_while

    @property
    def busy(self) -> bool:
        return self._pending > 0

    def submit(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> Future[T]:
        with self._idle:
            self._pending += 1
        if self._defer_while is not None:
            fn, args = self._deferred, (fn, *args)
        future = super().submit(fn, *args, **kwargs)
        future.add_done_callback(self._done)
        return future

    def _deferred(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
        assert self._defer_while is not None
        deadline = time.monotonic() + MAX_DEFER
        while self._defer_while() and time.monotonic() < deadline:
            time.sleep(0.005)
        return fn(*args, **kwargs)

    def _done(self, _: Future[Any]) -> None:
        with self._idle:
            self._pending -= 1
            self._idle.notify_all()

    def wait_idle(self, timeout: float = 10.0) -> bool:
        """Block until nothing submitted is still running; False if that did not happen within `timeout`."""
        with self._idle:
            return self._idle.wait_for(lambda: self._pending == 0, timeout=timeout)
