"""The report's chart and its words: the week not over is marked, ticks are whole, the empty state is plain."""

from datetime import date, timedelta

from bot.chart import _labels, alt_text, meetings_chart
from bot.report_maths import Week


def weeks(meetings: list[int], first: date = date(2026, 10, 19)) -> list[Week]:
    out = [
        Week(first + timedelta(weeks=n), m, 0.5 if m else 0.0, 4, 8, 4.0 if n > 8 else None, 0.5, 0.5)
        for n, m in enumerate(meetings)
    ]
    out[-1] = Week(out[-1].monday, meetings[-1], None, 4, 8, None, None, None, partial=True)
    return out


def test_labels_carry_the_year_across_a_new_year_and_mark_the_week_not_over():
    labels = _labels(weeks([1] * 12))
    assert labels[0] == "19 Oct 26" and labels[-1] == "4 Jan 27 (so far)"
    assert _labels(weeks([1] * 12, first=date(2026, 3, 2)))[0] == "2 Mar"


def test_the_alt_text_says_what_the_chart_shows():
    text = alt_text(weeks([1, 2, 0, 3, 1, 1, 2, 2, 1, 3, 2, 1]))
    assert text.startswith(
        "Chart of the mentoring programme's last 12 weeks, from the week of 19 October 2026"
    )
    assert "19 meetings in all, 2 in the last full week" in text and "from 0% to 50%" in text
    assert "average feedback 4.0 of 5 over the 2 weeks with enough answers" in text
    assert (
        alt_text(weeks([0] * 12))
        == "Chart of the mentoring programme's last 12 weeks: no meetings logged yet."
    )


def test_an_empty_programme_still_draws_a_chart():
    assert meetings_chart(weeks([0] * 12)).startswith(b"\x89PNG")
