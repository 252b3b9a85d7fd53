"""A feedback poll was submitted: check it inline, store it confidentially, once; 'not a fit' ends the pair."""

from __future__ import annotations

import json
from dataclasses import dataclass

from slack_bolt import Ack
from slack_sdk import WebClient

from bot import ids
from bot.blocks import refusals
from bot.blocks.forms import Form
from bot.blocks.keep_meeting import MAX_COMMENT, OFFERED, poll_message
from bot.deps import Deps
from bot.payload import Payload
from bot.services import agreements, checkins
from handlers.listen import DONE
from storage.models import Fit, PollKind


@dataclass(frozen=True)
class PollAnswers:
    key: str
    value: int
    learned: bool
    taught: bool
    fit: Fit | None
    comment: str | None
    ratings: dict[str, int]  # the term-end poll's private confidence ratings


def check_poll(ack: Ack, view: Payload) -> object:
    """Only the answers the poll offered are accepted (a forged 99 is not a value)."""
    form = Form.of(view)
    asked = [b for b in OFFERED if b != ids.POLL_FIT_BLOCK or form.has(ids.POLL_FIT_BLOCK)]
    chosen = {b: form.choice(b) for b in asked}
    errors = {b: refusals.CHOOSE_ONE for b in asked if chosen[b] not in OFFERED[b]}
    comment = (form.text(ids.POLL_COMMENT_BLOCK) or "").strip() or None
    if comment and len(comment) > MAX_COMMENT:
        errors[ids.POLL_COMMENT_BLOCK] = refusals.keep_under(MAX_COMMENT)
    if errors:
        ack(response_action="errors", errors=errors)
        return DONE
    try:
        key = str(json.loads(view.get("private_metadata") or "{}")["key"])
    except (ValueError, KeyError, TypeError):
        key = ""  # nothing to answer: save_poll says the poll isn't theirs
    return PollAnswers(
        key=key,
        value=int(chosen[ids.POLL_VALUE_BLOCK] or 0),
        learned=chosen[ids.POLL_LEARNED_BLOCK] == "yes",
        taught=chosen[ids.POLL_TAUGHT_BLOCK] == "yes",
        fit=Fit(fit) if (fit := chosen.get(ids.POLL_FIT_BLOCK)) else None,
        comment=comment,
        ratings=form.ratings(),
    )


def on_poll_submit(acked: PollAnswers, body: Payload, client: WebClient, deps: Deps) -> None:
    now = deps.clock.now()
    with deps.requests.begin() as session:
        result = checkins.save_poll(
            session=session,
            team_id=body["team"]["id"],
            poll_key=acked.key,
            user_id=body["user"]["id"],
            value=acked.value,
            learned=acked.learned,
            taught=acked.taught,
            fit=acked.fit,
            comment=acked.comment,
            now=now,
        )
        if result.saved:
            agreements.rate_again(
                session=session, ctx=result.poll, ratings=acked.ratings, catalogue=deps.catalogue, now=now
            )
    poll = result.poll  # where its message is comes from its outbox row, never from the modal
    if result.saved and poll.channel and poll.ts and poll.kind is not PollKind.TERM_END:
        thanks = poll.kind is PollKind.MEETING  # after a meeting: the thank-you stays on offer
        text, blocks = poll_message(key=poll.key, poll_key=poll.key, answered=True, thanks=thanks)
        client.chat_update(channel=poll.channel, ts=poll.ts, text=text, blocks=blocks)
