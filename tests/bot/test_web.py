"""The HTTP gate reads Slack's bodies as Bolt would, only quicker (bot/web.py)."""

import json
import random
from urllib.parse import parse_qsl, quote, urlencode

import pytest

from bot.web import read_body, unquote_plus

ALPHABET = "abcXYZ019 +%&=;?#/\\\"'{}[]:,<>|!$()*@~-_.\n\t—é€😀"


def test_unquote_plus_agrees_with_the_standard_library_on_anything():
    rng = random.Random(7)
    for _ in range(3000):
        text = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 40)))
        for encoded in (quote(text, safe=""), quote(text, safe="").lower(), urlencode({"k": text})[2:]):
            assert unquote_plus(encoded) == dict(parse_qsl("k=" + encoded, keep_blank_values=True)).get(
                "k", ""
            ), encoded


def test_a_form_a_json_body_and_a_payload_are_read_as_bolt_reads_them():
    view = {
        "type": "view_submission",
        "view": {"state": {"values": {"note": {"value": {"value": "50% off & more+"}}}}},
    }
    assert read_body(urlencode({"payload": json.dumps(view)}), "application/x-www-form-urlencoded") == view
    command = {"command": "/mentor", "text": "pause 3 weeks", "user_id": "U1", "empty": ""}
    assert read_body(urlencode(command), "application/x-www-form-urlencoded") == command
    assert read_body(json.dumps({"type": "event_callback"}), "application/json") == {"type": "event_callback"}
    assert read_body("", "application/json") == {}


@pytest.mark.parametrize("body", ["payload=%7Bnot-json", "payload=%5B%5D", "payload=7", "[1, 2]", "{broken"])
def test_what_is_not_a_json_object_or_a_form_is_refused(body):
    with pytest.raises(ValueError):
        read_body(
            body, "application/json" if body.startswith(("[", "{")) else "application/x-www-form-urlencoded"
        )
