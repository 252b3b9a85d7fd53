"""Races decided in the database: two admins, a double click, a manual pair against a round (PostgreSQL).

Each test holds a table lock from a third connection so that both requests are in flight at the same time,
waits until PostgreSQL shows both of them waiting, then lets go: the outcome never depends on timing.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import create_engine, func, select

from bot import ids
from bot.profile import Cadence, Profile
from bot.services.enrolment import save_profile
from storage.models import Pair, PairMember, PairStatus
from tests.conftest import ADMIN, START, wait_for_waiters
from tests.fakes.slack_api import TEAM_ID

pytestmark = pytest.mark.postgres

TOPICS = ["python", "sql", "writing", "hiring", "negotiation", "strategy", "design-tools", "ai-tools"]


def enrol_many(app, n: int, prefix: str = "URACE") -> list[str]:
    """n people who can all be paired with one another (through the service, to keep the test quick)."""
    users = []
    with app.deps.sessions.begin() as s:
        for i in range(n):
            user = f"{prefix}{i:04d}"
            app.fake.add_user(user)
            profile = Profile(teach=(TOPICS[i % 8], TOPICS[(i + 3) % 8]), learn=(TOPICS[(i + 1) % 8],),
                              career_stage="mid", department=("data", "sales")[i % 2], cadence=Cadence.WEEKLY)  # fmt: skip
            save_profile(
                session=s, team_id=TEAM_ID, user_id=user, profile=profile, tz="Europe/London", now=START
            )
            users.append(user)
    return users


@contextmanager
def held(url: str, sql: str) -> Iterator[None]:
    """A third connection holds a lock until the block ends."""
    engine = create_engine(url)
    with engine.connect() as conn:
        tx = conn.begin()
        conn.exec_driver_sql(sql)
        try:
            yield
        finally:
            tx.rollback()
    engine.dispose()


def at_once(*sends: Callable[[], object]) -> list[object]:
    results: list[object] = [None] * len(sends)

    def run(i: int) -> None:
        results[i] = sends[i]()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(sends))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def active_pairs_per_person(app) -> Counter:
    with app.session() as s:
        rows = s.execute(
            select(PairMember.member_id, func.count())
            .join(Pair)
            .where(Pair.status == PairStatus.ACTIVE)
            .group_by(PairMember.member_id)
        )
        return Counter(dict(rows.all()))


def introductions_per_person(app) -> Counter:
    seen: Counter = Counter()
    for call in app.fake.calls_to("conversations.open"):
        for user in call.args["users"].split(","):
            seen[user] += 1
    return seen


def answers_to_admin(app) -> list[str]:
    replies = [r.get("text", "") for r in app.fake.responses]
    replies += [m["text"] for m in app.fake.messages_in("D" + ADMIN[1:])]
    return replies


def check_everyone_paired_once(app, users: list[str]) -> None:
    per_person = active_pairs_per_person(app)
    assert per_person and max(per_person.values()) == 1, per_person.most_common(3)
    intros = introductions_per_person(app)
    assert set(intros) <= set(users) and max(intros.values()) == 1, intros.most_common(3)
    assert sum(per_person.values()) == len(users)  # 60 people, all pairable: everyone was paired
    replies = answers_to_admin(app)
    assert not any("something went wrong" in r for r in replies), replies


def test_two_admins_running_a_round_at_once_pair_each_person_once(pg_app, pg_url):
    users = enrol_many(pg_app, 60)
    pg_app.fake.add_user(ADMIN, "admin")
    with held(pg_url, "LOCK TABLE pairs IN EXCLUSIVE MODE"):  # both rounds get as far as writing pairs
        responses = at_once(*[lambda: pg_app.slack.command("admin match", user=ADMIN)] * 2)
        wait_for_waiters(pg_url, 2)
    pg_app.settle()
    assert [r.status_code for r in responses] == [200, 200]
    check_everyone_paired_once(pg_app, users)
    replies = [r for r in answers_to_admin(pg_app) if r.startswith("*Round done")]
    assert len(replies) == 2 and sum("60 people considered" in r for r in replies) == 1


def test_a_double_clicked_run_a_round_button_runs_one_round(pg_app, pg_url):
    users = enrol_many(pg_app, 60)
    pg_app.fake.add_user(ADMIN, "admin")
    with held(pg_url, "LOCK TABLE pairs IN EXCLUSIVE MODE"):
        responses = at_once(*[lambda: pg_app.slack.home_action(ids.HOME_ADMIN_MATCH, user=ADMIN)] * 2)
        wait_for_waiters(pg_url, 2)
    pg_app.settle()
    assert [r.status_code for r in responses] == [200, 200]
    check_everyone_paired_once(pg_app, users)


def test_pairing_by_hand_while_a_round_runs_never_pairs_anyone_twice(pg_app, pg_url):
    users = enrol_many(pg_app, 60)
    pg_app.fake.add_user(ADMIN, "admin")
    a, b = users[0], users[1]
    with held(pg_url, "LOCK TABLE pairs IN EXCLUSIVE MODE"):
        responses = at_once(
            lambda: pg_app.slack.command(f"admin pair <@{a}|a> <@{b}|b>", user=ADMIN),
            lambda: pg_app.slack.command("admin match", user=ADMIN, response_key="match"),
        )
        wait_for_waiters(pg_url, 2)
    pg_app.settle()
    assert [r.status_code for r in responses] == [200, 200]
    check_everyone_paired_once(pg_app, users)
    replies = answers_to_admin(pg_app)
    # Whichever went first: the pair was made, or the admin was told they are already paired.
    assert any(f"Paired <@{a}>" in r or "already paired" in r for r in replies), replies


def test_agreeing_twice_at_once_or_while_the_other_proposes_a_change_never_counts_an_unread_version(
    pg_app, pg_url
):
    """A double-submitted "We agree" counts once; an agreement to version 1 racing a proposal of version 2
    either lands first (then version 2 waits for its reader) or is refused: no one agrees to what they
    haven't read."""
    from storage.models import Agreement, Confidence
    from tests.e2e.test_agreements import A, B, click, paired, proposal

    pair_id, channel, intro, members = paired(pg_app)
    click(pg_app, ids.INTRO_AGREEMENT, pair_id, A, channel, intro)
    pg_app.submit_modal(proposal(members, "Pitching", "SQL"), user=A)
    agree = click(pg_app, ids.INTRO_AGREE, pair_id, B, channel, intro)
    rating = {"confidence:python": {"value": {"type": "static_select", "selected_option": {"value": "2"}}}}

    def submit(view: dict, values: dict, user: str) -> object:
        return pg_app.slack.view_submission(view["callback_id"], values, user=user,
                                            private_metadata=view["private_metadata"], view_id=view["id"])  # fmt: skip

    with held(pg_url, "LOCK TABLE pairs IN EXCLUSIVE MODE"):
        responses = at_once(lambda: submit(agree, rating, B), lambda: submit(agree, rating, B))
        wait_for_waiters(pg_url, 2)
    pg_app.settle()
    assert [r.status_code for r in responses] == [200, 200]
    with pg_app.session() as s:
        assert s.get(Pair, pair_id).agreed_at is not None
        assert [(c.topic, c.rating) for c in s.scalars(select(Confidence).where(Confidence.member_id == members[B]))] == [
            ("python", 2)]  # fmt: skip
    told = [c.args["text"] for c in pg_app.fake.calls_to("chat.postMessage") if c.args.get("channel") == B]
    assert not [t for t in told if "went wrong" in t or "changed" in t], told  # the second is a no-op

    # B proposes a change (version 2); A agrees to it while B, at the same moment, proposes version 3.
    change = click(pg_app, ids.INTRO_AGREEMENT, pair_id, B, channel, intro)
    submit(change, proposal(members, "Pitching", "SQL and dashboards"), B)
    pg_app.settle()
    agree = click(pg_app, ids.INTRO_AGREE, pair_id, A, channel, intro)
    change = click(pg_app, ids.INTRO_AGREEMENT, pair_id, B, channel, intro)
    with held(pg_url, "LOCK TABLE pairs IN EXCLUSIVE MODE"):
        at_once(
            lambda: submit(agree, {}, A), lambda: submit(change, proposal(members, "Board papers", "SQL"), B)
        )
        wait_for_waiters(pg_url, 2)
    pg_app.settle()
    with pg_app.session() as s:
        agreement = s.get(Agreement, pair_id)
        versions = {pm.member_id: pm.agreed_version for pm in s.get(Pair, pair_id).members}
    assert agreement.version == 3 and versions[members[B]] == 3
    assert versions[members[A]] in (1, 2)  # 2 if read and agreed before 3 landed, else still 1: never 3


