"""Text people type is data, never markup: the one helper every message uses to show it (pure)."""

from __future__ import annotations

SLACK_ENTITIES = (("&lt;", "<"), ("&gt;", ">"), ("&amp;", "&"))  # the only three Slack escapes


def typed(text: str | None, *, limit: int | None = None) -> str:
    """Person-typed text made safe inside mrkdwn: `&`, `<` and `>` escaped, so `<!channel>`, `<@U…>` and
    `<https://…|…>` show as the characters typed and ping or link no one. With `limit`, cut to that many
    characters (with an ellipsis) first."""
    text = text or ""
    if limit is not None and len(text) > limit:
        text = text[:limit].rstrip() + "…"
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def from_slack(text: str | None) -> str:
    """Slash-command text as the person typed it. Slack escapes `&`, `<` and `>` in it (and writes
    mentions and links as markup); stored or shown, it must be the person's own characters."""
    text = text or ""
    for entity, char in SLACK_ENTITIES:
        text = text.replace(entity, char)
    return text
