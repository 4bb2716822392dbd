"""The editor: a plain-text widget for prose and Markdown with ghost-text suggestions.

Suggestions follow the rules of VS Code's inline completions: Tab accepts all, Ctrl+Right the
next word, Esc dismisses; typing what the suggestion says consumes it; any other edit, cursor
move, selection or focus loss hides it and cancels its request at once. Requests go to the
EngineWorker after a short pause in typing, never while an input method is composing.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import QEvent, Qt, QTextBoundaryFinder, QTimer, Signal
from PySide6.QtGui import (
    QFont,
    QFontDatabase,
    QInputMethodEvent,
    QKeyEvent,
    QPaintEvent,
    QPalette,
    QTextCursor,
)
from PySide6.QtWidgets import QPlainTextEdit, QWidget

from writer.ui.ghost import GhostText

# The text sent to the engine starts at a multiple of this many characters, so that the start of
# what the engine sees stays put while the writer types (its cache is keyed by the prefix).
CONTEXT_ALIGN = 1 << 16
CONTEXT_MAX_CHARS = 3 * CONTEXT_ALIGN
MAX_RIGHT_OF_CURSOR = 3  # characters on the rest of the line that still allow a suggestion
WARM_AFTER_MS = 400  # pause after a cursor move before the cache is filled ahead of typing
TEXT_COLUMN_EM = 40
_TYPING_MODIFIERS = (
    Qt.KeyboardModifier.NoModifier,
    Qt.KeyboardModifier.ShiftModifier,
    Qt.KeyboardModifier.KeypadModifier,
)


@dataclass
class SuggestionSettings:
    enabled: bool = True
    debounce_ms: int = 150
    max_tokens: int = 48
    stop_at: str = "sentence"
    min_prob: float = 0.0
    run_on: bool = False


@dataclass
class _Suggestion:
    request_id: int
    position: int  # where the suggestion was asked for
    text: str = ""
    probs: list[float] = field(default_factory=list)
    consumed: int = 0  # characters already typed through or accepted
    finished: bool = False
    requested_at: float = 0.0
    first_piece_at: float | None = None
    painted_at: float | None = None

    @property
    def remainder(self) -> str:
        return self.text[self.consumed :]

    @property
    def anchor(self) -> int:
        return self.position + self.consumed


def _char_probs(alt) -> list[float]:
    """Per-character probabilities of an alternative from its per-token ones."""
    probs = [1.0] * len(alt.text)
    start = 0
    for prob, end in zip(alt.token_probs, alt.token_ends, strict=False):
        for i in range(start, min(end, len(probs))):
            probs[i] = prob
        start = max(start, end)
    return probs


def is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch in "_'’"


def next_word_end(text: str) -> int:
    """Length of the prefix of text that accepting "the next word" takes: leading spaces, then
    one word (by Unicode word boundaries, so Chinese and Japanese go word by word too)."""
    if not text:
        return 0
    start = len(text) - len(text.lstrip())
    if start >= len(text):
        return len(text)
    finder = QTextBoundaryFinder(QTextBoundaryFinder.BoundaryType.Word, text)
    finder.setPosition(start)
    end = finder.toNextBoundary()
    return len(text) if end < 0 else max(end, start + 1)


class Editor(QPlainTextEdit):
    """QPlainTextEdit with ghost text. The owner connects it to an EngineWorker."""

    suggestion_shown = Signal(float)  # ms from the request to the first ghost piece painted
    suggestion_finished = Signal(object)  # GenerationStats
    suggestion_failed = Signal(str)
    suggestion_accepted = Signal(str)
    alternatives_changed = Signal(int, int)  # index shown (0-based), count; count 0 = none
    rewrite_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = SuggestionSettings()
        self._worker = None
        self._job_factory: Callable | None = None
        self._ghost = GhostText(self.document())
        self._sugg: _Suggestion | None = None
        self._internal = 0  # >0 while the editor itself edits the document or moves the cursor
        self._composing = False
        self._last_key_at: float | None = None
        self._resizing = False
        self._bottom_reserve = 0
        self._paused = False
        self._alts: list = []
        self._alt_index = -1
        self._alt_key: tuple[int, int] | None = None  # (position, document revision)
        self._alt_request: int | None = None
        self._alt_then: Callable[[], None] | None = None
        self.alt_count = 4
        self.warm_requests = 0  # how many times the cache was warmed ahead of typing
        self.last_warm_request: int | None = None
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.timeout.connect(self.request_suggestion)
        # After the cursor moves away, or text changes elsewhere, the cache no longer holds the
        # text before the cursor; when the writer pauses, it is evaluated ahead of the keystroke.
        self._warm_timer = QTimer(self)
        self._warm_timer.setSingleShot(True)
        self._warm_timer.setInterval(WARM_AFTER_MS)
        self._warm_timer.timeout.connect(self._warm_cache)
        self.document().contentsChange.connect(self._on_contents_change)
        self.cursorPositionChanged.connect(self._on_cursor_moved)
        self.selectionChanged.connect(self._on_selection_changed)
        self._setup_appearance()

    # appearance ---------------------------------------------------------------------------
    def _setup_appearance(self) -> None:
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont)
        for family in ("Noto Serif", "Source Serif 4", "Georgia", "DejaVu Serif", "Serif"):
            if family in QFontDatabase.families():
                font = QFont(family)
                break
        font.setPointSizeF(max(12.0, font.pointSizeF()))
        font.setStyleHint(QFont.StyleHint.Serif)
        self.setFont(font)
        self.setCursorWidth(2)
        self.document().setDocumentMargin(12)
        self._update_ghost_color()

    def _update_ghost_color(self) -> None:
        pal = self.palette()
        text = pal.color(QPalette.ColorRole.Text)
        base = pal.color(QPalette.ColorRole.Base)
        ghost = text.toRgb()
        # Halfway between text and background reads as "not yet written" in light and dark.
        ghost.setRgb(
            (text.red() + base.red()) // 2,
            (text.green() + base.green()) // 2,
            (text.blue() + base.blue()) // 2,
        )
        self._ghost.color = ghost

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.StyleChange):
            self._update_ghost_color()
        super().changeEvent(event)

    def resizeEvent(self, event) -> None:
        # Margins first: QPlainTextEdit lays text out for the viewport width it has now.
        self._apply_margins()
        super().resizeEvent(event)

    def _apply_margins(self) -> None:
        """A centred text column, and room kept under it (see `reserve_bottom`). Computed from
        the widget's own width: the viewport's changes with the margins themselves."""
        if self._resizing:
            return
        self._resizing = True
        try:
            column = self.fontMetrics().averageCharWidth() * TEXT_COLUMN_EM * 2
            side = max(0, (self.width() - 2 * self.frameWidth() - column) // 2)
            margins = self.viewportMargins()
            if (margins.left(), margins.bottom()) != (side, self._bottom_reserve):
                self.setViewportMargins(side, 0, side, self._bottom_reserve)
        finally:
            self._resizing = False

    def reserve_bottom(self, height: int) -> None:
        """Keep `height` pixels under the text for a bar (a rewrite's), so it covers no text."""
        if height != self._bottom_reserve:
            self._bottom_reserve = height
            self._apply_margins()

    # wiring -------------------------------------------------------------------------------
    def set_worker(self, worker, job_factory: Callable) -> None:
        """Connect to an EngineWorker; job_factory(request) makes the job it runs."""
        self._worker = worker
        self._job_factory = job_factory
        worker.piece_generated.connect(self._on_piece)
        worker.request_finished.connect(self._on_finished)
        worker.request_failed.connect(self._on_failed)
        worker.call_finished.connect(self._on_alternatives)

    @property
    def ghost_text(self) -> str:
        """The suggestion shown now ('' when none)."""
        return self._ghost.text if self._ghost.visible else ""

    @property
    def pending_request(self) -> int | None:
        return self._sugg.request_id if self._sugg and not self._sugg.finished else None

    def set_suggestions_paused(self, paused: bool) -> None:
        """No suggestions while something else (a rewrite) works in this editor."""
        self._paused = paused
        if paused:
            self.dismiss_suggestion()

    def contextMenuEvent(self, event) -> None:
        menu = self.createStandardContextMenu(event.pos())
        if self.textCursor().hasSelection():
            menu.addSeparator()
            action = menu.addAction("Rewrite Selection…")
            action.setShortcut("Ctrl+Shift+R")
            action.triggered.connect(self.rewrite_requested.emit)
        menu.exec(event.globalPos())
        menu.deleteLater()

    def set_suggestions_enabled(self, enabled: bool) -> None:
        self.settings.enabled = enabled
        if not enabled:
            self.dismiss_suggestion()

    # requests -----------------------------------------------------------------------------
    def _can_suggest(self) -> bool:
        if not (self.settings.enabled and self._worker and self._worker.is_loaded):
            return False
        if self._composing or self._paused or self.isReadOnly():
            return False
        cursor = self.textCursor()
        if cursor.hasSelection():
            return False
        block_text = cursor.block().text()
        col = cursor.positionInBlock()
        right = block_text[col:]
        if len(right.strip()) > MAX_RIGHT_OF_CURSOR:
            return False
        left_char = block_text[col - 1] if col > 0 else ""
        right_char = right[:1]
        if right_char and is_word_char(right_char) and (not left_char or is_word_char(left_char)):
            return False  # in the middle of a word
        return cursor.position() > 0

    def _text_before(self, pos: int) -> str:
        start = max(0, pos - CONTEXT_MAX_CHARS)
        start -= start % CONTEXT_ALIGN
        cursor = QTextCursor(self.document())
        cursor.setPosition(start)
        cursor.setPosition(pos, QTextCursor.MoveMode.KeepAnchor)
        return cursor.selectedText().replace("\u2029", "\n")

    def request_suggestion(self) -> int | None:
        """Ask for a suggestion at the cursor now (the debounce timer calls this)."""
        self._debounce.stop()
        if not self._can_suggest():
            return None
        self._cancel_request()
        request = self._request_here()
        if request is None:
            return None
        assert self._job_factory is not None
        rid = self._worker.submit(self._job_factory(request))
        pos = self.textCursor().position()
        self._sugg = _Suggestion(rid, pos, requested_at=time.perf_counter())
        return rid

    def _request_here(self):
        from writer.engine.engine import ContinuationRequest

        cursor = self.textCursor()
        before = self._text_before(cursor.position())
        if not before.strip():
            return None
        return ContinuationRequest(
            before=before,
            after=cursor.block().text()[cursor.positionInBlock() :],
            max_tokens=self.settings.max_tokens,
            stop_at=self.settings.stop_at,
            min_prob=self.settings.min_prob,
            run_on=self.settings.run_on,
        )

    # alternatives -------------------------------------------------------------------------
    def _here(self) -> tuple[int, int]:
        return (self.textCursor().position(), self.document().revision())

    def cycle_alternative(self, step: int = 1) -> None:
        """Show the next (or previous) of the best few continuations here, as ghost text.
        They are computed on first use and kept for this position."""
        if self._alt_key == self._here() and self._alts:
            self._alt_index = (self._alt_index + step) % len(self._alts)
            self._show_alternative()
            return
        shown = self.ghost_text

        def first() -> None:
            start = 0
            if shown and self._alts and self._alts[0].text == shown:
                start = 1 % len(self._alts)
            self._alt_index = start if step > 0 else len(self._alts) - 1
            self._show_alternative()

        self._compute_alternatives(first)

    def _compute_alternatives(self, then: Callable[[], None]) -> None:
        if not (self._worker and self._worker.is_loaded) or self.textCursor().hasSelection():
            return
        request = self._request_here()
        if request is None:
            return
        self._debounce.stop()
        self._cancel_request()
        from writer.engine.alternatives import alternatives

        k = self.alt_count
        self._alt_key = self._here()
        self._alts = []
        self._alt_then = then
        self._alt_request = self._worker.call(lambda engine: alternatives(engine, request, k))

    def _on_alternatives(self, request_id: int) -> None:
        if request_id != self._alt_request:
            return
        self._alt_request = None
        result = self._worker.take_result(request_id)
        if self._alt_key != self._here() or not result:
            self.alternatives_changed.emit(-1, 0)
            return
        self._alts = list(result)
        then, self._alt_then = self._alt_then, None
        if then is not None:
            then()

    def _show_alternative(self) -> None:
        alt = self._alts[self._alt_index]
        pos = self.textCursor().position()
        probs = _char_probs(alt)
        self._sugg = _Suggestion(-1, pos, text=alt.text, probs=probs, finished=True)
        self._show_remainder()
        self.alternatives_changed.emit(self._alt_index, len(self._alts))

    @property
    def alternatives(self) -> list:
        return list(self._alts) if self._alt_key == self._here() else []

    def show_alternatives_list(self) -> None:
        """Ctrl+Enter: all alternatives in a menu at the cursor; the one picked is inserted."""
        if self._alt_key == self._here() and self._alts:
            self._popup_alternatives()
        else:
            self._compute_alternatives(self._popup_alternatives)

    def _popup_alternatives(self) -> None:
        from PySide6.QtWidgets import QMenu

        menu = QMenu(self)
        menu.setObjectName("alternatives-menu")
        for i, alt in enumerate(self._alts):
            label = alt.text.strip().replace("\n", " ⏎ ")
            label = label if len(label) <= 90 else label[:89] + "…"
            action = menu.addAction(f"{i + 1}.  {label}")
            action.setToolTip(f"score {alt.score:.2f}")
            action.triggered.connect(lambda _c=False, i=i: self.pick_alternative(i))
        self._alt_menu = menu
        rect = self.cursorRect()
        menu.popup(self.viewport().mapToGlobal(rect.bottomLeft()))

    def pick_alternative(self, index: int) -> str:
        if not (0 <= index < len(self._alts)) or self._alt_key != self._here():
            return ""
        self._alt_index = index
        self._show_alternative()
        return self.accept_suggestion()

    def _cancel_request(self) -> None:
        if self._sugg is not None and not self._sugg.finished and self._worker is not None:
            self._worker.cancel(self._sugg.request_id)
        self._sugg = None

    def dismiss_suggestion(self) -> None:
        """Hide the suggestion and cancel its request."""
        self._debounce.stop()
        self._cancel_request()
        self._ghost.clear()
        if self._alt_index >= 0:
            self._alt_index = -1
            self.alternatives_changed.emit(-1, 0)

    def _schedule(self) -> None:
        if self.settings.enabled and not self._composing:
            self._debounce.start(max(0, self.settings.debounce_ms))

    # worker signals -----------------------------------------------------------------------
    def _on_piece(self, request_id: int, text: str, prob: float) -> None:
        s = self._sugg
        if s is None or s.request_id != request_id or s.finished:
            return
        if self.textCursor().position() != s.anchor or self.textCursor().hasSelection():
            self.dismiss_suggestion()  # never show a suggestion where it was not made for
            return
        if s.first_piece_at is None:
            s.first_piece_at = time.perf_counter()
        s.text += text
        s.probs.extend([prob] * len(text))
        self._show_remainder()

    def _on_finished(self, request_id: int, stats) -> None:
        s = self._sugg
        if s is None or s.request_id != request_id:
            return
        s.finished = True
        if stats.finish_reason != "cancelled":
            self.suggestion_finished.emit(stats)
        if not s.remainder:
            self._ghost.clear()

    def _on_failed(self, request_id: int, message: str) -> None:
        if self._sugg is not None and self._sugg.request_id == request_id:
            self._sugg = None
            self._ghost.clear()
            self.suggestion_failed.emit(message)

    def _show_remainder(self) -> None:
        s = self._sugg
        if s is None or not s.remainder:
            self._ghost.clear()
            return
        self._ghost.show(s.anchor, s.remainder, s.probs[s.consumed :])

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        s = self._sugg
        if s is not None and s.painted_at is None and self._ghost.visible:
            s.painted_at = time.perf_counter()
            self.suggestion_shown.emit((s.painted_at - s.requested_at) * 1000)

    @property
    def last_keystroke_at(self) -> float | None:
        return self._last_key_at

    @property
    def last_painted_at(self) -> float | None:
        return self._sugg.painted_at if self._sugg else None

    # accepting ----------------------------------------------------------------------------
    def accept_suggestion(self, length: int | None = None) -> str:
        """Insert the suggestion (or its first `length` characters) as one undo step."""
        s = self._sugg
        if s is None or not self._ghost.visible:
            return ""
        take = s.remainder if length is None else s.remainder[:length]
        if not take:
            return ""
        self._ghost.clear()
        self._internal += 1
        try:
            cursor = self.textCursor()
            cursor.beginEditBlock()
            cursor.insertText(take)
            cursor.endEditBlock()
            self.setTextCursor(cursor)
        finally:
            self._internal -= 1
        s.consumed += len(take)
        self.suggestion_accepted.emit(take)
        if s.remainder:
            self._show_remainder()
        else:
            self._cancel_request()
            self._schedule()
        return take

    def accept_next_word(self) -> str:
        s = self._sugg
        if s is None or not self._ghost.visible:
            return ""
        return self.accept_suggestion(next_word_end(s.remainder))

    # events -------------------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        self._last_key_at = time.perf_counter()
        key, mods = event.key(), event.modifiers()
        if mods == Qt.KeyboardModifier.AltModifier and key in (
            Qt.Key.Key_BracketRight,
            Qt.Key.Key_BracketLeft,
        ):
            self.cycle_alternative(1 if key == Qt.Key.Key_BracketRight else -1)
            return
        if mods == Qt.KeyboardModifier.ControlModifier and key in (
            Qt.Key.Key_Return,
            Qt.Key.Key_Enter,
        ):
            self.show_alternatives_list()
            return
        if self._ghost.visible:
            key, mods = event.key(), event.modifiers()
            if key == Qt.Key.Key_Tab and mods == Qt.KeyboardModifier.NoModifier:
                self.accept_suggestion()
                return
            if key == Qt.Key.Key_Right and mods == Qt.KeyboardModifier.ControlModifier:
                self.accept_next_word()
                return
            if key == Qt.Key.Key_Escape:
                self.dismiss_suggestion()
                return
            typed = event.text()
            s = self._sugg
            if (
                s is not None
                and typed
                and typed.isprintable()
                and mods in _TYPING_MODIFIERS
                and s.remainder.startswith(typed)
            ):
                self._type_through(event, typed)
                return
        elif event.key() == Qt.Key.Key_Escape and self._sugg is not None:
            self.dismiss_suggestion()
            return
        super().keyPressEvent(event)

    def _type_through(self, event: QKeyEvent, typed: str) -> None:
        s = self._sugg
        assert s is not None
        self._ghost.clear()
        self._internal += 1
        try:
            super().keyPressEvent(event)
        finally:
            self._internal -= 1
        s.consumed += len(typed)
        if self.textCursor().position() != s.anchor:
            self.dismiss_suggestion()
            self._schedule()
            return
        if s.remainder:
            self._show_remainder()
        elif s.finished:
            self._sugg = None
            self._schedule()

    def inputMethodEvent(self, event: QInputMethodEvent) -> None:
        if event.preeditString():
            # The input method uses the same pre-edit area: the suggestion steps aside.
            self._composing = True
            self.dismiss_suggestion()
        else:
            self._composing = False
        super().inputMethodEvent(event)

    def focusOutEvent(self, event) -> None:
        if event.reason() != Qt.FocusReason.PopupFocusReason:
            self.dismiss_suggestion()
        super().focusOutEvent(event)

    def _on_contents_change(self, position: int, removed: int, added: int) -> None:
        if self._internal:
            return
        if removed == added == 0:
            return
        self._cancel_request()
        self._ghost.clear()
        self._schedule()

    def _on_cursor_moved(self) -> None:
        if self._internal:
            return
        s = self._sugg
        if s is not None and self.textCursor().position() != s.anchor:
            self.dismiss_suggestion()
        self.warm_soon()

    def warm_soon(self) -> None:
        """Evaluate the text before the cursor once the writer pauses (see `_warm_cache`)."""
        if self.settings.enabled:
            self._warm_timer.start()

    def _warm_cache(self) -> None:
        """Fill the model's cache with the text before the cursor, generating nothing, unless a
        suggestion, alternatives or a rewrite (of any window) has the model: a warm-up never
        cancels anything, while anything the writer asks for cancels a warm-up."""
        worker = self._worker
        if not (worker and worker.is_loaded and self.settings.enabled):
            return
        if self._paused or self._composing or self.isReadOnly():
            return
        if self._sugg is not None or self._debounce.isActive() or self._alt_request is not None:
            return
        if self.textCursor().hasSelection() or not self.isVisible():
            return
        request = self._request_here()
        if request is None:
            return
        rid = worker.submit_when_idle(lambda engine, cancel: engine.warm(request, cancel))
        if rid is not None:
            self.warm_requests += 1
            self.last_warm_request = rid

    def _on_selection_changed(self) -> None:
        if not self._internal and self.textCursor().hasSelection():
            self.dismiss_suggestion()

    def event(self, event: QEvent) -> bool:
        # Tab must reach keyPressEvent even where focus chains would take it.
        if (
            event.type() == QEvent.Type.KeyPress
            and event.key() == Qt.Key.Key_Tab
            and self._ghost.visible
        ):
            self.keyPressEvent(event)
            return True
        return super().event(event)
