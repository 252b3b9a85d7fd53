"""HTTP mode: Slack requests at POST /slack/events and GET /healthz, served by waitress."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterable

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from waitress.server import create_server

EVENTS_PATH = "/slack/events"


def wsgi_app(bolt_app: App, ready: threading.Event) -> Callable:
    slack = SlackRequestHandler(bolt_app, path=EVENTS_PATH)

    def app(environ: dict, start_response: Callable) -> Iterable[bytes]:
        if environ.get("PATH_INFO") == "/healthz" and environ.get("REQUEST_METHOD") in ("GET", "HEAD"):
            status = "200 OK" if ready.is_set() else "503 Service Unavailable"
            body = b"ok\n" if ready.is_set() else b"starting\n"
            start_response(
                status, [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(body)))]
            )
            return [body]
        return slack(environ, start_response)

    return app


def make_server(bolt_app: App, ready: threading.Event, *, host: str = "0.0.0.0", port: int = 3000):  # noqa: S104
    """A waitress server (call .run() to serve, .close() to stop); port 0 picks a free one."""
    return create_server(wsgi_app(bolt_app, ready), host=host, port=port, threads=8, ident="mentor-bot")


def run_until_closed(server) -> None:  # type: ignore[no-untyped-def]
    """Serve until server.close() is called from elsewhere (SIGTERM, a test's teardown)."""
    # close() pulls the socket out from under select(), which raises: that is how it stops.
    with contextlib.suppress(OSError):
        server.run()
