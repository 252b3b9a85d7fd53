"""Buttons on an introduction: set the pair's agreement, or end a pairing that is not a fit."""

from __future__ import annotations

from slack_sdk import WebClient
from slack_sdk.models.views import View

from bot.blocks.intro import agreement_modal
from bot.deps import Deps
from bot.outbox.render import render_intro
from bot.payload import Payload
from bot.services.intros import pair_for_member_of
from bot.services.pairs import decline
from handlers.shared import fill_modal


def on_agreement(body: Payload, action: Payload, client: WebClient, deps: Deps, opened: Payload) -> None:

    def build() -> View:
        with deps.reads.begin() as session:
            pair, cadence = pair_for_member_of(
                session=session,
                team_id=body["team"]["id"],
                pair_id=int(action["value"]),
                user_id=body["user"]["id"],
                for_update=False,
            )
            return agreement_modal(pair_id=pair.id, goals=pair.agreement_goals, cadence=cadence)

    fill_modal(client, opened, build)


def on_not_fit(body: Payload, action: Payload, client: WebClient, deps: Deps) -> None:
    now = deps.clock.now()
    with deps.requests.begin() as session:
        pair, _ = pair_for_member_of(
            session=session,
            team_id=body["team"]["id"],
            pair_id=int(action["value"]),
            user_id=body["user"]["id"],
        )
        changed = decline(session=session, pair=pair, now=now)
        text, blocks = render_intro(session, deps.library, pair, now)
        channel, ts = pair.channel_id, pair.intro_ts
    if changed and channel and ts:  # a second click changes nothing and sends nothing
        client.chat_update(channel=channel, ts=ts, text=text, blocks=blocks)
