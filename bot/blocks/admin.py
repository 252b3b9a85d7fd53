"""Admin replies: help, and a round's result or preview."""

from __future__ import annotations

from bot.catalogue import Catalogue
from bot.commands import ADMIN
from bot.matching.explain import explain

# The admins' lines of help, per sub-command of `/mentor admin` in the grammar's order (bot/commands.py).
ADMIN_LINES = {
    "match": [
        "`/mentor admin match preview` — show the pairs the next round would make, with scores and reasons; "
        "nothing is announced",
        "`/mentor admin match` — run a round now and introduce the new pairs",
    ],
    "pair": ["`/mentor admin pair @a @b` — pair two people by hand (with the usual introduction)"],
    "unpair": ["`/mentor admin unpair @a` — end someone's current pairing; both go back into the pool"],
    "remove": ["`/mentor admin remove @a` — take someone out of the programme"],
    "settings": [
        "`/mentor admin settings` — programme type, round day and hour, term, repeat cooldown, trios, "
        "message hours, minimum group size for feedback"
    ],
    "starters": [
        "`/mentor admin starters` — list, `add <theme> <question>` or `remove <id>` your own conversation starters"
    ],
    "help": [],  # this list itself
}
ADMIN_HELP = "*Admin commands*\n• `/mentor report` — the programme report\n" + "\n".join(
    f"• {line}" for sub in ADMIN for line in ADMIN_LINES[sub.name]
)
STARTERS_HELP = (
    "Add one with `/mentor admin starters add <theme> <question>` (themes: digital, career, organisation, "
    "inclusion, integrated; `career/junior` or `career/senior` when it's a question for the more junior or "
    "senior of a pair to open); remove one with `/mentor admin starters remove <id>`."
)
MAX_LISTED = 40


def round_text(plan, catalogue: Catalogue, *, preview: bool) -> str:  # type: ignore[no-untyped-def]
    """A round (or its preview) for the admin: who was considered, every pair with its score and reasons."""
    people = sum(len(g.members) for g in plan.groups)
    trios = sum(1 for g in plan.groups if len(g.members) == 3)
    head = (
        "*Preview — nothing was announced.*" if preview else "*Round done — introductions are on their way.*"
    )
    if plan.considered == 0:
        return f"{head}\nNobody is waiting to be matched right now."
    quality = (
        f" (within {1 - plan.total / plan.upper_bound:.1%} of the best possible)" if plan.upper_bound else ""
    )
    lines = [
        head,
        f"{plan.considered} people considered: {len(plan.groups)} groups ({trios} trios), {people} people matched, "
        f"{len(plan.left_out)} waiting. Total score {plan.total:.0f}{quality}.",
    ]
    for group in plan.groups[:MAX_LISTED]:
        names = {m.id: f"<@{m.user_id}>" for m in group.members}
        why = explain(group.reasons, [m.id for m in group.members], names.__getitem__, catalogue.topic_label)
        lines.append(f"• {' + '.join(names.values())} — score {group.score:.0f}. {why}")
    if len(plan.groups) > MAX_LISTED:
        lines.append(f"…and {len(plan.groups) - MAX_LISTED} more.")
    if plan.left_out:
        waiting = ", ".join(f"<@{m.user_id}>" for m in plan.left_out)
        lines.append(f"Waiting (first in line next round, told kindly): {waiting}")
    return "\n".join(lines)
