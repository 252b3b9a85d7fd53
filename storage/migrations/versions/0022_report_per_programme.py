"""the report per programme: running totals and erasures belong to a programme; names unique in any case

Revision ID: 0022
Revises: 0021
Create Date: 2026-11-30 03:00:00

`report_tallies` was one set of running totals per workspace. Each total is a sum of contributions that
belong to one pair (its meetings) or one member (their answers), and pairs and members now belong to a
programme: the totals are recounted per programme from the rows, with the same frozen rules migration 0006
counted them with. An erasure records the programme the erased membership was in (the team's first
programme for erasures made before). Programme names are unique in a workspace whatever their case, in the
database too (before, only the exact spelling was, and two admins racing could make "Leaders" and
"leaders").
"""

from collections import defaultdict
from collections.abc import Sequence
from datetime import date

import sqlalchemy as sa
from alembic import op

from storage.frozen_tallies import Answer, answer_tallies, meeting_tallies, to_date

revision: str = "0022"
down_revision: str | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _tallies(keyed_by_programme: bool) -> sa.Table:
    key = ("programme_id", "week", "name") if keyed_by_programme else ("team_id", "week", "name")
    extra: list[sa.schema.SchemaItem] = (
        [
            sa.Column("programme_id", sa.Integer(), nullable=False),
            sa.ForeignKeyConstraint(
                ["programme_id"],
                ["programmes.id"],
                name="fk_report_tallies_programme_id_programmes",
                ondelete="CASCADE",
            ),
            sa.Index("ix_report_tallies_team_id", "team_id"),
        ]
        if keyed_by_programme
        else []
    )
    metadata = sa.MetaData()
    sa.Table(
        "programmes", metadata, sa.Column("id", sa.Integer(), primary_key=True)
    )  # what the key refers to
    return sa.Table(
        "report_tallies",
        metadata,
        sa.Column("team_id", sa.String(32), nullable=False),
        sa.Column("week", sa.Date(), nullable=False),
        sa.Column("name", sa.String(24), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        *extra,
        sa.PrimaryKeyConstraint(*key, name="pk_report_tallies"),
    )


def _recount(c: sa.Connection, teams: set[str]) -> list[dict[str, object]]:
    """Every total of these workspaces' programmes, from the rows."""
    meetings: dict[tuple[str, int], list[tuple[int, date]]] = defaultdict(list)
    for team, owner, pair_id, met_on in c.execute(
        sa.text(
            "SELECT p.team_id, p.programme_id, m.pair_id, m.met_on FROM meetings m JOIN pairs p ON p.id = m.pair_id"
        )
    ):
        if team in teams:
            meetings[team, owner].append((pair_id, to_date(met_on)))
    answers: dict[tuple[str, int], list[Answer]] = defaultdict(list)
    for team, owner, member_id, at, value, learned, taught, fit in c.execute(
        sa.text(
            "SELECT m.team_id, m.programme_id, a.member_id, a.answered_at, a.value, a.learned, a.taught, a.fit "
            "FROM poll_answers a JOIN members m ON m.id = a.member_id"
        )
    ):
        if team in teams:
            answers[team, owner].append(Answer(member_id, to_date(at), value, learned, taught, fit))
    rows: list[dict[str, object]] = []
    for team, owner in sorted(meetings.keys() | answers.keys()):
        counts = meeting_tallies(meetings[team, owner]) + answer_tallies(answers[team, owner])
        rows += [
            {"team_id": team, "programme_id": owner, "week": week, "name": name, "total": total}
            for (week, name), total in sorted(counts.items())
        ]
    return rows


def _replace_tallies(rows: list[dict[str, object]], *, by_programme: bool) -> None:
    bind = op.get_bind()
    _tallies(not by_programme).drop(bind)
    table = _tallies(by_programme)
    table.create(bind)
    for start in range(0, len(rows), 1000):
        bind.execute(table.insert(), rows[start : start + 1000])


def _tallies_per_programme(c: sa.Connection) -> list[dict[str, object]]:
    """A workspace with one programme keeps its totals as they are, now that programme's; one with several
    (made since 0018) has them recounted per programme from the rows."""
    programmes: dict[str, list[int]] = defaultdict(list)
    for programme_id, team in c.execute(sa.text("SELECT id, team_id FROM programmes ORDER BY id")):
        programmes[team].append(programme_id)
    several = {team for team, ids in programmes.items() if len(ids) > 1}
    kept = [
        {
            "team_id": team,
            "programme_id": programmes[team][0],
            "week": to_date(week),
            "name": name,
            "total": total,
        }
        for team, week, name, total in c.execute(
            sa.text("SELECT team_id, week, name, total FROM report_tallies")
        )
        if team in programmes and team not in several
    ]
    return kept + _recount(c, several)


def _rename_clashes(c: sa.Connection) -> None:
    """Names that differ only in case (made by a race before this revision): the later programme's name
    gets its id appended, so the new unique index can be made and no programme is lost."""
    seen: set[tuple[str, str]] = set()
    for programme_id, team, name in c.execute(
        sa.text("SELECT id, team_id, name FROM programmes ORDER BY id")
    ):
        if (team, name.lower()) in seen:
            c.execute(
                sa.text("UPDATE programmes SET name = :name WHERE id = :id"),
                {"name": f"{name[:70]} ({programme_id})", "id": programme_id},
            )
        seen.add((team, name.lower()))


def upgrade() -> None:
    bind = op.get_bind()
    _replace_tallies(_tallies_per_programme(bind), by_programme=True)
    with op.batch_alter_table("erasures") as batch:
        batch.add_column(sa.Column("programme_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            "fk_erasures_programme_id_programmes", "programmes", ["programme_id"], ["id"], ondelete="CASCADE"
        )
    op.execute(
        "UPDATE erasures SET programme_id = (SELECT min(programmes.id) FROM programmes "
        "WHERE programmes.team_id = erasures.team_id)"
    )
    _rename_clashes(bind)
    op.create_index(
        "uq_programmes_team_id_lower_name",
        "programmes",
        ["team_id", sa.text("lower(name)")],
        unique=True,
    )


def downgrade() -> None:
    op.drop_index("uq_programmes_team_id_lower_name", table_name="programmes")
    with op.batch_alter_table("erasures") as batch:
        batch.drop_constraint("fk_erasures_programme_id_programmes", type_="foreignkey")
        batch.drop_column("programme_id")
    summed = op.get_bind().execute(
        sa.text("SELECT team_id, week, name, sum(total) FROM report_tallies GROUP BY team_id, week, name")
    )
    _replace_tallies(
        [{"team_id": t, "week": to_date(w), "name": n, "total": total} for t, w, n, total in summed],
        by_programme=False,
    )
