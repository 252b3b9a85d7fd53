"""An answer to the listening question: checked inline, kept once and without a name, and the question's
message then says it was answered. Logged without the user's id (handlers/listen.py)."""

from __future__ import annotations

from dataclasses import dataclass

from slack_bolt import Ack
from slack_sdk import WebClient

from bot import ids
from bot.blocks import refusals
from bot.blocks.forms import Form
from bot.blocks.listening import listen_message
from bot.deps import Deps
from bot.listening import MAX_TEXT, MAX_THEMES
from bot.payload import Payload
from bot.services.listening import answer
from handlers.errors import tell
from handlers.listen import DONE


@dataclass(frozen=True)
class Heard:
    key: str
    themes: tuple[str, ...]
    text: str | None
    quotable: bool


def check_answer(ack: Ack, view: Payload) -> object:
    form = Form.of(view)
    themes = form.choices(ids.LISTEN_THEMES_BLOCK)
    text = (form.text(ids.LISTEN_TEXT_BLOCK) or "").strip() or None
    errors = {}
    if not themes or len(themes) > MAX_THEMES:
        errors[ids.LISTEN_THEMES_BLOCK] = refusals.CHOOSE_A_THEME
    if text and len(text) > MAX_TEXT:
        errors[ids.LISTEN_TEXT_BLOCK] = refusals.keep_under(MAX_TEXT)
    if errors:
        ack(response_action="errors", errors=errors)
        return DONE
    quotable = ids.LISTEN_QUOTE_VALUE in form.choices(ids.LISTEN_QUOTE_BLOCK)  # only their own tick
    return Heard(str(view.get("private_metadata") or ""), themes, text, quotable)


def on_answer(acked: Heard, body: Payload, client: WebClient, deps: Deps) -> None:
    with deps.requests.begin() as session:
        ask = answer(
            session=session,
            team_id=body["team"]["id"],
            key=acked.key,
            user_id=body["user"]["id"],
            themes=acked.themes,
            text=acked.text,
            quotable=acked.quotable,
            catalogue=deps.catalogue,
        )
        where = (ask.row.channel_id, ask.row.ts, ask.question.label) if ask else None
    if where is None:
        tell(body, client, refusals.ANSWERED_ALREADY)
        return
    channel, ts, question = where
    if channel and ts:
        text, blocks = listen_message(key=acked.key, question=question, answered=True)
        client.chat_update(channel=channel, ts=ts, text=text, blocks=blocks)
