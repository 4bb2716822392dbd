"""The sentence that says how to leave distraction-free writing, shown for a few seconds as it
begins (the menus that would say it are hidden then), and the status bar's sentences while it
is hidden.

It covers no text where the screen leaves room beside the text column: it shows in the margin
left of the column, at the top. Where the margin is too narrow it shows at the bottom of the
view, and goes as soon as the writer types (it sat over the first line, for four seconds, just
as the writer began).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QAbstractScrollArea, QLabel, QWidget

HINT_MS = 4000
GAP = 12  # between the hint and the edges around it, in pixels
NARROWEST = 140  # the narrowest margin beside the text the hint shows in, in pixels


class FocusHint(QLabel):
    """A label beside the text of a view (or at its bottom, until an edit), for HINT_MS."""

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
        self.covering = False  # shown over the text (the margin beside it too narrow)
        self.hide()

    def text_edited(self) -> None:
        """The writer typed: a hint over the text goes (a sentence shown in its place stays
        its time: "Not saved: the disk is full" went at the next letter)."""
        if self.covering and not self._own:
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

    def show_for(self, over: QAbstractScrollArea) -> None:
        """Show the hint in the margin left of `over`'s text (a child of this label's parent),
        or at its bottom centre where that margin is narrower than NARROWEST."""
        side = over.viewportMargins().left() - 2 * GAP
        self.covering = side < NARROWEST
        widest = max(200, over.width() - 4 * GAP) if self.covering else side
        # wrapped only where one line does not fit, and then at the narrowest width that needs
        # no more lines: a wrapped label picks a width of its own ("按 F11 恢复菜单和" over
        # "面板"), and the widest left one character alone ("按 F11 恢复菜单和面" over "板")
        needed = self.fontMetrics().horizontalAdvance(self.text()) + 2 * GAP + 2
        self.setWordWrap(needed > widest)
        width = widest
        if needed > widest:
            tall = self.heightForWidth(widest)
            narrow = widest // 2
            while narrow < width:  # (the same height in fewer pixels: balanced lines)
                middle = (narrow + width) // 2
                if self.heightForWidth(middle) <= tall:
                    width = middle
                else:
                    narrow = middle + 1
        self.setMinimumWidth(width if needed > widest else 0)
        self.setMaximumWidth(width)
        self.adjustSize()
        top_left = over.mapTo(self.parentWidget(), over.rect().topLeft())
        if self.covering:
            x = top_left.x() + (over.width() - self.width()) // 2
            y = top_left.y() + over.height() - self.height() - 2 * GAP
        else:
            x = top_left.x() + GAP + (side - self.width()) // 2
            y = top_left.y() + 2 * GAP
        self.move(x, y)
        self.raise_()
        self.show()
        self._timer.start()
