"""The App Home tab."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ConfirmObject,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
    SectionBlock,
)
from slack_sdk.models.views import View

from bot import ids
from bot.blocks.messages import privacy_context, status_blocks
from bot.blocks.report import pct, rollup_line, rollup_totals
from bot.catalogue import Catalogue
from bot.matching.scoring import Mode
from bot.profile import Enrolment, State
from bot.report_maths import Report, Rollup
from bot.text import typed
from bot.vocabulary import title
from bot.waiting import HELPS, OTHER, WHY


def home_view(
    enrolment: Enrolment,
    catalogue: Catalogue,
    *,
    today: date,
    dashboard: Report | Rollup | None = None,
    mode: Mode = Mode.MUTUAL,
    each: Sequence[tuple[str, Enrolment]] = (),
    more_to_join: bool = False,
    requests: Sequence[tuple[int, str, str]] = (),
) -> View:
    """Someone's Home: where they stand (in each programme, under its name, when they are in several) and
    what they can do; `more_to_join`: another programme would take them. An admin's also has the dashboard
    and the requests to join, (request id, who, programme) each."""
    if each:
        view = _home_of_several(each, catalogue, today=today, dashboard=dashboard, more_to_join=more_to_join)
    else:
        view = _home_of_one(
            enrolment, catalogue, today=today, dashboard=dashboard, mode=mode, more_to_join=more_to_join
        )
    if requests:
        view.blocks = [*view.blocks, *join_requests(requests)]
    return view


def _home_of_one(
    enrolment: Enrolment,
    catalogue: Catalogue,
    *,
    today: date,
    dashboard: Report | Rollup | None,
    mode: Mode,
    more_to_join: bool,
) -> View:
    blocks: list[Block] = [
        HeaderBlock(text=title(mode)),
        *status_blocks(enrolment, catalogue, today=today),
    ]
    state = enrolment.state
    if state in (State.NOT_ENROLLED, State.LEFT):
        buttons = [ButtonElement(text="Join the programme", action_id=ids.HOME_JOIN, style="primary")]
    else:
        buttons = [ButtonElement(text="Edit my profile", action_id=ids.HOME_EDIT)]
        if state is State.PAUSED:
            buttons.append(ButtonElement(text="Resume", action_id=ids.HOME_RESUME, style="primary"))
        else:
            buttons.append(ButtonElement(text="Pause", action_id=ids.HOME_PAUSE))
        buttons.append(ButtonElement(text="Don't pair me with…", action_id=ids.HOME_AVOID))
        if enrolment.partners:
            buttons.append(
                ButtonElement(
                    text="Not a fit — end my pairing",
                    action_id=ids.HOME_NOT_FIT,
                    confirm=ConfirmObject(
                        title="End your pairing?",
                        text="It ends quietly: your partner is told only that the pairing has ended and that "
                        "it's no one's fault, never who chose it. You'll both be first in line for the next "
                        "round, and won't be matched with each other again.",
                        confirm="End it",
                        deny="Keep going",
                    ),
                )
            )
        buttons.append(ButtonElement(text="Guides", action_id=ids.HOME_GUIDES))
        buttons.append(ButtonElement(text="Talk to the programme team", action_id=ids.TALK_OPEN))
        buttons.append(ButtonElement(text="Leave", action_id=ids.HOME_LEAVE, style="danger"))
    if more_to_join and state not in (State.NOT_ENROLLED, State.LEFT):
        buttons.insert(1, ButtonElement(text="Join another programme", action_id=ids.HOME_JOIN))
    return _finish(blocks, buttons, dashboard)


def _home_of_several(
    each: Sequence[tuple[str, Enrolment]],
    catalogue: Catalogue,
    *,
    today: date,
    dashboard: Report | Rollup | None,
    more_to_join: bool,
) -> View:
    """Each programme under its name; the buttons act on all of them (pause, leave) or ask which (edit).
    Ending a pairing as not a fit is done from that pairing's introduction, where it is clear which."""
    blocks: list[Block] = [HeaderBlock(text="Your mentoring")]
    for name, enrolment in each:
        blocks += [
            SectionBlock(text=MarkdownTextObject(text=f"*{typed(name)}*")),
            *status_blocks(enrolment, catalogue, today=today),
        ]
    states = {e.state for _, e in each}
    enrolled = states & {State.ACTIVE, State.PAUSED}
    buttons = [ButtonElement(text="Edit a profile", action_id=ids.HOME_EDIT)] if enrolled else []
    if more_to_join or not enrolled:
        buttons.append(ButtonElement(text="Join a programme", action_id=ids.HOME_JOIN, style="primary"))
    if enrolled:
        if State.PAUSED in states:
            buttons.append(ButtonElement(text="Resume", action_id=ids.HOME_RESUME, style="primary"))
        else:
            buttons.append(ButtonElement(text="Pause", action_id=ids.HOME_PAUSE))  # the modal asks where
        buttons.append(ButtonElement(text="Don't pair me with…", action_id=ids.HOME_AVOID))
        buttons.append(ButtonElement(text="Guides", action_id=ids.HOME_GUIDES))
        buttons.append(ButtonElement(text="Talk to the programme team", action_id=ids.TALK_OPEN))
        buttons.append(ButtonElement(text="Leave", action_id=ids.HOME_LEAVE, style="danger"))
    return _finish(blocks, buttons, dashboard)


