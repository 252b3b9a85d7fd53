"""Buttons in a member's own DM: the stalled-pair question, the term-end choice, opening a poll."""

from __future__ import annotations

from collections.abc import Callable

from slack_sdk import WebClient
from slack_sdk.models.views import View

from bot import ids
from bot.blocks.keep_meeting import Message, poll_modal, stalled_message, term_end_message
from bot.deps import Deps
from bot.payload import Payload
from bot.services import agreements, checkins
from handlers.shared import fill_modal, message_key
from storage.models import Choice


def on_stalled_choice(body: Payload, action: Payload, client: WebClient, deps: Deps) -> None:
    _choose(
        body,
        action,
        client,
        deps,
        ids.STALLED_CHOICES,
        checkins.stalled_choice,
        lambda key, pair_id, partners, choice: stalled_message(
            key=key, pair_id=pair_id, partners=partners, choice=choice
        ),
    )


def on_term_choice(body: Payload, action: Payload, client: WebClient, deps: Deps) -> None:
    _choose(
        body,
        action,
        client,
        deps,
        ids.TERM_CHOICES,
        checkins.term_choice,
        lambda key, pair_id, partners, choice: term_end_message(
            key=key, pair_id=pair_id, partners=partners, poll_key=key, choice=choice
        ),
    )


def _choose(
    body: Payload,
    action: Payload,
    client: WebClient,
    deps: Deps,
    choices: dict[str, str],
    record: Callable[..., list[str] | None],
    render: Callable[[str, int, list[str], Choice], Message],
) -> None:
    """Record a private choice once, then show it in the very message it was made in."""
    choice, pair_id = Choice(choices[action["action_id"]]), int(action["value"])
    with deps.requests.begin() as session:
        partners = record(
            session=session,
            team_id=body["team"]["id"],
            pair_id=pair_id,
            user_id=body["user"]["id"],
            choice=choice,
            now=deps.clock.now(),
        )
    if partners is not None:  # a second click records nothing and sends nothing
        text, blocks = render(message_key(body), pair_id, partners, choice)
        client.chat_update(channel=body["channel"]["id"], ts=body["message"]["ts"], text=text, blocks=blocks)


def on_poll_open(body: Payload, action: Payload, client: WebClient, deps: Deps, opened: Payload) -> None:

    def build() -> View:
        with deps.reads.begin() as session:
            ctx = checkins.poll_context(
                session=session,
                team_id=body["team"]["id"],
                poll_key=action["value"],
                user_id=body["user"]["id"],
            )
            to_rate = agreements.to_rate_again(ctx=ctx, catalogue=deps.catalogue)
        return poll_modal(poll_key=ctx.key, ask_fit=ctx.asks_fit, to_rate=to_rate)

    fill_modal(client, opened, build)
