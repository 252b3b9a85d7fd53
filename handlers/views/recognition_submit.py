"""A thank-you or a story was submitted: checked inline, kept once, and sent on (the thank-you to the
partner; a story, once everyone in the pair has shared theirs, to the programme's admins to approve)."""

from __future__ import annotations

from dataclasses import dataclass

from slack_bolt import Ack
from slack_sdk import WebClient

from bot import ids
from bot.blocks import messages, refusals
from bot.blocks.forms import Form
from bot.blocks.recognition import MAX_STORY, MAX_THANKS
from bot.deps import Deps
from bot.payload import Payload
from bot.services.admins import readers_of
from bot.services.recognition import queue_review, send_thanks, share_story
from handlers.errors import tell
from handlers.listen import DONE
from handlers.shared import id_in
from storage.team_notes import addressed_to


@dataclass(frozen=True)
class Written:
    about: str  # the poll key (a thank-you) or the pair's id (a story)
    text: str


def _written(ack: Ack, view: Payload, block: str, most: int, *, consent: bool = False) -> object:
    form = Form.of(view)
    text = (form.text(block) or "").strip()
    errors = {}
    if not text:
        errors[block] = refusals.WRITE_SOMETHING
    elif len(text) > most:
        errors[block] = refusals.keep_under(most)
    if consent and ids.STORY_CONSENT_VALUE not in form.choices(ids.STORY_CONSENT_BLOCK):
        errors[ids.STORY_CONSENT_BLOCK] = refusals.TICK_TO_SHARE
    if errors:
        ack(response_action="errors", errors=errors)
        return DONE
    return Written(str(view.get("private_metadata") or ""), text)


def check_thanks(ack: Ack, view: Payload) -> object:
    return _written(ack, view, ids.THANKS_TEXT_BLOCK, MAX_THANKS)


def check_story(ack: Ack, view: Payload) -> object:
    return _written(ack, view, ids.STORY_TEXT_BLOCK, MAX_STORY, consent=True)


def on_thanks(acked: Written, body: Payload, client: WebClient, deps: Deps) -> None:
    with deps.requests.begin() as session:
        partners = send_thanks(
            session=session,
            team_id=body["team"]["id"],
            poll_key=acked.about,
            user_id=body["user"]["id"],
            text=acked.text,
            now=deps.clock.now(),
        )
    deps.bell.ring()
    tell(body, client, messages.thanks_sent(partners))


def on_story(acked: Written, body: Payload, client: WebClient, deps: Deps) -> None:
    team_id, now = body["team"]["id"], deps.clock.now()
    with deps.requests.begin() as session:
        shared = share_story(
            session=session,
            team_id=team_id,
            pair_id=id_in(acked.about),
            user_id=body["user"]["id"],
            text=acked.text,
            now=now,
        )
        addressed = addressed_to(session, shared.programme_id)
    if shared.complete and addressed is not None:
        readers = readers_of(client=client, deps=deps, listed=addressed[1])  # Slack asked outside the work
        with deps.requests.begin() as session:
            queue_review(session=session, team_id=team_id, pair_id=int(acked.about), readers=readers, now=now)
        deps.bell.ring()
    tell(body, client, messages.story_shared(saved=shared.saved, complete=shared.complete))
