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
import os
import socket
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.web import SlackResponse

from bot.deps import Deps
from bot.outbox import kinds, queue
from bot.outbox.kinds import WITH_STARTER
from bot.outbox.queue import Claim
from bot.outbox.render import Draft, render
from bot.payload import Payload
from bot.services.pairs import end_active_pair
from bot.services.starters import choose_starter
from storage import leases
from storage.members import memberships
from storage.models import EndReason, MemberStatus, Outbox, OutboxStatus, Pair

log = logging.getLogger(__name__)

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
    elsewhere: bool = False  # another process holds the sender's lease: it sends, this one doesn't
    sent: int = 0
    already_there: int = 0
    retry_later: int = 0
    failed: int = 0
    cancelled: int = 0
    errors: list[str] = field(default_factory=list)


class Transient(Exception):
    def __init__(self, error: str, *, maybe_sent: bool, retry_after: int | None = None) -> None:
        super().__init__(error)
        self.maybe_sent, self.retry_after = maybe_sent, retry_after


class Permanent(Exception):
    pass


class Unverifiable(Exception):
    """A send may have reached Slack, and its conversation can't be read to find out (a missing scope,
    the bot no longer in the channel): asking again won't help, and sending again might send it twice."""


SENDER_LEASE = "sender"
LEASE_SECONDS = 60.0  # renewed every third of that while sending; a process that dies frees it in a minute
HOLDER = f"{socket.gethostname()[:40]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"  # this process


def deliver_due(
    *, deps: Deps, client: WebClient, now: datetime, budget_seconds: float = 45.0
) -> DeliveryReport:
    """Send every due message, most urgent first, within a time budget (what is left goes out next time);
    stops after the message in hand when the process is shutting down. Only one process sends at a time
    (a lease in the database): Slack's limits are the workspace's, so two replicas or two overlapping
    ticks each pacing itself would together go twice as fast. Without the lease, this sends nothing."""
    report = DeliveryReport()
    deadline = time.monotonic() + budget_seconds
    renew_at = None
    try:
        while not deps.bell.closed:
            if time.monotonic() >= deadline:
                report.out_of_time = True
                break
            if renew_at is None and not _anything_due(deps, now):
                break  # nothing to send: the lease isn't even asked for (an idle sender only reads)
            if renew_at is None or time.monotonic() >= renew_at:
                if not _hold_lease(deps):
                    report.elsewhere = True
                    break
                renew_at = time.monotonic() + LEASE_SECONDS / 3
            claim = _claim(deps, now)
            if claim is None:
                break
            try:
                _deliver(deps, client, claim, now, report)
            except Exception as exc:  # noqa: BLE001 - one bad message must not stop the others
                log.exception("delivering %s failed unexpectedly", claim.key)
                _retry(deps, claim, now, report, Transient(type(exc).__name__, maybe_sent=True))
    finally:
        if renew_at is not None:
            with deps.sessions.begin() as session:
                leases.give_up(session, name=SENDER_LEASE, holder=HOLDER, now=_wall_clock())
    return report


def _anything_due(deps: Deps, now: datetime) -> bool:
    with deps.reads.begin() as session:
        return queue.anything_due(session=session, now=now)


def _hold_lease(deps: Deps) -> bool:
    with deps.sessions.begin() as session:
        return leases.take(
            session, name=SENDER_LEASE, holder=HOLDER, now=_wall_clock(), seconds=LEASE_SECONDS
        )


def _wall_clock() -> datetime:
    """Leases are about real time between processes, not the instant a tick works for (its clock is fixed)."""
    return datetime.now(UTC)


def _claim(deps: Deps, now: datetime) -> Claim | None:
    with deps.sessions.begin() as session:
        return queue.claim_next(session=session, now=now)


def _render(deps: Deps, claim: Claim, now: datetime) -> Draft | None:
    """The message as it should read now. One that will go out to a pair gets its starter first (chosen
    once, so a resend or an update shows the same); one that won't (the pair ended or paused) uses none."""
    with deps.sessions.begin() as session:
        row = session.get_one(Outbox, claim.id)
        draft = render(session, deps.library, row, now)
        pair = session.get(Pair, row.pair_id) if row.pair_id else None
        if draft is None or row.kind not in WITH_STARTER or pair is None or row.starter_id:
            return draft
        choose_starter(session=session, shipped=deps.starters, catalogue=deps.catalogue, row=row, pair=pair)
        session.flush()
        return render(session, deps.library, row, now)


def _finish(
    deps: Deps,
    claim: Claim,
    status: OutboxStatus,
    now: datetime,
    *,
    channel: str | None = None,
    ts: str | None = None,
) -> None:
    with deps.sessions.begin() as session:
        queue.finish(session=session, claim=claim, status=status, now=now, channel=channel, ts=ts)
    deps.metrics.finished(claim.kind, status.value)


def _remember_channel(deps: Deps, claim: Claim, channel: str) -> None:
    with deps.sessions.begin() as session:
        queue.remember_channel(session=session, claim=claim, channel=channel)


def _retry(deps: Deps, claim: Claim, now: datetime, report: DeliveryReport, exc: Transient) -> None:
    with deps.sessions.begin() as session:
        again = queue.retry(
            session=session,
            claim=claim,
            now=now,
            error=str(exc),
            maybe_sent=exc.maybe_sent,
            retry_after=exc.retry_after,
        )
    if not again:
        report.failed += 1
        deps.metrics.finished(claim.kind, OutboxStatus.FAILED.value)
        log.error("giving up on %s after %s attempts: %s", claim.key, claim.attempts, exc)
        return
    report.retry_later += 1
    report.errors.append(f"{claim.key}: {exc}")


