"""Requests as Slack sends them: bodies shaped like Slack's sample payloads, signed with the v0 scheme."""

from __future__ import annotations

import copy
import hashlib
import hmac
import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import requests

from tests.fakes.slack_api import TEAM_ID, FakeSlack

PAYLOADS = Path(__file__).resolve().parent.parent / "slack_specs" / "payloads"


def sign(secret: str, timestamp: str, body: bytes) -> str:
    base = b"v0:" + timestamp.encode() + b":" + body
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


def _sample(name: str) -> dict[str, Any]:
    return json.loads((PAYLOADS / name).read_text())


@dataclass
class SlackSender:
    """Sends signed requests to the app's /slack/events, as Slack would."""

    url: str
    secret: str
    fake: FakeSlack

    def post(
        self,
        body: bytes,
        content_type: str,
        *,
        timestamp: int | None = None,
        signature: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> requests.Response:
        ts = str(int(time.time()) if timestamp is None else timestamp)
        all_headers = {
            "Content-Type": content_type,
            "X-Slack-Request-Timestamp": ts,
            "X-Slack-Signature": signature if signature is not None else sign(self.secret, ts, body),
            **(headers or {}),
        }
        return requests.post(self.url, data=body, headers=all_headers, timeout=10)

    # --- bodies ------------------------------------------------------------------------------------
    def command_body(self, text: str, *, user: str = "U123ABC456", response_key: str = "cmd") -> bytes:
        fields = json.loads((PAYLOADS / "slash_command.fields.json").read_text())
        fields.update(
            command="/mentor",
            text=text,
            user_id=user,
            user_name=user.lower(),
            team_id=TEAM_ID,
            response_url=self.fake.response_url(response_key),
            trigger_id=self.fake.new_trigger_id(),
        )
        return urlencode(fields).encode()

    def command(self, text: str, *, user: str = "U123ABC456", response_key: str = "cmd") -> requests.Response:
        return self.post(
            self.command_body(text, user=user, response_key=response_key), "application/x-www-form-urlencoded"
        )

    def home_action(self, action_id: str, *, user: str = "U123ABC456") -> requests.Response:
        payload = _sample("block_actions_home_tab.json")
        payload["user"].update(id=user, username=user.lower(), name=user.lower())
        payload["trigger_id"] = self.fake.new_trigger_id()
        payload["actions"] = [
            {
                "type": "button",
                "block_id": "home_actions",
                "action_id": action_id,
                "text": {"type": "plain_text", "text": "Button", "emoji": True},
                "action_ts": f"{time.time():.6f}",
            }
        ]
        return self._interactive(payload)

    def block_action(
        self, action_id: str, value: str, *, user: str, channel: str, ts: str, message: dict | None = None
    ) -> requests.Response:
        """A button click on a message in a conversation (e.g. an introduction in a group DM)."""
        payload = self._on_message(user, channel, ts, message)
        payload["actions"] = [_button(action_id, value, "intro_actions")]
        return self._interactive(payload)

    def _on_message(self, user: str, channel: str, ts: str, message: dict | None = None) -> dict[str, Any]:
        """A block_actions payload for something done on a message in a conversation, before its action."""
        payload = _sample("block_actions.json")
        payload["user"].update(id=user, username=user.lower(), name=user.lower())
        payload["trigger_id"] = self.fake.new_trigger_id()
        payload["container"] = {
            "type": "message",
            "message_ts": ts,
            "channel_id": channel,
            "is_ephemeral": False,
        }
        payload["channel"] = {"id": channel, "name": "mpdm"}
        payload["message"] = {**payload.get("message", {}), **(message or {}), "ts": ts}
        payload["response_url"] = self.fake.response_url("action")
        return payload

    def select_action(
        self, action_id: str, block_id: str, value: str, *, user: str, channel: str, ts: str
    ) -> requests.Response:
        """An option chosen in a select on a message (e.g. a goal's progress on a check-in)."""
        payload = self._on_message(user, channel, ts)
        payload["actions"] = [
            {
                "type": "static_select",
                "block_id": block_id,
                "action_id": action_id,
                "selected_option": {"text": {"type": "plain_text", "text": value}, "value": value},
                "action_ts": f"{time.time():.6f}",
            }
        ]
        return self._interactive(payload)

    def view_action(
        self, action_id: str, value: str, *, user: str, view: dict[str, Any]
    ) -> requests.Response:
        """A button click inside a modal the app opened (`view`: as the fake shows it)."""
        payload = _sample("block_actions.json")
        payload["user"].update(id=user, username=user.lower(), name=user.lower())
        payload["trigger_id"] = self.fake.new_trigger_id()
        payload["container"] = {"type": "view", "view_id": view["id"]}
        payload.pop("channel", None)
        payload.pop("message", None)
        payload.pop("response_url", None)
        payload["view"] = {**view, "hash": view.get("hash", "")}
        payload["actions"] = [_button(action_id, value, "picker")]
        return self._interactive(payload)

    def view_submission(
        self,
        callback_id: str,
        values: dict[str, Any],
        *,
        user: str = "U123ABC456",
        private_metadata: str = "",
        view_id: str | None = None,
    ) -> requests.Response:
        """A modal submitted; pass the `view_id` (and metadata) of a modal the app opened to submit that one."""
        payload = _sample("view_submission.json")
        payload["user"].update(id=user, username=user.lower(), name=user.lower())
        payload["trigger_id"] = self.fake.new_trigger_id()
        view = payload["view"]
        view.update(callback_id=callback_id, private_metadata=private_metadata)
        if view_id:
            view.update(id=view_id, root_view_id=view_id)
        view["state"] = {"values": copy.deepcopy(values)}
        return self._interactive(payload)

    def event(self, event: dict[str, Any], *, retry: int | None = None) -> requests.Response:
        body = _sample("app_home_opened_first_visit.json")
        body["event"] = event
        body["event_id"] = f"Ev{int(time.time() * 1000)}"
        headers = {"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_timeout"} if retry else None
        return self.post(json.dumps(body).encode(), "application/json", headers=headers)

    def home_opened(self, user: str = "U123ABC456", *, retry: int | None = None) -> requests.Response:
        event = dict(_sample("app_home_opened_first_visit.json")["event"], user=user, tab="home")
        return self.event(event, retry=retry)

    def _interactive(self, payload: dict[str, Any]) -> requests.Response:
        body = urlencode({"payload": json.dumps(payload, separators=(",", ":"))}).encode()
        return self.post(body, "application/x-www-form-urlencoded")


# --- view_submission state builders: the shapes Slack sends for each element type ------------------
def _button(action_id: str, value: str, block_id: str) -> dict[str, Any]:
    return {
        "type": "button",
        "block_id": block_id,
        "action_id": action_id,
        "value": value,
        "text": {"type": "plain_text", "text": "Button", "emoji": True},
        "action_ts": f"{time.time():.6f}",
    }


def multi(*values: str) -> dict[str, Any]:
    return {
        "value": {
            "type": "multi_static_select",
            "selected_options": [{"text": {"type": "plain_text", "text": v}, "value": v} for v in values],
        }
    }


def single(value: str | None, kind: str = "static_select") -> dict[str, Any]:
    selected = {"text": {"type": "plain_text", "text": value}, "value": value} if value else None
    return {"value": {"type": kind, "selected_option": selected}}


def text(value: str | None, multiline: bool = False) -> dict[str, Any]:
    return {"value": {"type": "plain_text_input", "value": value}}


def checkboxes(*values: str, action_id: str = "value") -> dict[str, Any]:
    return {
        action_id: {
            "type": "checkboxes",
            "selected_options": [{"text": {"type": "plain_text", "text": v}, "value": v} for v in values],
        }
    }


def profile_values(
    *,
    teach=("python", "sql"),
    learn=("public-speaking", "stakeholder-management"),
    stage="early",
    department="engineering",
    cadence="biweekly",
    note=None,
    perspectives=(),
    consent=False,
) -> dict[str, Any]:
    return {
        "teach": multi(*teach),
        "learn": multi(*learn),
        "note": text(note, multiline=True),
        "career_stage": single(stage),
        "department": single(department),
        "cadence": single(cadence, "radio_buttons"),
        "perspectives": multi(*perspectives),
        "consent": checkboxes("consent") if consent else checkboxes(),
    }
