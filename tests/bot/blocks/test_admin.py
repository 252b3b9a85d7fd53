"""The round summary an admin reads: how good the pairing is, in words that are true."""

from types import SimpleNamespace

from bot.blocks.admin import round_text
from bot.catalogue import load_catalogue
from bot.matching.explain import Reasons
from bot.services.rounds import Group, RoundPlan


def a_plan(**quality: object) -> RoundPlan:
    people = tuple(SimpleNamespace(id=i, user_id=f"U{i}") for i in (1, 2))
    group = Group(members=people, score=50.0, reasons=Reasons(teaches={}))  # type: ignore[arg-type]
    return RoundPlan(groups=[group], considered=2, total=50.0, upper_bound=50.0, **quality)  # type: ignore[arg-type]


def test_an_exact_round_says_it_is_the_best_possible():
    assert "(the best possible pairing)" in round_text(a_plan(exact=True), load_catalogue(), preview=True)


def test_a_large_round_gives_its_certified_distance_from_the_best():
    text = round_text(a_plan(gap=0.0012), load_catalogue(), preview=True)
    assert "(within 0.12% of the best possible)" in text


def test_a_round_that_ran_out_of_time_says_so():
    text = round_text(a_plan(gap=0.03, finished=False), load_catalogue(), preview=False)
    assert "(within 3.00% of the best possible; it stopped at its time limit)" in text
