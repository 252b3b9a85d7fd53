"""The command line as an operator uses it: real processes, real environment, a fake Slack."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import parse_qs

import pytest
import requests

from storage.migrate import head_revision
from tests.factories import programme_of
from tests.fakes.slack_api import FakeSlack
from tests.fakes.slack_requests import SlackSender

SECRET = "8f742231b10e8888abcd99yyyzzz85a5"


@pytest.fixture
def fake():
    fake = FakeSlack().start()
    fake.add_user("U123ABC456", "steve", tz="America/New_York")
    yield fake
    fake.stop()
    assert fake.problems == []


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def env_for(tmp_path: Path, fake: FakeSlack | None = None, **extra: str) -> dict[str, str]:
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "MENTOR_", "DATABASE_URL", "PORT"))
    }
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'bot.db'}"
    if fake:
        env.update(SLACK_BOT_TOKEN=fake.bot_token, SLACK_API_URL=fake.base_url)
    env.update(extra)
    return env


def run(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "bot", *args], env=env, cwd=cwd, capture_output=True, text=True,
                          timeout=60)  # fmt: skip


def stop(process: subprocess.Popen, sig: signal.Signals) -> str:
    """Send the signal and return what the process wrote to stderr (killed if it does not stop in 20 s)."""
    process.send_signal(sig)
    try:
        return process.communicate(timeout=20)[1]
    except subprocess.TimeoutExpired:
        process.kill()
        return process.communicate()[1]


def test_migrate_creates_the_database(tmp_path):
    result = run(["migrate"], env_for(tmp_path), tmp_path)
    assert result.returncode == 0, result.stderr
    assert f"Database is at migration {head_revision()}" in result.stdout
    assert (tmp_path / "bot.db").exists()


@pytest.mark.parametrize(
    ("env", "fragment"),
    [
        ({}, "SLACK_BOT_TOKEN is not set"),
        ({"SLACK_BOT_TOKEN": "xoxb-1-2-3"}, "SLACK_SIGNING_SECRET is not set"),
        ({"SLACK_BOT_TOKEN": "xoxb-1-2-3", "SLACK_SIGNING_SECRET": "s", "PORT": "web"}, "PORT must be"),
    ],
)
def test_serve_without_what_it_needs_stops_with_one_sentence(tmp_path, env, fragment):
    result = run(["serve"], env_for(tmp_path, **env), tmp_path)
    assert result.returncode == 2
    assert fragment in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_serve_with_a_token_slack_rejects_says_so(tmp_path, fake):
    env = env_for(tmp_path, fake, SLACK_SIGNING_SECRET=SECRET, SLACK_BOT_TOKEN="xoxb-not-the-right-one")
    result = run(["serve"], env, tmp_path)
    assert result.returncode == 2 and "Slack did not accept the bot token" in result.stderr
    assert "invalid_auth" in result.stderr and "Traceback" not in result.stderr
    assert "xoxb-not-the-right-one" not in result.stderr


def test_dotenv_in_the_working_directory_is_read(tmp_path, fake):
    (tmp_path / ".env").write_text(f"SLACK_BOT_TOKEN={fake.bot_token}\nSLACK_API_URL={fake.base_url}\n")
    env = env_for(tmp_path)
    run(["migrate"], env, tmp_path)
    result = run(["tick", "--at", "2027-01-04T10:00:00Z"], env, tmp_path)
    assert result.returncode == 0, result.stderr


def wait_for_health(url: str, process: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, process.communicate()[1]
        try:
            if requests.get(url, timeout=1).status_code == 200:
                return
        except requests.ConnectionError:
            pass
        time.sleep(0.1)
    raise AssertionError("the bot never became healthy")


def test_serve_in_http_mode_answers_slack_and_stops_cleanly(tmp_path, fake):
    port = free_port()
    env = env_for(tmp_path, fake, SLACK_SIGNING_SECRET=SECRET, PORT=str(port), SCHEDULER_ENABLED="true")
    process = subprocess.Popen([sys.executable, "-m", "bot", "serve"], env=env, cwd=tmp_path,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # fmt: skip
    try:
        wait_for_health(f"http://127.0.0.1:{port}/healthz", process)
        sender = SlackSender(url=f"http://127.0.0.1:{port}/slack/events", secret=SECRET, fake=fake)
        assert sender.command("join").status_code == 200
        deadline = time.monotonic() + 10
        while not fake.calls_to("views.open") and time.monotonic() < deadline:
            time.sleep(0.05)
        assert fake.calls_to("views.open")[0].args["view"]
        assert sender.command("help").text.startswith("*Mentoring*")
    finally:
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=20)
    assert process.returncode == 0, stderr
    assert "serving HTTP on port" in stderr and "for workspace Example" in stderr
    assert fake.bot_token not in stderr and SECRET not in stderr


def test_serve_in_socket_mode_uses_the_app_token_and_acks_over_the_socket(tmp_path, fake):
    from tests.fakes.socket_mode import FakeSocketMode

    socket_server = FakeSocketMode()
    fake.app_token = "xapp-1-A123ABC456-1-fakefakefake"
    fake.socket_mode_url = socket_server.url
    port = free_port()
    env = env_for(tmp_path, fake, SLACK_APP_TOKEN=fake.app_token, SCHEDULER_ENABLED="false", PORT=str(port))
    process = subprocess.Popen([sys.executable, "-m", "bot", "serve"], env=env, cwd=tmp_path,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # fmt: skip
    try:
        assert socket_server.connected.wait(30), "the bot never opened the socket"
        (opened,) = fake.calls_to("apps.connections.open")
        assert opened.token == fake.app_token
        fields = {
            k: v[0] for k, v in parse_qs(SlackSender("", SECRET, fake).command_body("help").decode()).items()
        }
        envelope_id = socket_server.send("slash_commands", fields)
        ack = socket_server.acks.get(timeout=10)
        assert ack["envelope_id"] == envelope_id and "/mentor join" in ack["payload"]["text"]
        socket_server.send("slash_commands", {**fields, "text": "join", "trigger_id": fake.new_trigger_id()})
        assert socket_server.acks.get(timeout=10)["envelope_id"]
        deadline = time.monotonic() + 10
        while not fake.calls_to("views.open") and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(fake.calls_to("views.open")) == 1
        # The health port also serves /metrics: the two requests, acked over the socket.
        metrics = requests.get(f"http://127.0.0.1:{port}/metrics", timeout=5).text
        assert 'mentor_slack_requests_total{surface="command:/mentor"} 2.0' in metrics
    finally:
        stderr = stop(process, signal.SIGINT)
        socket_server.stop()
    assert fake.app_token not in stderr and fake.bot_token not in stderr
    assert f"serving Socket Mode (GET /healthz on port {port})" in stderr


def test_tick_runs_due_work_for_an_instant_and_is_repeatable(tmp_path, fake):
    env = env_for(tmp_path, fake)
    assert run(["migrate"], env, tmp_path).returncode == 0
    first = run(["tick", "--at", "2027-01-04T10:00:00+00:00"], env, tmp_path)
    again = run(["tick", "--at", "2027-01-04T10:00:00+00:00"], env, tmp_path)
    assert first.returncode == again.returncode == 0, first.stderr
    assert "2027-01-04T10:00:00+00:00" in first.stdout and first.stdout == again.stdout
    assert fake.methods() == []  # nothing is due yet, so nothing reached Slack


def test_tick_on_an_old_database_asks_for_migrate(tmp_path, fake):
    result = run(["tick"], env_for(tmp_path, fake), tmp_path)
    assert result.returncode == 2 and "mentor-bot migrate" in result.stderr


def test_tick_with_an_unreadable_instant(tmp_path, fake):
    result = run(["tick", "--at", "next tuesday"], env_for(tmp_path, fake), tmp_path)
    assert result.returncode == 2 and "ISO-8601" in result.stderr


def test_match_and_report_on_an_empty_programme(tmp_path):
    env = env_for(tmp_path)
    run(["migrate"], env, tmp_path)
    match = run(["match", "--preview"], env, tmp_path)
    assert match.returncode == 0 and "Nobody has joined yet" in match.stdout
    report = run(["report"], env, tmp_path)
    assert report.returncode == 0 and "Enrolled: 0 (0 active, 0 paused)" in report.stdout
    exported = run(["report", "--csv", str(tmp_path / "out")], env, tmp_path)
    assert exported.returncode == 0 and len(list((tmp_path / "out").glob("mentoring-*.csv"))) == 2


def test_report_recount_rebuilds_the_running_totals_after_rows_are_written_by_hand(tmp_path):
    from datetime import UTC, date, datetime, timedelta

    from storage.db import make_engine, make_sessions
    from storage.models import Meeting, Member, MemberStatus, Pair, PairMember, PairStatus

    env = env_for(tmp_path)
    run(["migrate"], env, tmp_path)
    now, today = datetime.now(UTC), date.today()
    with make_sessions(make_engine(env["DATABASE_URL"])).begin() as s:  # as a restore or hand-made SQL would
        people = [Member(team_id="T1", programme_id=programme_of(s, "T1"), user_id=u, status=MemberStatus.ACTIVE, career_stage="mid", department="data",
                         cadence="weekly", tz="UTC", joined_at=now, updated_at=now) for u in ("U1", "U2")]  # fmt: skip
        pair = Pair(team_id="T1", programme_id=programme_of(s, "T1"), status=PairStatus.ACTIVE, created_at=now, ends_on=today, score=1, reasons={},
                    members=[PairMember(member=m) for m in people])  # fmt: skip
        s.add(pair)
        s.flush()
        s.add_all([Meeting(pair_id=pair.id, met_on=today - timedelta(days=d), logged_at=now) for d in (1, 8)])
    before = run(["report"], env, tmp_path)
    assert "Median days between meetings: —" in before.stdout
    after = run(["report", "--recount"], env, tmp_path)
    assert after.returncode == 0 and "Recounted the report's running totals" in after.stdout
    assert "Median days between meetings: 7" in after.stdout


def test_report_for_one_programme_of_one_workspace(tmp_path):
    from datetime import UTC, datetime

    from storage.db import make_engine, make_sessions
    from storage.models import Member, MemberStatus, Programme

    env = env_for(tmp_path)
    run(["migrate"], env, tmp_path)
    now = datetime.now(UTC)
    with make_sessions(make_engine(env["DATABASE_URL"])).begin() as s:
        first = programme_of(s, "T1")
        second = Programme(team_id="T1", name="Reverse <mentoring>", created_at=now, updated_at=now)
        s.add(second)
        s.flush()
        for programme_id, user in ((first, "U1"), (second.id, "U1"), (second.id, "U2")):
            s.add(Member(team_id="T1", programme_id=programme_id, user_id=user, status=MemberStatus.ACTIVE, career_stage="mid",
                         department="data", cadence="weekly", tz="UTC", joined_at=now, updated_at=now))  # fmt: skip
    assert "Enrolled: 3 (3 active" in run(["report"], env, tmp_path).stdout  # memberships, every programme
    one = run(
        ["report", "--team", "T1", "--programme", "reverse <MENTORING>", "--csv", str(tmp_path / "o")],
        env,
        tmp_path,
    )
    assert one.returncode == 0 and "Programme: Reverse <mentoring>" in one.stdout
    assert "Enrolled: 2 (2 active" in one.stdout
    assert len(list((tmp_path / "o").glob("mentoring-reverse-mentoring-*.csv"))) == 2
    unknown = run(["report", "--team", "T1", "--programme", "Nope"], env, tmp_path)
    assert unknown.returncode == 2 and "no programme called “Nope”" in unknown.stderr
    assert "Reverse <mentoring>" in unknown.stderr  # named as typed, not as Slack markup
    alone = run(["report", "--programme", "Mentoring"], env, tmp_path)
    assert alone.returncode == 2 and "needs --team" in alone.stderr


def test_match_from_the_command_line_previews_then_introduces(tmp_path, fake):
    from datetime import UTC, datetime

    from bot.profile import Cadence, Profile
    from bot.services.enrolment import save_profile
    from storage.db import make_engine, make_sessions

    env = env_for(tmp_path, fake)
    run(["migrate"], env, tmp_path)
    sessions = make_sessions(make_engine(env["DATABASE_URL"]))
    now = datetime.now(UTC)
    for user, teach, learn in [("UAAAA0001", "python", "writing"), ("UBBBB0002", "writing", "python")]:
        fake.add_user(user)
        with sessions.begin() as s:
            profile = Profile(
                teach=(teach,), learn=(learn,), career_stage="mid", department="data", cadence=Cadence.WEEKLY
            )
            save_profile(
                session=s, team_id="T123ABC456", user_id=user, profile=profile, tz="Europe/London", now=now
            )
    preview = run(["match", "--preview"], env, tmp_path)
    assert preview.returncode == 0, preview.stderr
    assert "Preview" in preview.stdout and "<@UAAAA0001> + <@UBBBB0002>" in preview.stdout
    assert fake.calls_to("conversations.open") == []
    done = run(["match"], env, tmp_path)
    assert done.returncode == 0, done.stderr
    assert "Messages sent (introductions, and each person's guides): 3" in done.stdout
    assert [c.args["users"] for c in fake.calls_to("conversations.open")] == ["UAAAA0001,UBBBB0002"]


def test_the_console_script_is_installed():
    script = Path(sys.executable).parent / "mentor-bot"
    if not script.exists():
        script = Path(shutil.which("mentor-bot") or "")
    assert script.is_file(), "mentor-bot is not installed next to this Python (pip install -e .)"
    result = subprocess.run([str(script), "--help"], capture_output=True, text=True, timeout=30)
    assert result.returncode == 0 and "serve" in result.stdout and "tick" in result.stdout


@pytest.mark.postgres
def test_two_ticks_at_once_on_postgresql_send_every_message_exactly_once(tmp_path, fake, pg_url):
    """Two replicas' schedulers (here: two `tick` processes) racing over the same due work."""
    from collections import Counter
    from datetime import UTC, datetime, timedelta

    from bot.profile import Cadence, Profile
    from bot.services.enrolment import save_profile
    from bot.services.rounds import run_round
    from storage.db import make_engine, make_sessions

    env = env_for(tmp_path, fake, DATABASE_URL=pg_url)
    assert run(["migrate"], env, tmp_path).returncode == 0
    engine = make_engine(pg_url)
    sessions = make_sessions(engine)
    start = datetime(2027, 1, 4, 9, 0, tzinfo=UTC)
    topics = ["python", "sql", "writing", "hiring", "negotiation", "strategy", "design-tools", "ai-tools"]
    for n in range(8):
        user = f"U{n:04d}REPL"
        fake.add_user(user)
        profile = Profile(teach=(topics[n],), learn=(topics[(n + 1) % 8],), career_stage="mid", department="data",
                          cadence=Cadence.WEEKLY)  # fmt: skip
        with sessions.begin() as s:
            save_profile(
                session=s, team_id="T123ABC456", user_id=user, profile=profile, tz="Europe/London", now=start
            )
    with sessions.begin() as s:
        run_round(
            session=s,
            programme_id=programme_of(s, "T123ABC456"),
            now=start,
            catalogue_ranks={},
            trigger="cli",
        )
    engine.dispose()
    at = (
        start + timedelta(days=7, hours=1)
    ).isoformat()  # 10:00 in London: intros unsent, first check-ins due
    ticks = [subprocess.Popen([sys.executable, "-m", "bot", "tick", "--at", at], env=env, cwd=tmp_path,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]  # fmt: skip
    results = [t.communicate(timeout=120) for t in ticks]
    assert all(t.returncode == 0 for t in ticks), results
    markers = Counter(
        block["block_id"]
        for messages in fake.all_messages().values()
        for m in messages
        for block in m["blocks"][:1]
        if block.get("block_id", "").startswith("outbox:")
    )
    assert sum(1 for k in markers if k.startswith("outbox:intro:")) == 4
    assert sum(1 for k in markers if k.startswith("outbox:checkin:")) == 4
    assert sum(1 for k in markers if k.startswith("outbox:guide:")) == 8  # each person's, privately
    assert set(markers.values()) == {1}, markers  # nothing twice
    sent = sum(int(part.split()[0]) for out, _ in results for part in out.strip().split(": ", 1)[1].split(", ")
               if part.endswith("messages sent"))  # fmt: skip
    assert sent == 16  # between them, each message once (one holds the sender's lease at a time)


def closed_port_url() -> str:
    return f"http://127.0.0.1:{free_port()}/api/"


@pytest.mark.parametrize("app_token", [None, "xapp-1-A123ABC456-1-fake"])
def test_serve_when_slack_cant_be_reached_says_so_not_that_the_token_was_refused(tmp_path, app_token):
    extra = {"SLACK_APP_TOKEN": app_token} if app_token else {"SLACK_SIGNING_SECRET": SECRET}
    env = env_for(tmp_path, SLACK_BOT_TOKEN="xoxb-1-2-fake", SLACK_API_URL=closed_port_url(), **extra)
    result = run(["serve"], env, tmp_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "could not reach Slack" in result.stderr and "did not accept" not in result.stderr
    (sentence,) = [line for line in result.stderr.splitlines() if line.startswith("mentor-bot:")]
    assert "Connection refused" in sentence and "urlopen" not in sentence


def test_serve_in_socket_mode_with_an_app_token_slack_rejects_says_so_in_one_sentence(tmp_path, fake):
    fake.app_token = "xapp-1-A123ABC456-1-therightone"
    env = env_for(tmp_path, fake, SLACK_APP_TOKEN="xapp-1-A123ABC456-1-notthatone", SCHEDULER_ENABLED="false")
    result = run(["serve"], env, tmp_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "Slack did not accept SLACK_APP_TOKEN" in result.stderr and "invalid_auth" in result.stderr
    assert "xapp-1-A123ABC456-1-notthatone" not in result.stderr
    assert len([line for line in result.stderr.splitlines() if line.startswith("mentor-bot:")]) == 1


def test_socket_mode_retries_with_backoff_and_reports_its_health_until_connected(tmp_path, fake):
    from tests.fakes.socket_mode import FakeSocketMode

    port = free_port()
    fake.app_token = "xapp-1-A123ABC456-1-fakefakefake"
    fake.socket_mode_url = f"ws://127.0.0.1:{free_port()}/link/?ticket=nobody-listens"
    env = env_for(tmp_path, fake, SLACK_APP_TOKEN=fake.app_token, SCHEDULER_ENABLED="false", PORT=str(port))
    process = subprocess.Popen([sys.executable, "-m", "bot", "serve"], env=env, cwd=tmp_path,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # fmt: skip
    socket_server = None
    try:
        health = f"http://127.0.0.1:{port}/healthz"
        deadline = time.monotonic() + 30
        while len(fake.calls_to("apps.connections.open")) < 4 and time.monotonic() < deadline:
            time.sleep(0.05)
        opened = [c.at for c in fake.calls_to("apps.connections.open")]
        assert len(opened) >= 4, "it stopped trying"
        # Waits of about 1, 2, 4 s, each ±20% (jitter): the third is surely longer than the first.
        assert opened[3] - opened[2] > (opened[1] - opened[0]) * 2
        r = requests.get(health, timeout=2)
        assert r.status_code == 503 and "not connected" in r.text
        socket_server = FakeSocketMode()
        fake.socket_mode_url = socket_server.url
        assert socket_server.connected.wait(30), "it never connected once Slack was back"
        deadline = time.monotonic() + 10
        while requests.get(health, timeout=2).status_code != 200 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert requests.get(health, timeout=2).text.startswith("ok")
    finally:
        stderr = stop(process, signal.SIGTERM)
        if socket_server:
            socket_server.stop()
    assert "Traceback" not in stderr and "Bolt app is running" not in stderr
    waits = [line for line in stderr.splitlines() if "trying again in" in line]
    assert len(waits) >= 2 and "Socket Mode" in waits[0]
    assert "connected to Slack over Socket Mode" in stderr


@pytest.mark.postgres
def test_two_replicas_starting_together_on_a_fresh_postgresql_migrate_once(tmp_path, fake, pg_url):
    """Two `serve` processes start at the same moment against one empty database: the advisory lock lets
    one migrate while the other waits, then finds the schema at head; both serve."""
    from sqlalchemy import text

    from storage.db import make_engine

    ports = [free_port(), free_port()]
    processes = [
        subprocess.Popen([sys.executable, "-m", "bot", "serve"], cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                         env=env_for(tmp_path, fake, DATABASE_URL=pg_url, SLACK_SIGNING_SECRET=SECRET, PORT=str(port), LOG_LEVEL="INFO"))
        for port in ports
    ]  # fmt: skip
    logs = []
    try:
        for port, process in zip(ports, processes, strict=True):
            wait_for_health(f"http://127.0.0.1:{port}/healthz", process)
    finally:
        logs = [stop(p, signal.SIGTERM) for p in processes]
    assert [p.returncode for p in processes] == [0, 0], logs
    assert all(f"at migration {head_revision()}" in log for log in logs), logs
    engine = make_engine(pg_url)
    with engine.connect() as c:
        assert c.execute(text("SELECT version_num FROM alembic_version")).scalars().all() == [head_revision()]
    engine.dispose()


def test_migrate_to_a_revision_goes_down_and_back_up(tmp_path):
    env = env_for(tmp_path)
    assert run(["migrate"], env, tmp_path).returncode == 0
    down = run(["migrate", "--to", "0021"], env, tmp_path)
    assert down.returncode == 0 and "Database is at migration 0021." in down.stdout, down.stderr
    up = run(["migrate", "--to", "head"], env, tmp_path)
    assert up.returncode == 0 and f"Database is at migration {head_revision()}." in up.stdout
    unknown = run(["migrate", "--to", "9999"], env, tmp_path)
    assert unknown.returncode == 2 and "can't move the database to 9999" in unknown.stderr
