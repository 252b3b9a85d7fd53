"""Due work: everything the scheduler and `tick` run, derived from the database for a given instant."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from slack_sdk import WebClient
from sqlalchemy.exc import IntegrityError

from bot.deps import Deps
from bot.outbox.send import deliver_due
from bot.programme import heads_up_from, latest_slot, next_round
from bot.services.away import heads_up
from bot.services.keep_meeting import plan_due
from bot.services.programme import programme_settings
from bot.services.recognition import channel_posts_due, queue_channel_posts
from bot.services.rounds import run_scheduled_round
from storage import matching, modals, programmes
from storage import pairs as pairs_repo

log = logging.getLogger(__name__)


@dataclass
class TickReport:
    at: datetime
    done: Counter[str] = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)

    def summary(self) -> str:
        done = {k: v for k, v in self.done.items() if v}
        if not done and not self.failures:
            return f"Nothing was due at {self.at.isoformat()}."
        parts = [f"{count} {name}" for name, count in sorted(done.items())]
        parts += [f"failed: {f}" for f in self.failures]
        return f"At {self.at.isoformat()}: " + ", ".join(parts)


def scheduled_rounds(*, deps: Deps, client: WebClient, at: datetime, report: TickReport) -> None:
    """Run each active programme's round for its latest scheduled slot, once (a unique key per slot)."""
    with deps.reads.begin() as session:
        running = programmes.running(session)
    for programme_id, team_id, first_joined in running:
        try:
            # Almost every minute the slot's round has run already: find that out without a write lock.
            with deps.reads.begin() as session:
                slot = latest_slot(at, programme_settings(session=session, programme_id=programme_id))
                key = slot.astimezone(UTC).isoformat()
                if slot < first_joined or matching.round_ran(session, programme_id=programme_id, slot=key):
                    continue  # nobody was enrolled yet at that slot, or its round has run
            with deps.sessions.begin() as session:  # the round checks again, under the programme's lock
                ran = run_scheduled_round(
                    session=session,
                    programme_id=programme_id,
                    now=at,
                    catalogue_ranks=deps.catalogue.stage_ranks,
                    slot=key,
                )
            report.done["rounds"] += ran
        except IntegrityError:
            log.info(
                "the round for programme %s of %s at this slot was run by another process",
                programme_id,
                team_id,
            )
        except Exception as exc:  # noqa: BLE001 - one programme's failure must not stop another's
            log.exception("scheduled round for programme %s of %s failed", programme_id, team_id)
            report.failures.append(f"round for programme {programme_id} of {team_id}: {exc}")


def heads_ups(*, deps: Deps, client: WebClient, at: datetime, report: TickReport) -> None:
    """A working day before each programme's next round: the heads-up (with *Skip this round*) to everyone
    it would consider, once per round (storage.programmes.take_heads_up, under the programme's lock)."""
    with deps.reads.begin() as session:
        running = [(p, team) for p, team, _ in programmes.running(session)]

    def one(programme_id: int) -> None:
        with deps.reads.begin() as session:  # almost every minute: not due, or queued already
            settings = programme_settings(session=session, programme_id=programme_id)
            slot = next_round(at, settings)
            due = at >= heads_up_from(slot, settings)
            if (
                not due
                or programmes.heads_up_queued(session, programme_id) == slot.astimezone(UTC).isoformat()
            ):
                return
        with deps.sessions.begin() as session:
            report.done["heads-ups"] += heads_up(
                session=session, programme_id=programme_id, slot=slot, now=at
            )

    _each_programme(running, one, "heads-up", report)


def channel_posts(*, deps: Deps, client: WebClient, at: datetime, report: TickReport) -> None:
    """Each programme channel's fortnightly question and monthly figure, once each (by key)."""
    with deps.reads.begin() as session:
        chosen = programmes.with_channels(session)

    def one(programme_id: int) -> None:
        with deps.reads.begin() as session:  # almost every minute: queued already
            due = channel_posts_due(session=session, programme_id=programme_id, now=at)
        if due:
            with deps.sessions.begin() as session:
                report.done["channel posts"] += queue_channel_posts(
                    session=session, programme_id=programme_id, now=at, due=due
                )

    _each_programme(chosen, one, "channel posts", report)


