"""The App Home tab."""

from __future__ import annotations

from datetime import date

from slack_sdk.models.blocks import ActionsBlock, ButtonElement, DividerBlock, HeaderBlock
from slack_sdk.models.views import View

from bot import ids
from bot.blocks.messages import privacy_context, status_blocks
from bot.catalogue import Catalogue
from bot.profile import Enrolment, State


def home_view(enrolment: Enrolment, catalogue: Catalogue, *, today: date) -> View:
    blocks: list = [HeaderBlock(text="Mutual mentoring"), *status_blocks(enrolment, catalogue, today=today)]
    state = enrolment.state
    if state in (State.NOT_ENROLLED, State.LEFT):
        buttons = [ButtonElement(text="Join the programme", action_id=ids.HOME_JOIN, style="primary")]
    else:
        buttons = [ButtonElement(text="Edit my profile", action_id=ids.HOME_EDIT)]
        if state is State.PAUSED:
            buttons.append(ButtonElement(text="Resume", action_id=ids.HOME_RESUME, style="primary"))
        else:
            buttons.append(ButtonElement(text="Pause", action_id=ids.HOME_PAUSE))
        buttons.append(ButtonElement(text="Don't pair me with…", action_id=ids.HOME_AVOID))
        buttons.append(ButtonElement(text="Leave", action_id=ids.HOME_LEAVE, style="danger"))
    blocks += [ActionsBlock(block_id="home_actions", elements=buttons), DividerBlock(), privacy_context()]
    return View(type="home", blocks=blocks)
