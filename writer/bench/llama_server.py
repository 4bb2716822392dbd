"""llama.cpp's own servers for the tests and `writer bench`: `llama-server` (continuous batching
over parallel slots, `/infill`, `n_probs`, prompt-cache reuse) and `rpc-server` (a machine's
share of a model's layers, for `llama-server --rpc`), built by packaging/llama_server.sh from the
llama-cpp-python source release that the in-process engine is compiled from.

Every process here listens on 127.0.0.1 only, on a free port, and is ended when its `with`
block ends. The bench section `llama_server` measures, in one run beside the in-process engine
and llama-cpp-python's server: first token at 500 and 3,500 tokens, decode rate, the cost of
log-probabilities, eight writers against four slots, and the same model spread over two RPC
servers (`writer bench --only remote,llama_server`); and what a keystroke in the middle of a
2,000-token document costs against one at its end through the server backend, with the
fill-in-the-middle prompt Writer lays out itself and with the server's own `/infill` beside it
(`middle_costs`).
"""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from writer.bench.remote import (
    decode_side_by_side,
    free_port,
    load,
    stop,
    ttft_side_by_side,
    wait_for_server,
)
from writer.remote.backend import ServerBackend
from writer.remote.client import Endpoint

SCRIPT = Path(__file__).resolve().parents[2] / "packaging" / "llama_server.sh"
NOT_BUILT = "llama-server is not built (run packaging/llama_server.sh)"
START_SECONDS = 120.0


def binaries() -> Path | None:
    """The folder holding `llama-server` and `rpc-server` for this llama.cpp version, or None
    when they are not built (WRITER_LLAMA_SERVER_DIR names another folder)."""
    named = os.environ.get("WRITER_LLAMA_SERVER_DIR")
    if named:
        folder = Path(named)
    else:
        if not SCRIPT.is_file():
            return None
        try:
            done = subprocess.run(
                ["bash", str(SCRIPT), "--where"], capture_output=True, text=True, timeout=60
            )
        except (OSError, subprocess.TimeoutExpired):
            return None
        if done.returncode != 0 or not done.stdout.strip():
            return None
        folder = Path(done.stdout.strip().splitlines()[-1])
    ok = all(os.access(folder / name, os.X_OK) for name in ("llama-server", "rpc-server"))
    return folder if ok else None


@dataclass
class Process:
    """A child process with its output in a file, so a test can read its log."""

    proc: subprocess.Popen
    log: IO[str]
    address: str = ""

    def output(self) -> str:
        self.log.flush()
        self.log.seek(0)
        return self.log.read()

    def rss_mb(self) -> float:
        """Resident memory now (Linux), in MiB; 0 where it cannot be read."""
        try:
            status = Path(f"/proc/{self.proc.pid}/status").read_text()
        except OSError:
            return 0.0
        found = re.search(r"^VmRSS:\s+(\d+) kB", status, re.M)
        return int(found.group(1)) / 1024 if found else 0.0


@contextmanager
def llama_server(
    model: Path,
    n_ctx: int,
    threads: int,
    parallel: int = 1,
    api_key: str | None = None,
    rpc: Sequence[str] = (),
    extra: Sequence[str] = (),
    port: int | None = None,
    wait: bool = True,
) -> Iterator[Process]:
    """llama-server on 127.0.0.1 with `parallel` slots of `n_ctx` tokens each (so n_ctx ×
    parallel in all); `rpc` lists rpc-server addresses to put the layers on. Yields the
    process, its URL in `address`, once it serves (`wait`); RuntimeError with its last lines
    if it does not come up."""
    folder = binaries()
    if folder is None:
        raise RuntimeError(NOT_BUILT)
    port = port or free_port()
    cmd = [
        str(folder / "llama-server"), "--model", str(model), "--host", "127.0.0.1",
        "--port", str(port), "--ctx-size", str(n_ctx * parallel), "--parallel", str(parallel),
        "--threads", str(threads), "--threads-batch", str(threads), "--no-webui",
        "--cache-reuse", "256", "--no-warmup",
    ]  # fmt: skip
    if api_key:
        cmd += ["--api-key", api_key]
    if rpc:
        cmd += ["--rpc", ",".join(rpc), "--n-gpu-layers", "999"]
    else:
        cmd += ["--n-gpu-layers", "0"]
    cmd += list(extra)
    with _started(cmd) as child:
        child.address = f"http://127.0.0.1:{port}"
        if wait:
            wait_for_server(child.address, child.proc, child.log, api_key)
        yield child


