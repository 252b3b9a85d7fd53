"""Why someone waits for a match, in a class an admin can act on — and never naming anyone's avoid list:
a pairing ruled out by one (or by a reverse programme's leaders rule) is counted as "other", and "other" is
never explained. Pure."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from bot.matching.scoring import Candidate, Rules, overlap_hours

TIMEZONE, TOPICS, COOLDOWN, TAKEN, ALONE, OTHER = "timezone", "topics", "cooldown", "taken", "alone", "other"
WHY = {
    TIMEZONE: "working hours: too little overlap with everyone else waiting",
    TOPICS: "topics: nobody waiting teaches what they want, or wants what they teach",
    COOLDOWN: "cooldown: they were paired recently with those who could suit them",
    TAKEN: "an odd number: those who suited them were paired with others",
    ALONE: "nobody else was waiting",
    OTHER: "no suitable partner this round",
}
HELPS = {
    TIMEZONE: "invite colleagues in a nearby timezone",
    TOPICS: "ask who could teach their topics (`/mentor admin ask-teach`), or suggest they broaden their profile",
    COOLDOWN: "time, or new people joining",
    TAKEN: "one more person joining",
    ALONE: "more people joining",
    OTHER: "more people joining",
}
PREFERRED = (TOPICS, TIMEZONE, COOLDOWN, OTHER)  # the class named when blocks are mixed, most useful first


def why_waiting(i: int, candidates: Sequence[Candidate], rules: Rules, weights: Sequence[float]) -> str:
    """The class of why candidate `i` was left out: `weights` are its scores with each other candidate (0 or
    less: no pairing)."""
    seen: Counter[str] = Counter()
    me = candidates[i]
    for j, other in enumerate(candidates):
        if j == i:
            continue
        pair = frozenset((me.key, other.key))
        if pair in rules.cooldown:
            seen[COOLDOWN] += 1
        elif overlap_hours(me.utc_offset_minutes, other.utc_offset_minutes) < rules.min_overlap_hours:
            seen[TIMEZONE] += 1
        elif pair in rules.forbidden:
            seen[OTHER] += 1
        elif weights[j] <= 0:
            seen[TOPICS] += 1
        else:
            return TAKEN  # someone could have been their partner, and was someone else's
    if not seen:
        return ALONE
    most = max(seen.values())
    return next(c for c in PREFERRED if seen[c] == most)
