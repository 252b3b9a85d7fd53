"""`/mentor admin …`: programme controls for admins."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from bot.blocks import admin as admin_text
from bot.blocks import refusals
from bot.blocks.admin import ADMIN_HELP, round_text
from bot.blocks.programmes import programmes_list
from bot.blocks.report import report_blocks, rollup_blocks
from bot.chart import alt_text, meetings_chart
from bot.commands import Command, before_mentions, channel_in, parse_admin, without_mentions
from bot.deps import Deps
from bot.errors import MentorError
from bot.services import programmes
from bot.services.admin_controls import pair_by_hand, remove, set_leaders, unpair
from bot.services.admins import admin_scope, members_of
from bot.services.export import chart_name, export_names, feedback_csv, pairs_csv
from bot.services.guides import add_guide, listed_guides, remove_guide
from bot.services.programme import programmes_to_match, programmes_to_report, split_programme
from bot.services.recognition import set_channel
from bot.services.report import programme_report, rollup
from bot.services.rounds import plan_round, run_round
from bot.services.skills import ask_to_teach
from bot.services.starters import add_starter, listed_starters, remove_starter
from bot.services.uploads import upload_to_dm
from bot.text import from_slack, typed
from handlers.errors import later
from handlers.shared import Asker, Reply, open_modal


def handle_admin(cmd: Command, asker: Asker, respond: Reply) -> None:
    """`/mentor admin <sub-command> …`"""
    run_admin(parse_admin(cmd.args), asker, respond)


def run_admin(sub: Command, asker: Asker, respond: Reply) -> None:
    """An admin sub-command, typed or pressed on the Home tab: a workspace admin may run any, a programme's
    own admins those about their programmes."""
    scope = admin_scope(client=asker.client, deps=asker.deps, team_id=asker.team_id, user_id=asker.user_id)
    if sub.name in WORKSPACE_ONLY:
        scope.require_everything()
    ROUTES[sub.name](sub, replace(asker, scope=scope), respond)


def _help(_: Command, asker: Asker, respond: Reply) -> None:
    respond(text=ADMIN_HELP, response_type="ephemeral")


def _settings(_: Command, asker: Asker, respond: Reply) -> None:
    open_modal("settings", asker)


def _programmes(_: Command, asker: Asker, respond: Reply) -> None:
    """The programmes this admin may run (a workspace admin: all, and may add one)."""
    with asker.deps.requests.begin() as session:
        found = programmes.listed(session=session, team_id=asker.team_id, now=asker.deps.clock.now())
    mine = [p for p in found if asker.scope.may(p.id)]
    blocks = programmes_list(mine, may_add=asker.scope.everything)
    respond(text=admin_text.PROGRAMMES_TITLE, blocks=blocks, response_type="ephemeral")


def _invite(sub: Command, asker: Asker, respond: Reply) -> None:
    """`invite <programme> @a @b @a-user-group`: the programme is the words before the first mention; a
    user group's members are each invited (Slack is asked who they are before the unit of work)."""
    people = [*sub.mentions, *members_of(client=asker.client, deps=asker.deps, groups=sub.groups)]
    if not people:
        respond(text=admin_text.INVITE_WHO, response_type="ephemeral")
        return
    name = from_slack(before_mentions(sub.args))
    with asker.deps.requests.begin() as session:
        done = programmes.invite(
            session=session,
            team_id=asker.team_id,
            name=name,
            user_ids=list(dict.fromkeys(people)),
            by=asker.user_id,
            now=asker.deps.clock.now(),
            may=asker.scope.may,
        )
    respond(text=admin_text.invited(done), response_type="ephemeral")
    asker.deps.bell.ring()  # the invitations go out from the sender


def _admins(sub: Command, asker: Asker, respond: Reply) -> None:
    """`admins <programme> [@people @user-groups | none]`: show, set or clear a programme's own admins."""
    words = without_mentions(sub.args).split()
    clear = bool(words) and words[-1].lower() == "none"
    chosen = [*sub.mentions, *sub.groups]
    with asker.deps.requests.begin() as session:
        done = programmes.set_admins(
            session=session,
            team_id=asker.team_id,
            name=from_slack(" ".join(words[:-1] if clear else words)),
            entries=[] if clear else chosen or None,
            now=asker.deps.clock.now(),
        )
    respond(text=admin_text.programme_admins(done), response_type="ephemeral")