@contextmanager
def rpc_server(threads: int = 1, port: int | None = None) -> Iterator[Process]:
    """An rpc-server on 127.0.0.1 (one 'machine' of a model spread over several), its
    host:port in `address` once it listens."""
    folder = binaries()
    if folder is None:
        raise RuntimeError(NOT_BUILT)
    port = port or free_port()
    cmd = [str(folder / "rpc-server"), "--host", "127.0.0.1", "--port", str(port),
           "--threads", str(threads)]  # fmt: skip
    with _started(cmd) as child:
        child.address = f"127.0.0.1:{port}"
        wait_for_port(port, child)
        yield child


@contextmanager
def rpc_servers(n: int, threads: int = 1) -> Iterator[list[Process]]:
    with ExitStack() as stack:
        yield [stack.enter_context(rpc_server(threads)) for _ in range(n)]


@contextmanager
def _started(cmd: list[str]) -> Iterator[Process]:
    with tempfile.TemporaryFile(mode="w+") as log:
        proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        try:
            yield Process(proc, log)
        finally:
            if proc.poll() is None:
                stop(proc)


def wait_for_port(port: int, child: Process) -> None:
    import socket

    deadline = time.monotonic() + START_SECONDS
    while True:
        if child.proc.poll() is not None:
            tail = "\n".join(child.output().splitlines()[-12:])
            raise RuntimeError(f"rpc-server stopped (exit status {child.proc.returncode}):\n{tail}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise RuntimeError(f"rpc-server on port {port} did not come up") from None
            time.sleep(0.1)


def measure(bench: Any) -> dict[str, Any]:
    """The `llama_server` bench section (see the module's docstring); skipped with a note when
    the binaries are not built."""
    if binaries() is None:
        raise ImportError(NOT_BUILT, name="llama-server (packaging/llama_server.sh)")
    count = bench.engine.runtime.tokenize
    threads = bench.engine.n_threads
    out: dict[str, Any] = middle_costs(bench)
    with llama_server(bench.model, bench.n_ctx, threads) as server:
        out.update(_side_by_side(bench, server.address, "llama_server"))
        out["llama_server_rewrite_tok_s"] = rewrite_rate(server.address)
        found = load(server.address, None, count)
        out.update({f"llama_server_1slot_load_{k}": v for k, v in found.items() if k != "writers"})
    spec = ["--spec-type", "ngram-simple"]
    with llama_server(bench.model, bench.n_ctx, threads, extra=spec) as server:
        out["llama_server_spec_rewrite_tok_s"] = rewrite_rate(server.address)
    if out["llama_server_rewrite_tok_s"]:
        out["llama_server_spec_rewrite_speedup"] = round(
            out["llama_server_spec_rewrite_tok_s"] / out["llama_server_rewrite_tok_s"], 2
        )
    with llama_server(bench.model, bench.n_ctx, threads, parallel=4) as server:
        found = load(server.address, None, count)
        out.update({f"llama_server_load_{k}": v for k, v in found.items()})
        alone = load(server.address, None, count, writers=1)
        out.update({f"llama_server_load1_{k}": v for k, v in alone.items() if k != "writers"})
    if found["tok_s"] and alone["tok_s"]:
        out["llama_server_load_scaling"] = round(found["tok_s"] / alone["tok_s"], 2)
    with rpc_servers(2) as rpcs, llama_server(
        bench.model, bench.n_ctx, threads, rpc=[r.address for r in rpcs]
    ) as server:
        out.update(_side_by_side(bench, server.address, "rpc", sizes=(500,)))
        out["rpc_server_rss_mb"] = [round(r.rss_mb(), 1) for r in rpcs]
    return out


def rewrite_rate(url: str) -> float:
    """Tokens per second of a rewrite that copies most of its text (a spelling fix of a
    paragraph: what n-gram speculation speeds up), the median of three."""
    import statistics

    from writer.assist.presets import PRESETS
    from writer.bench.samples import BENCH_PARAGRAPH
    from writer.generation.requests import RewriteRequest

    remote = ServerBackend(Endpoint.parse(url))
    try:
        request = RewriteRequest(BENCH_PARAGRAPH, PRESETS["Fix spelling and grammar"],
                                 max_tokens=200)  # fmt: skip
        rates = []
        for _ in range(3):
            stream = remote.rewrite(request)
            stream.text()
            rates.append(stream.stats.tokens_per_s)
        return round(statistics.median(rates), 1)
    finally:
        remote.close()


def _side_by_side(
    bench: Any, url: str, prefix: str, sizes: Sequence[int] = (500, 3500)
) -> dict[str, Any]:
    """First token and decode rate through the server backend, taking turns with the
    in-process engine."""
    from writer.bench.samples import sample_document

    remote = ServerBackend(Endpoint.parse(url))
    out: dict[str, Any] = {
        f"{prefix}_offers": remote.server.offers,
        f"{prefix}_logprobs_ms": round(remote.server.logprobs_ms, 2),
    }
    try:
        for size in sizes:
            doc = sample_document(size, bench.engine.runtime.tokenize)
            local, far, _bare = ttft_side_by_side(bench, remote, doc)
            out[f"{prefix}_ttft_ms_{size}"] = round(far, 2)
            out[f"{prefix}_local_ttft_ms_{size}"] = round(local, 2)
            out[f"{prefix}_ttft_extra_ms_{size}"] = round(far - local, 2)
        local_rate, far_rate = decode_side_by_side(bench, remote)
        out[f"{prefix}_decode_tok_s"] = round(far_rate, 1)
        out[f"{prefix}_local_decode_tok_s"] = round(local_rate, 1)
    finally:
        remote.close()
    return out


def middle_costs(bench: Any) -> dict[str, Any]:
    """First token after a word typed in a 2,000-token document through llama-server:
    at its end, and at four fifths with the rest after the cursor, once with the prompt Writer
    lays out itself (`/completion`, the typed text after the middle token) and once with the
    server's `/infill` (its layout not used: the backend before it was read), and the prompt
    tokens the server evaluated for each; medians of two rounds of seven. The model is a copy
    declaring three special tokens fill-in-the-middle tokens where it has none (what a keystroke
    costs is the same)."""
    import statistics

    from writer.bench.middle import fim_copy
    from writer.bench.samples import sample_document
    from writer.generation.requests import CancelToken, ContinuationRequest

    def first(request: ContinuationRequest) -> tuple[float, int]:
        """Milliseconds to the server's first token for the request the backend makes (what
        the keystroke costs the server: the suggestion's own rules may hold its first words
        back), and the prompt tokens it evaluated."""
        path, body = remote.request_body(request)
        cancel = CancelToken()
        started = time.perf_counter()
        elapsed, evaluated = float("nan"), -1
        for payload in remote.client.stream(path, body, cancel):
            timings = payload.get("timings") if isinstance(payload, dict) else None
            if isinstance(timings, dict) and isinstance(timings.get("prompt_n"), int):
                evaluated = timings["prompt_n"]
            elapsed = (time.perf_counter() - started) * 1000
            cancel.cancel()
            break
        return elapsed, evaluated

    doc = sample_document(2000, bench.engine.runtime.tokenize)
    cut = doc.index(" ", int(len(doc) * 0.8))
    runs: dict[str, list[tuple[float, int]]] = {"append": [], "laid": [], "infill": []}
    with tempfile.TemporaryDirectory() as tmp:
        model = bench.model if bench.engine.fim else fim_copy(bench.model, Path(tmp))
        with llama_server(model, bench.n_ctx, bench.engine.n_threads) as server:
            remote = ServerBackend(Endpoint.parse(server.address))
            layout = remote.server.fim
            try:
                for _round in range(2):
                    for name in runs:
                        remote.server.fim = None if name == "infill" else layout
                        before, after = (doc, "") if name == "append" else (doc[:cut], doc[cut:])
                        before = before.rstrip() + " "  # each keystroke ends a word
                        first(ContinuationRequest(before, after, max_tokens=4))
                        for i in range(7):
                            before += ("an ", "of ", "to ")[i % 3]
                            request = ContinuationRequest(before, after, 4, stop_at="none")
                            runs[name].append(first(request))
            finally:
                remote.close()
    ms = {name: statistics.median(t for t, _n in found) for name, found in runs.items()}
    out: dict[str, Any] = {"llama_server_fim_layout": layout is not None}
    for name, key in (("append", "append"), ("laid", "infill"), ("infill", "infill_old")):
        out[f"llama_server_ttft_ms_{key}_2000"] = round(ms[name], 2)
        out[f"llama_server_{key}_evaluated_tokens"] = statistics.median(n for _t, n in runs[name])
    for name, key in (("laid", "infill"), ("infill", "infill_old")):
        out[f"llama_server_{key}_over_append_2000"] = round(ms[name] / ms["append"], 3)
    return out
