"""members.perspectives_note goes: the free-text "in my own words" perspective was collected and used by no one

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-29 21:10:00

Sensitive text that nothing reads is not kept: the column is dropped with whatever was in it.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("members") as batch:
        batch.drop_column("perspectives_note")


def downgrade() -> None:
    with op.batch_alter_table("members") as batch:
        batch.add_column(sa.Column("perspectives_note", sa.Text(), nullable=True))
