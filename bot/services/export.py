"""CSV exports for admins: pairs with their dates and meeting counts, and feedback totals — never any
individual answer."""

from __future__ import annotations

import csv
import io
import re
from datetime import datetime

from sqlalchemy.orm import Session

from bot.agreement import PROGRESS
from bot.blocks.report import SIDES, WAYS, growth_label
from bot.endings import WHYS
from bot.report_maths import Report
from storage.models import PairStatus
from storage.report import pair_rows

PAIR_COLUMNS = [
    "pair_id",
    "members",
    "status",
    "end_reason",
    "created_on",
    "ends_on",
    "ended_on",
    "meetings",
    "last_met",
    "agreed_cadence",
    "stalled",
]


def pairs_csv(*, session: Session, team_id: str | None = None, programme_id: int | None = None) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(PAIR_COLUMNS)
    for row in pair_rows(session, team_id=team_id, programme_id=programme_id):
        p = row.pair
        writer.writerow(
            [
                p.id,
                " ".join(sorted(row.members)),
                p.status.value,
                p.end_reason.value if p.end_reason else "",
                p.created_at.date().isoformat(),
                p.ends_on.isoformat(),
                p.ended_at.date().isoformat() if p.ended_at else "",
                row.meetings,
                row.last_met.isoformat() if row.last_met else "",
                p.agreement_cadence or "",
                "yes" if p.stalled_at and p.status is PairStatus.ACTIVE else "",
            ]
        )
    return out.getvalue()


def feedback_csv(report: Report) -> str:
    """Totals, and comments without names, only where at least the minimum group size answered."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["measure", "value"])
    enough = report.value_average is not None
    writer.writerow(["people who answered", report.feedback_people])
    writer.writerow(
        ["average value (1-5)", f"{report.value_average:.2f}" if enough else "not enough answers"]
    )
    for value, count in (report.value_distribution or {}).items():
        writer.writerow([f"answers with value {value}", count])
    writer.writerow(
        ["share who learned something", f"{report.learned_share:.3f}" if enough else "not enough answers"]
    )
    writer.writerow(
        ["share who taught something", f"{report.taught_share:.3f}" if enough else "not enough answers"]
    )
    for fit, count in (report.fit or {}).items():
        writer.writerow([f"pair fit: {fit}", count])
    writer.writerow(
        [
            "share of pairs whose agreement everyone confirmed",
            f"{report.agreed_share:.3f}" if report.agreed_share is not None else "no pairs yet",
        ]
    )
    for way, levels in sorted(report.progress.items()):  # only directions noted by enough pairs
        for level, label in PROGRESS.items():
            writer.writerow(
                [f"goal progress notes ({WAYS.get(way, way)}): {label.lower()}", levels.get(level, 0)]
            )
    for g in report.growth:  # only groups of at least the minimum size
        writer.writerow([f"confidence at start (1-5): {growth_label(g)}", f"{g.start:.2f}"])
        writer.writerow([f"confidence at term end (1-5): {growth_label(g)}", f"{g.end:.2f}"])
        writer.writerow([f"people who rated both: {growth_label(g)}", g.people])
    for topic, teach, want, unmet in report.market:
        writer.writerow([f"skills: {topic}: teach", teach])
        writer.writerow([f"skills: {topic}: want", want])
        writer.writerow([f"skills: {topic}: not learning it in a pairing now", unmet])
    for title, counts in (
        ("career stage", report.stages),
        ("department", report.departments),
        ("perspective", report.perspectives),  # only groups of at least the minimum size
    ):
        for name, n in counts:
            writer.writerow([f"pool by {title}: {name}", n])
    for why, n in report.whys.items():  # only once enough people answered
        writer.writerow([f"why pairings ended: {WHYS.get(why, why)}", n])
    hearing = report.hearing  # only periods and groups in which enough people answered
    writer.writerow(["listening: answers counted (last two six-week periods)", hearing.answers])
    groups = {
        "listening: all": hearing.themes,
        **{f"listening: career stage {stage}": c for stage, c in hearing.by_stage.items()},
        **{f"listening: {SIDES.get(side, side)}": c for side, c in hearing.by_side.items()},
    }
    for group, counts in groups.items():
        for theme, n in counts:
            writer.writerow([f"{group}: {theme}", n])
    for week, text in report.comments:  # no names; only from weeks enough people answered
        writer.writerow([f"comment, week of {week.isoformat()}", text])
    return out.getvalue()


def export_names(now: datetime, programme: str = "") -> tuple[str, str]:
    """The two CSV files' names (with the programme's, in a workspace with several)."""
    stem, stamp = _stem(programme), now.strftime("%Y-%m-%d")
    return f"{stem}pairs-{stamp}.csv", f"{stem}feedback-{stamp}.csv"


def chart_name(now: datetime, programme: str = "") -> str:
    return f"{_stem(programme)}{now:%Y-%m-%d}.png"


def _stem(programme: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", programme.lower()).strip("-")[:40]
    return f"mentoring-{slug}-" if slug else "mentoring-"
