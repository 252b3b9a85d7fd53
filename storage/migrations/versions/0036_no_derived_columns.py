"""no derived columns: a story is only ever kept with consent (stories.consented was always true), and the
programme of a "why did it end?" answer is its pair's (end_whys.programme_id)

Revision ID: 0036
Revises: 0035
Create Date: 2026-11-30 15:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0036"
down_revision: str | None = "0035"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("stories") as batch:
        batch.drop_column("consented")
    op.drop_index("ix_end_whys_programme_id", table_name="end_whys")
    with op.batch_alter_table("end_whys") as batch:
        batch.drop_constraint("fk_end_whys_programme_id_programmes", type_="foreignkey")
        batch.drop_column("programme_id")


def downgrade() -> None:
    with op.batch_alter_table("end_whys") as batch:
        batch.add_column(sa.Column("programme_id", sa.Integer(), nullable=True))
    op.execute(
        "UPDATE end_whys SET programme_id = (SELECT pairs.programme_id FROM pairs WHERE pairs.id = end_whys.pair_id)"
    )
    with op.batch_alter_table("end_whys") as batch:
        batch.alter_column("programme_id", existing_type=sa.Integer(), nullable=False)
        batch.create_foreign_key(
            "fk_end_whys_programme_id_programmes", "programmes", ["programme_id"], ["id"], ondelete="CASCADE"
        )
    op.create_index("ix_end_whys_programme_id", "end_whys", ["programme_id"])
    with op.batch_alter_table("stories") as batch:
        batch.add_column(sa.Column("consented", sa.Boolean(), nullable=False, server_default=sa.true()))
