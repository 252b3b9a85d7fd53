"""What every listener, job and command needs, built once and passed in (never imported as globals)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session, sessionmaker

from bot.catalogue import Catalogue
from bot.clock import Clock
from bot.config import Settings
from bot.directory import Directory
from bot.executor import Answering, TrackedExecutor
from bot.guides import Guide, load_guides
from bot.metrics import Metrics
from bot.pacing import Pacing
from bot.sender import Bell
from bot.starters import Starter, load_starters
from storage.db import READ, REQUEST, make_sessions

if TYPE_CHECKING:
    from bot.outbox.render import Library


@dataclass(frozen=True)
class Deps:
    settings: Settings
    sessions: sessionmaker[Session]  # units of work for jobs: they may wait for a lock (storage/db.py)
    clock: Clock
    catalogue: Catalogue
    starters: tuple[Starter, ...] = field(default_factory=load_starters)
    guides: tuple[Guide, ...] = field(default_factory=load_guides)  # for each side of a pairing
    # Each Web API method the sender calls, paced by its own limit (bot/pacing.py).
    pacing: Pacing = field(default_factory=Pacing)
    directory: Directory = field(default_factory=Directory)  # users.info, kept for a few minutes
    metrics: Metrics = field(default_factory=Metrics)  # GET /metrics (bot/metrics.py)
    # Rung when a message is queued: the background sender wakes (bot/sender.py).
    bell: Bell = field(default_factory=Bell)
    # Admin work that takes seconds (a round, the report and its chart) runs here, not in the listener pool.
    slow: TrackedExecutor = field(default_factory=lambda: TrackedExecutor(max_workers=2, name="slow"))
    # What a listener does after its ack: database and Web API work, never in the request's thread.
    work: TrackedExecutor = field(init=False)
    # Slack requests being answered right now: work that can wait lets them go first (bot/executor.py).
    answering: Answering = field(default_factory=Answering)
    # Opening a modal's light first view, and nothing else: a trigger_id lives three seconds.
    prompt: TrackedExecutor = field(init=False)

    def __post_init__(self) -> None:
        prompt = TrackedExecutor(max_workers=64, name="prompt")
        # Work waits (1.5 s at most) while Slack is waiting: for answers, and for modals to open.
        work = TrackedExecutor(
            max_workers=16, name="listener", defer_while=lambda: self.answering.busy or prompt.busy
        )
        object.__setattr__(self, "prompt", prompt)  # frozen: set once, here
        object.__setattr__(self, "work", work)

    def scrape(self) -> bytes:
        """GET /metrics: this process's counts and what the database holds now."""
        return self.metrics.scrape(self.reads, self.clock.now)

    @cached_property
    def library(self) -> Library:
        """What renderers need besides the database (bot/outbox/render.py)."""
        from bot.outbox.render import Library

        return Library(self.catalogue, self.starters, self.guides)

    @cached_property
    def requests(self) -> sessionmaker[Session]:
        """Units of work for what a person asked for: a short wait for locks, then "busy, try again"."""
        return make_sessions(self.sessions.kw["bind"], REQUEST)

    @cached_property
    def reads(self) -> sessionmaker[Session]:
        """Read-only units of work for a person: no write lock on SQLite, short waits."""
        return make_sessions(self.sessions.kw["bind"], READ)
