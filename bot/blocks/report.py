"""The programme report for admins: Block Kit for Slack, plain text for the command line."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
    SectionBlock,
)

from bot import ids
from bot.agreement import PROGRESS
from bot.endings import WHYS
from bot.outbox.kinds import Kind
from bot.report_maths import Growth, ProgrammeFigures, Report, Rollup, Week
from bot.text import typed
from bot.waiting import COOLDOWN, TIMEZONE, TOPICS, WHY

NOT_ENOUGH = "not enough answers yet"


def pct(x: float | None) -> str:
    """A share as a whole percentage, or — when there is none."""
    return "—" if x is None else f"{x:.0%}"


STALLED_SHOWN = 20  # in Slack: a section holds 3,000 characters; the CSV and the command line list them all
KINDS: dict[str, str] = {
    Kind.INTRO: "an introduction",
    Kind.CHECKIN: "a check-in",
    Kind.NUDGE: "a nudge",
    Kind.STARTER: "a conversation starter",
    Kind.STALLED: "a quiet-pair question",
    Kind.STALLED_ADMIN: "a quiet-pair alert",
    Kind.TERM_END: "a term wrap-up",
    Kind.POLL_MEETING: "a feedback poll",
    Kind.POLL_PERIODIC: "a feedback poll",
    Kind.WAITING: "a waiting notice",
    Kind.PARTNER_GONE: "a partner-gone notice",
}


def report_lines(
    r: Report, stalled: dict[int, list[str]], *, mention: bool, most: int | None = None
) -> list[tuple[str, list[str]]]:
    """(section title, lines) — shared by the Slack and the plain-text report (`most`: stalled pairs named)."""
    who = (lambda u: f"<@{u}>") if mention else (lambda u: u)
    feedback = (
        [
            f"Average value: {r.value_average:.1f} / 5 from {r.feedback_people} people",
            "Answers by value (1 = not at all … 5 = extremely): "
            + " · ".join(f"{v}: {n}" for v, n in (r.value_distribution or {}).items())
            + " (answers, not people: someone may answer several polls)",
            f"Learned something: {pct(r.learned_share)} · taught something: {pct(r.taught_share)}",
        ]
        if r.value_average is not None
        else [f"Feedback: {NOT_ENOUGH} ({r.feedback_people} people so far)"]
    )
    fit = (
        [f"Pair fit: good {r.fit['good']} · not sure {r.fit['not_sure']} · not a fit {r.fit['not_a_fit']}"]
        if r.fit
        else [f"Pair fit: {NOT_ENOUGH}"]
    )
    undelivered = (
        [f"Messages that could not be delivered: {len(r.undelivered)} (in the last 30 days)"]
        + [
            f"  {KINDS.get(kind, 'a message')} for {' + '.join(who(u) for u in users) or 'someone who has left'}"
            for kind, users in r.undelivered[:most]
        ]
        if r.undelivered
        else []
    )
    why_waiting = {
        "no_partner": "nobody in the last round could be paired with them",
        "left_out": "everyone they could be paired with went to someone else",
    }
    waiting = [
        f"  {who(u)} — {why_waiting.get(outcome or '', 'not in a round yet')}"
        + (f" ({WHY[why]})" if why in EXPLAINED else "")  # never an avoid list: that is only "other"
        for u, outcome, why in r.waiting_people[:most]
    ]
    named = list(stalled.values())[:most]
    stalled_lines = [f"Stalled: {len(stalled)}"] + [f"  {' + '.join(who(u) for u in us)}" for us in named]
    if len(stalled) > len(named):
        stalled_lines.append(
            f"  …and {len(stalled) - len(named)} more: `/mentor report csv` lists every pair"
        )
    return [
        (
            "Participants",
            [
                f"Enrolled: {r.enrolled} ({r.active} active, {r.paused} paused) · left: {r.left}",
                f"Joined in the last 30 days: {r.joined_30_days} · waiting for a match: {r.waiting}",
                *waiting,
            ],
        ),
        (
            "Pairs",
            [
                f"Active: {r.pairs_active} · ended: {r.pairs_ended} · declined: {r.pairs_declined}",
                f"Meeting rate (met within their cadence): {pct(r.meeting_rate)}",
                "Median days between meetings: "
                + ("—" if r.median_days_between is None else f"{r.median_days_between:g}"),
                *stalled_lines,
                *why_lines(r),
            ],
        ),
        *([("Delivery", undelivered)] if undelivered else []),
        ("Feedback", feedback + fit),
        (OUTCOMES, outcome_lines(r, escape=typed if mention else str)),
        *(
            [(MARKET, market_lines(r, escape=typed if mention else str, most=most))]
            if r.market or r.stages
            else []
        ),
        *(
            [(HEARING, hearing_lines(r, escape=typed if mention else str, most=most))]
            if r.hearing.answers or r.hearing.periods_withheld
            else []
        ),
        *([(COMMENTS, comment_lines(r, most=most))] if r.comments else []),
        (
            "Mix",
            [
                f"Cross-department pairs: {pct(r.cross_department)} · cross-career-stage: {pct(r.cross_stage)}",
                f"Repeat pairs: {pct(r.repeat_rate)}",
            ],
        ),
        (TREND, trend_table(r.trend)),
    ]


def why_lines(r: Report) -> list[str]:
    """Why pairings ended, from each person's private tap: counts only, over at least the minimum group."""
    if not r.whys_answered:
        return []
    if not r.whys:
        return [f"Why pairings ended: {NOT_ENOUGH} ({r.whys_answered} so far)"]
    shown = " · ".join(f"{WHYS.get(w, w)} {n}" for w, n in r.whys.items())
    return [f"Why pairings ended ({r.whys_answered} answers): {shown}"]


