"""Command line: serve, migrate, tick, match, report (`python -m bot …` or `mentor-bot …`)."""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import threading
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.exc import OperationalError

from bot import logs
from bot.catalogue import CatalogueError, load_catalogue
from bot.clock import Clock, FixedClock, SystemClock
from bot.config import ConfigError, Settings, load_settings
from bot.deps import Deps
from bot.guides import GuidesError, load_guides
from storage.db import make_engine, make_sessions
from storage.migrate import current_revision, head_revision, move_to, upgrade

log = logging.getLogger("bot")

if TYPE_CHECKING:
    from slack_bolt import App


class Exit(Exception):
    """Stop with one sentence for the operator and this exit code."""

    def __init__(self, message: str, code: int = 2) -> None:
        super().__init__(message)
        self.code = code


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    level = logging.DEBUG if args.verbose else logging.INFO
    logs.configure(level)
    try:
        settings = load_settings()
        logs.configure(level, settings.log_format)
        code: int = args.run(settings, args)
        return code
    except (ConfigError, CatalogueError, GuidesError) as exc:
        print(f"mentor-bot: {exc}", file=sys.stderr)
        return 2
    except Exit as exc:
        print(f"mentor-bot: {exc}", file=sys.stderr)
        return exc.code
    except KeyboardInterrupt:
        return 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="mentor-bot", description="Mutual mentorship for Slack.")
    parser.add_argument(
        "-v", "--verbose", action="store_true", help="log at debug level (tokens are still hidden)"
    )
    sub = parser.add_subparsers(required=True, metavar="command")
    sub.add_parser("serve", help="migrate the database, then run the bot (Socket Mode or HTTP)").set_defaults(
        run=cmd_serve
    )
    migrate = sub.add_parser("migrate", help="upgrade the database to the latest migration")
    migrate.add_argument(
        "--to", metavar="REVISION", help="move the database up or down to this revision instead (a downgrade)"
    )
    migrate.set_defaults(run=cmd_migrate)
    tick = sub.add_parser("tick", help="run every piece of scheduled work due at an instant, once")
    tick.add_argument("--at", type=_instant, help="ISO-8601 instant (default: now); without an offset, UTC")
    tick.set_defaults(run=cmd_tick)
    match = sub.add_parser("match", help="run a matching round now")
    match.add_argument(
        "--preview", action="store_true", help="show what the round would do; announce nothing"
    )
    match.set_defaults(run=cmd_match)
    report = sub.add_parser("report", help="print the programme report")
    report.add_argument("--csv", metavar="DIR", type=Path, help="also write the CSV exports into this folder")
    report.add_argument(
        "--recount",
        action="store_true",
        help="first rebuild the report's running totals from the rows (after a restore or hand-made SQL)",
    )
    report.add_argument("--team", metavar="TEAM_ID", help="only this workspace (default: every workspace)")
    report.add_argument(
        "--programme", metavar="NAME", help="only this programme of the workspace (needs --team)"
    )
    report.set_defaults(run=cmd_report)
    return parser


def _instant(text: str) -> datetime:
    try:
        at = datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not an ISO-8601 instant such as 2027-01-04T10:00:00+00:00"
        ) from None
    return at if at.tzinfo else at.replace(tzinfo=UTC)


def build_deps(settings: Settings, *, clock: Clock | None = None) -> Deps:
    engine = make_engine(settings.database_url)
    return Deps(
        settings=settings,
        sessions=make_sessions(engine),
        clock=clock or SystemClock(),
        catalogue=load_catalogue(settings.catalogue_file),
        guides=load_guides(settings.guides_file),
    )


def _migrate(deps: Deps) -> str:
    """Upgrade the database to the latest migration (one replica at a time: see storage/migrations/env.py);
    where it stands now, and from where when this process moved it."""
    engine = deps.sessions.kw["bind"]
    try:
        before = current_revision(engine)
        upgrade(engine)
        after = current_revision(engine) or "empty"
    except OperationalError as exc:
        raise Exit(f"could not reach the database at {engine.url!r}: {exc.orig}") from None
    return after if before == after else f"{after} (upgraded from {before or 'an empty database'})"


