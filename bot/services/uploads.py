"""Putting files in an admin's DM with the bot (Slack's external upload flow, via files_upload_v2)."""

from __future__ import annotations

from slack_sdk import WebClient


def upload_to_dm(
    client: WebClient,
    user_id: str,
    files: list[tuple[str, bytes, str]],
    comment: str,
    *,
    alt: str | None = None,
) -> None:
    """files: (filename, content, title); `alt`: an image's description for screen readers."""
    channel = client.conversations_open(users=user_id)["channel"]["id"]
    described = {"alt_txt": alt[:1000]} if alt else {}
    client.files_upload_v2(
        file_uploads=[
            {"file": content, "filename": name, "title": title, **described} for name, content, title in files
        ],
        channel=channel,
        initial_comment=comment,
    )
