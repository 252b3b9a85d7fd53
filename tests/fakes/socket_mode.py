"""A local fake of Slack's Socket Mode websocket: says hello, sends envelopes, collects the app's acks."""

from __future__ import annotations

import json
import queue
import threading
import uuid
from typing import Any

from websockets.sync.server import ServerConnection, serve


class FakeSocketMode:
    def __init__(self) -> None:
        self.acks: queue.Queue[dict[str, Any]] = queue.Queue()
        self.connected = threading.Event()
        self._outbox: queue.Queue[dict[str, Any]] = queue.Queue()
        self._server = serve(self._handle, "127.0.0.1", 0)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        host, port = self._server.socket.getsockname()[:2]
        return f"ws://{host}:{port}/link/?ticket=fake"

    def send(self, kind: str, payload: dict[str, Any]) -> str:
        envelope_id = str(uuid.uuid4())
        self._outbox.put(
            {"envelope_id": envelope_id, "type": kind, "payload": payload, "accepts_response_payload": True,
             "retry_attempt": 0, "retry_reason": ""}
        )  # fmt: skip
        return envelope_id

    def stop(self) -> None:
        self._server.shutdown()

    def _handle(self, ws: ServerConnection) -> None:
        ws.send(json.dumps({"type": "hello", "num_connections": 1, "debug_info": {"host": "fake"},
                            "connection_info": {"app_id": "A123ABC456"}}))  # fmt: skip
        self.connected.set()
        while True:
            try:
                envelope = self._outbox.get(timeout=0.05)
                ws.send(json.dumps(envelope))
            except queue.Empty:
                pass
            try:
                message = ws.recv(timeout=0.05)
            except TimeoutError:
                continue
            except Exception:  # noqa: BLE001 - the client went away
                return
            self.acks.put(json.loads(message))
