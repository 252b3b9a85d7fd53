"""Buttons in the pair's DM: answer a check-in, resume the pair, ask for another starter."""

from __future__ import annotations

from slack_sdk import WebClient

from bot import ids
from bot.deps import Deps
from bot.outbox import kinds
from bot.outbox.kinds import Kind
from bot.outbox.queue import enqueue
from bot.outbox.render import render_checkin
from bot.payload import Payload
from bot.services import checkins
from bot.services.intros import pair_for_member_of
from storage.models import Reply


def on_checkin_answer(body: Payload, action: Payload, client: WebClient, deps: Deps) -> None:
    now = deps.clock.now()
    with deps.requests.begin() as session:
        changed, checkin, pair = checkins.answer_checkin(
            session=session,
            team_id=body["team"]["id"],
            checkin_id=int(action["value"]),
            user_id=body["user"]["id"],
            answer=Reply(ids.CHECKIN_ANSWERS[action["action_id"]]),
            now=now,
        )
        text, blocks = render_checkin(session, deps.library, checkin, pair)
    if changed:  # a second click or a retried request records nothing and sends nothing
        client.chat_update(channel=body["channel"]["id"], ts=body["message"]["ts"], text=text, blocks=blocks)
    if changed and action["action_id"] == "checkin_met":
        deps.bell.ring()  # a poll due now goes out now


def on_pair_resume(body: Payload, action: Payload, client: WebClient, deps: Deps) -> None:
    with deps.requests.begin() as session:
        changed, pair, latest = checkins.resume_pair(
            session=session,
            team_id=body["team"]["id"],
            pair_id=int(action["value"]),
            user_id=body["user"]["id"],
        )
        rendered = render_checkin(session, deps.library, latest, pair) if latest else None
    if changed and rendered:
        client.chat_update(
            channel=body["channel"]["id"], ts=body["message"]["ts"], text=rendered[0], blocks=rendered[1]
        )


def on_another_starter(body: Payload, action: Payload, client: WebClient, deps: Deps) -> None:
    now = deps.clock.now()
    with deps.requests.begin() as session:
        pair, _ = pair_for_member_of(
            session=session,
            team_id=body["team"]["id"],
            pair_id=int(action["value"]),
            user_id=body["user"]["id"],
        )
        # One new starter per message clicked: a double click finds the key already queued.
        queued = enqueue(
            session=session,
            team_id=pair.team_id,
            key=kinds.starter(pair.id, body["message"]["ts"]),
            kind=Kind.STARTER,
            now=now,
            pair_id=pair.id,
            priority=1,
        )
    if queued:  # at the front of the sender's queue: the person who clicked is waiting for it
        deps.bell.ring()
