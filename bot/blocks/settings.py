"""The programme settings modal for admins, and reading its submission back."""

from __future__ import annotations

from typing import Any

from slack_sdk.models.blocks import (
    CheckboxesElement,
    ContextBlock,
    InputBlock,
    MarkdownTextObject,
    NumberInputElement,
    Option,
    PlainTextInputElement,
    StaticSelectElement,
)
from slack_sdk.models.views import View

from bot import ids
from bot.blocks.forms import Form
from bot.blocks.messages import WEEKDAYS
from bot.matching.scoring import Mode
from bot.profile import Cadence
from bot.programme import MAX_TIMEZONE, ProgrammeSettings
from bot.text import typed

MODES = {
    Mode.MUTUAL: "Mutual — both teach, both learn",
    Mode.REVERSE: "Reverse — earlier-career colleagues mentor seniors",
    Mode.INCLUSIVE: "Inclusive — pair across backgrounds",
}


def _hours(first: int, last: int) -> list[Option]:
    return [Option(value=str(h), label=f"{h:02d}:00") for h in range(first, last + 1)]


def select_input(block: str, label: str, options: list[Option], current: str) -> InputBlock:
    initial = next((o for o in options if o.value == current), None)
    return InputBlock(
        block_id=block,
        label=label,
        element=StaticSelectElement(action_id=ids.INPUT_ACTION, options=options, initial_option=initial),
    )


def _number(block: str, label: str, current: int, low: int, high: int, hint: str | None = None) -> InputBlock:
    return InputBlock(
        block_id=block,
        label=label,
        hint=hint,
        element=NumberInputElement(
            action_id=ids.INPUT_ACTION,
            is_decimal_allowed=False,
            initial_value=str(current),
            min_value=str(low),
            max_value=str(high),
        ),
    )


def settings_modal(s: ProgrammeSettings, *, programme_id: int | None = None, name: str | None = None) -> View:
    """The settings of a programme (programme_id None: the workspace's first); named when there are several."""
    trios = Option(value="yes", label="Allow trios when a round has an odd number of people")
    return View(
        type="modal",
        callback_id=ids.SETTINGS_VIEW,
        private_metadata="" if programme_id is None else str(programme_id),
        title="Programme settings",
        submit="Save",
        close="Cancel",
        blocks=([ContextBlock(elements=[MarkdownTextObject(text=f"*{typed(name)}*")])] if name else [])
        + [
            select_input(
                "mode", "Programme", [Option(value=m.value, label=t) for m, t in MODES.items()], s.mode.value
            ),
            select_input(
                "default_cadence",
                "Pairs meet, unless they choose otherwise",
                [Option(value=c.value, label=c.label) for c in Cadence],
                s.default_cadence.value,
            ),
            select_input(
                "round_weekday",
                "Matching rounds run on",
                [Option(value=str(i), label=d) for i, d in enumerate(WEEKDAYS)],
                str(s.round_weekday),
            ),
            select_input("round_hour", "at", _hours(0, 23), str(s.round_hour)),
            InputBlock(
                block_id="round_timezone",
                label="in the timezone",
                hint="e.g. Europe/London or America/New_York",
                element=PlainTextInputElement(
                    action_id=ids.INPUT_ACTION, initial_value=s.round_timezone, max_length=MAX_TIMEZONE
                ),
            ),
            _number("term_weeks", "Term length (weeks)", s.term_weeks, 4, 52),
            _number("cooldown_days", "Don't repeat a pair within (days)", s.cooldown_days, 0, 730),
            InputBlock(
                block_id="allow_trios",
                label="Odd numbers",
                optional=True,
                element=CheckboxesElement(
                    action_id=ids.INPUT_ACTION,
                    options=[trios],
                    initial_options=[trios] if s.allow_trios else None,
                ),
            ),
            select_input("checkin_hour", "Messages go out near", _hours(7, 18), str(s.window.hour)),
            select_input("workday_start", "Working day starts", _hours(6, 12), str(s.window.start)),
            select_input("workday_end", "Working day ends", _hours(13, 21), str(s.window.end)),
            _number(
                "min_group_size",
                "Feedback is shown only over at least (people)",
                s.min_group_size,
                3,
                100,
                hint="Never fewer than 3, so no answer can be traced to a person.",
            ),
        ],
    )


def read_settings(form: Form) -> dict[str, Any]:
    raw: dict[str, Any] = {}
    for block in (
        "mode",
        "default_cadence",
        "round_weekday",
        "round_hour",
        "checkin_hour",
        "workday_start",
        "workday_end",
    ):
        raw[block] = form.choice(block)
    for block in ("round_timezone", "term_weeks", "cooldown_days", "min_group_size"):
        raw[block] = form.text(block)
    raw["allow_trios"] = "yes" in form.choices("allow_trios")
    return raw
