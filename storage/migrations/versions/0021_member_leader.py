"""members.leader: a reverse programme's leaders list

Revision ID: 0021
Revises: 0020
Create Date: 2026-11-30 00:45:00

In a reverse programme an admin marks the leaders (`/mentor admin leaders`): they are paired only with
people of earlier career stages.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0021"
down_revision: str | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("members") as batch:
        batch.add_column(sa.Column("leader", sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("members") as batch:
        batch.drop_column("leader")
