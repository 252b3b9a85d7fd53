from datetime import date

import pytest

from bot.catalogue import load_catalogue
from bot.profile import Cadence, Field, ProfileInput, State, effective_state, validate_profile

CAT = load_catalogue()


def raw(**overrides) -> ProfileInput:
    values = dict(
        teach=("python",),
        learn=("public-speaking",),
        career_stage="early",
        department="engineering",
        cadence="weekly",
    )
    values.update(overrides)
    return ProfileInput(**values)


def test_a_complete_profile_is_accepted_and_cleaned():
    profile, errors = validate_profile(raw(teach=("python", "python", "sql"), note="  hi  "), CAT)
    assert errors == {}
    assert profile.teach == ("python", "sql") and profile.note == "hi" and profile.cadence is Cadence.WEEKLY


@pytest.mark.parametrize(
    ("overrides", "field", "fragment"),
    [
        ({"teach": ()}, Field.TEACH, "at least one topic you'd like to teach"),
        ({"learn": ()}, Field.LEARN, "at least one topic you'd like to learn"),
        ({"teach": ("python",), "learn": ("python",)}, Field.LEARN, "isn't also on your teaching list"),
        ({"teach": ("python",), "learn": ("python", "sql")}, Field.TEACH, "isn't also on your learning list"),
        ({"teach": ("python", "sql"), "learn": ("python",)}, Field.LEARN, "isn't also on your teaching list"),
        ({"teach": ("no-such-topic",)}, Field.TEACH, "no longer offered"),
        ({"teach": tuple(t for t in list(CAT.topics)[:9])}, Field.TEACH, "at most 8"),
        ({"career_stage": None}, Field.CAREER_STAGE, "career stage"),
        ({"career_stage": "wizard"}, Field.CAREER_STAGE, "career stage"),
        ({"department": None}, Field.DEPARTMENT, "department"),
        ({"cadence": "hourly"}, Field.CADENCE, "how often"),
        ({"note": "x" * 501}, Field.NOTE, "under 500"),
        ({"perspectives": ("caregiver",)}, Field.CONSENT, "Tick this box"),
        (
            {"perspectives": ("astronaut",), "perspectives_consent": True},
            Field.PERSPECTIVES,
            "no longer offered",
        ),
    ],
)
def test_invalid_profiles_get_an_error_beside_the_field(overrides, field, fragment):
    profile, errors = validate_profile(raw(**overrides), CAT)
    assert profile is None
    assert fragment in errors[field]


def test_overlap_is_fine_when_each_side_has_something_of_its_own():
    profile, errors = validate_profile(raw(teach=("python", "sql"), learn=("python", "writing")), CAT)
    assert errors == {} and profile.learn == ("python", "writing")


def test_perspectives_are_kept_only_with_consent():
    profile, _ = validate_profile(raw(perspectives=("caregiver",), perspectives_consent=True), CAT)
    assert profile.perspectives == ("caregiver",) and profile.perspectives_consent
    profile, _ = validate_profile(raw(perspectives_consent=True), CAT)  # consent to nothing stores nothing
    assert profile.perspectives == () and not profile.perspectives_consent


def test_default_cadence_is_every_two_weeks():
    profile, _ = validate_profile(raw(cadence=None), CAT)
    assert profile.cadence is Cadence.BIWEEKLY and Cadence.BIWEEKLY.days == 14


def test_a_pause_with_an_end_date_ends_on_that_date():
    until = date(2027, 2, 1)
    assert effective_state(State.PAUSED, until, date(2027, 1, 31)) is State.PAUSED
    assert effective_state(State.PAUSED, until, date(2027, 2, 1)) is State.ACTIVE
    assert effective_state(State.PAUSED, None, date(2030, 1, 1)) is State.PAUSED
    assert effective_state(State.LEFT, until, date(2030, 1, 1)) is State.LEFT
