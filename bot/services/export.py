"""CSV exports for admins: pairs with their dates and meeting counts, and feedback totals — never any
individual answer."""

from __future__ import annotations

import csv
import io
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.report_maths import Report
from bot.services.report import team_scope
from storage.models import Meeting, Member, Pair, PairMember, PairStatus

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


def pairs_csv(*, session: Session, team_id: str | None = None) -> str:
    scoped = team_scope(team_id)
    people: dict[int, list[str]] = {}
    for pair_id, user_id in session.execute(
        scoped(select(PairMember.pair_id, Member.user_id).join(Member), Member.team_id)
    ):
        people.setdefault(pair_id, []).append(user_id)
    met = {
        pair_id: (count, last)
        for pair_id, count, last in session.execute(
            scoped(
                select(Meeting.pair_id, func.count(), func.max(Meeting.met_on))
                .join(Pair)
                .group_by(Meeting.pair_id),
                Pair.team_id,
            )
        )
    }
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(PAIR_COLUMNS)
    for p in session.scalars(scoped(select(Pair).order_by(Pair.id), Pair.team_id)):
        count, last = met.get(p.id, (0, None))
        writer.writerow(
            [
                p.id,
                " ".join(sorted(people.get(p.id, []))),
                p.status.value,
                p.end_reason.value if p.end_reason else "",
                p.created_at.date().isoformat(),
                p.ends_on.isoformat(),
                p.ended_at.date().isoformat() if p.ended_at else "",
                count,
                last.isoformat() if last else "",
                p.agreement_cadence or "",
                "yes" if p.stalled_at and p.status is PairStatus.ACTIVE else "",
            ]
        )
    return out.getvalue()


def feedback_csv(report: Report) -> str:
    """Totals only, and only where at least the minimum group size answered."""
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
    return out.getvalue()


def export_names(now: datetime) -> tuple[str, str]:
    stamp = now.strftime("%Y-%m-%d")
    return f"mentoring-pairs-{stamp}.csv", f"mentoring-feedback-{stamp}.csv"
