"""The Bolt app factory: a configured Web API client and every listener registered."""

from __future__ import annotations

import logging

from slack_bolt import App
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import ConnectionErrorRetryHandler, RateLimitErrorRetryHandler

from bot.deps import Deps

log = logging.getLogger(__name__)


def make_client(deps: Deps) -> WebClient:
    """The one Web API client: SLACK_API_URL, and 429s retried after Retry-After."""
    return WebClient(
        token=deps.settings.bot_token,
        base_url=deps.settings.slack_api_url,
        timeout=15,
        # 5xx are deliberately not retried here: a message that may have been posted is not posted again
        # blindly; work that must arrive is retried from the database by the next tick.
        retry_handlers=[
            RateLimitErrorRetryHandler(max_retry_count=3),
            ConnectionErrorRetryHandler(max_retry_count=2),
        ],
    )


def create_app(deps: Deps, *, client: WebClient | None = None) -> App:
    import handlers  # the only module of ours that knows about handlers

    app = App(
        client=client or make_client(deps),
        signing_secret=deps.settings.signing_secret or "",
        # Each listener Bolt sees acks in the request's own thread and hands its work to deps.work
        # (handlers/listen.py): the answer goes back as soon as the listener returns.
        process_before_response=True,
        raise_error_for_unhandled_request=False,
        logger=logging.getLogger("slack_bolt"),
    )
    handlers.register(app, deps)
    return app
