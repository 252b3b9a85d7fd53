"""Logging set-up with a filter that scrubs Slack tokens from every record."""

from __future__ import annotations

import logging
import re

_TOKEN = re.compile(r"\bx(?:ox[abpeor]|app)-[A-Za-z0-9-]+")


class RedactTokens(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if _TOKEN.search(message):
            record.msg = _TOKEN.sub("[redacted token]", message)
            record.args = None
        return True


def configure(level: int = logging.INFO) -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactTokens())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # slack_sdk logs request headers at DEBUG; keep it above that whatever the root level is.
    logging.getLogger("slack_sdk").setLevel(max(level, logging.INFO))
    logging.getLogger("slack_bolt").setLevel(max(level, logging.INFO))
    # slack_sdk's socket client narrates every failed attempt; bot.socket_mode says it once, better.
    logging.getLogger("bot.socket_mode.wire").setLevel(
        logging.DEBUG if level <= logging.DEBUG else logging.CRITICAL
    )
