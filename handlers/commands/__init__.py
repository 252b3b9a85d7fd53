"""Slash commands."""

from slack_bolt import App

from bot import ids
from handlers.commands.mentor import acknowledge, handle_mentor
from handlers.listen import listener


def register(app: App) -> None:
    app.command(ids.COMMAND)(listener(handle_mentor, acknowledge=acknowledge))
