"""Delivering outbox messages to Slack: at most once, and retried until they arrive or can't.

Each message is claimed in the database (a lease), so two ticks or two replicas never send the same
one. A 429 waits for Retry-After (the Web API client does that, and a message still limited after its
retries waits for the next tick); a 5xx, a Slack-side error or a network error leaves it for the next
tick with a backoff; when a send may have reached Slack (the connection broke after sending, or the
process died holding the lease), the next attempt first looks in the conversation for the message's
marker block and only sends if it is not there. A permanent error for a person (deactivated, not
found, a bot) marks them inactive, ends their pair and tells their partner — and the rest carry on.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy import or_, select, update

from bot import ids
from bot.blocks import messages
from bot.blocks.intro import Person, intro_message
from bot.blocks.keep_meeting import (
    checkin_message,
    nudge_message,
    poll_message,
    stalled_message,
    starter_message,
    term_end_message,
)
from bot.deps import Deps
from bot.matching.explain import Reasons
from bot.services.keep_meeting import available, last_met
from bot.services.pairs import end_active_pair
from bot.services.rounds import programme_settings
from bot.services.starters import custom_starters
from bot.starters import GROUP_THEMES, Turn, audiences_for, leader_of, pick
from storage.models import (
    Checkin,
    EndReason,
    Member,
    MemberStatus,
    Outbox,
    OutboxStatus,
    Pair,
    PairStarter,
    PairStatus,
)

log = logging.getLogger(__name__)

LEASE = timedelta(minutes=5)
MAX_ATTEMPTS = 12
PERMANENT = {
    "user_not_found",
    "users_not_found",
    "account_inactive",
    "cannot_dm_bot",
    "user_disabled",
    "user_is_bot",
}
MAYBE_SENT = {"internal_error", "fatal_error", "request_timeout", "service_unavailable"}


@dataclass
class DeliveryReport:
    out_of_time: bool = False  # stopped by its time budget with messages still due
    sent: int = 0
    already_there: int = 0
    retry_later: int = 0
    failed: int = 0
    cancelled: int = 0
    errors: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Claim:
    id: int
    key: str
    kind: str
    pair_id: int | None
    member_id: int | None
    attempts: int
    uncertain: bool
    channel_id: str | None
    checkin_id: int | None = None


@dataclass(frozen=True)
class Draft:
    users: list[str]
    text: str
    blocks: list | None = None
    channel: str | None = None  # known already (the pair's group DM): no need to open it again


class Transient(Exception):
    def __init__(self, error: str, *, maybe_sent: bool, retry_after: int | None = None) -> None:
        super().__init__(error)
        self.maybe_sent, self.retry_after = maybe_sent, retry_after


class Permanent(Exception):
    pass


class Unverifiable(Exception):
    """A send may have reached Slack, and its conversation can't be read to find out (a missing scope,
    the bot no longer in the channel): asking again won't help, and sending again might send it twice."""


def deliver_due(
    *, deps: Deps, client: WebClient, now: datetime, budget_seconds: float = 45.0
) -> DeliveryReport:
    """Send every due message, most urgent first, within a time budget (what is left goes out next time);
    stops after the message in hand when the process is shutting down."""
    report = DeliveryReport()
    deadline = time.monotonic() + budget_seconds
    while not deps.bell.closed:
        if time.monotonic() >= deadline:
            report.out_of_time = True
            break
        claim = _claim(deps, now)
        if claim is None:
            break
        try:
            _deliver(deps, client, claim, now, report)
        except Exception as exc:  # noqa: BLE001 - one bad message must not stop the others
            log.exception("delivering %s failed unexpectedly", claim.key)
            _retry(deps, claim, now, report, Transient(type(exc).__name__, maybe_sent=True))
    return report


