"""A member's profile, its validation rules and the derived enrolment state (pure: no Slack, no database)."""

from __future__ import annotations

import enum
from dataclasses import dataclass, replace
from datetime import date, datetime

from bot.catalogue import Catalogue

MAX_TOPICS = 8
MAX_NOTE = 500


class Cadence(enum.StrEnum):
    WEEKLY = "weekly"
    BIWEEKLY = "biweekly"
    MONTHLY = "monthly"

    @property
    def days(self) -> int:
        return {"weekly": 7, "biweekly": 14, "monthly": 28}[self.value]

    @property
    def label(self) -> str:
        return {"weekly": "Every week", "biweekly": "Every two weeks", "monthly": "Every month"}[self.value]


DEFAULT_CADENCE = Cadence.BIWEEKLY


class State(enum.StrEnum):
    NOT_ENROLLED = "not_enrolled"
    ACTIVE = "active"
    PAUSED = "paused"
    LEFT = "left"


@dataclass(frozen=True)
class ProfileInput:
    """What a join/profile modal submitted, before validation (ids as Slack sent them)."""

    teach: tuple[str, ...] = ()
    learn: tuple[str, ...] = ()
    note: str | None = None
    career_stage: str | None = None
    department: str | None = None
    cadence: str | None = None
    perspectives: tuple[str, ...] = ()
    perspectives_consent: bool = False


@dataclass(frozen=True)
class Profile:
    teach: tuple[str, ...]
    learn: tuple[str, ...]
    career_stage: str
    department: str
    cadence: Cadence
    note: str | None = None
    perspectives: tuple[str, ...] = ()
    perspectives_consent: bool = False

    def within(self, topics: tuple[str, ...] | None) -> Profile:
        """This profile with only these topics taught and learned (None: as it is)."""
        if topics is None:
            return self
        return replace(
            self,
            teach=tuple(t for t in self.teach if t in topics),
            learn=tuple(t for t in self.learn if t in topics),
        )


@dataclass(frozen=True)
class Enrolment:
    """Where a person stands, as shown by /mentor status and the App Home tab."""

    user_id: str
    state: State
    profile: Profile | None = None
    joined_at: datetime | None = None
    paused_until: date | None = None
    tz: str | None = None
    partners: tuple[str, ...] = ()  # Slack ids of the people in their active pair
    pair_ends_on: date | None = None
    waiting: bool = False  # left out of a round: first in line next time
    away: bool = False  # their Slack status says they are away (bot/away.py)…
    away_until: datetime | None = None  # …until then (None: until it changes)


class Field(enum.StrEnum):
    """The fields of the profile modal; their values are also the modal's block ids."""

    TEACH = "teach"
    LEARN = "learn"
    NOTE = "note"
    CAREER_STAGE = "career_stage"
    DEPARTMENT = "department"
    CADENCE = "cadence"
    PERSPECTIVES = "perspectives"
    CONSENT = "consent"


def validate_profile(raw: ProfileInput, catalogue: Catalogue) -> tuple[Profile | None, dict[Field, str]]:
    """Return the clean profile, or the errors to show beside each field."""
    errors: dict[Field, str] = {}
    topics = catalogue.topics
    teach = _unique(raw.teach)
    learn = _unique(raw.learn)

    for field, chosen, verb in ((Field.TEACH, teach, "teach"), (Field.LEARN, learn, "learn")):
        unknown = [t for t in chosen if t not in topics]
        if not chosen:
            errors[field] = f"Pick at least one topic you'd like to {verb}."
        elif unknown:
            errors[field] = "Some of these topics are no longer offered — please choose again."
        elif len(chosen) > MAX_TOPICS:
            errors[field] = f"Pick at most {MAX_TOPICS} topics, so your partner knows where to start."

    if Field.TEACH not in errors and Field.LEARN not in errors:
        # Overlap is fine (you can know some Python and want more), but each side needs something the other lacks.
        if not set(learn) - set(teach):
            errors[Field.LEARN] = (
                "Add at least one topic to learn that isn't also on your teaching list — "
                "otherwise there's nothing to exchange."
            )
        elif not set(teach) - set(learn):
            errors[Field.TEACH] = (
                "Add at least one topic to teach that isn't also on your learning list — "
                "otherwise there's nothing to exchange."
            )

    if not raw.career_stage or catalogue.stage_rank(raw.career_stage) is None:
        errors[Field.CAREER_STAGE] = "Choose the career stage closest to yours."
    if not raw.department or raw.department not in {d.id for d in catalogue.departments}:
        errors[Field.DEPARTMENT] = "Choose your department (or “Other”)."
    try:
        cadence = Cadence(raw.cadence) if raw.cadence else DEFAULT_CADENCE
    except ValueError:
        errors[Field.CADENCE] = "Choose how often you'd like to meet."
        cadence = DEFAULT_CADENCE

    note = _clean_text(raw.note)
    if note and len(note) > MAX_NOTE:
        errors[Field.NOTE] = f"Please keep this under {MAX_NOTE} characters."

    perspectives = _unique(raw.perspectives)
    known_perspectives = {p.id for p in catalogue.perspectives}
    if any(p not in known_perspectives for p in perspectives):
        errors[Field.PERSPECTIVES] = "Some of these are no longer offered — please choose again."
    elif perspectives and not raw.perspectives_consent:
        errors[Field.CONSENT] = (
            "Tick this box if we may use what you shared for matching — or clear your choices. "
            "It's entirely optional."
        )

    if errors:
        return None, errors
    consent = raw.perspectives_consent and bool(perspectives)
    return (
        Profile(
            teach=teach,
            learn=learn,
            career_stage=raw.career_stage or "",
            department=raw.department or "",
            cadence=cadence,
            note=note,
            # Without consent nothing sensitive is kept, even if it was typed.
            perspectives=perspectives if consent else (),
            perspectives_consent=consent,
        ),
        {},
    )


def effective_state(stored: State, paused_until: date | None, today: date) -> State:
    """A pause with an end date is over on that date, whether or not anything has rewritten the row yet."""
    if stored is State.PAUSED and paused_until is not None and today >= paused_until:
        return State.ACTIVE
    return stored


def _unique(items: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(i for i in items if i))


def _clean_text(text: str | None) -> str | None:
    text = (text or "").strip()
    return text or None
