"""Conversation starters: a curated library shipped as data, chosen to fit a pair (pure)."""

from __future__ import annotations

import hashlib
import tomllib
from dataclasses import dataclass
from pathlib import Path

from bot.matching.scoring import Mode

DEFAULT_FILE = Path(__file__).resolve().parent / "data" / "starters.toml"
THEMES = ("digital", "career", "organisation", "inclusion", "integrated")
# Which starter theme fits a catalogue topic group best.
GROUP_THEMES = {
    "Digital & technical": "digital",
    "Leadership & career": "career",
    "Communication": "career",
    "Organisation & culture": "organisation",
}


@dataclass(frozen=True)
class Starter:
    id: str
    theme: str
    audience: str  # junior / senior / both
    text: str


def load_starters(path: Path | None = None) -> tuple[Starter, ...]:
    data = tomllib.loads((path or DEFAULT_FILE).read_text(encoding="utf-8"))
    return tuple(Starter(s["id"], s["theme"], s["for"], s["text"]) for s in data["starters"])


def pick(
    starters: tuple[Starter, ...], *, themes: list[str], mode: Mode, used: set[str], seed: str
) -> Starter | None:
    """A starter this pair has not had, preferring their topics' themes (and the programme's own),
    chosen stably from `seed` so that a retried send picks the same one."""
    preferred = list(dict.fromkeys([*themes, "inclusion" if mode is Mode.INCLUSIVE else "integrated"]))
    fresh = [s for s in starters if s.id not in used]
    for pool in ([s for s in fresh if s.theme in preferred], fresh):
        if pool:
            digest = int(hashlib.sha256(seed.encode()).hexdigest(), 16)
            return pool[digest % len(pool)]
    return None
