"""Rewriting a selection as a tracked change.

The original stays in the document, dimmed and struck through (an extra selection); the new text
streams in right after it, laid out in the text like ghost text but highlighted, and becomes part
of the document only when accepted, as one undo step. Esc leaves the document exactly as it was.
The original's ends are QTextCursors, so edits elsewhere move them and disturb nothing.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QPoint, Qt, Signal
from PySide6.QtGui import QColor, QKeySequence, QPalette, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QBoxLayout,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from writer.engine.presets import CONTEXT_CHARS, PRESETS, TRANSLATIONS
from writer.ui.editor import Editor
from writer.ui.ghost import GhostText

PRESET_NAMES = [name for name in PRESETS if name not in TRANSLATIONS]
# The engine keeps at most CONTEXT_CHARS each side, cut at a paragraph; reading a quarter more
# lets it find where that paragraph starts.
CONTEXT_READ_CHARS = CONTEXT_CHARS + CONTEXT_CHARS // 4
SHORTCUT = QKeySequence("Ctrl+Shift+R")


def preset_instruction(name: str) -> str:
    return PRESETS.get(name, name)


class RewritePopup(QFrame):
    """The small panel by the selection: presets, translations and a free instruction."""

    chosen = Signal(str, str)  # label, instruction

    def __init__(self, recent: list[str], parent: QWidget) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.setObjectName("rewrite-popup")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        grid = QGridLayout()
        self.buttons: dict[str, QPushButton] = {}
        for i, name in enumerate(PRESET_NAMES + TRANSLATIONS):
            button = QPushButton(name, self)
            button.setAutoDefault(False)
            button.clicked.connect(lambda _c=False, n=name: self._choose(n, preset_instruction(n)))
            grid.addWidget(button, i // 3, i % 3)
            self.buttons[name] = button
        layout.addLayout(grid)
        row = QHBoxLayout()
        self.instruction = QComboBox(self)
        self.instruction.setEditable(True)
        self.instruction.addItems(recent)
        self.instruction.setCurrentText("")
        self.instruction.lineEdit().setPlaceholderText("Or say what to do, e.g. “as a haiku”")
        self.instruction.lineEdit().returnPressed.connect(self._free)
        go = QPushButton("Rewrite", self)
        go.clicked.connect(self._free)
        row.addWidget(self.instruction, 1)
        row.addWidget(go)
        layout.addLayout(row)

    def _free(self) -> None:
        text = self.instruction.currentText().strip()
        if text:
            self._choose(text, text)

    def _choose(self, label: str, instruction: str) -> None:
        self.chosen.emit(label, instruction)
        self.close()


class ChangeBar(QFrame):
    """Accept / Reject / Stop / Retry for the tracked change, docked under the editor's text
    (in room the editor keeps free for it) so that it never covers the change or its context."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("rewrite-bar")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.row = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self.row.setContentsMargins(6, 3, 6, 3)
        self.label = QLabel(self)
        self.label.setWordWrap(True)  # a narrow window wraps the text, never hides the buttons
        self.buttons = QWidget(self)
        buttons = QHBoxLayout(self.buttons)
        buttons.setContentsMargins(0, 0, 0, 0)
        self.accept_button = QPushButton("Accept (Enter)", self.buttons)
        self.reject_button = QPushButton("Reject (Esc)", self.buttons)
        self.stop_button = QPushButton("Stop", self.buttons)
        self.retry_button = QPushButton("Retry", self.buttons)
        buttons.addStretch(1)
        for b in (self.stop_button, self.retry_button, self.reject_button, self.accept_button):
            b.setAutoDefault(False)
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            buttons.addWidget(b)
        self.row.addWidget(self.label, 1)
        self.row.addWidget(self.buttons)
        self.hide()

    def fit(self, width: int) -> int:
        """Lay out for `width`: one row when the message fits beside the buttons, else the
        message above them. Returns the height that needs."""
        margins = self.row.contentsMargins()
        natural = (
            self.label.fontMetrics().horizontalAdvance(self.label.text())
            + self.buttons.sizeHint().width()
            + self.row.spacing()
            + margins.left()
            + margins.right()
        )
        self.row.setDirection(
            QBoxLayout.Direction.LeftToRight
            if natural <= width
            else QBoxLayout.Direction.TopToBottom
        )
        height = self.heightForWidth(width) if self.hasHeightForWidth() else -1
        return height if height > 0 else self.sizeHint().height()


