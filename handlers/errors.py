"""The one place that answers what a listener raises: a kind reply for the person, a traceback for the
operator, and never an exception handed back to Bolt.

Bolt acknowledges Slack from the request thread once a listener calls ack(). If the listener raises
afterwards, Bolt's thread runner discards that acknowledgement, and when that happens before the request
thread has seen it (it looks every 10 ms), Slack gets a 404 three seconds later beside our kind reply. So
every listener is registered through `guarded`, which keeps every error inside the listener's thread.
"""

from __future__ import annotations

import functools
import inspect
import logging
from collections.abc import Callable
from concurrent.futures import Executor

from slack_bolt import Ack, App
from slack_sdk import WebClient
from slack_sdk.webhook import WebhookClient

from bot.blocks import messages
from bot.errors import MentorError
from storage.db import is_busy

log = logging.getLogger(__name__)
NEEDED = {"ack", "body", "client"}


def register(app: App) -> None:
    app.error(on_error)  # only what fails outside a listener (a middleware) still reaches Bolt


def guarded(listener: Callable[..., None]) -> Callable[..., None]:
    """The listener as Bolt should run it: whatever it raises is answered here, after an ack."""
    missing = NEEDED - set(inspect.getfullargspec(listener).args)
    if missing:
        raise TypeError(f"{listener.__name__} must take {', '.join(sorted(missing))} to be answered on error")

    @functools.wraps(listener)  # Bolt reads the wrapped listener's arguments to know what to pass
    def run(**kwargs: object) -> None:
        try:
            listener(**kwargs)
        except Exception as exc:  # noqa: BLE001 - answered here, never handed back to Bolt
            ack = kwargs["ack"]
            assert isinstance(ack, Ack)
            if ack.response is None:  # it failed before acknowledging: Slack must still hear from us
                try:
                    ack()
                except Exception:  # noqa: BLE001 - already acknowledged by Bolt itself (events)
                    log.debug("ack after an error failed", exc_info=True)
            answer(exc, kwargs["body"], kwargs["client"])  # type: ignore[arg-type]

    run.guarded = True  # type: ignore[attr-defined]
    return run


def later(slow: Executor, body: dict, client: WebClient, work: Callable[[], None]) -> None:
    """Run work that takes seconds (a round, a report) on the slow lane, never in the listener pool;
    whatever it raises is answered like a listener's error."""

    def run() -> None:
        try:
            work()
        except Exception as exc:  # noqa: BLE001 - answered here
            answer(exc, body, client)

    slow.submit(run)


def on_error(error: Exception, body: dict, client: WebClient) -> None:
    answer(error, body, client)


def answer(error: Exception, body: dict, client: WebClient) -> None:
    """Tell the person what went wrong, kindly; log what the operator needs."""
    if isinstance(error, MentorError):
        text = str(error)
    elif is_busy(error):
        log.warning("the database was busy; the person was asked to try again")
        text = messages.BUSY
    else:
        log.error("unhandled error in a listener", exc_info=error)
        text = messages.ERROR
    try:
        tell(body, client, text)
    except Exception:  # the person can't be told; the log above already has what the operator needs
        log.exception("could not report an error to the user")


def tell(body: dict, client: WebClient, text: str) -> None:
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
