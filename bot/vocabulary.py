"""How the programme speaks, by its type (pure): reverse and inclusive mentoring are more than a label.

One place for the words every member-facing surface takes from the programme's type: its name (the Home
header, the join modal's title, the welcome, the introduction), what the profile modal says the programme
is, and the introduction's headline. Inclusive mode speaks of belonging and of learning across different
paths, never of anyone's background; reverse mode names the earlier-career colleague as the mentor.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.matching.scoring import Mode


@dataclass(frozen=True)
class Words:
    name: str  # "mutual mentoring"
    about: str  # what the programme is, to someone joining (mrkdwn)
    headline: str  # the introduction's promise, after the names (when the type says more than the topics)


WORDS: dict[Mode, Words] = {
    Mode.MUTUAL: Words(
        name="mutual mentoring",
        about="In this programme *both of you teach and both of you learn*. Tell us what you could share and "
        "what you'd love to pick up — we'll find someone whose interests mirror yours.",
        headline="",
    ),
    Mode.REVERSE: Words(
        name="reverse mentoring",
        about="In this programme *the earlier-career colleague mentors* on what they know best, and the more "
        "senior one listens, learns and shares their own experience in return. Tell us what you could share "
        "and what you'd love to pick up.",
        headline="in reverse mentoring the earlier-career colleague mentors on what they know best, and "
        "experience flows back the other way.",
    ),
    Mode.INCLUSIVE: Words(
        name="inclusive mentoring",
        about="In this programme colleagues on *different paths learn from each other*, and everyone belongs. "
        "Tell us what you could share and what you'd love to pick up.",
        headline="colleagues on different paths, learning from each other — everyone here belongs.",
    ),
}


def words(mode: Mode) -> Words:
    return WORDS[mode]


def title(mode: Mode) -> str:
    """The programme's name as a heading: "Reverse mentoring"."""
    name = WORDS[mode].name
    return name[0].upper() + name[1:]
