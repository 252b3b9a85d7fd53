"""Events API events."""

from slack_bolt import App

from handlers.errors import guarded
from handlers.events.app_home_opened import on_app_home_opened


def register(app: App) -> None:
    app.event("app_home_opened")(guarded(on_app_home_opened))