def _leaders(sub: Command, asker: Asker, respond: Reply) -> None:
    """`leaders <programme> [@a @b | none]`: show, set or clear a reverse programme's leaders list."""
    words = without_mentions(sub.args).split()
    clear = bool(words) and words[-1].lower() == "none"
    name = from_slack(" ".join(words[:-1] if clear else words))
    chosen = [] if clear else sub.mentions or None
    with asker.deps.requests.begin() as session:
        done = set_leaders(
            session=session,
            team_id=asker.team_id,
            name=name,
            user_ids=chosen,
            now=asker.deps.clock.now(),
            may=asker.scope.may,
        )
    respond(text=admin_text.leaders(done), response_type="ephemeral")


def _starters_command(sub: Command, asker: Asker, respond: Reply) -> None:
    respond(text=_own(sub.args, asker, STARTERS), response_type="ephemeral")


def _guides_command(sub: Command, asker: Asker, respond: Reply) -> None:
    respond(text=_own(sub.args, asker, GUIDES), response_type="ephemeral")


def _ask_teach(sub: Command, asker: Asker, respond: Reply) -> None:
    """`ask-teach [<programme>:] <topic>`."""

    def named(session: Session) -> tuple[int | None, str]:
        programme, topic = split_programme(session=session, team_id=asker.team_id, text=sub.args)
        return (programme.id if programme else None), from_slack(topic)

    respond(text=ask_teach_in(asker, named), response_type="ephemeral")


def ask_teach_in(asker: Asker, which: Callable[[Session], tuple[int | None, str]]) -> str:
    """Ask who could teach a scarce topic (`which`: the programme, None for the workspace's first, and the
    topic), in one unit of work; what to tell the admin."""
    deps = asker.deps
    with deps.requests.begin() as session:
        programme_id, topic = which(session)
        asked = ask_to_teach(
            session=session,
            team_id=asker.team_id,
            programme_id=programme_id,
            topic=topic,
            catalogue=deps.catalogue,
            now=deps.clock.now(),
            may=asker.scope.may,
        )
    deps.bell.ring()
    return admin_text.asked_to_teach(asked)


def _channel(sub: Command, asker: Asker, respond: Reply) -> None:
    """`channel [<programme>] #channel | none`: where stories and fortnightly prompts are posted."""
    channel_id, words = channel_in(sub.args)
    clear = channel_id is None and words.lower().endswith("none")
    name = from_slack(words[: -len("none")].strip() if clear else words)
    with asker.deps.requests.begin() as session:
        done = set_channel(
            session=session,
            team_id=asker.team_id,
            name=name,
            channel_id=channel_id,
            clear=clear,
            may=asker.scope.may,
        )
    respond(text=admin_text.programme_channel(done), response_type="ephemeral")


def _controls(sub: Command, asker: Asker, respond: Reply) -> None:
    """`pair @a @b [programme]`, `unpair @a [programme]`, `remove @a [programme]`."""
    name = from_slack(without_mentions(sub.args))
    respond(text=_control(sub.name, sub.mentions, asker, name), response_type="ephemeral")
    asker.deps.bell.ring()  # the introduction or the kind word goes out from the sender


def _round(sub: Command, asker: Asker, respond: Reply) -> None:
    """`match [preview] [programme]`: every running programme's round, or the one named."""
    words = sub.args.split(maxsplit=1)
    preview = bool(words) and words[0].lower() == "preview"
    name = (words[1] if len(words) > 1 else "") if preview else sub.args
    later(
        asker.deps.slow, asker.body, asker.client, lambda: _match(asker, respond, preview=preview, name=name)
    )


