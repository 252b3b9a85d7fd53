"""The fakes are tested too: requests are signed exactly as Slack signs them."""

import json

from tests.fakes.slack_api import SPECS
from tests.fakes.slack_requests import sign


def test_our_signer_matches_slacks_published_test_vector():
    vector = json.loads((SPECS / "payloads" / "signing_test_vector.json").read_text())
    signature = sign(vector["signing_secret"], vector["x_slack_request_timestamp"], vector["body"].encode())
    assert signature == vector["expected_x_slack_signature"]
