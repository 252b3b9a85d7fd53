"""'Suggest times' in the pair's DM, and picking one of them: the pick is posted to the pair with a
calendar file (from the slow lane: an upload is three calls to Slack)."""

from __future__ import annotations

from slack_sdk import WebClient

from bot.blocks.keep_meeting import times_message
from bot.deps import Deps
from bot.outbox import kinds, queue
from bot.outbox.render import render_checkin
from bot.payload import Payload
from bot.services import scheduling
from bot.services.uploads import upload_to
from handlers.shared import id_in


def on_suggest_times(body: Payload, action: Payload, client: WebClient, deps: Deps) -> None:
    with deps.requests.begin() as session:
        queued = scheduling.suggest_times(
            session=session,
            team_id=body["team"]["id"],
            pair_id=id_in(action.get("value")),
            user_id=body["user"]["id"],
            clicked_ts=body["message"]["ts"],
            now=deps.clock.now(),
        )
    if queued:  # a double click queues nothing more
        deps.bell.ring()


def on_pick_time(body: Payload, action: Payload, client: WebClient, deps: Deps) -> None:
    first = (body.get("message", {}).get("blocks") or [{}])[0].get("block_id", "")
    value = str(action.get("value", ""))
    with deps.requests.begin() as session:
        picked = scheduling.pick_time(
            session=session,
            team_id=body["team"]["id"],
            user_id=body["user"]["id"],
            key=kinds.key_in(first) or "",
            start=id_in(value),
            now=deps.clock.now(),
        )
        answered = picked.checkin if picked else None
        row = queue.for_checkin(session=session, checkin_id=answered.id) if answered else None
        shown = (
            render_checkin(session, deps.library, answered, picked.pair)
            if picked and answered and row
            else None
        )
        at = (row.channel_id, row.ts) if row else (None, None)
    if picked is None:
        return  # picked already: said once
    offered = picked.suggested
    text, blocks = times_message(
        key=picked.key, pair_id=0, slots=offered.slots, people=offered.people, minutes=offered.minutes,
        picked=(picked.by, picked.start),
    )  # fmt: skip
    client.chat_update(channel=body["channel"]["id"], ts=body["message"]["ts"], text=text, blocks=blocks)
    if picked.channel:
        name = f"mentoring-{picked.start:%Y-%m-%d-%H%M}.ics"
        upload_to(client, picked.channel, [(name, picked.ics, "Our next mentoring conversation")], text)
    if shown and at[0] and at[1]:  # the check-in now says they've scheduled it
        client.chat_update(channel=at[0], ts=at[1], text=shown[0], blocks=shown[1])
