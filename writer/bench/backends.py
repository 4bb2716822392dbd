"""Backends the bench drives instead of the product's, built from the product's parts."""

from __future__ import annotations

import weakref
from typing import Any

import numpy as np

from writer.engine.decode import CANDIDATES, Greedy, Step, generate
from writer.engine.engine import Engine
from writer.engine.repetition import DryPenalty
from writer.engine.tokens import TokenConstraint
from writer.generation.requests import CancelToken, ContinuationRequest
from writer.generation.results import GenerationStats, Stream
from writer.generation.rules import Limits

_ENDS: weakref.WeakKeyDictionary[Any, list[int]] = weakref.WeakKeyDictionary()  # per runtime


class NoEnd(Greedy):
    """The product's greedy decoding (its repetition penalty and the likeliest tokens of each
    step, for choosing at any token, included, as `Engine.continuation` asks) that never picks
    an end-of-generation token: their logits are lowered out of reach before each step, so the
    step itself is the product's (the likeliest token is the first of its list)."""

    def __init__(self, engine: Engine, constraint: TokenConstraint | None = None) -> None:
        super().__init__(
            0,
            constraint,
            penalty=DryPenalty(engine.breakers()),
            history=engine.cache.of(0),
            top=CANDIDATES,
        )
        runtime = engine.runtime
        ends = _ENDS.get(runtime)
        if ends is None:
            ends = _ENDS[runtime] = [t for t in range(runtime.n_vocab) if runtime.is_eog(t)]
        self.ends = ends

    def step(self, logits: np.ndarray, pos: int) -> Step:
        row = logits[-1]  # the loop's logits are this step's alone
        for token in self.ends:  # a few: cheaper one by one than as an index array
            row[token] = -np.inf
        return super().step(logits, pos)

    def end_row(self, logits: np.ndarray) -> np.ndarray | None:
        return None  # its rows lack the end tokens: not what another request may reuse


class RunOn:
    """The engine as a backend whose continuations run to their token limit: speed figures
    need a known length, and a model may end its text at any point."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def __getattr__(self, name: str) -> Any:
        return getattr(self.engine, name)

    def continuation(
        self, request: ContinuationRequest, cancel: CancelToken | None = None
    ) -> Stream:
        engine = self.engine
        prompt = engine.continuation_prompt(request)
        stats = GenerationStats(window_start=prompt.window_start)
        limits = Limits.suggestion(request, prompt.skip_prefix, fim=prompt.fim)
        policy = NoEnd(engine, prompt.constraint)
        pieces = generate(
            engine.cache,
            engine.runtime,
            prompt.tokens,
            policy,
            cancel or CancelToken(),
            stats,
            limits,
        )
        return Stream(pieces, stats, framed=True)
