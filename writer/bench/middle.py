"""The middle section of `writer bench`: what a keystroke costs with text after the cursor
(fill in the middle) against one at the end of the same document, and how often suggestions
copy the text just written, without and with the repetition rules.

The fill-in-the-middle prompt needs a model with FIM tokens; when the model has none, a copy of
it that declares three of its special tokens FIM tokens is made in a temporary folder (its text
is not what a FIM-trained model writes; what a keystroke costs is the same).
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from writer.bench.samples import sample_document
from writer.engine.decode import Greedy, generate
from writer.engine.engine import Engine
from writer.generation.requests import CancelToken, ContinuationRequest
from writer.generation.results import GenerationStats
from writer.generation.rules import Limits
from writer.generation.text import COPY_UNITS, UNIT

# Ten short openings, five English and five Chinese, as a writer starts a text under a title.
OPENINGS = (
    "# The Lighthouse\n\nThe old lighthouse keeper climbed the spiral stairs every night, and",
    "# Spring\n\nMy grandmother kept a garden behind the house. Every spring she planted",
    "# Minutes\n\nThe meeting started late because the projector did not work. The manager",
    "# Harbour\n\nRain fell on the harbour all morning. The fishing boats stayed in port, and",
    "# The Letter\n\nShe opened the letter, read the first line twice, and",
    "# 灯塔\n\n灯塔看守人每天晚上都爬上螺旋楼梯，",
    "# 散步\n\n我们今天去公园散步，天气很好。",
    "# 雨后\n\n他推开门，外面的雨已经停了，",
    "# 小饭馆\n\n这家小饭馆开了三十年，老板每天早上五点起床，",
    "# 夜车\n\n火车在夜里穿过山谷，车厢里的人都睡着了，",
)


def copies(opening: str, text: str) -> bool:
    """Whether `text` copies COPY_UNITS units of `opening` verbatim."""
    units = UNIT.findall(opening)
    found = "".join(UNIT.findall(text))
    return any(
        "".join(units[i : i + COPY_UNITS]) in found for i in range(len(units) - COPY_UNITS + 1)
    )


def plain_continuation(engine: Engine, request: ContinuationRequest) -> str:
    """Greedy decoding without the repetition rules (no DRY, no cut): the reference."""
    prompt = engine.continuation_prompt(request)
    limits = Limits(
        max_tokens=request.max_tokens, stop_at=request.stop_at, skip_prefix=prompt.skip_prefix
    )
    stats = GenerationStats()
    pieces = generate(
        engine.cache, engine.runtime, prompt.tokens, Greedy(0, prompt.constraint), CancelToken(),
        stats, limits,
    )  # fmt: skip
    return "".join(p.text for p in pieces)


def loops(text: str, run: int = 4) -> bool:
    """Whether `text` repeats a run of `run` units of its own ("爬到那天，爬到那天，")."""
    units = UNIT.findall(text)
    seen: dict[tuple[str, ...], int] = {}
    for i in range(len(units) - run + 1):
        key = tuple(units[i : i + run])
        if key in seen and i - seen[key] >= run:
            return True
        seen.setdefault(key, i)
    return False


def measure(bench) -> dict[str, Any]:
    """How many of ten suggestions (48 tokens at most, no stop at a sentence's end) copy the
    opening or loop over themselves, with plain greedy decoding and with the product's rules."""
    engine: Engine = bench.engine
    counts = {"copies_without_rules": 0, "copies_with_rules": 0}
    counts |= {"loops_without_rules": 0, "loops_with_rules": 0}
    for opening in OPENINGS:
        request = ContinuationRequest(opening, max_tokens=48, stop_at="none")
        for name, text in (
            ("without_rules", plain_continuation(engine, request)),
            ("with_rules", engine.continuation(request).text()),
        ):
            counts[f"copies_{name}"] += copies(opening, text)
            counts[f"loops_{name}"] += loops(text)
    out: dict[str, Any] = {"copy_openings": len(OPENINGS), **counts}
    out.update(keystroke_costs(bench))
    return out


def keystroke_costs(bench) -> dict[str, Any]:
    engine: Engine = bench.engine
    if engine.fim is not None:
        return _costs(engine, declared=False)
    with tempfile.TemporaryDirectory() as tmp:
        model = fim_copy(bench.model, Path(tmp))
        with Engine.load(model, n_ctx=bench.n_ctx, n_gpu_layers=bench.gpu_layers,
                         n_threads=bench.threads, probe=False) as fim:  # fmt: skip
            return _costs(fim, declared=True)


def fim_copy(model: Path, folder: Path) -> Path:
    import gguf

    script = Path(gguf.__file__).parent / "scripts" / "gguf_new_metadata.py"
    out = folder / "fim.gguf"
    cmd = [sys.executable, str(script), str(model), str(out), "--force"]
    for name, token in (("fim_pre", 11), ("fim_suf", 12), ("fim_mid", 13)):
        cmd += ["--special-token-by-id", name, str(token)]
    subprocess.run(cmd, check=True, capture_output=True, timeout=300)
    return out


def first_piece_ms(engine: Engine, request: ContinuationRequest) -> float:
    """Milliseconds from asking to the first piece of a continuation (NaN: none came)."""
    started = time.perf_counter()
    stream = engine.continuation(request)
    elapsed = float("nan")
    for _piece in stream:
        elapsed = (time.perf_counter() - started) * 1000
        break
    stream.close()
    return elapsed


def _costs(engine: Engine, declared: bool) -> dict[str, Any]:
    """First piece after a 3-character keystroke in a 2,000-token document: at its end, and
    at four fifths with the rest after the cursor; medians of seven."""
    doc = sample_document(2000, engine.runtime.tokenize)
    cut = doc.index(" ", int(len(doc) * 0.8))
    before, after = doc[:cut], doc[cut:]

    def first_ms(request: ContinuationRequest) -> float:
        return first_piece_ms(engine, request)

    # One series after the other: the two prompts share no prefix, so each has the cache as
    # a writer typing in that place has it. An infill keystroke moves the suffix's cells (see
    # engine/cache.py); every fifth evaluates them again, which the mean shows.
    append, infill = [], []
    first_ms(ContinuationRequest(doc, max_tokens=4))
    for i in range(7):
        doc += (" an", " of", " to")[i % 3]
        append.append(first_ms(ContinuationRequest(doc, max_tokens=4, stop_at="none")))
    first_ms(ContinuationRequest(before, after, max_tokens=4))
    for i in range(7):
        before += (" an", " of", " to")[i % 3]
        infill.append(first_ms(ContinuationRequest(before, after, max_tokens=4, stop_at="none")))
    # What llama.cpp itself takes for the part an infill keystroke evaluates again: from the
    # end of the prefix (the typed word) through the suffix and the middle token.
    prompt = engine.continuation_prompt(ContinuationRequest(before, after, max_tokens=4))
    tokens = prompt.tokens
    tail = len(tokens) - tokens.index(engine.fim[1]) + 1 if engine.fim else 1
    floor = []
    ctx = engine.cache.ctx
    for _ in range(5):
        engine.cache.truncate(0, len(tokens) - tail)
        started = time.perf_counter()
        ctx.decode(tokens[-tail:], len(tokens) - tail)
        floor.append((time.perf_counter() - started) * 1000)
        engine.cache.of(0)[:] = tokens
    return {
        "ttft_ms_append_2000": round(statistics.median(append), 2),
        "ttft_ms_infill_2000": round(statistics.median(infill), 2),
        "infill_over_append_2000": round(statistics.median(infill) / statistics.median(append), 3),
        "ttft_ms_infill_mean_2000": round(statistics.fmean(infill), 2),
        "infill_floor_ms_2000": round(statistics.median(floor), 2),
        "infill_reevaluated_tokens": tail,
        "infill_model": "declared FIM tokens (a copy)" if declared else "the model's own",
    }
