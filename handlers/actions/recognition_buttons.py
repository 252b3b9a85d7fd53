"""Recognition's buttons: open the thank-you and story modals, and an admin's approval of a story."""

from __future__ import annotations

from slack_sdk import WebClient
from slack_sdk.models.views import View

from bot import ids
from bot.blocks.recognition import story_modal, thanks_modal
from bot.deps import Deps
from bot.outbox.render import story_review_blocks
from bot.payload import Payload
from bot.services.admins import admin_scope
from bot.services.recognition import decide_story, story_pair, thanks_asked
from handlers.shared import fill_modal, id_in, message_key
from storage.recognition import told_stories


def on_thanks_open(body: Payload, action: Payload, client: WebClient, deps: Deps, opened: Payload) -> None:

    def build() -> View:
        poll_key = str(action.get("value") or "")
        with deps.reads.begin() as session:
            asked = thanks_asked(
                session=session, team_id=body["team"]["id"], poll_key=poll_key, user_id=body["user"]["id"]
            )
            partners = [p.user_id for p in asked.partners]
        return thanks_modal(poll_key=poll_key, partners=partners)

    fill_modal(client, opened, build)


def on_story_open(body: Payload, action: Payload, client: WebClient, deps: Deps, opened: Payload) -> None:

    def build() -> View:
        value = str(action.get("value") or "")
        with deps.reads.begin() as session:
            pair, member = story_pair(
                session=session,
                team_id=body["team"]["id"],
                pair_id=id_in(value),
                user_id=body["user"]["id"],
                for_update=False,
            )
            partners = [pm.member.user_id for pm in pair.members if pm.member_id != member.id]
            return story_modal(pair_id=pair.id, partners=partners)

    fill_modal(client, opened, build)


def on_story_decision(body: Payload, action: Payload, client: WebClient, deps: Deps) -> None:
    """Approve & post, or decline: the programme's admins only, and the first decision stands."""
    team_id, value = body["team"]["id"], str(action.get("value") or "")
    scope = admin_scope(client=client, deps=deps, team_id=team_id, user_id=body["user"]["id"])
    with deps.requests.begin() as session:
        done = decide_story(
            session=session,
            team_id=team_id,
            pair_id=id_in(value),
            approve=action["action_id"] == ids.STORY_APPROVE,
            now=deps.clock.now(),
            may=scope.may,
        )
        key = message_key(body)
        text, blocks = story_review_blocks(session, key, done.pair, told_stories(session, done.pair.id))
    deps.bell.ring()
    client.chat_update(channel=body["channel"]["id"], ts=body["message"]["ts"], text=text, blocks=blocks)
