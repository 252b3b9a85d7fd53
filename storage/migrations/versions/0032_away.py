"""away-awareness: members' away status (from Slack), a skipped round, and each programme's heads-up

Revision ID: 0032
Revises: 0031
Create Date: 2026-11-30 11:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.types

revision: str = "0032"
down_revision: str | None = "0031"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("members") as batch:
        batch.add_column(sa.Column("away_since", storage.types.UTCDateTime(), nullable=True))
        batch.add_column(sa.Column("away_until", storage.types.UTCDateTime(), nullable=True))
        batch.add_column(sa.Column("skip_round_at", storage.types.UTCDateTime(), nullable=True))
    # Not in batch mode: SQLite would rebuild the table and can't copy its lower(name) index.
    op.add_column("programmes", sa.Column("heads_up_for", sa.String(40), nullable=True))


def downgrade() -> None:
    op.drop_column("programmes", "heads_up_for")
    with op.batch_alter_table("members") as batch:
        batch.drop_column("skip_round_at")
        batch.drop_column("away_until")
        batch.drop_column("away_since")
