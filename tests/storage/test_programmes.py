"""A workspace's programmes as stored: the first is made on first use, once, whoever asks at once."""

import threading
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from storage import programmes
from storage.db import make_engine, make_sessions
from storage.migrate import upgrade
from storage.models import DEFAULT_PROGRAMME, Programme, ProgrammeState

NOW = datetime(2027, 1, 4, 9, tzinfo=UTC)


def test_the_first_programme_is_made_with_the_defaults_on_first_use(db_url):
    engine = make_engine(db_url)
    upgrade(engine)
    with make_sessions(engine).begin() as s:
        assert programmes.first(s, "T1") is None
        made = programmes.ensure(s, "T1", now=NOW)
        assert programmes.ensure(s, "T1", now=NOW) == made == programmes.lock(s, "T1", now=NOW)
        row = s.get_one(Programme, made)
        assert (row.name, row.state, row.mode, row.created_at) == (
            DEFAULT_PROGRAMME,
            ProgrammeState.ACTIVE,
            "mutual",
            NOW,
        )
        assert programmes.ensure(s, "T2", now=NOW) != made  # each workspace its own
    engine.dispose()


@pytest.mark.postgres
def test_two_replicas_making_the_first_programme_at_once_make_one(pg_url):
    engine = make_engine(pg_url)
    upgrade(engine)
    sessions = make_sessions(engine)
    found, barrier = [], threading.Barrier(2, timeout=10)

    def first_use() -> None:
        with sessions.begin() as s:
            assert programmes.first(s, "T1") is None  # both have looked: there is none yet
            barrier.wait()
            found.append(programmes.ensure(s, "T1", now=NOW))

    threads = [threading.Thread(target=first_use) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(found) == 2 and found[0] == found[1]
    with sessions() as s:
        assert s.scalar(select(func.count()).select_from(Programme)) == 1
    engine.dispose()


@pytest.mark.postgres
def test_a_locked_read_sees_what_another_admin_committed_meanwhile(pg_url):
    """An admin saves the programme modal while another sets its user-group admins: the save read the row
    (checking the name) before taking its lock; the locked read must show the other's groups, which the
    save keeps, not the row as first read."""
    engine = make_engine(pg_url)
    upgrade(engine)
    sessions = make_sessions(engine)
    with sessions.begin() as s:
        programme_id = programmes.ensure(s, "T1", now=NOW)
    with sessions.begin() as first:
        assert programmes.named(first, "T1", DEFAULT_PROGRAMME).admins is None  # read before the lock
        with sessions.begin() as other:
            programmes.lock_id(other, programme_id).admins = ["S0GROUP01"]
        locked = programmes.of_workspace(first, "T1", programme_id, for_update=True)
        assert locked is not None and locked.admins == ["S0GROUP01"]
        assert programmes.lock_id(first, programme_id).admins == ["S0GROUP01"]
    engine.dispose()


@pytest.mark.postgres
def test_making_the_first_programme_while_another_of_the_same_name_in_other_case_commits_makes_none(pg_url):
    """Names are unique per workspace whatever their case (an index on lower(name)), and that is the rule
    two makers at once collide on: the first use waits for the other's row, then uses it — never a
    unique-violation error (which reached Slack as an apology when four modal submissions raced)."""
    engine = make_engine(pg_url)
    upgrade(engine)
    sessions = make_sessions(engine)
    found: list[int] = []
    with sessions.begin() as other:
        other.add(Programme(team_id="T1", name=DEFAULT_PROGRAMME.lower(), created_at=NOW, updated_at=NOW))
        other.flush()  # inserted, not yet committed
        first_use = threading.Thread(target=lambda: found.append(_ensure_in_own_unit(sessions)), daemon=True)
        first_use.start()
        first_use.join(timeout=1)
        assert first_use.is_alive()  # waiting for the other's row
    first_use.join(timeout=10)
    with sessions() as s:
        (only,) = s.scalars(select(Programme)).all()
        assert found == [only.id] and only.name == DEFAULT_PROGRAMME.lower()
    engine.dispose()


def _ensure_in_own_unit(sessions) -> int:
    with sessions.begin() as s:
        return programmes.ensure(s, "T1", now=NOW)
