"""team_notes: what a member writes to their programme's team, anonymous unless they sign it

Revision ID: 0025
Revises: 0024
Create Date: 2026-11-30 06:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0025"
down_revision: str | None = "0024"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "team_notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(32), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("sent_on", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["programme_id"],
            ["programmes.id"],
            name="fk_team_notes_programme_id_programmes",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["member_id"], ["members.id"], name="fk_team_notes_member_id_members", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_team_notes"),
    )
    op.create_index("ix_team_notes_programme_id", "team_notes", ["programme_id"])
    op.create_index("ix_team_notes_member_id", "team_notes", ["member_id"])


def downgrade() -> None:
    op.drop_index("ix_team_notes_member_id", table_name="team_notes")
    op.drop_index("ix_team_notes_programme_id", table_name="team_notes")
    op.drop_table("team_notes")
