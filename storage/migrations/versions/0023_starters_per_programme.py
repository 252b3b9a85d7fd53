"""custom_starters.programme_id: an admin's starter for one programme, or (None) for every programme

Revision ID: 0023
Revises: 0022
Create Date: 2026-11-30 04:00:00

Existing starters stay workspace-wide: every programme's pairs keep getting them.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0023"
down_revision: str | None = "0022"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("custom_starters") as batch:
        batch.add_column(sa.Column("programme_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            "fk_custom_starters_programme_id_programmes",
            "programmes",
            ["programme_id"],
            ["id"],
            ondelete="CASCADE",
        )


def downgrade() -> None:
    with op.batch_alter_table("custom_starters") as batch:
        batch.drop_constraint("fk_custom_starters_programme_id_programmes", type_="foreignkey")
        batch.drop_column("programme_id")
