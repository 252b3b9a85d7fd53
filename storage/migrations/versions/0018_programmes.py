"""programmes: several per workspace, each with its own members, rounds and pairs

Revision ID: 0018
Revises: 0017
Create Date: 2026-11-30 00:00:00

`programmes` held one row of settings per workspace (keyed by team_id; a missing row meant the defaults).
Now a workspace runs any number of programmes side by side: each gets an id, a name, a purpose, who may
join, its own admins and catalogue, and a state (active, paused, archived). Every workspace with data
gets one programme (its settings row's, or the defaults) that its members, rounds and pairs now belong to;
a person's membership is per programme (one profile each).
"""

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from alembic import op

import storage.types

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SETTINGS = (
    "mode", "allow_trios", "term_weeks", "cooldown_days", "round_weekday", "round_hour", "round_timezone",
    "weights", "checkin_hour", "workday_start", "workday_end", "min_group_size", "default_cadence",
)  # fmt: skip
DEFAULTS = {
    "mode": "mutual", "allow_trios": True, "term_weeks": 12, "cooldown_days": 182, "round_weekday": 0,
    "round_hour": 9, "round_timezone": "UTC", "weights": None, "checkin_hour": 10, "workday_start": 9,
    "workday_end": 17, "min_group_size": 3, "default_cadence": "biweekly",
}  # fmt: skip
OWNED = ("members", "rounds", "pairs")  # the tables whose rows now belong to a programme
NAMING = {"pk": "pk_%(table_name)s"}  # as the models name primary keys
UNIQUE = {"members": "user_id", "rounds": "slot"}  # unique per workspace before, per programme now
INDEXED = ("members", "pairs")


def _settings_columns() -> list[sa.Column[Any]]:
    return [
        sa.Column("mode", sa.String(16), nullable=False),
        sa.Column("allow_trios", sa.Boolean(), nullable=False),
        sa.Column("term_weeks", sa.Integer(), nullable=False),
        sa.Column("cooldown_days", sa.Integer(), nullable=False),
        sa.Column("round_weekday", sa.Integer(), nullable=False),
        sa.Column("round_hour", sa.Integer(), nullable=False),
        sa.Column("round_timezone", sa.String(64), nullable=False),
        sa.Column("weights", sa.JSON(), nullable=True),
        sa.Column("checkin_hour", sa.Integer(), server_default="10", nullable=False),
        sa.Column("workday_start", sa.Integer(), server_default="9", nullable=False),
        sa.Column("workday_end", sa.Integer(), server_default="17", nullable=False),
        sa.Column("min_group_size", sa.Integer(), server_default="3", nullable=False),
        sa.Column("default_cadence", sa.String(16), server_default="biweekly", nullable=False),
    ]


def _old() -> sa.Table:
    """`programmes` as it was: one row of settings per workspace."""
    return sa.Table(
        "programmes",
        sa.MetaData(naming_convention=NAMING),
        sa.Column("team_id", sa.String(32), primary_key=True),
        *_settings_columns(),
        sa.Column("updated_at", storage.types.UTCDateTime(), nullable=False),
    )


def _new() -> sa.Table:
    return sa.Table(
        "programmes",
        sa.MetaData(naming_convention=NAMING),
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("team_id", sa.String(32), nullable=False),
        sa.Column("name", sa.String(80), nullable=False),
        sa.Column("purpose", sa.Text(), nullable=True),
        sa.Column("enrolment", sa.String(16), server_default="open", nullable=False),
        sa.Column("state", sa.String(16), server_default="active", nullable=False),
        sa.Column("commitment", sa.String(150), nullable=True),
        sa.Column("admins", sa.JSON(), nullable=True),
        sa.Column("catalogue", sa.JSON(), nullable=True),
        *_settings_columns(),
        sa.Column("created_at", storage.types.UTCDateTime(), nullable=False),
        sa.Column("updated_at", storage.types.UTCDateTime(), nullable=False),
        sa.UniqueConstraint("team_id", "name", name="uq_programmes_team_id_name"),
        sa.Index("ix_programmes_team_id", "team_id"),
    )


def _replace(before: sa.Table, after: sa.Table, rows: list[dict[str, object]]) -> None:
    bind = op.get_bind()
    before.drop(bind)
    after.create(bind)
    if rows:
        bind.execute(after.insert(), rows)


def upgrade() -> None:
    bind = op.get_bind()
    old = _old()
    kept = {row.team_id: row._mapping for row in bind.execute(sa.select(old))}
    teams = set(kept)
    for name in OWNED:
        teams |= set(bind.execute(sa.text(f"SELECT DISTINCT team_id FROM {name}")).scalars())  # noqa: S608
    now = datetime.now(UTC)
    rows = []
    for team in sorted(teams):
        row = kept.get(team)
        settings = {k: (row[k] if row is not None else DEFAULTS[k]) for k in SETTINGS}
        stamp = row["updated_at"] if row is not None else now
        rows.append(
            {"team_id": team, "name": "Mentoring", **settings, "created_at": stamp, "updated_at": stamp}
        )
    _replace(old, _new(), rows)

    for name in OWNED:
        with op.batch_alter_table(name) as batch:
            batch.add_column(sa.Column("programme_id", sa.Integer(), nullable=True))
        op.execute(
            f"UPDATE {name} SET programme_id = "  # noqa: S608
            f"(SELECT programmes.id FROM programmes WHERE programmes.team_id = {name}.team_id)"
        )
        with op.batch_alter_table(name) as batch:
            batch.alter_column("programme_id", existing_type=sa.Integer(), nullable=False)
            batch.create_foreign_key(
                f"fk_{name}_programme_id_programmes",
                "programmes",
                ["programme_id"],
                ["id"],
                ondelete="CASCADE",
            )
            if name in UNIQUE:
                batch.drop_constraint(f"uq_{name}_team_id_{UNIQUE[name]}", type_="unique")
                batch.create_unique_constraint(
                    f"uq_{name}_programme_id_{UNIQUE[name]}", ["programme_id", UNIQUE[name]]
                )
            if name in INDEXED:
                batch.create_index(f"ix_{name}_programme_id", ["programme_id"])


def downgrade() -> None:
    bind = op.get_bind()
    several = (
        bind.execute(sa.text("SELECT team_id FROM programmes GROUP BY team_id HAVING COUNT(*) > 1"))
        .scalars()
        .first()
    )
    if several is not None:
        raise RuntimeError(
            f"workspace {several} runs several programmes: this revision keeps one per workspace; "
            "archive and delete the others first"
        )
    for name in reversed(OWNED):
        with op.batch_alter_table(name) as batch:
            if name in INDEXED:
                batch.drop_index(f"ix_{name}_programme_id")
            if name in UNIQUE:
                batch.drop_constraint(f"uq_{name}_programme_id_{UNIQUE[name]}", type_="unique")
                batch.create_unique_constraint(f"uq_{name}_team_id_{UNIQUE[name]}", ["team_id", UNIQUE[name]])
            batch.drop_constraint(f"fk_{name}_programme_id_programmes", type_="foreignkey")
            batch.drop_column("programme_id")
    new = _new()
    rows = [
        {"team_id": r.team_id, **{k: r._mapping[k] for k in SETTINGS}, "updated_at": r.updated_at}
        for r in bind.execute(sa.select(new))
    ]
    _replace(new, _old(), rows)
