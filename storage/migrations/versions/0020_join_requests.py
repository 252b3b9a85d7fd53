"""join_requests: requests to join a programme that takes people by approval

Revision ID: 0020
Revises: 0019
Create Date: 2026-11-30 00:40:00

Someone joining an approval programme fills in their profile as usual; it waits here, with the request,
until a programme admin approves (then it becomes a membership) or declines (then it is deleted).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.types

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "join_requests",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column(
            "programme_id", sa.Integer(), sa.ForeignKey("programmes.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("profile", sa.JSON(), nullable=False),
        sa.Column("tz", sa.String(length=64), nullable=True),
        sa.Column("requested_at", storage.types.UTCDateTime(), nullable=False),
        sa.UniqueConstraint("programme_id", "user_id", name="uq_join_requests_programme_id_user_id"),
    )
    op.create_index("ix_join_requests_team_id", "join_requests", ["team_id"])


def downgrade() -> None:
    op.drop_index("ix_join_requests_team_id", table_name="join_requests")
    op.drop_table("join_requests")
