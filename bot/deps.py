"""What every listener, job and command needs, built once and passed in (never imported as globals)."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.orm import Session, sessionmaker

from bot.catalogue import Catalogue
from bot.clock import Clock
from bot.config import Settings
from bot.directory import Directory
from bot.executor import TrackedExecutor
from bot.pacing import Pacer
from bot.sender import Bell
from bot.starters import Starter, load_starters


@dataclass(frozen=True)
class Deps:
    settings: Settings
    sessions: sessionmaker[Session]
    clock: Clock
    catalogue: Catalogue
    starters: tuple[Starter, ...] = field(default_factory=load_starters)
    # Introductions open a conversation each: conversations.open is Tier 3 (50+ a minute).
    pacer: Pacer = field(default_factory=lambda: Pacer(per_minute=40))
    directory: Directory = field(default_factory=Directory)  # users.info, kept for a few minutes
    # Rung when a message is queued: the background sender wakes (bot/sender.py).
    bell: Bell = field(default_factory=Bell)
    # Admin work that takes seconds (a round, the report and its chart) runs here, not in the listener pool.
    slow: TrackedExecutor = field(default_factory=lambda: TrackedExecutor(max_workers=2, name="slow"))
