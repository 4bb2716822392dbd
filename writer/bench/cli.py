"""`writer bench`: how fast the engine, the Qt adapter and the editor are on a model.

Each figure is measured in this one run, side by side with its reference where it has one, so
ratios hold on a noisy shared machine even when absolute numbers wander. All llama.cpp work runs
on the worker's one thread, as in the app.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import json
import os
import resource
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from writer import paths
from writer.bench.samples import sample_document
from writer.engine.gpu import GpuLayers, parse_gpu_layers, resolve_gpu_layers
from writer.generation.backend import DEFAULT_CONTEXT

# name -> (module, function, runs on the UI thread)
SECTIONS: dict[str, tuple[str, str, bool]] = {
    "editor": ("writer.bench.editor", "measure", True),
    "documents": ("writer.bench.editor", "measure_documents", True),
    "rewrite": ("writer.bench.rewrite", "measure", False),
    "beams": ("writer.bench.beams", "measure", False),
    "choices": ("writer.bench.choices", "measure", False),
    "middle": ("writer.bench.middle", "measure", False),
    "memory": ("writer.bench.memory", "measure", False),
    "remote": ("writer.bench.remote", "measure", True),
    "llama_server": ("writer.bench.llama_server", "measure", True),
    "size1b": ("writer.bench.size1b", "measure", True),
    "quality": ("writer.bench.quality", "measure", True),
    "bans": ("writer.bench.bans", "measure", True),
}
# Sections that run only when named in --only (slow: size1b writes and loads a 0.7 GB model;
# quality types texts for minutes; bans generates 2,000 tokens).
NAMED_ONLY = {"size1b", "quality", "bans"}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from writer.cli import gpu_layers_arg

    parser.description = "Measure decode speed, latency and memory on a model."
    parser.add_argument("--model", help="GGUF model file (default: the starter model)")
    parser.add_argument("--json", action="store_true", help="print one JSON object on stdout")
    parser.add_argument(
        "--gpu-layers", type=gpu_layers_arg, default=0, help="layers to offload: N, all or auto"
    )
    parser.add_argument("--n-ctx", type=int, default=DEFAULT_CONTEXT,
                        help=f"context size (default {DEFAULT_CONTEXT})")
    parser.add_argument("--threads", type=int, default=None, help="CPU threads (default: all)")
    parser.add_argument(
        "--server",
        metavar="URL",
        help="measure this inference server (default: start llama-cpp-python's on 127.0.0.1)",
    )
    parser.add_argument("--server-model", metavar="NAME", help="the server's model")
    parser.add_argument(
        "--only",
        default="",
        help=(
            "comma-separated sections to run "
            "(engine, adapter, floors, " + ", ".join(SECTIONS) + "; "
            + ", ".join(sorted(NAMED_ONLY)) + " only when named)"
        ),
    )
    parser.add_argument(
        "--against",
        metavar="TREE",
        type=Path,
        help="quality: also run the simulated writer on the product in this source tree "
        "(a checkout of an earlier commit), taking turns, and print both side by side",
    )
    parser.add_argument(
        "--pause-ms",
        type=int,
        default=None,
        help="quality: the simulated writer's longest pause at a word end (default 400); "
        "longer on a machine busy with other work",
    )
    parser.add_argument(
        "--ceiling",
        action="store_true",
        help="quality: also type the English texts with the confidence gate and trim off "
        "(every ghost the model makes): the savings this model allows at most",
    )
    parser.add_argument(
        "--calibrate",
        metavar="FILE",
        type=Path,
        help="quality: type the calibration texts with the confidence gate off and write one "
        "JSON line per ghost shown to FILE",
    )


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def qt_app():
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    return QApplication.instance() or QApplication([])


def wait_for(handle, timeout_s: float = 600.0) -> Any:
    """Run the Qt event loop until `handle` is done; its result (or RuntimeError)."""
    from PySide6.QtCore import QEventLoop, QTimer

    if not handle.done:
        loop = QEventLoop()
        handle.finished.connect(loop.quit)
        handle.failed.connect(loop.quit)
        QTimer.singleShot(int(timeout_s * 1000), loop.quit)
        loop.exec()
    if handle.error:
        raise RuntimeError(handle.error)
    if not handle.done:
        raise RuntimeError("the request did not end in time")
    return handle.result


DECODE_ROUNDS = 6  # rounds of app, bare, bare, app (or the other way round) in `Bench.decode`
ABBA = ("app", "raw", "raw", "app")  # a round's order, and every other round's:
BAAB = ("raw", "app", "app", "raw")
DECODE_TOKENS = 96  # tokens a decode-rate run generates (its first is not counted)
DECODE_WARM_TOKENS = 16  # tokens of the untimed run each side makes first


class Bench:
    """Holds the loaded engine, its worker thread and the results; each section adds keys."""

    def __init__(
        self,
        model: Path,
        n_ctx: int,
        gpu_layers: GpuLayers,
        threads: int | None,
        server_url: str | None = None,
        server_model: str | None = None,
    ):
        self.model = model
        self.server_url = server_url
        self.server_model = server_model
        self.n_ctx = n_ctx
        self.gpu_layers = gpu_layers
        self.threads = threads
        self.results: dict[str, Any] = {"model": str(model), "n_ctx": n_ctx}
        self.notes: list[str] = []
        self.engine = None
        self.worker = None  # the one thread that runs llama.cpp, as in the app
        self.against: Path | None = None  # quality: the other tree to compare with
        self.calibrate: Path | None = None  # quality: where the calibration records go
        self.pause_ms: int | None = None  # quality: the longest pause at a word end
        self.ceiling = False  # quality: also the English texts with the gate off

    def on_engine_thread(self, fn: Callable[[], Any]) -> Any:
        """Run fn on the worker's thread and wait for it (on the caller's if there is no Qt).

        All llama.cpp work of a run happens on one thread, as in the app: llama.cpp's OpenMP
        keeps a pool of spinning threads per calling thread, and two pools on two cores slow
        each other down by a fifth.
        """
        if self.worker is None:
            return fn()
        return wait_for(self.worker.call(lambda _backend, _cancel: fn()))

    def start_worker(self) -> None:
        try:
            qt_app()
            from writer.worker import EngineWorker
        except ImportError:
            self.results.setdefault("decode_via", "engine only (PySide6 not installed)")
            return
        self.worker = EngineWorker()
        self.worker.backend = self.engine  # borrowed: the bench closes it
        self.worker.start()

    def stop_worker(self) -> None:
        if self.worker is not None:
            self.worker.backend = None
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
        info = self.engine.info
        self.results["where"] = info.where
        self.results["n_gpu_layers"] = info.n_gpu_layers
        self.results["threads"] = self.engine.n_threads
        self.results["load_notes"] = info.notes

    def engine_latency(self) -> None:
        """Time to first piece after appending three characters, warm and cold cache."""
        from writer.generation.requests import ContinuationRequest

        eng = self.engine
        count = eng.runtime.tokenize

        def first_piece_ms(before: str) -> float:
            started = time.perf_counter()
            stream = eng.continuation(ContinuationRequest(before, max_tokens=8, stop_at="none"))
            for _piece in stream:
                elapsed = (time.perf_counter() - started) * 1000
                stream.close()
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
            self.results[f"ttft_ms_reuse_{size}"] = round(median(times), 2)
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

    def decode(self, rounds: int = DECODE_ROUNDS, raw: Any = None, suffix: str = "") -> None:
        """Tokens/s through the app (engine + Qt adapter) against a bare llama-cpp-python loop
        (`raw`, a RawLoop, or one started here), taking turns in one run (see writer.bench.raw).

        This machine's speed drifts by a third within a minute (a bare loop went from 131 to 90
        tokens/s over twelve runs in a row), more than the app's own cost per token. So each of
        `rounds` rounds runs the two in the order app, bare, bare, app or bare, app, app, bare
        (a drift that is steady over a round weighs on both alike), and `decode_ratio` is the
        median of the rounds' ratios; the rates are the medians of all runs.
        `decode_extra_ms_per_token` is what the app adds to each token from those medians: a
        cost per step, so the ratio is lowest on the smallest model (keys end in `suffix`).
        `decode_gap_us_app` and `decode_gap_us_raw` time that cost directly, in each loop: the
        median time from a decode's return to the next decode (`raw.Gaps`), which does not
        drift with the machine's speed as the rates do."""
        prompt = (
            "Write a long story about a lighthouse keeper who finds a letter in a bottle. "
            "Once upon a time,"
        )
        app_rates, raw_rates, ratios = [], [], []
        app_gaps: list[float] = []
        with contextlib.ExitStack() as stack:
            if raw is None:
                raw = stack.enter_context(self.raw())
            # untimed, once each: a first run after a load pays for reading the model's pages
            # in (the first round came out a quarter lower on the 1B shape)
            self._app_decode_rate(prompt, DECODE_WARM_TOKENS)
            raw.rate(prompt, DECODE_WARM_TOKENS)
            raw.gaps()
            for round_ in range(rounds):
                rates: dict[str, list[float]] = {"app": [], "raw": []}
                for side in ABBA if round_ % 2 == 0 else BAAB:
                    if side == "app":
                        rate = self._app_decode_rate(prompt, DECODE_TOKENS, app_gaps)
                        rates[side].append(rate)
                    else:
                        rates[side].append(raw.rate(prompt, DECODE_TOKENS))
                app_rates += rates["app"]
                raw_rates += rates["raw"]
                ratios.append(sum(rates["app"]) / sum(rates["raw"]))
            raw_gaps = raw.gaps()
        app, bare = median(app_rates), median(raw_rates)
        self.results[f"decode_tok_s_app{suffix}"] = round(app, 1)
        self.results[f"decode_tok_s_raw{suffix}"] = round(bare, 1)
        self.results[f"decode_ratio{suffix}"] = round(median(ratios), 3)
        self.results[f"decode_ratio_rounds{suffix}"] = [round(r, 3) for r in ratios]
        self.results[f"decode_extra_ms_per_token{suffix}"] = round(1000 / app - 1000 / bare, 3)
        if app_gaps and raw_gaps:
            self.results[f"decode_gap_us_app{suffix}"] = round(median(app_gaps), 1)
            self.results[f"decode_gap_us_raw{suffix}"] = round(median(raw_gaps), 1)

    def raw(self):
        from writer.bench.raw import RawLoop

        layers = resolve_gpu_layers(self.gpu_layers)
        return RawLoop(self.model, self.engine.n_threads, layers, self.n_ctx)

    def floors(self) -> None:
        """llama.cpp's own costs on this machine (see `raw.floors`): what the ratios in
        `engine_latency`, the rewrite and the beam search cannot go below, whatever the app does."""
        far = min(3500, self.n_ctx - 16)
        near = min(500, far // 2)
        doc = sample_document(far + 8, self.engine.runtime.tokenize)
        with self.raw() as raw:
            self.results.update(raw.floors(doc, near, far))
            self.results.update(raw.prompt_rates(doc, far))

    def _app_decode_rate(
        self, prompt: str, n_tokens: int, gaps: list[float] | None = None
    ) -> float:
        """Decode rate seen by the UI thread: from the first piece signal to the finish signal
        of a request that is not allowed to end early (see `RunOn`); with `gaps`, the times
        between its one-token decodes are added to it (see `raw.Gaps`)."""
        from writer.bench.backends import RunOn
        from writer.bench.raw import Gaps
        from writer.generation.requests import ContinuationRequest

        request = ContinuationRequest(prompt, max_tokens=n_tokens, stop_at="none")
        self.on_engine_thread(self.engine.reset_cache)
        run_on = RunOn(self.engine)
        ctx = self.engine.cache.ctx
        if gaps is not None:
            ctx.decode_one = Gaps(gaps).wrap(type(ctx).decode_one.__get__(ctx))
        try:
            if self.worker is None:
                stream = run_on.continuation(request)
                stream.text()
                return stream.stats.tokens_per_s
            seen: dict[str, float] = {}
            handle = self.worker.submit(
                lambda _backend, cancel: run_on.continuation(request, cancel)
            )
            handle.piece_generated.connect(
                lambda _t, _p: seen.setdefault("first", time.perf_counter())
            )
            handle.finished.connect(lambda _s: seen.setdefault("end", time.perf_counter()))
            stats = wait_for(handle, 120)
        finally:
            if gaps is not None:
                del ctx.decode_one
        n = stats.generated_tokens - 1
        return n / (seen["end"] - seen["first"]) if n > 0 and "first" in seen else 0.0

    def memory(self) -> None:
        self.results["peak_rss_mb"] = round(_peak_rss_mb(), 1)

    def run_section(self, name: str) -> None:
        module, attr, ui = SECTIONS[name]
        try:
            fn = getattr(importlib.import_module(module), attr)
            self.results.update(fn(self) if ui else self.on_engine_thread(lambda: fn(self)))
        except ImportError as exc:
            self.notes.append(f"{name}: skipped ({exc.name or exc} is not installed)")


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
    gpu = parse_gpu_layers(args.gpu_layers)
    only = {s.strip() for s in args.only.split(",") if s.strip()}
    if (args.against or args.calibrate or args.pause_ms or args.ceiling) and (
        "quality" not in only
    ):
        print("writer bench: --against, --calibrate, --ceiling and --pause-ms belong to the "
              "quality section; add --only quality", file=sys.stderr)  # fmt: skip
        return 1
    if args.pause_ms is not None and not 50 <= args.pause_ms <= 10_000:
        print(f"writer bench: --pause-ms {args.pause_ms} is not a pause a writer makes; "
              "give 50 to 10000 milliseconds", file=sys.stderr)  # fmt: skip
        return 1
    if args.against is not None and not (args.against / "writer" / "__init__.py").is_file():
        print(f"writer bench: {args.against} is not a Writer source tree "
              "(it has no writer/__init__.py)", file=sys.stderr)  # fmt: skip
        return 1
    bench = Bench(model, args.n_ctx, gpu, args.threads, args.server, args.server_model)
    bench.against, bench.calibrate, bench.pause_ms = args.against, args.calibrate, args.pause_ms
    bench.ceiling = args.ceiling
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
        for name in SECTIONS:
            if name in only or (not only and name not in NAMED_ONLY):
                progress(f"measuring {name}...")
                bench.run_section(name)
        bench.results["notes"] = bench.notes
    finally:
        bench.stop_worker()
        bench.engine.close()
    if args.json:
        print(json.dumps(bench.results))
    else:
        _print_table(bench.results)
        if "quality_parent" in bench.results:
            from writer.bench.quality import comparison

            print()
            print(comparison(bench.results, bench.results["quality_parent"]))
    return 0


def _print_table(results: dict[str, Any]) -> None:
    width = max(len(k) for k in results)
    for key, value in results.items():
        if isinstance(value, dict):
            continue  # a side-by-side table of its own
        if isinstance(value, float):
            value = f"{value:,.3f}" if abs(value) < 10 else f"{value:,.1f}"
        print(f"{key:<{width}}  {value}")
