"""`/mentor report`: every figure checked against a seeded programme whose answers are worked out by hand."""

import csv
import io
import json
from datetime import UTC, date, datetime

from bot.services import tallies
from storage.models import (
    EndReason,
    Erasure,
    Meeting,
    Member,
    MemberStatus,
    Pair,
    PairMember,
    PairStatus,
    PollAnswer,
)
from tests.conftest import ADMIN, START
from tests.factories import programme_of

TEAM = "T123ABC456"


def at(d: date) -> datetime:
    return datetime(d.year, d.month, d.day, 9, tzinfo=UTC)


COMMENT = "More time for <!channel> questions & less small talk"


def seed(app, *, answers: int = 3) -> None:
    """Today is Monday 4 January 2027."""
    with app.deps.sessions.begin() as s:
        people = {}
        for name, dept, stage, joined, status, extra in [
            ("A", "engineering", "early", date(2026, 12, 1), MemberStatus.ACTIVE, {}),
            ("B", "sales", "senior", date(2026, 12, 1), MemberStatus.ACTIVE, {}),
            (
                "C",
                "engineering",
                "mid",
                date(2026, 12, 1),
                MemberStatus.ACTIVE,
                {"waiting_since": at(date(2027, 1, 1))},
            ),
            ("D", "engineering", "mid", date(2026, 12, 10), MemberStatus.ACTIVE, {}),
            (
                "E",
                "data",
                "early",
                date(2026, 12, 20),
                MemberStatus.PAUSED,
                {"paused_until": date(2027, 2, 1)},
            ),
            ("F", "sales", "mid", date(2026, 11, 1), MemberStatus.LEFT, {"left_at": at(date(2026, 12, 5))}),
        ]:
            m = Member(team_id=TEAM, programme_id=programme_of(s, TEAM), user_id=f"U000000{name}", status=status, career_stage=stage, department=dept,
                       cadence="weekly", tz="Europe/London", joined_at=at(joined), updated_at=at(joined), **extra)  # fmt: skip
            s.add(m)
            people[name] = m
        s.add(Erasure(team_id=TEAM, erased_at=at(date(2026, 12, 15))))
        s.flush()

        def pair(names, created, status, reason=None, meetings=(), stalled=False, ended=None):
            p = Pair(team_id=TEAM, programme_id=programme_of(s, TEAM), status=status, created_at=at(created), ends_on=date(2027, 6, 1), score=50,
                     reasons={}, end_reason=reason, stalled_at=at(created) if stalled else None,
                     ended_at=at(ended) if ended else None,
                     members=[PairMember(member_id=people[n].id) for n in names])  # fmt: skip
            s.add(p)
            s.flush()
            for d in meetings:
                s.add(Meeting(pair_id=p.id, met_on=d, logged_at=at(d)))
            return p

        p1 = pair("AB", date(2026, 12, 7), PairStatus.ACTIVE,
                  meetings=[date(2026, 12, 14), date(2026, 12, 21), date(2026, 12, 31)])  # fmt: skip
        pair(
            "CD",
            date(2026, 10, 1),
            PairStatus.ENDED,
            EndReason.TERM_END,
            meetings=[date(2026, 10, 10), date(2026, 10, 24)],
            ended=date(2026, 12, 24),
        )
        pair("AC", date(2026, 9, 1), PairStatus.ENDED, EndReason.NOT_A_FIT, ended=date(2026, 9, 8))
        pair("AB", date(2026, 6, 1), PairStatus.ENDED, EndReason.TERM_END, ended=date(2026, 9, 1))
        pair("DE", date(2026, 12, 14), PairStatus.ACTIVE, stalled=True)
        for name, value, learned, taught, fit in [("A", 4, True, False, "good"), ("B", 5, True, True, "good"),
                                                  ("C", 2, False, True, "not_sure")][:answers]:  # fmt: skip
            comment = COMMENT if name == "A" else None
            s.add(PollAnswer(team_id=TEAM, poll_key=f"poll:{name}", kind="meeting", pair_id=p1.id,
                             member_id=people[name].id, value=value, learned=learned, taught=taught, fit=fit,
                             comment=comment, answered_at=START))  # fmt: skip
        # Rows written by hand, as after a restore: rebuild what the report keeps from them.
        tallies.recount(session=s, team_id=TEAM)


