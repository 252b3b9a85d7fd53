"""The Bolt app factory: a configured Web API client and every listener registered."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry import HttpRequest, HttpResponse, RetryState
from slack_sdk.http_retry.builtin_handlers import ConnectionErrorRetryHandler, RateLimitErrorRetryHandler
from slack_sdk.web import SlackResponse

from bot.deps import Deps
from bot.logs import DropMessage
from bot.metrics import Metrics

log = logging.getLogger(__name__)


# Asking these again changes nothing, so a call that broke off mid-way is simply repeated. Anything else (a
# post, a modal, an upload) may have taken effect before the connection broke: it is never sent again
# blind. Outbox messages are retried from the database, which first looks for them in the conversation.
REPEATABLE = frozenset(
    {
        "auth.test",
        "users.info",
        "conversations.open",
        "conversations.history",
        "views.publish",
        "views.update",
        "chat.update",
        "apps.connections.open",
    }
)


class RepeatableCallRetryHandler(ConnectionErrorRetryHandler):
    """Retries a broken connection only for the REPEATABLE methods."""

    def _can_retry(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        return _method(request) in REPEATABLE and super()._can_retry(
            state=state, request=request, response=response, error=error
        )


class CountedRateLimits(RateLimitErrorRetryHandler):
    """Retries a 429 after Retry-After, counting every one (for /metrics), retried or not."""

    def __init__(self, metrics: Metrics, max_retry_count: int) -> None:
        super().__init__(max_retry_count=max_retry_count)
        self.metrics = metrics

    def _can_retry(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        if response is not None and response.status_code == 429:
            self.metrics.called(_method(request), "ratelimited")
        return super()._can_retry(state=state, request=request, response=response, error=error)


class CountingClient(WebClient):
    """A WebClient that counts each call's outcome for /metrics: ok, or Slack's error (429s are counted as
    they arrive, by CountedRateLimits), or unreachable."""

    def __init__(self, *, metrics: Metrics, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.metrics = metrics

    def api_call(self, api_method: str, **kwargs: Any) -> SlackResponse:
        try:
            response = super().api_call(api_method, **kwargs)
        except SlackApiError as exc:
            error = str(exc.response.get("error") or "error")
            if error != "ratelimited":
                self.metrics.called(api_method, error)
            raise
        except OSError:
            self.metrics.called(api_method, "unreachable")
            raise
        self.metrics.called(api_method, "ok")
        return response


def _method(request: HttpRequest) -> str:
    return request.url.split("?", 1)[0].rsplit("/", 1)[-1]


def make_client(deps: Deps) -> WebClient:
    """The one Web API client: SLACK_API_URL; a 429 (nothing was done) retried after Retry-After, a broken
    connection retried only where repeating is harmless. 5xx are not retried here: what must arrive is
    retried from the database. Every call is counted (deps.metrics)."""
    return CountingClient(
        metrics=deps.metrics,
        token=deps.settings.bot_token,
        base_url=deps.settings.slack_api_url,
        timeout=15,
        retry_handlers=[
            CountedRateLimits(deps.metrics, max_retry_count=3),
            RepeatableCallRetryHandler(max_retry_count=2),
        ],
    )


# Bolt also reads SLACK_BOT_TOKEN itself and warns, at every start, that the client given (which carries that
# token, SLACK_API_URL and the retry rules) wins over it: as intended, so that one warning is dropped.
BOLT_LOG = logging.getLogger("slack_bolt")
BOLT_LOG.addFilter(DropMessage("As you gave `client` as well, `token` will be unused."))


def create_app(deps: Deps, *, client: WebClient | None = None) -> App:
    import handlers  # the only module of ours that knows about handlers

    app = App(
        client=client or make_client(deps),
        signing_secret=deps.settings.signing_secret or "",
        # Each listener Bolt sees acks in the request's own thread and hands its work to deps.work
        # (handlers/listen.py): the answer goes back as soon as the listener returns.
        process_before_response=True,
        raise_error_for_unhandled_request=False,
        logger=BOLT_LOG,
    )
    handlers.register(app, deps)
    return app
