"""The agreement modal was submitted: check it inline, store the shared goals and cadence, show them."""

from __future__ import annotations

from slack_bolt import Ack
from slack_sdk import WebClient

from bot import ids
from bot.deps import Deps
from bot.profile import Cadence
from bot.services.delivery import render_intro
from bot.services.intros import pair_for_member_of
from handlers.listen import DONE


def check_agreement(ack: Ack, view: dict) -> object:
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
        return DONE
    try:
        cadence = Cadence(chosen["value"]) if chosen else None
    except ValueError:
        cadence = None
    if cadence is None:
        ack(response_action="errors", errors={ids.AGREEMENT_CADENCE_BLOCK: "Choose how often you'll meet."})
        return DONE
    return goals.strip(), cadence


def on_agreement_submit(
    acked: tuple[str, Cadence], body: dict, view: dict, client: WebClient, deps: Deps
) -> None:
    goals, cadence = acked
    now = deps.clock.now()
    with deps.requests.begin() as session:
        pair, _ = pair_for_member_of(
            session, body["team"]["id"], int(view["private_metadata"]), body["user"]["id"]
        )
        pair.agreement_goals, pair.agreement_cadence, pair.agreed_at = goals, cadence.value, now
        text, blocks = render_intro(deps, session, pair, now)
        channel, ts = pair.channel_id, pair.intro_ts
    if channel and ts:  # shown back, in place: no duplicates
        client.chat_update(channel=channel, ts=ts, text=text, blocks=blocks)
