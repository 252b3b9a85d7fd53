"""The one place that turns an error into words for the person (and a traceback for the operator).

Listeners never hand an error back to Bolt (see handlers/listen.py); they come here instead.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Executor

from slack_bolt import App
from slack_sdk import WebClient
from slack_sdk.webhook import WebhookClient

from bot.blocks import messages
from bot.errors import MentorError
from bot.logs import carried
from bot.payload import Payload
from storage.db import is_busy

log = logging.getLogger(__name__)


def register(app: App) -> None:
    app.error(on_error)  # only what fails outside a listener (a middleware) still reaches Bolt


def later(slow: Executor, body: Payload, client: WebClient, work: Callable[[], None]) -> None:
    """Run work that takes seconds (a round, a report) on the slow lane, never in the listener pool;
    whatever it raises is answered like a listener's error."""

    def run() -> None:
        try:
            work()
        except Exception as exc:  # noqa: BLE001 - answered here
            answer(exc, body, client)

    slow.submit(carried(run))


def on_error(error: Exception, body: Payload, client: WebClient) -> None:
    answer(error, body, client)


def reply_for(error: Exception) -> str:
    """What to tell the person about an error (and, for one we did not expect, log it in full)."""
    if isinstance(error, MentorError):
        return str(error)
    if is_busy(error):
        log.warning("the database was busy; the person was asked to try again")
        return messages.BUSY
    log.error("unhandled error in a listener", exc_info=error)
    return messages.ERROR


def answer(error: Exception, body: Payload, client: WebClient) -> None:
    """Tell the person what went wrong, kindly, where they acted; log what the operator needs."""
    text = reply_for(error)
    try:
        tell(body, client, text)
    except Exception:  # the person can't be told; the log above already has what the operator needs
        log.exception("could not report an error to the user")


def tell(body: Payload, client: WebClient, text: str) -> None:
    """An ephemeral answer where the person acted (a slash command or a message's button), else a DM."""
    response_url = body.get("response_url") or next(
        (u.get("response_url") for u in body.get("response_urls") or [] if u.get("response_url")), None
    )
    if response_url:
        WebhookClient(response_url).send(text=text, response_type="ephemeral", replace_original=False)
        return
    user = body.get("user_id") or (body.get("user") or {}).get("id") or (body.get("event") or {}).get("user")
    if user:
        client.chat_postMessage(channel=user, text=text)