def _claim(deps: Deps, now: datetime) -> Claim | None:
    """Take the next due message. SKIP LOCKED keeps replicas off each other's rows; the compare-and-set
    in `take` is what guarantees that only one of them ever gets a given message."""
    while True:
        with deps.sessions.begin() as session:
            row = session.scalars(
                select(Outbox)
                .where(Outbox.not_before <= now, _claimable(now))
                .order_by(Outbox.priority.desc(), Outbox.id)
                .limit(1)
                .with_for_update(skip_locked=True)
            ).first()
            if row is None:
                return None
            if not take(session, row.id, now):
                continue  # someone else took it between our look and our claim: look again
            session.refresh(row)
            return Claim(
                row.id, row.key, row.kind, row.pair_id, row.member_id, row.attempts, row.uncertain, row.channel_id,
                row.checkin_id,
            )  # fmt: skip


def _claimable(now: datetime):  # type: ignore[no-untyped-def]
    return or_(
        Outbox.status == OutboxStatus.PENDING,
        (Outbox.status == OutboxStatus.SENDING) & (Outbox.lease_until < now),
    )


def take(session, outbox_id: int, now: datetime) -> bool:  # type: ignore[no-untyped-def]
    """Claim one message with a lease, if it is still claimable; True for exactly one caller."""
    taken = session.execute(
        update(Outbox)
        .where(Outbox.id == outbox_id, _claimable(now))
        .values(
            # Whoever held an expired lease died mid-send: look in the conversation before sending again.
            uncertain=Outbox.uncertain | (Outbox.status == OutboxStatus.SENDING),
            status=OutboxStatus.SENDING,
            lease_until=now + LEASE,
            attempts=Outbox.attempts + 1,
        )
        .execution_options(synchronize_session=False)
    )
    return taken.rowcount == 1


def _deliver(deps: Deps, client: WebClient, claim: Claim, now: datetime, report: DeliveryReport) -> None:
    draft = _render(deps, claim, now)
    if draft is None:
        _finish(deps, claim, OutboxStatus.CANCELLED, now)
        report.cancelled += 1
        return
    channel = draft.channel or claim.channel_id
    try:
        if claim.uncertain and channel and (ts := _find_marker(client, channel, claim.key)):
            _finish(deps, claim, OutboxStatus.SENT, now, channel=channel, ts=ts)
            report.already_there += 1
            return
        if channel is None:  # opened once, then remembered (the pair's group DM, an earlier attempt's)
            deps.pacer.wait()
            opened = _call(lambda: client.conversations_open(users=",".join(draft.users)), stage="open")
            channel = opened["channel"]["id"]
            _remember_channel(deps, claim, channel)
        response = _call(
            lambda: client.chat_postMessage(channel=channel, text=draft.text, blocks=draft.blocks),
            stage="post",
        )
    except Transient as exc:
        _retry(deps, claim, now, report, exc)
        return
    except Unverifiable as exc:
        _fail_unverifiable(deps, claim, now, report, str(exc))
        return
    except Permanent as exc:
        if _give_up(deps, client, claim, draft, now, str(exc)):
            report.failed += 1
        else:  # nobody turned out to be unreachable: treat it as a passing problem
            _retry(deps, claim, now, report, Transient(str(exc), maybe_sent=False))
        return
    _finish(deps, claim, OutboxStatus.SENT, now, channel=channel, ts=response["ts"])
    report.sent += 1


def _call(send, *, stage: str):  # type: ignore[no-untyped-def]
    try:
        return send()
    except SlackApiError as exc:
        error = str(exc.response.get("error") or f"http_{exc.response.status_code}")
        if error in PERMANENT:
            raise Permanent(error) from None
        status = exc.response.status_code
        retry_after = int(exc.response.headers.get("Retry-After", 0) or 0) if status == 429 else None
        raise Transient(error, maybe_sent=stage == "post" and (status >= 500 or error in MAYBE_SENT),
                        retry_after=retry_after) from None  # fmt: skip
    except (OSError, TimeoutError) as exc:  # network trouble: we can't know whether Slack got it
        raise Transient(type(exc).__name__, maybe_sent=stage == "post") from None


