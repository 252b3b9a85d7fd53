"""teach_asks: asking members who teach a scarce topic's neighbours whether they could teach it too

Revision ID: 0031
Revises: 0030
Create Date: 2026-11-30 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.types

revision: str = "0031"
down_revision: str | None = "0030"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "teach_asks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(32), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("topic", sa.String(150), nullable=False),
        sa.Column("asked_at", storage.types.UTCDateTime(), nullable=False),
        sa.Column("answer", sa.String(8), nullable=True),
        sa.ForeignKeyConstraint(
            ["member_id"], ["members.id"], name="fk_teach_asks_member_id_members", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_teach_asks"),
        sa.UniqueConstraint("member_id", "topic", name=op.f("uq_teach_asks_member_id_topic")),
    )
    op.create_index("ix_teach_asks_member_id", "teach_asks", ["member_id"])


def downgrade() -> None:
    op.drop_index("ix_teach_asks_member_id", table_name="teach_asks")
    op.drop_table("teach_asks")
