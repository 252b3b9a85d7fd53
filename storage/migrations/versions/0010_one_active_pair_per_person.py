"""one active pair per person, promised by the database

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-29 10:24:12.959325

pair_members gains `pair_status`, a copy of its pair's status that the database keeps (a composite foreign
key to pairs(id, status) with ON UPDATE CASCADE), and a unique index on member_id where that copy is
'active'. Before that index can exist, people already in two active pairs (a race this revision closes)
are repaired: active pairs are taken oldest first, and a pair with someone already taken ends as
'duplicate'; whoever is left without a pair goes back into the pool, first in line.
"""

import logging
from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

import storage.types

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

log = logging.getLogger("alembic.runtime.migration")
ACTIVE = "'active'"

pairs = sa.table(
    "pairs",
    sa.column("id", sa.Integer),
    sa.column("status", sa.String),
    sa.column("end_reason", sa.String),
    sa.column("ended_at", storage.types.UTCDateTime()),
)
members = sa.table(
    "members", sa.column("id", sa.Integer), sa.column("waiting_since", storage.types.UTCDateTime())
)
outbox = sa.table("outbox", sa.column("pair_id", sa.Integer), sa.column("status", sa.String))


def _repair_double_bookings(conn: sa.Connection) -> None:
    rows = conn.execute(
        sa.text(
            "SELECT p.id, pm.member_id FROM pairs p JOIN pair_members pm ON pm.pair_id = p.id "
            "WHERE p.status = 'active' ORDER BY p.id"
        )
    ).all()
    groups: dict[int, list[int]] = {}
    for pair_id, member_id in rows:
        groups.setdefault(pair_id, []).append(member_id)
    taken: set[int] = set()
    ended: list[int] = []
    for pair_id, people in groups.items():  # oldest first: the first pairing formed is the one kept
        if taken.intersection(people):
            ended.append(pair_id)
        else:
            taken.update(people)
    if not ended:
        return
    now = datetime.now(UTC)
    conn.execute(
        pairs.update()
        .where(pairs.c.id.in_(ended))
        .values(status="ended", end_reason="duplicate", ended_at=now)
    )
    conn.execute(outbox.update().where(outbox.c.pair_id.in_(ended), outbox.c.status == "pending").values(
        status="cancelled"))  # fmt: skip
    loose = {m for p in ended for m in groups[p]} - taken
    if loose:
        conn.execute(
            members.update()
            .where(members.c.id.in_(sorted(loose)), members.c.waiting_since.is_(None))
            .values(waiting_since=now)
        )
    log.warning(
        "ended %d pair(s) formed twice by a race; %d people are first in line again", len(ended), len(loose)
    )


def upgrade() -> None:
    with op.batch_alter_table("pairs", schema=None) as batch_op:
        batch_op.create_unique_constraint(batch_op.f("uq_pairs_id_status"), ["id", "status"])
    with op.batch_alter_table("pair_members", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("pair_status", sa.Enum("active", "ended", name="pairstatus", native_enum=False, length=24),
                      server_default="active", nullable=False)
        )  # fmt: skip
    conn = op.get_bind()
    _repair_double_bookings(conn)
    conn.execute(
        sa.text(
            "UPDATE pair_members SET pair_status = (SELECT status FROM pairs WHERE pairs.id = pair_members.pair_id)"
        )
    )
    with op.batch_alter_table("pair_members", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_pair_members_pair_id_pairs"), type_="foreignkey")
        batch_op.create_foreign_key(batch_op.f("fk_pair_members_pair_id_pairs"), "pairs", ["pair_id", "pair_status"],
                                    ["id", "status"], onupdate="CASCADE", ondelete="CASCADE")  # fmt: skip
        batch_op.create_index("uq_pair_members_one_active_pair", ["member_id"], unique=True,
                              sqlite_where=sa.text(f"pair_status = {ACTIVE}"),
                              postgresql_where=sa.text(f"pair_status = {ACTIVE}"))  # fmt: skip


def downgrade() -> None:
    with op.batch_alter_table("pair_members", schema=None) as batch_op:
        batch_op.drop_index("uq_pair_members_one_active_pair")
        batch_op.drop_constraint(batch_op.f("fk_pair_members_pair_id_pairs"), type_="foreignkey")
        batch_op.create_foreign_key(
            batch_op.f("fk_pair_members_pair_id_pairs"), "pairs", ["pair_id"], ["id"], ondelete="CASCADE"
        )
        batch_op.drop_column("pair_status")
    with op.batch_alter_table("pairs", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_pairs_id_status"), type_="unique")