class RewriteController(QObject):
    """Runs one rewrite at a time in an editor, through the shared EngineWorker."""

    message = Signal(str)
    finished = Signal(object)  # stats, when a stream ends (not when cancelled)

    def __init__(self, editor: Editor, worker, settings) -> None:
        super().__init__(editor)
        self.editor = editor
        self.worker = worker
        self.settings = settings
        self._start: QTextCursor | None = None
        self._end: QTextCursor | None = None
        self.original = ""
        self.new_text = ""
        self.instruction = ""
        self.label = ""
        self.attempt = 0  # 0: the greedy answer; Retry counts up, each a sampled version
        self.max_tokens: int | None = None  # None: the engine's budget for the selection
        self.streaming = False
        self._request_id: int | None = None
        self._preview = GhostText(editor.document())
        self._preview.fade = False
        self._preview.line_breaks = " ¶ "
        self._style_preview()
        self.bar = ChangeBar(editor)
        self.bar.accept_button.clicked.connect(self.accept)
        self.bar.reject_button.clicked.connect(self.reject)
        self.bar.stop_button.clicked.connect(self.stop)
        self.bar.retry_button.clicked.connect(self.retry)
        worker.piece_generated.connect(self._on_piece)
        worker.request_finished.connect(self._on_finished)
        worker.request_failed.connect(self._on_failed)
        editor.document().contentsChange.connect(self._on_contents_change)
        editor.installEventFilter(self)

    @property
    def active(self) -> bool:
        return self._start is not None

    def _style_preview(self) -> None:
        pal = self.editor.palette()
        self._preview.color = pal.color(QPalette.ColorRole.Text)
        highlight = QColor(pal.color(QPalette.ColorRole.Highlight))
        highlight.setAlpha(60)
        self._preview.background = highlight

    # starting -----------------------------------------------------------------------------
    def open_popup(self) -> None:
        cursor = self.editor.textCursor()
        if not cursor.hasSelection():
            self.message.emit("Select the text to rewrite first.")
            return
        if self.active:
            self.message.emit("Accept or reject the current rewrite first.")
            return
        popup = RewritePopup(self.settings.recent_instructions, self.editor)
        popup.chosen.connect(self.start)
        start = QTextCursor(cursor)
        start.setPosition(cursor.selectionStart())
        first, last = self.editor.cursorRect(start), self.editor.cursorRect(cursor)
        popup.adjustSize()
        anchor = self.editor.viewport().mapToGlobal(QPoint(first.left(), last.bottom() + 6))
        screen = self.editor.screen().availableGeometry()
        x = max(screen.left(), min(anchor.x(), screen.right() - popup.width()))
        y = anchor.y()
        if y + popup.height() > screen.bottom():  # no room below: above the selection
            y = self.editor.viewport().mapToGlobal(first.topLeft()).y() - popup.height() - 6
        popup.move(x, max(screen.top(), y))
        self.popup = popup
        popup.show()
        popup.buttons[PRESET_NAMES[0]].setFocus()

    def start(self, label: str, instruction: str) -> bool:
        """Rewrite the current selection with `instruction`; False if it cannot start."""
        cursor = self.editor.textCursor()
        if not cursor.hasSelection() or self.active:
            return False
        if not self.worker.is_loaded:
            self.message.emit("No model is loaded: rewriting needs one.")
            return False
        if label == instruction and instruction not in PRESET_NAMES + TRANSLATIONS:
            recent = [instruction] + [
                i for i in self.settings.recent_instructions if i != instruction
            ]
            self.settings.recent_instructions = recent[:10]
            self.settings.save()
        self.editor.dismiss_suggestion()
        doc = self.editor.document()
        self._start = QTextCursor(doc)
        self._start.setPosition(cursor.selectionStart())
        self._end = QTextCursor(doc)
        self._end.setPosition(cursor.selectionEnd())
        self.original = cursor.selectedText().replace("\u2029", "\n")
        self.instruction, self.label = instruction, label
        self.attempt = 0
        plain = QTextCursor(doc)
        plain.setPosition(cursor.selectionEnd())
        self.editor.setTextCursor(plain)
        self._paint_original()
        self._request()
        return True

    def _context(self) -> tuple[str, str]:
        doc = self.editor.document()
        start, end = self._start.position(), self._end.position()
        c = QTextCursor(doc)
        c.setPosition(max(0, start - CONTEXT_READ_CHARS))
        c.setPosition(start, QTextCursor.MoveMode.KeepAnchor)
        before = c.selectedText().replace("\u2029", "\n")
        c.setPosition(end)
        c.setPosition(
            min(doc.characterCount() - 1, end + CONTEXT_READ_CHARS), QTextCursor.MoveMode.KeepAnchor
        )
        after = c.selectedText().replace("\u2029", "\n")
        return before, after

    def _request(self) -> None:
        from writer.engine.rewrite import RewriteRequest, rewrite

        before, after = self._context()
        request = RewriteRequest(
            self.original, self.instruction, before=before, after=after, max_tokens=self.max_tokens
        )
        self.new_text = ""
        self.streaming = True
        self.editor.set_suggestions_paused(True)
        attempt = self.attempt
        self._request_id = self.worker.submit(
            lambda engine, cancel: rewrite(engine, request, cancel, attempt=attempt)
        )
        self._show_bar(f"Rewriting: {self._title()}…")

    # streaming ----------------------------------------------------------------------------
    def _on_piece(self, request_id: int, text: str, _prob: float) -> None:
        if request_id != self._request_id or not self.active:
            return
        self.new_text += text
        self.bar.accept_button.setEnabled(True)
        self._paint_new()

    def _on_finished(self, request_id: int, stats) -> None:
        if request_id != self._request_id:
            return
        self._request_id = None
        self.streaming = False
        if getattr(stats, "template_refused", ""):
            self.message.emit(stats.template_refused)
        if stats.finish_reason != "cancelled":
            self.finished.emit(stats)
        if not self.new_text:
            state = "the model returned nothing. Retry, or Esc to close."
        elif stats.finish_reason == "length":
            state = (
                "cut off at the length limit (it ran on). Enter or Tab accepts what came, "
                "Retry asks again, Esc restores the original."
            )
        else:
            state = "done. Enter or Tab accepts, Esc restores the original."
        self._show_bar(f"{self._title()}: {state}")

    def _on_failed(self, request_id: int, message: str) -> None:
        if request_id != self._request_id:
            return
        self._request_id = None
        self.streaming = False
        self.message.emit(message)
        self._clear()

    # ending -------------------------------------------------------------------------------
    def stop(self) -> None:
        """Stop generating and keep what came."""
        if self._request_id is not None:
            self.worker.cancel(self._request_id)
            self._request_id = None
        self.streaming = False
        if self.active:
            self._show_bar(f"{self.label}: stopped. Enter or Tab accepts what came, Esc rejects.")

    def retry(self) -> None:
        if not self.active:
            return
        self.stop()
        self._preview.clear()
        self.attempt += 1  # another version, not the same greedy answer again
        self._request()

    def accept(self) -> bool:
        """Replace the original with the new text, as one undo step."""
        if not self.active:
            return False
        self.stop()
        text = self.new_text
        start, end = self._start.position(), self._end.position()
        self._clear()
        if not text:
            return False
        cursor = QTextCursor(self.editor.document())
        cursor.beginEditBlock()
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        cursor.insertText(text)
        cursor.endEditBlock()
        self.editor.setTextCursor(cursor)
        return True

    def reject(self) -> None:
        """Drop the new text; the document is as it was before."""
        if not self.active:
            return
        self.stop()
        self._clear()

    def _clear(self) -> None:
        self._preview.clear()
        self._start = self._end = None
        self.original = self.new_text = ""
        self.editor.setExtraSelections([])
        self.editor.set_suggestions_paused(False)
        self.bar.hide()
        self.editor.reserve_bottom(0)

    # painting -----------------------------------------------------------------------------
    def _paint_original(self) -> None:
        selection = QTextEdit.ExtraSelection()
        cursor = QTextCursor(self._start)
        cursor.setPosition(self._end.position(), QTextCursor.MoveMode.KeepAnchor)
        fmt = QTextCharFormat()
        fmt.setFontStrikeOut(True)
        dim = QColor(self.editor.palette().color(QPalette.ColorRole.Text))
        dim.setAlpha(120)
        fmt.setForeground(dim)
        selection.cursor = cursor
        selection.format = fmt
        self.editor.setExtraSelections([selection])

    def _paint_new(self) -> None:
        if self.active:
            self._preview.show(self._end.position(), self.new_text)
            self._place_bar()

    def _title(self) -> str:
        return f"{self.label} (version {self.attempt + 1})" if self.attempt else self.label

    def _show_bar(self, text: str) -> None:
        bar = self.bar
        bar.label.setText(text)
        bar.stop_button.setEnabled(self.streaming)
        bar.accept_button.setEnabled(bool(self.new_text))
        self._place_bar()
        bar.show()
        bar.raise_()

    def _place_bar(self) -> None:
        """Across the bottom of the editor, above the horizontal edge, in reserved room."""
        if not self.active:
            return
        bar, editor = self.bar, self.editor
        frame = editor.frameWidth()
        scroll = editor.verticalScrollBar()
        width = editor.width() - 2 * frame - (scroll.width() if scroll.isVisible() else 0)
        width = max(bar.buttons.sizeHint().width() + 12, width)
        height = bar.fit(width)
        bar.resize(width, height)
        editor.reserve_bottom(height)
        bar.move(frame, editor.height() - frame - height)

    # events -------------------------------------------------------------------------------
    def _on_contents_change(self, position: int, removed: int, added: int) -> None:
        if not self.active or (removed == added == 0):
            return
        start, end = self._start.position(), self._end.position()
        if position < end and position + removed > start:
            # An edit inside the original: the rewrite no longer matches it.
            self.stop()
            self._clear()
            self.message.emit("The rewrite was dropped: its original text was edited.")
            return
        if self.new_text:
            self._paint_new()

    def eventFilter(self, watched, event) -> bool:
        from PySide6.QtCore import QEvent

        if watched is self.editor and event.type() == QEvent.Type.Resize and self.active:
            self._place_bar()
        if watched is self.editor and event.type() == QEvent.Type.KeyPress and self.active:
            key = event.key()
            at_change = self.editor.textCursor().position() == self._end.position()
            if key == Qt.Key.Key_Escape:
                self.reject()
                return True
            if at_change and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Tab):
                if self.new_text:
                    self.accept()
                return True
        return super().eventFilter(watched, event)
