"""The right of access: everything held about a person, as one JSON document (`/mentor my data`), beside
the erasure `/mentor leave` offers. Their own rows only: a partner's profile, answers and check-ins are
theirs, never in here (a pair's shared things — its dates, meetings and agreement — are in both)."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from bot.services.agreements import terms_of
from storage import my_data
from storage.models import Agreement, Avoid, Direction, Member, Pair


def my_data_json(*, session: Session, team_id: str, user_id: str, now: datetime) -> str:
    held = my_data.held_about(session, team_id=team_id, user_id=user_id)
    names = held.programmes
    member_programme = {m.id: m.programme_id for m in held.members}
    document: dict[str, Any] = {
        "about": "Everything the mentoring bot holds about you in this workspace.",
        "slack_user_id": user_id,
        "made_at": now,
        "programmes": [_membership(m, names, held.avoids) for m in held.members],
        "pairs": [_pair(p, names, held) for p in held.pairs],
        "check_in_answers": [
            {"pair_id": c.pair_id, "since": c.since, "answer": a.answer.value, "answered_at": a.answered_at}
            for a, c in held.checkin_answers
        ],
        "poll_answers": [
            {
                "programme": names.get(member_programme.get(a.member_id, 0)),
                "pair_id": a.pair_id,
                "kind": a.kind.value,
                "value": a.value,
                "learned": a.learned,
                "taught": a.taught,
                "fit": a.fit.value if a.fit else None,
                "choice": a.choice.value if a.choice else None,
                "comment": a.comment,
                "answered_at": a.answered_at,
            }
            for a in held.poll_answers
        ],
        "confidence_ratings": [
            {
                "pair_id": c.pair_id,
                "topic": c.topic,
                "when": c.phase,
                "rating": c.rating,
                "rated_at": c.rated_at,
            }
            for c in held.confidence
        ],
        "invitations": [
            {"programme": names.get(i.programme_id), "invited_by": i.invited_by, "at": i.created_at}
            for i in held.invitations
        ],
        "requests_to_join": [
            {"programme": names.get(r.programme_id), "profile": r.profile, "at": r.requested_at}
            for r in held.requests
        ],
        "thanks_you_wrote": [{"pair_id": t.pair_id, "text": t.text, "at": t.written_at} for t in held.thanks],
        "your_stories": [{"pair_id": t.pair_id, "text": t.text, "at": t.written_at} for t in held.stories],
        "why_your_pairings_ended": [
            {"pair_id": w.pair_id, "answer": w.why, "at": w.answered_at} for w in held.whys
        ],
        "asked_to_teach": [{"topic": a.topic, "at": a.asked_at, "answer": a.answer} for a in held.teach_asks],
        "listening_question_answered": {
            "asked_on": [t.asked_on for t in held.listened],
            "note": "Your answers are kept without your name, so nothing links them to you: not even we can "
            "find them to show you or erase them.",
        },
    }
    return json.dumps(document, indent=2, ensure_ascii=False, default=_plain)


def _membership(m: Member, names: dict[int, str], avoids: list[Avoid]) -> dict[str, Any]:
    return {
        "programme": names.get(m.programme_id),
        "status": m.status.value,
        "teaches": sorted(t.topic for t in m.topics if t.direction is Direction.TEACH),
        "learns": sorted(t.topic for t in m.topics if t.direction is Direction.LEARN),
        "career_stage": m.career_stage,
        "department": m.department,
        "cadence": m.cadence,
        "note": m.note,
        "perspectives": sorted(p.perspective for p in m.perspectives),
        "perspectives_consent": m.perspectives_consent,
        "timezone": m.tz,
        "leader": m.leader,
        "joined_at": m.joined_at,
        "paused_at": m.paused_at,
        "paused_until": m.paused_until,
        "left_at": m.left_at,
        "waiting_since": m.waiting_since,
        "away_by_slack_status_since": m.away_since,
        "away_until": m.away_until,
        "skipping_the_round_at": m.skip_round_at,
        "last_asked_the_listening_question_on": m.listened_on,
        "avoiding": sorted(a.avoided_user_id for a in avoids if a.member_id == m.id),
    }


def _pair(p: Pair, names: dict[int, str], held: my_data.Held) -> dict[str, Any]:
    return {
        "pair_id": p.id,
        "programme": names.get(p.programme_id),
        "with": held.partners.get(p.id, []),
        "status": p.status.value,
        "started_at": p.created_at,
        "ends_on": p.ends_on,
        "ended_at": p.ended_at,
        "end_reason": p.end_reason.value if p.end_reason else None,
        "agreement": _agreement(held.agreements.get(p.id), held.people),
        "agreed_at": p.agreed_at,
        "agreed_cadence": p.agreement_cadence,
        "meetings": [m.met_on for m in held.meetings.get(p.id, [])],
    }


def _agreement(a: Agreement | None, people: dict[int, str]) -> dict[str, Any] | None:
    if a is None:
        return None
    return {
        "version": a.version,
        "goals": [
            {"from": people.get(g.teacher or 0), "to": people.get(g.learner or 0), "goal": g.goal}
            for g in terms_of(a).goals
        ],
        "cadence": a.cadence,
        "minutes": a.minutes,
        "confidential": a.confidential,
        "proposed_by": people.get(a.proposed_by or 0),
        "proposed_at": a.proposed_at,
    }


def _plain(value: object) -> str:
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"not JSON: {type(value).__name__}")
