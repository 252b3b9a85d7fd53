"""Buttons on an introduction: propose the pair's agreement or agree to it, or (on introductions sent before "not a fit"
moved to each person's App Home) end a pairing that is not a fit."""

from __future__ import annotations

from slack_sdk import WebClient
from slack_sdk.models.views import View

from bot.blocks import messages, refusals
from bot.blocks.agreement import agree_modal, mention_of, propose_modal
from bot.blocks.dialogs import notice_modal
from bot.deps import Deps
from bot.payload import Payload
from bot.services.agreements import AgreementForm, agreement_form
from bot.services.pairs import not_a_fit
from bot.services.slack_people import publish_home
from handlers.shared import fill_modal, id_in


def on_agreement(body: Payload, action: Payload, client: WebClient, deps: Deps, opened: Payload) -> None:
    """Propose the pair's agreement, or a change to it: prefilled from its exchange, or as last proposed."""

    def build() -> View:
        form = _form(body, action, deps)
        return propose_modal(
            pair_id=form.pair_id, terms=form.terms, mention=mention_of(form.users), to_rate=form.ratings
        )

    fill_modal(client, opened, build)


def on_agree(body: Payload, action: Payload, client: WebClient, deps: Deps, opened: Payload) -> None:
    """Agree to the agreement as it stands now (the modal carries the version read)."""

    def build() -> View:
        form = _form(body, action, deps)
        if form.version == 0:
            return notice_modal(refusals.NOTHING_TO_AGREE)
        if form.agreed:
            return notice_modal(messages.ALREADY_AGREED)
        return agree_modal(
            pair_id=form.pair_id,
            version=form.version,
            terms=form.terms,
            mention=mention_of(form.users),
            to_rate=form.ratings,
        )

    fill_modal(client, opened, build)


def _form(body: Payload, action: Payload, deps: Deps) -> AgreementForm:
    with deps.reads.begin() as session:
        return agreement_form(
            session=session,
            team_id=body["team"]["id"],
            pair_id=id_in(action.get("value")),
            user_id=body["user"]["id"],
            catalogue=deps.catalogue,
        )


def on_not_fit(body: Payload, action: Payload, client: WebClient, deps: Deps) -> None:
    end_as_not_a_fit(body, client, deps, pair_id=int(action["value"]))


def end_as_not_a_fit(body: Payload, client: WebClient, deps: Deps, *, pair_id: int | None = None) -> None:
    """End the clicker's pairing as not a fit; the others are told privately at a neutral moment, when the
    introduction also comes to say only that it ended (no names, no reason); the clicker's Home shows them
    first in line at once."""
    now = deps.clock.now()
    team_id, user_id = body["team"]["id"], body["user"]["id"]
    with deps.requests.begin() as session:
        not_a_fit(session=session, team_id=team_id, user_id=user_id, now=now, pair_id=pair_id)
    publish_home(client=client, deps=deps, team_id=team_id, user_id=user_id)
