"""A local fake of Slack's Web API: records every call, answers like Slack, injects 429/5xx/errors.

Every call is checked against Slack's own OpenAPI spec (method known, required arguments present, no
unknown arguments) and every view or message against slack_sdk's Block Kit models; what fails those
checks lands in `problems`, which the test fixtures assert is empty.
"""

from __future__ import annotations

import itertools
import json
import math
import threading
import time
from collections import defaultdict, deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

from slack_sdk.errors import SlackObjectFormationError
from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

SPECS = Path(__file__).resolve().parent.parent / "slack_specs"
TRIGGER_LIFETIME = 3.0  # seconds, as in Slack
TEAM_ID = "T123ABC456"
BOT_USER = "U0BOT12345"

# Arguments Slack added after the 2020 OpenAPI snapshot, or that slack_sdk always sends
# (Bolt's per-request client adds team_id to every call, as org-wide apps need).
ANY_METHOD_ARGS = {"team_id"}
NEWER_ARGS: dict[str, set[str]] = {
    "chat.postMessage": {"metadata", "unfurl_links", "unfurl_media"},
    "conversations.open": {"prevent_creation"},
    "apps.connections.open": set(),
}
# Newer than the 2020 spec snapshot: the app-level-token method and the external file upload flow.
NOT_IN_SPEC = {"apps.connections.open", "files.getUploadURLExternal", "files.completeUploadExternal"}
MAX_BLOCKS = {"modal": 100, "home": 100, "message": 50}


@dataclass
class Call:
    method: str
    args: dict[str, Any]
    token: str | None
    at: float


@dataclass
class Failure:
    status: int = 200
    error: str | None = None
    retry_after: int | None = None
    after_effect: bool = False  # Slack did the work, but the answer never arrived intact
    drop: bool = False  # Slack did the work, then the connection broke before any answer


@dataclass
class FakeUser:
    id: str
    name: str
    tz: str = "Europe/London"
    tz_offset: int = 0
    is_admin: bool = False
    is_owner: bool = False
    deleted: bool = False
    is_bot: bool = False


@dataclass
class RateLimits:
    """Slack's rate limits, enforced as Slack does (a 429 with Retry-After), optionally `speed` times faster:
    calls to each method in `per_minute` over any sliding minute (one over is tolerated, as Slack tolerates
    a little burst), and chat.postMessage once every `channel_seconds` in any one channel. Arrivals jitter
    (threads, sockets, a busy machine), so a channel's post may come up to `jitter` of a gap early: two posts
    at once in one channel are still a burst, one a few milliseconds early is not."""

    per_minute: dict[str, float]
    channel_seconds: float = 1.0
    speed: float = 1.0
    jitter: float = 0.5  # of a channel gap
    refused: int = 0

    def __post_init__(self) -> None:
        self._calls: dict[str, deque[float]] = defaultdict(deque)
        self._due: dict[str, float] = {}  # channel → when its next post is due, at the steady pace

    def check(self, method: str, args: dict[str, Any], now: float) -> float | None:
        """None if the call may go; else how many seconds to wait (and it counts as refused)."""
        window = 60.0 / self.speed
        if method in self.per_minute:
            calls = self._calls[method]
            while calls and calls[0] <= now - window:
                calls.popleft()
            if len(calls) > self.per_minute[method]:
                self.refused += 1
                return calls[0] + window - now
            calls.append(now)
        if method == "chat.postMessage":
            channel, gap = str(args.get("channel")), self.channel_seconds / self.speed
            due = self._due.get(channel, now)
            if now < due - self.jitter * gap:
                self.refused += 1
                return due - now
            self._due[channel] = max(due, now) + gap
        return None


