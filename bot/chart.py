"""The report's picture: meetings, the weekly meeting rate and feedback over 12 weeks, as a PNG (matplotlib,
no display)."""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")  # draw to memory; never look for a screen

from matplotlib import pyplot as plt  # noqa: E402

from bot.report_maths import Week  # noqa: E402


def meetings_chart(weeks: list[Week]) -> bytes:
    """Above: meetings each week (bars) and the share of that week's active pairs that met (line).
    Below: the average feedback value, only in weeks where enough people answered."""
    labels = [f"{w.monday.day} {w.monday:%b}" for w in weeks]
    fig, (bars, feedback) = plt.subplots(
        2, 1, figsize=(8, 6), dpi=120, sharex=True, gridspec_kw={"height_ratios": [3, 2]}
    )
    try:
        bars.bar(labels, [w.meetings for w in weeks], color="#2c4a6e", label="meetings")
        bars.set_ylabel("meetings per week")
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


def _nan(value: float | None, scale: float = 1.0) -> float:
    """A gap in the line where there is no figure."""
    return float("nan") if value is None else value * scale
