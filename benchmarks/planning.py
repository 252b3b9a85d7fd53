"""Planning benchmark: what one `tick` of the keep-meeting planner costs at 1,000 vs 10,000 members.

Seeds the same programme as benchmarks/report.py (SQLite), then runs the planner three times: at an
instant where everything is due at once (every pair's check-in, poll or nudge: the worst case, as after
a long outage); one minute later, when nothing new is due, first looking at every pair (as the planner
did before pairs carried `look_after`: the reference), then as it runs now (what the scheduler meets
almost every minute). Prints seconds, SQL statements and the ratios measured in this one run.

    .venv/bin/python benchmarks/planning.py [--sizes 1000 10000] [--programmes 5]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from report import NOW, TEAM, seed  # noqa: E402
from sqlalchemy import event, update  # noqa: E402

from bot.services.keep_meeting import plan_due  # noqa: E402
from storage.db import make_engine, make_sessions  # noqa: E402
from storage.migrate import upgrade  # noqa: E402
from storage.models import Pair  # noqa: E402

LABELS = ("everything due", "nothing new, every pair looked at (before)", "nothing new (now)")


def measure(n: int, programmes: int = 1) -> list[tuple[float, int, int]]:
    engine = make_engine(f"sqlite:///{tempfile.mkdtemp()}/bench.db")
    upgrade(engine)
    seed(engine, n, programmes=programmes)
    sessions = make_sessions(engine)
    statements: list[int] = []
    event.listen(engine, "before_cursor_execute", lambda *a, **k: statements.append(1))
    out = []
    later = NOW + timedelta(minutes=1)
    for at, look_at_all in ((NOW, False), (later, True), (later, False)):
        if look_at_all:
            with sessions.begin() as session:
                session.execute(update(Pair).values(look_after=None))
        statements.clear()
        start = time.perf_counter()
        with sessions.begin() as session:
            queued = plan_due(session=session, team_id=TEAM, at=at)
        out.append((time.perf_counter() - start, len(statements), sum(queued.values())))
    engine.dispose()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs=2, default=[1000, 10000])
    parser.add_argument(
        "--programmes", type=int, default=1, help="the larger size's members in this many programmes"
    )
    args = parser.parse_args()
    small, large = args.sizes
    results = {}
    print(f"{'members':>8} {'tick':<44} {'seconds':>8} {'statements':>11} {'queued':>7}")
    for n in (small, large):
        results[n] = measure(n, args.programmes if n == large else 1)
        for label, (seconds, count, queued) in zip(LABELS, results[n], strict=True):
            print(f"{n:>8} {label:<44} {seconds:>8.3f} {count:>11} {queued:>7}")
    for i, label in enumerate(LABELS):
        ratio = results[large][i][0] / results[small][i][0]
        print(f"{label}: {large}/{small} members took {ratio:.1f}x the time")
    for n in (small, large):
        before, now = results[n][1], results[n][2]
        print(f"{n} members, nothing new: {now[1]} statements instead of {before[1]}, "
              f"{now[0]:.3f} s instead of {before[0]:.3f} s ({before[0] / now[0]:.0f}x faster)")  # fmt: skip


if __name__ == "__main__":
    main()
