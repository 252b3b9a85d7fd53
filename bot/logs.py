"""Logging set-up: text or one JSON object per line (LOG_FORMAT), each record carrying the request it
belongs to (its surface and ids, never what anyone wrote), Slack tokens scrubbed from every record, and
libraries kept quiet at INFO (no per-minute scheduler lines, no matplotlib chatter)."""

from __future__ import annotations

import contextvars
import json
import logging
import re
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, ParamSpec, TypeVar

_TOKEN = re.compile(r"\bx(?:ox[abpeor]|app)-[A-Za-z0-9-]+")
FORMATS = ("text", "json")

# The request a record was logged for: surface (command:/mentor, action:<id>, view:<id>, event:<type>),
# team and user ids. Set by the router (handlers/listen.py) and carried into the pools' threads.
request: contextvars.ContextVar[dict[str, str] | None] = contextvars.ContextVar("request", default=None)

# Libraries whose INFO lines are noise for an operator: APScheduler (three lines a minute), Alembic (one per
# migration: bot.__main__ says where the database stands in one line), matplotlib and Pillow (per chart).
QUIET = ("apscheduler", "alembic", "matplotlib", "PIL", "urllib3")

P = ParamSpec("P")
R = TypeVar("R")


class RedactTokens(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if _TOKEN.search(message):
            record.msg = _TOKEN.sub("[redacted token]", message)
            record.args = None
        return True


class RequestContext(logging.Filter):
    """Puts the current request's surface and ids on each record (empty outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request = request.get() or {}
        return True


class TextFormatter(logging.Formatter):
    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        about: dict[str, str] = getattr(record, "request", {})
        return f"{line} [{' '.join(f'{k}={v}' for k, v in about.items())}]" if about else line


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, the request's surface and ids, and the
    traceback of an error."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            **getattr(record, "request", {}),
        }
        if record.exc_info:
            entry["error"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


class DropMessage(logging.Filter):
    """Drops records of one known message (a library's warning about a choice made on purpose)."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def filter(self, record: logging.LogRecord) -> bool:
        return record.getMessage() != self.text


def configure(level: int = logging.INFO, fmt: str = "text") -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter() if fmt == "json" else TextFormatter())
    handler.addFilter(RedactTokens())
    handler.addFilter(RequestContext())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # slack_sdk logs request headers at DEBUG; keep it above that whatever the root level is.
    logging.getLogger("slack_sdk").setLevel(max(level, logging.INFO))
    logging.getLogger("slack_bolt").setLevel(max(level, logging.INFO))
    for name in QUIET:
        logging.getLogger(name).setLevel(max(level, logging.WARNING))
    # slack_sdk's socket client narrates every failed attempt; bot.socket_mode says it once, better.
    logging.getLogger("bot.socket_mode.wire").setLevel(
        logging.DEBUG if level <= logging.DEBUG else logging.CRITICAL
    )


def carried(fn: Callable[P, R]) -> Callable[P, R]:
    """`fn`, to run in another thread with this thread's request context (a pool's threads have their own)."""
    context = contextvars.copy_context()

    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        return context.run(fn, *args, **kwargs)

    return run