def report_text(app) -> str:
    app.command("report", user=ADMIN)
    reply = app.fake.responses[-1]
    return json.dumps(reply.get("blocks"), ensure_ascii=False)


def test_every_figure_matches_the_seeded_programme(app):
    app.fake.add_user(ADMIN, "admin")
    seed(app)
    text = report_text(app)
    for expected in [
        "Enrolled: 5 (4 active, 1 paused) · left: 2",
        "Joined in the last 30 days: 2 · waiting for a match: 1",
        "— not in a round yet",  # who waits, and why (seeded by hand: no round has considered them)
        "Active: 2 · ended: 2 · declined: 1",
        "Meeting rate (met within their cadence): 50%",
        "Median days between meetings: 10",
        "Stalled: 1",
        "<@U000000D> + <@U000000E>",
        "Average value: 3.7 / 5 from 3 people",
        "Answers by value (1 = not at all … 5 = extremely): 1: 0 · 2: 1 · 3: 0 · 4: 1 · 5: 1 (answers, not people",
        "Learned something: 67% · taught something: 67%",
        "Pair fit: good 2 · not sure 1 · not a fit 0",
        "Cross-department pairs: 60% · cross-career-stage: 80%",
        "Repeat pairs: 20%",
        # Each week as a sentence (no table: it reads aloud and wraps on a phone); feedback only in the last
        # week, which had answers from 3 people.
        "Week of 19 Oct 2026: 1 meeting, 100% of 1 pairs met, 0 enrolled.",
        "Week of 26 Oct 2026: 0 meetings, 0% of 1 pairs met, 1 enrolled.",
        "Week of 7 Dec 2026: 0 meetings, 0% of 2 pairs met, 4 enrolled.",
        "Week of 14 Dec 2026: 1 meeting, 33% of 3 pairs met, 5 enrolled.",
        # This week is not over: its meetings so far, and no rate that would read as a fall.
        "Week of 4 Jan 2027 (so far): 0 meetings, 2 pairs, 5 enrolled, value 3.7 of 5, 67% learned, 67% taught.",
        # A comment, without a name, from a week in which enough people answered; as typed, never markup.
        "• “More time for &lt;!channel&gt; questions &amp; less small talk” (week of 4 Jan 2027)",
    ]:
        assert expected in text, expected


def test_the_command_lines_report_over_every_team_keeps_the_strictest_minimum_group(app):
    from bot.services.report import programme_report
    from storage.models import Programme

    seed(app)  # three people answered
    with app.deps.sessions.begin() as s:
        assert programme_report(session=s, now=START)[0].value_average is not None
        s.get_one(Programme, programme_of(s, "TOTHER")).min_group_size = 5
    with app.session() as s:
        report, _ = programme_report(session=s, now=START)
    assert report.value_average is None and report.fit is None


def test_a_long_list_of_stalled_pairs_stays_inside_slacks_limits(app):
    app.fake.add_user(ADMIN, "admin")
    with app.deps.sessions.begin() as s:
        for i in range(0, 240, 2):
            members = [Member(team_id=TEAM, programme_id=programme_of(s, TEAM), user_id=f"U{n:08d}", status=MemberStatus.ACTIVE, career_stage="mid",
                              department="data", cadence="weekly", tz="UTC", joined_at=START, updated_at=START)
                       for n in (i, i + 1)]  # fmt: skip
            s.add(Pair(team_id=TEAM, programme_id=programme_of(s, TEAM), status=PairStatus.ACTIVE, created_at=START, ends_on=date(2027, 6, 1), score=1,
                       reasons={}, stalled_at=START, members=[PairMember(member=m) for m in members]))  # fmt: skip
    text = report_text(app)
    assert "Stalled: 120" in text and "<@U00000000> + <@U00000001>" in text
    assert "and 100 more: `/mentor report csv` lists every pair" in text
    assert app.fake.problems == []  # every section within Slack's 3,000 characters


def test_feedback_from_fewer_people_than_the_minimum_is_not_shown(app):
    app.fake.add_user(ADMIN, "admin")
    seed(app, answers=2)
    text = report_text(app)
    assert (
        "Feedback: not enough answers yet (2 people so far)" in text
        and "Pair fit: not enough answers yet" in text
    )
    assert "Average value" not in text and "Answers by value" not in text
    assert "small talk" not in text  # nor any comment: too few people answered that week


