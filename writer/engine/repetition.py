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

from collections.abc import Iterable, Sequence

import numpy as np

from writer.generation.repetition import ALLOWED, BASE, LAST_N, MULTIPLIER

MAX_RUN = 48  # longer runs get the penalty of this length
FEW = 16  # penalties applied one token at a time up to this many tokens

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
    runs of the last history it saw (see the module docstring). Only a position that follows
    an earlier occurrence of the last token can have a run, so the runs are kept sparse
    (position -> run, absolute positions) beside each token's positions in the window: a step
    that adds a token looks at the few places it occurred before, in Python, instead of
    passing over the window in numpy (a decode step pays for it on every token, after
    llama.cpp has left the processor's caches cold: 87 against 10 microseconds)."""

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
        self._start = 0  # the absolute position of the window's first token
        self._runs: dict[int, int] = {}  # absolute position -> its run, where that is not 0
        self._at: dict[int, list[int]] = {}  # token -> its absolute positions in the window
        self._breaks: list[bool] = breakers.tolist()  # a list is read faster than an array
        self._undo: list[tuple[int, np.float32]] | None = None  # (id, logit) before `apply`

    def penalties(self, history: Sequence[int]) -> tuple[np.ndarray, np.ndarray]:
        """The tokens that would extend a repeated run after `history`, and their penalties
        (tokens ascending)."""
        return self._arrays(self._longest(history))

    def _arrays(self, longest: dict[int, int]) -> tuple[np.ndarray, np.ndarray]:
        if not longest:
            return _NONE
        follow = sorted(longest)
        length = np.array([longest[t] for t in follow], dtype=np.float64)
        amount = self.multiplier * self.base ** (length - self.allowed)
        return np.array(follow, dtype=np.int64), amount

    def _longest(self, history: Sequence[int]) -> dict[int, int]:
        """Each token that would extend a repeated run after `history`, with the longest run
        it would extend."""
        self._update(history)
        window, allowed = self._window, self.allowed
        n = len(window)
        if n < allowed + 1 or self._breaks[window[-1]]:
            return {}
        start, runs = self._start, self._runs
        if allowed > 0:
            items: Iterable[tuple[int, int]] = runs.items()
        else:  # every position counts, one without a run too
            items = ((p, runs.get(p, 0)) for p in range(start + 1, start + n))
        longest: dict[int, int] = {}
        for pos, k in items:
            if k >= allowed:
                token = window[pos - start]
                if k > longest.get(token, -1):
                    longest[token] = k
        return longest

    def apply(self, row: np.ndarray, history: Sequence[int], in_place: bool = False) -> np.ndarray:
        """`row` with the penalties for `history` subtracted: a copy when any apply, or `row`
        itself written `in_place` (for a decode loop's own logits, read by no one else, which
        `restore` can give back as the decode left them)."""
        longest = self._longest(history)
        self._undo = None
        if not longest:
            return row
        if in_place and len(longest) <= FEW:
            # a decode step's usual case: a few tokens, each written alone (an array call
            # costs microseconds; the same float32 arithmetic as the arrays below)
            undo = []
            multiplier, base, allowed = self.multiplier, self.base, self.allowed
            for token, k in longest.items():
                before = row[token]
                undo.append((token, before))
                row[token] = before - np.float32(multiplier * base ** float(k - allowed))
            self._undo = undo
            return row
        follow, amount = self._arrays(longest)
        if in_place:
            self._undo = list(zip(follow.tolist(), row[follow], strict=True))
            out = row
        else:
            out = np.array(row, dtype=np.float32, copy=True)
        out[follow] -= amount.astype(np.float32)
        return out

    def restore(self, row: np.ndarray) -> None:
        """Put back in `row` the logits the last `apply` in place lowered there."""
        if self._undo is not None:
            for token, before in self._undo:
                row[token] = before
            self._undo = None

    def _update(self, history: Sequence[int]) -> None:
        """Make the window and its runs those of `history`: from the last ones when `history`
        is the last history and one token more, counted again otherwise."""
        tail = history[-(self.last_n + 1) :]
        if not isinstance(tail, list):
            tail = list(tail)
        if tail and tail[:-1] == self._window:
            self._grow(tail[-1])
            return
        window = tail[-self.last_n :]
        counted = runs(np.array(window, dtype=np.int64), self.breakers)
        self._window, self._start = window, 0
        self._runs = {p: int(counted[p]) for p in np.flatnonzero(counted).tolist()}
        at: dict[int, list[int]] = {}
        for p, token in enumerate(window):
            at.setdefault(token, []).append(p)
        self._at = at

    def _grow(self, token: int) -> None:
        """The window one token longer (its first one dropped once it holds `last_n`)."""
        window, at = self._window, self._at
        start = self._start
        pos = start + len(window)  # the new token's
        # the window's first position once the token is in (its token dropped below)
        first = start + (len(window) >= self.last_n)
        if self._breaks[token]:
            self._runs = {}
        else:
            # the run after an earlier occurrence q of the token grows from the run at q
            # (the history and the tokens before q ended alike that far); it cannot reach
            # before the window's first token
            old = self._runs
            grown: dict[int, int] = {}
            for q in at.get(token, ()):
                if q >= first:  # the run after q begins at q or before, within the window
                    grown[q + 1] = min(old.get(q, 0) + 1, MAX_RUN, q + 1 - first)
            self._runs = grown
        window.append(token)
        at.setdefault(token, []).append(pos)
        if first > start:
            dropped = window.pop(0)
            places = at[dropped]
            places.pop(0)
            if not places:
                del at[dropped]
            self._start = first
