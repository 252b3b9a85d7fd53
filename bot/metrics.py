"""GET /metrics, in Prometheus' text format: what an operator alerts on.

Counted in this process as it happens: Slack requests and how long each took to be acknowledged (by
surface), Web API calls by method and outcome (ok, ratelimited — each 429, retried or not — or Slack's
error), messages sent, failed or cancelled by kind, and how long each tick of due work took. Read from the
database at each scrape (so every replica reports the same): the outbox's depth and the age of its oldest
due message, and each programme's last round (people considered and paired, its score and its bound).
One registry per Deps, so tests (and several apps in one process) never share counts.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from datetime import datetime

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy.orm import Session, sessionmaker

from storage import metrics as queries

ACK_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 3.0, 5.0)  # Slack waits 3 s for an ack
TICK_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0)


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "mentor_slack_requests",
            "Slack requests received, by surface",
            ["surface"],
            registry=self.registry,
        )
        self.ack_seconds = Histogram(
            "mentor_ack_seconds",
            "From a Slack request reaching its listener to its ack, by surface",
            ["surface"],
            buckets=ACK_BUCKETS,
            registry=self.registry,
        )
        self.api_calls = Counter(
            "mentor_slack_api_calls",
            "Web API calls by method and outcome (ok, ratelimited, or Slack's error)",
            ["method", "outcome"],
            registry=self.registry,
        )
        self.messages = Counter(
            "mentor_messages",
            "Outbox messages finished, by kind and outcome",
            ["kind", "outcome"],
            registry=self.registry,
        )
        self.tick_seconds = Histogram(
            "mentor_tick_seconds",
            "How long each tick of due work took",
            buckets=TICK_BUCKETS,
            registry=self.registry,
        )

    def acked(self, surface: str, since: float) -> None:
        self.requests.labels(surface).inc()
        self.ack_seconds.labels(surface).observe(time.perf_counter() - since)

    def called(self, method: str, outcome: str) -> None:
        self.api_calls.labels(method, outcome).inc()

    def finished(self, kind: str, outcome: str) -> None:
        self.messages.labels(kind, outcome).inc()

    def scrape(self, sessions: sessionmaker[Session], now: Callable[[], datetime]) -> bytes:
        """This process's counts, then what the database holds now."""
        database = CollectorRegistry(auto_describe=False)
        database.register(_FromDatabase(sessions, now))
        return generate_latest(self.registry) + generate_latest(database)


class _FromDatabase(Collector):
    def __init__(self, sessions: sessionmaker[Session], now: Callable[[], datetime]) -> None:
        self.sessions, self.now = sessions, now

    def collect(self) -> Iterator[GaugeMetricFamily]:
        now = self.now()
        with self.sessions.begin() as session:
            depth, oldest = queries.outbox_due(session, now=now)
            rounds = queries.last_rounds(session)
        yield GaugeMetricFamily("mentor_outbox_due", "Messages due to be sent now", value=depth)
        yield GaugeMetricFamily(
            "mentor_outbox_oldest_due_seconds",
            "Age of the oldest message due to be sent (0: none waiting); alert when it passes 15 minutes",
            value=(now - oldest).total_seconds() if oldest else 0.0,
        )
        families = {
            "considered": GaugeMetricFamily(
                "mentor_last_round_people",
                "People the programme's last round considered",
                labels=["programme"],
            ),
            "paired": GaugeMetricFamily(
                "mentor_last_round_paired", "People the programme's last round paired", labels=["programme"]
            ),
            "score": GaugeMetricFamily(
                "mentor_last_round_score", "The programme's last round's total score", labels=["programme"]
            ),
            "bound": GaugeMetricFamily(
                "mentor_last_round_bound",
                "A true upper bound on any pairing of the last round's people (score / bound: its quality)",
                labels=["programme"],
            ),
        }
        for r in rounds:
            label = [str(r.programme_id)]
            families["considered"].add_metric(label, r.considered)
            families["paired"].add_metric(label, r.paired)
            families["score"].add_metric(label, r.total_score)
            families["bound"].add_metric(label, r.upper_bound)
        yield from families.values()
