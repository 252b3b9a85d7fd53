"""Report benchmark: SQL statements and time for the programme report at 1,000 vs 10,000 members.

Seeds a programme (members, pairs, 5 meetings and 10 poll answers per member) in SQLite — and in
PostgreSQL when TEST_POSTGRES_URL (or the default local server) answers — then times the report and
counts the SQL statements it issues. Prints the ratios measured in this one run, and how long rebuilding
the running totals from the rows takes (`recount`: a one-off after a bulk load; the app keeps them as it goes).

    .venv/bin/python benchmarks/report.py [--sizes 1000 10000] [--programmes 5]
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import create_engine, event, insert, select, text  # noqa: E402

from bot.services.report import programme_report, rollup  # noqa: E402
from bot.services.tallies import recount  # noqa: E402
from storage.db import make_engine, make_sessions  # noqa: E402
from storage.migrate import upgrade  # noqa: E402
from storage.models import Meeting, Member, Pair, PairMember, PollAnswer, Programme  # noqa: E402

TEAM = "T1"
NOW = datetime(2027, 1, 4, 9, tzinfo=UTC)


def seed(engine, n: int, seed_: int = 1, programmes: int = 1) -> None:  # type: ignore[no-untyped-def]
    """n members in `programmes` programmes of the workspace (equal shares, each pair inside one)."""
    rng = random.Random(seed_)
    joined = NOW - timedelta(days=200)
    with engine.begin() as c:
        ids = [
            c.execute(insert(Programme).values(team_id=TEAM, name=f"Programme {k + 1}", created_at=joined,
                                               updated_at=joined)).inserted_primary_key[0]
            for k in range(programmes)
        ]  # fmt: skip
        share = -(-n // programmes) + (-(-n // programmes)) % 2  # even: a pair's two members share one

        def programme_of(member_id: int) -> int:
            return int(ids[min((member_id - 1) // share, programmes - 1)])

        c.execute(insert(Member), [
            dict(id=i, team_id=TEAM, programme_id=programme_of(i), user_id=f"U{i:08d}", status=rng.choice(["active"] * 8 + ["paused", "left"]),
                 career_stage=rng.choice(["early", "mid", "senior"]), department=rng.choice(["eng", "sales", "data"]),
                 cadence=rng.choice(["weekly", "biweekly", "monthly"]), perspectives_consent=False, tz="Europe/London",
                 joined_at=joined, updated_at=joined)
            for i in range(1, n + 1)])  # fmt: skip
        pairs = n // 2
        status = {p: rng.choice(["active", "active", "ended"]) for p in range(1, pairs + 1)}
        c.execute(insert(Pair), [
            dict(id=p, team_id=TEAM, programme_id=programme_of(2 * p - 1), status=status[p], created_at=joined,
                 ends_on=date(2027, 3, 1), score=50.0, reasons={}, end_reason=None, stalled_at=None,
                 agreement_cadence=rng.choice([None, "weekly"]))
            for p in range(1, pairs + 1)])  # fmt: skip
        c.execute(
            insert(PairMember),  # each member's copy of the pair's status (the database keeps it after this)
            [
                dict(pair_id=p, member_id=2 * p - 1 + k, pair_status=status[p])
                for p in range(1, pairs + 1)
                for k in (0, 1)
            ],
        )
        c.execute(insert(Meeting), [
            dict(pair_id=rng.randint(1, pairs), met_on=(joined + timedelta(days=rng.randint(0, 199))).date(),
                 logged_at=NOW) for _ in range(5 * n)])  # fmt: skip
        c.execute(insert(PollAnswer), [
            dict(team_id=TEAM, poll_key=f"p{i}", kind="periodic", pair_id=None, member_id=rng.randint(1, n),
                 value=rng.randint(1, 5), learned=rng.random() < 0.7, taught=rng.random() < 0.6,
                 fit=rng.choice([None, "good", "not_sure"]),
                 answered_at=NOW - timedelta(days=rng.randint(0, 199))) for i in range(10 * n)])  # fmt: skip


def measure(url: str, n: int, programmes: int = 1) -> tuple[float, int, float]:
    engine = make_engine(url)
    upgrade(engine)
    seed(engine, n, programmes=programmes)
    sessions = make_sessions(engine)
    # Rows loaded in bulk, as from a backup: rebuild the running totals and pair shapes the app keeps
    # (the app keeps them as it goes; this is the operator's `mentor-bot report --recount`).
    start = time.perf_counter()
    with sessions.begin() as s:
        recount(session=s, team_id=TEAM)
    recounted = time.perf_counter() - start
    statements = []
    event.listen(engine, "before_cursor_execute", lambda *a, **k: statements.append(1))
    best = float("inf")
    for _ in range(3):
        statements.clear()
        start = time.perf_counter()
        with sessions.begin() as s:
            programme_report(session=s, now=NOW, team_id=TEAM)
        best = min(best, time.perf_counter() - start)
    count = len(statements)
    if programmes > 1:  # the admins' roll-up: every programme's report, and people counted once
        with sessions() as s:
            every = list(s.scalars(select(Programme).where(Programme.team_id == TEAM).order_by(Programme.id)))
        statements.clear()
        start = time.perf_counter()
        with sessions.begin() as s:
            rollup(session=s, now=NOW, team_id=TEAM, programmes=every)
        print(f"  roll-up of {programmes} programmes ({n} members): {time.perf_counter() - start:.3f} s, "
              f"{len(statements)} statements (target: a fixed number per programme, never per person)")  # fmt: skip
    engine.dispose()
    return best, count, recounted


def postgres_urls(sizes: list[int]):  # type: ignore[no-untyped-def]
    base = os.environ.get("TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
    try:
        admin = create_engine(base)
        with admin.connect() as c:
            c.execute(text("select 1"))
    except Exception as exc:  # noqa: BLE001
        print(f"(PostgreSQL skipped: {str(exc).splitlines()[0]})")
        return
    for n in sizes:
        schema = f"bench_{uuid.uuid4().hex[:8]}"
        with admin.begin() as c:
            c.execute(text(f'CREATE SCHEMA "{schema}"'))
        SCHEMAS.append((admin, schema))
        yield n, f"{base}?options={quote(f'-csearch_path={schema}')}"


SCHEMAS: list = []


def drop_schemas() -> None:
    for admin, schema in SCHEMAS:
        with admin.begin() as c:
            c.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs=2, default=[1000, 10000])
    parser.add_argument(
        "--programmes", type=int, default=1, help="the larger size's members in this many programmes"
    )
    args = parser.parse_args()
    small, large = args.sizes
    runs = {"sqlite": [(n, f"sqlite:///{tempfile.mkdtemp()}/bench.db") for n in (small, large)]}
    runs["postgresql"] = list(postgres_urls([small, large]))
    print(
        f"{'backend':<11} {'members':>8} {'meetings':>9} {'answers':>8} {'seconds':>8} {'statements':>11} {'recount':>8}"
    )
    for backend, items in runs.items():
        results = {}
        for n, url in items:
            seconds, count, recounted = measure(url, n, args.programmes if n == large else 1)
            results[n] = (seconds, count)
            print(
                f"{backend:<11} {n:>8} {5 * n:>9} {10 * n:>8} {seconds:>8.3f} {count:>11} {recounted:>8.2f}"
            )
        if len(results) == 2:
            (s1, c1), (s2, c2) = results[small], results[large]
            print(f"{backend:<11} time ratio {large}/{small}: {s2 / s1:.2f}x (target ≤ 5x, and ≤ 2 s); "
                  f"statements {c1} → {c2} (target: the same, ≤ 20)")  # fmt: skip


if __name__ == "__main__":
    try:
        main()
    finally:
        drop_schemas()
