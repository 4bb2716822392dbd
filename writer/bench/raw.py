"""Bare llama-cpp-python in a child process: the reference the app's figures are measured against.

The child runs `Llama` on the same model, threads and context as the app, and answers measuring
jobs on stdin. It is a separate process so that its OpenMP thread pool never competes with the
app's; its stderr goes to a file whose last lines are shown if it dies, so a crash says where.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

_CHILD = """
import json, sys
from llama_cpp import Llama
from writer.bench.raw import GAPS, decode_rate, floors, prompt_rate, step_costs, step_ms
model, threads, layers, n_ctx = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
def load(flash=False):
    return Llama(model_path=model, n_ctx=n_ctx, n_threads=threads, n_threads_batch=threads,
                 n_gpu_layers=layers, flash_attn=flash, verbose=True)
llm = load()
for line in sys.stdin:
    job = json.loads(line)
    if job["kind"] == "rate":
        result = decode_rate(llm, job["prompt"], job["n"])
    elif job["kind"] == "gaps":
        result, GAPS[:] = GAPS[:], []
    elif job["kind"] == "prompt":
        other = load(flash=True)
        result = {"raw_prompt_tok_s": prompt_rate(llm, job["doc"], job["n"]),
                  "raw_prompt_tok_s_flash_attn": prompt_rate(other, job["doc"], job["n"])}
        result.update(step_costs(llm, other, job["doc"], job["n"]))
        other.close()
    elif job["kind"] == "step":
        result = step_ms(llm, job["doc"], job["at"])
    else:
        result = floors(llm, job["doc"], job["near"], job["far"])
    print(json.dumps(result), flush=True)
