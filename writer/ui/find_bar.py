"""The find bar under the editor: Enter finds the next match, Shift+Enter the previous one.

Its status label ("Wrapped around", "Not found") has the width of its longest text from the
start, so the find field keeps its width while the writer searches.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QTextCursor, QTextDocument
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit, QPushButton, QWidget


class FindBar(QWidget):
    """A find field with Previous, Next and Close."""

    def __init__(self, editor: QPlainTextEdit, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 2, 8, 2)
        self.label = QLabel(self)
        self.field = QLineEdit(self)
        self.field.setClearButtonEnabled(True)
        self.status = QLabel(self)
        self.prev_btn = QPushButton(self)
        self.next_btn = QPushButton(self)
        self.close_btn = QPushButton(self)
        layout.addWidget(self.label)
        layout.addWidget(self.field, 1)
        layout.addWidget(self.status)
        for button in (self.prev_btn, self.next_btn, self.close_btn):
            layout.addWidget(button)
        # Enter and Shift+Enter in the field (its returnPressed came for both, and with the
        # bar's own Shift+Enter they cancelled out: the previous match never came)
        self.field.installEventFilter(self)
        self.next_btn.clicked.connect(self.find_next)
        self.prev_btn.clicked.connect(self.find_previous)
        self.close_btn.clicked.connect(self.close_bar)
        self.retranslate()
        self.hide()

    def retranslate(self) -> None:
        self.field.setPlaceholderText(self.tr("Find in document"))
        self.prev_btn.setText(self.tr("Previous"))
        self.next_btn.setText(self.tr("Next"))
        self.close_btn.setText(self.tr("Close"))
        self.label.setText(self.tr("Find:"))
        metrics = self.status.fontMetrics()
        texts = (self.tr("Wrapped around"), self.tr("Not found"))
        self.status.setFixedWidth(max(metrics.horizontalAdvance(t) for t in texts) + 4)

    def open_bar(self) -> None:
        selected = self.editor.textCursor().selectedText()
        if selected and "\u2029" not in selected:
            self.field.setText(selected)
        self.show()
        self.field.setFocus()
        self.field.selectAll()

    def close_bar(self) -> None:
        self.hide()
        self.editor.setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.field
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
                self.find_previous()
            else:
                self.find_next()
            return True
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.close_bar()
        else:
            super().keyPressEvent(event)

    def find_next(self) -> bool:
        return self._find(QTextDocument.FindFlag(0))

    def find_previous(self) -> bool:
        return self._find(QTextDocument.FindFlag.FindBackward)

    def _find(self, flags: QTextDocument.FindFlag) -> bool:
        needle = self.field.text()
        if not needle:
            return False
        if self.editor.find(needle, flags):
            self.status.setText("")
            return True
        was = self.editor.textCursor()
        cursor = QTextCursor(was)
        backward = bool(flags & QTextDocument.FindFlag.FindBackward)
        cursor.movePosition(
            QTextCursor.MoveOperation.End if backward else QTextCursor.MoveOperation.Start
        )
        self.editor.setTextCursor(cursor)
        found = self.editor.find(needle, flags)
        if not found:  # the cursor and selection stay where the writer left them
            self.editor.setTextCursor(was)
        self.status.setText(self.tr("Wrapped around") if found else self.tr("Not found"))
        return found
