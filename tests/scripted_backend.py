"""A backend that plays back pieces on command: the `Backend` protocol for UI tests whose timing
must be scripted.

A test enqueues what the next request of a kind answers (`enqueue("rewrite", ["A", "B"])`);
requests with nothing enqueued answer nothing. With `step()` on, each piece waits for a
`release()`, so a test can hold a request mid-stream, do something else, and let it go on;
`fail_next` makes the next request of a kind fail with a sentence. `history` records every
request in the order the backend saw it, so absence is proven by a later event ("the second
request is the first one seen"), never by a wait. Cancel is honoured between pieces and while a
piece waits, as the protocol says.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field

from writer.generation.backend import BackendError, BackendInfo
from writer.generation.requests import CancelToken, ContinuationRequest, RewriteRequest
from writer.generation.results import (
    Alternative,
    Alternatives,
    FinishReason,
    GenerationStats,
    Piece,
    Stream,
    TokenChoice,
)

KINDS = ("continuation", "rewrite", "alternatives", "warm", "regenerate")


@dataclass
class Script:
    """What one request answers: pieces (text, probability) and how it ends."""

    pieces: list[Piece] = field(default_factory=list)
    finish: FinishReason = FinishReason.END


class ScriptedBackend:
    """A real backend whose answers a test writes, released piece by piece on command."""

    def __init__(self) -> None:
        self.info = BackendInfo(name="scripted", where="tests", n_ctx=4096)
        self.history: list[tuple[str, object]] = []  # (kind, request), as seen
        self.yielded: list[tuple[str, str]] = []  # (kind, piece text), as yielded
        self._scripts: dict[str, deque[Script]] = {kind: deque() for kind in KINDS}
        self._alternatives: deque[list[str]] = deque()
        self._failures: dict[str, deque[str]] = {kind: deque() for kind in KINDS}
        self._cond = threading.Condition()
        self._stepping = False
        self._credit = 0
        self.waiting = 0  # pieces waiting for a release now
        self.closed = False

    # the test's side ----------------------------------------------------------------------
    def enqueue(
        self,
        kind: str,
        pieces: list[str | tuple[str, float]],
        finish: FinishReason = FinishReason.END,
    ) -> None:
        """The next `kind` request answers these pieces, then ends with `finish`."""
        made = [Piece(p) if isinstance(p, str) else Piece(*p) for p in pieces]
        with self._cond:
            self._scripts[kind].append(Script(made, finish))

    def enqueue_alternatives(self, texts: list[str]) -> None:
        """The next `alternatives` call answers these texts, best first."""
        with self._cond:
            self._alternatives.append(list(texts))

    def fail_next(self, kind: str, message: str) -> None:
        """The next `kind` request raises BackendError(message), as a broken backend would."""
        with self._cond:
            self._failures[kind].append(message)

    def step(self, on: bool = True) -> None:
        """With `on`, each piece waits for a `release()`."""
        with self._cond:
            self._stepping = on
            self._cond.notify_all()

    def release(self, count: int = 1) -> None:
        """Let `count` more pieces go (of whichever request is streaming)."""
        with self._cond:
            self._credit += count
            self._cond.notify_all()

    def kinds(self) -> list[str]:
        """The kinds of the requests seen so far, in order."""
        return [kind for kind, _request in self.history]

    # the protocol -------------------------------------------------------------------------
    def continuation(self, request: ContinuationRequest, cancel: CancelToken) -> Stream:
        return self._play("continuation", request, cancel)

    def rewrite(self, request: RewriteRequest, cancel: CancelToken) -> Stream:
        return self._play("rewrite", request, cancel)

    def regenerate(
        self, request: ContinuationRequest, forced: list[TokenChoice], cancel: CancelToken
    ) -> Stream:
        return self._play("regenerate", (request, list(forced)), cancel)

    def warm(self, request: ContinuationRequest, cancel: CancelToken) -> Stream:
        stream = self._play("warm", request, cancel)
        stream.stats.finish_reason = FinishReason.WARMED
        return stream

    def alternatives(
        self, request: ContinuationRequest, k: int, cancel: CancelToken
    ) -> Alternatives:
        with self._cond:
            self.history.append(("alternatives", request))
            self._raise_if_scripted("alternatives")
            texts = self._alternatives.popleft() if self._alternatives else []
        if cancel.cancelled:
            return Alternatives([], GenerationStats(finish_reason=FinishReason.CANCELLED))
        items = [
            Alternative(text, score=-float(i), token_probs=[0.9], token_ends=[len(text)])
            for i, text in enumerate(texts[:k])
        ]
        return Alternatives(items, GenerationStats(finish_reason=FinishReason.END))

    def close(self) -> None:
        self.closed = True
        self.step(False)

    # playing ------------------------------------------------------------------------------
    def _play(self, kind: str, request: object, cancel: CancelToken) -> Stream:
        with self._cond:
            self.history.append((kind, request))
            self._raise_if_scripted(kind)
            script = self._scripts[kind].popleft() if self._scripts[kind] else Script()
        stats = GenerationStats()
        wake = cancel.on_cancel(self._wake)

        def pieces() -> Iterator[Piece]:
            try:
                for piece in script.pieces:
                    if not self._wait_turn(cancel):
                        stats.finish_reason = FinishReason.CANCELLED
                        return
                    stats.generated_tokens += 1
                    self.yielded.append((kind, piece.text))
                    yield piece
                stats.finish_reason = (
                    FinishReason.CANCELLED if cancel.cancelled else script.finish
                )
            finally:
                if stats.finish_reason is None:
                    stats.finish_reason = FinishReason.CANCELLED
                wake()

        return Stream(pieces(), stats)

    def _raise_if_scripted(self, kind: str) -> None:
        if self._failures[kind]:
            raise BackendError(self._failures[kind].popleft())

    def _wake(self) -> None:
        with self._cond:
            self._cond.notify_all()

    def _wait_turn(self, cancel: CancelToken) -> bool:
        """Wait until a piece may go; False when cancelled first."""
        with self._cond:
            self.waiting += 1
            try:
                while self._stepping and self._credit == 0 and not cancel.cancelled:
                    self._cond.wait(1.0)
                if cancel.cancelled:
                    return False
                if self._stepping:
                    self._credit -= 1
                return True
            finally:
                self.waiting -= 1
