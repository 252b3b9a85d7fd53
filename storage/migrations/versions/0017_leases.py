"""leases: one sender at a time across replicas and cron ticks

Revision ID: 0017
Revises: 0016
Create Date: 2026-11-29 21:40:00

Slack's rate limits belong to the workspace: two replicas (or two overlapping `tick`s) each pacing itself
would together send twice as fast. The sender now holds a lease, taken and renewed in the database.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.types

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "leases",
        sa.Column("name", sa.String(length=32), primary_key=True),
        sa.Column("holder", sa.String(length=64), nullable=False),
        sa.Column("until", storage.types.UTCDateTime(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("leases")
