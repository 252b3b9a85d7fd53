"""Reading the text after `/mentor` into a sub-command and its arguments (pure)."""

from __future__ import annotations

import re
from dataclasses import dataclass

# With should_escape: true, Slack sends mentions as <@U123|name> (or <@U123> from some clients).
MENTION = re.compile(r"<@([UW][A-Z0-9]+)(?:\|[^>]*)?>")

SUBCOMMANDS = (
    "join",
    "profile",
    "status",
    "pause",
    "resume",
    "leave",
    "avoid",
    "unavoid",
    "admin",
    "report",
    "help",
)
ALIASES = {
    "enrol": "join",
    "enroll": "join",
    "signup": "join",
    "edit": "profile",
    "unpause": "resume",
    "?": "help",
}


@dataclass(frozen=True)
class Command:
    name: str  # one of SUBCOMMANDS, or "unknown"
    args: str = ""
    raw: str = ""

    @property
    def mentions(self) -> list[str]:
        return MENTION.findall(self.args)


def parse(text: str | None) -> Command:
    raw = (text or "").strip()
    if not raw:
        return Command("help", raw=raw)
    word, _, rest = raw.partition(" ")
    name = ALIASES.get(word.lower(), word.lower())
    if name not in SUBCOMMANDS:
        return Command("unknown", args=rest.strip(), raw=raw)
    return Command(name, args=rest.strip(), raw=raw)
