"""Run Alembic migrations from code (the `migrate` and `serve` commands, and the tests)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    command.upgrade(alembic_config(engine), revision)


def move_to(engine: Engine, revision: str) -> None:
    """Upgrade or downgrade the database to this revision (`mentor-bot migrate --to`): down when it is
    below the current one. A revision the code doesn't know raises alembic's CommandError."""
    from alembic.script import ScriptDirectory

    current = current_revision(engine)
    script = ScriptDirectory.from_config(alembic_config(engine))
    target = script.get_revision(revision)  # CommandError for a revision it doesn't know
    below = (
        current is not None
        and target is not None
        and target.revision in {r.revision for r in script.iterate_revisions(current, "base")}
    )
    if below and target is not None and target.revision != current:
        command.downgrade(alembic_config(engine), revision)
    else:
        command.upgrade(alembic_config(engine), revision)


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def new_revision(engine: Engine, message: str) -> None:
    """Autogenerate a revision from the models against a database already at head (developer tool)."""
    upgrade(engine)
    command.revision(alembic_config(engine), message=message, autogenerate=True)


def head_revision() -> str | None:
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return ScriptDirectory.from_config(config).get_current_head()
