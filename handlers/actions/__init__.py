"""Buttons (block_actions): each acks at once; its work follows in the pool."""

from bot import ids
from handlers.actions.admin_buttons import BUTTONS as ADMIN_BUTTONS
from handlers.actions.admin_buttons import on_admin_button
from handlers.actions.away_buttons import on_skip_round
from handlers.actions.checkin_buttons import (
    on_another_starter,
    on_checkin_answer,
    on_goal_progress,
    on_pair_resume,
)
from handlers.actions.home_buttons import on_avoid, on_edit, on_guides, on_join, on_leave, on_pause, on_resume
from handlers.actions.home_buttons import on_not_fit as on_home_not_fit
from handlers.actions.intro_buttons import on_agree, on_agreement, on_not_fit
from handlers.actions.listen_button import on_listen_open
from handlers.actions.private_buttons import on_poll_open, on_stalled_choice, on_term_choice
from handlers.actions.programme_buttons import on_join_decision, on_programme_button, on_programme_pick
from handlers.actions.recognition_buttons import on_story_decision, on_story_open, on_thanks_open
from handlers.actions.skills_buttons import on_ask_teach, on_teach_answer
from handlers.actions.talk_button import on_talk
from handlers.actions.time_buttons import on_pick_time, on_suggest_times
from handlers.actions.why_buttons import on_why
from handlers.listen import Routes, listener


def register(routes: Routes) -> None:
    routes.action(ids.HOME_JOIN)(listener(on_join, modal=True))
    routes.action(ids.HOME_EDIT)(listener(on_edit, modal=True))
    routes.action(ids.HOME_PAUSE)(listener(on_pause, modal=True))
    routes.action(ids.HOME_RESUME)(listener(on_resume))
    routes.action(ids.HOME_LEAVE)(listener(on_leave, modal=True))
    routes.action(ids.HOME_AVOID)(listener(on_avoid, modal=True))
    routes.action(ids.HOME_GUIDES)(listener(on_guides, modal=True))
    routes.action(ids.TALK_OPEN)(listener(on_talk, modal=True))
    routes.action(ids.SUGGEST_TIMES)(listener(on_suggest_times))
    routes.action(ids.GOAL_PROGRESS)(listener(on_goal_progress))
    routes.action(ids.PICK_TIME)(listener(on_pick_time, slow=True))
    routes.action(ids.HOME_NOT_FIT)(listener(on_home_not_fit))
    routes.action(ids.INTRO_AGREEMENT)(listener(on_agreement, modal=True))
    routes.action(ids.INTRO_AGREE)(listener(on_agree, modal=True))
    routes.action(ids.INTRO_NOT_FIT)(listener(on_not_fit))
    for action_id in ids.CHECKIN_ANSWERS:
        routes.action(action_id)(listener(on_checkin_answer))
    routes.action(ids.PAIR_RESUME)(listener(on_pair_resume))
    routes.action(ids.STARTER_ANOTHER)(listener(on_another_starter))
    for action_id in ids.STALLED_CHOICES:
        routes.action(action_id)(listener(on_stalled_choice))
    for action_id in ids.TERM_CHOICES:
        routes.action(action_id)(listener(on_term_choice))
    routes.action(ids.POLL_OPEN)(listener(on_poll_open, modal=True))
    routes.action(ids.LISTEN_OPEN)(listener(on_listen_open, modal=True))
    routes.action(ids.ASK_TEACH)(listener(on_ask_teach))
    for action_id in ids.WHY_CHOICES:
        routes.action(action_id)(listener(on_why))
    routes.action(ids.THANKS_OPEN)(listener(on_thanks_open, modal=True))
    routes.action(ids.STORY_OPEN)(listener(on_story_open, modal=True))
    for action_id in (ids.STORY_APPROVE, ids.STORY_DECLINE):
        routes.action(action_id)(listener(on_story_decision))
    for action_id in (ids.SKIP_ROUND, ids.TAKE_PART):
        routes.action(action_id)(listener(on_skip_round))
    for action_id in (ids.ASK_TEACH_YES, ids.ASK_TEACH_NO):
        routes.action(action_id)(listener(on_teach_answer))
    for action_id in (ids.PROGRAMME_NEW, ids.PROGRAMME_EDIT, ids.PROGRAMME_SETTINGS):
        routes.action(action_id)(listener(on_programme_button, modal=True))
    routes.action(ids.PROGRAMME_PICK)(listener(on_programme_pick))
    for action_id in (ids.JOIN_APPROVE, ids.JOIN_DECLINE):
        routes.action(action_id)(listener(on_join_decision))
    for action_id in ADMIN_BUTTONS:
        routes.action(action_id)(listener(on_admin_button, modal=action_id == ids.HOME_ADMIN_SETTINGS))
