"""The skills market's one rule beyond counting: which topics are scarce (more people waiting to learn them
than people teaching them), and which topics are their neighbours (the same group of the catalogue), whose
teachers an admin can ask whether they could teach the scarce one too. Pure."""

from __future__ import annotations

from collections.abc import Mapping

from bot.catalogue import Catalogue

SCARCE_SHOWN = 5  # scarce topics offered with an "ask" button in the report


def scarce(teach: Mapping[str, int], unmet: Mapping[str, int]) -> list[tuple[str, int]]:
    """(topic, people waiting to learn it) where more wait than teach it, the widest gap first."""
    gaps = [(t, n) for t, n in unmet.items() if n > teach.get(t, 0)]
    return sorted(gaps, key=lambda tn: (-(tn[1] - teach.get(tn[0], 0)), -tn[1], tn[0]))[:SCARCE_SHOWN]


def neighbours(catalogue: Catalogue, topic: str) -> set[str]:
    """The other topics of the group(s) this topic is in."""
    return {t.id for g in catalogue.topic_groups if topic in {x.id for x in g.topics} for t in g.topics} - {
        topic
    }
