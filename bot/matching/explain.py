"""'Why you were matched': one or two sentences built from the score's parts (pure)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from bot.payload import Payload


@dataclass(frozen=True)
class Reasons:
    """What a pair was matched on, stored with the pair (member ids, never Slack ids or sensitive data)."""

    teaches: dict[int, dict[int, list[str]]]  # teacher member id → learner member id → topic ids
    different_department: bool = False
    stage_gap: bool = False
    junior_teaches_senior: bool = False
    junior: int | None = None  # reverse mode: the earlier-career member, named as the mentor on their topics
    # No perspectives here: they may change a score, never a word anyone reads.

    def to_json(self) -> Payload:
        return {
            "teaches": {str(a): {str(b): t for b, t in v.items()} for a, v in self.teaches.items()},
            "different_department": self.different_department,
            "stage_gap": self.stage_gap,
            "junior_teaches_senior": self.junior_teaches_senior,
            "junior": self.junior,
        }

    @classmethod
    def from_json(cls, data: Payload) -> Reasons:
        return cls(
            teaches={
                int(a): {int(b): list(t) for b, t in v.items()} for a, v in data.get("teaches", {}).items()
            },
            different_department=data.get("different_department", False),
            stage_gap=data.get("stage_gap", False),
            junior_teaches_senior=data.get("junior_teaches_senior", False),
            junior=data.get("junior"),
        )


def explain(
    reasons: Reasons, members: Sequence[int], name: Callable[[int], str], topic: Callable[[str], str]
) -> str:
    """E.g. "Ana can show Ben Figma and prompt writing; Ben can help Ana with stakeholder management.
    You work in different departments." Names and topic labels come from the caller."""
    phrases = who_teaches_what(reasons, members, name, topic)
    if not phrases:
        first = "You didn't pick the same topics, so start by swapping what you're each curious about"
    else:
        first = "; ".join(phrases)
        if len(members) == 2 and len(phrases) == 1:
            first += " — and you'll find out what to teach back"
    beyond = beyond_topics(reasons)
    return f"{first}. {beyond}" if beyond else f"{first}."


def who_teaches_what(
    reasons: Reasons, members: Sequence[int], name: Callable[[int], str], topic: Callable[[str], str]
) -> list[str]:
    """One phrase per direction of teaching, in the programme's words: "Ana can show Ben Figma", or in
    reverse mentoring "Priya mentors Margaret on AI tools" / "Margaret shares strategy"."""
    flows = [
        (a, b, topics)
        for a in members
        for b in members
        if a != b and (topics := reasons.teaches.get(a, {}).get(b))
    ]
    phrases = []
    for n, (a, b, topics) in enumerate(flows):
        what = and_list([topic(t) for t in topics])
        if reasons.junior is not None:  # reverse mentoring: the earlier-career person is the mentor
            phrases.append(
                f"{name(a)} mentors {name(b)} on {what}"
                if a == reasons.junior
                else f"{name(a)} shares {what}"
            )
            continue
        verb = "can show" if n % 2 == 0 else "can help"
        joiner = " " if verb == "can show" else " with "
        phrases.append(f"{name(a)} {verb} {name(b)}{joiner}{what}")
    return phrases


def beyond_topics(reasons: Reasons) -> str:
    """What else the pairing was made on, as a sentence ("You work in different departments."), or ""."""
    extras = []
    if reasons.stage_gap and reasons.junior is None:
        extras.append("you're at different career stages")
    if reasons.different_department:
        extras.append("you work in different departments")
    if not extras:
        return ""
    sentence = and_list(extras)
    return sentence[0].upper() + sentence[1:] + "."


def and_list(items: Sequence[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
