"""Events API events."""

from handlers.events.app_home_opened import on_app_home_opened, only_the_home_tab
from handlers.events.user_change import on_user_change, only_people
from handlers.listen import Routes, listener


def register(routes: Routes) -> None:
    routes.event("app_home_opened")(listener(on_app_home_opened, acknowledge=only_the_home_tab))
    routes.event("user_change")(listener(on_user_change, acknowledge=only_people))