def _render(deps: Deps, claim: Claim, now: datetime) -> Draft | None:
    """The message as it should read now; None if there is no longer anything to say."""
    with deps.sessions.begin() as session:
        row = session.get(Outbox, claim.id)
        pair = session.get(Pair, claim.pair_id) if claim.pair_id else None
        member = session.get(Member, claim.member_id) if claim.member_id else None
        if pair is not None and pair.status is not PairStatus.ACTIVE:
            return None  # ended since this was queued
        if member is not None and member.status in (MemberStatus.LEFT, MemberStatus.INACTIVE):
            return None
        if claim.kind == "intro":
            text, blocks = render_intro(deps, session, pair, now)
            return Draft([pm.member.user_id for pm in pair.members], text, blocks)
        if claim.kind in PAIR_KINDS:
            if pair.paused_at is not None or not all(available(pm.member, now) for pm in pair.members):
                return None  # paused people and pairs get nothing
            people = [pm.member.user_id for pm in pair.members]
            text, blocks = PAIR_KINDS[claim.kind](deps, session, row, pair, people)
            return Draft(people, text, blocks, channel=pair.channel_id)
        if claim.kind == "admin_stalled":
            if pair is None or pair.stalled_at is None:
                return None  # someone answered meanwhile
            since = last_met(session, pair.id) or pair.created_at.date()
            text = messages.pair_stalled(people=[pm.member.user_id for pm in pair.members], since=since)
            return Draft([row.user_id], text, messages.marked(claim.key, text))
        if member is None or (claim.kind in PERSONAL_KINDS and not available(member, now)):
            return None
        if claim.kind in PERSONAL_KINDS:
            partners = [pm.member.user_id for pm in pair.members if pm.member_id != member.id] if pair else []
            text, blocks = PERSONAL_KINDS[claim.kind](row, pair, partners)
            return Draft([member.user_id], text, blocks)
        if claim.kind == "waiting":
            text = messages.waiting_for_next_round(programme_settings(session, member.team_id))
        else:
            text = messages.partner_gone(claim.kind.partition(":")[2])
        return Draft([member.user_id], text, messages.marked(claim.key, text))


def _checkin(deps: Deps, session, row: Outbox, pair: Pair, people: list[str]):  # type: ignore[no-untyped-def]
    checkin = session.get(Checkin, row.checkin_id)
    return render_checkin(deps, session, checkin, pair, row=row)


def _nudge(deps: Deps, session, row: Outbox, pair: Pair, people: list[str]):  # type: ignore[no-untyped-def]
    since = last_met(session, pair.id) or pair.created_at.date()
    return nudge_message(key=row.key, pair_id=pair.id, people=people, since=since,
                         turn=starter_for(deps, session, row, pair))  # fmt: skip


def _another(deps: Deps, session, row: Outbox, pair: Pair, people: list[str]):  # type: ignore[no-untyped-def]
    return starter_message(key=row.key, pair_id=pair.id, turn=starter_for(deps, session, row, pair))


PAIR_KINDS = {"checkin": _checkin, "nudge": _nudge, "starter": _another}
PERSONAL_KINDS = {
    "stalled": lambda row, pair, partners: stalled_message(key=row.key, pair_id=pair.id, partners=partners),
    "term_end": lambda row, pair, partners: term_end_message(
        key=row.key, pair_id=pair.id, partners=partners, poll_key=row.key
    ),
    "poll_meeting": lambda row, pair, partners: poll_message(key=row.key, poll_key=row.key),
    "poll_periodic": lambda row, pair, partners: poll_message(key=row.key, poll_key=row.key),
}


def render_checkin(deps: Deps, session, checkin: Checkin, pair: Pair, *, row: Outbox | None = None):  # type: ignore[no-untyped-def]
    """A check-in as it should read now, with the answers so far (also used to update it in place)."""
    if row is None:
        row = session.scalars(select(Outbox).where(Outbox.checkin_id == checkin.id)).first()
    by_member = {pm.member_id: pm.member.user_id for pm in pair.members}
    answers = [(by_member[a.member_id], a.answer) for a in sorted(checkin.answers, key=lambda a: a.answered_at)
               if a.member_id in by_member]  # fmt: skip
    return checkin_message(
        key=row.key if row else f"checkin:pair:{pair.id}:{checkin.seq}", checkin_id=checkin.id, pair_id=pair.id,
        people=list(by_member.values()), since=checkin.since, answers=answers, paused=pair.paused_at is not None,
        turn=starter_for(deps, session, row, pair) if row else None,
    )  # fmt: skip


