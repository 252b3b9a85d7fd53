"""round_entries.why: why someone waits for a match, in a class an admin can act on

Revision ID: 0035
Revises: 0034
Create Date: 2026-11-30 14:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0035"
down_revision: str | None = "0034"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("round_entries", sa.Column("why", sa.String(16), nullable=True))


def downgrade() -> None:
    op.drop_column("round_entries", "why")
