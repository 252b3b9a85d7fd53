"""Admin replies: help, and a round's result or preview."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.catalogue import Catalogue
from bot.commands import ADMIN
from bot.guides import Guide
from bot.matching.explain import explain
from bot.starters import Starter
from bot.text import from_slack, typed

if TYPE_CHECKING:
    from bot.services.admin_controls import Leaders
    from bot.services.programmes import Admins, Invited
    from bot.services.recognition import Channel
    from bot.services.rounds import RoundPlan
    from bot.services.skills import Asked

# The admins' lines of help, per sub-command of `/mentor admin` in the grammar's order (bot/commands.py).
ADMIN_LINES = {
    "match": [
        "`/mentor admin match preview` — show the pairs the next round would make, with scores and reasons; "
        "nothing is announced",
        "`/mentor admin match` — run a round now and introduce the new pairs (in every running programme; "
        "`match <programme>` or `match preview <programme>` for one)",
    ],
    "pair": [
        "`/mentor admin pair @a @b` — pair two people by hand (with the usual introduction), in the programme "
        "they share (name it after them when they share several)"
    ],
    "unpair": [
        "`/mentor admin unpair @a` — end someone's current pairing; both go back into the pool (add a "
        "programme's name for only that one)"
    ],
    "remove": [
        "`/mentor admin remove @a` — take someone out of the programme (add its name for only that one)"
    ],
    "settings": [
        "`/mentor admin settings` — programme type, round day and hour, term, repeat cooldown, trios, "
        "message hours, minimum group size for feedback"
    ],
    "programmes": [
        "`/mentor admin programmes` — the workspace's programmes: add one (its purpose, type, who may join, "
        "the commitment), or change, pause or archive one"
    ],
    "invite": [
        "`/mentor admin invite <programme> @a @b @a-user-group` — invite people, or everyone in a user group, "
        "to a programme (an invitation-only one takes only them); each is told in a DM"
    ],
    "leaders": [
        "`/mentor admin leaders <programme> @a @b` — a reverse programme's leaders: paired only with people of "
        "earlier career stages (`leaders <programme>` shows the list, `… none` clears it)"
    ],
    "admins": [
        "`/mentor admin admins <programme> @a @a-user-group` — a programme's own admins, people or user groups "
        "(`admins <programme>` shows them, `… none` clears them)"
    ],
    "starters": [
        "`/mentor admin starters [<programme>:]` — list, `add <theme> <question>` or `remove <id>` your own "
        "conversation starters (for every programme, or the one named)"
    ],
    "guides": [
        "`/mentor admin guides [<programme>:]` — list, `add <when>/<side> <title>: <text>` or `remove <id>` your "
        "own guides, sent privately to that side of each pairing (for every programme, or the one named)"
    ],
    "ask-teach": [
        "`/mentor admin ask-teach [<programme>:] <topic>` — ask the people who teach topics close to a scarce "
        "one whether they could teach it too (privately, once per person and topic; the report offers a button)"
    ],
    "channel": [
        "`/mentor admin channel [<programme>] #channel` — where approved stories, a fortnightly question and a "
        "monthly anonymised figure are posted (`… none` stops it; the bot can post in public channels, and in a "
        "private one once invited)"
    ],
    "help": [],  # this list itself
}
ADMIN_HELP = (
    "*Admin commands*\n• `/mentor report [programme]` — the programme report (with several programmes and "
    "none named, the roll-up: one line each, and people counted once)\n"
    "• `/mentor report csv [programme]` — a programme's pairs and feedback totals as CSV, in your DM\n"
) + "\n".join(f"• {line}" for sub in ADMIN for line in ADMIN_LINES[sub.name])
PROGRAMMES_TITLE = "Programmes in this workspace"
NOTHING_RUNNING = (
    "No programme is running right now: they are all paused or archived (`/mentor admin programmes`)."
)
STARTERS_HELP = (
    "Add one with `/mentor admin starters add <theme> <question>` (themes: digital, career, organisation, "
    "inclusion, integrated; `career/junior` or `career/senior` when it's a question for the more junior or "
    "senior of a pair to open); remove one with `/mentor admin starters remove <id>`. For one programme's "
    "pairs only, name it first: `/mentor admin starters <programme>: add …` (also `list`, `remove`)."
)
GUIDES_HELP = (
    "Add one with `/mentor admin guides add <when>/<side> <title>: <text>` (when: intro, after-first-meeting "
    "or mid-term; side: teach, learn or any), e.g. `/mentor admin guides add intro/learn Your first hour: Bring "
    "one paper you found hard.`; remove one with `/mentor admin guides remove <id>`. For one programme's pairs "
    "only, name it first: `/mentor admin guides <programme>: add …` (also `list`, `remove`)."
)
MAX_LISTED = 40


def round_text(plan: RoundPlan, catalogue: Catalogue, *, preview: bool) -> str:
    """A round (or its preview) for the admin: who was considered, every pair with its score and reasons."""
    people = sum(len(g.members) for g in plan.groups)
    trios = sum(1 for g in plan.groups if len(g.members) == 3)
    head = (
        "*Preview — nothing was announced.*" if preview else "*Round done — introductions are on their way.*"
    )
    if plan.considered == 0:
        return f"{head}\nNobody is waiting to be matched right now."
    quality = ""
    if plan.groups:
        quality = "the best possible pairing" if plan.exact else f"within {plan.gap:.2%} of the best possible"
        quality = f" ({quality}{'' if plan.finished else '; it stopped at its time limit'})"
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
        waiting = ", ".join(
            f"<@{m.user_id}> ({'nobody they can be paired with' if m.id in plan.no_partner else 'odd one out'})"
            for m in plan.left_out
        )
        lines.append(f"Waiting (first in line next round, told kindly): {waiting}")
        if plan.no_partner:
            lines.append(
                "_Nobody they can be paired with: too little shared working time, recent or declined pairings, "
                "or avoid lists rule out everyone in this round._"
            )
    return "\n".join(lines)


def starter_added(starter: Starter, programme: str = "") -> str:
    where = f" for *{typed(programme)}*" if programme else ""
    return f"Added `{starter.id}`{where} ({_labelled(starter)}): {typed(starter.text)}"


def starter_removed(removed: bool, asked: str) -> str:
    return "Removed." if removed else f"There is no starter `{typed(from_slack(asked), limit=40)}` of yours."


def starters_list(shipped: int, own: list[tuple[Starter, str]], programme: str = "") -> str:
    """The admins' own starters, each marked with the one programme it is for (if it is for one)."""
    if not own:
        return f"{shipped} starters ship with the app; you haven't added any. {STARTERS_HELP}"
    listed = "\n".join(
        f"• `{s.id}`{f' *{typed(p)}* only' if p else ''} ({_labelled(s)}) {typed(s.text)}" for s, p in own
    )
    whose = f"*{typed(programme)}*'s pairs get" if programme else "are yours"
    return f"{shipped} starters ship with the app, and {len(own)} {whose}:\n{listed}\n{STARTERS_HELP}"


