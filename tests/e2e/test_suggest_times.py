""" "Suggest times" in the pair's DM: three times inside both people's working days, as buttons; a pick
is posted to the pair with a calendar file that real calendar software reads, and the check-in says so."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
from sqlalchemy import select

from bot import ids
from storage.models import CheckinAnswer, Pair, Reply
from tests.e2e.test_keep_meeting import (
    FIRST_CHECKIN,
    LONDON,
    NY,
    ZONES,
    button,
    click,
    kind_of,
    messages_of,
    one_pair,
)
from tests.e2e.test_rounds import enrol


def suggest(app, channel: str, on: dict, user: str = NY) -> list[dict]:
    pair_id = button(on, ids.SUGGEST_TIMES)["value"]
    click(app, ids.SUGGEST_TIMES, pair_id, user, channel, on)
    return messages_of(app, channel, "times")


def picks(message: dict) -> list[str]:
    return [
        b["accessory"]["value"]
        for b in message["blocks"]
        if b.get("accessory", {}).get("action_id") == ids.PICK_TIME
    ]


def inside_working_day(start: datetime, end: datetime, users) -> bool:
    for user in users:
        a, b = (
            start.astimezone(ZoneInfo(ZONES[user])),
            (end - timedelta(minutes=1)).astimezone(ZoneInfo(ZONES[user])),
        )
        if a.weekday() >= 5 or a.date() != b.date() or not (a.hour >= 9 and b.hour < 17):
            return False
    return True


def test_three_times_inside_both_working_days_and_a_pick_posts_a_calendar_file(app):
    pair_id, channel = one_pair(app)
    intro = app.fake.messages_in(channel)[0]
    (times,) = suggest(app, channel, intro)
    assert len(suggest(app, channel, intro)) == 1  # a double click asks once
    offered = picks(times)
    assert len(offered) == 3
    starts = [datetime.fromtimestamp(int(v), UTC) for v in offered]
    assert all(inside_working_day(s, s + timedelta(minutes=30), (NY, LONDON)) for s in starts)
    assert len({s.date() for s in starts}) == 3 and all(
        s < app.clock.now() + timedelta(days=7, hours=1) for s in starts
    )
    shown = json.dumps(times["blocks"])
    assert f"<@{NY}> (New York)" in shown and f"<@{LONDON}> (London)" in shown

    click(app, ids.PICK_TIME, offered[1], LONDON, channel, times)
    click(
        app, ids.PICK_TIME, offered[0], NY, channel, app.fake.messages_in(channel)[-1]
    )  # too late: one pick
    (upload,) = [u for u in app.fake.uploads.values() if u["filename"].endswith(".ics")]
    assert upload["channel"] == channel and f"<@{LONDON}> picked" in upload["comment"]
    (event,) = icalendar.Calendar.from_ical(upload["content"]).walk("VEVENT")
    start, end = event["DTSTART"].dt, event["DTEND"].dt
    assert start == starts[1] and end - start == timedelta(minutes=30)
    assert inside_working_day(start, end, (NY, LONDON))
    (times,) = messages_of(app, channel, "times")
    assert picks(times) == [] and f"<@{LONDON}> picked" in times["text"]
    with app.session() as s:
        assert s.get(Pair, pair_id).meeting_at == starts[1]


def test_a_pick_from_a_check_in_records_it_as_scheduled_and_the_agreement_sets_how_long(app):
    pair_id, channel = one_pair(app)
    app.tick(FIRST_CHECKIN)
    (checkin,) = messages_of(app, channel, "checkin")
    (times,) = suggest(app, channel, checkin, user=LONDON)
    click(app, ids.PICK_TIME, picks(times)[0], LONDON, channel, times)
    with app.session() as s:
        assert [a.answer for a in s.scalars(select(CheckinAnswer))] == [Reply.SCHEDULED]
    (checkin,) = messages_of(app, channel, "checkin")
    assert "scheduled" in json.dumps(checkin["blocks"]).lower()


def test_a_forged_or_stale_pick_is_refused_kindly_and_sends_nothing(app):
    pair_id, channel = one_pair(app)
    (times,) = suggest(app, channel, app.fake.messages_in(channel)[0])
    click(app, ids.PICK_TIME, "12345", NY, channel, times)  # not a time offered
    app.fake.add_user("UOUTSIDER")
    click(app, ids.PICK_TIME, picks(times)[0], "UOUTSIDER", channel, times)  # not in the pair
    assert [u for u in app.fake.uploads.values() if u["filename"].endswith(".ics")] == []
    said = app.responses_text()
    assert "isn't one of the times suggested" in said and "belongs to the people in this pairing" in said
    with app.session() as s:
        assert s.get(Pair, pair_id).meeting_at is None


def test_working_days_that_never_overlap_get_an_honest_answer(app):
    app.fake.add_user("UADMIN0001", "admin")
    enrol(
        app, NY, tz="America/Los_Angeles", teach=("python",), learn=("negotiation",), department="engineering"
    )
    enrol(app, LONDON, tz="Asia/Kolkata", teach=("negotiation",), learn=("python",), department="sales")
    app.command(f"admin pair <@{NY}> <@{LONDON}>", user="UADMIN0001")  # a round wouldn't: no shared hours
    with app.session() as s:
        channel = s.scalars(select(Pair)).one().channel_id
    (times,) = suggest(app, channel, app.fake.messages_in(channel)[0])
    assert picks(times) == [] and "don't overlap" in times["text"]
    assert kind_of(times) == "times"


def test_a_pick_after_the_pairing_ended_is_refused_kindly(app):
    pair_id, channel = one_pair(app)
    (times,) = suggest(app, channel, app.fake.messages_in(channel)[0])
    app.home_action("home_not_fit", user=NY)
    click(app, ids.PICK_TIME, picks(times)[0], LONDON, channel, times)
    assert "This pairing has ended" in app.responses_text()
    assert [u for u in app.fake.uploads.values() if u["filename"].endswith(".ics")] == []
    with app.session() as s:
        assert s.get(Pair, pair_id).meeting_at is None
