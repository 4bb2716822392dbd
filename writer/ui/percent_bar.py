"""A progress bar with its text beside the fill (downloads, the status bar, Writing
Statistics' daily goal)."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QPaintEvent, QPalette
from PySide6.QtWidgets import (
    QProgressBar,
    QStyle,
    QStyleOptionProgressBar,
    QStylePainter,
    QWidget,
)


class PercentBar(QProgressBar):
    """A bar with its text beside the fill, never on it: Fusion centres the text over the
    bar, where the fill's edge cut through it (at 48 % the "4" white on blue, the "8%" black on
    white). A busy bar (no size known) has no text and the whole width. Its text is its
    percentage unless set otherwise (setFormat); the room beside fits "100%" and the texts in
    `widest`, the widest it will show (Writing Statistics' "2,000 of 2,000 words (100%)" and
    "Goal of 2,000 words reached"), so the bar keeps its length as its text changes, and
    whatever it shows."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFormat("%p%")
        self.widest: tuple[str, ...] = ()

    def parts(self) -> tuple[QRect, QRect]:
        """The bar's groove and the room for its text beside it (at the end the fill grows
        towards; an empty rectangle where no text shows)."""
        whole = self.rect()
        if not self.isTextVisible() or self.minimum() == self.maximum():
            return whole, QRect()
        metrics = self.fontMetrics()
        width = max(metrics.horizontalAdvance(text)
                    for text in (self.locale().toString(100) + "%", *self.widest, self.text()))
        width += metrics.averageCharWidth()
        groove = whole.adjusted(0, 0, -width, 0)
        room = QRect(groove.right() + 1, whole.top(), width, whole.height())
        side = self.layoutDirection()
        return QStyle.visualRect(side, whole, groove), QStyle.visualRect(side, whole, room)

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        groove, room = self.parts()
        option = QStyleOptionProgressBar()
        self.initStyleOption(option)
        option.rect = groove
        option.textVisible = False
        painter = QStylePainter(self)
        painter.drawControl(QStyle.ControlElement.CE_ProgressBar, option)
        if not room.isEmpty():
            painter.setPen(self.palette().color(QPalette.ColorRole.WindowText))
            painter.drawText(room, Qt.AlignmentFlag.AlignCenter, self.text())
