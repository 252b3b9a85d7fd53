"""Modal submissions (view_submission): each is checked inline in its ack, and applied after it."""

from slack_bolt import App

from bot import ids
from handlers.listen import listener
from handlers.views.agreement_submit import check_agreement, on_agreement_submit
from handlers.views.avoid_submit import check_avoided, on_avoid_submit
from handlers.views.leave_submit import on_leave_submit
from handlers.views.pause_submit import check_pause, on_pause_submit
from handlers.views.poll_submit import check_poll, on_poll_submit
from handlers.views.profile_submit import check_profile, on_profile_submit
from handlers.views.settings_submit import check_settings, on_settings_submit


def register(app: App) -> None:
    app.view(ids.JOIN_VIEW)(listener(on_profile_submit, acknowledge=check_profile))
    app.view(ids.PAUSE_VIEW)(listener(on_pause_submit, acknowledge=check_pause))
    app.view(ids.LEAVE_VIEW)(listener(on_leave_submit))
    app.view(ids.AGREEMENT_VIEW)(listener(on_agreement_submit, acknowledge=check_agreement))
    app.view(ids.AVOID_VIEW)(listener(on_avoid_submit, acknowledge=check_avoided))
    app.view(ids.POLL_VIEW)(listener(on_poll_submit, acknowledge=check_poll))
    app.view(ids.SETTINGS_VIEW)(listener(on_settings_submit, acknowledge=check_settings))