def test_non_admins_get_a_polite_refusal_and_no_data(app):
    seed(app)
    app.command("report", user="U000000A")
    reply = app.fake.responses[-1]
    assert "for programme admins only" in reply["text"] and not reply.get("blocks")


def test_csv_exports_hold_pairs_and_totals_but_no_individual_answer(app, tmp_path):
    import csv

    from bot.services.export import feedback_csv, pairs_csv
    from bot.services.report import programme_report

    seed(app)
    with app.session() as s:
        pairs = list(csv.DictReader(pairs_csv(session=s, team_id=TEAM).splitlines()))
        report, _ = programme_report(session=s, now=START, team_id=TEAM)
    assert len(pairs) == 5
    first = next(p for p in pairs if p["created_on"] == "2026-12-07")
    assert (first["members"], first["status"], first["meetings"], first["last_met"]) == (
        "U000000A U000000B",
        "active",
        "3",
        "2026-12-31",
    )
    assert [p["members"] for p in pairs if p["stalled"] == "yes"] == ["U000000D U000000E"]
    feedback = feedback_csv(report)
    assert "average value (1-5),3.67" in feedback and "pair fit: good,2" in feedback
    assert "U000000" not in feedback  # nobody is named in the feedback export
    assert f'"comment, week of 2027-01-04",{COMMENT}' in feedback
    with app.deps.sessions.begin() as s:  # with only two people having answered, no figure is exported
        s.execute(PollAnswer.__table__.delete().where(PollAnswer.poll_key == "poll:C"))
        tallies.recount(session=s, team_id=TEAM)  # a change made by hand, outside the app
    with app.session() as s:
        report, _ = programme_report(session=s, now=START, team_id=TEAM)
    assert "average value (1-5),not enough answers" in feedback_csv(report)
    assert "answers with value" not in feedback_csv(report) and "small talk" not in feedback_csv(report)


def test_the_report_puts_a_real_png_chart_and_the_csv_exports_in_the_admins_dm(app):
    app.fake.add_user(ADMIN, "admin")
    seed(app)
    app.command("report", user=ADMIN)
    (chart,) = app.fake.uploads.values()
    assert chart["content"].startswith(b"\x89PNG\r\n\x1a\n") and len(chart["content"]) > 5000
    width, height = (
        int.from_bytes(chart["content"][16:20], "big"),
        int.from_bytes(chart["content"][20:24], "big"),
    )
    assert (width, height) == (960, 720)  # two panels: meetings and the meeting rate; feedback below
    assert chart["channel"] == "D" + ADMIN[1:] and chart["filename"].endswith(".png")
    (upload,) = app.fake.calls_to("files.getUploadURLExternal")
    assert upload.args["alt_txt"].startswith(
        "Chart of the mentoring programme's last 12 weeks"
    )  # for a screen reader
    assert (
        "4 meetings in all" in upload.args["alt_txt"]
        and "average feedback 3.7 of 5" in upload.args["alt_txt"]
    )
    app.command("report csv", user=ADMIN)
    assert "CSV exports are in your DM" in app.fake.responses[-1]["text"]
    csvs = {
        u["filename"]: u["content"].decode()
        for u in app.fake.uploads.values()
        if u["filename"].endswith(".csv")
    }
    assert len(csvs) == 2
    pairs = next(body for name, body in csvs.items() if "pairs" in name)
    feedback = next(body for name, body in csvs.items() if "feedback" in name)
    assert pairs.splitlines()[0].startswith("pair_id,members,status") and len(pairs.splitlines()) == 6
    assert "average value (1-5),3.67" in feedback and "U000000" not in feedback
    assert [c.args["channel_id"] for c in app.fake.calls_to("files.completeUploadExternal")] == [
        "D" + ADMIN[1:]
    ] * 2


