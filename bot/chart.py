"""The report's picture: meetings, the weekly meeting rate and feedback over 12 weeks, as a PNG (matplotlib,
no display)."""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")  # draw to memory; never look for a screen

from matplotlib import pyplot as plt  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402

from bot.report_maths import Week  # noqa: E402


def meetings_chart(weeks: list[Week]) -> bytes:
    """Above: meetings each week (bars) and the share of that week's active pairs that met (line); the
    current week, not over, is a paler bar marked "so far" with no rate. Below: the average feedback value,
    only in weeks where enough people answered. Whole-number ticks, and a plain note when there is nothing
    to draw yet."""
    labels = _labels(weeks)
    fig, (bars, feedback) = plt.subplots(
        2, 1, figsize=(8, 6), dpi=120, sharex=True, gridspec_kw={"height_ratios": [3, 2]}
    )
    try:
        colours = ["#9fb3c8" if w.partial else "#2c4a6e" for w in weeks]
        bars.bar(labels, [w.meetings for w in weeks], color=colours, label="meetings")
        bars.set_ylabel("meetings per week")
        bars.set_ylim(0, max([w.meetings for w in weeks] + [4]) * 1.15)
        bars.yaxis.set_major_locator(MaxNLocator(integer=True))
        if not any(w.meetings for w in weeks):
            bars.text(
                0.5, 0.5, "no meetings logged yet", transform=bars.transAxes, ha="center", color="#777777"
            )
        rate = bars.twinx()
        rate.plot(
            labels,
            [_nan(w.meeting_rate, 100) for w in weeks],
            color="#e07a1f",
            marker="o",
            label="pairs that met (%)",
        )
        rate.set_ylim(0, 100)
        rate.set_ylabel("pairs that met (%)")
        feedback.plot(
            labels,
            [_nan(w.value_average) for w in weeks],
            color="#3c8d5a",
            marker="s",
            label="average value (1-5)",
        )
        feedback.set_ylim(1, 5)
        feedback.yaxis.set_major_locator(MaxNLocator(integer=True))
        feedback.set_ylabel("average value (1-5)")
        feedback.tick_params(axis="x", labelrotation=45, labelsize=8)
        if all(w.value_average is None for w in weeks):
            feedback.text(
                0.5, 0.5, "not enough answers yet", transform=feedback.transAxes, ha="center", color="#777777"
            )
        fig.suptitle("Mentoring: the last 12 weeks")
        fig.legend(loc="upper center", bbox_to_anchor=(0.5, 0.945), ncol=3, fontsize=8, frameon=False)
        fig.tight_layout(rect=(0, 0, 1, 0.93))
        out = io.BytesIO()
        fig.savefig(out, format="png")
        return out.getvalue()
    finally:
        plt.close(fig)


def _labels(weeks: list[Week]) -> list[str]:
    """Each week's Monday; with the year when the weeks cross a new year; the current week marked."""
    years = len({w.monday.year for w in weeks}) > 1
    return [
        f"{w.monday.day} {w.monday:%b}"
        + (f" {w.monday:%y}" if years else "")
        + (" (so far)" if w.partial else "")
        for w in weeks
    ]


def alt_text(weeks: list[Week]) -> str:
    """What the chart shows, in words, for a screen reader (Slack's alt text for the image)."""
    done = [w for w in weeks if not w.partial]
    if not done or not any(w.meetings for w in weeks):
        return "Chart of the mentoring programme's last 12 weeks: no meetings logged yet."
    last = done[-1]
    rated = [w.meeting_rate for w in done if w.meeting_rate is not None]
    valued = [w.value_average for w in weeks if w.value_average is not None]
    parts = [
        f"Chart of the mentoring programme's last {len(weeks)} weeks, from the week of "
        f"{weeks[0].monday:%-d %B %Y}: {sum(w.meetings for w in weeks)} meetings in all, "
        f"{last.meetings} in the last full week (of {last.monday:%-d %B})",
    ]
    if rated:
        parts.append(f"the share of pairs that met ran from {min(rated):.0%} to {max(rated):.0%}")
    parts.append(
        f"average feedback {sum(valued) / len(valued):.1f} of 5 over the {len(valued)} weeks with enough answers"
        if valued
        else "too few answers yet to show feedback"
    )
    return "; ".join(parts) + "."


def _nan(value: float | None, scale: float = 1.0) -> float:
    """A gap in the line where there is no figure."""
    return float("nan") if value is None else value * scale
