"""A stand-in for the Hugging Face Hub on 127.0.0.1, for tests.

It serves the routes huggingface_hub uses (search, model info with siblings, the file tree,
`resolve` with the LFS headers) for repositories whose files are real files on disk, and a second
"CDN" server that `resolve` redirects LFS files to, as the Hub does. Switches inject failures: a
missing or gated repository, a connection dropped after N bytes, a transfer that stops sending
after N bytes but keeps its connection (until released), one corrupted byte, throttling.
Every request is logged, so a test can assert what was (or was not) asked.
"""

from __future__ import annotations

import hashlib
import json
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

COMMIT = "0123456789abcdef0123456789abcdef01234567"
CHUNK = 64 * 1024


@dataclass
class HubFile:
    name: str
    path: Path | None = None
    data: bytes | None = None
    lfs: bool = True
    sha256: str = ""
    size: int = 0
    git_oid: str = ""

    def __post_init__(self) -> None:
        if self.path is not None:
            self.size = self.path.stat().st_size
            if not self.sha256:
                h = hashlib.sha256()
                with self.path.open("rb") as f:
                    while block := f.read(1 << 22):
                        h.update(block)
                self.sha256 = h.hexdigest()
        else:
            assert self.data is not None
            self.size = len(self.data)
            self.sha256 = hashlib.sha256(self.data).hexdigest()
        content = b"blob %d\0" % self.size
        self.git_oid = hashlib.sha1(content + (self.data or b"")).hexdigest()

    def read(self, start: int, end: int) -> bytes:
        if self.data is not None:
            return self.data[start:end]
        assert self.path is not None
        with self.path.open("rb") as f:
            f.seek(start)
            return f.read(end - start)


@dataclass
class HubRepo:
    repo_id: str
    files: dict[str, HubFile] = field(default_factory=dict)
    gated: bool = False
    downloads: int = 1000
    likes: int = 10


@dataclass
class Request:
    method: str
    path: str
    headers: dict[str, str]


class HubServer:
    """Start with `with HubServer() as hub:`; `hub.url` is the endpoint to give huggingface_hub."""

    def __init__(self) -> None:
        self.repos: dict[str, HubRepo] = {}
        self.requests: list[Request] = []
        self.throttle: float | None = None  # bytes per second for file bodies
        self.drop_after: int | None = None  # close the next file transfer after this many bytes
        self.corrupt_at: int | None = None  # flip the byte at this offset in every file body
        # the next file transfer sends this many bytes, then nothing (the connection kept open)
        # until `release` is set; `stalling` is set when it stops sending
        self.stall_after: int | None = None
        self.stall_answer = False  # the next file transfer sends nothing at all until released
        self.stalling = threading.Event()
        # called with the bytes sent so far before the last, smaller piece before a stall
        self.before_last_piece: Callable[[int], None] | None = None
        self.release = threading.Event()
        self.expire_links = 0  # the CDN refuses this many next requests with 403 (expired URL)
        self.opaque_etags = False  # resolve answers an X-Linked-Etag that is not the sha256
        self.commit = COMMIT  # what resolve says the commit is (a hostile Hub may lie)
        self.etag: str | None = None  # what resolve says the X-Linked-Etag is, if not the hash
        self.lock = threading.Lock()
        self._servers: list[ThreadingHTTPServer] = []

    def add_repo(self, repo_id: str, files: list[HubFile], gated: bool = False) -> HubRepo:
        repo = HubRepo(repo_id, {f.name: f for f in files}, gated)
        self.repos[repo_id] = repo
        return repo

    def file_requests(self) -> list[Request]:
        return [r for r in self.requests if r.method == "GET" and r.path.startswith("/cdn/")]

    def __enter__(self) -> HubServer:
        hub = self._serve(_HubHandler)
        cdn = self._serve(_HubHandler)
        self.url = f"http://127.0.0.1:{hub.server_address[1]}"
        self.cdn_url = f"http://127.0.0.1:{cdn.server_address[1]}"
        return self

    def __exit__(self, *exc: object) -> None:
        self.release.set()
        for server in self._servers:
            server.shutdown()
            server.server_close()

    def _serve(self, handler: type[BaseHTTPRequestHandler]) -> ThreadingHTTPServer:
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        server.daemon_threads = True
        server.hub = self  # type: ignore[attr-defined]
        threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
        self._servers.append(server)
        return server


