"""Matching rounds: plan the best pairing of everyone available, and (unless previewing) record it."""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from bot.away import is_away, skips_round
from bot.guides import INTRO
from bot.matching.explain import Reasons
from bot.matching.scoring import Candidate, Mode, Population, Rules, score_pair
from bot.matching.solver import best_trio, solve
from bot.outbox import kinds
from bot.outbox.kinds import Kind
from bot.outbox.queue import enqueue
from bot.profile import State, effective_state
from bot.programme import ProgrammeSettings, term_end
from bot.services.programme import programme_settings
from bot.timezones import local_date, zone
from bot.waiting import WaitingReasons
from storage import matching as repo
from storage import programmes
from storage.models import Direction, Member, Pair, PairMember, PairStatus, Round, RoundEntry


@dataclass(frozen=True)
class Group:
    members: tuple[Member, ...]  # two, or three for a trio
    score: float
    reasons: Reasons
    repeat: bool = False  # some of them were paired before


def repeated(members: Iterable[Member], rules: Rules) -> bool:
    return any(frozenset((a.id, b.id)) in rules.repeats for a, b in itertools.combinations(members, 2))


WAITING_LEFT_OUT, WAITING_NO_PARTNER = "left_out", "no_partner"  # round_entries.outcome of who waits


@dataclass
class RoundPlan:
    groups: list[Group] = field(default_factory=list)
    left_out: list[Member] = field(default_factory=list)
    no_partner: set[int] = field(default_factory=set)  # member ids of those nobody could be paired with
    why: dict[int, str] = field(default_factory=dict)  # member id → why they wait (bot/waiting.py)
    considered: int = 0
    total: float = 0.0
    upper_bound: float = 0.0  # no pairing of everyone considered scores more (pairs only, before trios)
    gap: float = 0.0  # how far the pairing may be from that bound, as a share of it
    exact: bool = False  # the pairing is the best possible
    finished: bool = True  # False: the time budget ran out first (the bound still holds)


