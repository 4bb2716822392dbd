"""The beams section of `writer bench`: what a 4-beam search step costs against a greedy step,
and how many distinct alternatives four beams give."""

from __future__ import annotations

from typing import Any

import numpy as np

from writer.bench.samples import BEAM_PROMPT, DISTINCT_PROMPTS
from writer.engine.engine import Engine
from writer.generation.requests import ContinuationRequest


def measure(bench: Any, steps: int = 16, repeats: int = 5, prompts: int = len(DISTINCT_PROMPTS)):
    """The cost of a 4-beam step against a greedy step on the same prompt (after the prompt is
    evaluated; medians of `repeats` runs), and how many distinct alternatives four beams give,
    on average, for (up to) ten varied prompts.

    `bench` is `writer bench`'s holder of the loaded engine, or an Engine.
    """
    engine: Engine = getattr(bench, "engine", bench)
    request = ContinuationRequest(BEAM_PROMPT, max_tokens=steps, stop_at="none")
    engine.alternatives(ContinuationRequest(BEAM_PROMPT, max_tokens=4, stop_at="none"), 4)
    greedy_ms: list[float] = []
    beam_ms: list[float] = []
    beam_rows: list[float] = []
    for _ in range(repeats):
        stream = engine.continuation(request)
        stream.text()
        done = stream.stats.generated_tokens - 1
        if done > 0 and stream.stats.decode_s > 0:
            greedy_ms.append(1000 * stream.stats.decode_s / done)
        search = engine.alternatives(request, 4).stats
        if search.decodes:
            beam_ms.append(search.ms_per_decode)
            beam_rows.append(search.rows / search.decodes)
    distinct = [
        len(engine.alternatives(ContinuationRequest(p, max_tokens=32), 4).items)
        for p in DISTINCT_PROMPTS[:prompts]
    ]
    greedy = float(np.median(greedy_ms)) if greedy_ms else 0.0
    beam = float(np.median(beam_ms)) if beam_ms else 0.0
    return {
        "beam4_ms_per_step": round(beam, 2),
        "greedy_ms_per_step": round(greedy, 2),
        "beam4_cost_ratio": round(beam / greedy, 3) if greedy else 0.0,
        "beam4_beams_per_step": round(float(np.mean(beam_rows)), 2) if beam_rows else 0.0,
        "beam4_distinct": float(np.mean(distinct)) if distinct else 0.0,
    }
