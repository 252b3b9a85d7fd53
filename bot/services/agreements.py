"""A pair's two-way agreement: either proposes it, it counts once everyone agrees to the same version; each
person's confidence in what they learn is saved privately with it (and again at the end of the term)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from bot import agreement
from bot.agreement import Goal, Phase, Rating, Terms
from bot.blocks import messages, refusals
from bot.catalogue import Catalogue
from bot.errors import MentorError
from bot.matching.explain import Reasons
from bot.profile import Cadence
from bot.services.checkins import PollContext
from bot.services.intros import going_pair_of, pair_for_member_of
from storage import agreements as repo
from storage.models import Agreement, Checkin, Pair, PairMember, PollKind
from storage.pairs import look_again


@dataclass(frozen=True)
class AgreementForm:
    """What the agreement modals show one member of the pair."""

    pair_id: int
    version: int  # 0: nothing proposed yet
    terms: Terms  # as proposed, else prefilled from the pair's exchange
    users: dict[int, str]  # member id → Slack id
    ratings: tuple[Rating, ...]
    agreed: bool  # this person has agreed to this version


def agreement_form(
    *, session: Session, team_id: str, pair_id: int, user_id: str, catalogue: Catalogue
) -> AgreementForm:
    pair, cadence = pair_for_member_of(
        session=session, team_id=team_id, pair_id=pair_id, user_id=user_id, for_update=False
    )
    me = _me(pair, user_id)
    proposed = repo.agreement_of(session, pair.id)
    terms = (
        terms_of(proposed)
        if proposed
        else Terms(
            agreement.prefilled(Reasons.from_json(pair.reasons), _ids(pair), catalogue.topic_label),
            cadence,
            agreement.DEFAULT_MINUTES,
            agreement.DEFAULT_CONFIDENTIAL,
        )
    )
    before = repo.ratings_of(session, pair_id=pair.id, member_id=me.member_id, phase=Phase.START)
    version = proposed.version if proposed else 0
    return AgreementForm(
        pair_id=pair.id,
        version=version,
        terms=terms,
        users={pm.member_id: pm.member.user_id for pm in pair.members},
        ratings=_to_rate(pair, me.member_id, catalogue, before),
        agreed=version > 0 and me.agreed_version == version,
    )


def propose(
    *,
    session: Session,
    team_id: str,
    pair_id: int,
    user_id: str,
    goals: Mapping[str, str],
    cadence: Cadence,
    minutes: int,
    confidential: str,
    ratings: Mapping[str, int],
    catalogue: Catalogue,
    now: datetime,
) -> Pair:
    """A new version of the agreement, agreed by its proposer only: the others are asked to agree to it.
    `goals` by Goal.key; a direction the pair doesn't have is ignored, whatever the modal sent."""
    pair = going_pair_of(session=session, team_id=team_id, pair_id=pair_id, user_id=user_id)
    me = _me(pair, user_id)
    offered = agreement.prefilled(Reasons.from_json(pair.reasons), _ids(pair), catalogue.topic_label)
    chosen = tuple(Goal(g.teacher, g.learner, goals.get(g.key, "").strip()) for g in offered)
    current = repo.agreement_of(session, pair.id)
    if current is None:
        current = Agreement(pair_id=pair.id, version=0)
        session.add(current)
    current.version += 1
    current.goals = [g.to_json() for g in chosen]
    current.cadence, current.minutes, current.confidential = cadence.value, minutes, confidential.strip()
    current.proposed_by, current.proposed_at = me.member_id, now
    me.agreed_version = current.version
    _rate(session, pair, me.member_id, Phase.START, ratings, catalogue, now)
    _count_if_agreed(session, pair, current, now)
    return pair


def confirm(
    *,
    session: Session,
    team_id: str,
    pair_id: int,
    user_id: str,
    version: int,
    ratings: Mapping[str, int],
    catalogue: Catalogue,
    now: datetime,
) -> Pair:
    """This person agrees to the version they read (a changed one must be read first)."""
    pair = going_pair_of(session=session, team_id=team_id, pair_id=pair_id, user_id=user_id)
    current = repo.agreement_of(session, pair.id)
    if current is None:
        raise MentorError(refusals.NOTHING_TO_AGREE)
    if current.version != version:
        raise MentorError(refusals.AGREEMENT_CHANGED)
    me = _me(pair, user_id)
    me.agreed_version = version
    _rate(session, pair, me.member_id, Phase.START, ratings, catalogue, now)
    _count_if_agreed(session, pair, current, now)
    return pair