EXPLAINED = (TIMEZONE, TOPICS, COOLDOWN)  # reason classes worth a word beside a name in the report
OUTCOMES = "Outcomes"
# Which way the learning went, by career stage (bot.agreement.Way).
WAYS = {"up": "junior → senior", "down": "senior → junior", "peer": "between peers"}


def growth_label(g: Growth) -> str:
    return f"{g.topic}, {WAYS.get(g.direction, g.direction)}"


def outcome_lines(r: Report, *, escape: Callable[[str], str]) -> list[str]:
    """Agreements confirmed by both, and confidence before and after, only over enough people (`escape`:
    for mrkdwn, as topic labels are a catalogue's data)."""
    lines = [
        f"Pairs whose agreement everyone confirmed: {pct(r.agreed_share)}",
        f"Messages to the programme team: {r.notes} ({r.notes_anonymous} anonymous; each went to its admins' DMs)",
    ]
    lines += progress_lines(r)
    if not r.growth:
        lines.append(
            f"Confidence, start → end of term: {NOT_ENOUGH} (shown per topic once enough people rated it)"
        )
        return lines
    lines.append("Confidence, start → end of term (1-5; people who rated both):")
    lines += [
        f"  {escape(growth_label(g))}: {g.start:.1f} → {g.end:.1f} ({g.uplift:+.1f}, {g.people} people)"
        for g in r.growth
    ]
    if r.growth_withheld:
        lines.append(f"  …and {r.growth_withheld} more too small to show")
    return lines


def progress_lines(r: Report) -> list[str]:
    """Goal progress noted at check-ins, per direction of learning, only where enough pairs noted it."""
    if not r.progress:
        return [f"Goal progress at check-ins: {NOT_ENOUGH} (shown per direction once enough pairs note it)"]
    lines = ["Goal progress at check-ins (notes):"]
    for way, levels in sorted(r.progress.items()):
        shown = " · ".join(f"{label.lower()} {levels.get(level, 0)}" for level, label in PROGRESS.items())
        lines.append(f"  {WAYS.get(way, way)}: {shown}")
    if r.progress_withheld:
        lines.append(f"  …and {r.progress_withheld} more too small to show")
    return lines


MARKET = "Skills market"
MARKET_SHOWN = 12  # topics in Slack; the command line and the CSV have every one


def market_lines(r: Report, *, escape: Callable[[str], str], most: int | None) -> list[str]:
    """Who teaches and who wants each topic, what is wanted but not being learned in a pairing now (most
    first), and the pool's make-up; perspectives only as counts of at least the minimum group size."""
    shown = r.market[: MARKET_SHOWN if most else None]
    lines = [
        f"{escape(topic)}: {teach} teach · {want} want · {unmet} not learning it in a pairing now"
        for topic, teach, want, unmet in shown
    ]
    if len(r.market) > len(shown):
        lines.append(f"…and {len(r.market) - len(shown)} more topics: `/mentor report csv` has them all")

    def pool(title: str, counts: list[tuple[str, int]]) -> str:
        return f"{title}: " + " · ".join(f"{escape(k)} {n}" for k, n in counts)

    lines += [pool("By career stage", r.stages), pool("By department", r.departments)]
    if r.perspectives:
        lines.append(pool("Self-described perspectives (with consent)", r.perspectives))
    if r.perspectives_withheld:
        lines.append(f"  ({r.perspectives_withheld} smaller perspective groups not shown)")
    return lines


