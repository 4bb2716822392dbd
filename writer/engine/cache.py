"""A llama.cpp context with the engine's record of what each of its sequences holds.

Each sequence's list is the tokens whose keys and values it holds, in position order; every
method here keeps the list equal to llama.cpp's cells, including after a cancel or a failed
decode. A request evaluates only what differs from what its sequence holds (`prepare`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import TypeVar

import numpy as np

from writer.engine.runtime import CacheFull, LlamaContext
from writer.generation.requests import CancelToken
from writer.generation.results import GenerationStats

T = TypeVar("T")

log = logging.getLogger(__name__)


class KVCache:
    """One context and its sequences' tokens. `evictable` lists the sequences whose cells may
    be freed when a decode of another sequence finds the context full."""

    def __init__(self, ctx: LlamaContext, evictable: Sequence[int] = ()) -> None:
        self.ctx = ctx
        self.evictable = tuple(evictable)
        self._tokens: dict[int, list[int]] = {}

    @property
    def n_ctx(self) -> int:
        return self.ctx.n_ctx

    def of(self, seq: int) -> list[int]:
        """The tokens sequence `seq` holds (the list this cache keeps up to date)."""
        return self._tokens.setdefault(seq, [])

    def reset(self) -> None:
        self.ctx.kv_clear()
        for tokens in self._tokens.values():
            tokens.clear()

    def truncate(self, seq: int, length: int) -> None:
        """Forget everything sequence `seq` holds from position `length` on."""
        tokens = self.of(seq)
        self.ctx.kv_remove(seq, length, -1)
        del tokens[length:]

    def with_room(self, seq: int, decode: Callable[[], T]) -> T:
        """Run `decode` for sequence `seq`; when the context is full, free the cells of an
        evictable sequence other than `seq` and try again."""
        while True:
            try:
                return decode()
            except CacheFull:
                victim = next((v for v in self.evictable if v != seq and self.of(v)), None)
                if victim is None:
                    raise
                held = len(self.of(victim))
                log.info("context full: freeing sequence %d (%d tokens)", victim, held)
                self.truncate(victim, 0)

    def reusable(self, prompt: Sequence[int], seq: int = 0) -> int:
        """How many of `prompt`'s first tokens sequence `seq` holds already and `prepare` keeps
        (never the last one: it is evaluated again for its logits)."""
        cache = self.of(seq)
        n = min(len(cache), len(prompt))
        common = n
        if n:
            diff = np.flatnonzero(
                np.asarray(cache[:n], dtype=np.int32) != np.asarray(prompt[:n], dtype=np.int32)
            )
            common = int(diff[0]) if diff.size else n
        return min(common, len(prompt) - 1)

    def prepare(
        self, prompt: Sequence[int], cancel: CancelToken, stats: GenerationStats, seq: int = 0
    ) -> None:
        """Make sequence `seq` hold `prompt` with logits for its last token, reusing the longest
        common prefix with what it holds. Raises DecodeAborted if cancelled; the cache is then
        consistent (it holds a prefix of prompt)."""
        ctx = self.ctx
        cache = self.of(seq)
        common = self.reusable(prompt, seq)
        if common < len(cache):
            self.truncate(seq, common)
        stats.prompt_tokens = len(prompt)
        stats.reused_tokens = common
        stats.evaluated_tokens = len(prompt) - common
        ctx.watch(cancel.event)

        def evaluate() -> None:
            # Again from where the cache stands after a failed chunk.
            start = len(cache)
            todo = list(prompt[start:])

            def advance(done: int) -> None:
                cache[start:] = todo[:done]

            ctx.decode(todo, start, seq=seq, on_chunk=advance)

        self.with_room(seq, evaluate)
