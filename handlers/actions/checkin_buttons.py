"""Buttons in the pair's DM: answer a check-in, note progress on a goal, resume the pair, ask for another
starter."""

from __future__ import annotations

from slack_sdk import WebClient

from bot import ids
from bot.deps import Deps
from bot.outbox import kinds
from bot.outbox.kinds import Kind
from bot.outbox.queue import enqueue
from bot.outbox.render import render_checkin
from bot.payload import Payload
from bot.services import agreements, checkins
from bot.services.intros import pair_for_member_of
from handlers.shared import id_in
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


def on_goal_progress(body: Payload, action: Payload, client: WebClient, deps: Deps) -> None:
    """A goal's progress chosen on a check-in: noted, and the check-in shown again with it."""
    _, checkin_id, goal = (str(action.get("block_id", "")).split(":", 2) + ["", ""])[:3]
    level = str((action.get("selected_option") or {}).get("value", ""))
    with deps.requests.begin() as session:
        noted = agreements.note_progress(
            session=session,
            team_id=body["team"]["id"],
            checkin_id=id_in(checkin_id),
            user_id=body["user"]["id"],
            goal=goal,
            level=level,
            catalogue=deps.catalogue,
            now=deps.clock.now(),
        )
        shown = render_checkin(session, deps.library, *noted) if noted else None
    if shown:
        client.chat_update(
            channel=body["channel"]["id"], ts=body["message"]["ts"], text=shown[0], blocks=shown[1]
        )
