"""The agreement modal was submitted: store the shared goals and cadence, show them in the pair's DM."""

from __future__ import annotations

from slack_bolt import Ack
from slack_sdk import WebClient

from bot import ids
from bot.deps import Deps
from bot.profile import Cadence
from bot.services.delivery import render_intro
from bot.services.intros import pair_for_member_of


def on_agreement_submit(ack: Ack, body: dict, view: dict, client: WebClient, deps: Deps) -> None:
    values = view["state"]["values"]
    goals = ((values.get(ids.AGREEMENT_GOALS_BLOCK) or {}).get(ids.INPUT_ACTION) or {}).get("value") or ""
    chosen = ((values.get(ids.AGREEMENT_CADENCE_BLOCK) or {}).get(ids.INPUT_ACTION) or {}).get(
        "selected_option"
    )
    if not goals.strip():
        ack(
            response_action="errors",
            errors={ids.AGREEMENT_GOALS_BLOCK: "Write a goal or two — a sentence is plenty."},
        )
        return
    try:
        cadence = Cadence(chosen["value"]) if chosen else None
    except ValueError:
        cadence = None
    if cadence is None:
        ack(response_action="errors", errors={ids.AGREEMENT_CADENCE_BLOCK: "Choose how often you'll meet."})
        return
    ack()
    now = deps.clock.now()
    with deps.sessions.begin() as session:
        pair, _ = pair_for_member_of(
            session, body["team"]["id"], int(view["private_metadata"]), body["user"]["id"]
        )
        pair.agreement_goals, pair.agreement_cadence, pair.agreed_at = goals.strip(), cadence.value, now
        text, blocks = render_intro(deps, session, pair, now)
        channel, ts = pair.channel_id, pair.intro_ts
    if channel and ts:
        client.chat_update(
            channel=channel, ts=ts, text=text, blocks=blocks
        )  # shown back, in place: no duplicates
