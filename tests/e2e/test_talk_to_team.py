"""'Talk to the programme team': a private note to a programme's admins, anonymous unless its writer signs
it — and then no identity anywhere: not in the admins' message, not in the database, not in the log."""

from __future__ import annotations

import json

from sqlalchemy import inspect, select, text

from bot import ids
from handlers.listen import _about
from storage.models import Outbox, Programme, TeamNote
from tests.conftest import ADMIN, captured_log
from tests.factories import programme_of

WRITER = "UWRITER001"
NOTE = "My partner keeps cancelling <!channel> & I feel awkward saying so"


def write(app, values: dict, *, user: str = WRITER):
    app.home_action(ids.TALK_OPEN, user=user)
    modal = app.fake.modal()
    assert modal["callback_id"] == ids.TALK_VIEW
    return app.submit_modal(values, user=user)


def note(value: str, *, named: bool = False) -> dict:
    values = {ids.TALK_TEXT_BLOCK: {"value": {"type": "plain_text_input", "value": value}}}
    chosen = [{"value": ids.TALK_NAMED_VALUE}] if named else []
    values[ids.TALK_NAMED_BLOCK] = {"value": {"type": "checkboxes", "selected_options": chosen}}
    return values


def dms_to(app, user: str) -> list[str]:
    return [m["text"] for m in app.fake.messages_in("D" + user[1:])]


def every_row(app) -> dict[str, list[dict[str, str]]]:
    """Every row of every table, as text by column."""
    with app.deps.sessions.begin() as s:
        tables = [t for t in inspect(s.get_bind()).get_table_names() if t != "alembic_version"]
        return {t: [{k: str(v) for k, v in r._mapping.items()} for r in s.execute(text(f"SELECT * FROM {t}"))]
                for t in tables}  # fmt: skip


def test_an_anonymous_note_reaches_every_admin_with_no_identity_anywhere(app):
    app.fake.add_user(ADMIN, "admin")
    app.fake.add_user("UPROGADM1")
    app.join(WRITER, teach=("sql",), learn=("python",))
    with app.deps.sessions.begin() as s:
        s.get_one(Programme, programme_of(s, "T123ABC456")).admins = ["UPROGADM1"]
    with captured_log() as stream:
        assert write(app, note(NOTE)).text == ""
        app.settle()
    for admin in (ADMIN, "UPROGADM1"):
        (told,) = [t for t in dms_to(app, admin) if "programme team" in t]
        assert "anonymously" in told and "&lt;!channel&gt; &amp; I feel awkward" in told
        assert WRITER not in told
    assert "anonymously" in dms_to(app, WRITER)[-1]  # the writer is told it went, and how
    with app.session() as s:
        (row,) = s.scalars(select(TeamNote)).all()
        assert row.member_id is None
        outbox = [o for o in s.scalars(select(Outbox)) if o.kind.value == "team-note"]
        assert {o.user_id for o in outbox} == {ADMIN, "UPROGADM1"} and {o.member_id for o in outbox} == {None}
    # Nothing stored ties the note to its writer: no row holding its text names them or their membership.
    about_it = [
        (table, row)
        for table, rows in every_row(app).items()
        for row in rows
        if any("feel awkward" in v or v.startswith("team-note:") for v in row.values())
    ]
    assert {t for t, _ in about_it} == {"team_notes", "outbox"}
    for table, row in about_it:
        assert WRITER not in json.dumps(row) and row.get("member_id") == "None", (table, row)
    logged = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert "feel awkward" not in stream.getvalue()
    assert not [e for e in logged if e.get("user") == WRITER], [e for e in logged if e.get("user") == WRITER]
    # Whatever is logged while it is opened or sent says which surface, never who.
    body = {"team": {"id": "T123ABC456"}, "user": {"id": WRITER}}
    for kind, key in (("action", ids.TALK_OPEN), ("view", ids.TALK_VIEW)):
        assert _about(kind, key, body) == {"surface": f"{kind}:{key}", "team": "T123ABC456", "user": ""}
    assert _about("view", ids.POLL_VIEW, body)["user"] == WRITER  # other surfaces say who, as before


def test_only_the_writer_s_own_tick_signs_a_note_and_erasure_takes_it_away(app):
    app.fake.add_user(ADMIN, "admin")
    app.join(WRITER, teach=("sql",), learn=("python",))
    write(app, note("Could we have more evening slots?", named=True))
    (told,) = [t for t in dms_to(app, ADMIN) if "programme team" in t]
    assert f"<@{WRITER}> wrote" in told and "reply to them directly" in told
    with app.session() as s:
        assert s.scalars(select(TeamNote.member_id)).one() is not None
    app.command("leave", user=WRITER)
    app.submit("mentor_leave", {"leave_erase": {"erase": {"type": "checkboxes", "selected_options": [{"value": "erase"}]}}},
               user=WRITER)  # fmt: skip
    with app.session() as s:
        assert s.scalars(select(TeamNote)).all() == []


def test_an_empty_note_gets_an_inline_error_and_someone_in_no_programme_is_told_kindly(app):
    app.fake.add_user(ADMIN, "admin")
    app.join(WRITER, teach=("sql",), learn=("python",))
    r = write(app, note("   "))
    assert r.json()["response_action"] == "errors" and ids.TALK_TEXT_BLOCK in r.json()["errors"]
    app.fake.add_user("UNOBODY01")
    app.home_action(ids.TALK_OPEN, user="UNOBODY01")
    assert "join it first" in json.dumps(app.fake.modal())
    with app.session() as s:
        assert s.scalars(select(TeamNote)).all() == []


def test_a_forged_programme_is_refused_and_nothing_is_kept(app):
    app.fake.add_user(ADMIN, "admin")
    app.join(WRITER, teach=("sql",), learn=("python",))
    app.submit(ids.TALK_VIEW, note("hello"), user=WRITER, private_metadata="99999")
    assert "join it first" in dms_to(app, WRITER)[-1]
    with app.session() as s:
        assert s.scalars(select(TeamNote)).all() == []


def test_the_report_counts_notes_and_says_nothing_of_who(app):
    app.fake.add_user(ADMIN, "admin")
    app.join(WRITER, teach=("sql",), learn=("python",))
    write(app, note("One"))
    write(app, note("Two", named=True))
    app.command("report", user=ADMIN)
    shown = json.dumps(app.fake.responses[-1], ensure_ascii=False)
    assert "Messages to the programme team: 2 (1 anonymous" in shown and WRITER not in shown


def test_every_poll_offers_a_way_to_talk_to_the_team():
    from bot.blocks.keep_meeting import poll_message, term_end_message

    for _, blocks in (
        poll_message(key="k", poll_key="k"),
        poll_message(key="k", poll_key="k", answered=True),
        term_end_message(key="k", pair_id=1, partners=["U1"], poll_key="k"),
    ):
        assert ids.TALK_OPEN in json.dumps([b.to_dict() for b in blocks])
    from bot.blocks.keep_meeting import poll_modal

    assert "Talk to the programme team" in json.dumps(poll_modal(poll_key="k", ask_fit=True).to_dict())
