"""A small HTTP client for OpenAI-compatible inference servers: JSON requests, server-sent event
streams, cancel that closes the connection at once, and failures as sentences.

Built on the standard library's http.client: one idle keep-alive connection is kept for the
next request (a keystroke's request then pays no connect or TLS handshake); a stream that is
cancelled or fails closes its connection. https verifies certificates with the system's trust
store. A busy server (429, 503) is retried with backoff, honouring Retry-After, for at most
RETRY_SECONDS and only before any of the answer has come.
"""

from __future__ import annotations

import email.utils
import http.client
import json
import re
import socket
import ssl
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import suppress
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from writer.generation.backend import BackendError
from writer.generation.requests import CancelToken
from writer.remote.sse import SSEError, SSEParser
from writer.sentences import said

CONNECT_SECONDS = 5.0
READ_SECONDS = 120.0  # a large model on a busy server may think long before its first token
RETRY_SECONDS = 10.0
MAX_REPLY_BYTES = 16 << 20
USER_AGENT = "Writer"


class ServerError(BackendError):
    """A request to the server failed; the message is a sentence for the writer."""


class Unreachable(ServerError):
    pass


class Unauthorized(ServerError):
    lasting = True


class NotFound(ServerError):
    pass


class NotOpenAI(NotFound):
    """The address answers, but not with an OpenAI API (a web page, another service)."""

    lasting = True


class Busy(ServerError):
    pass


class BadReply(ServerError):
    pass


class TooLong(ServerError):
    """The server refused a prompt as longer than its context."""


# how servers say a prompt is longer than their context (llama-server's error type, its
# message, vLLM's and OpenAI's message)
TOO_LONG = re.compile(
    r"exceed_context_size|exceeds the available context|maximum context length", re.IGNORECASE
)


class Cancelled(Exception):
    """The request was cancelled (not an error: the caller asked for it)."""


# Paths of the endpoints Writer asks, as an address copied from a server's guide may end
# ("…/v1/chat/completions"): the server's root is what comes before (it was asked for
# "…/v1/chat/completions/v1/models" and called no OpenAI-compatible server).
ENDPOINT_PATHS = (
    "/v1/chat/completions",
    "/v1/completions",
    "/v1/models",
    "/chat/completions",
    "/completions",
    "/completion",
    "/infill",
)


@dataclass(frozen=True)
class Endpoint:
    """Where a server is: its root URL (any trailing /v1 removed) and the API key, if any."""

    url: str
    api_key: str | None = None

    @classmethod
    def parse(cls, url: str, api_key: str | None = None) -> Endpoint:
        """An endpoint from what a writer types ('host:8080', 'http://host:8080/v1', ...);
        ValueError with a sentence when it cannot be one."""
        text = url.strip()
        if not text:
            raise ValueError(said("No server address was given."))
        if "://" not in text:
            text = "http://" + text
        parts = urlsplit(text)
        if parts.scheme not in ("http", "https"):
            raise ValueError(
                said("A server address starts with http:// or https://, not {0!r}.", url)
            )
        if not parts.hostname:
            raise ValueError(said("{0!r} names no server.", url))
        try:
            parts.port  # noqa: B018 - raises ValueError for a bad port
        except ValueError:
            raise ValueError(
                said("{0!r} has a port that is not a number from 1 to 65535.", url)
            ) from None
        path = parts.path.rstrip("/")
        for endpoint in ENDPOINT_PATHS:  # the address of one endpoint, copied from a guide
            if path.endswith(endpoint):
                path = path[: -len(endpoint)]
                break
        if path.endswith("/v1"):
            path = path[:-3]
        root = f"{parts.scheme}://{parts.netloc}{path}"
        return cls(root, api_key or None)

    @property
    def host(self) -> str:
        """The host and port, as the writer should see where their text goes."""
        return urlsplit(self.url).netloc

    @property
    def hostname(self) -> str:
        return urlsplit(self.url).hostname or ""


