"""invitations: who an admin invited to a programme

Revision ID: 0019
Revises: 0018
Create Date: 2026-11-30 00:30:00

An invitation-only programme takes only the people its admins invited (`/mentor admin invite`).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.types

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "invitations",
        sa.Column(
            "programme_id", sa.Integer(), sa.ForeignKey("programmes.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("user_id", sa.String(length=32), primary_key=True),
        sa.Column("invited_by", sa.String(length=32), nullable=False),
        sa.Column("created_at", storage.types.UTCDateTime(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("invitations")
