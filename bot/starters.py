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


@dataclass(frozen=True)
class Turn:
    """A starter for one pair, and who opens it: turns alternate, so the conversation covers both
    directions of the exchange (each leads with what they teach)."""

    starter: Starter
    leader: str | None = None  # Slack user id


def leader_of(teaches: dict[int, dict[int, list[str]]], turn: int) -> int | None:
    """Whose turn it is to lead the pair's `turn`-th starter (0 first): each teacher in turn."""
    teachers = sorted(k for k, learners in teaches.items() if learners)
    return teachers[turn % len(teachers)] if teachers else None


def audiences_for(leader_rank: int | None, other_ranks: list[int | None]) -> frozenset[str] | None:
    """The starters that suit whoever leads: questions for the more junior or the more senior person, or
    any (None) between peers or when a career stage is unknown."""
    if leader_rank is None or not other_ranks or None in other_ranks:
        return None
    known = [r for r in other_ranks if r is not None]
    if leader_rank < min(known):
        return frozenset({"junior", "both"})
    if leader_rank > max(known):
        return frozenset({"senior", "both"})
    return None


def load_starters(path: Path | None = None) -> tuple[Starter, ...]:
    data = tomllib.loads((path or DEFAULT_FILE).read_text(encoding="utf-8"))
    return tuple(Starter(s["id"], s["theme"], s["for"], s["text"]) for s in data["starters"])


def pick(
    starters: tuple[Starter, ...],
    *,
    themes: list[str],
    mode: Mode,
    used: set[str],
    seed: str,
    audiences: frozenset[str] | None = None,
) -> Starter | None:
    """A starter this pair has not had, preferring ones for whoever leads (`audiences`), then their
    topics' themes (and the programme's own), chosen stably from `seed` so that a retried send picks the
    same one."""
    preferred = list(dict.fromkeys([*themes, "inclusion" if mode is Mode.INCLUSIVE else "integrated"]))
    fresh = [s for s in starters if s.id not in used]
    suits = [s for s in fresh if audiences is None or s.audience in audiences]
    for pool in (
        [s for s in suits if s.theme in preferred],
        suits,
        [s for s in fresh if s.theme in preferred],
        fresh,
    ):
        if pool:
            digest = int(hashlib.sha256(seed.encode()).hexdigest(), 16)
            return pool[digest % len(pool)]
    return None
