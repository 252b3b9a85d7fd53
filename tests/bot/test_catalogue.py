import pytest

from bot.catalogue import CatalogueError, load_catalogue


def test_the_shipped_catalogue_fits_slack_limits():
    cat = load_catalogue()
    assert len(cat.topics) >= 25
    assert [s.id for s in cat.career_stages][:2] == ["early", "mid"]
    assert cat.stage_rank("executive") > cat.stage_rank("early")
    assert cat.topic_label("python") == "Python & scripting"


def test_an_operator_can_supply_their_own(tmp_path):
    path = tmp_path / "cat.toml"
    path.write_text(
        '[[topic_groups]]\nlabel="All"\ntopics=[{id="a",label="A"},{id="b",label="B"}]\n'
        '[[career_stages]]\nid="x"\nlabel="X"\n[departments]\noptions=[{id="d",label="D"}]\n'
    )
    cat = load_catalogue(path)
    assert list(cat.topics) == ["a", "b"] and cat.perspectives == ()


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        ("not toml [", "not valid TOML"),
        ('[[career_stages]]\nid="x"\nlabel="X"\n', "missing"),
        (
            '[[topic_groups]]\nlabel="G"\ntopics=[{id="a",label="A"},{id="a",label="B"}]\n'
            '[[career_stages]]\nid="x"\nlabel="X"\n[departments]\noptions=[{id="d",label="D"}]\n',
            "repeats an id",
        ),
        (
            f'[[topic_groups]]\nlabel="G"\ntopics=[{{id="a",label="{"L" * 76}"}}]\n'
            '[[career_stages]]\nid="x"\nlabel="X"\n[departments]\noptions=[{id="d",label="D"}]\n',
            "1–75 characters",
        ),
    ],
)
def test_a_broken_catalogue_is_refused_with_a_reason(tmp_path, body, fragment):
    path = tmp_path / "cat.toml"
    path.write_text(body)
    with pytest.raises(CatalogueError) as err:
        load_catalogue(path)
    assert fragment in str(err.value)


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(CatalogueError, match="does not exist"):
        load_catalogue(tmp_path / "nope.toml")
