"""`writer bench`: how fast the engine, the Qt adapter and the editor are on a model.

Each figure is measured in this one run, side by side with its reference where it has one, so
ratios hold on a noisy shared machine even when absolute numbers wander.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from writer import paths

WORDS = (
    "the of and a to in is was that for it with as his on be at by had are but from or have "
    "an they which one you were all her she there would their we him been has when who will "
    "no more if out so said what up its about into than them can only other new some could "
    "time these two may then do first any my now such like our over man me even most made "
    "after also did many before must through back years where much your way well down should "
    "because each just those people how too little state good very make world still own see "
    "men work long get here between both life being under never day same another know while "
    "last might us great old year off come since against go came right used take three house "
    "river morning letter garden window silence journey winter market harbour story evening"
).split()


def sample_document(tokens: int, count: Callable[[str], list[int]], seed: int = 7) -> str:
    """Deterministic English-like prose of about `tokens` tokens."""
    rng = random.Random(seed)
    paragraphs: list[str] = []
    text = ""
    while len(count(text)) < tokens:
        sentences = []
        for _ in range(rng.randint(3, 6)):
            words = [rng.choice(WORDS) for _ in range(rng.randint(8, 18))]
            sentences.append(" ".join(words).capitalize() + ".")
        paragraphs.append(" ".join(sentences))
        text = "\n\n".join(paragraphs)
    return text


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.description = "Measure decode speed, latency and memory on a model."
    parser.add_argument("--model", help="GGUF model file (default: the starter model)")
    parser.add_argument("--json", action="store_true", help="print one JSON object on stdout")
    parser.add_argument("--gpu-layers", default="0", help="layers to offload: N, all or auto")
    parser.add_argument("--n-ctx", type=int, default=8192, help="context size (default 8192)")
    parser.add_argument("--threads", type=int, default=None, help="CPU threads (default: all)")
    parser.add_argument(
        "--only",
        default="",
        help=(
            "comma-separated sections to run "
            "(engine, adapter, floors, editor, documents, rewrite, beams)"
        ),
    )


def _median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Bench:
    """Holds the loaded engine and the results; each section adds its keys."""

    def __init__(self, model: Path, n_ctx: int, gpu_layers: int | str, threads: int | None):
        self.model = model
        self.n_ctx = n_ctx
        self.gpu_layers = gpu_layers
        self.threads = threads
        self.results: dict[str, Any] = {"model": str(model), "n_ctx": n_ctx}
        self.notes: list[str] = []
        self.engine = None
        self.qt_app = None
        self.worker = None  # the one thread that runs llama.cpp, as in the app

    def on_engine_thread(self, fn: Callable[[], Any]) -> Any:
        """Run fn on the engine worker's thread and wait for it (on the caller's if no Qt).

        All llama.cpp work of a run happens on one thread, as in the app: llama.cpp's OpenMP
        keeps a pool of spinning threads per calling thread, and two pools on two cores slow
        each other down by a fifth.
        """
        if self.worker is None:
            return fn()
        from PySide6.QtCore import QEventLoop

        loop = QEventLoop()
        out: dict[str, Any] = {}
        rid = -1

        def done(request_id: int) -> None:
            if request_id == rid:
                out["result"] = self.worker.take_result(request_id)
                loop.quit()

        def failed(request_id: int, message: str) -> None:
            if request_id == rid:
                out["error"] = message
                loop.quit()

        self.worker.call_finished.connect(done)
        self.worker.request_failed.connect(failed)
        rid = self.worker.call(lambda _engine: fn())
        if "result" not in out and "error" not in out:
            loop.exec()
        self.worker.call_finished.disconnect(done)
        self.worker.request_failed.disconnect(failed)
        if "error" in out:
            raise RuntimeError(out["error"])
        return out["result"]

    def start_worker(self) -> None:
        try:
            self._qt()
            from writer.worker import EngineWorker
        except ImportError:
            self.results.setdefault("decode_via", "engine only (PySide6 not installed)")
            return
        self.worker = EngineWorker()
        self.worker.engine = self.engine  # borrowed: the bench closes it
        self.worker.report = self.engine.report
        self.worker.start()

    def stop_worker(self) -> None:
        if self.worker is not None:
            self.worker.engine = None
            self.worker.stop()
            self.worker = None

    # sections -----------------------------------------------------------------------------
    def load(self) -> None:
        from writer.engine.engine import Engine

        started = time.perf_counter()
        self.engine = Engine.load(
            self.model, n_ctx=self.n_ctx, n_gpu_layers=self.gpu_layers, n_threads=self.threads
        )
        self.results["load_s"] = round(time.perf_counter() - started, 3)
        rep = self.engine.report
        self.results["where"] = rep.where
        self.results["n_gpu_layers"] = rep.n_gpu_layers
        self.results["threads"] = self.engine.runtime.n_threads
        self.results["load_notes"] = rep.notes

    def engine_latency(self) -> None:
        """Time to first piece after appending three characters, warm and cold cache."""
        from writer.engine.engine import ContinuationRequest

        eng = self.engine
        count = eng.runtime.tokenize

        def first_piece_ms(before: str) -> float:
            started = time.perf_counter()
            gen = eng.continuation(ContinuationRequest(before, max_tokens=8, stop_at="none"))
            for _piece in gen:
                elapsed = (time.perf_counter() - started) * 1000
                for _rest in gen:
                    pass
                return elapsed
            return float("nan")

        for size in (500, 3500):
            doc = sample_document(size, count)
            self.results[f"doc_tokens_{size}"] = len(count(doc))
            first_piece_ms(doc)  # fill the cache
            times = []
            for i in range(7):
                doc += (" an", " of", " to")[i % 3]
                times.append(first_piece_ms(doc))
            self.results[f"ttft_ms_reuse_{size}"] = round(_median(times), 2)
            if size == 3500:
                eng.reset_cache()
                started = time.perf_counter()
                self.results["ttft_ms_fresh_3500"] = round(first_piece_ms(doc + " it"), 1)
                evaluated = len(count(doc + " it"))
                self.results["prompt_tok_s"] = round(evaluated / (time.perf_counter() - started), 1)
        r = self.results
        r["ttft_reuse_ratio_3500_500"] = round(r["ttft_ms_reuse_3500"] / r["ttft_ms_reuse_500"], 3)
        r["ttft_fresh_over_reuse_3500"] = round(
            r["ttft_ms_fresh_3500"] / r["ttft_ms_reuse_3500"], 1
        )

    def decode(self) -> None:
        """Tokens/s through the app (engine + Qt adapter) against a bare llama-cpp-python loop.

        The bare loop runs in a child process (same model, threads and prompt), taking turns
        with the app: llama.cpp's OpenMP keeps a spinning thread pool per calling thread, so
        two callers in one process would slow each other down.
        """
        prompt = (
            "Write a long story about a lighthouse keeper who finds a letter in a bottle. "
            "Once upon a time,"
        )
        n_tokens = 160
        app_rates, raw_rates = [], []
        with self._raw() as raw:
            for _ in range(3):
                app_rates.append(self._app_decode_rate(prompt, n_tokens))
                raw_rates.append(raw.rate(prompt, n_tokens))
        app, bare = _median(app_rates), _median(raw_rates)
        self.results["decode_tok_s_app"] = round(app, 1)
        self.results["decode_tok_s_raw"] = round(bare, 1)
        self.results["decode_ratio"] = round(app / bare, 3)

    def _raw(self) -> RawLoop:
        return RawLoop(self.model, self.engine.runtime.n_threads, self.gpu_layers, self.n_ctx)

    def floors(self) -> None:
        """llama.cpp's own costs on this machine (see `_raw_floors`): what the ratios in
        `engine_latency`, the rewrite and the beam search cannot go below, whatever the app does."""
        far = min(3500, self.n_ctx - 16)
        near = min(500, far // 2)
        doc = sample_document(far + 8, self.engine.runtime.tokenize)
        with self._raw() as raw:
            self.results.update(raw.floors(doc, near, far))

    def _app_decode_rate(self, prompt: str, n_tokens: int) -> float:
        from writer.engine.engine import ContinuationRequest

        request = ContinuationRequest(prompt, max_tokens=n_tokens, stop_at="none", run_on=True)
        self.on_engine_thread(self.engine.reset_cache)
        if self.worker is not None:
            return self._adapter_rate(request)
        gen = self.engine.continuation(request)
        gen.text()
        return gen.stats.tokens_per_s

    def _qt(self):
        if self.qt_app is None:
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
            from PySide6.QtWidgets import QApplication

            self.qt_app = QApplication.instance() or QApplication([])
        return self.qt_app

    def _adapter_rate(self, request) -> float:
        """Decode rate seen by the UI thread: from the first piece signal to the finish signal."""
        from PySide6.QtCore import QEventLoop, QTimer

        worker = self.worker
        loop = QEventLoop()
        seen: dict[str, Any] = {"first": None}
        rid = -1

        def on_piece(request_id: int, _text: str, _prob: float) -> None:
            if request_id == rid and seen["first"] is None:
                seen["first"] = time.perf_counter()

        def on_done(request_id: int, stats) -> None:
            if request_id == rid:
                seen["end"] = time.perf_counter()
                seen["stats"] = stats
                loop.quit()

        def on_failed(request_id: int, message: str) -> None:
            if request_id == rid:
                seen["error"] = message
                loop.quit()

        worker.piece_generated.connect(on_piece)
        worker.request_finished.connect(on_done)
        worker.request_failed.connect(on_failed)
        rid = worker.submit(lambda eng, tok: eng.continuation(request, tok))
        QTimer.singleShot(120_000, loop.quit)
        loop.exec()
        if "error" in seen:
            raise RuntimeError(seen["error"])
        n = seen["stats"].generated_tokens - 1
        return n / (seen["end"] - seen["first"]) if n > 0 else 0.0

    def memory(self) -> None:
        self.results["peak_rss_mb"] = round(_peak_rss_mb(), 1)

    def run_extra(self, name: str, fn: Callable[[Bench], dict[str, Any]], ui: bool = False) -> None:
        try:
            self.results.update(fn(self) if ui else self.on_engine_thread(lambda: fn(self)))
        except ImportError as exc:
            self.notes.append(f"{name}: skipped ({exc.name or exc} is not installed)")


_RAW_CHILD = """
import json, sys
from llama_cpp import Llama
from writer.bench import _raw_decode_rate, _raw_floors
model, threads, layers, n_ctx = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
llm = Llama(model_path=model, n_ctx=n_ctx, n_threads=threads, n_threads_batch=threads,
            n_gpu_layers=layers, verbose=True)