class HttpClient:
    """Requests to one server. Thread-safe for one request at a time per thread."""

    def __init__(self, endpoint: Endpoint, read_seconds: float = READ_SECONDS) -> None:
        self.endpoint = endpoint
        self.read_seconds = read_seconds
        parts = urlsplit(endpoint.url)
        self._https = parts.scheme == "https"
        self._host = parts.hostname or ""
        self._port = parts.port
        self._prefix = parts.path
        self._idle: http.client.HTTPConnection | None = None
        self._lock = threading.Lock()

    # connections --------------------------------------------------------------------------
    def _connection(self, fresh: bool = False) -> tuple[http.client.HTTPConnection, bool]:
        """A connection, and whether it is a kept one (which the server may have closed)."""
        if not fresh:
            with self._lock:
                conn, self._idle = self._idle, None
            if conn is not None:
                return conn, True
        if self._https:
            conn = http.client.HTTPSConnection(
                self._host,
                self._port,
                timeout=CONNECT_SECONDS,
                context=ssl.create_default_context(),
            )
        else:
            conn = http.client.HTTPConnection(self._host, self._port, timeout=CONNECT_SECONDS)
        return conn, False

    def _release(self, conn: http.client.HTTPConnection) -> None:
        with self._lock:
            if self._idle is None:
                self._idle = conn
                return
        conn.close()

    def close(self) -> None:
        with self._lock:
            conn, self._idle = self._idle, None
        if conn is not None:
            conn.close()

    def _headers(self, body: bytes | None) -> dict[str, str]:
        headers = {"User-Agent": USER_AGENT, "Accept": "application/json, text/event-stream"}
        if body is not None:
            headers["Content-Type"] = "application/json"
        if self.endpoint.api_key:
            headers["Authorization"] = f"Bearer {self.endpoint.api_key}"
        return headers

    # requests -----------------------------------------------------------------------------
    def get_json(self, path: str, cancel: CancelToken | None = None) -> Any:
        return self._json("GET", path, None, cancel)

    def post_json(self, path: str, body: dict[str, Any], cancel: CancelToken | None = None) -> Any:
        return self._json("POST", path, body, cancel)

    def _json(
        self, method: str, path: str, body: dict[str, Any] | None, cancel: CancelToken | None
    ) -> Any:
        cancel = cancel or CancelToken()
        conn, sock, resp = self._open(method, path, body, cancel)
        unhook = cancel.on_cancel(lambda: _shutdown(sock))
        try:
            data = self._read_all(resp, cancel)
        except BaseException:
            conn.close()
            raise
        finally:
            unhook()
        if resp.isclosed() and not resp.will_close:
            self._release(conn)  # the body was read whole: the connection can serve again
        else:
            conn.close()
        try:
            return json.loads(data)
        except ValueError:
            raise self._bad(said("its reply is not JSON")) from None

    def stream(self, path: str, body: dict[str, Any], cancel: CancelToken) -> Iterator[Any]:
        """The JSON of each event of a streamed reply, until the server's [DONE]. Raises
        Cancelled when `cancel` is set (the connection is closed at once)."""
        conn, sock, resp = self._open("POST", path, body, cancel)
        finished = False
        unhook = cancel.on_cancel(lambda: _shutdown(sock))
        try:
            parser = SSEParser()
            while True:
                chunk = self._chunk(resp.read1, cancel)
                if cancel.cancelled:
                    raise Cancelled()
                if not chunk:
                    raise self._stopped(None)
                try:
                    events = parser.feed(chunk)
                except SSEError as exc:
                    raise self._bad(str(exc)) from None
                for event in events:
                    if event.data.strip() == "[DONE]":
                        finished = True
                        return
                    try:
                        payload = json.loads(event.data)
                    except ValueError:
                        raise self._bad(said("an event is not JSON")) from None
                    if isinstance(payload, dict) and "error" in payload:
                        raise self._bad(said("it reported an error: {0}", _error_text(payload)))
                    yield payload
        finally:
            unhook()
            if finished and not resp.will_close and _ended(sock, resp):
                self._release(conn)
            else:
                resp.close()
                conn.close()

    def _open(
        self, method: str, path: str, body: dict[str, Any] | None, cancel: CancelToken
    ) -> tuple[http.client.HTTPConnection, socket.socket, http.client.HTTPResponse]:
        data = json.dumps(body).encode("utf-8") if body is not None else None
        deadline = time.monotonic() + RETRY_SECONDS
        delay = 0.25
        fresh = False
        while True:
            if cancel.cancelled:
                raise Cancelled()
            conn, kept = self._connection(fresh)
            holder: list[socket.socket | None] = [conn.sock]
            unhook = cancel.on_cancel(lambda holder=holder: _shutdown(holder[0]))
            try:
                if conn.sock is None:
                    conn.connect()
                sock = holder[0] = conn.sock  # kept: http.client drops it when a reply closes
                conn.request(method, self._prefix + path, body=data, headers=self._headers(data))
                sock.settimeout(self.read_seconds)
                resp = conn.getresponse()
            except (OSError, http.client.HTTPException) as exc:
                conn.close()
                if cancel.cancelled:
                    raise Cancelled() from None
                if kept and isinstance(exc, http.client.RemoteDisconnected | ConnectionError):
                    fresh = True  # a kept connection the server had closed: once more, anew
                    continue
                raise self._unreachable(exc) from None
            finally:
                unhook()
            if resp.status < 400:
                return conn, sock, resp
            text = _safe_read(resp)
            conn.close()
            if resp.status in (429, 503):
                wait = _retry_after(resp.getheader("Retry-After"), delay)
                if time.monotonic() + wait <= deadline:
                    if cancel.event.wait(wait):
                        raise Cancelled()
                    delay = min(delay * 2, 4.0)
                    continue
                raise Busy(
                    said(
                        "The server at {0} is busy (HTTP {1}); Writer waited {2:.0f} s. Try "
                        "again in a moment.",
                        self.endpoint.host,
                        resp.status,
                        RETRY_SECONDS,
                    )
                )
            raise self._http_error(resp.status, path, text, body)

    def _read_all(self, resp: http.client.HTTPResponse, cancel: CancelToken) -> bytes:
        parts: list[bytes] = []
        size = 0
        while True:
            chunk = self._chunk(resp.read, cancel)
            if not chunk:
                return b"".join(parts)
            size += len(chunk)
            if size > MAX_REPLY_BYTES:
                raise self._bad(said("its reply is larger than {0} MB", MAX_REPLY_BYTES >> 20))
            parts.append(chunk)

    def _chunk(self, read: Callable[[int], bytes], cancel: CancelToken) -> bytes:
        """The next bytes of a reply ('' at its end); Cancelled once `cancel` is set (which
        also shuts the socket, ending a read that waits)."""
        if cancel.cancelled:
            raise Cancelled()
        try:
            return read(65536)
        except (OSError, http.client.HTTPException) as exc:
            if cancel.cancelled:
                raise Cancelled() from None
            raise self._stopped(exc) from None

    # sentences ----------------------------------------------------------------------------
    def _unreachable(self, exc: BaseException) -> ServerError:
        host = self.endpoint.host
        if isinstance(exc, ssl.SSLCertVerificationError):
            return Unreachable(
                said(
                    "The server at {0} presented a certificate that could not be verified ({1}); "
                    "Writer does not send text to it.",
                    host,
                    exc.verify_message or exc,
                )
            )
        if isinstance(exc, ConnectionRefusedError):
            return Unreachable(
                said(
                    "Writer cannot reach the server at {0}: the connection was refused. Is the "
                    "server running?",
                    host,
                )
            )
        if isinstance(exc, socket.gaierror):
            return Unreachable(
                said("Writer cannot find the server {0} (no such host).", self._host)
            )
        if isinstance(exc, TimeoutError | socket.timeout):
            return Unreachable(said("The server at {0} did not answer in time.", host))
        return Unreachable(said("Writer cannot reach the server at {0} ({1}).", host, exc))

    def _stopped(self, exc: BaseException | None) -> ServerError:
        if isinstance(exc, TimeoutError | socket.timeout):
            return BadReply(
                said(
                    "The server at {0} stopped answering for {1:.0f} s in the middle of its "
                    "answer.",
                    self.endpoint.host,
                    self.read_seconds,
                )
            )
        return BadReply(
            said(
                "The server at {0} stopped in the middle of its answer (the connection closed).",
                self.endpoint.host,
            )
        )

    def _bad(self, why: str) -> ServerError:
        return BadReply(
            said("The server at {0} sent a reply Writer cannot read: {1}.", self.endpoint.host, why)
        )

    def _http_error(
        self, status: int, path: str, text: str, body: dict[str, Any] | None
    ) -> ServerError:
        host = self.endpoint.host
        detail = _error_text(_maybe_json(text)) or text.strip()[:200]
        if status in (401, 403):
            return Unauthorized(
                said(
                    "The server at {0} refused Writer's API key (HTTP {1}). Set the key in "
                    "WRITER_API_KEY or in Settings.",
                    host,
                    status,
                )
            )
        if status == 404:
            model = (body or {}).get("model")
            if model and "model" in detail.lower():
                return NotFound(said("The server at {0} has no model called {1!r}.", host, model))
            return NotOpenAI(
                said(
                    "The server at {0} has no {1} (HTTP 404): it may not be an OpenAI-compatible "
                    "server.",
                    host,
                    path,
                )
            )
        if detail:
            kind = TooLong if status in (400, 413) and TOO_LONG.search(text) else ServerError
            return kind(
                said("The server at {0} refused the request (HTTP {1}): {2}", host, status, detail)
            )
        return ServerError(said("The server at {0} refused the request (HTTP {1}).", host, status))


