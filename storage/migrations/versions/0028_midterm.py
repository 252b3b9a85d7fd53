"""pairs.midterm_asked_on: the term (by its end) whose mid-term revisit of the agreement was sent

Revision ID: 0028
Revises: 0027
Create Date: 2026-11-30 07:30:00

Pairs formed before this revision are past no mid-term yet as far as the bot knows: those already past
halfway get the revisit at the next look (once), which is what a pair halfway through would want.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0028"
down_revision: str | None = "0027"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("pairs") as batch:
        batch.add_column(sa.Column("midterm_asked_on", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("pairs") as batch:
        batch.drop_column("midterm_asked_on")
