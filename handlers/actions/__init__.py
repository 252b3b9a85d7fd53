"""Buttons (block_actions)."""

from slack_bolt import App

from bot import ids
from handlers.actions.admin_buttons import COMMANDS as ADMIN_BUTTONS
from handlers.actions.admin_buttons import on_admin_button
from handlers.actions.checkin_buttons import on_another_starter, on_checkin_answer, on_pair_resume
from handlers.actions.home_buttons import on_avoid, on_edit, on_join, on_leave, on_pause, on_resume
from handlers.actions.intro_buttons import on_agreement, on_not_fit
from handlers.actions.private_buttons import on_poll_open, on_stalled_choice, on_term_choice
from handlers.errors import guarded


def register(app: App) -> None:
    app.action(ids.HOME_JOIN)(guarded(on_join))
    app.action(ids.HOME_EDIT)(guarded(on_edit))
    app.action(ids.HOME_PAUSE)(guarded(on_pause))
    app.action(ids.HOME_RESUME)(guarded(on_resume))
    app.action(ids.HOME_LEAVE)(guarded(on_leave))
    app.action(ids.HOME_AVOID)(guarded(on_avoid))
    app.action(ids.INTRO_AGREEMENT)(guarded(on_agreement))
    app.action(ids.INTRO_NOT_FIT)(guarded(on_not_fit))
    for action_id in ids.CHECKIN_ANSWERS:
        app.action(action_id)(guarded(on_checkin_answer))
    app.action(ids.PAIR_RESUME)(guarded(on_pair_resume))
    app.action(ids.STARTER_ANOTHER)(guarded(on_another_starter))
    for action_id in ids.STALLED_CHOICES:
        app.action(action_id)(guarded(on_stalled_choice))
    for action_id in ids.TERM_CHOICES:
        app.action(action_id)(guarded(on_term_choice))
    app.action(ids.POLL_OPEN)(guarded(on_poll_open))
    for action_id in ADMIN_BUTTONS:
        app.action(action_id)(guarded(on_admin_button))
