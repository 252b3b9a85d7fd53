"""pair_departures: someone leaves a trio and the other two stay paired

Revision ID: 0016
Revises: 0015
Create Date: 2026-11-29 21:30:00

A trio member's exit (not a fit, leaving, an admin's change) used to end the whole trio. Now only their
part ends: their pair_members row goes (so they are free to be paired) and this row keeps the history.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.types

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "pair_departures",
        sa.Column("pair_id", sa.Integer(), sa.ForeignKey("pairs.id", ondelete="CASCADE"), primary_key=True),
        sa.Column(
            "member_id", sa.Integer(), sa.ForeignKey("members.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("reason", sa.String(length=24), nullable=False),
        sa.Column("left_at", storage.types.UTCDateTime(), nullable=False),
    )
    op.create_index("ix_pair_departures_member_id", "pair_departures", ["member_id"])


def downgrade() -> None:
    op.drop_index("ix_pair_departures_member_id", table_name="pair_departures")
    op.drop_table("pair_departures")
