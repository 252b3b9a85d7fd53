"""The pair's two-way agreement: as shown in its group DM, the modal to propose it, the modal to agree to it,
and the private confidence ratings (also asked again at the end of the term)."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    InputBlock,
    MarkdownTextObject,
    Option,
    PlainTextInputElement,
    RadioButtonsElement,
    SectionBlock,
    StaticSelectElement,
)
from slack_sdk.models.views import View

from bot import ids
from bot.agreement import MAX_CONFIDENTIAL, MAX_GOAL, MINUTES, Goal, Rating, Terms
from bot.blocks.messages import mentioned
from bot.profile import Cadence
from bot.text import typed

CONFIDENCE = {
    1: "1 — I'm just starting",
    2: "2 — I know a little",
    3: "3 — I get by",
    4: "4 — I'm comfortable",
    5: "5 — I could teach it",
}


@dataclass(frozen=True)
class Shown:
    """The agreement as its pair sees it."""

    terms: Terms
    waiting: tuple[str, ...]  # the Slack ids of those who haven't agreed to this version yet


def mention_of(users: dict[int, str]) -> Callable[[int | None], str]:
    """Member id → how a message names them (someone since erased: "a former member")."""
    return lambda member_id: f"<@{users[member_id]}>" if member_id in users else "a former member"


def goal_line(goal: Goal, mention: Callable[[int | None], str]) -> str:
    """E.g. "@Priya → @Margaret: AI tools for board papers" (the goal as typed: escaped)."""
    return f"{_direction(goal, mention)}: {typed(goal.goal) if goal.goal else '_no goal yet_'}"


def terms_text(terms: Terms, mention: Callable[[int | None], str]) -> str:
    """The terms in mrkdwn; every goal and the confidentiality line as typed (escaped: data, never markup)."""
    lines = [f"• {goal_line(g, mention)}" for g in terms.goals]
    lines.append(f"• We meet {terms.cadence.label.lower()}, {terms.minutes} minutes each time.")
    lines.append(f"• Keeping it confidential: {typed(terms.confidential)}")
    return "\n".join(lines)


def _direction(goal: Goal, mention: Callable[[int | None], str]) -> str:
    if goal.teacher is None or goal.learner is None:
        return "Together"
    return f"{mention(goal.teacher)} → {mention(goal.learner)}"


def shown_blocks(
    shown: Shown | None,
    pair_id: int,
    mention: Callable[[int | None], str],
    more: Sequence[ButtonElement] = (),
) -> list[Block]:
    """The agreement's section and its buttons (and `more` after them), for the pair's introduction."""
    if shown is None:
        return [
            SectionBlock(
                text=MarkdownTextObject(
                    text="*Your agreement*\nAgree what each of you will learn from the other, and how you'll "
                    "meet. It counts once you've both agreed to it."
                ),
            ),
            _buttons(
                pair_id,
                [_button("Propose our agreement", ids.INTRO_AGREEMENT, str(pair_id), primary=True), *more],
            ),
        ]
    if shown.waiting:
        who = mentioned(shown.waiting, nobody="")
        status = f"proposed — waiting for {who} to agree"
    else:
        status = "agreed by everyone :white_check_mark:"
    buttons = [_button("Propose a change", ids.INTRO_AGREEMENT, str(pair_id))]
    if shown.waiting:
        buttons.insert(0, _button("We agree", ids.INTRO_AGREE, str(pair_id), primary=True))
    return [
        SectionBlock(
            text=MarkdownTextObject(text=f"*Your agreement* ({status})\n{terms_text(shown.terms, mention)}")
        ),
        _buttons(pair_id, [*buttons, *more]),
    ]


def _button(text: str, action_id: str, value: str, *, primary: bool = False) -> ButtonElement:
    return ButtonElement(text=text, action_id=action_id, value=value, style="primary" if primary else None)


def _buttons(pair_id: int, elements: list[ButtonElement]) -> Block:
    return ActionsBlock(block_id=f"intro_actions:{pair_id}", elements=elements)


def confidence_blocks(to_rate: Sequence[Rating], *, when: str) -> list[Block]:
    """Private 1-5 ratings of what this person learns here; each optional."""
    if not to_rate:
        return []
    blocks: list[Block] = [
        ContextBlock(
            elements=[
                MarkdownTextObject(
                    text=f":lock: *Only you see this.* How confident are you {when}? The programme sees only "
                    "averages over enough people that no one stands out."
                )
            ]
        )
    ]
    for item in to_rate:
        options = [Option(value=str(v), label=label) for v, label in CONFIDENCE.items()]
        initial = next((o for o in options if item.rating is not None and o.value == str(item.rating)), None)
        blocks.append(
            InputBlock(
                block_id=f"{ids.CONFIDENCE_PREFIX}{item.topic}",
                label=item.label[:150],
                optional=True,
                element=StaticSelectElement(
                    action_id=ids.INPUT_ACTION, options=options, initial_option=initial, placeholder="1 to 5"
                ),
            )
        )
    return blocks


def propose_modal(
    *, pair_id: int, terms: Terms, mention: Callable[[int | None], str], to_rate: Sequence[Rating]
) -> View:
    blocks: list[Block] = [
        SectionBlock(
            text=MarkdownTextObject(
                text="Agree what each of you will learn from the other and how you'll meet. It counts once "
                "you've all agreed to it; either of you can propose a change later."
            )
        )
    ]
    for goal in terms.goals:
        blocks += [
            SectionBlock(text=MarkdownTextObject(text=f"*{_direction(goal, mention)}*")),
            InputBlock(
                block_id=f"{ids.AGREEMENT_GOAL_PREFIX}{goal.key}",
                label="Goal",
                optional=True,
                element=PlainTextInputElement(
                    action_id=ids.INPUT_ACTION,
                    max_length=MAX_GOAL,
                    initial_value=goal.goal or None,
                    placeholder="e.g. using AI tools for board papers",
                ),
            ),
        ]
    blocks += [
        InputBlock(
            block_id=ids.AGREEMENT_CADENCE_BLOCK,
            label="We'll meet",
            element=RadioButtonsElement(
                action_id=ids.INPUT_ACTION,
                options=[Option(value=c.value, label=c.label) for c in Cadence],
                initial_option=Option(value=terms.cadence.value, label=terms.cadence.label),
            ),
        ),
        InputBlock(
            block_id=ids.AGREEMENT_MINUTES_BLOCK,
            label="For about",
            element=StaticSelectElement(
                action_id=ids.INPUT_ACTION,
                options=[_minutes(m) for m in MINUTES],
                initial_option=_minutes(terms.minutes if terms.minutes in MINUTES else MINUTES[0]),
            ),
        ),
        InputBlock(
            block_id=ids.AGREEMENT_PRIVATE_BLOCK,
            label="How we keep it confidential",
            element=PlainTextInputElement(
                action_id=ids.INPUT_ACTION, max_length=MAX_CONFIDENTIAL, initial_value=terms.confidential
            ),
        ),
        *confidence_blocks(to_rate, when="today in what you want to learn"),
    ]
    return View(
        type="modal",
        callback_id=ids.AGREEMENT_VIEW,
        private_metadata=str(pair_id),
        title="Our agreement",
        submit="Propose & agree",
        close="Cancel",
        blocks=blocks,
    )


def agree_modal(
    *,
    pair_id: int,
    version: int,
    terms: Terms,
    mention: Callable[[int | None], str],
    to_rate: Sequence[Rating],
) -> View:
    return View(
        type="modal",
        callback_id=ids.AGREE_VIEW,
        private_metadata=json.dumps({"pair": pair_id, "version": version}),
        title="Our agreement",
        submit="We agree",
        close="Not yet",
        blocks=[
            SectionBlock(text=MarkdownTextObject(text=terms_text(terms, mention))),
            ContextBlock(
                elements=[
                    MarkdownTextObject(
                        text="Want something different? Close this and press *Propose a change*."
                    )
                ]
            ),
            *confidence_blocks(to_rate, when="today in what you want to learn"),
        ],
    )


def _minutes(m: int) -> Option:
    return Option(value=str(m), label=f"{m} minutes")