def _finish(blocks: list[Block], buttons: list[ButtonElement], dashboard: Report | Rollup | None) -> View:
    blocks += [ActionsBlock(block_id="home_actions", elements=buttons), DividerBlock(), privacy_context()]
    if dashboard is not None:
        blocks += admin_dashboard(dashboard)
    return View(type="home", blocks=blocks)


DASHBOARD_PROGRAMMES = 12  # lines in one section (3,000 characters); `/mentor report` has them all


def admin_dashboard(r: Report | Rollup) -> list[Block]:
    """The admins' figures: the programme's, or (several programmes) a line for each and people counted
    once; then their buttons."""
    if isinstance(r, Rollup):
        lines = [rollup_line(f) for f in r.programmes[:DASHBOARD_PROGRAMMES]]
        if len(r.programmes) > DASHBOARD_PROGRAMMES:
            lines.append(f"…and {len(r.programmes) - DASHBOARD_PROGRAMMES} more: `/mentor report`")
        waiting = [w for f in r.programmes for w in f.report.waiting_long]
        return _dashboard("Programmes (admins)", "\n".join([*lines, rollup_totals(r)])) + waiting_long_blocks(
            waiting
        )
    figures = (
        f"*Enrolled* {r.enrolled} ({r.paused} paused) · *active pairs* {r.pairs_active} · *meeting rate* {pct(r.meeting_rate)}\n"
        f"*Stalled pairs* {len(r.stalled)} · *waiting for a match* {r.waiting}"
    )
    if r.value_average is not None:  # only over the minimum group size
        figures += f"\n*Feedback* {r.value_average:.1f} / 5 · *learned* {pct(r.learned_share)} · *taught* {pct(r.taught_share)}"
    return _dashboard("Programme (admins)", figures) + waiting_long_blocks(r.waiting_long)


WAITING_SHOWN = 10


def waiting_long_blocks(waiting: list[tuple[str, int, str | None]]) -> list[Block]:
    """Who has waited two rounds or more, why (a class, never naming anyone's avoid list) and what would
    help."""
    if not waiting:
        return []
    lines = [
        f"<@{user}> — {rounds} rounds · {WHY.get(why or '', WHY[OTHER])} · _would help:_ {HELPS.get(why or '', HELPS[OTHER])}"
        for user, rounds, why in waiting[:WAITING_SHOWN]
    ]
    if len(waiting) > WAITING_SHOWN:
        lines.append(f"…and {len(waiting) - WAITING_SHOWN} more: `/mentor report` lists who waits")
    return [SectionBlock(text=MarkdownTextObject(text="*Waiting two rounds or more*\n" + "\n".join(lines)))]


def _dashboard(title: str, figures: str) -> list[Block]:
    return [
        DividerBlock(),
        HeaderBlock(text=title),
        SectionBlock(text=MarkdownTextObject(text=figures)),
        ActionsBlock(
            block_id="home_admin_actions",
            elements=[
                ButtonElement(text="Preview a round", action_id=ids.HOME_ADMIN_PREVIEW),
                ButtonElement(
                    text="Run a round now",
                    action_id=ids.HOME_ADMIN_MATCH,
                    confirm=ConfirmObject(
                        title="Run a round now?",
                        text="New pairs are introduced right away.",
                        confirm="Run it",
                        deny="Not yet",
                    ),
                ),
                ButtonElement(text="Full report", action_id=ids.HOME_ADMIN_REPORT),
                ButtonElement(text="Settings", action_id=ids.HOME_ADMIN_SETTINGS),
                ButtonElement(text="Programmes", action_id=ids.HOME_ADMIN_PROGRAMMES),
            ],
        ),
    ]


MAX_REQUESTS = 15  # two blocks each, beside the rest of the Home tab (at most 100 blocks)


def join_requests(requests: Sequence[tuple[int, str, str]]) -> list[Block]:
    """Requests to join approval programmes, for the admins to decide."""
    blocks: list[Block] = [
        DividerBlock(),
        HeaderBlock(text=f"Requests to join ({len(requests)})"),
    ]
    for request_id, user_id, programme in requests[:MAX_REQUESTS]:
        blocks += [
            SectionBlock(text=MarkdownTextObject(text=f"<@{user_id}> asks to join *{typed(programme)}*")),
            ActionsBlock(
                elements=[
                    ButtonElement(
                        text="Approve", action_id=ids.JOIN_APPROVE, value=str(request_id), style="primary"
                    ),
                    ButtonElement(text="Decline", action_id=ids.JOIN_DECLINE, value=str(request_id)),
                ]
            ),
        ]
    return blocks
