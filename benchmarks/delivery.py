"""Delivery benchmark: how close the sender comes to Slack's rate-limit floor, in one run.

A local fake Slack enforces Slack's limits as Slack does (a 429 with Retry-After): conversations.open at
Tier 3 (50 a minute) and chat.postMessage at one a second in any one channel (and, as we assume, 300 a
minute across the workspace). Both the fake and the bot's pacing run `--speed` times faster than Slack, so
a round takes seconds, not hours; the ratio to the floor is what counts, and it only gets harder with
speed (the bot's own work takes the same real time).

1. A round's introductions: `--pairs` pairs formed by a real round, each introduction a conversations.open
   and a chat.postMessage, and each person's private guides a chat.postMessage to their user id (Slack
   opens the DM: no conversations.open). Floor: the slower of (pairs − 1) opens at Tier 3's pace and
   (3 × pairs − 1) posts at the workspace-wide pace.
2. A week later, their check-ins: each goes to the pair's stored group DM — no conversations.open at all.
   Floor: (pairs − 1) posts at the workspace-wide pace.

For each it prints the time taken, the floor, their ratio (target ≥ 95%), the calls per method, the 429s,
and checks that every message went out exactly once (nothing lost, nothing twice).

    .venv/bin/python benchmarks/delivery.py [--pairs 300] [--speed 10]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import func, select  # noqa: E402

from bot.app import make_client  # noqa: E402
from bot.catalogue import load_catalogue  # noqa: E402
from bot.clock import FixedClock  # noqa: E402
from bot.config import Settings  # noqa: E402
from bot.deps import Deps  # noqa: E402
from bot.outbox.send import deliver_due  # noqa: E402
from bot.pacing import POSTS_PER_MINUTE, TIER_3_PER_MINUTE, Pacing  # noqa: E402
from bot.profile import Cadence, Profile  # noqa: E402
from bot.services.enrolment import save_profile  # noqa: E402
from bot.services.keep_meeting import plan_due  # noqa: E402
from bot.services.rounds import run_round  # noqa: E402
from storage import programmes  # noqa: E402
from storage.db import make_engine, make_sessions  # noqa: E402
from storage.migrate import upgrade  # noqa: E402
from storage.models import Outbox, OutboxStatus  # noqa: E402
from tests.fakes.slack_api import FakeSlack, RateLimits  # noqa: E402

TEAM = "T123ABC456"
START = datetime(2027, 1, 4, 8, 0, tzinfo=UTC)  # a Monday
TOPICS = ["python", "writing", "sql", "negotiation", "design-tools", "strategy"]


def setup(pairs: int, speed: float, directory: str) -> tuple[Deps, FakeSlack]:
    limits = RateLimits(
        per_minute={"conversations.open": TIER_3_PER_MINUTE, "chat.postMessage": POSTS_PER_MINUTE},
        speed=speed,
    )
    fake = FakeSlack(validate=False, limits=limits).start()
    settings = Settings(
        bot_token=fake.bot_token,
        signing_secret="x" * 32,
        app_token=None,
        slack_api_url=fake.base_url,
        database_url=f"sqlite:///{directory}/delivery.db",
        port=0,
        admins=frozenset(),
        scheduler_enabled=False,
    )
    engine = make_engine(settings.database_url)
    upgrade(engine)
    deps = Deps(
        settings=settings,
        sessions=make_sessions(engine),
        clock=FixedClock(START),
        catalogue=load_catalogue(),
        pacing=Pacing.faster(speed),
    )
    with deps.sessions.begin() as session:
        for k in range(2 * pairs):
            user = f"U{k:08d}"
            fake.add_user(user)
            teach, learn = TOPICS[k % 6], TOPICS[(k + 1) % 6]
            profile = Profile(
                teach=(teach,), learn=(learn,), career_stage="mid", department="data", cadence=Cadence.WEEKLY
            )
            save_profile(
                session=session, team_id=TEAM, user_id=user, profile=profile, tz="Europe/London", now=START
            )
    return deps, fake


def drain(deps: Deps, fake: FakeSlack, now: datetime) -> float:
    """Send everything due, as the background sender does; the time from the first call to the last."""
    client = make_client(deps)
    before = len(fake.calls)
    start = time.monotonic()
    while True:
        report = deliver_due(deps=deps, client=client, now=now, budget_seconds=3600)
        if not (report.sent or report.retry_later or report.out_of_time):
            break
        if report.retry_later:  # a 429: the row waits for its Retry-After; look again once it has passed
            now += timedelta(seconds=2)
    calls = fake.calls[before:]
    return (calls[-1].at - calls[0].at) if len(calls) > 1 else time.monotonic() - start


def check_once(deps: Deps, fake: FakeSlack, expected: int, kind: str) -> str:
    with deps.sessions.begin() as session:
        sent = session.scalar(
            select(func.count()).where(Outbox.kind == kind, Outbox.status == OutboxStatus.SENT)
        )
        waiting = session.scalar(
            select(func.count()).where(Outbox.kind == kind, Outbox.status != OutboxStatus.SENT)
        )
    posts = Counter(c.args.get("channel") for c in fake.calls_to("chat.postMessage"))
    twice = sum(1 for n in posts.values() if n > 2)  # an introduction and a check-in each, at most
    ok = sent == expected and waiting == 0 and twice == 0
    return f"{sent}/{expected} sent once{'' if ok else ' — PROBLEM: ' + f'{waiting} not sent, {twice} twice'}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=300)
    parser.add_argument("--speed", type=float, default=10.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        deps, fake = setup(args.pairs, args.speed, directory)
        with deps.sessions.begin() as session:
            run_round(
                session=session,
                programme_id=programmes.first(session, TEAM).id,  # type: ignore[union-attr]
                now=START,
                catalogue_ranks=deps.catalogue.stage_ranks,
                trigger="cli",
            )
        opens_before = len(fake.calls_to("conversations.open"))
        took = drain(deps, fake, START)
        floor = max(
            (args.pairs - 1) * 60 / (TIER_3_PER_MINUTE * args.speed),
            (3 * args.pairs - 1) * 60 / (POSTS_PER_MINUTE * args.speed),
        )
        opens = len(fake.calls_to("conversations.open")) - opens_before
        print(
            f"introductions and guides: {args.pairs} + {2 * args.pairs} in {took:.1f} s; floor {floor:.1f} s "
            f"(Tier 3 and posts at {args.speed:g}×): {floor / took:.1%} of the floor; {opens} conversations.open, "
            f"{fake.limits.refused} refused (429); "
            + check_once(deps, fake, args.pairs, "intro")
            + "; guides "
            + check_once(deps, fake, 2 * args.pairs, "guide")
        )
        week = START + timedelta(days=7, hours=2)
        deps.clock.set(week)  # type: ignore[attr-defined]
        with deps.sessions.begin() as session:
            plan_due(session=session, team_id=TEAM, at=week)
        opens_before, refused_before = len(fake.calls_to("conversations.open")), fake.limits.refused
        took = drain(deps, fake, week)
        floor = (args.pairs - 1) * 60 / (POSTS_PER_MINUTE * args.speed)
        print(
            f"check-ins: {args.pairs} in {took:.1f} s; floor {floor:.1f} s (posts at {args.speed:g}×): "
            f"{floor / took:.1%} of the floor; {len(fake.calls_to('conversations.open')) - opens_before} "
            f"conversations.open, {fake.limits.refused - refused_before} refused (429); "
            + check_once(deps, fake, args.pairs, "checkin")
        )
        fake.stop()


if __name__ == "__main__":
    main()
