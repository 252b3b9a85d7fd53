"""open modals (where to answer a modal's submission, kept server-side); admins' starters stored as typed

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-29 15:00:00

Custom starters were stored as Slack sent them, with `&`, `<` and `>` escaped; they are now stored as the
admin typed them (and escaped when shown), so the escapes already stored are undone here.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.types

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

starters = sa.table("custom_starters", sa.column("id", sa.Integer), sa.column("text", sa.String))


def _as_typed(text: str) -> str:  # a frozen copy of bot.text.from_slack
    for entity, char in (("&lt;", "<"), ("&gt;", ">"), ("&amp;", "&")):
        text = text.replace(entity, char)
    return text


def upgrade() -> None:
    op.create_table(
        "open_modals",
        sa.Column("view_id", sa.String(length=32), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("response_url", sa.Text(), nullable=False),
        sa.Column("opened_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("view_id", name=op.f("pk_open_modals")),
    )
    with op.batch_alter_table("open_modals", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_open_modals_opened_at"), ["opened_at"], unique=False)
    conn = op.get_bind()
    for row_id, text in conn.execute(sa.select(starters.c.id, starters.c.text)).all():
        if _as_typed(text) != text:
            conn.execute(starters.update().where(starters.c.id == row_id).values(text=_as_typed(text)))


def downgrade() -> None:
    with op.batch_alter_table("open_modals", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_open_modals_opened_at"))
    op.drop_table("open_modals")
