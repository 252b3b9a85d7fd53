"""The sender's lease: one process at a time, decided in the database, even when two race for it."""

import threading
from datetime import UTC, datetime, timedelta

from storage import leases
from storage.db import make_engine, make_sessions
from storage.migrate import upgrade

NOW = datetime(2027, 1, 4, 9, tzinfo=UTC)


def sessions_for(url: str):
    engine = make_engine(url)
    upgrade(engine)
    return engine, make_sessions(engine)


def test_a_lease_is_held_renewed_let_go_and_taken_over_once_it_runs_out(db_url):
    engine, sessions = sessions_for(db_url)
    with sessions.begin() as s:
        assert leases.take(s, name="sender", holder="a", now=NOW, seconds=60)
    with sessions.begin() as s:
        assert not leases.take(s, name="sender", holder="b", now=NOW + timedelta(seconds=30), seconds=60)
        assert leases.take(
            s, name="sender", holder="a", now=NOW + timedelta(seconds=30), seconds=60
        )  # renewed
    with sessions.begin() as s:  # a holder that died: its lease runs out, and another takes it
        assert not leases.take(s, name="sender", holder="b", now=NOW + timedelta(seconds=89), seconds=60)
        assert leases.take(s, name="sender", holder="b", now=NOW + timedelta(seconds=91), seconds=60)
    with sessions.begin() as s:  # let go at once: the next one need not wait
        leases.give_up(s, name="sender", holder="b", now=NOW + timedelta(seconds=100))
    with sessions.begin() as s:
        assert leases.take(s, name="sender", holder="c", now=NOW + timedelta(seconds=101), seconds=60)
    engine.dispose()


def race_for(sessions, name: str, now: datetime) -> list[str]:
    """Two sessions take the lease at the same moment: who got it."""
    start = threading.Barrier(2)
    won: list[str] = []

    def race(holder: str) -> None:
        with sessions.begin() as s:
            start.wait()
            if leases.take(s, name=name, holder=holder, now=now, seconds=60):
                won.append(holder)

    threads = [threading.Thread(target=race, args=(h,)) for h in ("a", "b")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return won


def test_two_processes_racing_for_a_free_lease_get_it_once(pg_url):
    engine, sessions = sessions_for(pg_url)
    for n in range(5):
        assert len(race_for(sessions, f"race{n}", NOW)) == 1  # a lease no one has held: one inserts it
        later = NOW + timedelta(hours=1)
        assert len(race_for(sessions, f"race{n}", later)) == 1  # one that ran out: one takes it over
    engine.dispose()