def starter_for(deps: Deps, session, row: Outbox, pair: Pair) -> Turn | None:  # type: ignore[no-untyped-def]
    """The starter for this message and who opens it: chosen once (so a resend or an update shows the same),
    never one the pair has had, for each teacher in turn, fitting what they teach and where they stand."""
    library = {s.id: s for s in [*deps.starters, *custom_starters(session, pair.team_id)]}
    users = {pm.member_id: pm.member.user_id for pm in pair.members}
    if row.starter_id:
        leader = session.scalar(select(PairStarter.leader_id).where(
            PairStarter.pair_id == pair.id, PairStarter.starter_id == row.starter_id))  # fmt: skip
        chosen = library.get(row.starter_id)
        return Turn(chosen, users.get(leader)) if chosen else None
    teaches = Reasons.from_json(pair.reasons).teaches
    used = set(session.scalars(select(PairStarter.starter_id).where(PairStarter.pair_id == pair.id)))
    leader = leader_of(teaches, len(used))
    groups = {t.id: g.label for g in deps.catalogue.topic_groups for t in g.topics}
    led = [teaches[leader]] if leader is not None else list(teaches.values())
    themes = [
        GROUP_THEMES.get(groups.get(t, ""), "integrated") for to in led for ts in to.values() for t in ts
    ]
    rank = {pm.member_id: deps.catalogue.stage_rank(pm.member.career_stage) for pm in pair.members}
    audiences = (
        audiences_for(rank.get(leader), [r for m, r in rank.items() if m != leader]) if leader else None
    )
    starter = pick(tuple(library.values()), themes=themes, mode=programme_settings(session, pair.team_id).mode,
                   used=used, seed=row.key, audiences=audiences)  # fmt: skip
    if starter is None:
        return None
    row.starter_id = starter.id
    session.add(PairStarter(pair_id=pair.id, starter_id=starter.id, used_at=row.created_at, leader_id=leader))
    return Turn(starter, users.get(leader) if leader is not None else None)


def render_intro(deps: Deps, session, pair: Pair, now: datetime) -> tuple[str, list]:  # type: ignore[no-untyped-def]
    """The pair's introduction as it should read now (also used to update it in place)."""
    people = [Person(pm.member_id, pm.member.user_id, pm.member.tz) for pm in pair.members]
    key = f"intro:pair:{pair.id}"
    row = session.scalars(select(Outbox).where(Outbox.team_id == pair.team_id, Outbox.key == key)).first()
    agreement = (
        (pair.agreement_goals, pair.agreement_cadence)
        if pair.agreement_goals and pair.agreement_cadence
        else None
    )
    return intro_message(
        key=key, pair_id=pair.id, people=people, reasons=Reasons.from_json(pair.reasons), catalogue=deps.catalogue,
        turn=starter_for(deps, session, row, pair) if row else None, now=now, agreement=agreement,
        ended=pair.status is not PairStatus.ACTIVE,
    )  # fmt: skip


def _find_marker(client: WebClient, channel: str, key: str) -> str | None:
    """The ts of our message with this key's marker block, if an earlier attempt did post it."""
    try:
        history = client.conversations_history(channel=channel, limit=50)
    except SlackApiError as exc:
        error, status = str(exc.response.get("error") or ""), exc.response.status_code
        if status == 429 or status >= 500 or error in MAYBE_SENT:
            raise Transient(error or f"http_{status}", maybe_sent=True) from None
        raise Unverifiable(error or f"http_{status}") from None
    except (OSError, TimeoutError) as exc:
        raise Transient(type(exc).__name__, maybe_sent=True) from None
    marker = f"{ids.OUTBOX_BLOCK_PREFIX}{key}"
    for message in history.get("messages", []):
        if any(b.get("block_id") == marker for b in message.get("blocks") or []):
            return message["ts"]
    return None