def settings_values(**overrides):
    def select(v):
        return {"value": {"type": "static_select", "selected_option": {"value": str(v)}}}

    def number(v):
        return {"value": {"type": "number_input", "value": str(v)}}

    values = {
        "mode": select("reverse"), "default_cadence": select("weekly"), "round_weekday": select(2), "round_hour": select(14), "checkin_hour": select(11),
        "workday_start": select(8), "workday_end": select(16), "term_weeks": number(10), "cooldown_days": number(90),
        "min_group_size": number(5), "round_timezone": {"value": {"type": "plain_text_input", "value": "Asia/Kolkata"}},
        "allow_trios": {"value": {"type": "checkboxes", "selected_options": []}},
    }  # fmt: skip
    values.update(overrides)
    return values


def opened_initial_value(app, block_id: str) -> str:
    """The preselected value of one field in the modal opened last."""
    view = app.fake.modal()
    block = next(b for b in view["blocks"] if b.get("block_id") == block_id)
    return block["element"]["initial_option"]["value"]


def test_admins_change_the_programme_settings_in_a_modal(app):
    from storage.models import Programme

    app.fake.add_user(ADMIN, "admin")
    app.command("admin settings", user=ADMIN)
    view = app.fake.modal()
    blocks = {b["block_id"]: b for b in view["blocks"]}
    assert (
        blocks["mode"]["element"]["initial_option"]["value"] == "mutual"
    )  # the defaults, before anything is saved
    assert blocks["min_group_size"]["element"]["min_value"] == "3"
    bad = settings_values(
        round_timezone={"value": {"type": "plain_text_input", "value": "Mars/Olympus"}},
        workday_end={"value": {"type": "static_select", "selected_option": {"value": "8"}}},
        min_group_size={"value": {"type": "number_input", "value": "2"}},
        default_cadence={"value": {"type": "static_select", "selected_option": None}},
    )
    errors = app.submit("mentor_settings", bad, user=ADMIN).json()["errors"]
    assert set(errors) == {"round_timezone", "workday_end", "min_group_size", "default_cadence"}
    assert app.submit("mentor_settings", settings_values(), user=ADMIN).text == ""
    with app.session() as s:
        row = s.get_one(Programme, programme_of(s, TEAM))
        assert (row.mode, row.round_weekday, row.round_hour, row.round_timezone) == (
            "reverse",
            2,
            14,
            "Asia/Kolkata",
        )
        assert (row.term_weeks, row.cooldown_days, row.allow_trios, row.min_group_size) == (10, 90, False, 5)
        assert (row.checkin_hour, row.workday_start, row.workday_end) == (11, 8, 16)
        assert row.default_cadence == "weekly"
    # The programme's default cadence is what a newcomer's join modal starts with; a member keeps their own.
    app.fake.add_user("U000000N")
    app.command("join", user="U000000N")
    assert opened_initial_value(app, "cadence") == "weekly"
    app.join("U000000M", cadence="monthly")
    app.command("profile", user="U000000M")
    assert opened_initial_value(app, "cadence") == "monthly"
    app.command("admin settings", user=ADMIN)
    assert opened_initial_value(app, "default_cadence") == "weekly"
    app.submit("mentor_settings", settings_values(mode={"value": {"type": "static_select", "selected_option": {"value": "inclusive"}}}),
               user="U000000A")  # fmt: skip  # a forged submission from a non-admin
    with app.session() as s:
        assert s.get_one(Programme, programme_of(s, TEAM)).mode == "reverse"
    app.command("admin settings", user="U000000A")
    assert "for programme admins only" in app.fake.responses[-1]["text"]


def test_admins_see_a_dashboard_on_the_home_tab_with_working_buttons(app):
    app.fake.add_user(ADMIN, "admin")
    app.fake.add_user("U000000A")
    seed(app)
    app.home_opened(ADMIN)
    home = json.dumps(app.fake.calls_to("views.publish")[-1].args["view"], ensure_ascii=False)
    assert "Programme (admins)" in home and "*active pairs* 2" in home and "*Stalled pairs* 1" in home
    assert "*Feedback* 3.7 / 5 · *learned* 67% · *taught* 67%" in home
    app.home_opened("U000000A")
    assert "Programme (admins)" not in json.dumps(app.fake.calls_to("views.publish")[-1].args["view"])

    app.home_action("home_admin_preview", user=ADMIN)
    assert app.fake.calls_to("chat.postMessage")[-1].args["text"].startswith("*Preview")
    app.home_action("home_admin_settings", user=ADMIN)
    view = app.fake.modal()
    assert (json.loads(view) if isinstance(view, str) else view)["callback_id"] == "mentor_settings"
    app.home_action("home_admin_report", user=ADMIN)
    report = app.fake.calls_to("chat.postMessage")[-1].args
    assert "Mentoring programme report" in json.dumps(report["blocks"]) and len(app.fake.uploads) == 1
    app.home_action("home_admin_match", user="U000000A")  # a forged click from someone who isn't an admin
    assert "for programme admins only" in app.fake.calls_to("chat.postMessage")[-1].args["text"]