class _HubHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        pass

    @property
    def hub(self) -> HubServer:
        return self.server.hub  # type: ignore[attr-defined]

    def do_HEAD(self) -> None:
        self._route(head=True)

    def do_GET(self) -> None:
        self._route(head=False)

    def _route(self, head: bool) -> None:
        url = urlsplit(self.path)
        path = unquote(url.path)
        query = parse_qs(url.query)
        with self.hub.lock:
            self.hub.requests.append(Request(self.command, self.path, dict(self.headers.items())))
        parts = path.strip("/").split("/")
        try:
            if path == "/api/models":
                return self._search(query)
            if parts[:2] == ["api", "models"] and len(parts) >= 4:
                repo_id = "/".join(parts[2:4])
                rest = parts[4:]
                if not rest or rest[0] == "revision":
                    return self._info(repo_id, "blobs" in query)
                if rest[0] == "tree":
                    return self._tree(repo_id)
            if parts[:1] == ["cdn"] and len(parts) == 2:
                return self._cdn(parts[1], head)
            if len(parts) >= 5 and parts[2] == "resolve":
                return self._resolve("/".join(parts[:2]), "/".join(parts[4:]), head)
            self._error(404, "Not Found")
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    def _json(self, data: object, status: int = 200) -> None:
        body = json.dumps(data).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _error(self, status: int, message: str, code: str | None = None) -> None:
        body = json.dumps({"error": message}).encode()
        self.send_response(status)
        if code:
            self.send_header("X-Error-Code", code)
        self.send_header("X-Error-Message", message)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _repo(self, repo_id: str) -> HubRepo | None:
        repo = self.hub.repos.get(repo_id)
        if repo is None:
            self._error(404, "Repository not found", "RepoNotFound")
            return None
        return repo

    def _search(self, query: dict[str, list[str]]) -> None:
        words = " ".join(query.get("search", [])).lower()
        hits = [
            {
                "id": r.repo_id,
                "_id": r.repo_id,
                "modelId": r.repo_id,
                "likes": r.likes,
                "downloads": r.downloads,
                "tags": ["gguf"],
                "gated": "auto" if r.gated else False,
                "private": False,
                "library_name": "gguf",
                "lastModified": "2026-01-01T00:00:00.000Z",
            }
            for r in self.hub.repos.values()
            if words in r.repo_id.lower()
        ]
        hits.sort(key=lambda h: -h["downloads"])
        limit = int(query.get("limit", ["1000"])[0])
        self._json(hits[:limit])

    def _info(self, repo_id: str, blobs: bool) -> None:
        repo = self._repo(repo_id)
        if repo is None:
            return
        siblings = []
        for f in repo.files.values():
            entry: dict[str, object] = {"rfilename": f.name}
            if blobs:
                entry["size"] = f.size
                entry["blobId"] = f.git_oid
                if f.lfs:
                    entry["lfs"] = {"sha256": f.sha256, "size": f.size, "pointerSize": 134}
            siblings.append(entry)
        self._json(
            {
                "id": repo_id,
                "_id": repo_id,
                "modelId": repo_id,
                "sha": COMMIT,
                "private": False,
                "gated": "manual" if repo.gated else False,
                "disabled": False,
                "tags": ["gguf"],
                "downloads": repo.downloads,
                "likes": repo.likes,
                "library_name": "gguf",
                "lastModified": "2026-01-01T00:00:00.000Z",
                "siblings": siblings,
            }
        )

    def _tree(self, repo_id: str) -> None:
        repo = self._repo(repo_id)
        if repo is None:
            return
        self._json(
            [
                {
                    "type": "file",
                    "path": f.name,
                    "size": f.size,
                    "oid": f.git_oid,
                    **(
                        {"lfs": {"oid": f.sha256, "size": f.size, "pointerSize": 134}}
                        if f.lfs
                        else {}
                    ),
                }
                for f in repo.files.values()
            ]
        )

    def _resolve(self, repo_id: str, filename: str, head: bool) -> None:
        repo = self._repo(repo_id)
        if repo is None:
            return
        if repo.gated and "authorization" not in {k.lower() for k in self.headers}:
            self._error(
                401,
                f"Access to model {repo_id} is restricted. You must have access to it and be "
                "authenticated to access it. Please log in.",
                "GatedRepo",
            )
            return
        f = repo.files.get(filename)
        if f is None:
            self._error(404, "Entry not found", "EntryNotFound")
            return
        if f.lfs:
            self.send_response(302)
            self.send_header("Location", f"{self.hub.cdn_url}/cdn/{f.sha256}")
            self.send_header("ETag", f'"{f.git_oid}"')
            linked = f"opaque-{f.sha256[:16]}" if self.hub.opaque_etags else f.sha256
            self.send_header("X-Linked-Etag", f'"{self.hub.etag or linked}"')
            self.send_header("X-Linked-Size", str(f.size))
            self.send_header("X-Repo-Commit", self.hub.commit)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self._body(f, head, extra={"ETag": f'"{f.git_oid}"', "X-Repo-Commit": self.hub.commit})

    def _cdn(self, sha256: str, head: bool) -> None:
        with self.hub.lock:
            expired = self.hub.expire_links > 0
            self.hub.expire_links -= int(expired)
        if expired:
            return self._error(403, "Request has expired")
        with self.hub.lock:
            stall, self.hub.stall_answer = self.hub.stall_answer, False
        if stall:
            self.hub.stalling.set()
            self.hub.release.wait(30.0)
        for repo in self.hub.repos.values():
            for f in repo.files.values():
                if f.sha256 == sha256:
                    return self._body(f, head, extra={"ETag": f'"{sha256}"'})
        self._error(404, "Not Found")

    def _body(self, f: HubFile, head: bool, extra: dict[str, str]) -> None:
        start, end = 0, f.size
        status = 200
        wanted = self.headers.get("Range")
        if wanted and wanted.startswith("bytes="):
            first, _, last = wanted[6:].partition("-")
            start = int(first)
            end = min(int(last) + 1, f.size) if last else f.size
            if start >= f.size:
                self.send_response(416)
                self.send_header("Content-Range", f"bytes */{f.size}")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            status = 206
        self.send_response(status)
        for key, value in extra.items():
            self.send_header(key, value)
        self.send_header("Accept-Ranges", "bytes")
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(end - start))
        if status == 206:
            self.send_header("Content-Range", f"bytes {start}-{end - 1}/{f.size}")
        self.end_headers()
        if head:
            return
        hub = self.hub
        with hub.lock:
            drop_after, hub.drop_after = hub.drop_after, None
            stall_after, hub.stall_after = hub.stall_after, None
        sent = 0
        pos = start
        began = time.monotonic()
        while pos < end:
            n = min(CHUNK, end - pos)
            if drop_after is not None:
                n = min(n, drop_after - sent)
                if n <= 0:
                    self.wfile.flush()
                    self.connection.shutdown(socket.SHUT_RDWR)
                    self.close_connection = True
                    return
            if stall_after is not None:
                if sent >= stall_after:
                    self.wfile.flush()
                    hub.stalling.set()
                    hub.release.wait(30.0)
                    stall_after = None
                    continue
                n = min(n, stall_after - sent)
                if n < CHUNK and hub.before_last_piece is not None:
                    # the last piece before the stall goes alone, once the client has what
                    # came before it (the hook waits for that): a read of its own
                    self.wfile.flush()
                    hub.before_last_piece(sent)
            data = bytearray(f.read(pos, pos + n))
            if hub.corrupt_at is not None and pos <= hub.corrupt_at < pos + n:
                data[hub.corrupt_at - pos] ^= 0xFF
            self.wfile.write(data)
            sent += n
            pos += n
            if hub.throttle:
                ahead = sent / hub.throttle - (time.monotonic() - began)
                if ahead > 0:
                    time.sleep(ahead)


