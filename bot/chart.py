"""The report's picture: meetings per week and the weekly meeting rate, as a PNG (matplotlib, no display)."""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")  # draw to memory; never look for a screen

from matplotlib import pyplot as plt  # noqa: E402

from bot.report_maths import Week  # noqa: E402


def meetings_chart(weeks: list[Week]) -> bytes:
    """Bars: meetings each week; line: the share of that week's active pairs that met."""
    labels = [f"{w.monday.day} {w.monday:%b}" for w in weeks]
    fig, bars = plt.subplots(figsize=(8, 3.6), dpi=120)
    try:
        bars.bar(labels, [w.meetings for w in weeks], color="#2c4a6e", label="meetings")
        bars.set_ylabel("meetings per week")
        bars.tick_params(axis="x", labelrotation=45, labelsize=8)
        rate = bars.twinx()
        rate.plot(labels, [w.meeting_rate * 100 if w.meeting_rate is not None else float("nan") for w in weeks], color="#e07a1f",
                  marker="o", label="pairs that met (%)")  # fmt: skip
        rate.set_ylim(0, 100)
        rate.set_ylabel("pairs that met (%)")
        fig.suptitle("Mentoring: the last 12 weeks")
        fig.legend(loc="upper left", fontsize=8)
        fig.tight_layout()
        out = io.BytesIO()
        fig.savefig(out, format="png")
        return out.getvalue()
    finally:
        plt.close(fig)