def test_confidence_uplift_matches_a_seeded_reverse_programme_and_shows_only_big_enough_groups(app):
    """Four reverse pairs (an early-career mentor, a senior mentee). The seniors rate AI tools 1, 2, 3 when
    agreeing and 3, 4, 5 at term end (a fourth only at the start): 2.0 → 4.0, +2.0 over 3 people. Two
    juniors rate strategy 2 → 3 and 1 → 3: two people, fewer than the minimum group of 3, so not shown.
    Three of the four pairs' agreements were confirmed by both: 75%."""
    from storage.models import Checkin, Confidence, GoalProgress

    app.fake.add_user(ADMIN, "admin")
    with app.deps.sessions.begin() as s:
        programme = programme_of(s, TEAM)
        for i in range(1, 5):
            junior, senior = (Member(team_id=TEAM, programme_id=programme, user_id=f"U{kind}{i:08d}",
                                     status=MemberStatus.ACTIVE, career_stage=stage, department="data",
                                     cadence="weekly", joined_at=START, updated_at=START)
                              for kind, stage in (("J", "early"), ("S", "senior")))  # fmt: skip
            s.add_all([junior, senior])
            s.flush()
            pair = Pair(team_id=TEAM, programme_id=programme, status=PairStatus.ACTIVE, created_at=START,
                        ends_on=date(2027, 6, 1), score=50, reasons={}, agreed_at=START if i < 4 else None,
                        members=[PairMember(member_id=junior.id), PairMember(member_id=senior.id)])  # fmt: skip
            s.add(pair)
            s.flush()
            rows = [(senior, "ai-tools", "up", "start", i)] + (
                [(senior, "ai-tools", "up", "end", i + 2)] if i < 4 else []
            )
            if i <= 2:
                rows += [(junior, "strategy", "down", "start", 3 - i), (junior, "strategy", "down", "end", 3)]
            # Goal progress at a check-in: junior → senior noted by three pairs (a lot twice, some once, and a
            # second note by pair 1), senior → junior by one pair only (withheld).
            checkin = Checkin(pair_id=pair.id, seq=1, since=START.date(), created_at=START)
            s.add(checkin)
            s.flush()
            notes = [("up", "a_lot" if i < 3 else "some")] if i < 4 else [("down", "none")]
            notes += [("up", "a_lot")] if i == 1 else []
            s.add_all(GoalProgress(team_id=TEAM, programme_id=programme, pair_id=pair.id, checkin_id=checkin.id,
                                   goal=f"g{n}", direction=d, level=level, noted_at=START)
                      for n, (d, level) in enumerate(notes))  # fmt: skip
            s.add_all(Confidence(team_id=TEAM, programme_id=programme, pair_id=pair.id, member_id=m.id, topic=t,
                                 direction=d, phase=ph, rating=r, rated_at=START) for m, t, d, ph, r in rows)  # fmt: skip
    text = report_text(app)
    assert "Pairs whose agreement everyone confirmed: 75%" in text
    assert "junior → senior: not yet 0 · some 1 · a lot 3" in text and "senior → junior:" not in text
    assert "AI tools &amp; prompt writing, junior → senior: 2.0 → 4.0 (+2.0, 3 people)" in text
    assert "Strategy" not in text and "…and 1 more too small to show" in text
    app.command("report csv", user=ADMIN)
    (feedback,) = [u for u in app.fake.uploads.values() if "feedback" in u["filename"]]
    rows = dict(csv.reader(io.StringIO(feedback["content"].decode())))
    ai = "AI tools & prompt writing, junior → senior"
    assert (
        rows[f"confidence at start (1-5): {ai}"] == "2.00"
        and rows[f"confidence at term end (1-5): {ai}"] == "4.00"
    )
    assert rows[f"people who rated both: {ai}"] == "3"
    assert rows["share of pairs whose agreement everyone confirmed"] == "0.750"
    assert rows["goal progress notes (junior → senior): a lot"] == "3"
    assert not [k for k in rows if "senior → junior" in k]
    assert not [k for k in rows if "Strategy" in k]


