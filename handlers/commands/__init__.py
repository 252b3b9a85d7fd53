"""Slash commands."""

from slack_bolt import App

from bot import ids
from handlers.commands.mentor import handle_mentor
from handlers.errors import guarded


def register(app: App) -> None:
    app.command(ids.COMMAND)(guarded(handle_mentor))
