"""Engine and session factory; one `with sessions.begin()` per request or job."""

from __future__ import annotations

import contextlib
import os
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker


def normalise_url(url: str) -> str:
    """Accept the URL spellings operators paste (postgres://, postgresql://) and use psycopg 3."""
    parsed = make_url(url)
    if parsed.drivername in {"postgres", "postgresql"}:
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


# Units of work, by who waits for them. A job (the scheduler, `tick`, the sender) may wait for a lock as
# long as it takes; a person's request gives up after a short wait and is answered "busy, try again"; a
# person's read takes no write lock on SQLite and is read-only on PostgreSQL.
JOB, REQUEST, READ = "job", "request", "read"
UNIT = "mentor_unit"  # the execution option that carries it
SQLITE_BUSY_MS = {JOB: 30_000, REQUEST: 2_000, READ: 2_000}
PG_LOCK_TIMEOUT, PG_STATEMENT_TIMEOUT = "2s", "10s"  # for requests and reads


def make_engine(url: str, **kwargs: object) -> Engine:
    """The engine for DATABASE_URL. Statements' parameters (notes, goals, perspectives) never reach a log
    or an error message (hide_parameters); a SQLite file is readable by the bot's own user alone."""
    url = normalise_url(url)
    kwargs = {"hide_parameters": True, **kwargs}
    if url.startswith("sqlite"):
        _private_sqlite_file(make_url(url).database)
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False}, **kwargs)

        @event.listens_for(engine, "connect")
        def _sqlite_connect(dbapi_connection: Any, _record: object) -> None:
            dbapi_connection.isolation_level = None  # we issue BEGIN ourselves, below
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")  # ON DELETE CASCADE is how erasure reaches every table
            if ":memory:" not in url and "mode=memory" not in url:
                cursor.execute("PRAGMA journal_mode=WAL")  # readers don't wait for the writer
                # In WAL mode this never corrupts the database; a power cut may lose the last commits.
                cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _sqlite_begin(connection: Connection) -> None:
            unit = connection.get_execution_options().get(UNIT, JOB)
            connection.exec_driver_sql(f"PRAGMA busy_timeout={SQLITE_BUSY_MS[unit]}")
            # SQLite ignores SELECT … FOR UPDATE; taking the write lock when a unit of work begins gives
            # the same guarantee (two submissions of one modal run one after the other, never interleaved).
            # A read takes no write lock: in WAL mode it never waits for the writer.
            connection.exec_driver_sql("BEGIN" if unit == READ else "BEGIN IMMEDIATE")

        return engine
    engine = create_engine(url, pool_pre_ping=True, **kwargs)

    @event.listens_for(engine, "begin")
    def _postgres_begin(connection: Connection) -> None:
        unit = connection.get_execution_options().get(UNIT, JOB)
        if unit == READ:
            connection.exec_driver_sql("SET TRANSACTION READ ONLY")
        if unit != JOB:
            connection.exec_driver_sql(f"SET LOCAL lock_timeout = '{PG_LOCK_TIMEOUT}'")
            connection.exec_driver_sql(f"SET LOCAL statement_timeout = '{PG_STATEMENT_TIMEOUT}'")

    return engine


def _private_sqlite_file(path: str | None) -> None:
    """Create the database file as 0600 before SQLite opens it (SQLite gives its -wal and -shm journals the
    database file's permissions), and close an existing one that others could read."""
    if not path or path == ":memory:" or path.startswith("file:"):
        return
    os.close(os.open(path, os.O_RDWR | os.O_CREAT, 0o600))
    for name in (path, f"{path}-wal", f"{path}-shm"):
        with contextlib.suppress(FileNotFoundError):
            if os.stat(name).st_mode & 0o077:
                os.chmod(name, 0o600)


def make_sessions(engine: Engine, unit: str = JOB) -> sessionmaker[Session]:
    """Sessions for one kind of unit of work (JOB, REQUEST or READ) over the same engine and pool."""
    return sessionmaker(engine.execution_options(**{UNIT: unit}), expire_on_commit=False)


# PostgreSQL: lock_not_available (lock_timeout), query_canceled (statement_timeout).
BUSY_SQLSTATES = {"55P03", "57014"}


def is_busy(error: BaseException) -> bool:
    """Whether the database gave up waiting (a lock held elsewhere, a statement over its time limit): a
    request can be tried again in a moment, nothing is wrong with it."""
    if not isinstance(error, OperationalError):
        return False
    orig = error.orig
    if getattr(orig, "sqlstate", None) in BUSY_SQLSTATES:
        return True
    return "database is locked" in str(orig) or "database table is locked" in str(orig)