HEARING = "What we're hearing"
# Which way a listening answer was spoken in its pairing, by career stage (bot.listening.side).
SIDES = {"up": "from the earlier-career side", "down": "from the more senior side", "peer": "between peers"}
THEMES_SHOWN = 8  # per line in Slack; the command line has every one
QUOTES_SHOWN = 5


def hearing_lines(r: Report, *, escape: Callable[[str], str], most: int | None) -> list[str]:
    """The listening loop (bot.report_maths.hearing): the topics answers touched on, overall, by career stage
    and by side, then the words of those who agreed to be quoted — with no names, and only from periods in
    which at least the minimum group size answered."""
    h = r.hearing

    def themes(counts: list[tuple[str, int]]) -> str:
        shown = counts[: THEMES_SHOWN if most else None]
        more = f" · …{len(counts) - len(shown)} more" if len(counts) > len(shown) else ""
        return " · ".join(f"{escape(t)} {n}" for t, n in shown) + more

    lines = []
    if h.answers:
        lines.append(f"{h.answers} answers in the last two six-week periods, touching on: {themes(h.themes)}")
        lines += [f"  {escape(stage)}: {themes(c)}" for stage, c in h.by_stage.items()]
        lines += [f"  {SIDES.get(side, side)}: {themes(c)}" for side, c in h.by_side.items()]
    if h.groups_withheld:
        lines.append(f"  ({h.groups_withheld} smaller groups not shown)")
    if h.periods_withheld:
        lines.append(f"Answers from {h.periods_withheld} period(s): {NOT_ENOUGH}")
    quotes = h.quotes[: QUOTES_SHOWN if most else None]
    lines += [f"• “{typed(text, limit=COMMENT_CHARS)}” — on _{escape(q)}_" for q, text in quotes]
    if len(h.quotes) > len(quotes):
        lines.append(
            f"…and {len(h.quotes) - len(quotes)} more: `mentor report` on the command line has them all"
        )
    return lines


def scarce_blocks(r: Report, programme_id: int | None) -> list[Block]:
    """Below the market: the scarce topics (more waiting than teaching), each with a button that asks the
    people who teach a neighbouring topic whether they could teach it too."""
    buttons = [
        ButtonElement(
            text=f"Ask who could teach {label}"[:75],
            action_id=ids.ASK_TEACH,
            value=json.dumps({"p": programme_id, "t": topic}),
        )
        for topic, label, _ in r.scarce
    ]
    waiting = " · ".join(f"{typed(label)}: {n} waiting" for _, label, n in r.scarce)
    return [
        ContextBlock(elements=[MarkdownTextObject(text=f"More people waiting than teaching — {waiting}")]),
        ActionsBlock(block_id=ids.ASK_TEACH, elements=buttons),
    ]


TREND = "The last 12 weeks"
COMMENTS = "In their own words (anonymous)"
COMMENTS_SHOWN = 10  # in Slack; the command line shows every one the report holds
COMMENT_CHARS = 280


def comment_lines(r: Report, *, most: int | None) -> list[str]:
    """Poll comments as people wrote them (escaped: data, never markup), newest first, with no names, and
    only from weeks in which at least the minimum group size answered."""
    shown = r.comments[: COMMENTS_SHOWN if most else None]
    lines = [f"• “{typed(text, limit=COMMENT_CHARS)}” (week of {long_day(week)})" for week, text in shown]
    if len(r.comments) > len(shown):
        lines.append(f"…and {len(r.comments) - len(shown)} more: `/mentor report csv` has them all")
    return lines


def trend_table(weeks: list[Week]) -> list[str]:
    """One sentence per week (oldest first), not a table: it reads aloud and wraps on a phone. Feedback
    figures are left out of weeks where too few people answered."""
    lines = []
    for w in weeks:
        parts = [
            f"{w.meetings} meeting{'s' if w.meetings != 1 else ''}",
            f"{w.active_pairs} pairs"
            if w.partial
            else f"{pct(w.meeting_rate)} of {w.active_pairs} pairs met",
            f"{w.enrolled} enrolled",
        ]
        if w.value_average is not None:
            parts.append(
                f"value {w.value_average:.1f} of 5, {pct(w.learned_share)} learned, {pct(w.taught_share)} taught"
            )
        so_far = " (so far)" if w.partial else ""
        lines.append(f"Week of {long_day(w.monday)}{so_far}: " + ", ".join(parts) + ".")
    return lines