for line in sys.stdin:
    job = json.loads(line)
    if job["kind"] == "rate":
        result = _raw_decode_rate(llm, job["prompt"], job["n"])
    else:
        result = _raw_floors(llm, job["doc"], job["near"], job["far"])
    print(json.dumps(result), flush=True)
"""


class RawLoop:
    """A bare llama-cpp-python `Llama` in a child process, measuring on demand."""

    def __init__(self, model: Path, threads: int, gpu_layers: int | str, n_ctx: int) -> None:
        from writer.engine.engine import resolve_gpu_layers

        self._proc = subprocess.Popen(
            [
                sys.executable,
                "-c",
                _RAW_CHILD,
                str(model),
                str(threads),
                str(resolve_gpu_layers(gpu_layers)),
                str(n_ctx),
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )

    def _ask(self, job: dict[str, Any]) -> Any:
        assert self._proc.stdin is not None
        assert self._proc.stdout is not None
        self._proc.stdin.write(json.dumps(job) + "\n")
        self._proc.stdin.flush()
        line = self._proc.stdout.readline()
        if not line:
            raise RuntimeError("the bare llama-cpp-python loop stopped (see the log)")
        return json.loads(line)

    def rate(self, prompt: str, n_tokens: int) -> float:
        """Tokens/s of `Llama.generate` after the first token, greedy."""
        return float(self._ask({"kind": "rate", "prompt": prompt, "n": n_tokens}))

    def floors(self, doc: str, near: int, far: int) -> dict[str, float]:
        """What llama.cpp itself costs here, whatever the app does: see `_raw_floors`."""
        return self._ask({"kind": "floors", "doc": doc, "near": near, "far": far})

    def __enter__(self) -> RawLoop:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._proc.stdin:
            self._proc.stdin.close()
        try:
            self._proc.wait(30)
        except subprocess.TimeoutExpired:
            self._proc.kill()


def _raw_decode_rate(llm, prompt: str, n_tokens: int) -> float:
    tokens = llm.tokenize(prompt.encode("utf-8"))
    llm.reset()
    first = None
    count = 0
    for count, _tok in enumerate(llm.generate(tokens, temp=0.0, reset=True), start=1):
        if first is None:
            first = time.perf_counter()
        if count >= n_tokens:
            break
    elapsed = time.perf_counter() - first
    return (count - 1) / elapsed if elapsed > 0 else 0.0


def _raw_floors(llm, doc: str, near: int, far: int, repeats: int = 15) -> dict[str, float]:
    """Milliseconds of bare `Llama.eval` calls on the cached tokens of `doc`: one token after
    `near` and after `far` cached tokens (attention reads every cached token, so this bounds
    how flat reused-prefix latency can be), and batches of 4 and 8 tokens after 64 and after
    `near` (one batch verifies drafts or steps beams; its cost per row bounds what drafting and
    beam search can gain). Logits only for a batch's last row: a lower bound on any batch
    that needs all of them. A batch's cost is the median over `repeats` of its time divided by
    a one-token eval timed right before it, so that both see the same moment of a noisy
    machine; the one-token times are medians too."""
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


def extra_sections() -> list[tuple[str, Callable[[Bench], dict[str, Any]], bool]]:
    """Sections contributed by the editor, documents, rewrite and alternatives modules; the
    UI ones (True) run on the UI thread, the others on the engine's thread."""
    sections: list[tuple[str, Callable[[Bench], dict[str, Any]], bool]] = []
    for name, module, attr, ui in (
        ("editor", "writer.ui.bench", "measure", True),
        ("documents", "writer.ui.bench", "measure_documents", True),
        ("rewrite", "writer.engine.rewrite", "measure", False),
        ("beams", "writer.engine.alternatives", "measure", False),
    ):

        def section(bench: Bench, module=module, attr=attr) -> dict[str, Any]:
            import importlib

            return getattr(importlib.import_module(module), attr)(bench)

        sections.append((name, section, ui))
    return sections


