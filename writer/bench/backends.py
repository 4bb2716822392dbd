"""Backends the bench drives instead of the product's, built from the product's parts."""

from __future__ import annotations

from typing import Any

import numpy as np

from writer.engine.decode import CANDIDATES, Greedy, generate
from writer.engine.engine import Engine
from writer.engine.repetition import DryPenalty
from writer.engine.tokens import TokenConstraint
from writer.generation.requests import CancelToken, ContinuationRequest
from writer.generation.results import GenerationStats, Stream
from writer.generation.rules import Limits


class NoEnd(Greedy):
    """The product's greedy decoding (its repetition penalty and the likeliest tokens of each
    step, for choosing at any token, included, as `Engine.continuation` asks) that never picks
    an end-of-generation token."""

    def __init__(self, engine: Engine, constraint: TokenConstraint | None = None) -> None:
        super().__init__(
            0,
            constraint,
            penalty=DryPenalty(engine.breakers()),
            history=engine.cache.of(0),
            top=CANDIDATES,
        )
        self.runtime = engine.runtime

    def choose(self, row: np.ndarray) -> int:
        token = int(row.argmax())
        while self.runtime.is_eog(token):
            row = row.copy()
            row[token] = -np.inf
            token = int(row.argmax())
        return token


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
        return Stream(pieces, stats)
