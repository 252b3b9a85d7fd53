"""SQLite files hold consented perspectives: only the bot's own user may read them."""

from __future__ import annotations

import os
import stat
from datetime import UTC, datetime

from storage.db import make_engine, make_sessions
from storage.migrate import upgrade
from storage.models import Erasure


def modes(path) -> dict[str, str]:
    return {p.name: oct(stat.S_IMODE(p.stat().st_mode)) for p in path.parent.glob(path.name + "*")}


def test_a_new_database_and_its_journals_are_readable_by_the_bot_alone(tmp_path):
    path = tmp_path / "mentorship.db"
    old = os.umask(0o022)  # the usual umask, which would make them 0644
    try:
        engine = make_engine(f"sqlite:///{path}")
        upgrade(engine)
        with make_sessions(engine).begin() as s:
            s.add(Erasure(team_id="T1", erased_at=datetime.now(UTC)))
        assert modes(path) == {
            n: "0o600" for n in ("mentorship.db", "mentorship.db-wal", "mentorship.db-shm")
        }
        engine.dispose()
    finally:
        os.umask(old)


def test_an_existing_database_open_to_others_is_closed_when_the_bot_opens_it(tmp_path):
    path = tmp_path / "mentorship.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    engine.dispose()
    for p in tmp_path.iterdir():
        p.chmod(0o644)
    engine = make_engine(f"sqlite:///{path}")
    with engine.connect():
        pass
    assert set(modes(path).values()) == {"0o600"}
    engine.dispose()
