"""HTTP mode: Slack requests at POST /slack/events and GET /healthz, served by waitress.

Before Bolt reads a request, the gate here checks it: the body is at most MAX_BODY (waitress refuses a
larger one before reading it), it carries Slack's signature over the raw bytes (checked before anything
is parsed, so an unsigned body costs nothing and logs nothing), and it parses the way Bolt will parse it.
A signed body that doesn't parse gets a 400 and one line in the log, never a stack trace.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import io
import json
import logging
import threading
import time
from collections.abc import Callable, Iterable
from urllib.parse import parse_qs

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from waitress.server import create_server

EVENTS_PATH = "/slack/events"
MAX_BODY = 1024 * 1024  # Slack's requests are a few kilobytes; a modal's state, tens at most
MAX_AGE = 5 * 60  # seconds: an older signature may be a replay
log = logging.getLogger(__name__)


def signed_by_slack(
    secret: str, body: bytes, timestamp: str | None, signature: str | None, now: float
) -> bool:
    """Slack's v0 signature over the raw body, within five minutes (never raises, whatever arrives)."""
    if (
        not (secret and timestamp and signature)
        or not timestamp.isdigit()
        or abs(now - int(timestamp)) > MAX_AGE
    ):
        return False
    expected = hmac.new(
        secret.encode(), b"v0:" + timestamp.encode() + b":" + body, hashlib.sha256
    ).hexdigest()
    return hmac.compare_digest(f"v0={expected}", signature)


def unreadable(body: bytes, content_type: str) -> str | None:
    """Why Bolt could not read this body (None if it can): the shapes Slack sends are JSON objects."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return "not UTF-8"
    try:
        if content_type.startswith("application/json"):
            return None if isinstance(json.loads(text), dict) else "JSON that is not an object"
        form = parse_qs(text, keep_blank_values=True)
        if "payload" in form and not isinstance(json.loads(form["payload"][0]), dict):
            return "a payload that is not a JSON object"
    except ValueError:
        return "not valid JSON"
    return None


def wsgi_app(bolt_app: App, ready: threading.Event, signing_secret: str) -> Callable:
    slack = SlackRequestHandler(bolt_app, path=EVENTS_PATH)
    health = health_app(ready.is_set, "starting")

    def app(environ: dict, start_response: Callable) -> Iterable[bytes]:
        method, path = environ.get("REQUEST_METHOD"), environ.get("PATH_INFO")
        if path == "/healthz":
            return health(environ, start_response)
        if path == EVENTS_PATH and method == "POST":
            refused = _gate(environ, signing_secret)
            if refused:
                return _plain(start_response, *refused)
        return slack(environ, start_response)

    return app


def health_app(is_ready: Callable[[], bool], not_ready: str) -> Callable:
    """GET /healthz: 200 "ok" when ready, else 503 with `not_ready` (anything else: 404)."""

    def app(environ: dict, start_response: Callable) -> Iterable[bytes]:
        if environ.get("PATH_INFO") != "/healthz" or environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
            return _plain(start_response, "404 Not Found", "not found")
        ready = is_ready()
        return _plain(
            start_response, "200 OK" if ready else "503 Service Unavailable", "ok" if ready else not_ready
        )

    return app


def make_health_server(is_ready: Callable[[], bool], *, host: str = "0.0.0.0", port: int = 3000):  # type: ignore[no-untyped-def]  # noqa: S104
    """Socket Mode's only HTTP listener: /healthz says whether the socket to Slack is connected."""
    return create_server(health_app(is_ready, "not connected to Slack"), host=host, port=port, threads=2,
                         ident="mentor-bot")  # fmt: skip


def _gate(environ: dict, secret: str) -> tuple[str, str] | None:
    """Read the body once, check it; hand Bolt the same bytes. A (status, text) to refuse it with."""
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return "400 Bad Request", "bad length"
    if length > MAX_BODY:
        return "413 Payload Too Large", "too large"
    body = environ["wsgi.input"].read(length) if length > 0 else b""
    environ["wsgi.input"] = io.BytesIO(body)
    timestamp = environ.get("HTTP_X_SLACK_REQUEST_TIMESTAMP")
    if not signed_by_slack(secret, body, timestamp, environ.get("HTTP_X_SLACK_SIGNATURE"), time.time()):
        return "401 Unauthorized", "not signed by Slack"
    problem = unreadable(body, environ.get("CONTENT_TYPE") or "")
    if problem:
        log.warning("refused a signed request that can't be read (%s, %d bytes)", problem, len(body))
        return "400 Bad Request", "unreadable"
    return None


def _plain(start_response: Callable, status: str, text: str) -> list[bytes]:
    body = f"{text}\n".encode()
    start_response(
        status, [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(body)))]
    )
    return [body]


def make_server(
    bolt_app: App, ready: threading.Event, *, signing_secret: str, host: str = "0.0.0.0", port: int = 3000
):  # type: ignore[no-untyped-def]  # noqa: S104
    """A waitress server (call .run() to serve, .close() to stop); port 0 picks a free one."""
    return create_server(wsgi_app(bolt_app, ready, signing_secret), host=host, port=port, threads=8,
                         ident="mentor-bot", max_request_body_size=MAX_BODY)  # fmt: skip


def run_until_closed(server) -> None:  # type: ignore[no-untyped-def]
    """Serve until server.close() is called from elsewhere (SIGTERM, a test's teardown)."""
    # close() pulls the socket out from under select(), which raises: that is how it stops.
    with contextlib.suppress(OSError):
        server.run()
