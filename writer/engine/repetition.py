"""llama.cpp's DRY penalty (see generation/repetition.py for the rule and its parameters),
computed on the logits the decode loop reads.

For each earlier position j of the last LAST_N tokens, the run of j is how far the tokens before
j and the whole history end alike (at most MAX_RUN, never across a breaker); the token at j gets
the penalty of its run. A history that grew by one token since the last call updates the runs
in one numpy pass (a run grows by one where the token before j is the new token, and is 0
elsewhere); any other history (a new request, a beam, a cut) counts them again from the tokens.
Both ways give the same runs (`runs` is the reference, and a property test holds them equal).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from writer.generation.repetition import ALLOWED, BASE, LAST_N, MULTIPLIER

MAX_RUN = 48  # longer runs get the penalty of this length

_NONE = (np.empty(0, dtype=np.int64), np.empty(0))


def runs(tokens: np.ndarray, breakers: np.ndarray) -> np.ndarray:
    """The run length of every position of `tokens` (position 0's is 0): how far the tokens
    before it and all of `tokens` end alike, at most MAX_RUN, stopping at a breaker."""
    n = len(tokens)
    run = np.zeros(n, dtype=np.int64)
    # Candidate j: the token at j follows the run tokens[:j]; its run length is how far
    # tokens[:j] and the whole history end alike.
    j = np.arange(1, n)
    alive = np.ones(len(j), dtype=bool)
    for k in range(1, min(MAX_RUN, n - 1) + 1):
        tail = tokens[n - k]
        if breakers[tail]:
            break
        ok = alive & (j - k >= 0)
        ok[ok] &= tokens[j[ok] - k] == tail
        run[1:][ok] = k
        alive = ok
        if not alive.any():
            break
    return run


class DryPenalty:
    """DRY for one vocabulary; `breakers` marks the tokens that end runs. It remembers the
    runs of the last history it saw (see the module docstring)."""

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
        self._window: list[int] = []  # the last history's last `last_n` tokens
        self._tokens = np.empty(0, dtype=np.int64)  # the same, as an array
        self._runs = np.empty(0, dtype=np.int64)  # their run lengths

    def penalties(self, history: Sequence[int]) -> tuple[np.ndarray, np.ndarray]:
        """The tokens that would extend a repeated run after `history`, and their penalties."""
        tokens, run = self._update(history)
        n = len(tokens)
        if n < self.allowed + 1 or self.breakers[tokens[-1]]:
            return _NONE
        hit = run[1:] >= self.allowed
        if not hit.any():
            return _NONE
        follow = tokens[1:][hit]
        amount = self.multiplier * self.base ** (run[1:][hit] - self.allowed).astype(np.float64)
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

    def _update(self, history: Sequence[int]) -> tuple[np.ndarray, np.ndarray]:
        """The window of `history` and its runs: from the last ones when `history` is the last
        history and one token more, from the tokens otherwise."""
        tail = list(history[-(self.last_n + 1) :])
        window = tail[-self.last_n :]
        if tail and tail[:-1] == self._window:
            token = tail[-1]
            before = self._tokens  # the tokens before each position of the grown window
            if self.breakers[token]:
                grown = np.zeros(len(before) + 1, dtype=np.int64)
            else:
                grown = np.empty(len(before) + 1, dtype=np.int64)
                grown[0] = 0
                np.minimum(self._runs + 1, MAX_RUN, out=grown[1:])
                grown[1:][before != token] = 0
            tokens = np.append(before, token)
            if len(tokens) > self.last_n:
                # the window loses its first token: no run reaches before the new start
                tokens, grown = tokens[1:], grown[1:]
                np.minimum(grown, np.arange(len(grown)), out=grown)
        else:
            tokens = np.asarray(window, dtype=np.int64)
            grown = runs(tokens, self.breakers)
        self._window, self._tokens, self._runs = window, tokens, grown
        return tokens, grown
