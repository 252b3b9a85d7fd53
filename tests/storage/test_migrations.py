from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Date, column, func, inspect, select, table

from storage.db import make_engine, make_sessions, normalise_url
from storage.migrate import current_revision, head_revision, upgrade
from storage.models import Base, Member, MemberStatus, Programme
from tests.factories import programme_of


@pytest.mark.filterwarnings("ignore:autogenerate skipping metadata-specified expression-based index")
def test_migrations_build_exactly_the_models_schema(db_url):
    engine = make_engine(db_url)
    upgrade(engine)
    with engine.connect() as connection:
        diff = compare_metadata(
            MigrationContext.configure(connection, opts={"compare_type": True}), Base.metadata
        )
    assert diff == []
    assert current_revision(engine) == head_revision()
    engine.dispose()


def test_downgrade_to_nothing_and_back(db_url):
    from alembic import command

    from storage.migrate import alembic_config

    engine = make_engine(db_url)
    upgrade(engine)
    command.downgrade(alembic_config(engine), "base")
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    upgrade(engine)
    assert {"members", "member_topics", "member_perspectives", "erasures"} <= set(
        inspect(engine).get_table_names()
    )
    engine.dispose()


def test_timestamps_come_back_timezone_aware_utc(db_url):
    engine = make_engine(db_url)
    upgrade(engine)
    sessions = make_sessions(engine)
    joined = datetime(2027, 1, 4, 10, 30, tzinfo=timezone(timedelta(hours=5, minutes=30)))
    with sessions.begin() as s:
        s.add(
            Member(team_id="T1", programme_id=programme_of(s, "T1"), user_id="U1", status=MemberStatus.ACTIVE, career_stage="early",
                   department="data", cadence="weekly", joined_at=joined, updated_at=joined,
                   paused_until=date(2027, 2, 1))
        )  # fmt: skip
    with sessions() as s:
        member = s.scalars(select(Member)).one()
        assert member.joined_at == joined and member.joined_at.tzinfo == UTC
        assert member.joined_at.hour == 5 and member.paused_until == date(2027, 2, 1)
    engine.dispose()


def test_operator_spellings_of_postgres_urls_use_psycopg3():
    assert normalise_url("postgres://u:p@h:5432/db").startswith("postgresql+psycopg://u:p@h:5432/db")
    assert normalise_url("postgresql://h/db") == "postgresql+psycopg://h/db"
    assert normalise_url("sqlite:///x.db") == "sqlite:///x.db"


def test_a_batch_migration_on_sqlite_keeps_child_rows(tmp_path):
    """Alembic's SQLite batch mode drops and recreates the parent table; cascades must not fire."""
    from alembic.operations import Operations
    from alembic.runtime.migration import MigrationContext
    from sqlalchemy import Column, Integer, func

    from storage.models import MemberTopic

    engine = make_engine(f"sqlite:///{tmp_path / 'b.db'}")
    upgrade(engine)
    sessions = make_sessions(engine)
    now = datetime(2027, 1, 4, tzinfo=UTC)
    with sessions.begin() as s:
        m = Member(team_id="T1", programme_id=programme_of(s, "T1"), user_id="U1", status=MemberStatus.ACTIVE, career_stage="early",
                   department="data", cadence="weekly", joined_at=now, updated_at=now)  # fmt: skip
        s.add(m)
        s.flush()
        s.add(MemberTopic(member_id=m.id, direction="teach", topic="python"))
    # The same connection set-up as storage/migrations/env.py, running a batch ALTER of `members`.
    with engine.connect() as connection:
        connection.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")
        with connection.begin():
            ops = Operations(MigrationContext.configure(connection, opts={"render_as_batch": True}))
            with ops.batch_alter_table("members", recreate="always") as batch:
                batch.add_column(Column("extra", Integer, nullable=True))
        connection.connection.driver_connection.execute("PRAGMA foreign_keys=ON")
    with sessions() as s:
        assert s.scalar(select(func.count()).select_from(MemberTopic)) == 1
    engine.dispose()