def _deliver(deps: Deps, client: WebClient, claim: Claim, now: datetime, report: DeliveryReport) -> None:
    draft = _render(deps, claim, now)
    if draft is None:
        _finish(deps, claim, OutboxStatus.CANCELLED, now)
        report.cancelled += 1
        return
    if draft.replaces is not None and draft.channel is not None:
        _replace(deps, client, claim, draft, now, report)
        return
    channel = draft.channel or claim.channel_id
    # One person's message goes to their DM with the app by their user id: Slack opens it, so no
    # conversations.open (Tier 3, 50 a minute) for it — unless an earlier attempt may have posted, and
    # its DM has to be read to find out.
    person = draft.users[0] if len(draft.users) == 1 and channel is None and not claim.uncertain else None
    try:
        if channel is None and person is None:  # opened once, then remembered (a group DM, a retried DM)
            deps.pacing.open.wait()
            opened = _call(lambda: client.conversations_open(users=",".join(draft.users)), stage="open")
            channel = opened["channel"]["id"]
            _remember_channel(deps, claim, channel)
        if claim.uncertain and channel and (ts := _find_marker(client, channel, claim.key)):
            _finish(deps, claim, OutboxStatus.SENT, now, channel=channel, ts=ts)
            report.already_there += 1
            return
        target = channel or person or ""
        deps.pacing.before_post(target)
        response = _call(
            lambda: client.chat_postMessage(channel=target, text=draft.text, blocks=draft.blocks),
            stage="post",
        )
        channel = str(response.get("channel") or target)
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


def _replace(
    deps: Deps, client: WebClient, claim: Claim, draft: Draft, now: datetime, report: DeliveryReport
) -> None:
    """Update a message in place (as often as it takes: an update says the same thing twice, never two
    things), then count it sent."""
    channel, ts = draft.channel or "", draft.replaces or ""
    try:
        deps.pacing.before_post(channel)
        _call(
            lambda: client.chat_update(channel=channel, ts=ts, text=draft.text, blocks=draft.blocks),
            stage="update",
        )
    except Transient as exc:
        _retry(deps, claim, now, report, exc)
        return
    except (Unverifiable, Permanent) as exc:  # the message is gone, or the bot left the conversation
        with deps.sessions.begin() as session:
            queue.finish(session=session, claim=claim, status=OutboxStatus.FAILED, now=now, error=str(exc))
        deps.metrics.finished(claim.kind, OutboxStatus.FAILED.value)
        report.failed += 1
        return
    _finish(deps, claim, OutboxStatus.SENT, now, channel=channel, ts=ts)
    report.sent += 1


def _call(send: Callable[[], SlackResponse], *, stage: str) -> SlackResponse:
    try:
        return send()
    except SlackApiError as exc:
        error = str(exc.response.get("error") or f"http_{exc.response.status_code}")
        if error in PERMANENT:
            raise Permanent(error) from None
        status = exc.response.status_code
        retry_after = int(exc.response.headers.get("Retry-After", 0) or 0) if status == 429 else None
        raise Transient(
            error,
            maybe_sent=stage == "post" and (status >= 500 or error in MAYBE_SENT),
            retry_after=retry_after,
        ) from None
    except (OSError, TimeoutError) as exc:  # network trouble: we can't know whether Slack got it
        raise Transient(type(exc).__name__, maybe_sent=stage == "post") from None


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
    messages: list[Payload] = history.get("messages") or []
    for message in messages:
        if any(kinds.key_in(b.get("block_id", "")) == key for b in message.get("blocks") or []):
            return str(message["ts"])
    return None


def _fail_unverifiable(deps: Deps, claim: Claim, now: datetime, report: DeliveryReport, error: str) -> None:
    """Not sent again (it may be there already) and not retried for hours: failed now, said once in the log
    and shown to admins in the report."""
    with deps.sessions.begin() as session:
        queue.finish(
            session=session,
            claim=claim,
            status=OutboxStatus.FAILED,
            now=now,
            error=f"could not check whether it was sent: {error}",
        )
    report.failed += 1
    deps.metrics.finished(claim.kind, OutboxStatus.FAILED.value)
    log.error(
        "%s may or may not have reached Slack, and its conversation can't be read to find out "
        "(conversations.history: %s); it is not sent again and shows in the admin report. The app needs the "
        "im:history and mpim:history scopes (reinstall it after adding them).",
        claim.key,
        error,
    )


def _give_up(deps: Deps, client: WebClient, claim: Claim, draft: Draft, now: datetime, error: str) -> bool:
    """A person can't be reached: mark them inactive, end their pair, tell the others. False if nobody
    could be identified as unreachable."""
    unreachable = (
        [u for u in draft.users if not _reachable(client, u)] if len(draft.users) > 1 else draft.users
    )
    if not unreachable:
        return False
    with deps.sessions.begin() as session:
        queue.finish(session=session, claim=claim, status=OutboxStatus.FAILED, now=now, error=error)
        team_id = session.get_one(Outbox, claim.id).team_id
        for user_id in unreachable:  # out of every programme they are in, until they rejoin
            for member in memberships(session, team_id=team_id, user_id=user_id):
                member.status, member.left_at, member.updated_at = MemberStatus.INACTIVE, now, now
                end_active_pair(session=session, member=member, reason=EndReason.MEMBER_UNAVAILABLE, now=now)
    deps.metrics.finished(claim.kind, OutboxStatus.FAILED.value)  # counted once it is so
    log.warning("%s could not be delivered (%s); %s unreachable", claim.key, error, len(unreachable))
    return True


def _reachable(client: WebClient, user_id: str) -> bool:
    try:
        user = client.users_info(user=user_id)["user"]
    except SlackApiError as exc:
        return exc.response.get("error") not in {"user_not_found", "users_not_found"}
    return not (user.get("deleted") or user.get("is_bot"))
