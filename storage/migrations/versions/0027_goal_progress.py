"""goal_progress: how far a pair had got on each goal of its agreement at a check-in

Revision ID: 0027
Revises: 0026
Create Date: 2026-11-30 07:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.types

revision: str = "0027"
down_revision: str | None = "0026"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "goal_progress",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(32), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("pair_id", sa.Integer(), nullable=False),
        sa.Column("checkin_id", sa.Integer(), nullable=False),
        sa.Column("goal", sa.String(40), nullable=False),
        sa.Column("direction", sa.String(8), nullable=False),
        sa.Column("level", sa.String(8), nullable=False),
        sa.Column("noted_at", storage.types.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["programme_id"],
            ["programmes.id"],
            name="fk_goal_progress_programme_id_programmes",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["pair_id"], ["pairs.id"], name="fk_goal_progress_pair_id_pairs", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["checkin_id"], ["checkins.id"], name="fk_goal_progress_checkin_id_checkins", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_goal_progress"),
        sa.UniqueConstraint("checkin_id", "goal", name="uq_goal_progress_checkin_id_goal"),
    )
    op.create_index("ix_goal_progress_programme_id", "goal_progress", ["programme_id"])
    op.create_index("ix_goal_progress_pair_id", "goal_progress", ["pair_id"])


def downgrade() -> None:
    op.drop_index("ix_goal_progress_pair_id", table_name="goal_progress")
    op.drop_index("ix_goal_progress_programme_id", table_name="goal_progress")
    op.drop_table("goal_progress")
