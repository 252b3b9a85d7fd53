"""GET /metrics after a round, scraped as Prometheus would: requests and their ack time by surface, Web API
calls by method and outcome (a 429 counted though it was retried), messages by kind and outcome, the
outbox's depth and oldest due message, the tick's duration, and the last round against its bound."""

import requests
from prometheus_client.parser import text_string_to_metric_families

from bot.app import make_client
from bot.scheduler import due_now
from tests.conftest import ADMIN


def scrape(app) -> dict[tuple[str, tuple], float]:
    response = requests.get(app.base_url + "/metrics", timeout=5)
    assert response.status_code == 200 and response.headers["Content-Type"].startswith("text/plain")
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(response.text)
        for s in family.samples
    }


def test_metrics_after_a_round(app):
    app.fake.add_user(ADMIN, "admin")
    due_now(app.deps, make_client(app.deps))  # a tick of the scheduler (nobody yet: no round)
    app.join("UAAAA0001", teach=("sql",), learn=("python",))
    app.join("UBBBB0002", teach=("python",), learn=("sql",))
    app.fake.fail("chat.postMessage", status=429, retry_after=0)  # the introduction waits once
    app.command("admin match", user=ADMIN)
    m = scrape(app)
    command = (("surface", "command:/mentor"),)
    assert m["mentor_slack_requests_total", command] >= 3
    assert m["mentor_ack_seconds_count", command] >= 3 and m["mentor_ack_seconds_sum", command] < 3 * 3
    assert (
        m["mentor_slack_api_calls_total", (("method", "chat.postMessage"), ("outcome", "ratelimited"))] == 1
    )
    assert m["mentor_slack_api_calls_total", (("method", "chat.postMessage"), ("outcome", "ok"))] >= 1
    assert m["mentor_slack_api_calls_total", (("method", "conversations.open"), ("outcome", "ok"))] >= 1
    assert m["mentor_messages_total", (("kind", "intro"), ("outcome", "sent"))] == 1
    assert m["mentor_outbox_due", ()] == 0 and m["mentor_outbox_oldest_due_seconds", ()] == 0
    assert m["mentor_tick_seconds_count", ()] == 1
    rounds = {name: v for (name, labels), v in m.items() if name.startswith("mentor_last_round_")}
    assert rounds["mentor_last_round_people"] == rounds["mentor_last_round_paired"] == 2
    assert 0 < rounds["mentor_last_round_score"] <= rounds["mentor_last_round_bound"]
