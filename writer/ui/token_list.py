"""The small list of tokens offered at one word of a suggestion, opened at that word.

A view: it shows labels and says what the writer did. Up/Down move, Enter or a digit 1-8 picks,
Left/Right go to the previous or next word of the suggestion (the controller opens the list
there), Esc closes it and leaves the suggestion as it was. A click picks too.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeyEvent
from PySide6.QtWidgets import QApplication, QFrame, QLabel, QListWidget, QVBoxLayout, QWidget

from writer.ui.collector import while_alive

_PICK_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
_MOVE_KEYS = (
    Qt.Key.Key_Up,
    Qt.Key.Key_Down,
    Qt.Key.Key_Home,
    Qt.Key.Key_End,
    Qt.Key.Key_PageUp,
    Qt.Key.Key_PageDown,
)


class TokenList(QFrame):
    """A popup list of labels; `picked(row)`, `moved(step)` and `closed` say what happened."""

    picked = Signal(int)
    moved = Signal(int)  # -1: the previous word, 1: the next
    closed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.setObjectName("token-list")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        self.list = QListWidget(self)
        self.list.setObjectName("token-list-items")
        self.list.itemActivated.connect(lambda item: self.picked.emit(self.list.row(item)))
        self.list.itemClicked.connect(lambda item: self.picked.emit(self.list.row(item)))
        self.list.installEventFilter(self)
        self.setFocusProxy(self.list)
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        layout.addWidget(self.list)
        layout.addWidget(self.note)

    def show_at(self, labels: list[str], note: str, where: QPoint, line: int = 0) -> None:
        """Show `labels` (the first selected) and `note` under them, at global point `where`,
        the bottom of the word's line (`line` high): above that line where the screen has no
        room below it, and within the screen's width (at the bottom of a maximised window it
        ran off the screen, two of eight rows left to see)."""
        self.list.clear()
        self.list.addItems(labels)
        self.list.setVisible(bool(labels))
        if labels:
            self.list.setCurrentRow(0)
        self.note.setText(note)
        self.note.setVisible(bool(note))
        width = max(160, self.list.sizeHintForColumn(0) + 24) if labels else 260
        rows = self.list.sizeHintForRow(0) * len(labels) + 8 if labels else 0
        self.list.setFixedHeight(rows)
        self.setFixedWidth(width)
        self.adjustSize()
        screen = QGuiApplication.screenAt(where) or self.screen()
        room = screen.availableGeometry()
        size = self.size()
        x = max(room.left(), min(where.x(), room.right() + 1 - size.width()))
        y = where.y()
        if y + size.height() > room.bottom() + 1:
            y = max(room.top(), where.y() - line - size.height())
        self.move(QPoint(x, y))
        self.show()  # the popup takes the keys

    @property
    def labels(self) -> list[str]:
        return [self.list.item(i).text() for i in range(self.list.count())]

    @while_alive
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.list and event.type() == QEvent.Type.KeyPress:
            return self._key(event)
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # A popup's keys go to its focus widget, else to the popup itself: the list has none
        # until clicked (the editor keeps the focus), so Up and Down come here and go on to it.
        if self._key(event):
            return
        if event.key() in _MOVE_KEYS:
            QApplication.sendEvent(self.list, event)
        else:
            super().keyPressEvent(event)

    def _key(self, event: QKeyEvent) -> bool:
        key = event.key()
        if key in _PICK_KEYS and self.list.currentRow() >= 0:
            self.picked.emit(self.list.currentRow())
        elif Qt.Key.Key_1 <= key <= Qt.Key.Key_8 and key - Qt.Key.Key_1 < self.list.count():
            self.picked.emit(key - Qt.Key.Key_1)
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            self.moved.emit(-1 if key == Qt.Key.Key_Left else 1)
        elif key == Qt.Key.Key_Escape:
            self.hide()
        else:
            return False
        return True

    def hideEvent(self, event) -> None:
        super().hideEvent(event)
        self.closed.emit()