"""

STDERR_LINES = 12


class RawLoopError(RuntimeError):
    """The child stopped; the message ends with the last lines it wrote."""


class RawLoop:
    """A bare llama-cpp-python `Llama` in a child process, measuring on demand."""

    def __init__(self, model: Path, threads: int, gpu_layers: int, n_ctx: int) -> None:
        # closed in __exit__, with the child
        self._stderr = tempfile.TemporaryFile(mode="w+", encoding="utf-8", errors="replace")  # noqa: SIM115
        self._proc = subprocess.Popen(
            [sys.executable, "-c", _CHILD, str(model), str(threads), str(gpu_layers), str(n_ctx)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._stderr,
            text=True,
        )

    def last_lines(self, n: int = STDERR_LINES) -> str:
        """The last lines the child wrote to stderr (llama.cpp's log, a traceback)."""
        self._stderr.flush()
        self._stderr.seek(0)
        lines = [line.rstrip() for line in self._stderr.read().splitlines() if line.strip()]
        return "\n".join(lines[-n:])

    def _ask(self, job: dict[str, Any]) -> Any:
        assert self._proc.stdin is not None
        assert self._proc.stdout is not None
        try:
            self._proc.stdin.write(json.dumps(job) + "\n")
            self._proc.stdin.flush()
            line = self._proc.stdout.readline()
        except BrokenPipeError:
            line = ""
        if not line:
            code = self._proc.wait(10)
            raise RawLoopError(
                f"the bare llama-cpp-python loop stopped (exit status {code}); its last words:\n"
                + self.last_lines()
            )
        return json.loads(line)

    def rate(self, prompt: str, n_tokens: int) -> float:
        """Tokens/s of `Llama.generate` after the first token, greedy."""
        return float(self._ask({"kind": "rate", "prompt": prompt, "n": n_tokens}))

    def gaps(self) -> list[float]:
        """Microseconds between one decode's return and the next decode's call in the `rate`
        runs since the last call (see `Gaps`)."""
        return [float(g) for g in self._ask({"kind": "gaps"})]

    def floors(self, doc: str, near: int, far: int) -> dict[str, float]:
        """What llama.cpp itself costs here, whatever the app does: see `floors`."""
        return self._ask({"kind": "floors", "doc": doc, "near": near, "far": far})

    def step(self, doc: str, at: int) -> float:
        """Milliseconds of one bare one-token step after `at` cached tokens of `doc`."""
        return float(self._ask({"kind": "step", "doc": doc, "at": at}))

    def prompt_rates(self, doc: str, n: int) -> dict[str, float]:
        """Tokens/s of a cold evaluation of `doc`'s first `n` tokens, without and with flash
        attention, and then what one step costs with each (`step_costs`)."""
        return self._ask({"kind": "prompt", "doc": doc, "n": n})

    def __enter__(self) -> RawLoop:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._proc.stdin:
            self._proc.stdin.close()
        try:
            self._proc.wait(30)
        except subprocess.TimeoutExpired:
            self._proc.kill()
        self._stderr.close()


def _median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


class Gaps:
    """The time between one decode call's return and the next call, in microseconds: the work
    a generation loop does for each token outside llama.cpp (choosing the token, its text,
    the rules). Unlike a rate, it does not move with the machine's speed from one run to the
    next; each side's loop is timed the same way (`wrap`, a few tenths of a microsecond)."""

    def __init__(self, into: list[float]) -> None:
        self.values = into
        self._end: float | None = None

    def wrap(self, decode: Callable[..., Any]) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            if self._end is not None:
                self.values.append(round((started - self._end) * 1e6, 1))
            try:
                return decode(*args, **kwargs)
            finally:
                self._end = time.perf_counter()

        return timed


GAPS: list[float] = []  # the child's gaps since the parent last asked (RawLoop.gaps)


def decode_rate(llm, prompt: str, n_tokens: int) -> float:
    """Greedy tokens/s of `llm.generate` after its first token, its gaps (see `Gaps`) kept in
    GAPS (runs in the child)."""
    tokens = llm.tokenize(prompt.encode("utf-8"))
    llm.reset()
    first = None
    count = 0
    ctx = llm._ctx
    ctx.decode = Gaps(GAPS).wrap(type(ctx).decode.__get__(ctx))
    try:
        for count, _tok in enumerate(llm.generate(tokens, temp=0.0, reset=True), start=1):
            if first is None:
                first = time.perf_counter()
            if count >= n_tokens:
                break
    finally:
        del ctx.decode
    elapsed = time.perf_counter() - first
    return (count - 1) / elapsed if elapsed > 0 else 0.0


def prompt_rate(llm, doc: str, n: int) -> float:
    """Tokens/s of evaluating the first `n` tokens of `doc` from an empty cache (runs in the
    child)."""
    tokens = llm.tokenize(doc.encode("utf-8"))[:n]
    llm.reset()
    started = time.perf_counter()
    llm.eval(tokens)
    return round(len(tokens) / (time.perf_counter() - started), 1)


def step_costs(plain, flash, doc: str, far: int, repeats: int = 15) -> dict[str, float]:
    """Milliseconds of a one-token step after 64 and after `far` cached tokens, without and with
    flash attention, taking turns (each `Llama` holds `doc`'s first `far` tokens, as
    `prompt_rate` leaves it). On a CPU the two kernels trade places with the context's length,
    and the app chooses one for its continuations (see writer.engine.engine). Runs in the
    child."""
    tokens = plain.tokenize(doc.encode("utf-8"))[: far + 1]
    out: dict[str, float] = {}
    for start in (far, 64):  # farthest first: each eval drops the cache after its start
        times: dict[str, list[float]] = {"": [], "_flash_attn": []}
        for _ in range(repeats):
            for suffix, llm in (("", plain), ("_flash_attn", flash)):
                llm.n_tokens = start
                t = time.perf_counter()
                llm.eval(tokens[start : start + 1])
                times[suffix].append((time.perf_counter() - t) * 1000)
        for suffix, values in times.items():
            out[f"raw_step_ms_{start}{suffix}"] = round(_median(values), 2)
    return out


def step_ms(llm, doc: str, at: int, repeats: int = 9) -> float:
    """Median milliseconds of a bare `Llama.eval` of one token after `at` cached tokens of
    `doc` (the one-token cost that `floors` calls raw_decode_ms). Runs in the child."""
    tokens = llm.tokenize(doc.encode("utf-8"))[: at + 1]
    if llm.n_tokens < at or llm.input_ids[:at].tolist() != tokens[:at]:
        llm.reset()  # else the last call left these `at` tokens cached: a run costs 9 steps
        llm.eval(tokens[:at])
    times = []
    for _ in range(repeats):
        llm.n_tokens = at
        t = time.perf_counter()
        llm.eval(tokens[at : at + 1])
        times.append((time.perf_counter() - t) * 1000)
    return round(_median(times), 2)


def floors(llm, doc: str, near: int, far: int, repeats: int = 15) -> dict[str, float]:
    """Milliseconds of bare `Llama.eval` calls on the cached tokens of `doc`: one token after
    `near` and after `far` cached tokens (attention reads every cached token, so this bounds
    how flat reused-prefix latency can be), and batches of 4 and 8 tokens after 64 and after
    `near` (one batch verifies drafts or steps beams; its cost per row bounds what drafting and
    beam search can gain). Logits only for a batch's last row: a lower bound on any batch
    that needs all of them. A batch's cost is the median over `repeats` of its time divided by
    a one-token eval timed right before it, so that both see the same moment of a noisy
    machine; the one-token times are medians too. Runs in the child."""
    tokens = llm.tokenize(doc.encode("utf-8"))[: far + 8]
    llm.reset()
    llm.eval(tokens)

    def once(start: int, n: int) -> float:
        llm.n_tokens = start  # eval() first drops the cache from here
        t = time.perf_counter()
        llm.eval(tokens[start : start + n])
        return (time.perf_counter() - t) * 1000

    # Farthest first: each eval drops the cache after its start.
    out: dict[str, float] = {
        f"raw_decode_ms_{far}": round(_median([once(far, 1) for _ in range(repeats)]), 2)
    }
    for start in (near, 64):
        singles: list[float] = []
        for n in (4, 8):
            ratios = []
            for _ in range(repeats):
                single = once(start, 1)
                singles.append(single)
                ratios.append(once(start, n) / single)
            out[f"raw_batch{n}_cost_{start}"] = round(_median(ratios), 3)
        out[f"raw_decode_ms_{start}"] = round(_median(singles), 2)
    out[f"raw_ttft_floor_ratio_{far}_{near}"] = round(
        out[f"raw_decode_ms_{far}"] / out[f"raw_decode_ms_{near}"], 3
    )
    return out
