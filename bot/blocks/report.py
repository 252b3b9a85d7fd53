"""The programme report for admins: Block Kit for Slack, plain text for the command line."""

from __future__ import annotations

from slack_sdk.models.blocks import (
    Block,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
    SectionBlock,
)

from bot.outbox.kinds import Kind
from bot.report_maths import Report, Week

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
            "Distribution: " + " · ".join(f"{v}★ {n}" for v, n in (r.value_distribution or {}).items()),
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
            ],
        ),
        *([("Delivery", undelivered)] if undelivered else []),
        ("Feedback", feedback + fit),
        (
            "Mix",
            [
                f"Cross-department pairs: {pct(r.cross_department)} · cross-career-stage: {pct(r.cross_stage)}",
                f"Repeat pairs: {pct(r.repeat_rate)}",
            ],
        ),
        (TREND, trend_table(r.trend)),
    ]


TREND = "The last 12 weeks"


def trend_table(weeks: list[Week]) -> list[str]:
    """One line per week (oldest first); feedback columns show — where too few people answered."""

    def avg(x: float | None) -> str:
        return "—" if x is None else f"{x:.1f}"

    head = f"{'Week of':<8}{'Meetings':>9}{'Met':>6}{'Pairs':>7}{'Enrolled':>9}{'Value':>7}{'Learned':>8}{'Taught':>7}"
    return [head] + [
        f"{w.monday.day:>2} {w.monday:%b}  {w.meetings:>9}{pct(w.meeting_rate):>6}{w.active_pairs:>7}{w.enrolled:>9}"
        f"{avg(w.value_average):>7}{pct(w.learned_share):>8}{pct(w.taught_share):>7}"
        for w in weeks
    ]


def report_blocks(r: Report, stalled: dict[int, list[str]]) -> list[Block]:
    blocks: list[Block] = [HeaderBlock(text="Mentoring programme report")]
    for title, lines in report_lines(r, stalled, mention=True, most=STALLED_SHOWN):
        body = "```" + "\n".join(lines) + "```" if title == TREND else "\n".join(lines)
        blocks.append(SectionBlock(text=MarkdownTextObject(text=f"*{title}*\n{body}")))
    blocks += [
        DividerBlock(),
        ContextBlock(
            elements=[
                MarkdownTextObject(
                    text=":lock: Feedback is shown only as totals over at least the programme's minimum group size. "
                    "Met: the share of that week's pairs that met."
                )
            ]
        ),
    ]
    return blocks


def report_text(r: Report, stalled: dict[int, list[str]]) -> str:
    return "\n\n".join(
        f"{t}\n" + "\n".join(f"  {line}" for line in ls) for t, ls in report_lines(r, stalled, mention=False)
    )
