"""Slash commands."""

from bot import ids
from bot.commands import opens_modal
from handlers.commands.mentor import acknowledge, handle_mentor
from handlers.listen import Routes, listener


def register(routes: Routes) -> None:
    routes.command(ids.COMMAND)(listener(handle_mentor, acknowledge=acknowledge, modal=opens_modal))
