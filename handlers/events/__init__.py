"""Events API events."""

from slack_bolt import App

from handlers.events.app_home_opened import on_app_home_opened, only_the_home_tab
from handlers.listen import listener


def register(app: App) -> None:
    app.event("app_home_opened")(listener(on_app_home_opened, acknowledge=only_the_home_tab))