TEST_REPO = "writer-test/SmolLM2-135M-Instruct-GGUF"
STARTER_NAME = "SmolLM2-135M-Instruct.Q4_1.gguf"
_hashed: dict[Path, HubFile] = {}


def starter_repo(hub: HubServer, starter: Path) -> HubRepo:
    """The test repository: the real starter model, a second 'quantisation' of it, a README."""
    if starter not in _hashed:
        _hashed[starter] = HubFile(STARTER_NAME, path=starter)
    real = _hashed[starter]
    twin = HubFile("SmolLM2-135M-Instruct.Q8_0.gguf", path=starter, sha256=real.sha256)
    readme = HubFile("README.md", data=b"# SmolLM2 135M Instruct, GGUF\n", lfs=False)
    return hub.add_repo(
        TEST_REPO, [HubFile(STARTER_NAME, path=starter, sha256=real.sha256), twin, readme]
    )


def go_online(monkeypatch, hub: HubServer) -> None:
    """Let huggingface_hub talk to `hub` (conftest makes every test offline)."""
    import huggingface_hub.constants

    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    monkeypatch.setattr(huggingface_hub.constants, "HF_HUB_OFFLINE", False)
    monkeypatch.setenv("HF_ENDPOINT", hub.url)
    try:  # huggingface_hub fetches an "agent harness" list from its import-time endpoint once
        from huggingface_hub.utils import _detect_agent
    except ImportError:
        return
    if hasattr(_detect_agent, "_EMPTY_REGISTRY"):
        monkeypatch.setattr(_detect_agent, "_registry", _detect_agent._EMPTY_REGISTRY)
