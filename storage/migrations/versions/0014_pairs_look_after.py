"""pairs.look_after: the keep-meeting planner skips a pair until then, so an idle tick costs the same at any size

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-29 17:00:00

Every pair starts with NULL (look now): the first tick after the upgrade looks at each once.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.types

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("pairs", sa.Column("look_after", storage.types.UTCDateTime(), nullable=True))
    op.drop_index("ix_pairs_team_id_status", table_name="pairs")
    op.create_index("ix_pairs_status_look_after_team_id", "pairs", ["status", "look_after", "team_id"])


def downgrade() -> None:
    op.drop_index("ix_pairs_status_look_after_team_id", table_name="pairs")
    op.create_index("ix_pairs_team_id_status", "pairs", ["team_id", "status"])
    op.drop_column("pairs", "look_after")