def _match(asker: Asker, respond: Reply, *, preview: bool, name: str) -> None:
    """Rounds (or their previews): seconds of solving for a large programme, so they run on the slow lane."""
    deps, now = asker.deps, asker.deps.clock.now()
    ranks = deps.catalogue.stage_ranks
    texts = []
    with (deps.reads if preview else deps.requests).begin() as session:
        targets = programmes_to_match(
            session=session,
            team_id=asker.team_id,
            name=name,
            now=None if preview else now,
            may=asker.scope.may,
        )
        for programme_id, title in targets:
            if preview or programme_id is None:
                plan = plan_round(session=session, programme_id=programme_id, now=now, catalogue_ranks=ranks)
            else:
                _, plan = run_round(
                    session=session,
                    programme_id=programme_id,
                    now=now,
                    catalogue_ranks=ranks,
                    trigger="admin",
                )
            texts.append(
                (f"*{typed(title)}*\n" if title else "") + round_text(plan, deps.catalogue, preview=preview)
            )
    text = "\n\n".join(texts) or admin_text.NOTHING_RUNNING
    if not preview:
        deps.bell.ring()
    respond(text=text, response_type="ephemeral")


@dataclass(frozen=True)
class OwnLibrary:
    """An admins' own additions to a shipped library (conversation starters, guides): how to add, remove and
    list them, and the words for each."""

    add: Callable[[Session, str, str, datetime, int | None], Any]  # (…, team, what was typed, now, programme)
    remove: Callable[[Session, str, str, int | None], bool]
    listed: Callable[[Session, str, int | None], list[Any]]
    added: Callable[[Any, str], str]
    removed: Callable[[bool, str], str]
    shown: Callable[[int, list[Any], str], str]
    shipped: Callable[[Deps], int]


def _add_starter(session: Session, team_id: str, args: str, now: datetime, programme_id: int | None) -> Any:
    theme, _, text = args.partition(" ")
    return add_starter(
        session=session, team_id=team_id, theme=theme, text=text, now=now, programme_id=programme_id
    )


STARTERS = OwnLibrary(
    add=_add_starter,
    remove=lambda s, t, i, p: remove_starter(session=s, team_id=t, starter_id=i, programme_id=p),
    listed=lambda s, t, p: listed_starters(session=s, team_id=t, programme_id=p),
    added=admin_text.starter_added,
    removed=admin_text.starter_removed,
    shown=admin_text.starters_list,
    shipped=lambda deps: len(deps.starters),
)
GUIDES = OwnLibrary(
    add=lambda s, t, a, n, p: add_guide(session=s, team_id=t, args=a, now=n, programme_id=p),
    remove=lambda s, t, i, p: remove_guide(session=s, team_id=t, guide_id=i, programme_id=p),
    listed=lambda s, t, p: listed_guides(session=s, team_id=t, programme_id=p),
    added=admin_text.guide_added,
    removed=admin_text.guide_removed,
    shown=admin_text.guides_list,
    shipped=lambda deps: len(deps.guides),
)


def _own(args: str, asker: Asker, library: OwnLibrary) -> str:
    """`starters|guides [<programme>:] list | add … | remove <id>`: the workspace's own (workspace admins),
    or one programme's (its admins too)."""
    deps = asker.deps
    with deps.requests.begin() as session:
        programme, args = split_programme(session=session, team_id=asker.team_id, text=args)
        if programme is None:
            asker.scope.require_everything()
        else:
            asker.scope.require(programme.id)
        programme_id, title = (programme.id, programme.name) if programme else (None, "")
        words = args.split(maxsplit=1)
        action, rest = (words[0].lower(), words[1] if len(words) > 1 else "") if words else ("list", "")
        if action == "add":
            return library.added(
                library.add(session, asker.team_id, rest, deps.clock.now(), programme_id), title
            )
        if action == "remove":
            return library.removed(library.remove(session, asker.team_id, rest.strip(), programme_id), rest)
        own = library.listed(session, asker.team_id, programme_id)
    return library.shown(library.shipped(deps), own, title)


