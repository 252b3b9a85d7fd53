import pytest

from bot.commands import parse


@pytest.mark.parametrize(
    ("text", "name", "args"),
    [
        ("", "help", ""),
        (None, "help", ""),
        ("   ", "help", ""),
        ("help", "help", ""),
        ("JOIN", "join", ""),
        ("enroll", "join", ""),
        ("edit", "profile", ""),
        ("pause until 2027-01-31", "pause", "until 2027-01-31"),
        ("pause   3 weeks ", "pause", "3 weeks"),
        ("frobnicate now", "unknown", "now"),
    ],
)
def test_parse(text, name, args):
    command = parse(text)
    assert (command.name, command.args) == (name, args)


def test_escaped_mentions_are_read_as_user_ids():
    assert parse("avoid <@U123ABC|ana> and <@W999>").mentions == ["U123ABC", "W999"]
