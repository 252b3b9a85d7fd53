"""One global error handler: a kind answer for the person, a traceback for the operator."""

from __future__ import annotations

import logging

from slack_bolt import App
from slack_sdk import WebClient
from slack_sdk.webhook import WebhookClient

from bot.blocks import messages
from bot.errors import MentorError

log = logging.getLogger(__name__)


def register(app: App) -> None:
    app.error(on_error)


def on_error(error: Exception, body: dict, client: WebClient) -> None:
    if isinstance(error, MentorError):
        text = str(error)
    else:
        log.error("unhandled error in a listener", exc_info=error)
        text = messages.ERROR
    try:
        _tell(body, client, text)
    except Exception:  # the person can't be told; the log above already has what the operator needs
        log.exception("could not report an error to the user")


def _tell(body: dict, client: WebClient, text: str) -> None:
    response_url = body.get("response_url") or next(
        (u.get("response_url") for u in body.get("response_urls") or [] if u.get("response_url")), None
    )
    if response_url:
        WebhookClient(response_url).send(text=text, response_type="ephemeral", replace_original=False)
        return
    user = body.get("user_id") or (body.get("user") or {}).get("id") or (body.get("event") or {}).get("user")
    if user:
        client.chat_postMessage(channel=user, text=text)
