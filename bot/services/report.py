"""The programme report: rows gathered in a fixed number of queries, figures computed by bot.report_maths."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.profile import Cadence, State, effective_state
from bot.report_maths import Feedback, MemberRow, PairRow, Report, build
from bot.services.rounds import programme_settings
from bot.timezones import local_date
from storage.models import (
    EndReason,
    Erasure,
    Meeting,
    Member,
    MemberStatus,
    Pair,
    PairMember,
    PairStatus,
    PollAnswer,
)


def programme_report(
    *, session: Session, now: datetime, team_id: str | None = None
) -> tuple[Report, dict[int, list[str]]]:
    """The report, and the Slack ids of each stalled pair (so an admin can help)."""

    def scoped(stmt, column):  # type: ignore[no-untyped-def]
        return stmt.where(column == team_id) if team_id else stmt

    members = []
    for m in session.execute(scoped(select(Member.id, Member.status, Member.paused_until, Member.tz, Member.joined_at,
                                           Member.department, Member.career_stage, Member.waiting_since), Member.team_id)):  # fmt: skip
        stored = (
            State.LEFT if m.status in (MemberStatus.LEFT, MemberStatus.INACTIVE) else State(m.status.value)
        )
        state = effective_state(stored, m.paused_until, local_date(now, m.tz))
        members.append(MemberRow(m.id, state.value, m.joined_at.date(), m.department, m.career_stage,
                                 m.waiting_since is not None))  # fmt: skip
    erased = session.scalar(scoped(select(func.count()).select_from(Erasure), Erasure.team_id)) or 0
    in_pair: dict[int, list[tuple[int, str, str]]] = defaultdict(list)
    for pair_id, member_id, user_id, cadence in session.execute(
        scoped(
            select(PairMember.pair_id, Member.id, Member.user_id, Member.cadence).join(Member), Member.team_id
        )
    ):
        in_pair[pair_id].append((member_id, user_id, cadence))
    met: dict[int, list] = defaultdict(list)
    for pair_id, met_on in session.execute(
        scoped(select(Meeting.pair_id, Meeting.met_on).join(Pair).order_by(Meeting.met_on), Pair.team_id)
    ):
        met[pair_id].append(met_on)
    pairs = []
    for p in session.execute(scoped(select(Pair.id, Pair.status, Pair.end_reason, Pair.created_at,
                                           Pair.agreement_cadence, Pair.stalled_at), Pair.team_id)):  # fmt: skip
        people = in_pair.get(p.id, [])
        wishes = [Cadence(c).days for _, _, c in people] or [14]
        cadence = Cadence(p.agreement_cadence).days if p.agreement_cadence else max(wishes)
        pairs.append(PairRow(p.id, tuple(m for m, _, _ in people), p.status is PairStatus.ACTIVE,
                             p.end_reason is EndReason.NOT_A_FIT, p.created_at.date(), cadence,
                             tuple(met.get(p.id, [])), p.stalled_at is not None))  # fmt: skip
    feedback = _feedback(session, scoped)
    min_group = programme_settings(session, team_id).min_group_size if team_id else 3
    report = build(
        members=members, pairs=pairs, feedback=feedback, erased=erased, today=now.date(), min_group=min_group
    )
    stalled = {pid: [u for _, u, _ in in_pair[pid]] for pid in report.stalled}
    return report, stalled


def _feedback(session: Session, scoped) -> Feedback:  # type: ignore[no-untyped-def]
    """Poll answers totalled in the database: the report never loads individual answers."""
    valued = PollAnswer.value.is_not(None)
    people, answers, learned, taught = session.execute(
        scoped(select(func.count(func.distinct(PollAnswer.member_id)), func.count(),
                      func.count().filter(PollAnswer.learned.is_(True)),
                      func.count().filter(PollAnswer.taught.is_(True))).where(valued), PollAnswer.team_id)
    ).one()  # fmt: skip
    values = dict(session.execute(
        scoped(select(PollAnswer.value, func.count()).where(valued).group_by(PollAnswer.value), PollAnswer.team_id)
    ).all())  # fmt: skip
    fits = session.execute(
        scoped(select(PollAnswer.fit, func.count(), func.count(func.distinct(PollAnswer.member_id)))
               .where(PollAnswer.fit.is_not(None)).group_by(PollAnswer.fit), PollAnswer.team_id)
    ).all()  # fmt: skip
    fit_people = session.scalar(
        scoped(select(func.count(func.distinct(PollAnswer.member_id))).where(PollAnswer.fit.is_not(None)),
               PollAnswer.team_id)
    ) or 0  # fmt: skip
    return Feedback(
        people=people, answers=answers, value_counts={int(v): n for v, n in values.items()}, learned=learned,
        taught=taught, fit_people=fit_people, fit_counts={f: n for f, n, _ in fits},
    )  # fmt: skip
