"""A pair's two-way agreement and each person's private confidence in what they learn (pure).

Learning flows both ways here, so the agreement has a goal for each direction ("Priya → Margaret: AI tools
for board papers"; "Margaret → Priya: reading a P&L"), how often and how long they meet, and how they keep
it confidential. It counts only once everyone in the pair has agreed to the same version of it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from bot.matching.explain import Reasons, and_list
from bot.profile import Cadence

MINUTES = (30, 45, 60, 90)
DEFAULT_MINUTES = 30
DEFAULT_CONFIDENTIAL = "What we say stays between us unless we both agree to share it."
MAX_GOAL = 300
MAX_CONFIDENTIAL = 300
RATINGS = (1, 2, 3, 4, 5)
PROGRESS = {"none": "Not yet", "some": "Some", "a_lot": "A lot"}  # at a check-in, per goal
OWN_GOAL = "_goal"  # the "topic" rated when a pair was matched on no topic: what they want to learn here


class Phase:
    START = "start"  # when they agree what to work on
    END = "end"  # at the end of the term


class Way:
    """Who taught whom, by career stage: the report's directions of learning."""

    UP = "up"  # an earlier-career colleague taught a more senior one (reverse mentoring's direction)
    DOWN = "down"
    PEER = "peer"


@dataclass(frozen=True)
class Goal:
    teacher: int | None  # member ids; both None: a goal for the whole pair
    learner: int | None
    goal: str

    @property
    def key(self) -> str:
        """Its input's suffix in the agreement modal."""
        return (
            f"{self.teacher}:{self.learner}"
            if self.teacher is not None and self.learner is not None
            else "pair"
        )

    def to_json(self) -> dict[str, Any]:
        return {"teacher": self.teacher, "learner": self.learner, "goal": self.goal}

    @classmethod
    def from_json(cls, data: Any) -> Goal:
        data = data if isinstance(data, dict) else {}
        teacher, learner = data.get("teacher"), data.get("learner")
        return cls(
            teacher if isinstance(teacher, int) else None,
            learner if isinstance(learner, int) else None,
            str(data.get("goal") or ""),
        )


@dataclass(frozen=True)
class Rating:
    """One thing a person learns in the pair, to rate (1-5) privately, and how they rated it before."""

    topic: str
    label: str
    rating: int | None


@dataclass(frozen=True)
class Terms:
    """What they agree: a goal per direction, how often and how long they meet, how they keep it private."""

    goals: tuple[Goal, ...]
    cadence: Cadence
    minutes: int
    confidential: str


def directions(reasons: Reasons, members: Sequence[int]) -> list[tuple[int, int, list[str]]]:
    """(teacher, learner, topics) for each direction the agreement has a goal for: every direction of
    teaching the pair was matched on, and in a pair of two both ways (each teaches the other something,
    even where matching found it in one direction only). A trio matched on nothing gets one shared goal."""
    flows = [
        (a, b, list(reasons.teaches.get(a, {}).get(b, [])))
        for a in members
        for b in members
        if a != b and (reasons.teaches.get(a, {}).get(b) or len(members) == 2)
    ]
    return flows


def prefilled(
    reasons: Reasons, members: Sequence[int], topic_label: Callable[[str], str], earlier: Iterable[Goal] = ()
) -> tuple[Goal, ...]:
    """The goals to offer: what was agreed or proposed before, else each direction's topics; a shared goal
    when there is no direction (a trio matched on nothing)."""
    before = {g.key: g for g in earlier}
    goals = tuple(
        Goal(
            a, b, before[f"{a}:{b}"].goal if f"{a}:{b}" in before else and_list([topic_label(t) for t in ts])
        )
        for a, b, ts in directions(reasons, members)
    )
    return goals or (Goal(None, None, before["pair"].goal if "pair" in before else ""),)


def learning(reasons: Reasons, member: int, members: Sequence[int]) -> list[tuple[str, int | None]]:
    """What this person learns in the pair, to rate their confidence in: (topic, who teaches it), or their
    own goal (taught by their partner in a pair of two) when they learn no topic of ours here."""
    topics: dict[str, int] = {}
    for teacher in members:
        if teacher != member:
            for topic in reasons.teaches.get(teacher, {}).get(member, []):
                topics.setdefault(topic, teacher)
    if topics:
        return sorted(topics.items())
    others = [m for m in members if m != member]
    return [(OWN_GOAL, others[0] if len(others) == 1 else None)]


def way(teacher_rank: int | None, learner_rank: int | None) -> str:
    """Which way the learning went, by career stage (ranks: lower is earlier in a career)."""
    if teacher_rank is None or learner_rank is None or teacher_rank == learner_rank:
        return Way.PEER
    return Way.UP if teacher_rank < learner_rank else Way.DOWN


def agreed(version: int, agreed_versions: Iterable[int | None]) -> bool:
    """Whether everyone has agreed to this version (a proposal nobody has agreed to counts for nothing)."""
    return version > 0 and all(v == version for v in agreed_versions)
