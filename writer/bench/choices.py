"""The choices section of `writer bench`: what regenerating a suggestion from a picked token
costs before its first piece shows (`regen_ms`), against one bare decode step at the same place
(`decode_step_ms`), measured in turns in one run; `regen_ratio` is their ratio (target: 1.3 at
most: the prompt and the tokens before the pick are reused, only the picked token is read)."""

from __future__ import annotations

import time
from typing import Any

import numpy as np

from writer.bench.samples import BEAM_PROMPT
from writer.engine.engine import Engine
from writer.generation.choices import forced
from writer.generation.requests import ContinuationRequest

PLACE = 4  # the token picked: a few words into the suggestion


def measure(bench: Any, repeats: int = 9) -> dict[str, float]:
    """Median `regen_ms` and `decode_step_ms` over `repeats` turns (each turn makes the
    suggestion, regenerates from its second option at PLACE, then times a bare step).

    `bench` is `writer bench`'s holder of the loaded engine, or an Engine."""
    engine: Engine = getattr(bench, "engine", bench)
    request = ContinuationRequest(BEAM_PROMPT, max_tokens=16, stop_at="none")
    ctx = engine.cache.ctx
    regen: list[float] = []
    bare: list[float] = []
    for _ in range(repeats + 1):  # the first turn warms up
        first = engine.continuation(request)
        first.text()
        choices = first.stats.choices
        place = min(PLACE, len(choices) - 1)
        options = choices[place].options
        if len(options) < 2:
            continue
        started = time.perf_counter()
        stream = engine.regenerate(request, forced(choices, place, options[1]))
        pieces = iter(stream)
        next(pieces, None)
        regen_s = time.perf_counter() - started
        for _piece in pieces:
            pass
        held = engine.cache.of(0)
        started = time.perf_counter()
        ctx.decode_one(held[-1], len(held), 0)
        bare_s = time.perf_counter() - started
        ctx.kv_remove(0, len(held), -1)
        if stream.stats.evaluated_tokens != 1:
            continue  # not the measured case (the cache was not as the suggestion left it)
        regen.append(1000 * regen_s)
        bare.append(1000 * bare_s)
    regen, bare = regen[1:], bare[1:]
    regen_ms = float(np.median(regen)) if regen else 0.0
    step_ms = float(np.median(bare)) if bare else 0.0
    return {
        "regen_ms": round(regen_ms, 2),
        "decode_step_ms": round(step_ms, 2),
        "regen_ratio": round(regen_ms / step_ms, 3) if step_ms else 0.0,
    }
