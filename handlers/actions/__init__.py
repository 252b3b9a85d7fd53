"""Buttons (block_actions)."""

from slack_bolt import App

from bot import ids
from handlers.actions.home_buttons import on_avoid, on_edit, on_join, on_leave, on_pause, on_resume
from handlers.actions.intro_buttons import on_agreement, on_not_fit


def register(app: App) -> None:
    app.action(ids.HOME_JOIN)(on_join)
    app.action(ids.HOME_EDIT)(on_edit)
    app.action(ids.HOME_PAUSE)(on_pause)
    app.action(ids.HOME_RESUME)(on_resume)
    app.action(ids.HOME_LEAVE)(on_leave)
    app.action(ids.HOME_AVOID)(on_avoid)
    app.action(ids.INTRO_AGREEMENT)(on_agreement)
    app.action(ids.INTRO_NOT_FIT)(on_not_fit)
