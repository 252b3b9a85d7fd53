"""The pair's cadence is decided by one rule (bot/keeping.py); the report's SQL must give the same answers."""

import itertools
from datetime import UTC, date, datetime

from bot.keeping import pair_cadence
from bot.profile import Cadence
from bot.services.report import pairs_with_cadence
from storage.db import make_engine, make_sessions
from storage.migrate import upgrade
from storage.models import Member, MemberStatus, Pair, PairMember, PairStatus
from tests.factories import programme_of

NOW = datetime(2027, 1, 4, 9, 0, tzinfo=UTC)


def test_the_reports_sql_and_the_planners_rule_agree_on_every_pairs_cadence(db_url):
    engine = make_engine(db_url)
    upgrade(engine)
    sessions = make_sessions(engine)
    wanted: dict[int, int] = {}
    shapes = [
        (agreed, wishes)
        for agreed in (None, *Cadence)
        for size in (2, 3)
        for wishes in itertools.product(list(Cadence), repeat=size)
    ]
    with sessions.begin() as s:
        member_id = 0
        for pair_id, (agreed, wishes) in enumerate(shapes, start=1):
            members = []
            for wish in wishes:
                member_id += 1
                members.append(PairMember(member_id=member_id))
                s.add(
                    Member(
                        id=member_id,
                        team_id="T1",
                        programme_id=programme_of(s, "T1"),
                        user_id=f"U{member_id}",
                        status=MemberStatus.ACTIVE,
                        career_stage="mid",
                        department="data",
                        cadence=wish.value,
                        tz="UTC",
                        joined_at=NOW,
                        updated_at=NOW,
                    )
                )
            s.flush()
            s.add(
                Pair(
                    id=pair_id,
                    team_id="T1",
                    programme_id=programme_of(s, "T1"),
                    status=PairStatus.ENDED,
                    created_at=NOW,
                    ends_on=date(2027, 4, 1),
                    score=1,
                    reasons={},
                    members=members,
                    agreement_cadence=agreed.value if agreed else None,
                )
            )
            wanted[pair_id] = pair_cadence(agreed.value if agreed else None, [w.value for w in wishes]).days
    with sessions.begin() as s:
        got = {pair_id: days for pair_id, _, days in s.execute(pairs_with_cadence(Pair.team_id == "T1"))}
    assert len(got) == len(shapes) and got == wanted
    engine.dispose()
