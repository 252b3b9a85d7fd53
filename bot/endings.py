"""Why pairings end: the one-tap private question asked after a pairing ends by "not a fit", someone leaving,
the term's end or a choice to end a quiet pair — its choices, in the order offered. Only ever counted."""

from __future__ import annotations

WHYS: dict[str, str] = {
    "goals": "We reached our goals",
    "time": "Hard to find time",
    "match": "Not the right match",
    "momentum": "Lost momentum",
    "changed": "Things changed for me",
    "other": "Something else",
}
ASKED = frozenset({"not_a_fit", "member_left", "term_end", "ended_by_member"})  # EndReason values asked why