def _count_if_agreed(session: Session, pair: Pair, current: Agreement, now: datetime) -> None:
    """Everyone agreed this version: it counts, and its cadence is the one check-ins follow."""
    if agreement.agreed(current.version, (pm.agreed_version for pm in pair.members)):
        pair.agreement_cadence = current.cadence
        pair.agreed_at = pair.agreed_at or now  # when they first agreed (a later change keeps it)
        look_again(session, pair_ids=[pair.id])  # a faster cadence brings the next check-in sooner


def note_progress(
    *,
    session: Session,
    team_id: str,
    checkin_id: int,
    user_id: str,
    goal: str,
    level: str,
    catalogue: Catalogue,
    now: datetime,
) -> tuple[Checkin, Pair] | None:
    """How far the pair has got on one goal of its agreement, noted at a check-in by either of them (None:
    not a goal of theirs, or not a level: nothing changes)."""
    checkin = session.get(Checkin, checkin_id, with_for_update=True)
    if checkin is None:
        raise MentorError(messages.NOT_IN_PAIR)
    pair, _ = pair_for_member_of(session=session, team_id=team_id, pair_id=checkin.pair_id, user_id=user_id)
    current = repo.agreement_of(session, pair.id)
    chosen = next((g for g in terms_of(current).goals if g.key == goal), None) if current else None
    if chosen is None or level not in agreement.PROGRESS:
        return None
    stage = {pm.member_id: catalogue.stage_rank(pm.member.career_stage) for pm in pair.members}
    way = agreement.way(stage.get(chosen.teacher or 0), stage.get(chosen.learner or 0))
    repo.note_progress(
        session, pair=pair, checkin_id=checkin.id, goal=goal, direction=way, level=level, now=now
    )
    return checkin, pair


def to_rate_again(*, ctx: PollContext, catalogue: Catalogue) -> tuple[Rating, ...]:
    """The term-end poll asks again, privately, about the same things as at the start (other polls don't)."""
    if ctx.kind is not PollKind.TERM_END or ctx.pair is None:
        return ()
    return _to_rate(ctx.pair, ctx.member.id, catalogue, {})


def rate_again(
    *, session: Session, ctx: PollContext, ratings: Mapping[str, int], catalogue: Catalogue, now: datetime
) -> None:
    """The ratings given with the term-end poll."""
    if ratings and ctx.kind is PollKind.TERM_END and ctx.pair is not None:
        _rate(session, ctx.pair, ctx.member.id, Phase.END, ratings, catalogue, now)


def _rate(
    session: Session,
    pair: Pair,
    member_id: int,
    phase: str,
    ratings: Mapping[str, int],
    catalogue: Catalogue,
    now: datetime,
) -> None:
    """Keep the ratings of what this person learns here (others, whatever was sent, are ignored), each with
    which way the learning went by career stage."""
    stage = {pm.member_id: catalogue.stage_rank(pm.member.career_stage) for pm in pair.members}
    rows = [
        (topic, agreement.way(stage.get(teacher) if teacher else None, stage[member_id]), ratings[topic])
        for topic, teacher in agreement.learning(Reasons.from_json(pair.reasons), member_id, _ids(pair))
        if ratings.get(topic) in agreement.RATINGS
    ]
    if rows:
        repo.replace_ratings(session, pair=pair, member_id=member_id, phase=phase, ratings=rows, now=now)


def _to_rate(pair: Pair, member_id: int, catalogue: Catalogue, before: dict[str, int]) -> tuple[Rating, ...]:
    learns = agreement.learning(Reasons.from_json(pair.reasons), member_id, _ids(pair))
    return tuple(Rating(t, _topic_label(t, catalogue), before.get(t)) for t, _ in learns)


def _topic_label(topic: str, catalogue: Catalogue) -> str:
    return "What you want to learn here" if topic == agreement.OWN_GOAL else catalogue.topic_label(topic)


def _me(pair: Pair, user_id: str) -> PairMember:
    return next(pm for pm in pair.members if pm.member.user_id == user_id)


def _ids(pair: Pair) -> list[int]:
    return sorted(pm.member_id for pm in pair.members)


def terms_of(row: Agreement) -> Terms:
    return Terms(
        tuple(Goal.from_json(g) for g in row.goals or []),
        Cadence(row.cadence),
        row.minutes,
        row.confidential,
    )
