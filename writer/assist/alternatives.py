"""The best few continuations at the cursor, cycled as ghost text or listed in a menu.

They are computed on first use (Alt+], Alt+[ or Ctrl+Enter) and kept for that place: the same
cursor position in the same revision of the document. The suggestion that showed when they were
asked for is one of them (first, where the search did not find it), so cycling comes back to
it; near-duplicates count once; the list shows each one's confidence next to the best's. The one
to show goes out by `chosen`; the editor's `InlineAssist` shows it at the cursor as a finished
suggestion (Tab accepts it), in which Alt+Down picks another word as in a suggestion. While a
rewrite holds the editor, the surface refuses alternatives and says why.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from writer.generation.alternatives import merged, relative_confidence, words
from writer.generation.requests import ContinuationRequest
from writer.generation.results import Alternative, Alternatives, FinishReason
from writer.ui.surface import Shown

if TYPE_CHECKING:
    from writer.ui.editor import Editor
    from writer.worker import EngineWorker, RequestHandle


class AlternativesController(QObject):
    """Computes, cycles and lists alternatives for one editor."""

    changed = Signal(int, int)  # index shown (0-based), count; count 0 = none shown
    list_ready = Signal(list, int)  # the labels of the alternatives, for a menu; the one shown
    chosen = Signal(str, list)  # the alternative to show: its text, one probability a character
    failed = Signal(str)
    none_found = Signal()  # asked here, the model wrote nothing the rules let show

    def __init__(
        self,
        editor: Editor,
        worker: EngineWorker,
        request_here: Callable[[], ContinuationRequest | None],
        k: int = 4,
        shown: Callable[[], tuple[Alternative, ContinuationRequest | None] | None] = lambda: None,
    ) -> None:
        super().__init__(editor)
        self.editor = editor
        self.worker = worker
        self.request_here = request_here
        self.k = k
        self.shown = shown  # the suggestion showing, as an alternative, and its request
        self._request: ContinuationRequest | None = None
        # the suggestion that showed, where the search did not find it: its own request (a
        # suggestion asked ahead has a prompt of its own, engine.py `continuation_prompt`)
        self._shown_request: ContinuationRequest | None = None
        self._items: list[Alternative] = []
        self._index = -1
        self._showing = -1  # the index of the suggestion that showed when they were asked for
        self._place: tuple[int, int] | None = None  # (position, document revision)
        self._handle: RequestHandle | None = None

    def _here(self) -> tuple[int, int]:
        return (self.editor.textCursor().position(), self.editor.document().revision())

    @property
    def items(self) -> list[Alternative]:
        """The alternatives computed for the cursor's place ([] if none)."""
        return list(self._items) if self._place == self._here() else []

    @property
    def current(self) -> tuple[Alternative | None, ContinuationRequest | None]:
        """The alternative shown last and the request it was found for."""
        if 0 <= self._index < len(self._items):
            own = self._index == self._showing and self._shown_request is not None
            return self._items[self._index], self._shown_request if own else self._request
        return None, self._request

    @property
    def busy(self) -> bool:
        return self._handle is not None

    def cycle(self, step: int = 1) -> None:
        """Show the next (or previous) alternative here as ghost text."""
        if self.editor.surface.refuse(Shown.ALTERNATIVE):
            return
        if self._place == self._here() and self._items:
            self._index = (self._index + step) % len(self._items)
            self._show()
            return

        def first() -> None:
            # the suggestion that showed is first or where the search ranked it: go on from it
            start = self._showing
            self._index = (
                (start + step) % len(self._items)
                if start >= 0
                else (0 if step > 0 else len(self._items) - 1)
            )
            self._show()

        self._compute(first)

    def show_list(self) -> None:
        """Ctrl+Enter: all alternatives, for the view to offer in a menu."""
        if self.editor.surface.refuse(Shown.ALTERNATIVE):
            return
        if self._place == self._here() and self._items:
            self._emit_list()
        else:
            self._compute(self._emit_list)

    def pick(self, index: int) -> bool:
        """Show alternative `index` at the cursor (the caller accepts it); False if it is gone."""
        if not (0 <= index < len(self._items)) or self._place != self._here():
            return False
        self._index = index
        self._show()
        return True

    def _emit_list(self) -> None:
        labels = []
        best = max(self._items, key=lambda a: a.score)
        for i, alt in enumerate(self._items):
            label = alt.text.strip().replace("\n", " ⏎ ")
            label = label if len(label) <= 80 else label[:79] + "…"
            confidence = relative_confidence(alt, best)
            labels.append(f"{i + 1}.  {label}   {confidence:.0%}")
        shown = self._index if self._index >= 0 else self._showing
        self.list_ready.emit(labels, shown)

    def _compute(self, then: Callable[[], None]) -> None:
        if not self.worker.is_loaded or self.editor.textCursor().hasSelection():
            return
        request = self.request_here()
        if request is None:
            return
        if self._handle is not None:
            self._handle.abandon()
        k = self.k
        self._place = self._here()
        self._items = []
        self._request = request
        shown = self.shown()
        handle = self.worker.call(lambda backend, cancel: backend.alternatives(request, k, cancel))
        self._then = (then, shown)
        # (methods: a lambda's connection outlived the window, and ran on it deleted)
        handle.finished.connect(self._on_finished)
        handle.failed.connect(self._on_failed)
        self._handle = handle

    def _on_finished(self, result: Alternatives) -> None:
        self._on_result(result, *self._then)

    def _on_result(
        self,
        result: Alternatives,
        then: Callable[[], None],
        shown: tuple[Alternative, ContinuationRequest | None] | None = None,
    ) -> None:
        self._handle = None
        if self._place != self._here() or not (result.items or shown):
            self.changed.emit(-1, 0)
            ended = result.stats.finish_reason != FinishReason.CANCELLED
            if self._place == self._here() and ended:
                self.none_found.emit()  # a key was pressed: it is said why nothing came
            return
        items = merged(list(result.items))
        self._showing = -1
        self._shown_request = None
        if shown is not None:
            # where the search found it, it stays where it ranks; else it goes first
            alt, request = shown
            key = words(alt)
            self._showing = next((i for i, a in enumerate(items) if words(a) == key), -1)
            if self._showing < 0:
                items.insert(0, alt)
                self._showing = 0
                self._shown_request = request
        self._items = items
        then()

    def _on_failed(self, message: str) -> None:
        self._handle = None
        self.failed.emit(message)

    def _show(self) -> None:
        alt = self._items[self._index]
        self.chosen.emit(alt.text, alt.char_probs())
        self.changed.emit(self._index, len(self._items))

    def reset(self) -> None:
        """What was shown is gone: abandon a computation and say none shows."""
        if self._handle is not None:
            self._handle.abandon()
            self._handle = None
        if self._index >= 0:
            self._index = -1
            self.changed.emit(-1, 0)
