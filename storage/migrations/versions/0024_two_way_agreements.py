"""two-way agreements (a goal per direction, confirmed by every member) and private confidence ratings

Revision ID: 0024
Revises: 0023
Create Date: 2026-11-30 05:30:00

An agreement saved before this revision was one person's: it becomes version 1 of a proposal (its text as
one goal for the whole pair; pairs.agreement_goals is dropped) that nobody has yet agreed to, so the pair's
agreed_at is cleared: an agreement now counts only when both have agreed. The cadence it set stays in effect
until they agree another.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.types

revision: str = "0024"
down_revision: str | None = "0023"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

DEFAULT_MINUTES = 30
DEFAULT_CONFIDENTIAL = "What we say stays between us unless we both agree to share it."


def upgrade() -> None:
    agreements = op.create_table(
        "agreements",
        sa.Column("pair_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("goals", sa.JSON(), nullable=False),
        sa.Column("cadence", sa.String(16), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("confidential", sa.Text(), nullable=False),
        sa.Column("proposed_by", sa.Integer(), nullable=True),
        sa.Column("proposed_at", storage.types.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["pair_id"], ["pairs.id"], name="fk_agreements_pair_id_pairs", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["proposed_by"], ["members.id"], name="fk_agreements_proposed_by_members", ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("pair_id", name="pk_agreements"),
    )
    op.create_table(
        "confidence",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(32), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("pair_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("topic", sa.String(64), nullable=False),
        sa.Column("phase", sa.String(8), nullable=False),
        sa.Column("direction", sa.String(8), nullable=False),
        sa.Column("rating", sa.Integer(), nullable=False),
        sa.Column("rated_at", storage.types.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["programme_id"],
            ["programmes.id"],
            name="fk_confidence_programme_id_programmes",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["pair_id"], ["pairs.id"], name="fk_confidence_pair_id_pairs", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["member_id"], ["members.id"], name="fk_confidence_member_id_members", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_confidence"),
        sa.UniqueConstraint(
            "pair_id", "member_id", "topic", "phase", name="uq_confidence_pair_id_member_id_topic_phase"
        ),
    )
    op.create_index("ix_confidence_programme_id", "confidence", ["programme_id"])
    op.create_index("ix_confidence_member_id", "confidence", ["member_id"])
    with op.batch_alter_table("pair_members") as batch:
        batch.add_column(sa.Column("agreed_version", sa.Integer(), nullable=True))

    pairs = sa.table(
        "pairs",
        sa.column("id", sa.Integer()),
        sa.column("agreement_goals", sa.Text()),
        sa.column("agreement_cadence", sa.String(16)),
        sa.column("agreed_at", storage.types.UTCDateTime()),
    )
    bind = op.get_bind()
    old = bind.execute(
        sa.select(pairs.c.id, pairs.c.agreement_goals, pairs.c.agreement_cadence, pairs.c.agreed_at).where(
            pairs.c.agreement_goals.is_not(None), pairs.c.agreed_at.is_not(None)
        )
    ).all()
    if old:
        bind.execute(
            agreements.insert(),
            [
                {
                    "pair_id": pair_id,
                    "version": 1,
                    "goals": [{"teacher": None, "learner": None, "goal": goals}],
                    "cadence": cadence or "biweekly",
                    "minutes": DEFAULT_MINUTES,
                    "confidential": DEFAULT_CONFIDENTIAL,
                    "proposed_by": None,
                    "proposed_at": agreed_at,
                }
                for pair_id, goals, cadence, agreed_at in old
            ],
        )
    bind.execute(sa.update(pairs).values(agreed_at=None))
    with op.batch_alter_table("pairs") as batch:
        batch.drop_column("agreement_goals")  # now the agreements' goals


def downgrade() -> None:
    # The goals go back as their text, one per line; nobody's agreement is known to have been agreed by all.
    with op.batch_alter_table("pairs") as batch:
        batch.add_column(sa.Column("agreement_goals", sa.Text(), nullable=True))
    agreements = sa.table("agreements", sa.column("pair_id", sa.Integer()), sa.column("goals", sa.JSON()))
    pairs = sa.table("pairs", sa.column("id", sa.Integer()), sa.column("agreement_goals", sa.Text()))
    bind = op.get_bind()
    for pair_id, goals in bind.execute(sa.select(agreements.c.pair_id, agreements.c.goals)).all():
        text = "\n".join(str(g.get("goal") or "") for g in goals or [] if isinstance(g, dict))
        bind.execute(sa.update(pairs).where(pairs.c.id == pair_id).values(agreement_goals=text or None))
    with op.batch_alter_table("pair_members") as batch:
        batch.drop_column("agreed_version")
    op.drop_index("ix_confidence_member_id", table_name="confidence")
    op.drop_index("ix_confidence_programme_id", table_name="confidence")
    op.drop_table("confidence")
    op.drop_table("agreements")