def long_day(day: date) -> str:
    return f"{day.day} {day:%b %Y}"


def report_blocks(
    r: Report, stalled: dict[int, list[str]], *, programme: str = "", programme_id: int | None = None
) -> list[Block]:
    """The full report (`programme`: its name, in a workspace with several; `programme_id`: its id, for the
    skills market's buttons)."""
    title = f"Report: {programme}" if programme else "Mentoring programme report"
    blocks: list[Block] = [HeaderBlock(text=title)]  # plain text: a name is never markup here
    for title, lines in report_lines(r, stalled, mention=True, most=STALLED_SHOWN):
        blocks.append(SectionBlock(text=MarkdownTextObject(text=fitted(f"*{title}*", lines))))
        if title == MARKET and r.scarce:
            blocks += scarce_blocks(r, programme_id)
    blocks += [
        DividerBlock(),
        ContextBlock(
            elements=[
                MarkdownTextObject(
                    text=":lock: Feedback is shown only as totals, and comments only without names, from at "
                    "least the programme's minimum group size of people."
                )
            ]
        ),
    ]
    return blocks


SECTION_CHARS = 3000  # Block Kit's limit for a section's text


def fitted(title: str, lines: list[str]) -> str:
    """A section's text inside Slack's limit: whole lines only (never half an escaped entity), and a line
    saying where the rest is."""
    more = "…and more: the command-line report (`mentor-bot report`) has every line"
    text, last = title, len(lines) - 1
    for i, line in enumerate(lines):
        room = SECTION_CHARS - (0 if i == last else len(more) + 1)  # always room left to say so
        if len(text) + 1 + len(line) > room:
            return f"{text}\n{more}"
        text += f"\n{line}"
    return text


def report_text(r: Report, stalled: dict[int, list[str]]) -> str:
    return "\n\n".join(
        f"{t}\n" + "\n".join(f"  {line}" for line in ls) for t, ls in report_lines(r, stalled, mention=False)
    )


ROLLUP_SHOWN = 40  # one section each, inside a message's 50 blocks
STATES = {"paused": " (paused)", "archived": " (archived)"}


def rollup_line(f: ProgrammeFigures) -> str:
    """A programme's main figures in one line (its name escaped: data, never markup)."""
    r = f.report
    value = "—" if r.value_average is None else f"{r.value_average:.1f} / 5"
    return (
        f"*{typed(f.name)}*{STATES.get(f.state, '')}: {r.enrolled} enrolled · {r.pairs_active} active pairs · "
        f"met within their cadence {pct(r.meeting_rate)} · value {value} · waiting {r.waiting}"
    )


def rollup_totals(r: Rollup) -> str:
    pairs = sum(f.report.pairs_active for f in r.programmes)
    return (
        f"*All {len(r.programmes)} programmes:* {r.people} people enrolled ({r.in_several} in more than "
        f"one) · {r.paired} in an active pair · {pairs} active pairs"
    )


def rollup_blocks(r: Rollup) -> list[Block]:
    """One line per programme with its main figures, then totals over distinct people."""
    shown = r.programmes[:ROLLUP_SHOWN]
    blocks: list[Block] = [HeaderBlock(text="Mentoring programmes: the roll-up")]
    blocks += [SectionBlock(text=MarkdownTextObject(text=rollup_line(f))) for f in shown]
    if len(r.programmes) > len(shown):
        blocks.append(
            ContextBlock(elements=[MarkdownTextObject(text=f"…and {len(r.programmes) - len(shown)} more.")])
        )
    blocks += [
        DividerBlock(),
        SectionBlock(text=MarkdownTextObject(text=rollup_totals(r))),
        ContextBlock(
            elements=[
                MarkdownTextObject(
                    text="A programme's full report, its chart and its CSV exports: `/mentor report <programme>`, "
                    "`/mentor report csv <programme>`. People in several programmes are counted once in the "
                    "totals; feedback is shown per programme, as totals over its minimum group size."
                )
            ]
        ),
    ]
    return blocks
