"""The benchmarks' seeds still fit the schema (no test runs a benchmark itself: they take minutes)."""

import sys
from pathlib import Path

from sqlalchemy import func, select

from storage.db import make_engine, make_sessions
from storage.migrate import upgrade
from storage.models import Member, Pair, Programme

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))


def test_the_report_and_planner_seed_fits_the_schema_in_several_programmes(tmp_path):
    from report import seed

    engine = make_engine(f"sqlite:///{tmp_path / 'b.db'}")
    upgrade(engine)
    seed(engine, 40, programmes=3)
    with make_sessions(engine)() as s:
        assert s.scalar(select(func.count()).select_from(Programme)) == 3
        assert s.scalar(select(func.count()).select_from(Member)) == 40
        for pair in s.scalars(select(Pair)):  # each pair inside one programme
            assert {pm.member.programme_id for pm in pair.members} == {pair.programme_id}
    engine.dispose()
