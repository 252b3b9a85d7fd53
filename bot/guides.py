"""Guides for each side of a pairing: short, practical texts shipped as data (bot/data/guides.toml, or the
operator's own file: MENTOR_GUIDES_FILE), chosen for a person by what they teach and learn in this pairing,
their partner's career stage against theirs, the programme's type and name, and when: at introduction,
after the first meeting, at mid-term (pure)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from bot.matching.scoring import Mode
from bot.text import typed

DEFAULT_FILE = Path(__file__).resolve().parent / "data" / "guides.toml"
SIDES = ("teach", "learn", "any")
PARTNERS = ("senior", "junior", "peer", "any")
INTRO, AFTER_FIRST_MEETING, MID_TERM = "intro", "after-first-meeting", "mid-term"
WHEN = (INTRO, AFTER_FIRST_MEETING, MID_TERM)


class GuidesError(Exception):
    """The guides file is unreadable or malformed; the message is one sentence for the operator."""


@dataclass(frozen=True)
class Guide:
    id: str
    title: str
    text: str
    side: str = "any"  # teach / learn / any
    partner: str = "any"  # senior / junior / peer / any: the partner's stage against the reader's
    modes: frozenset[Mode] = frozenset(Mode)
    when: str = INTRO  # sent privately at introduction, after the first meeting, or at mid-term
    programmes: frozenset[str] = frozenset()  # only in these programmes (by name, any case); empty: all
    replaces: str | None = None  # in its programmes, instead of this guide (e.g. a programme's own agenda)
    typed: bool = False  # an admin's own (`/mentor admin guides`): shown as typed, never as markup


def load_guides(path: Path | None = None) -> tuple[Guide, ...]:
    path = path or DEFAULT_FILE
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        guides = tuple(
            Guide(
                id=str(g["id"]),
                title=str(g["title"]),
                text=str(g["text"]).strip(),
                side=str(g.get("side", "any")),
                partner=str(g.get("partner", "any")),
                modes=frozenset(Mode(m) for m in g["modes"]) if "modes" in g else frozenset(Mode),
                when=str(g.get("when", INTRO)),
                programmes=frozenset(str(p).casefold() for p in g.get("programmes", [])),
                replaces=str(g["replaces"]) if "replaces" in g else None,
            )
            for g in data["guides"]
        )
    except (OSError, tomllib.TOMLDecodeError, KeyError, TypeError, ValueError) as exc:
        raise GuidesError(f"The guides file {path} can't be read: {exc}.") from None
    bad = [g.id for g in guides if g.side not in SIDES or g.partner not in PARTNERS or g.when not in WHEN]
    if bad or len({g.id for g in guides}) != len(guides):
        raise GuidesError(
            f"The guides file {path} has a repeated id or an unknown side, partner or when: {bad}."
        )
    return guides


def shown(guide: Guide) -> tuple[str, str]:
    """Its title and text as mrkdwn: shipped text as written, an admin's own as typed (escaped)."""
    return (typed(guide.title), typed(guide.text)) if guide.typed else (guide.title, guide.text)


def partner_is(mine: int | None, theirs: list[int | None]) -> str:
    """The partners' career stage against mine: senior, junior, or peer (also when a stage is unknown or
    they differ among a trio's others)."""
    known = [r for r in theirs if r is not None]
    if mine is None or not known or len(known) < len(theirs):
        return "peer"
    if all(r > mine for r in known):
        return "senior"
    if all(r < mine for r in known):
        return "junior"
    return "peer"


def guides_for(
    guides: tuple[Guide, ...],
    *,
    teaches: bool,
    learns: bool,
    partner: str,
    mode: Mode,
    when: str | None = INTRO,
    programme: str = "",
) -> list[Guide]:
    """The guides for one person's side of a pairing (at this moment; None: every moment), side-specific
    first: both sides' when they both teach and learn; then those for everyone. A programme's own guides
    come in place of those they replace."""
    mine = [g for g in guides if not g.programmes or programme.casefold() in g.programmes]
    replaced = {g.replaces for g in mine if g.replaces and g.programmes}
    sides = {s for s, on in (("teach", teaches), ("learn", learns)) if on}
    fits = [
        g
        for g in mine
        if mode in g.modes
        and g.partner in (partner, "any")
        and (when is None or g.when == when)
        and g.id not in replaced
    ]
    return [g for g in fits if g.side in sides] + [g for g in fits if g.side == "any"]
