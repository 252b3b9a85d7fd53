"""Conversation starters: whose turn it is to lead, and which starters suit them."""

import re

from bot.catalogue import load_catalogue
from bot.matching.scoring import Mode
from bot.starters import Starter, audiences_for, leader_of, load_starters, pick

LIBRARY = (
    Starter("j-dig", "digital", "junior", "Show a tool you use daily."),
    Starter("s-dig", "digital", "senior", "A technology that surprised you?"),
    Starter("b-car", "career", "both", "A turning point in your career?"),
    Starter("s-car", "career", "senior", "Advice you'd give your younger self?"),
)


def test_turns_go_to_each_teacher_in_turn_so_both_directions_are_covered():
    teaches = {7: {3: ["python"]}, 3: {7: ["writing"]}}
    assert [leader_of(teaches, n) for n in range(4)] == [3, 7, 3, 7]
    assert leader_of({7: {3: ["python"]}, 3: {}}, 1) == 7  # one-way: the only teacher leads
    assert leader_of({}, 0) is None


def test_the_more_junior_or_senior_leader_gets_starters_for_them_and_peers_get_any():
    assert audiences_for(0, [2]) == {"junior", "both"}
    assert audiences_for(2, [0, 1]) == {"senior", "both"}
    assert (
        audiences_for(1, [1]) is None
        and audiences_for(None, [1]) is None
        and audiences_for(1, [None]) is None
    )


def test_pick_prefers_the_leaders_audience_then_the_theme_and_never_repeats():
    junior = frozenset({"junior", "both"})
    for seed in ("a", "b", "c", "d"):
        chosen = pick(LIBRARY, themes=["digital"], mode=Mode.MUTUAL, used=set(), seed=seed, audiences=junior)
        assert chosen.id == "j-dig"  # the only digital one for a junior leader
        chosen = pick(
            LIBRARY, themes=["digital"], mode=Mode.MUTUAL, used={"j-dig"}, seed=seed, audiences=junior
        )
        assert chosen.id == "b-car"  # still for them, on another theme
    everything = {s.id for s in LIBRARY}
    assert pick(LIBRARY, themes=[], mode=Mode.MUTUAL, used=everything, seed="x") is None
    left = pick(LIBRARY, themes=[], mode=Mode.MUTUAL, used=everything - {"s-car"}, seed="x", audiences=junior)
    assert left.id == "s-car"  # when nothing suits, anything fresh beats nothing


def test_the_shipped_library_has_starters_for_every_audience_and_theme():
    starters = load_starters()
    assert len({s.id for s in starters}) == len(starters) >= 60
    assert {s.audience for s in starters} == {"junior", "senior", "both"}
    assert {"digital", "career", "organisation", "inclusion", "integrated"} <= {s.theme for s in starters}


def test_shipped_starters_never_frame_people_by_age_and_ask_each_question_once():
    """Career stage is not age, and mutual mentoring plays down generational conflict."""
    shipped = load_starters()
    ages = re.compile(
        r"\b(age|ages|generations?|young|younger|old|older|millennials?|boomers?)\b", re.IGNORECASE
    )
    framed = [s.id for s in shipped if ages.search(s.text)]
    assert framed == []
    texts = [s.text.strip().lower() for s in shipped]
    assert len(set(texts)) == len(texts)
    by_id = {s.id: s.audience for s in shipped}
    # Questions only experience can answer are for the more senior person to open.
    assert by_id["car-013"] == by_id["car-023"] == "senior"


def test_the_listening_questions_are_asked_by_the_listening_loop_only():
    """Each integrated-mentorship question ships once: privately, as the listening loop's, not also as a
    conversation starter in the pair's DM."""
    asked = {q.label.strip().lower() for q in load_catalogue().listening}
    assert asked and not asked & {s.text.strip().lower() for s in load_starters()}