def plan_round(
    *, session: Session, programme_id: int | None, now: datetime, catalogue_ranks: dict[str, int]
) -> RoundPlan:
    """The best pairing of everyone in the programme who can be matched now (None: a workspace with no
    programme yet, so nobody); writes nothing."""
    if programme_id is None:
        return RoundPlan()
    settings = programme_settings(session=session, programme_id=programme_id)
    members = [
        m
        for m in repo.pool(session, programme_id)
        if effective_state(State(m.status.value), m.paused_until, local_date(now, m.tz)) is State.ACTIVE
        and not is_away(m.away_since, m.away_until, now)  # their Slack status says so (bot/away.py)
        and not skips_round(m.skip_round_at, now)
    ]
    if not members:
        return RoundPlan()
    candidates = [candidate_of(m, now, catalogue_ranks) for m in members]
    rules = rules_for(session=session, members=members, settings=settings, now=now, ranks=catalogue_ranks)
    population = Population(candidates, rules)
    matching = solve(population, seed=int(now.timestamp()) // 60)
    groups = [[i, j] for i, j in matching.pairs]
    left_out: list[int] = []
    taken: set[tuple[int, int]] = set()
    # An odd person out joins the trio they fit best (if the programme allows trios); priority first.
    for person in sorted(matching.unmatched, key=lambda i: (not candidates[i].priority, candidates[i].key)):
        open_pairs = [(a, b) for a, b in matching.pairs if (a, b) not in taken]
        trio = best_trio(population, person, open_pairs) if settings.allow_trios else None
        if trio is None:
            left_out.append(person)
            continue
        taken.add(trio)
        next(g for g in groups if (g[0], g[1]) == trio).append(person)
    plan = RoundPlan(
        considered=len(members),
        upper_bound=matching.upper_bound,
        gap=matching.gap,
        exact=matching.exact,
        finished=matching.finished,
    )
    for group in groups:
        reasons, score = group_reasons([candidates[i] for i in group], rules)
        chosen = tuple(members[i] for i in group)
        plan.groups.append(Group(chosen, score, reasons, repeated(chosen, rules)))
        plan.total += score
    plan.left_out = [members[i] for i in left_out]
    # Why each waits: nobody in this round was theirs to pair with (working hours, a recent or declined
    # pairing, an avoid list: never said which), or everyone who was went to someone else.
    plan.no_partner = {members[i].id for i in left_out if not (population.weights_with(i) > 0).any()}
    if left_out:
        reasons_for = WaitingReasons(candidates, rules)
        plan.why = {members[i].id: reasons_for.why(i, population.weights_with(i)) for i in left_out}
    return plan


def run_round(
    *,
    session: Session,
    programme_id: int,
    now: datetime,
    catalogue_ranks: dict[str, int],
    trigger: str,
    slot: str | None = None,
) -> tuple[Round, RoundPlan]:
    """Plan a round and record it: pairs, who was considered, and an outbox message for each introduction.
    One at a time per programme: the lock is held to the end of the unit of work."""
    team_id = programmes.lock_id(session, programme_id).team_id
    plan = plan_round(session=session, programme_id=programme_id, now=now, catalogue_ranks=catalogue_ranks)
    settings = programme_settings(session=session, programme_id=programme_id)
    record = Round(
        team_id=team_id,
        programme_id=programme_id,
        slot=slot,
        trigger=trigger,
        ran_at=now,
        considered=plan.considered,
        paired=sum(len(g.members) for g in plan.groups),
        left_out=len(plan.left_out),
        total_score=plan.total,
        upper_bound=plan.upper_bound,
    )
    session.add(record)
    session.flush()
    for group in plan.groups:
        pair = form_pair(
            session=session, team_id=team_id, group=group, now=now, settings=settings, round_id=record.id
        )
        outcome = "trio" if len(group.members) == 3 else "paired"
        for m in group.members:
            session.add(RoundEntry(round_id=record.id, member_id=m.id, outcome=outcome, pair_id=pair.id))
    for m in plan.left_out:
        m.waiting_since = m.waiting_since or now
        outcome = WAITING_NO_PARTNER if m.id in plan.no_partner else WAITING_LEFT_OUT
        session.add(RoundEntry(round_id=record.id, member_id=m.id, outcome=outcome, why=plan.why.get(m.id)))
        enqueue(
            session=session,
            team_id=team_id,
            key=kinds.waiting(m.id, m.waiting_since),
            kind=Kind.WAITING,
            now=now,
            member_id=m.id,
        )
    session.flush()
    return record, plan


def run_scheduled_round(
    *, session: Session, programme_id: int, now: datetime, catalogue_ranks: dict[str, int], slot: str
) -> bool:
    """The programme's round for a scheduled slot, once: False if it already ran (here or on another
    replica)."""
    programmes.lock_id(session, programme_id)
    if repo.round_ran(session, programme_id=programme_id, slot=slot):
        return False
    run_round(
        session=session,
        programme_id=programme_id,
        now=now,
        catalogue_ranks=catalogue_ranks,
        trigger="schedule",
        slot=slot,
    )
    return True


def form_pair(
    *,
    session: Session,
    team_id: str,
    group: Group,
    now: datetime,
    settings: ProgrammeSettings,
    round_id: int | None = None,
) -> Pair:
    """Record a new pair (with its shape, for the report) and queue its introduction."""
    members = group.members
    pair = Pair(
        team_id=team_id,
        programme_id=members[0].programme_id,  # everyone in a pair is in the same programme
        round_id=round_id,
        status=PairStatus.ACTIVE,
        created_at=now,
        ends_on=term_end(now.date(), settings),
        score=group.score,
        reasons=group.reasons.to_json(),
        members=[PairMember(member_id=m.id) for m in members],
        cross_department=len({m.department for m in members}) > 1,
        cross_stage=len({m.career_stage for m in members}) > 1,
        repeat=group.repeat,
    )
    session.add(pair)
    session.flush()
    for m in members:
        m.waiting_since = None
    enqueue(
        session=session, team_id=team_id, key=kinds.intro(pair.id), kind=Kind.INTRO, now=now, pair_id=pair.id
    )
    for m in members:  # privately, each their side's guides, just after the introduction
        enqueue(
            session=session,
            team_id=team_id,
            key=kinds.guide(pair.id, m.id, INTRO),
            kind=Kind.GUIDE,
            now=now,
            pair_id=pair.id,
            member_id=m.id,
        )
    return pair


def candidate_of(m: Member, now: datetime, ranks: dict[str, int]) -> Candidate:
    offset = now.astimezone(zone(m.tz)).utcoffset() if m.tz else None
    return Candidate(
        key=m.id,
        teach=frozenset(t.topic for t in m.topics if t.direction.value == "teach"),
        learn=frozenset(t.topic for t in m.topics if t.direction.value == "learn"),
        stage=ranks.get(m.career_stage, 0),
        department=m.department,
        perspectives=frozenset(p.perspective for p in m.perspectives)
        if m.perspectives_consent
        else frozenset(),
        utc_offset_minutes=int(offset.total_seconds() // 60) if offset is not None else None,
        priority=m.waiting_since is not None,
    )


def rules_for(
    *,
    session: Session,
    members: list[Member],
    settings: ProgrammeSettings,
    now: datetime,
    ranks: dict[str, int] | None = None,
) -> Rules:
    """The hard and soft limits on pairing these members (of one programme). Their history counts from
    every programme in the workspace (a "not a fit" or a recent pairing elsewhere too), and so does
    everyone's avoid list. In a reverse programme, its leaders are paired only with people of earlier
    career stages (`ranks`: each stage's rank)."""
    if not members:
        return Rules(mode=settings.mode, weights=settings.weights)
    team_id = members[0].team_id
    by_user = {m.user_id: m.id for m in members}
    forbidden: set[frozenset[int]] = set()
    repeats: set[frozenset[int]] = set()
    cooldown: set[frozenset[int]] = set()
    recent = now - timedelta(days=settings.cooldown_days)
    for past in repo.past_pairs(session, team_id):
        here = sorted(by_user[u] for u in past.user_ids if u in by_user)
        for a, b in itertools.combinations(here, 2):
            pair = frozenset((a, b))
            (forbidden if past.declined or past.created_at >= recent else repeats).add(pair)
            if past.declined or past.created_at >= recent:
                cooldown.add(pair)
    for user_id, avoided_user in repo.avoid_pairs(session, team_id):
        if user_id in by_user and avoided_user in by_user:
            forbidden.add(frozenset((by_user[user_id], by_user[avoided_user])))
    if settings.mode is Mode.REVERSE:
        forbidden |= leaders_apart(members, ranks or {})
    return Rules(
        mode=settings.mode,
        weights=settings.weights,
        forbidden=frozenset(forbidden),
        repeats=frozenset(repeats - forbidden),
        cooldown=frozenset(cooldown),
    )


def leaders_apart(members: list[Member], ranks: dict[str, int]) -> set[frozenset[int]]:
    """The pairs a reverse programme's leaders may not be in. A leader is the mentee side: paired only with
    someone of an earlier career stage who is not a leader, and, once the leader has said what they want
    to learn, who teaches some of it."""
    teaches = {m.id: {t.topic for t in m.topics if t.direction is Direction.TEACH} for m in members}
    out: set[frozenset[int]] = set()
    for leader in (m for m in members if m.leader):
        rank = ranks.get(leader.career_stage, 0)
        wants = {t.topic for t in leader.topics if t.direction is Direction.LEARN}
        for other in members:
            if other.id == leader.id:
                continue
            senior = other.leader or ranks.get(other.career_stage, 0) >= rank
            if senior or (wants and not wants & teaches[other.id]):
                out.add(frozenset((leader.id, other.id)))
    return out


def group_reasons(group: list[Candidate], rules: Rules) -> tuple[Reasons, float]:
    teaches: dict[int, dict[int, list[str]]] = {}
    flags = {
        "different_department": False,
        "stage_gap": False,
        "junior_teaches_senior": False,
    }
    score = 0.0
    for a, b in itertools.combinations(group, 2):
        parts = score_pair(a, b, rules)
        if parts is None:
            continue
        score += parts.total
        if parts.a_teaches_b:
            teaches.setdefault(a.key, {})[b.key] = list(parts.a_teaches_b)
        if parts.b_teaches_a:
            teaches.setdefault(b.key, {})[a.key] = list(parts.b_teaches_a)
        flags["different_department"] |= parts.different_department
        flags["stage_gap"] |= parts.stage_gap != 0 and rules.mode is not Mode.MUTUAL
        flags["junior_teaches_senior"] |= parts.junior_teaches_senior and rules.mode is Mode.REVERSE
    junior = None
    if rules.mode is Mode.REVERSE and len({c.stage for c in group}) > 1:
        junior = min(group, key=lambda c: (c.stage, c.key)).key
    return Reasons(teaches=teaches, junior=junior, **flags), score
