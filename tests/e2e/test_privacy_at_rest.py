"""Private text stays out of logs and out of other people's reach on disk."""

from __future__ import annotations

import logging

from sqlalchemy import create_engine

from tests.fakes.slack_requests import profile_values

SECRET_NOTE = "My manager doesn't know I'm job hunting"


def refuse_new_members(db_url: str) -> None:
    """Make every write of a member fail inside the database, as a broken disk or a bad migration would."""
    engine = create_engine(db_url)
    with engine.begin() as c:
        if db_url.startswith("sqlite"):
            c.exec_driver_sql(
                "CREATE TRIGGER refuse BEFORE INSERT ON members BEGIN SELECT RAISE(ABORT, 'refused by the test'); END"
            )
        else:
            c.exec_driver_sql(
                "CREATE FUNCTION refuse() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'refused by the test'; END $$ "
                "LANGUAGE plpgsql"
            )
            c.exec_driver_sql(
                "CREATE TRIGGER refuse BEFORE INSERT ON members FOR EACH ROW EXECUTE FUNCTION refuse()"
            )
    engine.dispose()


def test_a_failed_write_logs_no_word_anyone_typed(app, db_url, caplog):
    caplog.set_level(logging.DEBUG)
    refuse_new_members(db_url)
    app.command("join")
    r = app.submit_modal(profile_values(note=SECRET_NOTE, perspectives=("caregiver",),
                                        consent=True))  # fmt: skip
    assert r.status_code == 200
    assert "something went wrong" in app.responses_text() + str(app.fake.all_messages())
    logged = caplog.text + "".join(str(r.exc_info) for r in caplog.records)
    assert "refused by the test" in logged  # the operator still sees what failed…
    assert SECRET_NOTE not in logged  # …and nothing anyone typed
    assert app.member() is None


def test_a_nul_character_in_typed_text_is_dropped_not_a_failure(app):
    app.join(note="Happy to\x00 help")
    assert app.member().note == "Happy to help"