def handle_report(cmd: Command, asker: Asker, respond: Reply) -> None:
    """`/mentor report [programme]` (the figures, and a chart in your DM; with several programmes and none
    named, the roll-up) or `/mentor report csv [programme]` (the exports, in your DM). A programme's own
    admins see only their programmes."""
    scope = admin_scope(client=asker.client, deps=asker.deps, team_id=asker.team_id, user_id=asker.user_id)
    later(
        asker.deps.slow, asker.body, asker.client, lambda: _report(cmd, replace(asker, scope=scope), respond)
    )


def _report(cmd: Command, asker: Asker, respond: Reply) -> None:
    now, words = asker.deps.clock.now(), cmd.args.split(maxsplit=1)
    want_csv = bool(words) and words[0].lower() == "csv"
    name = from_slack((words[1] if len(words) > 1 else "") if want_csv else cmd.args)
    with asker.deps.reads.begin() as session:
        chosen, several = programmes_to_report(
            session=session, team_id=asker.team_id, name=name, may=asker.scope.may
        )
        if len(chosen) > 1:
            if want_csv:
                raise MentorError(admin_text.name_one_for_csv([p.name for p in chosen]))
            rolled = rollup(session=session, now=now, team_id=asker.team_id, programmes=chosen)
            respond(text=admin_text.ROLLUP_TITLE, blocks=rollup_blocks(rolled), response_type="ephemeral")
            return
        # One programme in the workspace: its report is the workspace's, as it always was.
        programme_id, title = (chosen[0].id, chosen[0].name) if chosen and several else (None, "")
        report, stalled = programme_report(
            session=session,
            now=now,
            team_id=asker.team_id,
            programme_id=programme_id,
            catalogue=asker.deps.catalogue,
        )
        pairs = (
            pairs_csv(session=session, team_id=asker.team_id, programme_id=programme_id) if want_csv else ""
        )
    if want_csv:
        names = export_names(now, title)
        contents = (pairs.encode(), feedback_csv(report).encode())
        files = list(zip(names, contents, admin_text.EXPORT_TITLES, strict=True))
        upload_to_dm(asker.client, asker.user_id, files, admin_text.EXPORTS_COMMENT)
        respond(text=admin_text.EXPORTS_SENT, response_type="ephemeral")
        return
    blocks = report_blocks(report, stalled, programme=title, programme_id=programme_id)
    respond(text=admin_text.REPORT_TITLE, blocks=blocks, response_type="ephemeral")
    chart = meetings_chart(report.trend)
    png = (chart_name(now, title), chart, admin_text.CHART_TITLE)
    upload_to_dm(asker.client, asker.user_id, [png], admin_text.CHART_COMMENT, alt=alt_text(report.trend))


def _control(action: str, mentioned: list[str], asker: Asker, name: str) -> str:
    deps, now = asker.deps, asker.deps.clock.now()
    if action != "pair" and len(mentioned) != 1:
        return refusals.mention_one(action)
    with deps.requests.begin() as session:
        if action == "pair":
            pair_by_hand(
                session=session,
                team_id=asker.team_id,
                user_ids=mentioned,
                now=now,
                ranks=deps.catalogue.stage_ranks,
                name=name,
                may=asker.scope.may,
            )
            return admin_text.paired_by_hand(mentioned[0], mentioned[1])
        act, said = (unpair, admin_text.unpaired) if action == "unpair" else (remove, admin_text.removed)
        act(
            session=session,
            team_id=asker.team_id,
            user_id=mentioned[0],
            now=now,
            name=name,
            may=asker.scope.may,
        )
        return said(mentioned[0])


Route = Callable[[Command, Asker, Reply], None]
# Workspace-wide: for workspace admins only (a programme's own admins use the programme list's buttons;
# `starters` and `guides` check for themselves: a programme's admins may run their own).
WORKSPACE_ONLY = frozenset({"settings", "admins"})

ROUTES: dict[str, Route] = {
    "match": _round,
    "pair": _controls,
    "unpair": _controls,
    "remove": _controls,
    "settings": _settings,
    "programmes": _programmes,
    "invite": _invite,
    "leaders": _leaders,
    "admins": _admins,
    "starters": _starters_command,
    "guides": _guides_command,
    "ask-teach": _ask_teach,
    "channel": _channel,
    "help": _help,
}