def _require_current_schema(deps: Deps) -> None:
    engine = deps.sessions.kw["bind"]
    try:
        current = current_revision(engine)
    except OperationalError as exc:
        raise Exit(f"could not reach the database at {engine.url!r}: {exc.orig}") from None
    if current != head_revision():
        raise Exit("the database is not up to date: run `mentor-bot migrate` (or `make migrate`) first.")


def cmd_migrate(settings: Settings, args: argparse.Namespace) -> int:
    deps = build_deps(settings)
    if args.to:
        from alembic.util import CommandError

        engine = deps.sessions.kw["bind"]
        try:
            move_to(engine, args.to)
        except CommandError as exc:
            raise Exit(f"can't move the database to {args.to}: {exc}") from None
        except RuntimeError as exc:  # a downgrade that would merge data refuses
            raise Exit(str(exc)) from None
        print(f"Database is at migration {current_revision(engine) or 'empty'}.")
        return 0
    print(f"Database is at migration {_migrate(deps)}.")
    return 0


def cmd_serve(settings: Settings, _: argparse.Namespace) -> int:
    from slack_bolt.error import BoltError
    from slack_sdk.errors import SlackApiError

    from bot.app import create_app
    from bot.scheduler import start_scheduler
    from bot.sender import Sender

    settings.require_slack(listening=True)
    deps = build_deps(settings)
    migrated = _migrate(deps)
    try:
        app = create_app(deps)
        workspace = app.client.auth_test()
    except (BoltError, SlackApiError) as exc:
        raise Exit(
            f"Slack did not accept the bot token (checked with auth.test at {settings.slack_api_url}): {_reason(exc)}"
        ) from None
    except OSError as exc:  # no answer at all: DNS, a refused connection, TLS, a proxy
        raise Exit(
            f"could not reach Slack at {settings.slack_api_url} to check the bot token ({_reason(exc)}): "
            "check SLACK_API_URL and this machine's network."
        ) from None
    sender = Sender(deps, app.client).start()
    scheduler = start_scheduler(deps=deps, client=app.client) if settings.scheduler_enabled else None
    mode = (
        f"Socket Mode (GET /healthz on port {settings.port})"
        if settings.socket_mode
        else f"HTTP on port {settings.port} (POST /slack/events)"
    )
    log.info(
        "serving %s for workspace %s (%s) as %s; database %s at migration %s; scheduler %s",
        mode,
        workspace.get("team"),
        workspace.get("team_id"),
        workspace.get("user"),
        deps.sessions.kw["bind"].url.render_as_string(hide_password=True),
        migrated,
        "on (due work every minute)" if scheduler else "off (run `mentor-bot tick` from cron)",
    )
    try:
        if settings.socket_mode:
            _serve_socket_mode(app, settings, deps.scrape)
        else:
            from bot.web import make_server, run_until_closed

            ready = threading.Event()
            server = make_server(
                app,
                ready,
                signing_secret=settings.signing_secret or "",
                answering=deps.answering,
                port=settings.port,
                metrics=deps.scrape,
            )
            signal.signal(signal.SIGTERM, lambda *_: server.close())
            ready.set()
            run_until_closed(server)
    finally:
        if scheduler:
            scheduler.shutdown(wait=False)
        deps.prompt.wait_idle(timeout=10)  # let listeners that already acked finish their work
        deps.work.wait_idle(timeout=10)
        deps.work.shutdown(wait=False)
        deps.slow.wait_idle(timeout=10)
        deps.slow.shutdown(wait=False)
        sender.stop()  # after the message in hand; the rest stays queued for the next start
    return 0


def _serve_socket_mode(app: App, settings: Settings, metrics: Callable[[], bytes]) -> None:
    """The socket, kept open by its supervisor, and /healthz on PORT saying whether it is connected."""
    from bot.socket_mode import AppTokenRefused, SocketSupervisor
    from bot.web import make_health_server, run_until_closed

    supervisor = SocketSupervisor(app, settings.app_token or "")
    health = make_health_server(lambda: supervisor.connected, port=settings.port, metrics=metrics)
    threading.Thread(target=run_until_closed, args=(health,), name="health", daemon=True).start()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: supervisor.stop())
    try:
        supervisor.run()
    except AppTokenRefused as exc:
        raise Exit(
            f"Slack did not accept SLACK_APP_TOKEN ({exc}): generate an app-level token with the "
            "connections:write scope under “Basic Information” → “App-Level Tokens”, and check it belongs to this app."
        ) from None
    finally:
        health.close()


