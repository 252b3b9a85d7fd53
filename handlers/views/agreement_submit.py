"""The agreement modals were submitted: proposing the pair's agreement (or a change), or agreeing to it.
Both are checked inline, stored with the person's private confidence ratings, and shown back in place."""

from __future__ import annotations

import json
from dataclasses import dataclass

from slack_bolt import Ack
from slack_sdk import WebClient

from bot import ids
from bot.agreement import MAX_CONFIDENTIAL, MAX_GOAL, MINUTES
from bot.blocks import refusals
from bot.blocks.forms import Form
from bot.deps import Deps
from bot.outbox.render import render_intro
from bot.payload import Payload
from bot.profile import Cadence
from bot.services import agreements
from handlers.listen import DONE
from handlers.shared import id_in


@dataclass(frozen=True)
class Proposal:
    pair_id: int
    goals: dict[str, str]
    cadence: Cadence
    minutes: int
    confidential: str
    ratings: dict[str, int]


@dataclass(frozen=True)
class Agreeing:
    pair_id: int
    version: int
    ratings: dict[str, int]


def check_proposal(ack: Ack, view: Payload) -> object:
    form = Form.of(view)
    goals = {
        k: (form.text(f"{ids.AGREEMENT_GOAL_PREFIX}{k}") or "").strip()
        for k in form.suffixes(ids.AGREEMENT_GOAL_PREFIX)
    }
    errors = {
        f"{ids.AGREEMENT_GOAL_PREFIX}{k}": refusals.keep_under(MAX_GOAL)
        for k, g in goals.items()
        if len(g) > MAX_GOAL
    }
    if goals and not any(goals.values()):
        errors[f"{ids.AGREEMENT_GOAL_PREFIX}{next(iter(goals))}"] = refusals.WRITE_A_GOAL
    cadence = next((c for c in Cadence if c.value == form.choice(ids.AGREEMENT_CADENCE_BLOCK)), None)
    if cadence is None:
        errors[ids.AGREEMENT_CADENCE_BLOCK] = refusals.CHOOSE_CADENCE
    minutes = next((m for m in MINUTES if str(m) == form.choice(ids.AGREEMENT_MINUTES_BLOCK)), None)
    if minutes is None:
        errors[ids.AGREEMENT_MINUTES_BLOCK] = refusals.CHOOSE_MINUTES
    private = (form.text(ids.AGREEMENT_PRIVATE_BLOCK) or "").strip()
    if not private:
        errors[ids.AGREEMENT_PRIVATE_BLOCK] = refusals.SAY_HOW_PRIVATE
    elif len(private) > MAX_CONFIDENTIAL:
        errors[ids.AGREEMENT_PRIVATE_BLOCK] = refusals.keep_under(MAX_CONFIDENTIAL)
    if errors or cadence is None or minutes is None:
        ack(response_action="errors", errors=errors)
        return DONE
    meta = str(view.get("private_metadata") or "")
    return Proposal(id_in(meta), goals, cadence, minutes, private, form.ratings())


def check_agreeing(ack: Ack, view: Payload) -> object:
    try:
        meta = json.loads(str(view.get("private_metadata") or "{}"))
        pair_id, version = int(meta["pair"]), int(meta["version"])
    except (ValueError, KeyError, TypeError):
        pair_id, version = 0, -1  # nothing to agree to: the service says the pair isn't theirs
    return Agreeing(pair_id, version, Form.of(view).ratings())


def on_proposal(acked: Proposal, body: Payload, client: WebClient, deps: Deps) -> None:
    _saved(
        body,
        client,
        deps,
        lambda session, now: agreements.propose(
            session=session,
            team_id=body["team"]["id"],
            pair_id=acked.pair_id,
            user_id=body["user"]["id"],
            goals=acked.goals,
            cadence=acked.cadence,
            minutes=acked.minutes,
            confidential=acked.confidential,
            ratings=acked.ratings,
            catalogue=deps.catalogue,
            now=now,
        ),
    )


def on_agreeing(acked: Agreeing, body: Payload, client: WebClient, deps: Deps) -> None:
    _saved(
        body,
        client,
        deps,
        lambda session, now: agreements.confirm(
            session=session,
            team_id=body["team"]["id"],
            pair_id=acked.pair_id,
            user_id=body["user"]["id"],
            version=acked.version,
            ratings=acked.ratings,
            catalogue=deps.catalogue,
            now=now,
        ),
    )


def _saved(body: Payload, client: WebClient, deps: Deps, save) -> None:  # type: ignore[no-untyped-def]
    """One unit of work, then the pair's introduction shown again, in place (no duplicates)."""
    now = deps.clock.now()
    with deps.requests.begin() as session:
        pair = save(session, now)
        text, blocks = render_intro(session, deps.library, pair, now)
        channel, ts = pair.channel_id, pair.intro_ts
    if channel and ts:
        client.chat_update(channel=channel, ts=ts, text=text, blocks=blocks)
