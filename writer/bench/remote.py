"""The remote section of `writer bench`: the server backend against the in-process engine, and
eight writers typing against one server at once.

With `--server URL` it measures that server; otherwise it starts llama-cpp-python's own server
(`python -m llama_cpp.server`) on a free port of 127.0.0.1 with the bench's model, context and
threads, so that both sides run the same model on the same machine, taking turns. All traffic
goes to that one address, bounded in count and time.
"""

from __future__ import annotations

import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from writer.bench.samples import sample_document
from writer.generation.requests import CancelToken, ContinuationRequest
from writer.remote.backend import ServerBackend
from writer.remote.client import Endpoint, HttpClient, ServerError

WRITERS = 8
WORDS_PER_WRITER = 10
LOAD_SECONDS = 150.0
START_SECONDS = 120.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def llama_cpp_server(model: Path, n_ctx: int, threads: int, api_key: str | None = None):
    """llama-cpp-python's OpenAI-compatible server on 127.0.0.1, yielding its URL; its last
    lines of output are in the error if it does not come up."""
    port = free_port()
    cmd = [
        sys.executable, "-m", "llama_cpp.server",
        "--model", str(model), "--host", "127.0.0.1", "--port", str(port),
        "--n_ctx", str(n_ctx), "--n_threads", str(threads), "--n_threads_batch", str(threads),
        "--interrupt_requests", "False",
    ]  # fmt: skip
    if api_key:
        cmd += ["--api_key", api_key]
    with tempfile.TemporaryFile(mode="w+") as log:
        proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        url = f"http://127.0.0.1:{port}"
        try:
            wait_for_server(url, proc, log, api_key)
            yield url
        finally:
            stop(proc)


def stop(proc: subprocess.Popen) -> None:
    """End a child: politely, then for good after ten seconds."""
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(10)


def wait_for_server(url: str, proc: subprocess.Popen, log, api_key: str | None = None) -> None:
    client = HttpClient(Endpoint.parse(url, api_key), read_seconds=5)
    deadline = time.monotonic() + START_SECONDS
    try:
        while True:
            if proc.poll() is not None:
                log.seek(0)
                tail = "\n".join(log.read().splitlines()[-12:])
                raise RuntimeError(f"the server stopped (exit status {proc.returncode}):\n{tail}")
            try:
                client.get_json("/v1/models")
                return
            except ServerError:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"the server at {url} did not come up") from None
                time.sleep(0.2)
    finally:
        client.close()


def measure(bench) -> dict[str, Any]:
    if bench.server_url:
        return _measure(bench, bench.server_url)
    try:
        import llama_cpp.server  # noqa: F401
    except ImportError as exc:
        raise ImportError(exc.msg, name="llama_cpp.server (its 'server' extra)") from exc
    with llama_cpp_server(bench.model, bench.n_ctx, bench.engine.n_threads) as url:
        return _measure(bench, url)


def _measure(bench, url: str) -> dict[str, Any]:
    remote = ServerBackend(Endpoint.parse(url), bench.server_model or None)
    out: dict[str, Any] = {"remote_server": remote.info.where}
    try:
        count = bench.engine.runtime.tokenize
        for size in (500, 3500):
            local, far, bare = ttft_side_by_side(bench, remote, sample_document(size, count))
            out[f"remote_ttft_ms_{size}"] = round(far, 2)
            out[f"local_ttft_ms_{size}"] = round(local, 2)
            out[f"remote_ttft_extra_ms_{size}"] = round(far - local, 2)
            out[f"remote_ttft_bare_http_ms_{size}"] = round(bare, 2)
            out[f"remote_client_extra_ms_{size}"] = round(far - bare, 2)
        local_rate, remote_rate = decode_side_by_side(bench, remote)
        out["remote_decode_tok_s"] = round(remote_rate, 1)
        out["local_decode_tok_s"] = round(local_rate, 1)
        out["remote_decode_ratio"] = round(remote_rate / local_rate, 3) if local_rate else None
    finally:
        remote.close()
    found = load(url, bench.server_model or remote.server.model, count)
    out.update({f"remote_load_{key}": value for key, value in found.items()})
    return out


SETTLE_S = 0.03  # between turns, so that neither side still works while the other is timed


def _first_piece_ms(backend, before: str) -> float:
    """Milliseconds to the first piece of a one-token continuation (one token, so that the
    server has nothing left to do when the other side is timed)."""
    started = time.perf_counter()
    stream = backend.continuation(ContinuationRequest(before, max_tokens=1, stop_at="none"))
    elapsed = float("nan")
    for _piece in stream:
        elapsed = (time.perf_counter() - started) * 1000
    time.sleep(SETTLE_S)
    return elapsed


