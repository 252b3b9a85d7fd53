"""When messages go out: local weekday mornings, shared working hours, DST, weekends."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.schedule import Window, next_slot

NY, LONDON, KOLKATA, TOKYO = "America/New_York", "Europe/London", "Asia/Kolkata", "Asia/Tokyo"


def local(t, tz):
    return t.astimezone(ZoneInfo(tz))


@pytest.mark.parametrize("tz", [NY, LONDON, KOLKATA, TOKYO, "Australia/Sydney", "America/Los_Angeles"])
def test_one_person_gets_10_am_on_a_weekday_in_their_own_timezone(tz):
    for day in range(4, 11):  # a whole week of starting points, 4–10 January 2027
        slot = next_slot(datetime(2027, 1, day, 12, 34, tzinfo=UTC), [tz])
        assert local(slot, tz).hour == 10 and local(slot, tz).minute == 0
        assert local(slot, tz).weekday() < 5


def test_a_friday_afternoon_waits_for_monday_morning():
    friday_evening = datetime(2027, 1, 8, 18, 0, tzinfo=UTC)
    slot = next_slot(friday_evening, [LONDON])
    assert slot == datetime(2027, 1, 11, 10, 0, tzinfo=UTC)


def test_a_pair_gets_an_hour_inside_both_working_days():
    slot = next_slot(datetime(2027, 1, 4, 0, 0, tzinfo=UTC), [NY, LONDON])
    assert 9 <= local(slot, NY).hour < 17 and 9 <= local(slot, LONDON).hour < 17
    assert local(slot, NY).weekday() < 5 and local(slot, LONDON).weekday() < 5
    slot = next_slot(datetime(2027, 1, 4, 0, 0, tzinfo=UTC), [KOLKATA, TOKYO])
    assert 9 <= local(slot, KOLKATA).hour < 17 and 9 <= local(slot, TOKYO).hour < 17


def test_across_the_date_line_both_must_be_on_a_weekday():
    # Tokyo's Monday morning is still Sunday in Los Angeles.
    slot = next_slot(datetime(2027, 1, 3, 0, 0, tzinfo=UTC), [TOKYO, "America/Los_Angeles"])
    assert local(slot, TOKYO).weekday() < 5 and local(slot, "America/Los_Angeles").weekday() < 5
    for tz in (TOKYO, "America/Los_Angeles"):
        assert 8 <= local(slot, tz).hour < 20  # no shared working hour: daytime for both, never night


def test_dst_changes_keep_10_am_local():
    # Clocks go forward in New York on 14 March 2027 and in London on 28 March 2027.
    before = next_slot(datetime(2027, 3, 12, 0, 0, tzinfo=UTC), [NY])
    after = next_slot(datetime(2027, 3, 15, 0, 0, tzinfo=UTC), [NY])
    assert (before.hour, after.hour) == (15, 14)  # 10:00 EST then 10:00 EDT
    assert local(after, NY).hour == 10
    london_after = next_slot(datetime(2027, 3, 29, 0, 0, tzinfo=UTC), [LONDON])
    assert london_after.hour == 9 and local(london_after, LONDON).hour == 10  # 10:00 BST


def test_the_window_is_configurable_and_unknown_zones_use_utc():
    slot = next_slot(datetime(2027, 1, 4, 0, 0, tzinfo=UTC), [None], Window(hour=14, start=13, end=18))
    assert slot == datetime(2027, 1, 4, 14, 0, tzinfo=UTC)


def test_a_dst_change_later_in_the_window_does_not_push_a_pair_back_a_week():
    # Monday 8 March 2027: New York changes clock on the 14th, which makes later days fit both better.
    slot = next_slot(datetime(2027, 3, 8, 9, 0, tzinfo=UTC), [NY, LONDON])
    assert slot.date() == datetime(2027, 3, 8).date()
    assert working(slot, NY) and working(slot, LONDON)


def working(t, tz):
    return local(t, tz).weekday() < 5 and 9 <= local(t, tz).hour < 17
