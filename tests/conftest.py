"""Fixtures: databases (SQLite always, PostgreSQL where reachable), the fake Slack API, the running app."""

from __future__ import annotations

import io
import logging
import os
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import quote

import pytest
import requests
from slack_bolt import App
from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session

from bot import logs
from bot.app import create_app
from bot.catalogue import load_catalogue
from bot.clock import FixedClock
from bot.config import Settings
from bot.deps import Deps
from bot.executor import TrackedExecutor
from bot.pacing import POSTS_PER_MINUTE, TIER_3_PER_MINUTE, Pacing
from bot.sender import Sender
from bot.web import EVENTS_PATH, make_server, run_until_closed
from storage.db import make_engine, make_sessions
from storage.members import get_member
from storage.migrate import upgrade
from storage.models import Member
from tests.fakes.slack_api import TEAM_ID, FakeSlack, RateLimits
from tests.fakes.slack_requests import SlackSender, profile_values

PG_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
PG_REQUIRED = os.environ.get("MENTOR_REQUIRE_POSTGRES") == "1"
SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
START = datetime(2027, 1, 4, 9, 0, tzinfo=UTC)  # a Monday
ADMIN = "UADMIN0001"


def _postgres_problem() -> str | None:
    try:
        engine = create_engine(PG_URL)
        with engine.connect() as c:
            c.execute(text("select 1"))
        engine.dispose()
    except Exception as exc:  # noqa: BLE001
        return f"{type(exc).__name__}: {str(exc).splitlines()[0]}"
    return None


