"""The admins' programme list: "New programme" and "Change" open the programme modal."""

from __future__ import annotations

from slack_sdk import WebClient
from slack_sdk.models.views import View

from bot import ids
from bot.blocks.programmes import programme_modal
from bot.blocks.settings import settings_modal
from bot.deps import Deps
from bot.errors import MentorError
from bot.payload import Payload
from bot.services import enrolment, programmes
from bot.services.admins import admin_scope
from bot.services.programme import programme_settings
from bot.services.slack_people import publish_home
from handlers.shared import Asker, fill_modal, id_in, programme_profile_modal

ALREADY_DECIDED = "That request was already decided (by you or another admin): nothing changed."


def on_programme_button(
    body: Payload, action: Payload, client: WebClient, deps: Deps, opened: Payload | None
) -> None:
    assert opened is not None  # registered with modal=True

    def build() -> View:
        scope = admin_scope(client=client, deps=deps, team_id=body["team"]["id"], user_id=body["user"]["id"])
        if action["action_id"] == ids.PROGRAMME_NEW:
            scope.require_everything()
            return programme_modal(None, None, deps.catalogue)
        value = str(action.get("value") or "")
        programme_id = id_in(value)
        scope.require(programme_id)
        with deps.reads.begin() as session:
            current = programmes.profile(
                session=session, team_id=body["team"]["id"], programme_id=programme_id
            )
            if action["action_id"] == ids.PROGRAMME_SETTINGS:
                settings = programme_settings(session=session, programme_id=programme_id)
                return settings_modal(settings, programme_id=programme_id, name=current.name)
        return programme_modal(current, programme_id, deps.catalogue)

    fill_modal(client, opened, build)


def on_programme_pick(body: Payload, action: Payload, client: WebClient, deps: Deps) -> None:
    """A programme picked in the join picker: the same modal becomes that programme's join form."""
    asker = Asker(
        client=client,
        deps=deps,
        body=body,
        team_id=body["team"]["id"],
        user_id=body["user"]["id"],
        trigger_id=body.get("trigger_id", ""),
    )
    value = str(action.get("value") or "")

    def build() -> Payload:
        with deps.reads.begin() as session:
            choices = enrolment.programme_choices(
                session=session, team_id=asker.team_id, user_id=asker.user_id
            )
            chosen = next((c for c in choices if value.isdigit() and c.id == int(value)), None)
            if chosen is None:
                raise MentorError("That programme isn't taking anyone right now.")
            return programme_profile_modal(asker, session, chosen, several=len(choices) > 1)

    fill_modal(client, {"view": body["view"]}, build)


def on_join_decision(body: Payload, action: Payload, client: WebClient, deps: Deps) -> None:
    """Approve or Decline on an admin's Home: decided once (a second click, or another admin's, is told so)."""
    team_id, admin = body["team"]["id"], body["user"]["id"]
    scope = admin_scope(client=client, deps=deps, team_id=team_id, user_id=admin)
    value = str(action.get("value") or "")
    with deps.requests.begin() as session:
        decided = enrolment.decide(
            session=session,
            team_id=team_id,
            request_id=id_in(value),
            approve=action["action_id"] == ids.JOIN_APPROVE,
            now=deps.clock.now(),
            may=scope.may,
        )
    if decided is None:
        client.chat_postMessage(channel=admin, text=ALREADY_DECIDED)
    else:
        deps.bell.ring()  # the person is told
        if decided.approved:
            publish_home(client=client, deps=deps, team_id=team_id, user_id=decided.user_id)
    publish_home(client=client, deps=deps, team_id=team_id, user_id=admin)