def test_upgrading_a_populated_database_keeps_every_member_and_topic(db_url):
    from storage.models import MemberTopic

    engine = make_engine(db_url)
    upgrade(engine, "0001")
    now = datetime(2027, 1, 4, tzinfo=UTC)
    with engine.begin() as c:
        c.execute(
            Member.__table__.insert(),
            [
                dict(id=i, team_id="T1", user_id=f"U{i}", status="active", career_stage="early", department="data",
                     cadence="weekly", perspectives_consent=False, joined_at=now, updated_at=now)
                for i in (1, 2)
            ],
        )  # fmt: skip
        c.execute(
            MemberTopic.__table__.insert(),
            [dict(member_id=i, direction="teach", topic="sql") for i in (1, 2)],
        )
    upgrade(engine, "0002")  # 0002 rebuilds `members` on SQLite (batch mode)
    with engine.begin() as c:
        c.exec_driver_sql(
            "INSERT INTO programmes (team_id, mode, allow_trios, term_weeks, cooldown_days, round_weekday, "
            "round_hour, round_timezone, updated_at) VALUES ('T1', 'reverse', true, 12, 182, 0, 9, 'UTC', "
            "'2027-01-04 00:00:00')"
        )
    upgrade(engine)  # 0003 adds NOT NULL settings columns to a table that has a row
    with make_sessions(engine)() as s:
        assert s.scalar(select(func.count()).select_from(Member)) == 2
        assert s.scalar(select(func.count()).select_from(MemberTopic)) == 2
        programme = s.get_one(Programme, programme_of(s, "T1"))
        assert (programme.mode, programme.checkin_hour, programme.min_group_size) == ("reverse", 10, 3)
    engine.dispose()