def test_two_people_picking_suggested_times_at_once_schedule_one_meeting_and_post_one_calendar_file(
    pg_app, pg_url
):
    from datetime import UTC, datetime

    from tests.e2e.test_keep_meeting import LONDON, NY, button, click, messages_of, one_pair
    from tests.e2e.test_suggest_times import picks

    pair_id, channel = one_pair(pg_app)
    intro = pg_app.fake.messages_in(channel)[0]
    click(pg_app, ids.SUGGEST_TIMES, button(intro, ids.SUGGEST_TIMES)["value"], NY, channel, intro)
    (times,) = messages_of(pg_app, channel, "times")
    first, second = picks(times)[:2]

    def pick(user: str, value: str) -> object:
        return pg_app.slack.block_action(
            ids.PICK_TIME, value, user=user, channel=channel, ts=times["ts"], message=times
        )

    with held(pg_url, "LOCK TABLE pairs IN EXCLUSIVE MODE"):
        responses = at_once(lambda: pick(NY, first), lambda: pick(LONDON, second))
        wait_for_waiters(pg_url, 2)
    pg_app.settle()
    assert [r.status_code for r in responses] == [200, 200]
    uploads = [u for u in pg_app.fake.uploads.values() if u["filename"].endswith(".ics")]
    assert len(uploads) == 1  # one meeting, one calendar file
    with pg_app.session() as s:
        picked = s.get(Pair, pair_id).meeting_at
    assert picked in {datetime.fromtimestamp(int(v), UTC) for v in (first, second)}
    assert (
        uploads[0]["filename"] == f"mentoring-{picked:%Y-%m-%d-%H%M}.ics"
    )  # the file is for the pick that stood
