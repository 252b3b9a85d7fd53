"""The agreement modal was submitted: check it inline, store the shared goals and cadence, show them."""

from __future__ import annotations

from slack_bolt import Ack
from slack_sdk import WebClient

from bot import ids
from bot.blocks import refusals
from bot.blocks.forms import Form
from bot.blocks.intro import MAX_GOALS
from bot.deps import Deps
from bot.outbox.render import render_intro
from bot.payload import Payload
from bot.profile import Cadence
from bot.services.intros import agree, pair_for_member_of
from handlers.listen import DONE


def check_agreement(ack: Ack, view: Payload) -> object:
    form = Form.of(view)
    goals = (form.text(ids.AGREEMENT_GOALS_BLOCK) or "").strip()
    errors = {}
    if not goals:
        errors[ids.AGREEMENT_GOALS_BLOCK] = refusals.WRITE_A_GOAL
    elif len(goals) > MAX_GOALS:
        errors[ids.AGREEMENT_GOALS_BLOCK] = refusals.keep_under(MAX_GOALS)
    cadence = next((c for c in Cadence if c.value == form.choice(ids.AGREEMENT_CADENCE_BLOCK)), None)
    if cadence is None:
        errors[ids.AGREEMENT_CADENCE_BLOCK] = refusals.CHOOSE_CADENCE
    if errors:
        ack(response_action="errors", errors=errors)
        return DONE
    return goals, cadence


def on_agreement_submit(
    acked: tuple[str, Cadence], body: Payload, view: Payload, client: WebClient, deps: Deps
) -> None:
    goals, cadence = acked
    now = deps.clock.now()
    with deps.requests.begin() as session:
        meta = str(view.get("private_metadata") or "")
        # The pair is checked against the person, whatever the modal says.
        pair, _ = pair_for_member_of(
            session=session,
            team_id=body["team"]["id"],
            pair_id=int(meta) if meta.isdigit() else 0,
            user_id=body["user"]["id"],
        )
        agree(session=session, pair=pair, goals=goals, cadence=cadence, now=now)
        text, blocks = render_intro(session, deps.library, pair, now)
        channel, ts = pair.channel_id, pair.intro_ts
    if channel and ts:  # shown back, in place: no duplicates
        client.chat_update(channel=channel, ts=ts, text=text, blocks=blocks)
