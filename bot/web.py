"""HTTP mode: Slack requests at POST /slack/events and GET /healthz, served by waitress.

Before Bolt sees a request, the gate here checks it: the body is at most MAX_BODY (waitress refuses a
larger one before reading it) and carries Slack's signature over the raw bytes (checked before anything
is parsed, so an unsigned body costs nothing and logs nothing). Bolt then reads it, once; a signed body
it can't read (not UTF-8, not JSON, not an object) gets a 400 and one line in the log, never a 500 or a
stack trace. While a request is being answered, work that can wait lets it go first (bot/executor.py).
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import logging
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterable, Sequence
from http import HTTPStatus
from typing import Any
from wsgiref.types import StartResponse, WSGIApplication, WSGIEnvironment

from slack_bolt import App, BoltRequest
from waitress.server import create_server

from bot.executor import Answering
from bot.payload import Payload

Server = Any  # waitress's server (a MultiSocketServer or a TcpWSGIServer): untyped, has .run() and .close()

EVENTS_PATH = "/slack/events"
MAX_BODY = 1024 * 1024  # Slack's requests are a few kilobytes; a modal's state, tens at most
MAX_AGE = 5 * 60  # seconds: an older signature may be a replay
METRICS_TYPE = "text/plain; version=0.0.4; charset=utf-8"  # Prometheus' text format
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


Scrape = Callable[[], bytes]  # GET /metrics: the Prometheus text (bot/metrics.py)


def wsgi_app(
    bolt_app: App,
    ready: threading.Event,
    signing_secret: str,
    answering: Answering,
    metrics: Scrape | None = None,
) -> WSGIApplication:
    health = health_app(ready.is_set, "starting", metrics)

    def app(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        method, path = environ.get("REQUEST_METHOD"), environ.get("PATH_INFO")
        if path in ("/healthz", "/metrics"):
            return health(environ, start_response)
        if path != EVENTS_PATH or method != "POST":
            return _plain(start_response, "404 Not Found", "not found")
        with answering:  # work waiting in the pool lets this answer go first
            status, headers, body = _answer(bolt_app, environ, signing_secret)
        start_response(status, headers)
        return [body]

    return app


def _answer(bolt_app: App, environ: WSGIEnvironment, secret: str) -> tuple[str, list[tuple[str, str]], bytes]:
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return _refusal("400 Bad Request", "bad length")
    if length > MAX_BODY:
        return _refusal("413 Payload Too Large", "too large")
    raw = environ["wsgi.input"].read(length) if length > 0 else b""
    if not signed_by_slack(
        secret,
        raw,
        environ.get("HTTP_X_SLACK_REQUEST_TIMESTAMP"),
        environ.get("HTTP_X_SLACK_SIGNATURE"),
        time.time(),
    ):
        return _refusal("401 Unauthorized", "not signed by Slack")
    try:
        text = raw.decode("utf-8")
        body = read_body(text, environ.get("CONTENT_TYPE") or "")
        # Read once, here (Bolt would read it again, slowly): handed over as Socket Mode hands a body, then
        # marked as what it is, an HTTP request, whose signature Bolt checks again against the raw text.
        request = BoltRequest(
            body=body, query=environ.get("QUERY_STRING", ""), headers=_headers(environ), mode="socket_mode"
        )
        request.mode, request.raw_body = "http", text
    except (UnicodeDecodeError, ValueError, AttributeError, TypeError):  # not a request Slack would send
        log.warning("refused a signed request that can't be read (%d bytes)", len(raw))
        return _refusal("400 Bad Request", "unreadable")
    response = bolt_app.dispatch(request)
    out = (response.body or "").encode("utf-8")
    headers = [
        (k, v) for k, values in response.headers.items() if k.lower() != "content-length" for v in values
    ]
    status = HTTPStatus(response.status)
    return f"{status.value} {status.phrase}", [*headers, ("Content-Length", str(len(out)))], out


def read_body(text: str, content_type: str) -> Payload:
    """A request body as Bolt reads one (JSON; a form; a form whose `payload` is JSON), but quicker: a
    modal's submission is a form-encoded JSON of tens of kilobytes, and the standard library decodes that a
    character at a time. ValueError unless it is a JSON object or a form."""
    if not text:
        return {}
    if content_type.startswith("application/json") or text.startswith("{"):
        body = json.loads(text)
    else:
        form = dict(_fields(text))
        body = json.loads(form["payload"]) if "payload" in form else form
    if not isinstance(body, dict):
        raise ValueError("not a JSON object")
    return body


def _fields(text: str) -> Iterable[tuple[str, str]]:
    for field in text.split("&"):
        if field:
            name, _, value = field.partition("=")
            yield unquote_plus(name), unquote_plus(value)


# The escapes a form-encoded JSON is mostly made of, undone in C (str.replace) before the standard library
# decodes whatever is left (a literal %, other characters, UTF-8 sequences). None of them yields a "%".
_COMMON = [(f"%{ord(c):02X}", c) for c in "\"{}:,[]/@=&?#$!'()*;|<>\n\t"]


def unquote_plus(value: str) -> str:
    """urllib.parse.unquote_plus, quicker on text with many escapes."""
    value = value.replace("+", " ")
    if "%" not in value:
        return value
    for code, char in _COMMON:
        value = value.replace(code, char).replace(code.lower(), char)
    return urllib.parse.unquote(value) if "%" in value else value


def _headers(environ: WSGIEnvironment) -> dict[str, str | Sequence[str]]:
    headers: dict[str, str | Sequence[str]] = {
        k[5:].lower().replace("_", "-"): v for k, v in environ.items() if k.startswith("HTTP_")
    }
    headers.update(
        {
            k.lower().replace("_", "-"): v
            for k, v in environ.items()
            if k in ("CONTENT_TYPE", "CONTENT_LENGTH")
        }
    )
    return headers


def _refusal(status: str, text: str) -> tuple[str, list[tuple[str, str]], bytes]:
    body = f"{text}\n".encode()
    return status, [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(body)))], body


def health_app(
    is_ready: Callable[[], bool], not_ready: str, metrics: Scrape | None = None
) -> WSGIApplication:
    """GET /healthz: 200 "ok" when ready, else 503 with `not_ready`; GET /metrics (anything else: 404)."""

    def app(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        path, method = environ.get("PATH_INFO"), environ.get("REQUEST_METHOD")
        if path == "/metrics" and metrics is not None and method in ("GET", "HEAD"):
            body = metrics()
            start_response("200 OK", [("Content-Type", METRICS_TYPE), ("Content-Length", str(len(body)))])
            return [body]
        if path != "/healthz" or method not in ("GET", "HEAD"):
            return _plain(start_response, "404 Not Found", "not found")
        ready = is_ready()
        return _plain(
            start_response, "200 OK" if ready else "503 Service Unavailable", "ok" if ready else not_ready
        )

    return app


def make_health_server(
    is_ready: Callable[[], bool],
    *,
    host: str = "0.0.0.0",  # noqa: S104
    port: int = 3000,
    metrics: Scrape | None = None,
) -> Server:
    """Socket Mode's only HTTP listener: /healthz says whether the socket to Slack is connected; /metrics."""
    return create_server(
        health_app(is_ready, "not connected to Slack", metrics),
        host=host,
        port=port,
        threads=2,
        ident="mentor-bot",
    )


def _plain(start_response: StartResponse, status: str, text: str) -> list[bytes]:
    body = f"{text}\n".encode()
    start_response(
        status, [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(body)))]
    )
    return [body]


def make_server(
    bolt_app: App,
    ready: threading.Event,
    *,
    signing_secret: str,
    answering: Answering,
    host: str = "0.0.0.0",  # noqa: S104
    port: int = 3000,
    metrics: Scrape | None = None,
) -> Server:
    """A waitress server (call .run() to serve, .close() to stop); port 0 picks a free one."""
    return create_server(
        wsgi_app(bolt_app, ready, signing_secret, answering, metrics),
        host=host,
        port=port,
        threads=48,
        ident="mentor-bot",
        max_request_body_size=MAX_BODY,
    )


def run_until_closed(server: Server) -> None:
    """Serve until server.close() is called from elsewhere (SIGTERM, a test's teardown)."""
    # close() pulls the socket out from under select(), which raises: that is how it stops.
    with contextlib.suppress(OSError):
        server.run()
