"""Esc in a panel's list gives the keys back to the text: one filter for the panels that have
a list of places (the Outline's headings, Find in Project's results)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QWidget

from writer.ui.collector import while_alive


class EscapeBack(QObject):
    """Esc pressed in `widget` calls `back` (and goes no further)."""

    def __init__(self, widget: QWidget, back: Callable[[], object]) -> None:
        super().__init__(widget)
        self.back = back
        widget.installEventFilter(self)

    @while_alive
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if (
            isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() == Qt.Key.Key_Escape
        ):
            self.back()
            return True
        return False
