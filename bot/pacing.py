"""Pacing sends to stay inside Slack's rate limits, each Web API method by its own: conversations.open is
Tier 3 (50+ a minute, across the workspace); chat.postMessage allows about one message a second in any one
channel (short bursts tolerated) while keeping a workspace-wide limit Slack doesn't publish (we keep to 300
a minute). A 429 still comes back now and then (another replica, another app): the sender then waits as
long as Slack's Retry-After says."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field

TIER_3_PER_MINUTE = 50.0  # conversations.open
CHANNEL_SECONDS = 1.0  # chat.postMessage, in any one channel…
POSTS_PER_MINUTE = 300.0  # …and across the workspace (unpublished: "a workspace-wide limit"; we assume 300)


class Pacer:
    """Evenly spaced calls: at most `per_minute`, never banked up for a burst (0: no pacing)."""

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
        """Block until the next call may go (shared by every thread of the process)."""
        with self._lock:
            now = self._monotonic()
            delay = max(0.0, self._next - now)
            self._next = max(now, self._next) + self.interval
        if delay:
            self._sleep(delay)


class ChannelPacer:
    """At most one post every `seconds` in any one channel: a post waits only if its own channel had one
    less than that long ago. It remembers the most recent `size` channels (older ones are long past)."""

    def __init__(
        self,
        seconds: float,
        *,
        size: int = 10_000,
        sleep: Callable[[float], None] = time.sleep,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.seconds, self.size = seconds, size
        self._sleep, self._monotonic = sleep, monotonic
        self._next: OrderedDict[str, float] = OrderedDict()
        self._lock = threading.Lock()

    def wait(self, channel: str) -> None:
        if not self.seconds:
            return
        with self._lock:
            now = self._monotonic()
            delay = max(0.0, self._next.get(channel, 0.0) - now)
            self._next[channel] = max(now, self._next.get(channel, 0.0)) + self.seconds
            self._next.move_to_end(channel)
            while len(self._next) > self.size:
                self._next.popitem(last=False)
        if delay:
            self._sleep(delay)


@dataclass(frozen=True)
class Pacing:
    """Every paced Web API method, by its own limit."""

    open: Pacer = field(default_factory=lambda: Pacer(TIER_3_PER_MINUTE))
    post: ChannelPacer = field(default_factory=lambda: ChannelPacer(CHANNEL_SECONDS))
    post_any: Pacer = field(default_factory=lambda: Pacer(POSTS_PER_MINUTE))

    @classmethod
    def none(cls) -> Pacing:
        """No waiting at all (tests that don't measure time)."""
        return cls(Pacer(0), ChannelPacer(0), Pacer(0))

    @classmethod
    def faster(cls, speed: float) -> Pacing:
        """Slack's limits sped up `speed` times (the delivery benchmark's fake Slack keeps the same pace)."""
        return cls(
            Pacer(TIER_3_PER_MINUTE * speed),
            ChannelPacer(CHANNEL_SECONDS / speed),
            Pacer(POSTS_PER_MINUTE * speed),
        )

    def before_post(self, channel: str) -> None:
        self.post_any.wait()
        self.post.wait(channel)
