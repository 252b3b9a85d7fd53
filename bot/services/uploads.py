"""Putting files in an admin's DM with the bot (Slack's external upload flow, via files_upload_v2)."""

from __future__ import annotations

from slack_sdk import WebClient


def upload_to_dm(client: WebClient, user_id: str, files: list[tuple[str, bytes, str]], comment: str) -> None:
    """files: (filename, content, title)."""
    channel = client.conversations_open(users=user_id)["channel"]["id"]
    client.files_upload_v2(
        file_uploads=[{"file": content, "filename": name, "title": title} for name, content, title in files],
        channel=channel,
        initial_comment=comment,
    )
