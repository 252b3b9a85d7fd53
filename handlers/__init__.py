"""Slack in: one package per surface, each with register(routes); handlers.listen.Routes installs them."""

from __future__ import annotations

from collections.abc import Callable

from slack_bolt import App, BoltContext

from bot.deps import Deps
from handlers import actions, commands, errors, events, views
from handlers.listen import Routes


def register(app: App, deps: Deps) -> None:
    @app.middleware
    def inject_deps(context: BoltContext, next: Callable[[], None]) -> None:  # noqa: A002 - Bolt passes the continuation as `next`
        # Bolt offers every context key as a listener argument, so listeners simply ask for `deps`.
        context["deps"] = deps
        next()

    errors.register(app)
    routes = Routes()
    for surface in (commands, actions, views, events):
        surface.register(routes)
    routes.install(app)
