from datetime import UTC, datetime

from bot.pacing import ChannelPacer, Pacer, Pacing
from bot.programme import ProgrammeSettings, latest_slot


def test_the_pacer_spaces_sends_evenly():
    clock = [100.0]
    slept = []

    def sleep(seconds):
        slept.append(seconds)
        clock[0] += seconds

    pacer = Pacer(per_minute=40, sleep=sleep, monotonic=lambda: clock[0])
    for _ in range(4):
        pacer.wait()
    assert slept == [1.5, 1.5, 1.5]
    clock[0] += 10  # a quiet spell doesn't bank sends for a burst
    pacer.wait()
    assert slept == [1.5, 1.5, 1.5]


def test_posts_wait_only_for_their_own_channel():
    clock = [0.0]
    slept = []

    def sleep(seconds):
        slept.append(round(seconds, 6))
        clock[0] += seconds

    pacer = ChannelPacer(1.0, size=2, sleep=sleep, monotonic=lambda: clock[0])
    pacer.wait("C1")
    pacer.wait("C2")  # another channel: no wait
    assert slept == []
    clock[0] += 0.25
    pacer.wait("C1")  # C1 had one 0.25 s ago
    assert slept == [0.75]
    pacer.wait("C3")
    pacer.wait("C4")  # C1 is now the oldest of more than two: forgotten (long past)
    assert slept == [0.75]


def test_each_method_has_its_own_limit():
    pacing = Pacing()
    assert pacing.open.interval == 60 / 50  # conversations.open: Tier 3, 50 a minute
    assert pacing.post.seconds == 1.0  # chat.postMessage: one a second in a channel…
    assert pacing.post_any.interval == 60 / 300  # …and 300 a minute in all
    assert (
        Pacing.none().open.interval == 0
        and Pacing.none().post.seconds == 0 == Pacing.none().post_any.interval
    )


def test_latest_slot_is_the_most_recent_scheduled_time():
    monday_9 = ProgrammeSettings()
    assert latest_slot(datetime(2027, 1, 4, 9, 0, tzinfo=UTC), monday_9) == datetime(
        2027, 1, 4, 9, 0, tzinfo=UTC
    )
    assert latest_slot(datetime(2027, 1, 4, 8, 59, tzinfo=UTC), monday_9) == datetime(
        2026, 12, 28, 9, 0, tzinfo=UTC
    )
    assert latest_slot(datetime(2027, 1, 8, 17, 0, tzinfo=UTC), monday_9) == datetime(
        2027, 1, 4, 9, 0, tzinfo=UTC
    )


def test_latest_slot_in_a_programme_timezone_across_a_dst_change():
    ny = ProgrammeSettings(round_weekday=0, round_hour=10, round_timezone="America/New_York")
    # Monday 9 March 2026 is the first Monday after the US clocks went forward (8 March).
    slot = latest_slot(datetime(2026, 3, 9, 15, 0, tzinfo=UTC), ny)
    assert slot.astimezone(UTC) == datetime(2026, 3, 9, 14, 0, tzinfo=UTC)  # 10:00 EDT
    earlier = latest_slot(datetime(2026, 3, 9, 13, 0, tzinfo=UTC), ny)
    assert earlier.astimezone(UTC) == datetime(2026, 3, 2, 15, 0, tzinfo=UTC)  # 10:00 EST the week before


def test_median_of_a_histogram():
    from bot.report_maths import median_of_histogram

    assert median_of_histogram([]) is None
    assert median_of_histogram([(7.0, 1)]) == 7
    assert median_of_histogram([(7.0, 1), (10.0, 1), (14.0, 1)]) == 10
    assert median_of_histogram([(7.0, 2), (14.0, 2)]) == 10.5
    assert median_of_histogram([(1.0, 5), (100.0, 1)]) == 1