def guide_added(guide: Guide, programme: str = "") -> str:
    where = f" for *{typed(programme)}*" if programme else ""
    return (
        f"Added `{guide.id}`{where} ({guide.when}, {guide.side}): *{typed(guide.title)}* {typed(guide.text)}"
    )


def guide_removed(removed: bool, asked: str) -> str:
    return "Removed." if removed else f"There is no guide `{typed(from_slack(asked), limit=40)}` of yours."


def guides_list(shipped: int, own: list[tuple[Guide, str]], programme: str = "") -> str:
    """The admins' own guides, each marked with the one programme it is for (if it is for one)."""
    if not own:
        return f"{shipped} guides ship with the app; you haven't added any. {GUIDES_HELP}"
    listed = "\n".join(
        f"• `{g.id}`{f' *{typed(p)}* only' if p else ''} ({g.when}, {g.side}) *{typed(g.title)}*"
        for g, p in own[:MAX_LISTED]
    )
    whose = f"*{typed(programme)}*'s pairs get" if programme else "are yours"
    return f"{shipped} guides ship with the app, and {len(own)} {whose}:\n{listed}\n{GUIDES_HELP}"


def _labelled(starter: Starter) -> str:
    return (
        starter.theme if starter.audience == "both" else f"{starter.theme}, for the more {starter.audience}"
    )


