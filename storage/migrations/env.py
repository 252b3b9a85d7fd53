"""Alembic environment: the engine comes from storage.migrate, never from a global or os.environ."""

from __future__ import annotations

import warnings

from alembic import context
from sqlalchemy.exc import SAWarning

from storage.models import Base

# SQLite batch migrations reflect the tables they copy (and those they refer to), and reflection can't read
# programmes' unique index on lower(name): a batch migration of `programmes` itself must make it again.
warnings.filterwarnings("ignore", "Skipped unsupported reflection of expression-based index", SAWarning)

MIGRATION_LOCK = 7_301_120  # the advisory lock's key: any number no other code in the database uses

config = context.config
engine = config.attributes["engine"]

with engine.connect() as connection:
    sqlite = connection.dialect.name == "sqlite"
    if sqlite:
        # Batch migrations copy a table and drop the old one; with foreign keys on, that DROP would run
        # ON DELETE CASCADE and empty the child tables. The pragma only works outside a transaction.
        connection.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")
    try:
        with connection.begin():
            if connection.dialect.name == "postgresql":
                # Replicas starting together migrate once: each waits here for the one migrating, then finds
                # the schema at head. (Released when this transaction ends; PostgreSQL's DDL is transactional.)
                connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})")
            context.configure(
                connection=connection,
                target_metadata=Base.metadata,
                render_as_batch=True,  # SQLite can only ALTER tables by copying them
                compare_type=True,
            )
            with context.begin_transaction():
                context.run_migrations()
            if sqlite:
                broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:
                    raise RuntimeError(f"migration left rows with dangling foreign keys: {broken[:5]}")
    finally:
        if sqlite:
            connection.connection.driver_connection.execute("PRAGMA foreign_keys=ON")
