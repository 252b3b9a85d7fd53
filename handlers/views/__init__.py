"""Modal submissions (view_submission): each is checked inline in its ack, and applied after it."""

from bot import ids
from handlers.listen import Routes, listener
from handlers.views.agreement_submit import check_agreeing, check_proposal, on_agreeing, on_proposal
from handlers.views.avoid_submit import check_avoided, on_avoid_submit
from handlers.views.leave_submit import on_leave_submit
from handlers.views.listen_submit import check_answer, on_answer
from handlers.views.pause_submit import check_pause, on_pause_submit
from handlers.views.poll_submit import check_poll, on_poll_submit
from handlers.views.profile_submit import check_profile, on_profile_submit
from handlers.views.programme_submit import check_programme, on_programme_submit
from handlers.views.recognition_submit import check_story, check_thanks, on_story, on_thanks
from handlers.views.settings_submit import check_settings, on_settings_submit
from handlers.views.talk_submit import check_note, on_note


def register(routes: Routes) -> None:
    routes.view(ids.JOIN_VIEW)(listener(on_profile_submit, acknowledge=check_profile))
    routes.view(ids.PAUSE_VIEW)(listener(on_pause_submit, acknowledge=check_pause))
    routes.view(ids.LEAVE_VIEW)(listener(on_leave_submit))
    routes.view(ids.AGREEMENT_VIEW)(listener(on_proposal, acknowledge=check_proposal))
    routes.view(ids.AGREE_VIEW)(listener(on_agreeing, acknowledge=check_agreeing))
    routes.view(ids.TALK_VIEW)(listener(on_note, acknowledge=check_note))
    routes.view(ids.AVOID_VIEW)(listener(on_avoid_submit, acknowledge=check_avoided))
    routes.view(ids.POLL_VIEW)(listener(on_poll_submit, acknowledge=check_poll))
    routes.view(ids.LISTEN_VIEW)(listener(on_answer, acknowledge=check_answer))
    routes.view(ids.THANKS_VIEW)(listener(on_thanks, acknowledge=check_thanks))
    routes.view(ids.STORY_VIEW)(listener(on_story, acknowledge=check_story))
    routes.view(ids.SETTINGS_VIEW)(listener(on_settings_submit, acknowledge=check_settings))
    routes.view(ids.PROGRAMME_VIEW)(listener(on_programme_submit, acknowledge=check_programme))
