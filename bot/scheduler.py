"""The in-process scheduler for `serve`: it only says "look for due work now"; the state lives in the database."""

from __future__ import annotations

import logging

from apscheduler.schedulers.background import BackgroundScheduler
from slack_sdk import WebClient

from bot.deps import Deps
from bot.jobs import PLANNING, run_due_work

log = logging.getLogger(__name__)
JOB_ID = "due-work"


def due_now(deps: Deps, client: WebClient) -> None:
    """One tick of the scheduler: plan what is due; the sender delivers it. A line in the log only when
    something was done or failed (an idle minute says nothing)."""
    with deps.metrics.tick_seconds.time():
        report = run_due_work(deps=deps, client=client, at=deps.clock.now(), steps=PLANNING)
    deps.bell.ring()  # what became due goes out from the background sender
    if report.done or report.failures:
        log.info(report.summary())


def start_scheduler(*, deps: Deps, client: WebClient, interval_seconds: int = 60) -> BackgroundScheduler:
    scheduler = BackgroundScheduler(timezone="UTC")
    scheduler.add_job(
        due_now,
        "interval",
        args=(deps, client),
        seconds=interval_seconds,
        id=JOB_ID,
        replace_existing=True,
        coalesce=True,  # a process that slept through several minutes runs the due work once
        max_instances=1,
        misfire_grace_time=max(1, interval_seconds // 2),
    )
    scheduler.start()
    return scheduler
