import json
import logging

from bot.logs import RedactTokens
from tests.fakes.slack_api import SPECS
from tests.fakes.slack_requests import sign


def test_our_signer_matches_slacks_published_test_vector():
    vector = json.loads((SPECS / "payloads" / "signing_test_vector.json").read_text())
    signature = sign(vector["signing_secret"], vector["x_slack_request_timestamp"], vector["body"].encode())
    assert signature == vector["expected_x_slack_signature"]


def test_tokens_are_scrubbed_from_log_records():
    record = logging.LogRecord(
        "x", logging.INFO, __file__, 1, "token %s and %s", ("xoxb-12-34-abc", "xapp-1-A"), None
    )
    assert RedactTokens().filter(record)
    assert record.getMessage() == "token [redacted token] and [redacted token]"
