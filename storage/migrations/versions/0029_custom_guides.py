"""custom_guides: an admin's own guides, for every programme of the workspace or for one

Revision ID: 0029
Revises: 0028
Create Date: 2026-11-30 08:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.types

revision: str = "0029"
down_revision: str | None = "0028"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "custom_guides",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(32), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=True),
        sa.Column("moment", sa.String(24), nullable=False),
        sa.Column("side", sa.String(8), nullable=False),
        sa.Column("title", sa.String(150), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", storage.types.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["programme_id"],
            ["programmes.id"],
            name="fk_custom_guides_programme_id_programmes",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_custom_guides"),
    )
    op.create_index("ix_custom_guides_team_id", "custom_guides", ["team_id"])


def downgrade() -> None:
    op.drop_index("ix_custom_guides_team_id", table_name="custom_guides")
    op.drop_table("custom_guides")
