"""The rewrite as the writer sees it: the preset popup, the original struck through, the new
text streaming in beside it, and the bar with Accept / Reject / Stop / Retry.

The new text is laid out in the line like ghost text (never part of the document until
accepted). What happens is the `RewriteSession`'s business; this view shows its state and turns
keys and clicks into its calls.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, Signal
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

from writer.assist.presets import PRESET_NAMES, TRANSLATIONS, preset_instruction
from writer.assist.rewrite import RewriteSession
from writer.ui.editor import Editor
from writer.ui.ghost import GhostText

SHORTCUT = QKeySequence("Ctrl+Shift+R")


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


class RewriteView(QObject):
    """Shows one editor's RewriteSession: popup, tracked change and bar; keys go to it."""

    def __init__(self, editor: Editor, session: RewriteSession) -> None:
        super().__init__(editor)
        self.editor = editor
        self.session = session
        self.popup: RewritePopup | None = None
        self._preview = GhostText(editor.document())
        self._preview.fade = False
        self._preview.line_breaks = " ¶ "
        self._style_preview()
        self.bar = ChangeBar(editor)
        self.bar.accept_button.clicked.connect(session.accept)
        self.bar.reject_button.clicked.connect(session.reject)
        self.bar.stop_button.clicked.connect(session.stop)
        self.bar.retry_button.clicked.connect(session.retry)
        session.changed.connect(self._update)
        session.ended.connect(self._clear)
        editor.installEventFilter(self)

    def _style_preview(self) -> None:
        pal = self.editor.palette()
        self._preview.color = pal.color(QPalette.ColorRole.Text)
        highlight = QColor(pal.color(QPalette.ColorRole.Highlight))
        highlight.setAlpha(60)
        self._preview.background = highlight

    def open_popup(self) -> None:
        """The presets by the selection (or a sentence saying why not)."""
        refusal = self.session.refusal()
        if refusal:
            self.session.message.emit(refusal)
            return
        cursor = self.editor.textCursor()
        popup = RewritePopup(self.session.settings.recent_instructions, self.editor)
        popup.chosen.connect(self.session.start)
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

    # painting -----------------------------------------------------------------------------
    def _update(self) -> None:
        session = self.session
        if not session.active:
            return
        if not self.editor.extraSelections():
            self._paint_original()
        if session.new_text:
            self._preview.show(session.end_position, session.new_text)
        else:
            self._preview.clear()
        bar = self.bar
        bar.label.setText(session.status)
        bar.stop_button.setEnabled(session.streaming)
        bar.accept_button.setEnabled(bool(session.new_text))
        self._place_bar()
        if not bar.isVisible():
            bar.show()
            bar.raise_()

    def _paint_original(self) -> None:
        session = self.session
        selection = QTextEdit.ExtraSelection()
        cursor = QTextCursor(session.start_cursor)
        cursor.setPosition(session.end_position, QTextCursor.MoveMode.KeepAnchor)
        fmt = QTextCharFormat()
        fmt.setFontStrikeOut(True)
        dim = QColor(self.editor.palette().color(QPalette.ColorRole.Text))
        dim.setAlpha(120)
        fmt.setForeground(dim)
        selection.cursor = cursor
        selection.format = fmt
        self.editor.setExtraSelections([selection])

    def _clear(self) -> None:
        self._preview.clear()
        self.editor.setExtraSelections([])
        self.bar.hide()
        self.editor.reserve_bottom(0)

    def _place_bar(self) -> None:
        """Across the bottom of the editor, above the horizontal edge, in reserved room."""
        if not self.session.active:
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

    # keys ---------------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        session = self.session
        if watched is self.editor and session.active:
            if event.type() == QEvent.Type.Resize:
                self._place_bar()
            elif event.type() == QEvent.Type.KeyPress:
                key = event.key()
                at_change = self.editor.textCursor().position() == session.end_position
                if key == Qt.Key.Key_Escape:
                    session.reject()
                    return True
                if at_change and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Tab):
                    if session.new_text:
                        session.accept()
                    return True
        return super().eventFilter(watched, event)
