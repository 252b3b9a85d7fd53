"""The `/mentor` grammar (pure): one table of sub-commands for `/mentor` and one for `/mentor admin`.

Reading a command, deciding whether it opens a modal (before any work: a trigger_id lives three seconds),
the help lists (bot/blocks/messages.py, bot/blocks/admin.py) and the manifest's usage hint all come from
these tables. To add a sub-command: add a `Sub` here, a help line in bot/blocks/, and a route in
handlers/commands/ (a test checks that all three agree).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

# With should_escape: true, Slack sends mentions as <@U123|name> (or <@U123> from some clients), and a
# user group's as <!subteam^S123|@handle> (or <!subteam^S123>).
MENTION = re.compile(r"<@([UW][A-Z0-9]+)(?:\|[^>]*)?>")
GROUP = re.compile(r"<!subteam\^([A-Z0-9]+)(?:\|[^>]*)?>")
ANYONE = re.compile(f"{MENTION.pattern}|{GROUP.pattern}")  # a person or a user group


def before_mentions(text: str) -> str:
    """The words before the first person or user group mentioned."""
    found = ANYONE.search(text)
    return " ".join((text[: found.start()] if found else text).split())


CHANNEL = re.compile(r"<#([CG][A-Z0-9]{2,30})(?:\|[^>]*)?>")


def channel_in(text: str) -> tuple[str | None, str]:
    """The first channel mentioned (Slack escapes it as <#C123|name>), and the words around it."""
    found = CHANNEL.search(text)
    if found is None:
        return None, " ".join(text.split())
    return found.group(1), " ".join((text[: found.start()] + " " + text[found.end() :]).split())


def without_mentions(text: str) -> str:
    """The words of a command's text with every person and user group mentioned left out."""
    return " ".join(ANYONE.sub(" ", text).split())


def _always(_: list[str]) -> bool:
    return True


def _never(_: list[str]) -> bool:
    return False


@dataclass(frozen=True)
class Sub:
    name: str
    aliases: tuple[str, ...] = ()
    modal: Callable[[list[str]], bool] = _never  # whether it opens a modal, from its argument words
    hint: str | None = None  # how it reads in the manifest's usage hint; None: not shown there


MENTOR: tuple[Sub, ...] = (
    Sub("join", ("enrol", "enroll", "signup"), modal=_always, hint="join"),
    Sub("profile", ("edit",), modal=_always, hint="profile"),
    Sub("status", hint="status"),
    Sub("pause", modal=lambda words: not words, hint="pause until 2027-01-31"),
    Sub("resume", ("unpause",), hint="resume"),
    Sub("leave", modal=_always, hint="leave"),
    Sub("my", hint="my data"),
    Sub("avoid", hint="avoid @someone"),
    Sub("unavoid", hint="unavoid @someone"),
    Sub("help", ("?",), hint="help"),
    Sub("report", hint="report"),  # admins only
    Sub("admin", modal=lambda words: _admin_opens_modal(words)),
)

ADMIN: tuple[Sub, ...] = (
    Sub("match"),
    Sub("pair"),
    Sub("unpair"),
    Sub("remove"),
    Sub("settings", modal=_always),
    Sub("programmes", ("programs", "programme", "program")),
    Sub("invite"),
    Sub("leaders"),
    Sub("admins"),
    Sub("starters"),
    Sub("guides"),
    Sub("ask-teach", ("askteach",)),
    Sub("channel"),
    Sub("help", ("?",)),
)


def _index(table: tuple[Sub, ...]) -> dict[str, Sub]:
    return {word: sub for sub in table for word in (sub.name, *sub.aliases)}


MENTOR_BY_NAME = _index(MENTOR)
ADMIN_BY_NAME = _index(ADMIN)
HELP_ADMIN = ADMIN_BY_NAME["help"]


def _name(words: list[str]) -> str:
    return words[0].lower() if words else ""


def _admin_opens_modal(words: list[str]) -> bool:
    return ADMIN_BY_NAME.get(_name(words[:1]), HELP_ADMIN).modal(words[1:])


@dataclass(frozen=True)
class Command:
    name: str  # a Sub's name, or "unknown"
    args: str = ""
    raw: str = ""

    @property
    def mentions(self) -> list[str]:
        return MENTION.findall(self.args)

    @property
    def groups(self) -> list[str]:
        """The user groups mentioned (their S… ids)."""
        return GROUP.findall(self.args)

    @property
    def words(self) -> list[str]:
        """The arguments as keywords (lower case): `match Preview` reads as `match preview`."""
        return self.args.lower().split()


def _read(text: str | None, table: dict[str, Sub], *, empty: str, unknown: str) -> Command:
    raw = (text or "").strip()
    if not raw:
        return Command(empty, raw=raw)
    word, _, rest = raw.partition(" ")
    sub = table.get(word.lower())
    return Command(sub.name if sub else unknown, args=rest.strip(), raw=raw)


def parse(text: str | None) -> Command:
    """`/mentor <text>`: nothing at all is help; an unknown word is "unknown"."""
    return _read(text, MENTOR_BY_NAME, empty="help", unknown="unknown")


def parse_admin(args: str) -> Command:
    """`/mentor admin <args>`: nothing, or an unknown word, is the admin help."""
    return _read(args, ADMIN_BY_NAME, empty="help", unknown="help")


def opens_modal(command: Command) -> bool:
    """Whether this command shows a modal, decided from its words alone (no database, no Slack)."""
    sub = MENTOR_BY_NAME.get(command.name)
    return sub is not None and sub.modal(command.words)


def usage_hint() -> str:
    """The slash command's usage hint in manifest.yml."""
    return "[" + " | ".join(s.hint for s in MENTOR if s.hint) + "]"
