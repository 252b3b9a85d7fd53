"""endings: why a pairing ended (one private tap, counted), and closing quiet pairs after a warning

Revision ID: 0034
Revises: 0033
Create Date: 2026-11-30 13:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.types

revision: str = "0034"
down_revision: str | None = "0033"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("pairs", sa.Column("closes_on", sa.Date(), nullable=True))  # not batch: see 0033
    op.create_table(
        "end_whys",
        sa.Column("pair_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("why", sa.String(16), nullable=False),
        sa.Column("answered_at", storage.types.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["pair_id"], ["pairs.id"], name="fk_end_whys_pair_id_pairs", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["member_id"], ["members.id"], name="fk_end_whys_member_id_members", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["programme_id"],
            ["programmes.id"],
            name="fk_end_whys_programme_id_programmes",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("pair_id", "member_id", name="pk_end_whys"),
    )
    op.create_index("ix_end_whys_programme_id", "end_whys", ["programme_id"])


def downgrade() -> None:
    op.drop_index("ix_end_whys_programme_id", table_name="end_whys")
    op.drop_table("end_whys")
    op.drop_column("pairs", "closes_on")
