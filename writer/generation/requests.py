"""What Writer asks of a model, whichever backend answers: plain data, no model code.

A request is built on the UI thread and read on the backend's thread; neither changes it after
submitting. `CancelToken` is the one object both threads touch.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass

log = logging.getLogger(__name__)

# Context on each side of a rewrite's selection, in characters: a paragraph before and after, cut
# there by the backend. The editor reads a quarter more, so the cut can find where a paragraph
# starts.
CONTEXT_CHARS = 1200


class CancelToken:
    """Set by any thread to stop a request; a backend checks it between tokens (and llama.cpp's
    abort callback inside a decode). A backend that blocks elsewhere (a network read) registers
    a callback that unblocks it; callbacks run once, on the cancelling thread. A backend reading
    a long prompt says how far it has come through `report`, on its own thread; whoever runs the
    request may set `on_progress` to hear it."""

    def __init__(self) -> None:
        self.event = threading.Event()
        self._lock = threading.Lock()
        self._callbacks: list[Callable[[], None]] = []
        self.on_progress: Callable[[int, int], None] | None = None

    def report(self, done: int, total: int) -> None:
        """`done` of the `total` tokens a long prompt needs are read."""
        if self.on_progress is not None:
            self.on_progress(done, total)

    def cancel(self) -> None:
        with self._lock:
            self.event.set()
            callbacks, self._callbacks = self._callbacks, []
        for callback in callbacks:
            try:
                callback()
            except Exception:  # noqa: BLE001 - a failing unblocker must not stop the others
                log.exception("a cancel callback failed")

    def on_cancel(self, callback: Callable[[], None]) -> Callable[[], None]:
        """Run `callback` when cancelled (at once if already); returns a remover."""
        with self._lock:
            if not self.event.is_set():
                self._callbacks.append(callback)
                return lambda: self._remove(callback)
        callback()
        return lambda: None

    def _remove(self, callback: Callable[[], None]) -> None:
        with self._lock:
            if callback in self._callbacks:
                self._callbacks.remove(callback)

    @property
    def cancelled(self) -> bool:
        return self.event.is_set()


@dataclass
class ContinuationRequest:
    """Text to continue at the cursor. `before` is the text before it (its start stays put while
    the writer types, so a backend's prefix cache holds); `after` is the text after the cursor,
    as far as the editor reads it; when `before` does not start at the document's start, `head`
    holds the document's first line and the Markdown headings before it. `typing`: asked while
    the writer types, so only its first piece is likely to be seen before the next key; a
    backend may make that piece more frugally (the engine makes it on one thread where that
    costs little). `ahead`: asked ahead of time (the continuation of a shown suggestion), not
    by the writer, so anything the writer asks for next stops it at once, within a step.
    `short_first`: the writer waits for this answer, so a backend whose cache does not hold the
    wide window may read a short one now and the wide one in a warm-up (the editor asks so).
    A warm-up with `typing` is asked inside a word while the writer types it: a backend may
    also evaluate the word's tokens that are settled (all but the last), so that the word's end
    finds them cached.
    `memory` is what the project's notes, lore and other chapters give (writer/project), the
    text that goes before the document; `style` is the writer's style note, placed a few lines
    before the cursor (generation/window.py `place_style`)."""

    before: str
    after: str = ""
    max_tokens: int = 48
    stop_at: str = "sentence"  # "sentence", "line" or "none"
    min_prob: float = 0.0  # cut the suggestion at its first token less likely than this
    min_run_prob: float = 0.0  # end it where the product of its tokens' probabilities falls below
    head: str = ""  # the document's title and headings before `before` starts, if it does
    typing: bool = False
    short_first: bool = False
    memory: str = ""
    style: str = ""
    ahead: bool = False
    banned: tuple[str, ...] = ()  # phrases never to write (generation/bans.py), from Settings


@dataclass
class RewriteRequest:
    """A selection to rewrite by an instruction, with the text around it. Attempt 0 is the
    model's most likely answer; a later attempt (Retry) samples another version."""

    selection: str
    instruction: str
    before: str = ""
    after: str = ""
    max_tokens: int | None = None  # None: the backend's budget for the selection
    attempt: int = 0
    memory: str = ""  # the project's memory, as for a continuation: names as the notes spell them
    banned: tuple[str, ...] = ()  # phrases never to write (generation/bans.py), from Settings
