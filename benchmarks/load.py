"""Load benchmark: N people send /mentor join at once, then all submit the modal at once.

Three processes, as in production: the bot (`mentor-bot serve`, HTTP mode, the scheduler off), a local
fake Slack whose every Web API call takes --latency seconds to answer (about what Slack takes), and this
script, which plays Slack sending requests: each signed as Slack signs it, on a connection of its own
opened beforehand, all written in one pass of an event loop. For each phase it prints the 50th and 99th
percentile of:

- ack: how long Slack waits for the bot's HTTP answer (Slack gives up after 3 s);
- views.open: from the moment the command is sent until the bot's views.open reaches Slack (a
  trigger_id dies 3 s after the click, and the modal can only open inside that);

and checks that nothing was lost or doubled: every modal opened in time, every person enrolled, every
welcome sent once; "all enrolled" is how long after the submissions the last welcome reached Slack. SQLite always; PostgreSQL when TEST_POSTGRES_URL (or the default local server)
answers. Target: every p99 under 1 s at 200 people on a 2-core machine.

    .venv/bin/python benchmarks/load.py [--people 100 200] [--latency 0.1] [--backends sqlite postgresql]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote, urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import requests  # noqa: E402
from sqlalchemy import create_engine, text  # noqa: E402

from tests.fakes.slack_requests import PAYLOADS, profile_values, sign  # noqa: E402

SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
TEAM = "T123ABC456"
PG_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values) or [float("inf")]
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def wait_for(check: Callable[[], bool], timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.1)
    return check()


# --- the fake Slack, in a process of its own -------------------------------------------------------------


def _serve_fake(latency: float, users: list[str], started: multiprocessing.Queue) -> None:
    from tests.fakes.slack_api import FakeSlack

    fake = FakeSlack(latency=latency, validate=False).start()  # the tests validate; here it would cost CPU
    for user in users:
        fake.add_user(user, tz="Europe/London")
    started.put((fake.root, fake.bot_token))
    threading.Event().wait()


class RemoteSlack:
    """The fake Slack running in its own process, asked over HTTP."""

    def __init__(self, latency: float, users: list[str]) -> None:
        context = multiprocessing.get_context("spawn")
        started: multiprocessing.Queue = context.Queue()
        self.process = context.Process(target=_serve_fake, args=(latency, users, started), daemon=True)
        self.process.start()
        self.root, self.bot_token = started.get(timeout=60)

    @property
    def base_url(self) -> str:
        return f"{self.root}/api/"

    def trigger(self) -> str:
        return requests.get(f"{self.root}/_trigger", timeout=10).json()["trigger_id"]

    def state(self) -> dict:
        return requests.get(f"{self.root}/_state", timeout=30).json()

    def stop(self) -> None:
        self.process.terminate()
        self.process.join(10)


# --- the bot ---------------------------------------------------------------------------------------------


class Bot:
    """`mentor-bot serve` in its own process, against the fake Slack and a database of its own."""

    def __init__(self, slack: RemoteSlack, database_url: str, workdir: Path) -> None:
        self.port = free_port()
        env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("SLACK_", "MENTOR_", "DATABASE_URL", "PORT"))
        }
        env.update(SLACK_BOT_TOKEN=slack.bot_token, SLACK_SIGNING_SECRET=SECRET, SLACK_API_URL=slack.base_url,
                   DATABASE_URL=database_url, PORT=str(self.port), SCHEDULER_ENABLED="false")  # fmt: skip
        self.log = (
            workdir / "bot.log"
        )  # a file, not a pipe: nobody would drain a pipe, and logging would block
        self.process = subprocess.Popen([sys.executable, "-m", "bot", "serve"], env=env, cwd=workdir,
                                        stdout=subprocess.DEVNULL, stderr=self.log.open("w"))  # fmt: skip
        if not wait_for(self._healthy, 60):
            self.process.kill()
            raise RuntimeError("the bot never became healthy: " + self.log.read_text()[-2000:])

    def _healthy(self) -> bool:
        if self.process.poll() is not None:
            raise RuntimeError("the bot stopped: " + self.log.read_text()[-2000:])
        try:
            return requests.get(f"http://127.0.0.1:{self.port}/healthz", timeout=1).status_code == 200
        except requests.ConnectionError:
            return False

    def cpu_seconds(self) -> float:
        """User + system CPU the bot has used so far (Linux /proc)."""
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
        problems = [
            line for line in self.log.read_text().splitlines() if " ERROR " in line or "Traceback" in line
        ]
        if problems:
            print(
                f"  the bot logged {len(problems)} error line(s), the first: {problems[0][:300]}",
                file=sys.stderr,
            )


# --- playing Slack ---------------------------------------------------------------------------------------


def signed(body: bytes, content_type: str) -> dict[str, str]:
    ts = str(int(time.time()))
    return {
        "Content-Type": content_type,
        "X-Slack-Request-Timestamp": ts,
        "X-Slack-Signature": sign(SECRET, ts, body),
    }


def command(user: str, trigger: str, root: str) -> bytes:
    fields = json.loads((PAYLOADS / "slash_command.fields.json").read_text())
    fields.update(command="/mentor", text="join", user_id=user, user_name=user.lower(), team_id=TEAM,
                  trigger_id=trigger, response_url=f"{root}/response/{TEAM}/{user}")  # fmt: skip
    return urlencode(fields).encode()


def submission(user: str, view_id: str) -> bytes:
    payload = json.loads((PAYLOADS / "view_submission.json").read_text())
    payload["user"].update(id=user, username=user.lower(), name=user.lower())
    payload["team"]["id"] = TEAM
    payload["view"].update(id=view_id, root_view_id=view_id, callback_id="mentor_join", private_metadata="")
    payload["view"]["state"] = {"values": profile_values()}
    return urlencode({"payload": json.dumps(payload, separators=(",", ":"))}).encode()


def at_once(port: int, bodies: list[bytes], content_type: str) -> list[tuple[float, int, float]]:
    """POST every body at the same moment, as Slack would: one connection each, opened beforehand, every
    request written in one pass of a single event loop (threads here would queue behind each other), then
    every answer awaited: (when it was sent, the status, how long the answer took)."""
    return asyncio.run(_at_once(port, bodies, content_type))


async def _at_once(port: int, bodies: list[bytes], content_type: str) -> list[tuple[float, int, float]]:
    connections = [await asyncio.open_connection("127.0.0.1", port) for _ in bodies]
    requests_ = []
    for body in bodies:
        head = "".join(f"{k}: {v}\r\n" for k, v in signed(body, content_type).items())
        requests_.append(f"POST /slack/events HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: {len(body)}\r\n"
                         f"{head}Connection: close\r\n\r\n".encode() + body)  # fmt: skip
    sent: list[float] = []
    for (_, writer), request in zip(connections, requests_, strict=True):
        writer.write(request)
        sent.append(time.monotonic())

    async def answer(i: int) -> tuple[float, int, float]:
        reader, writer = connections[i]
        try:
            status_line = await asyncio.wait_for(reader.readline(), 30)
            took = time.monotonic() - sent[i]
            status = int(status_line.split()[1])
        except (TimeoutError, IndexError, ValueError, OSError):
            took, status = time.monotonic() - sent[i], -1
        writer.close()
        return sent[i], status, took

    return list(await asyncio.gather(*(answer(i) for i in range(len(bodies)))))


def run_once(backend: str, database_url: str, people: int, latency: float, workdir: Path) -> dict:
    users = [f"ULOAD{i:05d}" for i in range(people)]
    slack = RemoteSlack(latency, users)
    bot = Bot(slack, database_url, workdir)
    try:
        triggers = [slack.trigger() for _ in users]
        joins = at_once(bot.port, [command(u, t, slack.root) for u, t in zip(users, triggers, strict=True)],
                        "application/x-www-form-urlencoded")  # fmt: skip
        wait_for(lambda: slack.state()["calls"].get("views.update", 0) >= people, 120)
        opened = slack.state()["modal_opened"]
        open_latency = [
            opened[t][0] - sent for t, (sent, _, _) in zip(triggers, joins, strict=True) if t in opened
        ]
        views = {u: opened[t][1] for u, t in zip(users, triggers, strict=True) if t in opened}
        submits = at_once(bot.port, [submission(u, views.get(u, "")) for u in users],
                          "application/x-www-form-urlencoded")  # fmt: skip
        wait_for(lambda: len([c for c in slack.state()["posted_to"] if c in set(users)]) >= people, 180)
        all_done = time.monotonic() - submits[0][0]
        state = slack.state()
        engine = create_engine(database_url)
        with engine.connect() as c:
            enrolled = c.scalar(text("SELECT count(*) FROM members"))
        engine.dispose()
        welcomes = [c for c in state["posted_to"] if c in set(users)]
        return {
            "backend": backend, "people": people,
            "join_ack": [d for _, _, d in joins], "views_open": open_latency, "submit_ack": [d for _, _, d in submits],
            "not_200": sum(1 for _, s, _ in joins + submits if s != 200),
            "lost": (people - len(open_latency)) + (people - enrolled) + len(state["late_modals"]),
            "twice": len(welcomes) - len(set(welcomes)), "all_done": all_done,
        }  # fmt: skip
    finally:
        bot.stop()
        slack.stop()


def postgres_url() -> str | None:
    try:
        engine = create_engine(PG_URL)
        with engine.connect() as c:
            c.execute(text("select 1"))
        engine.dispose()
    except Exception:  # noqa: BLE001
        return None
    return PG_URL


def fresh_schema(base: str) -> tuple[str, Callable[[], None]]:
    schema = f"load_{uuid.uuid4().hex[:10]}"
    admin = create_engine(base)
    with admin.begin() as c:
        c.execute(text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in base else "?"

    def drop() -> None:
        with admin.begin() as c:
            c.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()

    return f"{base}{sep}options={quote(f'-csearch_path={schema}')}", drop


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--people", type=int, nargs="+", default=[100, 200])
    parser.add_argument("--latency", type=float, default=0.1, help="seconds each fake Slack call takes")
    parser.add_argument(
        "--backends", nargs="+", default=["sqlite", "postgresql"], choices=["sqlite", "postgresql"]
    )
    args = parser.parse_args()
    pg = postgres_url() if "postgresql" in args.backends else None
    rows = []
    for backend in [b for b in args.backends if b == "sqlite" or pg]:
        for n in args.people:
            with tempfile.TemporaryDirectory() as tmp:
                if backend == "sqlite":
                    url, drop = f"sqlite:///{Path(tmp) / 'load.db'}", (lambda: None)
                else:
                    url, drop = fresh_schema(pg)  # type: ignore[arg-type]
                try:
                    rows.append(run_once(backend, url, n, args.latency, Path(tmp)))
                finally:
                    drop()
    print(f"Fake Slack answers each Web API call in {args.latency * 1000:.0f} ms; {os.cpu_count()} CPUs.")
    print(f"{'backend':<11}{'people':>7}  {'join ack p50/p99':>20}  {'views.open p50/p99':>20}  "
          f"{'submit ack p50/p99':>20}  {'all enrolled':>12}  {'not 200':>7}  {'lost':>4}  {'twice':>5}")  # fmt: skip
    worst = 0.0
    for r in rows:
        cells = []
        for key in ("join_ack", "views_open", "submit_ack"):
            worst = max(worst, pct(r[key], 99))
            cells.append(f"{pct(r[key], 50):.3f} / {pct(r[key], 99):.3f} s")
        print(f"{r['backend']:<11}{r['people']:>7}  {cells[0]:>20}  {cells[1]:>20}  {cells[2]:>20}  "
              f"{r['all_done']:>10.1f} s  {r['not_200']:>7}  {r['lost']:>4}  {r['twice']:>5}")  # fmt: skip
    clean = all(r["not_200"] == r["lost"] == r["twice"] == 0 for r in rows)
    verdict = "meets" if worst < 1.0 and clean else "misses"
    print(
        f"Worst p99: {worst:.3f} s; nothing lost or sent twice: {clean} — {verdict} the target "
        "(every p99 under 1 s at 200 people, nothing lost)."
    )


if __name__ == "__main__":
    main()