def _ended(sock: socket.socket, resp: http.client.HTTPResponse) -> bool:
    """Whether a streamed body has ended cleanly (so the connection can be kept), looking
    for at most a moment."""
    if resp.isclosed():
        return True
    try:
        sock.settimeout(0.05)
        ended = resp.read1(1) == b"" and resp.isclosed()
        sock.settimeout(CONNECT_SECONDS)
        return ended
    except (OSError, http.client.HTTPException):
        return False


def _shutdown(sock: socket.socket | None) -> None:
    """Unblock a read on `sock` from another thread."""
    if sock is not None:
        with suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)


def _safe_read(resp: http.client.HTTPResponse) -> str:
    try:
        return resp.read(64 * 1024).decode("utf-8", "replace")
    except (OSError, http.client.HTTPException):
        return ""


def _maybe_json(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return None


def _error_text(payload: Any) -> str:
    """The message of an OpenAI-style error object ({"error": {"message": ...}} or similar)."""
    if not isinstance(payload, dict):
        return ""
    error = payload.get("error", payload.get("detail", ""))
    if isinstance(error, dict):
        error = error.get("message", "")
    if isinstance(error, list) and error and isinstance(error[0], dict):
        error = error[0].get("msg", "")
    return str(error)[:300] if error else ""


def _retry_after(header: str | None, fallback: float) -> float:
    """Seconds to wait: Retry-After as seconds or an HTTP date, else `fallback`; never over a
    minute, never negative."""
    if header:
        header = header.strip()
        if header.isdigit():
            return min(60.0, float(header))
        try:
            when = email.utils.parsedate_to_datetime(header)
        except (TypeError, ValueError, IndexError):
            when = None
        if when is not None:
            return max(0.0, min(60.0, when.timestamp() - time.time()))
    return fallback
