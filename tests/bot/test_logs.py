import logging

from bot.logs import RedactTokens


def test_tokens_are_scrubbed_from_log_records():
    record = logging.LogRecord(
        "x", logging.INFO, __file__, 1, "token %s and %s", ("xoxb-12-34-abc", "xapp-1-A"), None
    )
    assert RedactTokens().filter(record)
    assert record.getMessage() == "token [redacted token] and [redacted token]"