def _remember_channel(deps: Deps, claim: Claim, channel: str) -> None:
    with deps.sessions.begin() as session:
        session.get(Outbox, claim.id).channel_id = channel


def _finish(deps: Deps, claim: Claim, status: OutboxStatus, now: datetime, *, channel: str | None = None,
            ts: str | None = None) -> None:  # fmt: skip
    with deps.sessions.begin() as session:
        row = session.get(Outbox, claim.id)
        row.status, row.lease_until, row.uncertain = status, None, False
        if status is OutboxStatus.SENT:
            row.sent_at, row.channel_id, row.ts = now, channel, ts
            if claim.kind == "intro" and (pair := session.get(Pair, claim.pair_id)):
                pair.channel_id, pair.intro_ts = channel, ts


def _retry(deps: Deps, claim: Claim, now: datetime, report: DeliveryReport, exc: Transient) -> None:
    with deps.sessions.begin() as session:
        row = session.get(Outbox, claim.id)
        row.last_error = str(exc)[:200]
        row.uncertain = row.uncertain or exc.maybe_sent
        row.lease_until = None
        if claim.attempts >= MAX_ATTEMPTS:
            row.status = OutboxStatus.FAILED
            report.failed += 1
            log.error("giving up on %s after %s attempts: %s", claim.key, claim.attempts, exc)
            return
        backoff = (
            timedelta(seconds=exc.retry_after)
            if exc.retry_after
            else timedelta(minutes=min(60, 2**claim.attempts))
        )
        row.status, row.not_before = OutboxStatus.PENDING, now + backoff
    report.retry_later += 1
    report.errors.append(f"{claim.key}: {exc}")


def _fail_unverifiable(deps: Deps, claim: Claim, now: datetime, report: DeliveryReport, error: str) -> None:
    """Not sent again (it may be there already) and not retried for hours: failed now, said once in the log
    and shown to admins in the report."""
    with deps.sessions.begin() as session:
        row = session.get(Outbox, claim.id)
        row.status, row.lease_until = OutboxStatus.FAILED, None
        row.last_error = f"could not check whether it was sent: {error}"[:200]
    report.failed += 1
    log.error(
        "%s may or may not have reached Slack, and its conversation can't be read to find out "
        "(conversations.history: %s); it is not sent again and shows in the admin report. The app needs the "
        "im:history and mpim:history scopes (reinstall it after adding them).",
        claim.key, error,
    )  # fmt: skip


def _give_up(deps: Deps, client: WebClient, claim: Claim, draft: Draft, now: datetime, error: str) -> bool:
    """A person can't be reached: mark them inactive, end their pair, tell the others. False if nobody
    could be identified as unreachable."""
    unreachable = (
        [u for u in draft.users if not _reachable(client, u)] if len(draft.users) > 1 else draft.users
    )
    if not unreachable:
        return False
    with deps.sessions.begin() as session:
        row = session.get(Outbox, claim.id)
        row.status, row.last_error, row.lease_until = OutboxStatus.FAILED, error, None
        team_id = row.team_id
        for user_id in unreachable:
            member = session.scalars(
                select(Member).where(Member.team_id == team_id, Member.user_id == user_id)
            ).first()
            if member is None:
                continue
            member.status, member.left_at, member.updated_at = MemberStatus.INACTIVE, now, now
            end_active_pair(session=session, member=member, reason=EndReason.MEMBER_UNAVAILABLE, now=now)
    log.warning("%s could not be delivered (%s); %s unreachable", claim.key, error, len(unreachable))
    return True


def _reachable(client: WebClient, user_id: str) -> bool:
    try:
        user = client.users_info(user=user_id)["user"]
    except SlackApiError as exc:
        return exc.response.get("error") not in {"user_not_found", "users_not_found"}
    return not (user.get("deleted") or user.get("is_bot"))
