"""The report's running totals: kept right through every change, equal to a rebuild, safe under concurrency."""

import random
import threading
import time
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from bot.services import tallies
from bot.services.enrolment import leave
from bot.tallies import Answer, answer_tallies, difference, meeting_tallies
from storage.db import make_engine, make_sessions
from storage.migrate import upgrade
from storage.models import Meeting, Member, MemberStatus, Pair, PairMember, PairStatus, PollAnswer
from tests.factories import programme_of

NOW = datetime(2027, 1, 4, 9, tzinfo=UTC)
MON = date(2027, 1, 4)


def test_meeting_totals_count_weeks_met_and_the_gaps_between_meetings():
    counts = meeting_tallies(
        [(1, MON), (1, MON + timedelta(days=2)), (1, MON + timedelta(days=16)), (2, MON)]
    )
    assert counts[MON, "meetings"] == 3 and counts[MON, "pairs_met"] == 2
    assert counts[MON, "gap:2"] == 1 and counts[MON + timedelta(weeks=2), "gap:14"] == 1
    assert sum(n for (_, name), n in counts.items() if name.startswith("gap:")) == 2  # none between pairs


def test_answer_totals_count_each_person_once_ever_and_once_a_week():
    answers = [Answer(1, MON, 4, True, False, "good"), Answer(1, MON + timedelta(days=1), 2, False, True, None),
               Answer(1, MON + timedelta(weeks=1), 5, True, True, None), Answer(2, MON, None, None, None, None)]  # fmt: skip
    counts = answer_tallies(answers)
    assert counts[MON, "answers"] == 2 and counts[MON, "people_week"] == 1 and counts[MON, "people"] == 1
    assert (
        counts[MON + timedelta(weeks=1), "people"] == 0
        and counts[MON + timedelta(weeks=1), "people_week"] == 1
    )
    assert (counts[MON, "learned"], counts[MON, "taught"], counts[MON, "value:4"]) == (1, 1, 1)
    assert counts[MON, "fit:good"] == 1 and counts[MON, "fit_people"] == 1
    assert all(n > 0 for n in counts.values())  # someone who gave no value counts for nothing


def test_a_difference_keeps_what_went_down():
    before = meeting_tallies([(1, MON), (1, MON + timedelta(days=7))])
    after = meeting_tallies([(1, MON)])
    assert difference(after, before) == {
        (MON + timedelta(days=7), "meetings"): -1,
        (MON + timedelta(days=7), "pairs_met"): -1,
        (MON + timedelta(days=7), "gap:7"): -1,
    }


def expected(session) -> dict:
    """What a rebuild from the rows gives, without keeping it."""
    with session.begin_nested() as rebuild:
        tallies.recount(session=session)
        totals = tallies.stored(session=session)
        rebuild.rollback()
    return totals


def test_random_meetings_answers_and_erasures_keep_the_totals_equal_to_a_rebuild(db_url):
    """Backdated meetings (which split a gap in two), answers in any order, trios, and erasures that take
    a pair with the partner's answers about it: after each, the kept totals equal a rebuild."""
    engine = make_engine(db_url)
    upgrade(engine)
    sessions = make_sessions(engine)
    rng = random.Random(7)
    with sessions.begin() as s:
        for i in range(1, 9):
            s.add(Member(id=i, team_id="T1", programme_id=programme_of(s, "T1"), user_id=f"U{i}", status=MemberStatus.ACTIVE, career_stage="mid",
                         department="data", cadence="weekly", tz="UTC", joined_at=NOW, updated_at=NOW))  # fmt: skip
        s.flush()
        # Pairs 4 and 5 ended earlier (nobody is in two active pairs): people share history across pairs.
        for p, ms in enumerate([(1, 2), (3, 4, 5), (6, 7), (8, 1), (2, 3)], start=1):
            status = PairStatus.ACTIVE if p <= 3 else PairStatus.ENDED
            s.add(Pair(id=p, team_id="T1", programme_id=programme_of(s, "T1"), status=status, created_at=NOW, ends_on=date(2027, 4, 1),
                       score=1, reasons={}, members=[PairMember(member_id=m) for m in ms]))  # fmt: skip
    erased: set[int] = set()
    for step in range(80):
        with sessions.begin() as s:
            pairs = list(s.scalars(select(Pair.id)))
            members = [m for m in s.scalars(select(Member.id))]
            kind = rng.choice(["meeting"] * 4 + ["answer"] * 4 + ["erase"])
            if kind == "meeting" and pairs:
                pair_id = rng.choice(pairs)
                with tallies.recounted(session=s, team_id="T1", pair_ids=[pair_id]):
                    s.add(
                        Meeting(
                            pair_id=pair_id, met_on=MON + timedelta(days=rng.randint(0, 60)), logged_at=NOW
                        )
                    )
            elif kind == "answer" and members:
                member_id = rng.choice(members)
                mine = s.scalars(select(PairMember.pair_id).where(PairMember.member_id == member_id)).all()
                with tallies.recounted(session=s, team_id="T1", member_ids=[member_id]):
                    s.add(PollAnswer(
                        team_id="T1", poll_key=f"k{step}", kind="meeting", member_id=member_id,
                        pair_id=rng.choice(mine) if mine else None, value=rng.choice([None, 1, 3, 5]),
                        learned=rng.random() < 0.5, taught=rng.random() < 0.5,
                        fit=rng.choice([None, "good", "not_sure"]),
                        answered_at=NOW + timedelta(days=rng.randint(0, 60), hours=rng.randint(0, 23)),
                    ))  # fmt: skip
            elif kind == "erase" and step > 40 and members:
                who = rng.choice(members)
                leave(session=s, team_id="T1", user_id=f"U{who}", erase=True, now=NOW)
                erased.add(who)
        with sessions.begin() as s:
            assert tallies.stored(session=s) == expected(s), f"after step {step} ({kind})"
    assert erased  # the run did erase someone
    engine.dispose()


@pytest.mark.postgres
def test_two_answers_from_one_person_at_once_count_them_once(pg_url):
    """Two replicas store two answers from the same person at the same moment: the second waits for the
    first's lock and then sees its answer, so the person is counted once. (Without the lock both would count
    them as a new person.)"""
    engine = make_engine(pg_url)
    upgrade(engine)
    sessions = make_sessions(engine)
    with sessions.begin() as s:
        s.add(Member(id=1, team_id="T1", programme_id=programme_of(s, "T1"), user_id="U1", status=MemberStatus.ACTIVE, career_stage="mid",
                     department="data", cadence="weekly", tz="UTC", joined_at=NOW, updated_at=NOW))  # fmt: skip
    first_inserted = threading.Event()

    def answer(key: str, hold: bool) -> None:
        if not hold:
            first_inserted.wait(10)
        with sessions.begin() as s, tallies.recounted(session=s, team_id="T1", member_ids=[1]):
            s.add(PollAnswer(team_id="T1", poll_key=key, kind="periodic", member_id=1, value=4, learned=True,
                             taught=True, answered_at=NOW))  # fmt: skip
            if hold:
                s.flush()
                first_inserted.set()
                time.sleep(0.5)  # the other one is waiting for the lock meanwhile

    threads = [
        threading.Thread(target=answer, args=("a", True)),
        threading.Thread(target=answer, args=("b", False)),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    with sessions.begin() as s:
        kept = tallies.stored(session=s)
        programme = programme_of(s, "T1")
        assert kept[("T1", programme, MON, "people")] == 1 and kept[("T1", programme, MON, "answers")] == 2
        assert kept == expected(s)
    engine.dispose()
