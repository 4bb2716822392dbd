"""The sentence that says how to leave distraction-free writing, shown over the text for a few
seconds as it begins (the menus that would say it are hidden then)."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QLabel, QWidget

HINT_MS = 4000


class FocusHint(QLabel):
    """A label at the top centre of a widget, for HINT_MS."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("focus-hint")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setStyleSheet(
            "#focus-hint { background: palette(tooltip-base); color: palette(tooltip-text);"
            " border: 1px solid palette(mid); border-radius: 4px; padding: 6px 12px; }"
        )
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(HINT_MS)
        self._timer.timeout.connect(self.hide)
        self._own = ""  # the hint's own text while a message shows in its place
        self.hide()

    def say(self, text: str, ms: int, over: QWidget) -> None:
        """Show `text` in the hint's place for `ms` (the status bar's sentences, while it is
        hidden), then the hint's own text again."""
        self._own = self._own or self.text()
        self.setText(text)
        self._timer.setInterval(max(HINT_MS, min(ms, 15000)))
        self.show_for(over)

    def hideEvent(self, event) -> None:
        if self._own:  # (the hint's own text for the next time)
            self.setText(self._own)
            self._own = ""
        self._timer.setInterval(HINT_MS)
        super().hideEvent(event)

    def show_for(self, over: QWidget) -> None:
        """Show the hint at the top centre of `over` (a child of this label's parent)."""
        widest = max(200, over.width() - 48)
        self.setMaximumWidth(widest)
        # wrapped only where one line does not fit: a wrapped label picks a narrower width
        # of its own ("按 F11 恢复菜单和" over "面板")
        needed = self.fontMetrics().horizontalAdvance(self.text()) + 2 * 12 + 2
        self.setWordWrap(needed > widest)
        self.adjustSize()
        top_left = over.mapTo(self.parentWidget(), over.rect().topLeft())
        self.move(top_left.x() + (over.width() - self.width()) // 2, top_left.y() + 24)
        self.raise_()
        self.show()
        self._timer.start()
