from pathlib import Path

import pytest
import yaml

from bot.commands import ADMIN, MENTOR, opens_modal, parse, parse_admin, usage_hint


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


@pytest.mark.parametrize(
    ("text", "modal"),
    [("join", True), ("pause", True), ("pause 2 weeks", False), ("status", False), ("admin settings", True),
     ("admin Settings", True), ("admin", False), ("admin match", False), ("leave", True)],
)  # fmt: skip
def test_whether_a_command_opens_a_modal_is_read_from_its_words_alone(text, modal):
    assert opens_modal(parse(text)) is modal


@pytest.mark.parametrize(
    ("args", "name", "rest"),
    [("", "help", ""), ("match preview", "match", "preview"), ("MATCH", "match", ""),
     ("starters add career What?", "starters", "add career What?"), ("frobnicate", "help", "")],
)  # fmt: skip
def test_admin_sub_commands_are_read_from_the_same_kind_of_table(args, name, rest):
    assert (parse_admin(args).name, parse_admin(args).args) == (name, rest)


def test_the_grammar_the_help_and_the_routes_agree():
    """Adding a sub-command means a line in the table, a help line and a route: none can be forgotten."""
    from bot.blocks.admin import ADMIN_HELP, ADMIN_LINES
    from bot.blocks.messages import HELP, HELP_LINES, NOT_IN_HELP
    from handlers.commands import admin, mentor

    names = [s.name for s in MENTOR]
    assert set(HELP_LINES) | set(NOT_IN_HELP) == set(names) and not set(HELP_LINES) & set(NOT_IN_HELP)
    assert set(mentor.ROUTES) == set(names)  # help too: answered in the ack, an admin told more after it
    assert all(f"/mentor {n}" in HELP for n in HELP_LINES)
    assert set(ADMIN_LINES) == {s.name for s in ADMIN} == set(admin.ROUTES)
    assert all(
        line.startswith(f"`/mentor admin {name}") for name, lines in ADMIN_LINES.items() for line in lines
    )
    assert all(line in ADMIN_HELP for lines in ADMIN_LINES.values() for line in lines)


def test_the_manifest_usage_hint_is_the_grammars():
    manifest = yaml.safe_load((Path(__file__).parents[2] / "manifest.yml").read_text())
    (command,) = manifest["features"]["slash_commands"]
    assert command["usage_hint"] == usage_hint()