def ttft_side_by_side(
    bench, remote: ServerBackend, doc: str
) -> tuple[float, float, float]:
    """First piece after a 3-character append to a cached document: in-process (on the
    engine's thread), through the server backend, and through the barest HTTP client the
    standard library allows (the same request, read up to its first event: what the server
    itself costs), taking turns; medians of nine. Each append is a word and its space, so that
    the one token asked for is a new word (inside a word, a one-token answer may only spell
    again what was typed, and nothing shows)."""
    engine = bench.engine
    doc = doc.rstrip() + " "
    bench.on_engine_thread(lambda: _first_piece_ms(engine, doc))  # fill the caches
    _first_piece_ms(remote, doc)
    local, far, bare = [], [], []
    for i in range(9):
        doc += ("an ", "of ", "to ")[i % 3]
        local.append(bench.on_engine_thread(lambda d=doc: _first_piece_ms(engine, d)))
        far.append(_first_piece_ms(remote, doc))
        doc += ("an ", "of ", "to ")[i % 3]
        bare.append(_bare_first_event_ms(remote, doc))
    return statistics.median(local), statistics.median(far), statistics.median(bare)


def _bare_first_event_ms(remote: ServerBackend, before: str) -> float:
    """The request the backend makes for `before`, sent with http.client alone."""
    import http.client
    import json

    path, asked = remote.request_body(ContinuationRequest(before, max_tokens=1))
    body = json.dumps(asked).encode()
    url = remote.endpoint
    host, _sep, port = url.host.partition(":")
    started = time.perf_counter()
    conn = http.client.HTTPConnection(host, int(port or 80), timeout=60)
    try:
        conn.request("POST", path, body, {"Content-Type": "application/json"})
        resp = conn.getresponse()
        while True:
            line = resp.readline()
            if not line or line.startswith(b"data:"):
                break
        elapsed = (time.perf_counter() - started) * 1000
        resp.read()
        return elapsed
    finally:
        conn.close()
        time.sleep(SETTLE_S)


def decode_side_by_side(bench, remote: ServerBackend, n_tokens: int = 160) -> tuple[float, float]:
    request = ContinuationRequest(
        "Write a long story about a lighthouse keeper who finds a letter in a bottle. "
        "Once upon a time,",
        max_tokens=n_tokens,
        stop_at="none",
    )
    local, far = [], []
    for _ in range(3):
        stream = bench.on_engine_thread(lambda: _drained(bench.engine.continuation(request)))
        local.append(stream.stats.tokens_per_s)
        far.append(_drained(remote.continuation(request)).stats.tokens_per_s)
    return statistics.median(local), statistics.median(far)


def _drained(stream):
    for _piece in stream:
        pass
    return stream


def load(url: str, model: str | None, count, writers: int = WRITERS) -> dict[str, Any]:
    """`writers` writers typing at once against one server: each ends a word (and the space
    after it) every 0.4-0.8 s and asks for a suggestion, reading it until its next word (or
    16 tokens). First-token times of all requests (p50, p95), each suggestion's tokens per
    second from its first piece to its last (median: what one writer sees), all tokens over
    the load's wall time (the total), and how many requests failed or showed nothing."""
    import random

    backend = ServerBackend(Endpoint.parse(url), model or None)
    firsts: list[float] = []
    rates: list[float] = []
    tokens = [0]
    asked = [0]
    prompt = [0, 0]  # tokens of the prompts, and of them found in the server's cache
    errors: list[str] = []
    lock = threading.Lock()
    deadline = time.monotonic() + LOAD_SECONDS
    words = sample_document(400, count).split()

    def writer(n: int) -> None:
        rng = random.Random(n)
        text = " ".join(words[n * 20 : n * 20 + 60]) + " "
        for _ in range(WORDS_PER_WRITER):
            if time.monotonic() > deadline:
                return
            text += rng.choice(words) + " "
            next_word = time.perf_counter() + rng.uniform(0.4, 0.8)
            started = time.perf_counter()
            request = ContinuationRequest(text, max_tokens=16, stop_at="none")
            stream = backend.continuation(request, CancelToken())
            first = last = 0.0
            try:
                for i, _piece in enumerate(stream):
                    last = time.perf_counter()
                    if i == 0:
                        first = last
                    if last > next_word:
                        break  # the writer typed on: the rest is not wanted
            except ServerError as exc:
                with lock:
                    errors.append(str(exc))
            finally:
                stream.close()
            with lock:
                asked[0] += 1
                prompt[0] += stream.stats.prompt_tokens
                prompt[1] += stream.stats.reused_tokens
                if first:
                    firsts.append((first - started) * 1000)
                    n_tokens = stream.stats.generated_tokens
                    tokens[0] += n_tokens
                    if n_tokens > 1 and last > first:
                        rates.append((n_tokens - 1) / (last - first))
            time.sleep(max(0.0, next_word - time.perf_counter()))

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(writers)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join(LOAD_SECONDS + 30)
    wall = time.perf_counter() - started
    backend.close()
    firsts.sort()
    p95 = firsts[min(len(firsts) - 1, int(0.95 * (len(firsts) - 1) + 0.5))] if firsts else None
    return {
        "writers": writers,
        "requests": asked[0],
        "empty": asked[0] - len(firsts) - len(errors),
        "p95_ms": round(p95, 1) if p95 is not None else None,
        "median_ms": round(statistics.median(firsts), 1) if firsts else None,
        "writer_tok_s": round(statistics.median(rates), 1) if rates else None,
        "tok_s": round(tokens[0] / wall, 1) if wall else None,
        "errors": len(errors),
        "first_error": errors[0] if errors else "",
        "reused_share": round(prompt[1] / prompt[0], 3) if prompt[0] else None,
    }
