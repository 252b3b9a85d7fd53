"""`/mentor my data`: the right of access. The person gets, in their DM, one JSON file of everything held
about them — profile, pairings, check-in and poll answers, avoid list — and nothing of anyone else's."""

import json

from sqlalchemy import select

from bot.services import tallies
from storage.models import Member, Pair, PollAnswer
from tests.conftest import ADMIN, START

ME, PARTNER = "UAAAA0001", "UBBBB0002"


def test_my_data_is_everything_about_me_and_nothing_about_my_partner(app):
    app.fake.add_user(ADMIN, "admin")
    app.join(ME, teach=("sql",), learn=("python",), note="I <3 & SQL")
    app.join(PARTNER, teach=("python",), learn=("sql",), note="partner's own note")
    app.command("avoid <@UCCCC0003|c>", user=ME)
    app.command("admin match", user=ADMIN)
    with app.deps.sessions.begin() as s:  # one poll answer each (the partner's is confidential)
        pair = s.scalars(select(Pair)).one()
        mine, theirs = (s.scalars(select(Member).where(Member.user_id == u)).one() for u in (ME, PARTNER))
        with tallies.recounted(session=s, team_id=pair.team_id, member_ids=[mine.id, theirs.id]):
            for who, comment in ((mine, "my comment"), (theirs, "partner's comment")):
                s.add(PollAnswer(team_id=pair.team_id, poll_key=f"k{who.id}", kind="meeting", pair_id=pair.id,
                                 member_id=who.id, value=4, learned=True, taught=False, comment=comment, answered_at=START))  # fmt: skip
    app.command("my data", user=ME)
    assert "in your DM" in app.fake.responses[-1]["text"]
    (upload,) = [u for u in app.fake.uploads.values() if u["filename"].startswith("my-mentoring-data-")]
    assert upload["channel"] == "D" + ME[1:]
    data = json.loads(upload["content"])
    (membership,) = data["programmes"]
    assert membership["note"] == "I <3 & SQL" and membership["teaches"] == ["sql"]
    assert membership["avoiding"] == ["UCCCC0003"]
    (paired,) = data["pairs"]
    assert paired["with"] == [PARTNER] and paired["status"] == "active"
    assert [a["comment"] for a in data["poll_answers"]] == ["my comment"]
    text = upload["content"].decode()
    assert "partner's own note" not in text and "partner's comment" not in text
    app.command("my stuff", user=ME)
    assert "Did you mean `/mentor my data`" in app.fake.responses[-1]["text"]
