"""listening: the six-weekly question's anonymous answers, who has answered which ask, and when each
member was last asked

Revision ID: 0030
Revises: 0029
Create Date: 2026-11-30 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0030"
down_revision: str | None = "0029"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("members") as batch:
        batch.add_column(sa.Column("listened_on", sa.Date(), nullable=True))
    op.create_table(
        "listening_answers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(32), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("period", sa.Integer(), nullable=False),
        sa.Column("question", sa.String(64), nullable=False),
        sa.Column("themes", sa.JSON(), nullable=False),
        sa.Column("stage", sa.String(64), nullable=True),
        sa.Column("side", sa.String(8), nullable=False),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("quotable", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["programme_id"],
            ["programmes.id"],
            name="fk_listening_answers_programme_id_programmes",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_listening_answers"),
    )
    op.create_index("ix_listening_answers_programme_id", "listening_answers", ["programme_id"])
    op.create_table(
        "listening_turns",
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("asked_on", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"], ["members.id"], name="fk_listening_turns_member_id_members", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("member_id", "asked_on", name="pk_listening_turns"),
    )


def downgrade() -> None:
    op.drop_table("listening_turns")
    op.drop_index("ix_listening_answers_programme_id", table_name="listening_answers")
    op.drop_table("listening_answers")
    with op.batch_alter_table("members") as batch:
        batch.drop_column("listened_on")
