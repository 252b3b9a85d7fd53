"""The small modals: loading and notices, pause (with an optional end date), leave (with an optional erase)."""

from __future__ import annotations

import json
from datetime import date

from slack_sdk.models.blocks import (
    CheckboxesElement,
    DatePickerElement,
    InputBlock,
    MarkdownTextObject,
    Option,
    SectionBlock,
    UserMultiSelectElement,
)
from slack_sdk.models.views import View

from bot import ids
from bot.payload import Payload


def loading_modal() -> Payload:
    """Opened at once, while the real modal is read from the database (it replaces this in a moment)."""
    return dict(_LOADING)


_LOADING = View(
    type="modal",
    title="Mentoring",
    close="Close",
    blocks=[SectionBlock(text=MarkdownTextObject(text=":hourglass_flowing_sand: One moment…"))],
).to_dict()  # built once: it opens on every click that shows a modal


def notice_modal(text: str) -> View:
    """What a modal shows instead when it can't open (not enrolled, admins only, busy)."""
    return View(
        type="modal",
        title="Mentoring",
        close="Close",
        blocks=[SectionBlock(text=MarkdownTextObject(text=text))],
    )


def pause_modal(*, today: date) -> View:
    """The person's own today travels with it, so the date they pick is checked inline before the ack (the
    server checks it again, from the database, when it applies the pause)."""
    return View(
        type="modal",
        callback_id=ids.PAUSE_VIEW,
        private_metadata=json.dumps({"today": today.isoformat()}),
        title="Pause mentoring",
        submit="Pause",
        close="Cancel",
        blocks=[
            SectionBlock(
                text=MarkdownTextObject(
                    text="While you're paused you won't be matched or messaged. Your profile stays as it is."
                )
            ),
            InputBlock(
                block_id=ids.PAUSE_UNTIL_BLOCK,
                label="Back on",
                optional=True,
                hint="Leave empty to stay paused until you resume.",
                element=DatePickerElement(action_id=ids.PAUSE_UNTIL_ACTION, placeholder="Pick a date"),
            ),
        ],
    )


def leave_modal() -> View:
    return View(
        type="modal",
        callback_id=ids.LEAVE_VIEW,
        title="Leave mentoring",
        submit="Leave",
        close="Stay",
        blocks=[
            SectionBlock(
                text=MarkdownTextObject(
                    text=(
                        "You won't be matched or messaged any more. If you have a partner, they'll be told "
                        "kindly and matched again."
                    )
                )
            ),
            InputBlock(
                block_id=ids.LEAVE_ERASE_BLOCK,
                label="Your data",
                optional=True,
                element=CheckboxesElement(
                    action_id=ids.LEAVE_ERASE_ACTION,
                    options=[
                        Option(
                            value=ids.LEAVE_ERASE_VALUE,
                            label="Also erase everything you hold about me",
                            description="Profile, pairings and answers. This can't be undone.",
                        )
                    ],
                ),
            ),
        ],
    )


def avoid_modal(current: list[str]) -> View:
    return View(
        type="modal",
        callback_id=ids.AVOID_VIEW,
        title="Don't pair me with",
        submit="Save",
        close="Cancel",
        blocks=[
            SectionBlock(
                text=MarkdownTextObject(
                    text="You'll never be matched with the people on this list. It's private: only you see it, "
                    "and nobody on it is ever told."
                )
            ),
            InputBlock(
                block_id=ids.AVOID_BLOCK,
                label="People",
                optional=True,
                element=UserMultiSelectElement(
                    action_id=ids.AVOID_ACTION, placeholder="Choose people", initial_users=current or None
                ),
            ),
        ],
    )