@dataclass
class FakeSlack:
    bot_token: str = "xoxb-1234-5678-fake"
    app_token: str | None = None
    calls: list[Call] = field(default_factory=list)
    responses: list[dict[str, Any]] = field(default_factory=list)  # posts to response_url
    response_paths: list[str] = field(default_factory=list)  # where each of those was posted
    problems: list[str] = field(default_factory=list)
    users: dict[str, FakeUser] = field(default_factory=dict)
    groups: dict[str, list[str]] = field(default_factory=dict)  # user group id → its members
    socket_mode_url: str | None = None
    late_modals: list[str] = field(default_factory=list)  # views.open calls whose trigger_id had expired
    latency: float = 0.0  # seconds each Web API call takes to answer (the load benchmark uses ~0.1)
    validate: bool = True  # check every call against Slack's specs (the load benchmark spares the CPU)
    modal_opened: dict[str, tuple[float, str]] = field(default_factory=dict)  # trigger → (when, view id)
    limits: RateLimits | None = None  # Slack's rate limits, enforced (the delivery benchmark)

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._failures: dict[str, deque[Failure]] = defaultdict(deque)
        self._triggers: dict[str, float] = {}
        self._ids = itertools.count(1)
        self._spec = _load_spec()
        self._server: ThreadingHTTPServer | None = None
        self._messages: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self._arrived = threading.local()
        self._modals: dict[str, dict[str, Any]] = {}  # view id → the view as it stands
        self._opened: list[str] = []  # view ids in the order they were opened
        self.uploads: dict[str, dict[str, Any]] = {}  # file id → filename, bytes, and where it was shared

    # --- lifecycle -------------------------------------------------------------------------------
    def start(self) -> FakeSlack:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802
                fake._handle(self)

            do_GET = do_POST  # noqa: N815

            def log_message(self, *args: object) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server:
            self._server.shutdown()
            self._server.server_close()

    @property
    def root(self) -> str:
        assert self._server
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    @property
    def base_url(self) -> str:
        return f"{self.root}/api/"

    # --- set-up helpers for tests ---------------------------------------------------------------
    def add_user(self, user_id: str, name: str | None = None, **kwargs: Any) -> FakeUser:
        user = FakeUser(id=user_id, name=name or user_id.lower(), **kwargs)
        self.users[user_id] = user
        return user

    def fail(
        self,
        method: str,
        *,
        status: int = 200,
        error: str | None = None,
        retry_after: int | None = None,
        times: int = 1,
        after_effect: bool = False,
        drop: bool = False,
    ) -> None:
        """Make the next `times` calls to `method` fail (429 with Retry-After, a 5xx, or ok:false error).
        With after_effect, the call takes effect first (a message is posted) and only the answer fails;
        with drop, it takes effect and then the connection closes without any answer at all."""
        if status == 200 and error is None and not drop:
            raise ValueError("say how it should fail")
        with self._lock:
            self._failures[method].extend(
                Failure(status, error, retry_after, after_effect or drop, drop) for _ in range(times)
            )

    def messages_in(self, channel: str) -> list[dict[str, Any]]:
        with self._lock:
            return [dict(m) for m in self._messages.get(channel, [])]

    def all_messages(self) -> dict[str, list[dict[str, Any]]]:
        with self._lock:
            return {c: [dict(m) for m in ms] for c, ms in self._messages.items()}

    def new_trigger_id(self) -> str:
        trigger = f"{next(self._ids)}{int(time.time())}.1234567890123.{next(self._ids):032x}"
        with self._lock:
            self._triggers[trigger] = time.monotonic()
        return trigger

    def modal(self, index: int = -1) -> dict:
        """A modal as the person sees it now: the `index`-th opened, with every update applied."""
        with self._lock:
            return dict(self._modals[self._opened[index]])

    def modals(self) -> list[dict]:
        with self._lock:
            return [dict(self._modals[v]) for v in self._opened]

    def response_url(self, key: str = "default") -> str:
        return f"{self.root}/response/{TEAM_ID}/{key}"

    def calls_to(self, method: str) -> list[Call]:
        with self._lock:
            return [c for c in self.calls if c.method == method]

    def methods(self) -> list[str]:
        with self._lock:
            return [c.method for c in self.calls]

    # --- the server ------------------------------------------------------------------------------
    def _handle(self, request: BaseHTTPRequestHandler) -> None:
        arrived = time.monotonic()
        length = int(request.headers.get("Content-Length") or 0)
        raw = request.rfile.read(length) if length else b""
        path = request.path.split("?", 1)[0]
        if path == "/_state":  # for a load benchmark running the fake in a process of its own
            return self._json(request, self.state(), delay=False)
        if path == "/_trigger":  # a trigger_id, as Slack issues one with each click (for that benchmark)
            return self._json(request, {"trigger_id": self.new_trigger_id()}, delay=False)
        if path.startswith("/upload/"):
            file_id = path.rsplit("/", 1)[1]
            with self._lock:
                if file_id not in self.uploads:
                    return self._send(request, 404, b"unknown upload", "text/plain")
                self.uploads[file_id]["content"] = raw
            return self._send(request, 200, f"OK - {len(raw)}".encode(), "text/plain")
        if path.startswith("/response/"):
            body = json.loads(raw or b"{}")
            problems = _check_blocks("response_url", body.get("blocks") or [], "message")
            with self._lock:
                self.responses.append(body)
                self.response_paths.append(path)
                self.problems.extend(problems)
            if problems:  # as Slack answers a response_url post it can't show
                return self._send(request, 400, b"invalid_blocks", "text/plain")
            return self._send(request, 200, b"ok", "text/plain")
        if not path.startswith("/api/"):
            return self._send(request, 404, b"not found", "text/plain")
        method = path[len("/api/") :]
        args = _read_args(request, raw)
        self._arrived.arrival = arrived  # when this call reached Slack (a trigger_id's clock stops here)
        token = (request.headers.get("Authorization") or "").removeprefix("Bearer ") or args.pop(
            "token", None
        )
        with self._lock:
            wait = self.limits.check(method, args, arrived) if self.limits else None
            if wait is None:
                self.calls.append(Call(method, args, token, time.time()))
            failure = self._failures[method].popleft() if wait is None and self._failures[method] else None
        if wait is not None:
            retry = {"Retry-After": str(max(1, math.ceil(wait)))}
            payload = json.dumps({"ok": False, "error": "ratelimited"}).encode()
            return self._send(request, 429, payload, "application/json", retry)
        if failure and failure.after_effect:
            self._validate(method, args, token)
            self._answer(method, args, token)
        if failure and failure.drop:
            request.close_connection = True  # no status line, no body: the client sees the connection end
            return None
        if failure and failure.status != 200:
            headers = {"Retry-After": str(failure.retry_after)} if failure.retry_after is not None else {}
            body = {"ok": False, "error": "ratelimited"} if failure.status == 429 else None
            payload = json.dumps(body).encode() if body else b"<html>Slack is having trouble</html>"
            return self._send(
                request, failure.status, payload, "application/json" if body else "text/html", headers
            )
        if failure:
            return self._json(request, {"ok": False, "error": failure.error})
        self._validate(method, args, token)
        return self._json(request, self._answer(method, args, token))

    def _answer(self, method: str, args: dict[str, Any], token: str | None) -> dict[str, Any]:
        expected = self.app_token if method == "apps.connections.open" else self.bot_token
        if token != expected:
            return {"ok": False, "error": "invalid_auth"}
        handler = getattr(self, "_m_" + method.replace(".", "_"), None)
        if handler is None:
            return {"ok": False, "error": "unknown_method"}
        return handler(args)

    def _m_auth_test(self, _: dict) -> dict:
        return {
            "ok": True,
            "url": "https://example.slack.com/",
            "team": "Example",
            "user": "mentor",
            "team_id": TEAM_ID,
            "user_id": BOT_USER,
            "bot_id": "B123ABC456",
            "is_enterprise_install": False,
        }

    def _m_apps_connections_open(self, _: dict) -> dict:
        if not self.socket_mode_url:
            return {"ok": False, "error": "not_allowed_token_type"}
        return {"ok": True, "url": self.socket_mode_url}

    def _m_files_getUploadURLExternal(self, args: dict) -> dict:  # noqa: N802
        if not args.get("filename") or not str(args.get("length", "")).isdigit():
            return {"ok": False, "error": "invalid_arguments"}
        file_id = f"F{next(self._ids):09d}"
        with self._lock:
            self.uploads[file_id] = {
                "filename": args["filename"],
                "length": int(args["length"]),
                "content": None,
            }
        return {"ok": True, "upload_url": f"{self.root}/upload/{file_id}", "file_id": file_id}

    def _m_files_completeUploadExternal(self, args: dict) -> dict:  # noqa: N802
        files = _loads(args.get("files")) or []
        with self._lock:
            for f in files:
                upload = self.uploads.get(f.get("id"))
                if upload is None or upload["content"] is None or len(upload["content"]) != upload["length"]:
                    return {"ok": False, "error": "file_not_found"}
                upload.update(
                    title=f.get("title"), channel=args.get("channel_id"), comment=args.get("initial_comment")
                )
        return {"ok": True, "files": [{"id": f["id"], "title": f.get("title", "")} for f in files]}

    def _m_usergroups_users_list(self, args: dict) -> dict:
        members = self.groups.get(args.get("usergroup", ""))
        if members is None:
            return {"ok": False, "error": "no_such_subteam"}
        return {"ok": True, "users": list(members)}

    def _m_users_info(self, args: dict) -> dict:
        user = self.users.get(args.get("user", ""))
        if user is None:
            return {"ok": False, "error": "user_not_found"}
        return {"ok": True, "user": _user_body(user)}

    def _m_conversations_open(self, args: dict) -> dict:
        users = [u for u in str(args.get("users", "")).split(",") if u]
        if not users:
            return {"ok": False, "error": "users_list_not_supplied"}
        for u in users:
            user = self.users.get(u)
            if user is None:
                return {"ok": False, "error": "user_not_found"}
            if user.deleted:
                return {"ok": False, "error": "user_disabled"}
            if user.is_bot:
                return {"ok": False, "error": "cannot_dm_bot"}
        # One DM per person (the same channel a post addressed to their user id lands in); one group DM
        # per set of people, however often it is opened.
        channel_id = (
            "D" + users[0][1:]
            if len(users) == 1
            else "G" + "".join(sorted(u[-4:] for u in users)).upper()[:10]
        )
        return {"ok": True, "no_op": False, "already_open": False, "channel": {"id": channel_id}}

    def _m_chat_postMessage(self, args: dict) -> dict:  # noqa: N802
        channel = args.get("channel")
        if not channel:
            return {"ok": False, "error": "channel_not_found"}
        if str(channel).startswith("U") and channel not in self.users and channel != BOT_USER:
            return {"ok": False, "error": "channel_not_found"}
        ts = f"{int(time.time())}.{next(self._ids):06d}"
        message = {
            "type": "message",
            "text": args.get("text", ""),
            "user": BOT_USER,
            "bot_id": "B123ABC456",
            "ts": ts,
            "blocks": _loads(args.get("blocks")) or [],
        }
        channel = channel if not str(channel).startswith("U") else "D" + channel[1:]
        with self._lock:
            self._messages[channel].append(message)
        return {"ok": True, "channel": channel, "ts": ts, "message": message}

    def _m_chat_update(self, args: dict) -> dict:
        with self._lock:
            found = [m for m in self._messages.get(args.get("channel"), []) if m["ts"] == args.get("ts")]
            if not found:
                return {"ok": False, "error": "message_not_found"}
            found[0].update(text=args.get("text", ""), blocks=_loads(args.get("blocks")) or [], edited=True)
        return {
            "ok": True,
            "channel": args.get("channel"),
            "ts": args.get("ts"),
            "text": args.get("text", ""),
        }

    def _m_conversations_history(self, args: dict) -> dict:
        with self._lock:
            messages = list(reversed(self._messages.get(args.get("channel"), [])))  # newest first, like Slack
        limit = int(args.get("limit") or 100)
        return {
            "ok": True,
            "messages": messages[:limit],
            "has_more": len(messages) > limit,
            "pin_count": 0,
            "response_metadata": {"next_cursor": ""},
        }

    def _m_chat_postEphemeral(self, _: dict) -> dict:  # noqa: N802
        return {"ok": True, "message_ts": f"{int(time.time())}.{next(self._ids):06d}"}

    def _m_views_open(self, args: dict) -> dict:
        trigger = args.get("trigger_id")
        with self._lock:
            issued = self._triggers.pop(trigger, None)
        if issued is None:
            self.late_modals.append("invalid_trigger_id")
            return {"ok": False, "error": "invalid_trigger_id"}
        if self._arrived.arrival - issued > TRIGGER_LIFETIME:
            self.late_modals.append("expired_trigger_id")
            return {"ok": False, "error": "expired_trigger_id"}
        body = self._view_body(_loads(args.get("view")))
        with self._lock:
            self._modals[body["id"]] = body
            self._opened.append(body["id"])
            self.modal_opened[trigger] = (self._arrived.arrival, body["id"])
        return {"ok": True, "view": body}

    def _m_views_publish(self, args: dict) -> dict:
        return {"ok": True, "view": self._view_body(_loads(args.get("view")))}

    def _m_views_update(self, args: dict) -> dict:
        with self._lock:
            current = self._modals.get(args.get("view_id"))
            if current is None:
                return {"ok": False, "error": "not_found"}
            if args.get("hash") and args["hash"] != current["hash"]:
                return {"ok": False, "error": "hash_conflict"}
        body = self._view_body(_loads(args.get("view")), view_id=args["view_id"])
        with self._lock:
            self._modals[body["id"]] = body
        return {"ok": True, "view": body}

    def _view_body(self, view: dict, view_id: str | None = None) -> dict:
        n = next(self._ids)
        return {
            "id": view_id or f"V{n:09d}",
            "team_id": TEAM_ID,
            "hash": f"{int(time.time())}.{n:08x}",
            "state": {"values": {}},
            "private_metadata": "",
            "callback_id": "",
            "app_id": "A123ABC456",
            "bot_id": "B123ABC456",
            "root_view_id": view_id or f"V{n:09d}",
            "previous_view_id": None,
            "external_id": "",
            "clear_on_close": False,
            "notify_on_close": False,
            **view,
        }

    # --- validation against Slack's specs --------------------------------------------------------
    def _validate(self, method: str, args: dict[str, Any], token: str | None) -> None:
        if not self.validate:
            return
        problems = []
        if method not in NOT_IN_SPEC:
            op = self._spec.get(method)
            if op is None:
                problems.append(f"{method}: not a Slack Web API method")
            else:
                known = {p["name"] for p in op} | NEWER_ARGS.get(method, set()) | ANY_METHOD_ARGS
                for p in op:
                    if p.get("required") and p["name"] != "token" and p["name"] not in args:
                        problems.append(f"{method}: missing required argument {p['name']!r}")
                problems += [f"{method}: unknown argument {a!r}" for a in args if a not in known]
        if not token:
            problems.append(f"{method}: no token sent")
        if "view" in args:
            problems += _check_view(method, _loads(args["view"]))
        if "blocks" in args:
            problems += _check_blocks(method, _loads(args["blocks"]), "message")
        if method == "chat.postMessage" and not args.get("text"):
            problems.append(
                "chat.postMessage: no `text` fallback (needed for notifications and screen readers)"
            )
        if problems:
            with self._lock:
                self.problems.extend(problems)

    # --- plumbing --------------------------------------------------------------------------------
    def state(self) -> dict[str, Any]:
        """What a load benchmark needs to know, as JSON: when each trigger's modal opened, and what was sent."""
        with self._lock:
            return {
                "modal_opened": self.modal_opened,
                "late_modals": self.late_modals,
                "calls": {
                    m: sum(1 for c in self.calls if c.method == m) for m in {c.method for c in self.calls}
                },
                "posted_to": [c.args.get("channel") for c in self.calls if c.method == "chat.postMessage"],
            }

    def _json(self, request: BaseHTTPRequestHandler, body: dict, *, delay: bool = True) -> None:
        if self.latency and delay:  # the work is done on arrival; the answer takes this long to come back
            time.sleep(self.latency)
        self._send(request, 200, json.dumps(body).encode(), "application/json; charset=utf-8")

    @staticmethod
    def _send(
        request: BaseHTTPRequestHandler,
        status: int,
        payload: bytes,
        content_type: str,
        headers: dict[str, str] | None = None,
    ) -> None:
        request.send_response(status)
        request.send_header("Content-Type", content_type)
        request.send_header("Content-Length", str(len(payload)))
        for k, v in (headers or {}).items():
            request.send_header(k, v)
        request.end_headers()
        request.wfile.write(payload)


