"""Slack's JSON as Python reads it: a request's body, an action, a view, a Web API answer. Read with .get()
and checked where it matters (bot/blocks/forms.py); typed once, here."""

from typing import Any

Payload = dict[str, Any]
