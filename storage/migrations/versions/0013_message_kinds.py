"""outbox kinds spelled as their keys begin; why a pairing ended in its own column

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-29 16:00:00

Kinds were spelled apart from their keys (`admin_stalled` for keys `stalled-admin:…`, `term_end` for
`term-end:…`), and the partner-gone notice carried its reason inside the kind (`partner_gone:member_left`).
Keys are untouched: they live in Slack too (in each message's marker and in poll buttons).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

outbox = sa.table("outbox", sa.column("kind", sa.String), sa.column("reason", sa.String))

RENAMED = {  # a frozen copy of the old and new spellings
    "admin_stalled": "stalled-admin",
    "term_end": "term-end",
    "poll_meeting": "poll-meeting",
    "poll_periodic": "poll-periodic",
}
GONE = "partner_gone:"


def upgrade() -> None:
    with op.batch_alter_table("outbox") as batch:
        batch.add_column(sa.Column("reason", sa.String(length=24), nullable=True))
    for old, new in RENAMED.items():
        op.execute(outbox.update().where(outbox.c.kind == old).values(kind=new))
    op.execute(
        outbox.update()
        .where(outbox.c.kind.like(f"{GONE}%"))
        .values(reason=sa.func.substr(outbox.c.kind, len(GONE) + 1), kind="partner-gone")
    )


def downgrade() -> None:
    for old, new in RENAMED.items():
        op.execute(outbox.update().where(outbox.c.kind == new).values(kind=old))
    op.execute(
        outbox.update()
        .where(outbox.c.kind == "partner-gone")
        .values(kind=sa.literal(GONE) + sa.func.coalesce(outbox.c.reason, "member_left"))
    )
    with op.batch_alter_table("outbox") as batch:
        batch.drop_column("reason")