def run(args: argparse.Namespace) -> int:
    from writer.engine.engine import ModelLoadError
    from writer.engine.gguf_header import ModelFileError, read_gguf_header

    model = Path(args.model) if args.model else paths.starter_model_path()
    if model is None:
        print(f"writer bench: {paths.STARTER_MODEL_MISSING}", file=sys.stderr)
        return 1
    try:
        read_gguf_header(model)
    except ModelFileError as exc:
        print(f"writer bench: {exc}", file=sys.stderr)
        return 1
    gpu: int | str = args.gpu_layers if args.gpu_layers in ("all", "auto") else int(args.gpu_layers)
    only = {s.strip() for s in args.only.split(",") if s.strip()}
    bench = Bench(model, args.n_ctx, gpu, args.threads)
    try:
        bench.load()
    except ModelLoadError as exc:
        print(f"writer bench: {exc}", file=sys.stderr)
        return 1
    progress = (lambda msg: print(msg, file=sys.stderr, flush=True)) if args.json else print
    bench.start_worker()
    try:
        if not only or "engine" in only:
            progress("measuring latency (the cold 3,500-token prompt takes a while on a CPU)...")
            bench.on_engine_thread(bench.engine_latency)
        bench.memory()
        if not only or "adapter" in only:
            progress("measuring decode speed, app against bare llama-cpp-python...")
            bench.decode()
        if not only or "floors" in only:
            progress("measuring llama.cpp's own floors (another cold 3,500-token prompt)...")
            bench.floors()
        for name, fn, ui in extra_sections():
            if not only or name in only:
                progress(f"measuring {name}...")
                bench.run_extra(name, fn, ui)
        bench.results["notes"] = bench.notes
    finally:
        bench.stop_worker()
        bench.engine.close()
    if args.json:
        print(json.dumps(bench.results))
    else:
        _print_table(bench.results)
    return 0


def _print_table(results: dict[str, Any]) -> None:
    width = max(len(k) for k in results)
    for key, value in results.items():
        if isinstance(value, float):
            value = f"{value:,.3f}" if abs(value) < 10 else f"{value:,.1f}"
        print(f"{key:<{width}}  {value}")
