"""The guides shipped as data: each side of a pairing gets its own, in the programme's type."""

import pytest

from bot.guides import DEFAULT_FILE, GuidesError, guides_for, load_guides, partner_is
from bot.matching.scoring import Mode


def test_the_shipped_guides_load_and_cover_every_side_against_every_partner():
    guides = load_guides()
    for side, partner in [(s, p) for s in ("teach", "learn") for p in ("senior", "junior", "peer")]:
        chosen = guides_for(
            guides, teaches=side == "teach", learns=side == "learn", partner=partner, mode=Mode.MUTUAL
        )
        assert chosen[0].side == side and chosen[0].partner == partner, (side, partner)
        assert {g.id for g in chosen} >= {"first-meeting", "confidential"}


def test_someone_who_teaches_and_learns_gets_both_sides_side_specific_first():
    chosen = guides_for(load_guides(), teaches=True, learns=True, partner="senior", mode=Mode.REVERSE)
    assert [g.id for g in chosen][:2] == ["teach-senior", "learn-senior"]


def test_the_partner_is_senior_junior_or_a_peer_by_career_stage():
    assert partner_is(0, [2]) == "senior" and partner_is(3, [1]) == "junior" and partner_is(1, [1]) == "peer"
    assert (
        partner_is(1, [0, 2]) == "peer"
        and partner_is(None, [2]) == "peer"
        and partner_is(1, [None]) == "peer"
    )


def test_a_malformed_guides_file_is_refused_in_one_sentence(tmp_path):
    bad = tmp_path / "guides.toml"
    bad.write_text('[[guides]]\nid = "x"\ntitle = "X"\ntext = "t"\nside = "sideways"\n')
    with pytest.raises(GuidesError, match="unknown side"):
        load_guides(bad)
    assert DEFAULT_FILE.exists()


def test_each_moment_has_its_own_guides_and_a_programme_s_own_replace_the_shipped_ones(tmp_path):
    guides = load_guides()
    after = guides_for(
        guides, teaches=True, learns=False, partner="senior", mode=Mode.REVERSE, when="after-first-meeting"
    )
    assert [g.id for g in after] == ["after-first-teach", "after-first-any"]
    mid = guides_for(guides, teaches=False, learns=True, partner="junior", mode=Mode.REVERSE, when="mid-term")
    assert [g.id for g in mid] == ["mid-term-senior-learner", "mid-term-any"]
    own = tmp_path / "guides.toml"
    own.write_text(
        DEFAULT_FILE.read_text()
        + '\n[[guides]]\nid = "leaders-agenda"\nprogrammes = ["Leaders"]\nreplaces = "first-meeting"\n'
        'title = "Leaders: your first hour"\ntext = "Bring a board paper."\n'
    )
    mine = load_guides(own)
    leaders = guides_for(
        mine, teaches=True, learns=False, partner="senior", mode=Mode.MUTUAL, programme="leaders"
    )
    others = guides_for(
        mine, teaches=True, learns=False, partner="senior", mode=Mode.MUTUAL, programme="Sales"
    )
    assert "leaders-agenda" in {g.id for g in leaders} and "first-meeting" not in {g.id for g in leaders}
    assert "first-meeting" in {g.id for g in others} and "leaders-agenda" not in {g.id for g in others}
