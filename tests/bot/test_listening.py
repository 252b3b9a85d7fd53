"""The listening loop's pure rules: when to ask, which question, which side, and what the report may show."""

from __future__ import annotations

from datetime import date, timedelta

from bot.catalogue import Option, load_catalogue
from bot.listening import due, period_of, period_start, question_for, side
from bot.report_maths import Heard, hearing


def test_asked_at_most_every_six_weeks_and_one_question_a_period_for_everyone():
    today = date(2027, 3, 1)
    assert due(None, today) and due(today - timedelta(weeks=6), today)
    assert not due(today - timedelta(weeks=6) + timedelta(days=1), today)
    start = period_start(period_of(today))
    assert start <= today < start + timedelta(weeks=6) and period_of(start) == period_of(today)
    questions = load_catalogue().listening
    assert len(questions) == 5 and len({q.id for q in questions}) == 5
    assert questions[0].label == "What is being misunderstood about who we are and what we do?"
    asked = [question_for(period_of(start + timedelta(weeks=6 * k)), questions) for k in range(5)]
    assert {q.id for q in asked if q} == {q.id for q in questions}  # five periods: each question once
    assert question_for(3, []) is None


def test_the_side_one_speaks_from_by_career_stage():
    assert side(0, [3]) == "up" and side(4, [1]) == "down" and side(2, [2]) == "peer"
    assert side(2, [1, 3]) == "peer" and side(None, [1]) == "peer" and side(1, [None]) == "peer"


def heard(period: int, stage: str, side_: str, *themes: str, quote: str | None = None) -> Heard:
    return Heard(period, "Q?", themes, stage, side_, quote)


def test_only_periods_and_groups_with_enough_answers_are_read():
    answers = [
        heard(10, "Early", "up", "AI", "Customers", quote="We sell to banks only?"),
        heard(10, "Early", "up", "AI"),
        heard(10, "Exec", "down", "Customers", quote="Support is unheard"),
        heard(9, "Early", "up", "AI", quote="Too few answered then"),
        heard(9, "Exec", "down", "AI"),
    ]
    h = hearing(answers, 3)
    assert h.answers == 3 and h.periods_withheld == 1  # period 9 had only two answers
    assert h.themes == [("AI", 2), ("Customers", 2)]
    assert h.by_stage == {} and h.by_side == {} and h.groups_withheld == 4  # 2 + 1 in each: too few
    assert h.quotes == [("Q?", "We sell to banks only?"), ("Q?", "Support is unheard")]
    assert "Too few answered then" not in str(h)
    h = hearing(answers, 2)
    assert h.answers == 5 and h.by_stage == {
        "Early": [("AI", 3), ("Customers", 1)],
        "Exec": [("AI", 1), ("Customers", 1)],
    }


def test_an_operator_s_catalogue_without_questions_asks_the_shipped_ones(tmp_path):
    shipped = (load_catalogue().listening[0],)
    text = tmp_path / "c.toml"
    source = (load_catalogue.__globals__["DEFAULT_FILE"]).read_text(encoding="utf-8")
    text.write_text(source.split("[[listening]]")[0], encoding="utf-8")
    assert load_catalogue(text).listening[:1] == shipped
    assert isinstance(shipped[0], Option)


def test_a_long_section_keeps_whole_lines_inside_slack_s_limit():
    from bot.blocks.report import SECTION_CHARS, fitted

    lines = [f"• “{'&amp;' * 50}” line {i}" for i in range(40)]
    text = fitted("*What we're hearing*", lines)
    assert len(text) <= SECTION_CHARS and text.endswith("has every line")
    assert all(line in lines or line.startswith(("*", "…")) for line in text.split("\n"))
    assert fitted("*T*", ["a", "b"]) == "*T*\na\nb"
