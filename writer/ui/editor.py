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
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.timeout.connect(self.request_suggestion)
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
        if not self._resizing:
            self._resizing = True
            try:
                column = self.fontMetrics().averageCharWidth() * TEXT_COLUMN_EM * 2
                side = max(0, (event.size().width() - column) // 2)
                if self.viewportMargins().left() != side:
                    self.setViewportMargins(side, 0, side, 0)
            finally:
                self._resizing = False
        super().resizeEvent(event)

    # wiring -------------------------------------------------------------------------------
    def set_worker(self, worker, job_factory: Callable) -> None:
        """Connect to an EngineWorker; job_factory(request) makes the job it runs."""
        self._worker = worker
        self._job_factory = job_factory
        worker.piece_generated.connect(self._on_piece)
        worker.request_finished.connect(self._on_finished)
        worker.request_failed.connect(self._on_failed)

    @property
    def ghost_text(self) -> str:
        """The suggestion shown now ('' when none)."""
        return self._ghost.text if self._ghost.visible else ""

    @property
    def pending_request(self) -> int | None:
        return self._sugg.request_id if self._sugg and not self._sugg.finished else None

    def set_suggestions_enabled(self, enabled: bool) -> None:
        self.settings.enabled = enabled
        if not enabled:
            self.dismiss_suggestion()

    # requests -----------------------------------------------------------------------------
    def _can_suggest(self) -> bool:
        if not (self.settings.enabled and self._worker and self._worker.is_loaded):
            return False
        if self._composing or self.isReadOnly():
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
        from writer.engine.engine import ContinuationRequest

        cursor = self.textCursor()
        pos = cursor.position()
        before = self._text_before(pos)
        if not before.strip():
            return None
        after = cursor.block().text()[cursor.positionInBlock() :]
        request = ContinuationRequest(
            before=before,
            after=after,
            max_tokens=self.settings.max_tokens,
            stop_at=self.settings.stop_at,
            min_prob=self.settings.min_prob,
            run_on=self.settings.run_on,
        )
        assert self._job_factory is not None
        rid = self._worker.submit(self._job_factory(request))
        self._sugg = _Suggestion(rid, pos, requested_at=time.perf_counter())
        return rid

    def _cancel_request(self) -> None:
        if self._sugg is not None and not self._sugg.finished and self._worker is not None:
            self._worker.cancel(self._sugg.request_id)
        self._sugg = None

    def dismiss_suggestion(self) -> None:
        """Hide the suggestion and cancel its request."""
        self._debounce.stop()
        self._cancel_request()
        self._ghost.clear()

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
