"""Putting files in a conversation: an admin's DM with the bot, a pair's group DM (Slack's external upload
flow, via files_upload_v2)."""

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
    upload_to(client, channel, files, comment, alt=alt)


def upload_to(
    client: WebClient,
    channel: str,
    files: list[tuple[str, bytes, str]],
    comment: str,
    *,
    alt: str | None = None,
) -> None:
    described = {"alt_txt": alt[:1000]} if alt else {}
    client.files_upload_v2(
        file_uploads=[
            {"file": content, "filename": name, "title": title, **described} for name, content, title in files
        ],
        channel=channel,
        initial_comment=comment,
    )