@pytest.mark.postgres
def test_only_one_of_two_concurrent_claims_takes_a_message(pg_url):
    """The outbox claim is a compare-and-set: two transactions racing for one row, exactly one wins.
    (On SQLite each unit of work holds the write lock from its first statement, so they can't interleave.)"""
    db_url = pg_url
    import threading

    from bot.outbox.queue import take
    from storage.models import Outbox, OutboxStatus

    engine = make_engine(db_url)
    upgrade(engine)
    sessions = make_sessions(engine)
    now = datetime(2027, 1, 4, 9, 0, tzinfo=UTC)
    with sessions.begin() as s:
        row = Outbox(team_id="T1", key="k", kind="waiting", status=OutboxStatus.PENDING, attempts=0, not_before=now,
                     created_at=now)  # fmt: skip
        s.add(row)
        s.flush()
        outbox_id = row.id
    results, barrier = [], threading.Barrier(2, timeout=10)

    def claim() -> None:
        with sessions.begin() as s:
            s.scalar(select(Outbox.status).where(Outbox.id == outbox_id))  # both have looked: it is pending
            barrier.wait()
            results.append(take(session=s, outbox_id=outbox_id, now=now))

    threads = [threading.Thread(target=claim) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == [False, True]
    with sessions() as s:
        assert s.get(Outbox, outbox_id).attempts == 1
    engine.dispose()


def test_upgrading_counts_the_report_totals_and_pair_shapes_of_existing_data(db_url):
    from bot.services import tallies
    from storage.models import Meeting, Pair, PairMember, PollAnswer

    engine = make_engine(db_url)
    upgrade(engine, "0005")
    now = datetime(2027, 1, 4, 9, tzinfo=UTC)  # a Monday
    with engine.begin() as c:
        c.execute(Member.__table__.insert(), [
            dict(id=i, team_id="T1", user_id=f"U{i}", status="active", career_stage="early", cadence="weekly",
                 department="data" if i != 2 else "sales", perspectives_consent=False, joined_at=now, updated_at=now)
            for i in (1, 2, 3, 4)])  # fmt: skip
        # `pairs` as it was at 0005 (the model has columns this revision doesn't).
        old_pairs = table("pairs", *(column(n, Pair.__table__.c[n].type) for n in ("id", "team_id", "status",
                                                                   "created_at", "ends_on", "score", "reasons")))  # fmt: skip
        c.execute(old_pairs.insert(), [
            dict(id=p, team_id="T1", status=status, created_at=now + timedelta(days=d), ends_on=date(2027, 4, 1),
                 score=1.0, reasons={}) for p, status, d in ((1, "ended", 0), (2, "active", 0), (3, "active", 90))])  # fmt: skip
        c.execute(PairMember.__table__.insert(), [
            dict(pair_id=p, member_id=m) for p, ms in ((1, (1, 2)), (2, (3, 4)), (3, (2, 1))) for m in ms])  # fmt: skip
        c.execute(Meeting.__table__.insert(), [
            dict(pair_id=1, met_on=date(2027, 1, d), logged_at=now) for d in (5, 12, 26)])  # fmt: skip
        c.execute(PollAnswer.__table__.insert(), [
            dict(team_id="T1", poll_key=f"k{i}", kind="meeting", member_id=m, value=v, learned=True, taught=m == 1,
                 fit="good" if i < 2 else None, answered_at=now + timedelta(days=i, hours=20))
            for i, (m, v) in enumerate(((1, 4), (2, 5), (1, 2)))])  # fmt: skip
    upgrade(engine)
    with make_sessions(engine).begin() as s:
        shapes = {p.id: (p.cross_department, p.cross_stage, p.repeat) for p in s.scalars(select(Pair))}
        assert shapes == {1: (True, False, False), 2: (False, False, False), 3: (True, False, True)}
        kept = {(t, w, n): total for (t, _, w, n), total in tallies.stored(session=s, team_id="T1").items()}
        week = date(2027, 1, 4)
        assert kept[("T1", week, "meetings")] == 1 and kept[("T1", date(2027, 1, 25), "meetings")] == 1
        assert (
            kept[("T1", date(2027, 1, 11), "gap:7")] == 1 and kept[("T1", date(2027, 1, 25), "gap:14")] == 1
        )
        # Answered at 05:00 UTC the next day is still counted by its UTC date, whatever the server's zone.
        assert kept[("T1", week, "answers")] == 3 and kept[("T1", week, "people")] == 2
        assert kept[("T1", week, "value:4")] == 1 and kept[("T1", week, "fit_people")] == 2
        before = tallies.stored(session=s, team_id="T1")
        tallies.recount(session=s, team_id="T1")
        assert tallies.stored(session=s, team_id="T1") == before
    engine.dispose()


def _old_pairs_table():
    from storage.models import Pair

    return table("pairs", *(column(n, Pair.__table__.c[n].type) for n in ("id", "team_id", "status", "created_at",
                                                                          "ends_on", "score", "reasons")))  # fmt: skip


def test_the_database_refuses_a_second_active_pair_for_anyone(db_url):
    """Whatever code runs, nobody can be in two active pairs: the database keeps each pair member's copy of
    the pair's status itself (ON UPDATE CASCADE) and a unique index covers the active ones."""
    from sqlalchemy import update
    from sqlalchemy.exc import IntegrityError

    from storage.models import Pair, PairMember, PairStatus

    engine = make_engine(db_url)
    upgrade(engine)
    sessions = make_sessions(engine)
    now = datetime(2027, 1, 4, tzinfo=UTC)

    def pair(s, people, status=PairStatus.ACTIVE):  # noqa: ANN001
        s.add(Pair(team_id="T1", programme_id=programme_of(s, "T1"), status=status, created_at=now, ends_on=date(2027, 4, 1), score=1.0, reasons={},
                   members=[PairMember(member_id=m) for m in people]))  # fmt: skip
        s.flush()

    with sessions.begin() as s:
        s.add_all([Member(id=i, team_id="T1", programme_id=programme_of(s, "T1"), user_id=f"U{i}", status=MemberStatus.ACTIVE, career_stage="early",
                          department="data", cadence="weekly", joined_at=now, updated_at=now) for i in (1, 2, 3)])  # fmt: skip
        s.flush()
        pair(s, (1, 2))
        pair(s, (1, 3), PairStatus.ENDED)  # ended pairs are history: any number of them
    with pytest.raises(IntegrityError), sessions.begin() as s:
        pair(s, (1, 3))
    with sessions.begin() as s:  # a plain UPDATE, as hand-made SQL would: the copy follows
        s.execute(update(Pair).values(status=PairStatus.ENDED))
    with sessions.begin() as s:
        pair(s, (1, 3))
        assert sorted(s.scalars(select(PairMember.pair_status).where(PairMember.member_id == 1))) == [
            "active", "ended", "ended"]  # fmt: skip
    engine.dispose()


def test_upgrading_repairs_people_a_race_put_in_two_active_pairs(db_url):
    from storage.models import Outbox, Pair, PairMember

    engine = make_engine(db_url)
    upgrade(engine, "0009")
    now = datetime(2027, 1, 4, 9, tzinfo=UTC)
    with engine.begin() as c:
        c.execute(Member.__table__.insert(), [
            dict(id=i, team_id="T1", user_id=f"U{i}", status="active", career_stage="early", cadence="weekly",
                 department="data", perspectives_consent=False, joined_at=now, updated_at=now) for i in range(1, 6)])  # fmt: skip
        c.execute(_old_pairs_table().insert(), [
            dict(id=p, team_id="T1", status="active", created_at=now, ends_on=date(2027, 4, 1), score=1.0, reasons={})
            for p in (1, 2, 3)])  # fmt: skip
        # Two rounds at once: 1+2 and 3+4, then the second round's 2+3; 5 is alone in an ended pair.
        c.execute(PairMember.__table__.insert(), [
            dict(pair_id=p, member_id=m) for p, ms in ((1, (1, 2)), (2, (3, 4)), (3, (2, 3))) for m in ms])  # fmt: skip
        old_outbox = table("outbox", *(column(n, Outbox.__table__.c[n].type) for n in (
            "team_id", "key", "kind", "pair_id", "status", "attempts", "not_before", "created_at", "uncertain")))  # fmt: skip
        c.execute(old_outbox.insert(), [dict(team_id="T1", key="intro:pair:3", kind="intro", pair_id=3,
                                             status="pending", attempts=0, not_before=now, created_at=now,
                                             uncertain=False)])  # fmt: skip
    upgrade(engine)
    with make_sessions(engine)() as s:
        status = {
            p.id: (p.status.value, p.end_reason.value if p.end_reason else None)
            for p in s.scalars(select(Pair))
        }
        assert status == {1: ("active", None), 2: ("active", None), 3: ("ended", "duplicate")}
        assert s.scalars(select(Outbox.status)).one() == "cancelled"  # its introduction never goes out
    engine.dispose()


def test_upgrading_puts_each_workspace_s_data_in_one_programme_and_keeps_all_of_it(db_url):
    """0018: a workspace with a settings row keeps its settings in its programme; one without gets the
    defaults; every member, round and pair belongs to its workspace's programme; nothing else moves."""
    from storage.models import Checkin, Pair, PairMember, ReportTally, Round

    engine = make_engine(db_url)
    upgrade(engine, "0017")
    now = datetime(2027, 1, 4, 9, tzinfo=UTC)
    with engine.begin() as c:
        c.exec_driver_sql(
            "INSERT INTO programmes (team_id, mode, allow_trios, term_weeks, cooldown_days, round_weekday, "
            "round_hour, round_timezone, checkin_hour, workday_start, workday_end, min_group_size, "
            "default_cadence, updated_at) VALUES ('T1', 'reverse', false, 10, 90, 2, 11, 'Europe/Paris', 14, "
            "8, 18, 5, 'weekly', '2027-01-04 00:00:00')"
        )
        c.execute(Member.__table__.insert(), [
            dict(id=i, team_id=team, user_id=f"U{i}", status="active", career_stage="early", cadence="weekly",
                 department="data", perspectives_consent=False, joined_at=now, updated_at=now)
            for i, team in ((1, "T1"), (2, "T1"), (3, "T2"), (4, "T2"))])  # fmt: skip
        c.execute(Round.__table__.insert(), [
            dict(id=r, team_id=team, slot="2027-01-04", trigger="schedule", ran_at=now, considered=2, paired=2,
                 left_out=0, total_score=1.0, upper_bound=1.0) for r, team in ((1, "T1"), (2, "T2"))])  # fmt: skip
        c.execute(_old_pairs_table().insert(), [
            dict(id=p, team_id=team, status=status, created_at=now, ends_on=date(2027, 4, 1), score=1.0, reasons={})
            for p, team, status in ((1, "T1", "ended"), (2, "T1", "active"), (3, "T2", "active"))])  # fmt: skip
        c.execute(PairMember.__table__.insert(), [
            dict(pair_id=p, member_id=m, pair_status=status) for p, ms, status in
            ((1, (1, 2), "ended"), (2, (1, 2), "active"), (3, (3, 4), "active")) for m in ms])  # fmt: skip
        c.execute(Checkin.__table__.insert(), [
            dict(pair_id=p, seq=1, since=date(2027, 1, 4), created_at=now) for p in (1, 2, 3)])  # fmt: skip
        c.execute(table("report_tallies", column("team_id"), column("week", Date()), column("name"), column("total")).insert(), [
            dict(team_id=t, week=date(2027, 1, 4), name="meetings", total=n) for t, n in (("T1", 3), ("T2", 1))])  # fmt: skip
    upgrade(engine)
    with make_sessions(engine)() as s:
        programmes = {p.team_id: p for p in s.scalars(select(Programme))}
        assert set(programmes) == {"T1", "T2"}
        t1, t2 = programmes["T1"], programmes["T2"]
        assert (t1.mode, t1.allow_trios, t1.term_weeks, t1.cooldown_days, t1.round_weekday, t1.round_hour) == (
            "reverse", False, 10, 90, 2, 11)  # fmt: skip
        assert (t1.round_timezone, t1.checkin_hour, t1.workday_start, t1.workday_end) == (
            "Europe/Paris",
            14,
            8,
            18,
        )
        assert (t1.min_group_size, t1.default_cadence, t1.name, t1.state, t1.enrolment) == (
            5, "weekly", "Mentoring", "active", "open")  # fmt: skip
        assert (t2.mode, t2.min_group_size, t2.name) == ("mutual", 3, "Mentoring")
        owner = {"T1": t1.id, "T2": t2.id}
        for model in (Member, Round, Pair):
            rows = s.scalars(select(model)).all()
            assert rows and all(r.programme_id == owner[r.team_id] for r in rows)
        assert s.scalar(select(func.count()).select_from(Pair)) == 3
        assert s.scalar(select(func.count()).select_from(PairMember)) == 6
        assert s.scalar(select(func.count()).select_from(Checkin)) == 3
        # Each workspace had one programme: its totals are kept as they were, now that programme's.
        assert {(t, p): n for t, p, n in s.execute(select(ReportTally.team_id, ReportTally.programme_id, ReportTally.total))} == {
            ("T1", t1.id): 3,
            ("T2", t2.id): 1,
        }  # fmt: skip
    engine.dispose()


def test_one_person_can_be_in_two_programmes_and_a_downgrade_refuses_to_merge_them(db_url):
    from alembic import command

    from storage.migrate import alembic_config

    engine = make_engine(db_url)
    upgrade(engine)
    now = datetime(2027, 1, 4, tzinfo=UTC)
    with make_sessions(engine).begin() as s:
        first = programme_of(s, "T1")
        second = Programme(
            team_id="T1", name="Reverse mentoring", mode="reverse", created_at=now, updated_at=now
        )
        s.add(second)
        s.flush()
        for programme_id in (first, second.id):
            s.add(Member(team_id="T1", programme_id=programme_id, user_id="U1", status=MemberStatus.ACTIVE,
                         career_stage="early", department="data", cadence="weekly", joined_at=now, updated_at=now))  # fmt: skip
    with pytest.raises(RuntimeError, match="several programmes"):
        command.downgrade(alembic_config(engine), "0017")
    with make_sessions(engine).begin() as s:
        assert s.scalar(select(func.count()).select_from(Member)) == 2  # nothing was lost by refusing
        s.execute(Member.__table__.delete().where(Member.programme_id == second.id))
        s.execute(Programme.__table__.delete().where(Programme.id == second.id))
    command.downgrade(alembic_config(engine), "0017")
    with engine.connect() as c:
        assert c.exec_driver_sql("SELECT team_id, mode FROM programmes").all() == [("T1", "mutual")]
        assert c.exec_driver_sql("SELECT team_id, user_id FROM members").all() == [("T1", "U1")]
    upgrade(engine)
    engine.dispose()


def test_upgrading_splits_the_report_totals_per_programme_and_keeps_names_unique_in_any_case(db_url):
    """0022: a workspace with one programme keeps its totals as they were; one with several (made since
    0018) has them recounted per programme from the rows; erasures get the first programme; two names
    differing only in case (a race before) are kept apart; then the database refuses another such name."""
    from sqlalchemy.exc import IntegrityError

    from bot.services import tallies
    from storage.models import Erasure, Meeting, Pair, PairMember, PollAnswer, ReportTally

    engine = make_engine(db_url)
    upgrade(engine, "0021")
    now = datetime(2027, 1, 4, 9, tzinfo=UTC)
    old_tallies = table(
        "report_tallies", column("team_id"), column("week", Date()), column("name"), column("total")
    )
    with engine.begin() as c:
        c.execute(Programme.__table__.insert(), [
            dict(id=i, team_id=team, name=name, mode="mutual", created_at=now, updated_at=now)
            for i, team, name in ((1, "T1", "Mentoring"), (2, "T1", "Leaders"), (3, "T1", "leaders"),
                                  (4, "T2", "Mentoring"))])  # fmt: skip
        c.execute(Member.__table__.insert(), [
            dict(id=i, team_id=team, programme_id=p, user_id=f"U{u}", status="active", career_stage="early",
                 cadence="weekly", department="data", perspectives_consent=False, joined_at=now, updated_at=now)
            for i, team, p, u in ((1, "T1", 1, 1), (2, "T1", 1, 2), (3, "T1", 2, 1), (4, "T1", 2, 3),
                                  (5, "T2", 4, 5), (6, "T2", 4, 6))])  # fmt: skip
        c.execute(Pair.__table__.insert(), [
            dict(id=p, team_id=team, programme_id=prog, status="active", created_at=now, ends_on=date(2027, 4, 1),
                 score=1.0, reasons={}) for p, team, prog in ((1, "T1", 1), (2, "T1", 2), (3, "T2", 4))])  # fmt: skip
        c.execute(PairMember.__table__.insert(), [
            dict(pair_id=p, member_id=m, pair_status="active") for p, ms in ((1, (1, 2)), (2, (3, 4)), (3, (5, 6)))
            for m in ms])  # fmt: skip
        c.execute(Meeting.__table__.insert(), [
            dict(pair_id=p, met_on=date(2027, 1, d), logged_at=now) for p, d in ((1, 5), (1, 12), (2, 6))])  # fmt: skip
        c.execute(PollAnswer.__table__.insert(), [
            dict(team_id="T1", poll_key=f"k{m}", kind="meeting", member_id=m, value=4, learned=True, taught=True,
                 answered_at=now) for m in (1, 3)])  # fmt: skip
        # T1's totals as 0021 kept them (one set for the workspace); T2's, with a count no row explains,
        # which a workspace with one programme keeps as it was.
        c.execute(old_tallies.insert(), [
            dict(team_id=t, week=date(2027, 1, 4), name=n, total=total)
            for t, n, total in (("T1", "meetings", 2), ("T1", "answers", 2), ("T2", "meetings", 7))])  # fmt: skip
        c.execute(
            table("erasures", column("team_id"), column("erased_at")).insert(),
            [dict(team_id="T1", erased_at=now)],
        )
    upgrade(engine)
    week, later = date(2027, 1, 4), date(2027, 1, 11)
    with make_sessions(engine).begin() as s:
        kept = tallies.stored(session=s)
        assert kept[("T1", 1, week, "meetings")] == 1 and kept[("T1", 1, later, "meetings")] == 1
        assert kept[("T1", 1, later, "gap:7")] == 1 and kept[("T1", 2, week, "meetings")] == 1
        assert kept[("T1", 1, week, "people")] == 1 and kept[("T1", 2, week, "people")] == 1
        assert kept[("T2", 4, week, "meetings")] == 7
        assert sum(n for (t, _, _, name), n in kept.items() if t == "T1" and name == "meetings") == 3
        assert s.scalar(select(Erasure.programme_id)) == 1
        assert s.scalars(select(Programme.name).order_by(Programme.id)).all() == [
            "Mentoring", "Leaders", "leaders (3)", "Mentoring"]  # fmt: skip
        assert s.scalar(select(func.count()).select_from(ReportTally)) == len(kept)
    with pytest.raises(IntegrityError), make_sessions(engine).begin() as s:
        s.add(Programme(id=10, team_id="T1", name="LEADERS", created_at=now, updated_at=now))
    with make_sessions(engine).begin() as s:  # another workspace may use the name
        s.add(Programme(id=11, team_id="T2", name="LEADERS", created_at=now, updated_at=now))
    engine.dispose()


def test_downgrading_the_report_per_programme_sums_each_workspace_s_totals(db_url):
    from alembic import command

    from storage.migrate import alembic_config

    engine = make_engine(db_url)
    upgrade(engine)
    now = datetime(2027, 1, 4, tzinfo=UTC)
    with make_sessions(engine).begin() as s:
        first = programme_of(s, "T1")
        second = Programme(team_id="T1", name="Reverse", created_at=now, updated_at=now)
        s.add(second)
        s.flush()
        s.execute(
            insert_tallies := Base.metadata.tables["report_tallies"].insert(),
            [dict(team_id="T1", programme_id=p, week=date(2027, 1, 4), name="meetings", total=n)
             for p, n in ((first, 2), (second.id, 3))],
        )  # fmt: skip
    del insert_tallies
    command.downgrade(alembic_config(engine), "0021")
    with engine.connect() as c:
        assert c.exec_driver_sql("SELECT team_id, name, total FROM report_tallies").all() == [
            ("T1", "meetings", 5)
        ]
    upgrade(engine)
    engine.dispose()


def test_upgrading_makes_an_old_one_sided_agreement_a_proposal_nobody_has_agreed_to_yet(db_url):
    """0024: an agreement one person saved becomes version 1 of a proposal (its text one goal for the whole
    pair); it no longer counts as agreed, and the cadence it set stays in force. A downgrade brings the
    goals back as text."""
    from alembic import command

    from storage.migrate import alembic_config
    from storage.models import Agreement, Pair, PairMember

    engine = make_engine(db_url)
    upgrade(engine, "0023")
    now = datetime(2027, 1, 4, 9, tzinfo=UTC)
    old_pairs = table("pairs", column("id"), column("agreement_goals"), column("agreement_cadence"),
                      column("agreed_at"))  # fmt: skip
    with engine.begin() as c:
        c.execute(Programme.__table__.insert(), [dict(id=1, team_id="T1", name="Mentoring", mode="mutual",
                                                      created_at=now, updated_at=now)])  # fmt: skip
        c.execute(Member.__table__.insert(), [
            dict(id=i, team_id="T1", programme_id=1, user_id=f"U{i}", status="active", career_stage="early",
                 cadence="weekly", department="data", perspectives_consent=False, joined_at=now, updated_at=now)
            for i in (1, 2)])  # fmt: skip
        c.execute(Pair.__table__.insert(), [
            dict(id=p, team_id="T1", programme_id=1, status="active", created_at=now, ends_on=date(2027, 4, 1),
                 score=1.0, reasons={}) for p in (1, 2)])  # fmt: skip
        c.execute(PairMember.__table__.insert(), [dict(pair_id=1, member_id=1), dict(pair_id=1, member_id=2)])
        c.execute(old_pairs.update().where(old_pairs.c.id == 1).values(
            agreement_goals="Ana learns SQL", agreement_cadence="weekly", agreed_at=now))  # fmt: skip
    upgrade(engine)
    with make_sessions(engine).begin() as s:
        (agreement,) = s.scalars(select(Agreement)).all()
        assert (agreement.pair_id, agreement.version, agreement.cadence) == (1, 1, "weekly")
        assert agreement.goals == [{"teacher": None, "learner": None, "goal": "Ana learns SQL"}]
        pair = s.get(Pair, 1)
        assert pair.agreed_at is None and pair.agreement_cadence == "weekly"
        assert s.scalars(select(PairMember.agreed_version)).all() == [None, None]
    command.downgrade(alembic_config(engine), "0023")
    with engine.connect() as c:
        assert c.execute(select(old_pairs.c.agreement_goals).order_by(old_pairs.c.id)).scalars().all() == [
            "Ana learns SQL", None]  # fmt: skip
    engine.dispose()
