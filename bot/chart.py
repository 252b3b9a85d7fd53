"""The report's picture: meetings per week and the weekly meeting rate, as a PNG (matplotlib, no display)."""

from __future__ import annotations

import io
from datetime import date

import matplotlib

matplotlib.use("Agg")  # draw to memory; never look for a screen

from matplotlib import pyplot as plt  # noqa: E402


def meetings_chart(weeks: list[tuple[date, int, float | None]]) -> bytes:
    """weeks: (Monday, meetings that week, share of active pairs that met that week)."""
    labels = [f"{w.day} {w:%b}" for w, _, _ in weeks]
    fig, bars = plt.subplots(figsize=(8, 3.6), dpi=120)
    try:
        bars.bar(labels, [n for _, n, _ in weeks], color="#2c4a6e", label="meetings")
        bars.set_ylabel("meetings per week")
        bars.tick_params(axis="x", labelrotation=45, labelsize=8)
        rate = bars.twinx()
        rate.plot(labels, [r * 100 if r is not None else float("nan") for _, _, r in weeks], color="#e07a1f",
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
