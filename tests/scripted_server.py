"""A small HTTP server on 127.0.0.1 whose every answer a test scripts: what an inference server
might send, well-formed or not (cut streams, broken events, busy replies, wrong keys)."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

Script = Callable[[BaseHTTPRequestHandler, dict[str, Any]], None]


def models(handler: BaseHTTPRequestHandler, _body: dict[str, Any]) -> None:
    send_json(handler, {"object": "list", "data": [{"id": "scripted", "object": "model"}]})


def send_json(handler: BaseHTTPRequestHandler, payload: Any, status: int = 200,
              headers: dict[str, str] | None = None) -> None:
    data = json.dumps(payload).encode("utf-8")
    handler.send_response(status)
    handler.send_header("Content-Type", "application/json")
    handler.send_header("Content-Length", str(len(data)))
    for key, value in (headers or {}).items():
        handler.send_header(key, value)
    handler.end_headers()
    handler.wfile.write(data)


def start_events(handler: BaseHTTPRequestHandler) -> None:
    handler.send_response(200)
    handler.send_header("Content-Type", "text/event-stream")
    handler.send_header("Connection", "close")
    handler.end_headers()
    handler.close_connection = True


def write(handler: BaseHTTPRequestHandler, data: bytes, pause: float = 0.0) -> None:
    handler.wfile.write(data)
    handler.wfile.flush()
    if pause:
        time.sleep(pause)


def chunk(text: str, logprob: float | None = None, finish: str | None = None) -> bytes:
    choice: dict[str, Any] = {"index": 0, "text": text, "finish_reason": finish}
    if logprob is not None:
        choice["logprobs"] = {"tokens": [text], "token_logprobs": [logprob]}
    return b"data: " + json.dumps({"choices": [choice]}, ensure_ascii=False).encode() + b"\n\n"


class ScriptedServer:
    """Routes (method, path) to scripts; unscripted paths answer 404. Records every request."""

    def __init__(self) -> None:
        self.routes: dict[tuple[str, str], list[Script]] = {("GET", "/v1/models"): [models]}
        self.requests: list[tuple[str, str, dict[str, Any], dict[str, str]]] = []
        self.disconnects = 0
        owner = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *_args: Any) -> None:
                pass

            def _handle(self, method: str) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                body = json.loads(raw) if raw else {}
                owner.requests.append((method, self.path, body, dict(self.headers)))
                scripts = owner.routes.get((method, self.path))
                if not scripts:
                    send_json(self, {"error": {"message": "no such route"}}, 404)
                    return
                script = scripts.pop(0) if len(scripts) > 1 else scripts[0]
                try:
                    script(self, body)
                except (BrokenPipeError, ConnectionResetError):
                    owner.disconnects += 1

            def do_GET(self) -> None:  # noqa: N802
                self._handle("GET")

            def do_POST(self) -> None:  # noqa: N802
                self._handle("POST")

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.05,), daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def route(self, method: str, path: str, *scripts: Script) -> None:
        """Answer the next requests to (method, path) with `scripts` in turn (the last one
        keeps answering)."""
        self.routes[(method, path)] = list(scripts)

    def __enter__(self) -> ScriptedServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