def _each_programme(
    programmes_: list[tuple[int, str]], step: Callable[[int], None], what: str, report: TickReport
) -> None:
    """Run a step for each programme, one failing never stopping the others (logged and reported)."""
    for programme_id, team_id in programmes_:
        try:
            step(programme_id)
        except Exception as exc:  # noqa: BLE001 - one programme's failure must not stop another's
            log.exception("%s for programme %s of %s failed", what, programme_id, team_id)
            report.failures.append(f"{what} for programme {programme_id} of {team_id}: {exc}")


def keep_meeting(*, deps: Deps, client: WebClient, at: datetime, report: TickReport) -> None:
    """Queue the check-ins, nudges, questions, polls and wrap-ups due now (each once, by key)."""
    with deps.reads.begin() as session:  # most minutes, nobody: no write lock is taken at all
        teams = pairs_repo.teams_to_look_at(session, at=at)
    for team_id in teams:
        try:
            with deps.sessions.begin() as session:
                report.done.update(
                    plan_due(session=session, team_id=team_id, at=at, admins=deps.settings.admins)
                )
        except Exception as exc:  # noqa: BLE001 - one team's failure must not stop another's
            log.exception("planning for %s failed", team_id)
            report.failures.append(f"planning for {team_id}: {exc}")


TICK_SENDING_SECONDS = 55 * 60  # a tick sends until nothing is due (the next ticks, meanwhile, only plan)


def outbox(*, deps: Deps, client: WebClient, at: datetime, report: TickReport) -> None:
    """Send what is due, continuously, at Slack's pace: a round's introductions may take longer than the
    minute between two cron ticks, and the sender's lease keeps the ticks that overlap from sending too."""
    delivered = deliver_due(deps=deps, client=client, now=at, budget_seconds=TICK_SENDING_SECONDS)
    report.done["messages sent"] += delivered.sent + delivered.already_there
    report.done["process already sending, so this one did not"] += delivered.elsewhere
    report.done["messages to retry"] += delivered.retry_later
    report.done["messages undeliverable"] += delivered.failed


def housekeeping(*, deps: Deps, client: WebClient, at: datetime, report: TickReport) -> None:
    """Forget where to answer modals opened more than a day ago (Slack's response_url lives 30 minutes)."""
    before = at - timedelta(days=1)
    with deps.reads.begin() as session:  # most minutes there is nothing to forget: no write lock then
        if not modals.any_before(session, before):
            return
    with deps.sessions.begin() as session:
        forgotten = modals.forget_before(session, before)
    if forgotten:
        report.done["open modals forgotten"] += forgotten


# Rounds first, so their introductions go out in the same tick; then what keeps pairs meeting; then send.
Step = Callable[..., None]  # (*, deps, client, at, report)
PLANNING: list[Step] = [scheduled_rounds, heads_ups, keep_meeting, channel_posts, housekeeping]
STEPS: list[Step] = [*PLANNING, outbox]


def run_due_work(
    *, deps: Deps, client: WebClient, at: datetime, steps: list[Step] | None = None
) -> TickReport:
    """Every step of due work for an instant. `serve`'s scheduler runs only the PLANNING steps and rings the
    bell: its background sender does the sending. `tick` runs them all, sending in its own thread."""
    report = TickReport(at=at)
    for step in STEPS if steps is None else steps:
        try:
            step(deps=deps, client=client, at=at, report=report)
        except Exception as exc:  # noqa: BLE001 - one failing step must not stop the rest
            log.exception("due-work step %s failed", step.__name__)
            report.failures.append(f"{step.__name__}: {exc}")
    return report