def cmd_tick(settings: Settings, args: argparse.Namespace) -> int:
    from bot.app import make_client
    from bot.jobs import run_due_work

    settings.require_slack(listening=False)
    at = args.at or SystemClock().now()
    deps = build_deps(settings, clock=FixedClock(at))
    _require_current_schema(deps)
    report = run_due_work(deps=deps, client=make_client(deps), at=at)
    print(report.summary())
    return 1 if report.failures else 0


def cmd_match(settings: Settings, args: argparse.Namespace) -> int:
    from bot.blocks.admin import round_text
    from bot.services.rounds import plan_round, run_round
    from storage import programmes

    if not args.preview:
        settings.require_slack(listening=False)  # introductions go out right away
    deps = build_deps(settings)
    _require_current_schema(deps)
    now, ranks = deps.clock.now(), deps.catalogue.stage_ranks
    with deps.reads.begin() as session:
        running = programmes.running(session)
    if not running:
        print("Nobody has joined yet: there is no one to match.")
        return 0
    for programme_id, _, _ in running:
        with deps.sessions.begin() as session:
            if args.preview:
                plan = plan_round(session=session, programme_id=programme_id, now=now, catalogue_ranks=ranks)
            else:
                _, plan = run_round(
                    session=session, programme_id=programme_id, now=now, catalogue_ranks=ranks, trigger="cli"
                )
            print(round_text(plan, deps.catalogue, preview=args.preview))
    if not args.preview:
        from bot.app import make_client
        from bot.outbox.send import deliver_due

        delivered = deliver_due(deps=deps, client=make_client(deps), now=now, budget_seconds=600)
        print(
            f"Messages sent (introductions, and each person's guides): {delivered.sent}; to retry on the next tick: "
            f"{delivered.retry_later}; "
            f"undeliverable: {delivered.failed}."
        )
    return 0


def cmd_report(settings: Settings, args: argparse.Namespace) -> int:
    from bot.blocks.report import report_text
    from bot.errors import MentorError
    from bot.services.export import export_names, feedback_csv, pairs_csv
    from bot.services.programme import programmes_to_report
    from bot.services.report import programme_report
    from bot.services.tallies import recount
    from bot.text import from_slack

    deps = build_deps(settings)
    _require_current_schema(deps)
    now = deps.clock.now()
    if args.recount:
        with deps.sessions.begin() as session:
            print(
                f"Recounted the report's running totals ({recount(session=session)} of them) and pairs' shapes."
            )
    if args.programme and not args.team:
        print(
            "--programme needs --team (a programme's name is unique only in its workspace).", file=sys.stderr
        )
        return 2
    with deps.sessions.begin() as session:
        programme_id, title = None, ""
        if args.programme:
            try:
                (chosen,), _ = programmes_to_report(session=session, team_id=args.team, name=args.programme)
            except MentorError as exc:
                print(from_slack(str(exc)), file=sys.stderr)
                return 2
            programme_id, title = chosen.id, chosen.name
        team_id: str | None = args.team
        report, stalled = programme_report(
            session=session,
            now=now,
            team_id=team_id,
            programme_id=programme_id,
            catalogue=deps.catalogue,
        )
        pairs = pairs_csv(session=session, team_id=team_id, programme_id=programme_id) if args.csv else ""
    if title:
        print(f"Programme: {title}\n")
    print(report_text(report, stalled))
    if args.csv:
        args.csv.mkdir(parents=True, exist_ok=True)
        for name, body in zip(export_names(now, title), (pairs, feedback_csv(report)), strict=True):
            (args.csv / name).write_text(body, encoding="utf-8")
            print(f"Wrote {args.csv / name}")
    return 0


def _reason(exc: Exception) -> str:
    response = getattr(exc, "response", None)
    if response is not None:
        return str(response.get("error"))
    reason = getattr(exc, "reason", None) or exc  # urllib wraps the socket's error in a URLError
    return str(reason).splitlines()[0] if str(reason) else type(exc).__name__


if __name__ == "__main__":
    sys.exit(main())
