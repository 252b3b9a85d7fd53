"""Reading a submitted modal (view.state.values): by block and action id, whatever shape arrives.

Slack sends each input as {block_id: {action_id: element state}}; a forged or broken request can send
anything. Every reader here answers with a string, a tuple of strings or None — never an exception — so
that a bad value becomes a kind inline error, not a stack trace (pure).
"""

from __future__ import annotations

from typing import Any

from bot import ids
from bot.agreement import RATINGS

SENT_RATINGS = {str(r): r for r in RATINGS}


class Form:
    def __init__(self, values: Any) -> None:
        self._values = values if isinstance(values, dict) else {}

    @classmethod
    def of(cls, view: Any) -> Form:
        state = view.get("state") if isinstance(view, dict) else None
        return cls(state.get("values") if isinstance(state, dict) else None)

    def has(self, block: str) -> bool:
        return block in self._values

    def ratings(self) -> dict[str, int]:
        """The private 1-5 confidence ratings chosen, by topic (anything else sent is not a rating)."""
        chosen = {t: self.choice(f"{ids.CONFIDENCE_PREFIX}{t}") for t in self.suffixes(ids.CONFIDENCE_PREFIX)}
        return {t: SENT_RATINGS[v] for t, v in chosen.items() if v in SENT_RATINGS}

    def suffixes(self, prefix: str) -> tuple[str, ...]:
        """What follows `prefix` in the ids of the submitted blocks that start with it."""
        return tuple(b[len(prefix) :] for b in self._values if isinstance(b, str) and b.startswith(prefix))

    def text(self, block: str, action: str = ids.INPUT_ACTION) -> str | None:
        """A text input's value (NUL characters, which no text needs and PostgreSQL refuses, removed)."""
        value = self._element(block, action).get("value")
        return value.replace("\x00", "") if isinstance(value, str) else None

    def choice(self, block: str, action: str = ids.INPUT_ACTION) -> str | None:
        """The value of the one option chosen (a select, radio buttons)."""
        return _value(self._element(block, action).get("selected_option"))

    def choices(self, block: str, action: str = ids.INPUT_ACTION) -> tuple[str, ...]:
        """The values of the options chosen (a multi-select, checkboxes)."""
        return _strings(_value(o) for o in _list(self._element(block, action).get("selected_options")))

    def date(self, block: str, action: str = ids.INPUT_ACTION) -> str | None:
        """The picked date as sent (ISO); None if none was picked, "" if something else was sent."""
        value = self._element(block, action).get("selected_date")
        return None if value is None else value if isinstance(value, str) else ""

    def users(self, block: str, action: str = ids.INPUT_ACTION) -> tuple[str, ...]:
        return _strings(_list(self._element(block, action).get("selected_users")))

    def _element(self, block: str, action: str) -> dict[str, Any]:
        inputs = self._values.get(block)
        element = inputs.get(action) if isinstance(inputs, dict) else None
        return element if isinstance(element, dict) else {}


def _value(option: Any) -> str | None:
    value = option.get("value") if isinstance(option, dict) else None
    return value if isinstance(value, str) else None


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _strings(values: Any) -> tuple[str, ...]:
    return tuple(v for v in values if isinstance(v, str))
