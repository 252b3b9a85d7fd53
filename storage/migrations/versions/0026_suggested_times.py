"""pairs.meeting_at and pairs.meeting_from: the next meeting as picked from suggested times, and where from

Revision ID: 0026
Revises: 0025
Create Date: 2026-11-30 06:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.types

revision: str = "0026"
down_revision: str | None = "0025"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("pairs") as batch:
        batch.add_column(sa.Column("meeting_at", storage.types.UTCDateTime(), nullable=True))
        batch.add_column(sa.Column("meeting_from", sa.String(120), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("pairs") as batch:
        batch.drop_column("meeting_from")
        batch.drop_column("meeting_at")
