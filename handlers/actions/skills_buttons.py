"""The skills market's buttons: an admin's "ask who could teach it" by a scarce topic in the report, and a
member's one-tap answer to that ask."""

from __future__ import annotations

import json
from dataclasses import replace

from slack_sdk import WebClient

from bot import ids
from bot.blocks.skills import ask_teach_message
from bot.deps import Deps
from bot.outbox import kinds
from bot.payload import Payload
from bot.services.admins import admin_scope
from bot.services.skills import answer_ask
from handlers.commands.admin import ask_teach_in
from handlers.errors import tell
from handlers.shared import Asker, id_in


def on_ask_teach(body: Payload, action: Payload, client: WebClient, deps: Deps) -> None:
    """The report's button by a scarce topic: `/mentor admin ask-teach` for it, answered where clicked."""
    try:
        chosen = json.loads(str(action.get("value") or "{}"))
        programme_id, topic = chosen.get("p"), str(chosen["t"])
    except (ValueError, KeyError, TypeError, AttributeError):
        return  # not a value this app made: nothing to do
    team_id, user_id = body["team"]["id"], body["user"]["id"]
    asker = Asker(
        client=client,
        deps=deps,
        body=body,
        team_id=team_id,
        user_id=user_id,
        trigger_id=body.get("trigger_id", ""),
    )
    scope = admin_scope(client=client, deps=deps, team_id=team_id, user_id=user_id)
    which = (programme_id if isinstance(programme_id, int) else None), topic
    tell(body, client, ask_teach_in(replace(asker, scope=scope), lambda _: which))


def on_teach_answer(body: Payload, action: Payload, client: WebClient, deps: Deps) -> None:
    """Yes (add the topic to what I teach) or not this time: once, shown in the very message."""
    value = str(action.get("value") or "")
    with deps.requests.begin() as session:
        done = answer_ask(
            session=session,
            team_id=body["team"]["id"],
            ask_id=id_in(value),
            user_id=body["user"]["id"],
            yes=action["action_id"] == ids.ASK_TEACH_YES,
            now=deps.clock.now(),
        )
    text, blocks = ask_teach_message(
        key=kinds.ask_teach(done.ask_id),
        ask_id=done.ask_id,
        topic=deps.catalogue.topic_label(done.topic),
        wanting=done.wanting,
        answer=done.answer,
        full=done.full,
    )
    client.chat_update(channel=body["channel"]["id"], ts=body["message"]["ts"], text=text, blocks=blocks)