def test_the_skills_market_matches_a_seeded_pool_worked_out_by_hand(app):
    """Enrolled: A (early, engineering) teaches AI tools, wants strategy; B (senior, leadership) teaches
    strategy, wants AI tools; C (early, engineering) wants AI tools; D (mid, sales) teaches SQL, wants AI
    tools; E (early, sales) wants strategy. F left (teaches AI tools: not counted). A and B are paired,
    each learning what they wanted. So AI tools: 1 teach · 3 want · 2 not learning it (C, D); strategy:
    1 · 2 · 1 (E); SQL: 1 · 0 · 0. C, D and E describe themselves as carers (3: shown); D also as working
    in a second language (1: counted, never shown)."""
    from storage.models import MemberPerspective, MemberTopic

    app.fake.add_user(ADMIN, "admin")
    with app.deps.sessions.begin() as s:
        programme = programme_of(s, TEAM)
        people = {}
        for name, stage, dept, teach, learn, status, perspectives in [
            ("A", "early", "engineering", ["ai-tools"], ["strategy"], MemberStatus.ACTIVE, []),
            ("B", "senior", "leadership", ["strategy"], ["ai-tools"], MemberStatus.ACTIVE, []),
            ("C", "early", "engineering", [], ["ai-tools"], MemberStatus.ACTIVE, ["caregiver"]),
            (
                "D",
                "mid",
                "sales",
                ["sql"],
                ["ai-tools"],
                MemberStatus.PAUSED,
                ["caregiver", "non-native-speaker"],
            ),
            ("E", "early", "sales", [], ["strategy"], MemberStatus.ACTIVE, ["caregiver"]),
            ("F", "early", "sales", ["ai-tools"], [], MemberStatus.LEFT, []),
        ]:
            m = Member(team_id=TEAM, programme_id=programme, user_id=f"U00MKT{name}", status=status,
                       career_stage=stage, department=dept, cadence="weekly", joined_at=START, updated_at=START,
                       perspectives_consent=bool(perspectives),
                       topics=[MemberTopic(topic=t, direction="teach") for t in teach]
                       + [MemberTopic(topic=t, direction="learn") for t in learn],
                       perspectives=[MemberPerspective(perspective=p) for p in perspectives])  # fmt: skip
            s.add(m)
            s.flush()
            people[name] = m
        a, b = people["A"].id, people["B"].id
        s.add(Pair(team_id=TEAM, programme_id=programme, status=PairStatus.ACTIVE, created_at=START,
                   ends_on=date(2027, 4, 1), score=1.0,
                   reasons={"teaches": {str(a): {str(b): ["ai-tools"]}, str(b): {str(a): ["strategy"]}}},
                   members=[PairMember(member_id=a), PairMember(member_id=b)]))  # fmt: skip
    text = report_text(app)
    market = text.split("*Skills market*")[1]
    assert (
        market.index("AI tools &amp; prompt writing: 1 teach · 3 want · 2 not learning it")
        < market.index("Strategy &amp; business thinking: 1 teach · 2 want · 1 not learning it")
        < market.index("SQL &amp; querying data: 1 teach · 0 want · 0 not learning it")
    )
    assert "By career stage: Early career (0–3 years) 3 · Mid-level 1 · Senior / expert 1" in market
    assert "By department: Engineering 2 · Sales 2 · Leadership team 1" in market
    assert "Self-described perspectives (with consent): Parent or carer 3" in market
    assert "second language" not in text and "(1 smaller perspective groups not shown)" in market
    app.command("report csv", user=ADMIN)
    (feedback,) = [u for u in app.fake.uploads.values() if "feedback" in u["filename"]]
    rows = dict(csv.reader(io.StringIO(feedback["content"].decode())))
    assert rows["skills: AI tools & prompt writing: not learning it in a pairing now"] == "2"
    assert rows["pool by perspective: Parent or carer"] == "3" and "second language" not in json.dumps(rows)