def _read_args(request: BaseHTTPRequestHandler, raw: bytes) -> dict[str, Any]:
    args: dict[str, Any] = {}
    if "?" in request.path:
        args.update({k: v[0] for k, v in parse_qs(request.path.split("?", 1)[1]).items()})
    content_type = request.headers.get("Content-Type") or ""
    if raw and "json" in content_type:
        args.update(json.loads(raw))
    elif raw:
        args.update({k: v[0] for k, v in parse_qs(raw.decode()).items()})
    return args


def _loads(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


def _check_view(method: str, view: dict) -> list[str]:
    try:
        View(**view).to_dict()  # slack_sdk validates lengths and limits in to_dict()
    except (SlackObjectFormationError, TypeError, KeyError) as exc:
        return [f"{method}: invalid view: {exc}"]
    return _check_blocks(method, view.get("blocks") or [], view.get("type", "modal"))


def _check_blocks(method: str, blocks: list, surface: str) -> list[str]:
    problems = []
    if len(blocks) > MAX_BLOCKS[surface]:
        problems.append(f"{method}: {len(blocks)} blocks (max {MAX_BLOCKS[surface]} in a {surface})")
    try:
        for block in Block.parse_all(blocks):
            block.to_dict()
    except (SlackObjectFormationError, TypeError, KeyError) as exc:
        problems.append(f"{method}: invalid block: {exc}")
    return problems


def _user_body(user: FakeUser) -> dict:
    return {
        "id": user.id,
        "team_id": TEAM_ID,
        "name": user.name,
        "deleted": user.deleted,
        "color": "9f69e7",
        "real_name": user.name.title(),
        "tz": user.tz,
        "tz_label": user.tz,
        "tz_offset": user.tz_offset,
        "profile": {"real_name": user.name.title(), "display_name": user.name, "team": TEAM_ID},
        "is_admin": user.is_admin,
        "is_owner": user.is_owner,
        "is_primary_owner": False,
        "is_restricted": False,
        "is_ultra_restricted": False,
        "is_bot": user.is_bot,
        "is_app_user": False,
        "updated": 1700000000,
    }


_SPEC_CACHE: dict[str, list[dict]] = {}


def _load_spec() -> dict[str, list[dict]]:
    if not _SPEC_CACHE:
        spec = json.loads((SPECS / "slack_web_openapi_v2.json").read_text())
        for path, ops in spec["paths"].items():
            params: list[dict] = []
            for op in ops.values():
                params += op.get("parameters", [])
            _SPEC_CACHE[path.lstrip("/")] = params
    return _SPEC_CACHE
