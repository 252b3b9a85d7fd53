"""The skills market's rule: which topics are scarce, and which are their neighbours."""

from __future__ import annotations

from bot.catalogue import load_catalogue
from bot.skills import SCARCE_SHOWN, neighbours, scarce


def test_scarce_topics_are_those_with_more_waiting_than_teaching_widest_gap_first():
    teach = {"ai-tools": 1, "sql": 5, "python": 2}
    unmet = {"ai-tools": 9, "sql": 5, "python": 3, "hiring": 2}
    assert scarce(teach, unmet) == [("ai-tools", 9), ("hiring", 2), ("python", 3)]
    assert len(scarce({}, {f"t{i}": 1 for i in range(20)})) == SCARCE_SHOWN


def test_neighbours_are_the_other_topics_of_its_catalogue_group():
    catalogue = load_catalogue()
    near = neighbours(catalogue, "ai-tools")
    assert "python" in near and "sql" in near and "ai-tools" not in near and "negotiation" not in near
    assert neighbours(catalogue, "no-such-topic") == set()
