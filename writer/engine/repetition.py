"""llama.cpp's DRY penalty (see generation/repetition.py for the rule and its parameters),
computed on the logits the decode loop reads. The work is a few numpy passes over the last
LAST_N tokens per step.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from writer.generation.repetition import ALLOWED, BASE, LAST_N, MULTIPLIER

MAX_RUN = 48  # longer runs get the penalty of this length


class DryPenalty:
    """DRY for one vocabulary; `breakers` marks the tokens that end runs."""

    def __init__(
        self,
        breakers: np.ndarray,
        multiplier: float = MULTIPLIER,
        base: float = BASE,
        allowed: int = ALLOWED,
        last_n: int = LAST_N,
    ) -> None:
        self.breakers = breakers
        self.multiplier = multiplier
        self.base = base
        self.allowed = allowed
        self.last_n = last_n

    def penalties(self, history: Sequence[int]) -> tuple[np.ndarray, np.ndarray]:
        """The tokens that would extend a repeated run after `history`, and their penalties."""
        tokens = np.asarray(history[-self.last_n :], dtype=np.int64)
        n = len(tokens)
        if n < self.allowed + 1 or self.breakers[tokens[-1]]:
            return np.empty(0, dtype=np.int64), np.empty(0)
        # Candidate j: the token at j follows the run tokens[:j]; its run length is how far
        # tokens[:j] and the whole history end alike.
        j = np.arange(1, n)
        run = np.zeros(len(j), dtype=np.int64)
        alive = np.ones(len(j), dtype=bool)
        for k in range(1, min(MAX_RUN, n - 1) + 1):
            tail = tokens[n - k]
            if self.breakers[tail]:
                break
            ok = alive & (j - k >= 0)
            ok[ok] &= tokens[j[ok] - k] == tail
            run[ok] = k
            alive = ok
            if not alive.any():
                break
        hit = run >= self.allowed
        if not hit.any():
            return np.empty(0, dtype=np.int64), np.empty(0)
        follow = tokens[j[hit]]
        amount = self.multiplier * self.base ** (run[hit] - self.allowed).astype(np.float64)
        order = np.argsort(-amount)
        follow, amount = follow[order], amount[order]
        _unique, first = np.unique(follow, return_index=True)
        return follow[first], amount[first]

    def apply(self, row: np.ndarray, history: Sequence[int]) -> np.ndarray:
        """`row` with the penalties for `history` subtracted (a copy when any apply)."""
        follow, amount = self.penalties(history)
        if not len(follow):
            return row
        out = np.array(row, dtype=np.float32, copy=True)
        out[follow] -= amount.astype(np.float32)
        return out
