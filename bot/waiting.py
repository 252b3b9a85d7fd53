"""Why someone waits for a match, in a class an admin can act on — and never naming anyone's avoid list:
a pairing ruled out by one (or by a reverse programme's leaders rule) is counted as "other", and "other" is
never explained. Pure (numpy, so that a large round with many left out stays fast)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

import numpy as np

from bot.matching.scoring import WORKDAY_HOURS, Candidate, Rules

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


class WaitingReasons:
    """Why each of a round's candidates could be left out, worked out once for the round."""

    def __init__(self, candidates: Sequence[Candidate], rules: Rules) -> None:
        self.n = len(candidates)
        index = {c.key: i for i, c in enumerate(candidates)}
        self.offsets = np.array(
            [np.nan if c.utc_offset_minutes is None else c.utc_offset_minutes for c in candidates],
            dtype=float,
        )
        self.min_overlap = rules.min_overlap_hours
        self.cooldown: dict[int, list[int]] = defaultdict(list)
        self.forbidden: dict[int, list[int]] = defaultdict(list)
        for into, pairs in ((self.cooldown, rules.cooldown), (self.forbidden, rules.forbidden)):
            for pair in pairs:
                a, b = (index.get(k) for k in pair)
                if a is not None and b is not None:
                    into[a].append(b)
                    into[b].append(a)

    def why(self, i: int, weights: np.ndarray) -> str:
        """The class of why candidate `i` was left out; `weights`: its scores with each candidate (0 or
        less: no pairing)."""
        if self.n <= 1:
            return ALONE
        others = np.ones(self.n, dtype=bool)
        others[i] = False
        if bool((np.asarray(weights) > 0)[others].any()):
            return TAKEN  # someone could have been their partner, and was someone else's
        cool = np.zeros(self.n, dtype=bool)
        cool[self.cooldown.get(i, [])] = True
        barred = np.zeros(self.n, dtype=bool)
        barred[self.forbidden.get(i, [])] = True
        apart = np.abs(self.offsets - self.offsets[i]) % (24 * 60)
        hours = np.minimum(apart, 24 * 60 - apart) / 60
        overlap = np.where(np.isnan(hours), WORKDAY_HOURS, np.maximum(0.0, WORKDAY_HOURS - hours))
        far = ~cool & (overlap < self.min_overlap)
        other = ~cool & ~far & barred
        seen = {
            COOLDOWN: int((cool & others).sum()),
            TIMEZONE: int((far & others).sum()),
            OTHER: int((other & others).sum()),
            TOPICS: int((~cool & ~far & ~barred & others).sum()),
        }
        most = max(seen.values())
        return next(c for c in PREFERRED if seen[c] == most)
