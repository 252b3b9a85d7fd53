"""Modal submissions (view_submission)."""

from slack_bolt import App

from bot import ids
from handlers.errors import guarded
from handlers.views.agreement_submit import on_agreement_submit
from handlers.views.avoid_submit import on_avoid_submit
from handlers.views.leave_submit import on_leave_submit
from handlers.views.pause_submit import on_pause_submit
from handlers.views.poll_submit import on_poll_submit
from handlers.views.profile_submit import on_profile_submit
from handlers.views.settings_submit import on_settings_submit


def register(app: App) -> None:
    app.view(ids.JOIN_VIEW)(guarded(on_profile_submit))
    app.view(ids.PAUSE_VIEW)(guarded(on_pause_submit))
    app.view(ids.LEAVE_VIEW)(guarded(on_leave_submit))
    app.view(ids.AGREEMENT_VIEW)(guarded(on_agreement_submit))
    app.view(ids.AVOID_VIEW)(guarded(on_avoid_submit))
    app.view(ids.POLL_VIEW)(guarded(on_poll_submit))
    app.view(ids.SETTINGS_VIEW)(guarded(on_settings_submit))
