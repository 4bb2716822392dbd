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
FEW_HITS = 32  # repeated runs counted one by one in Python up to this many

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
    runs of the last history it saw (see the module docstring), in arrays with room to grow,
    so that a step writes one token and its runs in place: a decode step pays for it on every
    token, after llama.cpp has left the processor's caches cold."""

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
        room = 2 * last_n + 1
        self._tokens = np.zeros(room, dtype=np.int64)  # the window is [_start, _end) of these
        self._runs = np.zeros(room, dtype=np.int64)  # and their run lengths
        self._start = self._end = 0
        self._ramp = np.arange(MAX_RUN + 1, dtype=np.int64)

    def penalties(self, history: Sequence[int]) -> tuple[np.ndarray, np.ndarray]:
        """The tokens that would extend a repeated run after `history`, and their penalties
        (tokens ascending)."""
        tokens, run = self._update(history)
        n = len(tokens)
        if n < self.allowed + 1 or self.breakers[tokens[-1]]:
            return _NONE
        hit = np.flatnonzero(run[1:] >= self.allowed)
        if not len(hit):
            return _NONE
        follow, length = tokens[1:][hit], run[1:][hit]
        if len(hit) <= FEW_HITS:  # usually a handful: Python is cheaper than sorting
            longest: dict[int, int] = {}
            for token, k in zip(follow.tolist(), length.tolist(), strict=True):
                if k > longest.get(token, -1):
                    longest[token] = k
            follow = np.array(sorted(longest), dtype=np.int64)
            length = np.array([longest[t] for t in follow.tolist()], dtype=np.int64)
        else:
            order = np.lexsort((-length, follow))  # by token, its longest run first
            follow, length = follow[order], length[order]
            first = np.flatnonzero(np.r_[True, follow[1:] != follow[:-1]])
            follow, length = follow[first], length[first]
        amount = self.multiplier * self.base ** (length - self.allowed).astype(np.float64)
        return follow, amount

    def apply(self, row: np.ndarray, history: Sequence[int], in_place: bool = False) -> np.ndarray:
        """`row` with the penalties for `history` subtracted: a copy when any apply, or `row`
        itself written `in_place` (for a decode loop's own logits, read by no one else)."""
        follow, amount = self.penalties(history)
        if not len(follow):
            return row
        out = row if in_place else np.array(row, dtype=np.float32, copy=True)
        out[follow] -= amount.astype(np.float32)
        return out

    def _update(self, history: Sequence[int]) -> tuple[np.ndarray, np.ndarray]:
        """The window of `history` and its runs (views, valid until the next call): from the
        last ones when `history` is the last history and one token more, from the tokens
        otherwise."""
        last_n = self.last_n
        tail = history[-(last_n + 1) :]
        if not isinstance(tail, list):
            tail = list(tail)
        if tail and tail[:-1] == self._window:
            self._grow(tail[-1])
            self._window = tail[-last_n:]
        else:
            window = tail[-last_n:]
            n = len(window)
            self._tokens[:n] = window
            self._runs[:n] = runs(self._tokens[:n], self.breakers)
            self._start, self._end = 0, n
            self._window = window
        return self._tokens[self._start : self._end], self._runs[self._start : self._end]

    def _grow(self, token: int) -> None:
        """The window one token longer (its first one dropped once it holds `last_n`)."""
        start, end = self._start, self._end
        if end == len(self._tokens):  # out of room: the window moves to the front
            self._tokens[: end - start] = self._tokens[start:end]
            self._runs[: end - start] = self._runs[start:end]
            start, end = 0, end - start
        tokens, runs_ = self._tokens, self._runs
        if self.breakers[token]:
            runs_[start : end + 1] = 0
        else:
            # a run grows by one where the token before the position is the new token
            grown = np.add(runs_[start:end], 1)
            np.minimum(grown, MAX_RUN, out=grown)
            grown *= tokens[start:end] == token
            runs_[start + 1 : end + 1] = grown
            runs_[start] = 0
        tokens[end] = token
        end += 1
        if end - start > self.last_n:
            # the window loses its first token: no run reaches before the new start
            start += 1
            head = runs_[start : min(end, start + MAX_RUN + 1)]
            np.minimum(head, self._ramp[: len(head)], out=head)
        self._start, self._end = start, end
