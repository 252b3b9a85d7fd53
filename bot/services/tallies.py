"""Keep the report's running totals right as meetings and answers change.

Every change that adds or removes meetings or poll answers runs inside `recounted(...)` for the pairs and
members it touches: their contributions are counted before and after, and only the difference is added
(an upsert, so two replicas never lose each other's counts). `recount` rebuilds everything from the rows,
for a restore from backup or hand-made SQL; the tests check that the kept totals always equal it. What
each row contributes is bot.tallies'; the queries are storage.tallies'.
"""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date

from sqlalchemy.orm import Session

from bot.tallies import Answer, Key, answer_tallies, difference, meeting_tallies
from storage import tallies as rows
from storage.tallies import AnswerRow


@contextmanager
def recounted(
    *, session: Session, team_id: str, pair_ids: Iterable[int] = (), member_ids: Iterable[int] = ()
) -> Iterator[None]:
    """Wrap a change to these pairs' meetings and these members' answers (deletions included). Each pair
    and member counts towards its own programme's totals."""
    pairs, members = sorted(set(pair_ids)), sorted(set(member_ids))
    rows.lock(session, pair_ids=pairs, member_ids=members)
    pair_programme, member_programme = rows.programmes_of(session, pair_ids=pairs, member_ids=members)
    groups: dict[int, tuple[list[int], list[int]]] = defaultdict(lambda: ([], []))
    for pair_id, programme_id in pair_programme.items():
        groups[programme_id][0].append(pair_id)
    for member_id, programme_id in member_programme.items():
        groups[programme_id][1].append(member_id)
    before = {p: _contributions(session, *group) for p, group in groups.items()}
    yield
    session.flush()
    for programme_id, group in sorted(groups.items()):
        after = _contributions(session, *group)
        rows.add(
            session,
            team_id=team_id,
            programme_id=programme_id,
            delta=difference(after, before[programme_id]),
        )


def recount(*, session: Session, team_id: str | None = None) -> int:
    """Rebuild what the report keeps from the rows themselves: every running total of each programme, and
    each pair's shape (from its members' current profiles). For a restore from backup or hand-made SQL;
    returns how many totals there are."""
    rows.wipe(session, team_id=team_id)
    total = 0
    for team, programme_id in rows.owners(session, team_id=team_id):
        counts = meeting_tallies(rows.meetings(session, programme_id=programme_id))
        counts += answer_tallies(_answers(rows.answers(session, programme_id=programme_id)))
        rows.add(session, team_id=team, programme_id=programme_id, delta=counts)
        total += len(counts)
    rows.set_shapes(session, _shapes(rows.pair_profiles(session, team_id=team_id)))
    return total


def stored(*, session: Session, team_id: str | None = None) -> dict[tuple[str, int, date, str], int]:
    """Every non-zero total as kept, by (team, programme, week, name): for checks and tests."""
    return rows.stored(session, team_id=team_id)


def _shapes(profiles: Iterable[tuple[int, int, str, str]]) -> list[dict[str, object]]:
    """Each pair's shape from its members' (id, department, stage), the pairs oldest first: across
    departments, across career stages, and whether two of them were paired before."""
    groups: dict[int, list[tuple[int, str, str]]] = defaultdict(list)
    for pair_id, member_id, department, stage in profiles:
        groups[pair_id].append((member_id, department, stage))
    seen: set[frozenset[int]] = set()
    shapes: list[dict[str, object]] = []
    for pair_id, members in groups.items():  # oldest first
        twos = {frozenset((a[0], b[0])) for a, b in itertools.combinations(members, 2)}
        shapes.append(
            {
                "id": pair_id,
                "cross_department": len({m[1] for m in members}) > 1,
                "cross_stage": len({m[2] for m in members}) > 1,
                "repeat": bool(twos & seen),
            }
        )
        seen |= twos
    return shapes


def _contributions(session: Session, pair_ids: list[int], member_ids: list[int]) -> Counter[Key]:
    counts: Counter[Key] = Counter()
    if pair_ids:
        counts += meeting_tallies(rows.meetings(session, pair_ids=pair_ids))
    if member_ids:
        counts += answer_tallies(_answers(rows.answers(session, member_ids=member_ids)))
    return counts


def _answers(found: Iterable[AnswerRow]) -> Iterator[Answer]:
    for member_id, answered_at, value, learned, taught, fit in found:
        yield Answer(member_id, answered_at.date(), value, learned, taught, fit)
