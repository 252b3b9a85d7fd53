from datetime import date

import pytest

from bot.pausing import PauseError, parse_pause

TODAY = date(2027, 1, 4)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("until 2027-01-31", date(2027, 1, 31)),
        ("2027-01-31", date(2027, 1, 31)),
        ("till 2027-2-3", date(2027, 2, 3)),
        ("3 weeks", date(2027, 1, 25)),
        ("for 3 weeks", date(2027, 1, 25)),
        ("a week", date(2027, 1, 11)),
        ("two weeks", date(2027, 1, 18)),
        ("10 days", date(2027, 1, 14)),
        ("1 month", date(2027, 2, 4)),
        ("  2   MONTHS ", date(2027, 3, 4)),
        ("", None),
        ("indefinitely", None),
    ],
)
def test_readable_pauses(text, expected):
    assert parse_pause(text, today=TODAY) == expected


def test_months_clamp_to_the_end_of_a_short_month():
    assert parse_pause("1 month", today=date(2027, 1, 31)) == date(2027, 2, 28)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("until 2026-12-31", "already passed"),
        ("until 2027-01-04", "already passed"),  # today is not a pause
        ("2027-02-30", "isn't a real date"),
        ("next tuesday", "couldn't read"),
        ("0 weeks", "couldn't read"),
        ("zillion weeks", "couldn't read"),
        ("2 years", "couldn't read"),
        ("60 weeks", "up to a year"),
        ("until 2029-01-01", "up to a year"),
    ],
)
def test_unreadable_or_unreasonable_pauses_say_why(text, fragment):
    with pytest.raises(PauseError) as err:
        parse_pause(text, today=TODAY)
    assert fragment in str(err.value)
    assert "/mentor pause" in str(err.value) or "date" in str(err.value) or "year" in str(err.value)
