"""Due work: everything the scheduler and `tick` run, derived from the database for a given instant."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime

from slack_sdk import WebClient

from bot.deps import Deps

log = logging.getLogger(__name__)


@dataclass
class TickReport:
    at: datetime
    done: dict[str, int] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)

    def summary(self) -> str:
        if not self.done and not self.failures:
            return (
                f"Nothing was due at {self.at.isoformat()}. (Matching rounds, introductions, check-ins, "
                "nudges and polls are not scheduled by this version yet.)"
            )
        parts = [f"{count} {name}" for name, count in sorted(self.done.items())]
        parts += [f"failed: {f}" for f in self.failures]
        return f"At {self.at.isoformat()}: " + ", ".join(parts)


# Each due-work step takes (deps, client, at, report); matching, introductions, check-ins, nudges,
# polls and term ends register here as they arrive. One failing step never stops the others.
STEPS: list = []


def run_due_work(*, deps: Deps, client: WebClient, at: datetime) -> TickReport:
    report = TickReport(at=at)
    for step in STEPS:
        try:
            step(deps=deps, client=client, at=at, report=report)
        except Exception as exc:  # noqa: BLE001 - one failing step must not stop the rest
            log.exception("due-work step %s failed", getattr(step, "__name__", step))
            report.failures.append(f"{getattr(step, '__name__', step)}: {exc}")
    return report
