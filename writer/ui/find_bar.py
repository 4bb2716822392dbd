"""The find bar under the editor: Enter finds the next match, Shift+Enter the previous one.

Opened with Replace (Ctrl+H), it has a second row: Enter in the replace field (or Replace)
replaces the match that is selected and finds the next, Replace All replaces every match as one
step Undo takes back, and says how many. Matching is as Find's (case ignored).

Its status label ("Wrapped around", "Not found", "3 replaced") has the width of its longest
text from the start, so the find field keeps its width while the writer searches.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QTextCursor, QTextDocument
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from writer.assist.context import char_index
from writer.ui.editor import from_elsewhere
from writer.ui.steps import end_step, insert_step

MOST_COUNTED = 9999  # matches counted for "3 of 12" (a longer count, "of 9,999+")


class FindBar(QWidget):
    """A find field with Previous, Next and Close; a replace field with Replace and Replace
    All below it when opened for replacing."""

    def __init__(self, editor: QPlainTextEdit, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
        layout = QGridLayout(self)
        layout.setContentsMargins(8, 2, 8, 2)
        layout.setVerticalSpacing(2)
        self.label = QLabel(self)
        self.field = QLineEdit(self)
        self.field.setClearButtonEnabled(True)
        self.status = QLabel(self)
        self.prev_btn = QPushButton(self)
        self.next_btn = QPushButton(self)
        self.close_btn = QPushButton(self)
        self.replace_label = QLabel(self)
        self.replace_field = QLineEdit(self)
        self.replace_btn = QPushButton(self)
        self.replace_all_btn = QPushButton(self)
        layout.addWidget(self.label, 0, 0)
        layout.addWidget(self.field, 0, 1)
        layout.addWidget(self.status, 0, 2)
        for column, button in enumerate((self.prev_btn, self.next_btn, self.close_btn), 3):
            layout.addWidget(button, 0, column)
        layout.addWidget(self.replace_label, 1, 0)
        layout.addWidget(self.replace_field, 1, 1)
        layout.addWidget(self.replace_btn, 1, 3)
        layout.addWidget(self.replace_all_btn, 1, 4)
        layout.setColumnStretch(1, 1)
        self.label.setBuddy(self.field)
        self.replace_label.setBuddy(self.replace_field)
        self.replace_field.installEventFilter(self)
        self.replace_btn.clicked.connect(self.replace)
        self.replace_all_btn.clicked.connect(self.replace_all)
        # Tab from the find field goes to the replace field (it went through the buttons)
        order = (
            self.field,
            self.replace_field,
            self.prev_btn,
            self.next_btn,
            self.replace_btn,
            self.replace_all_btn,
            self.close_btn,
        )
        for first, second in zip(order, order[1:], strict=False):
            QWidget.setTabOrder(first, second)
        self._show_replace(False)
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
        self.prev_btn.setText(self.tr("Previo&us"))
        self.next_btn.setText(self.tr("&Next"))
        self.close_btn.setText(self.tr("Close"))
        self.label.setText(self.tr("F&ind:"))
        self.replace_label.setText(self.tr("Replace wi&th:"))
        self.replace_field.setPlaceholderText(self.tr("Replacement (may be empty)"))
        self.replace_btn.setText(self.tr("Rep&lace"))
        self.replace_all_btn.setText(self.tr("Replace &All"))
        metrics = self.status.fontMetrics()
        texts = (
            self.tr("Wrapped around"),
            self.tr("Wrapped around to the end"),
            self.tr("Not found"),
            self.tr("{0} replaced"),
            self.tr("{0} of {1}").format("9,999", "{0}"),
        )
        widest = max(metrics.horizontalAdvance(t.format("9,999")) for t in texts)
        self.status.setFixedWidth(widest + 4)

    def open_bar(self) -> None:
        """Find (Ctrl+F): the find row only, its field with the keyboard in it."""
        self._open(replacing=False)

    def open_replace(self) -> None:
        """Replace (Ctrl+H): both rows; the replace field takes the keyboard when the find
        field already holds the selection's text."""
        self._open(replacing=True)

    def _open(self, replacing: bool) -> None:
        selected = self.editor.textCursor().selectedText()
        taken = bool(selected) and "\u2029" not in selected
        if taken:
            self.field.setText(selected)
        self._show_replace(replacing)
        self.status.setText("")
        self.show()
        # with the selection as the search, the replacement is what comes next; else a new
        # search (a second Ctrl+H typed the next search into the replace field)
        target = self.replace_field if replacing and taken else self.field
        target.setFocus()
        target.selectAll()

    def _show_replace(self, on: bool) -> None:
        for widget in (
            self.replace_label,
            self.replace_field,
            self.replace_btn,
            self.replace_all_btn,
        ):
            widget.setVisible(on)

    @property
    def replacing(self) -> bool:
        return self.replace_field.isVisibleTo(self)

    def close_bar(self) -> None:
        self.hide()
        self.editor.setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and event.key() in (
            Qt.Key.Key_Return,
            Qt.Key.Key_Enter,
        ):
            if watched is self.field:
                if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
                    self.find_previous()
                else:
                    self.find_next()
                return True
            if watched is self.replace_field:
                self.replace()
                return True
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.close_bar()
        else:
            super().keyPressEvent(event)

    def _matched(self) -> bool:
        """Whether the editor's selection is a match of the find field (as Find matches)."""
        needle = self.field.text()
        selected = self.editor.textCursor().selectedText()
        return bool(needle) and selected.casefold() == needle.casefold()

    def replace(self) -> bool:
        """The selected match replaced, then the next one found (the first Replace, with no
        match selected, only finds it). False when there is no match."""
        if not self.field.text():
            return False
        if self._matched():
            cursor = self.editor.textCursor()
            with from_elsewhere(self.editor):  # (the letters typed next are a step of their own)
                insert_step(cursor, self.replace_field.text())
            self.editor.setTextCursor(cursor)
        return self.find_next()

    def replace_all(self) -> int:
        """Every match replaced, as one step Undo takes back; the status says how many."""
        needle = self.field.text()
        if not needle:
            return 0
        doc = self.editor.document()
        replacement = self.replace_field.text()
        count = 0
        cursor = QTextCursor(doc)
        edit = QTextCursor(self.editor.textCursor())  # where Undo puts the cursor back
        edit.clearSelection()
        with from_elsewhere(self.editor):  # (the block's change is announced at its end)
            while True:
                cursor = doc.find(needle, cursor)
                if cursor.isNull():
                    break
                if count == 0:
                    edit.beginEditBlock()
                cursor.insertText(replacement)
                last = cursor
                count += 1
            if count:
                end_step(last)  # (the letters typed after the last one: their own step)
                edit.endEditBlock()
        if count:
            self.status.setText(self.tr("{0} replaced").format(f"{count:,}"))
        else:
            self.status.setText(self.tr("Not found"))
        return count

    def find_next(self) -> bool:
        return self._find(QTextDocument.FindFlag(0))

    def find_previous(self) -> bool:
        return self._find(QTextDocument.FindFlag.FindBackward)

    def _which(self, needle: str) -> str:
        """Which match the selection is, of how many ("3 of 12", VS Code's), as Find matches
        (case aside); counted up to MOST_COUNTED."""
        text = self.editor.document().toPlainText()
        at = char_index(text, self.editor.textCursor().selectionStart())
        pattern = re.compile(re.escape(needle), re.IGNORECASE)
        count = index = 0
        for found in pattern.finditer(text):
            count += 1
            if found.start() < at:
                index = count
            if count >= MOST_COUNTED:
                return self.tr("{0} of {1}").format(f"{index + 1:,}", f"{MOST_COUNTED:,}+")
        return self.tr("{0} of {1}").format(f"{min(index + 1, count):,}", f"{count:,}")

    def _find(self, flags: QTextDocument.FindFlag) -> bool:
        needle = self.field.text()
        if not needle:
            return False
        if self.editor.find(needle, flags):
            self.status.setText(self._which(needle))
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
            self.status.setText(self.tr("Not found"))
        elif backward:  # (in Chinese the forward sentence says "from the start")
            self.status.setText(self.tr("Wrapped around to the end"))
        else:
            self.status.setText(self.tr("Wrapped around"))
        return found
