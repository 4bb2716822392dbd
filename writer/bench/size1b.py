"""The 1B section of `writer bench` (`--only size1b`, not part of the default run): the editor's
felt latency and the cost of a keystroke in the middle on a model of a 1B shape, against bare
llama.cpp on the same model in the same run.

The model is synthetic (packaging/gpu/synthetic_model.py: Llama 3.2 1B shapes, random Q4_0
weights, the starter's tokenizer): its speed is real, its text nonsense. It declares three of its
special tokens fill-in-the-middle tokens, as the middle section's copy does, so that a keystroke
in the middle builds the FIM prompt. It is written once (about 0.7 GB) under Writer's cache
folder and reused by later runs.

Keys: felt_latency_ms_2000_1b against raw_decode_ms_2000_1b (one bare llama.cpp step after
2,000 cached tokens, taken between the felt words; raw_decode_runs_ms_2000_1b, each run's median)
and their ratio felt_over_raw_2000_1b; typed_word_ms_2000_1b and its companions (a word typed
letter by letter, with the warm-ups inside it and without: writer.bench.editor
`typed_word_ends`); ttft_ms_append_2000_1b,
ttft_ms_infill_2000_1b and infill_over_append_2000_1b.
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from writer import paths
from writer.bench.samples import sample_document

SYNTHETIC_SCRIPT = Path(__file__).resolve().parents[2] / "packaging" / "gpu" / "synthetic_model.py"
SIZE = "1b"
DECODE_ROUNDS_1B = 3  # rounds of the decode rate against the bare loop (a 1B token is slow)


def synthetic_model(starter: Path) -> Path:
    """The cached synthetic 1B model with declared FIM tokens, written first if missing."""
    from writer.bench.middle import fim_copy

    folder = paths.cache_dir() / "bench"
    out = folder / f"synthetic-{SIZE}-fim.gguf"
    if out.exists():
        return out
    if not SYNTHETIC_SCRIPT.exists():
        raise FileNotFoundError(f"{SYNTHETIC_SCRIPT} is missing (a source checkout has it)")
    folder.mkdir(parents=True, exist_ok=True)
    if shutil.disk_usage(folder).free < 3 * 1024**3:
        raise OSError(f"{folder} has less than 3 GB free for the 1B model")
    with tempfile.TemporaryDirectory(dir=folder) as tmp:
        plain = Path(tmp) / "synthetic.gguf"
        cmd = [sys.executable, str(SYNTHETIC_SCRIPT), str(plain), "--tokenizer", str(starter),
               "--size", SIZE]  # fmt: skip
        subprocess.run(cmd, check=True, capture_output=True, timeout=1800)
        fim = fim_copy(plain, Path(tmp))
        fim.replace(out)
    return out


def measure(bench) -> dict[str, Any]:
    """Runs on the UI thread (the editor's part needs it); llama.cpp work on the 1B bench's
    own worker thread, the only one while it runs."""
    starter = paths.starter_model_path()
    if starter is None:
        return {"size1b_note": paths.STARTER_MODEL_MISSING}
    model = synthetic_model(starter)
    # The starter's worker thread ends while the 1B runs on its own thread. llama.cpp's CPU
    # threads are an OpenMP team per calling thread; while the starter's team lived on, idle,
    # after the editor section, a 1B step took 26 ms instead of 20.5 (decode_ratio_1b 0.75
    # against 0.97, one process, the same machine; ending the thread alone mends it: OpenMP
    # managing more threads than cores waits at its barriers, one per graph node, without
    # spinning). The app has one engine thread.
    bench.stop_worker()
    try:
        return _measure(bench, model)
    finally:
        bench.start_worker()


def _measure(bench, model: Path) -> dict[str, Any]:
    from writer.bench.cli import Bench
    from writer.bench.editor import felt_latency, make_editor, release, typed_word_ends
    from writer.bench.middle import keystroke_costs

    sub = Bench(model, bench.n_ctx, bench.gpu_layers, bench.threads)
    sub.load()
    sub.start_worker()
    out: dict[str, Any] = {"model_1b": model.name, "load_s_1b": sub.results["load_s"]}
    try:
        count = sub.engine.runtime.tokenize
        doc = sample_document(2008, count)
        runs: list[float] = []
        with sub.raw() as raw:
            editor, assist = make_editor(sub)
            try:
                # bare steps taken between the felt words (runs of nine, the median of their
                # medians), so that both see the machine as it is then: its speed drifts by a
                # tenth over minutes here
                out["felt_latency_ms_2000_1b"] = felt_latency(
                    editor, assist, count, 2000, between=lambda: runs.append(raw.step(doc, 2000))
                )
                out.update(typed_word_ends(editor, assist, count, suffix="_2000_1b"))
            finally:
                release(editor, assist, sub.worker)
            # the decode rate against the bare loop's, as the adapter section on the starter:
            # the app's cost per token is the same, a 1B step is four times longer
            sub.decode(rounds=DECODE_ROUNDS_1B, raw=raw, suffix="_1b")
            out.update({k: v for k, v in sub.results.items() if k.endswith("_1b")})
        out["raw_decode_ms_2000_1b"] = statistics.median(runs)
        out["raw_decode_runs_ms_2000_1b"] = runs
        costs = sub.on_engine_thread(lambda: keystroke_costs(sub))
    finally:
        sub.stop_worker()
        sub.engine.close()
    for key in ("ttft_ms_append_2000", "ttft_ms_infill_2000", "infill_floor_ms_2000"):
        out[f"{key}_1b"] = costs[key]
    felt, raw_ms = out["felt_latency_ms_2000_1b"], out["raw_decode_ms_2000_1b"]
    out["felt_over_raw_2000_1b"] = round(felt / raw_ms, 3) if felt and raw_ms else None
    out["infill_over_append_2000_1b"] = round(
        costs["ttft_ms_infill_2000"] / costs["ttft_ms_append_2000"], 3
    )
    return out
