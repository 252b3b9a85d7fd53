"""recognition: thanks after a meeting, stories at term end (approved by an admin), a programme channel

Revision ID: 0033
Revises: 0032
Create Date: 2026-11-30 12:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.types

revision: str = "0033"
down_revision: str | None = "0032"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain ADD COLUMN (not batch mode): SQLite would rebuild these tables, and can't copy programmes'
    # lower(name) index; pairs is what pair_members' foreign key cascades from.
    op.add_column("programmes", sa.Column("channel_id", sa.String(32), nullable=True))
    op.add_column("pairs", sa.Column("story_decided_at", storage.types.UTCDateTime(), nullable=True))
    op.add_column("pairs", sa.Column("story_approved", sa.Boolean(), nullable=True))
    op.create_table(
        "thanks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pair_id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("written_at", storage.types.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["pair_id"], ["pairs.id"], name="fk_thanks_pair_id_pairs", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.id"], name="fk_thanks_meeting_id_meetings", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["member_id"], ["members.id"], name="fk_thanks_member_id_members", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_thanks"),
        sa.UniqueConstraint("meeting_id", "member_id", name=op.f("uq_thanks_meeting_id_member_id")),
    )
    op.create_index("ix_thanks_pair_id", "thanks", ["pair_id"])
    op.create_table(
        "stories",
        sa.Column("pair_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("consented", sa.Boolean(), nullable=False),
        sa.Column("written_at", storage.types.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["pair_id"], ["pairs.id"], name="fk_stories_pair_id_pairs", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["member_id"], ["members.id"], name="fk_stories_member_id_members", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("pair_id", "member_id", name="pk_stories"),
    )


def downgrade() -> None:
    op.drop_table("stories")
    op.drop_index("ix_thanks_pair_id", table_name="thanks")
    op.drop_table("thanks")
    op.drop_column("pairs", "story_approved")
    op.drop_column("pairs", "story_decided_at")
    op.drop_column("programmes", "channel_id")