def asked_to_teach(asked: Asked) -> str:
    topic = typed(asked.topic)
    if not asked.asked and not asked.asked_before:
        return (
            f"Nobody to ask about *{topic}* yet: no one active teaches a topic close to it without teaching or "
            "wanting it already."
        )
    before = f" ({asked.asked_before} asked about it before, not again)" if asked.asked_before else ""
    return (
        f"{asked.wanting} people want to learn *{topic}*. Asked {asked.asked} "
        f"{'colleague who teaches' if asked.asked == 1 else 'colleagues who teach'} something close to it, "
        f"privately, whether they could teach it too{before}. Those who say yes are matched on it from the "
        "next round."
    )


def programme_channel(done: Channel) -> str:
    name = typed(done.programme)
    if done.channel_id is None:
        return (
            f"*{name}* posts in no channel{' now' if done.changed else ''}. "
            f"`/mentor admin channel {name} #channel` to choose one."
        )
    verb = "now posts" if done.changed else "posts"
    return (
        f"*{name}* {verb} approved stories, a fortnightly question and a monthly anonymised figure in "
        f"<#{done.channel_id}>. (In a private channel, invite the bot first.)"
    )


def paired_by_hand(a: str, b: str) -> str:
    return f"Paired <@{a}> and <@{b}>; their introduction is on its way."


def unpaired(user_id: str) -> str:
    return f"Unpaired <@{user_id}>; both are first in line for the next round and have been told."


def removed(user_id: str) -> str:
    return f"Removed <@{user_id}> from the programme (their data is kept; they can rejoin)."


REPORT_TITLE = "Mentoring programme report"  # the notification text; the figures are in the blocks
ROLLUP_TITLE = "Mentoring programmes: the roll-up"


def name_one_for_csv(names: list[str]) -> str:
    """The exports are per programme: which one?"""
    listed = ", ".join(typed(n) for n in names)
    return f"The exports are per programme: `/mentor report csv <programme>`, one of: {listed}."


EXPORTS_COMMENT = "The mentoring exports (no individual answers in them)."
EXPORTS_SENT = "The CSV exports are in your DM with me."
EXPORT_TITLES = ("Pairs", "Feedback totals")
CHART_TITLE = "Meetings per week"
CHART_COMMENT = (
    "Meetings per week, the share of pairs that met and the feedback average, over the last 12 weeks."
)


def invited(done: Invited) -> str:
    said = []
    if done.fresh:
        said.append(f"Invited {_people(done.fresh)} to *{typed(done.programme)}*: each gets a DM.")
    if done.already:
        said.append(f"{_people(done.already)} {'was' if len(done.already) == 1 else 'were'} invited already.")
    return " ".join(said)


PEOPLE_NAMED = 20  # beyond this (a large user group), a count


def _people(user_ids: tuple[str, ...]) -> str:
    named = ", ".join(f"<@{u}>" for u in user_ids[:PEOPLE_NAMED])
    more = len(user_ids) - PEOPLE_NAMED
    return f"{named} and {more} more" if more > 0 else named


def programme_admins(done: Admins) -> str:
    """A programme's own admins: people and user groups, as Slack shows them."""
    who = ", ".join([*(f"<@{u}>" for u in done.people), *(f"<!subteam^{g}>" for g in done.groups)])
    return f"Own admins of *{typed(done.programme)}*: {who or 'nobody (only the workspace admins)'}."


INVITE_WHO = (
    "Mention the people to invite: `/mentor admin invite <programme> @someone`. (User groups can't be "
    "invited yet: mention the people.)"
)


def leaders(done: Leaders) -> str:
    who = ", ".join(f"<@{u}>" for u in done.user_ids) or "nobody"
    said = f"Leaders of *{typed(done.programme)}*: {who}."
    if done.not_members:
        said += f" Not in it (so not on the list): {', '.join(f'<@{u}>' for u in done.not_members)}."
    return said