@pytest.fixture(scope="session")
def postgres_available() -> str:
    problem = _postgres_problem()
    if problem:
        if PG_REQUIRED:
            pytest.fail(
                f"PostgreSQL is required here (MENTOR_REQUIRE_POSTGRES=1) but {PG_URL} failed: {problem}"
            )
        pytest.skip(
            f"no PostgreSQL server reachable at {PG_URL} ({problem}); set TEST_POSTGRES_URL to run these"
        )
    return PG_URL


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request, tmp_path) -> Iterator[str]:
    """An empty database: a SQLite file, or a fresh schema of its own on the PostgreSQL server."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'test.db'}"
        return
    yield from _fresh_schema(request.getfixturevalue("postgres_available"))


@pytest.fixture
def pg_url(postgres_available) -> Iterator[str]:
    """A fresh schema of its own on the PostgreSQL server (tests that need PostgreSQL itself)."""
    yield from _fresh_schema(postgres_available)


def _fresh_schema(base: str) -> Iterator[str]:
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base)
    with admin.begin() as c:
        c.execute(text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in base else "?"
    yield f"{base}{sep}options={quote(f'-csearch_path={schema}')}"
    with admin.begin() as c:
        c.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


@pytest.fixture
def fake_slack() -> Iterator[FakeSlack]:
    fake = FakeSlack().start()
    fake.add_user("U123ABC456", "steve", tz="Europe/London")
    yield fake
    fake.stop()
    assert fake.problems == [], "calls that do not match Slack's specs:\n" + "\n".join(fake.problems)


@dataclass
class Harness:
    """The real app over HTTP, a fake Slack behind it, and the database it writes."""

    deps: Deps
    fake: FakeSlack
    slack: SlackSender
    executor: TrackedExecutor
    clock: FixedClock
    base_url: str
    bolt: App

    def settle(self) -> None:
        """Until every listener, the slow lane and the background sender have finished what was asked."""
        for _ in range(2):  # a listener may queue slow work, slow work may ring the sender
            assert self.deps.prompt.wait_idle(timeout=15), "modals still opening after 15 s"
            assert self.executor.wait_idle(timeout=15), "listeners still running after 15 s"
            assert self.deps.slow.wait_idle(timeout=30), "slow work still running after 30 s"
            assert self.deps.bell.settled(timeout=30), "the sender was still sending after 30 s"

    def command(self, text: str, **kwargs) -> requests.Response:
        response = self.slack.command(text, **kwargs)
        self.settle()
        return response

    def home_action(self, action_id: str, **kwargs) -> requests.Response:
        response = self.slack.home_action(action_id, **kwargs)
        self.settle()
        return response

    def submit(self, callback_id: str, values: dict, **kwargs) -> requests.Response:
        response = self.slack.view_submission(callback_id, values, **kwargs)
        self.settle()
        return response

    def submit_modal(
        self, values: dict, *, user: str = "U123ABC456", modal: dict | None = None
    ) -> requests.Response:
        """Submit a modal the app opened (the last one, unless given) as the person sees it."""
        modal = modal or self.fake.modal()
        return self.submit(
            modal["callback_id"], values, user=user, private_metadata=modal.get("private_metadata", ""),
            view_id=modal["id"],
        )  # fmt: skip

    def home_opened(self, user: str = "U123ABC456", **kwargs) -> requests.Response:
        response = self.slack.home_opened(user, **kwargs)
        self.settle()
        return response

    def session(self) -> Session:
        return self.deps.sessions()

    def member(self, user_id: str = "U123ABC456") -> Member | None:
        with self.session() as s:
            return get_member(s, team_id=TEAM_ID, user_id=user_id)

    def join(self, user_id: str = "U123ABC456", **profile) -> requests.Response:
        """Enrol someone the way a person does: /mentor join, then submit the modal."""
        if user_id not in self.fake.users:
            self.fake.add_user(user_id)
        self.command("join", user=user_id)
        response = self.submit_modal(profile_values(**profile), user=user_id)
        assert response.status_code == 200 and response.text == "", response.text
        return response

    def tick(self, at: datetime | None = None):
        """Run the due work for an instant, as `mentor-bot tick --at` does."""
        from bot.app import make_client
        from bot.jobs import run_due_work

        if at is not None:
            self.clock.set(at)
        return run_due_work(deps=self.deps, client=make_client(self.deps), at=self.clock.now())

    def responses_text(self) -> str:
        return "\n".join(r.get("text", "") for r in self.fake.responses)


def settings_for(fake: FakeSlack, db_url: str, **overrides) -> Settings:
    values = dict(
        bot_token=fake.bot_token,
        signing_secret=SIGNING_SECRET,
        app_token=None,
        slack_api_url=fake.base_url,
        database_url=db_url,
        port=0,
        admins=frozenset({ADMIN}),
        scheduler_enabled=False,
    )
    values.update(overrides)
    return Settings(**values)


@pytest.fixture
def app(db_url: str, fake_slack: FakeSlack) -> Iterator[Harness]:
    yield from _harness(db_url, fake_slack)


@pytest.fixture
def paced_app(db_url: str, fake_slack: FakeSlack) -> Iterator[Harness]:
    """The running app with the production pacer (Slack's rate tiers), where a test needs its delays."""
    yield from _harness(db_url, fake_slack, pacing=Pacing())


RATE_SPEED = 5


@pytest.fixture
def rate_limited_app(db_url: str, fake_slack: FakeSlack) -> Iterator[Harness]:
    """The running app against a fake Slack that enforces Slack's rate limits, both RATE_SPEED× faster than
    Slack (faster still, and a busy machine's jitter would be a real fraction of a channel's gap)."""
    fake_slack.limits = RateLimits(
        per_minute={"conversations.open": TIER_3_PER_MINUTE, "chat.postMessage": POSTS_PER_MINUTE},
        speed=RATE_SPEED,
    )
    yield from _harness(db_url, fake_slack, pacing=Pacing.faster(RATE_SPEED))


@pytest.fixture
def pg_app(pg_url: str, fake_slack: FakeSlack) -> Iterator[Harness]:
    """The running app on PostgreSQL only: for races that SQLite's single writer rules out."""
    yield from _harness(pg_url, fake_slack)


@pytest.fixture
def app_without_shipped_starters(db_url: str, fake_slack: FakeSlack) -> Iterator[Harness]:
    """The running app whose only conversation starters are the ones admins add."""
    yield from _harness(db_url, fake_slack, starters=())


def _harness(db_url: str, fake_slack: FakeSlack, **overrides: object) -> Iterator[Harness]:
    settings = settings_for(fake_slack, db_url)
    engine = make_engine(db_url)
    upgrade(engine)
    clock = FixedClock(START)
    deps = Deps(
        settings=settings,
        sessions=make_sessions(engine),
        clock=clock,
        catalogue=load_catalogue(),
        **{"pacing": Pacing.none(), **overrides},  # type: ignore[arg-type]
    )
    executor = deps.work
    bolt = create_app(deps)
    # As in `serve`, but it only wakes when rung: a test moves the clock itself and calls tick().
    sender = Sender(deps, bolt.client, idle_seconds=3600).start()
    ready = threading.Event()
    server = make_server(
        bolt,
        ready,
        signing_secret=SIGNING_SECRET,
        answering=deps.answering,
        host="127.0.0.1",
        port=0,
        metrics=deps.scrape,
    )
    thread = threading.Thread(target=run_until_closed, args=(server,), daemon=True)
    thread.start()
    ready.set()
    base = f"http://127.0.0.1:{server.effective_port}"
    harness = Harness(
        deps=deps,
        fake=fake_slack,
        slack=SlackSender(url=base + EVENTS_PATH, secret=SIGNING_SECRET, fake=fake_slack),
        executor=executor,
        clock=clock,
        base_url=base,
        bolt=bolt,
    )
    yield harness
    harness.settle()
    server.close()
    executor.shutdown(wait=True)
    deps.slow.shutdown(wait=True)
    deps.prompt.shutdown(wait=True)
    sender.stop()
    engine.dispose()


@contextmanager
def captured_log(level: int = logging.DEBUG) -> Iterator[io.StringIO]:
    """Everything logged meanwhile, as the bot logs in production (JSON lines), into a string."""
    root = logging.getLogger()
    kept = (root.handlers[:], root.level)
    stream = io.StringIO()
    logs.configure(level, "json")
    root.handlers[0].setStream(stream)  # type: ignore[attr-defined]
    try:
        yield stream
    finally:
        root.handlers[:], _ = kept
        root.setLevel(kept[1])


@contextmanager
def planner_waits_for(app: Harness, at: datetime) -> Iterator[Session]:
    """Another request's unit of work, holding the rows it writes in the block. On leaving the block the
    planner ticks at `at` in a thread; once PostgreSQL shows it waiting for a lock, the other commits and the
    planner finishes: the race is decided by the database, not by timing."""
    engine = app.deps.sessions.kw["bind"]  # the app's own engine
    with engine.connect() as held, Session(bind=held) as other:
        holding = held.begin()
        yield other
        other.flush()
        planner = threading.Thread(target=lambda: app.tick(at))
        planner.start()
        wait_for_waiters(app.deps.settings.database_url, 1)
        holding.commit()
        planner.join()


def wait_for_waiters(url: str, n: int, timeout: float = 20.0) -> None:
    """Until n sessions of this database are waiting for a lock."""
    engine = create_engine(url)
    deadline = time.monotonic() + timeout
    waiting = 0
    try:
        while time.monotonic() < deadline:
            with engine.connect() as conn:
                waiting = conn.scalar(
                    text(
                        "SELECT count(*) FROM pg_stat_activity "
                        "WHERE datname = current_database() AND wait_event_type = 'Lock'"
                    )
                )
            if waiting >= n:
                return
            time.sleep(0.05)
    finally:
        engine.dispose()
    raise AssertionError(f"only {waiting} of {n} requests reached the database")
