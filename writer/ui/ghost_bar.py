"""The suggestion's toolbar: with the pointer over the ghost text, a small bar over its line
offers what its keys do, for a writer who reaches for the mouse (VS Code's inline suggestion
toolbar, shown on hover): the previous and next suggestion there (Alt+[ and Alt+]), which one of
how many is shown, Accept (Tab) and Accept Word (Ctrl+Right).

It is a child of the editor's viewport, never a window of its own, and none of its buttons
takes the keys: the text keeps them. It goes when the pointer has left the ghost and the bar for
HIDE_AFTER_MS, when the suggestion goes or moves (accepted, typed through, dismissed), and when
the text scrolls or is laid out again (zoomed, the window resized); a new suggestion in the
same place (the next one) keeps it. Each button asks
the editor's assistant as the key would (`perform`), so a button does exactly what its key
does."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QTimer
from PySide6.QtGui import QCursor
from PySide6.QtWidgets import QApplication, QFrame, QHBoxLayout, QLabel, QToolButton

from writer.ui.collector import while_alive
from writer.ui.surface import Shown

HIDE_AFTER_MS = 400  # the pointer away from the ghost and the bar this long: the bar goes
GAP = 2  # pixels between the bar and the line it is over


class GhostBar(QFrame):
    """The toolbar of the suggestion shown in `editor` (an `Editor`); `perform` does a key's
    action (the assistant's `perform`)."""

    def __init__(self, editor, perform: Callable[[str], bool]) -> None:
        super().__init__(editor.viewport())
        self.setObjectName("ghostBar")
        self.editor = editor
        self._perform = perform
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setCursor(Qt.CursorShape.ArrowCursor)
        self.setFont(QApplication.font())  # (the interface's, not the text's: a toolbar)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(2, 1, 2, 1)
        layout.setSpacing(1)
        self.previous = self._button("‹", "previous_alternative")
        self.count = QLabel(self)
        self.count.hide()
        self.next = self._button("›", "next_alternative")
        self.accept = self._button("", "accept")
        self.accept_word = self._button("", "accept_word")
        for widget in (self.previous, self.count, self.next, self.accept, self.accept_word):
            layout.addWidget(widget)
        self._position = -1  # where the suggestion was when the bar was shown over it
        self._hide = QTimer(self)
        self._hide.setSingleShot(True)
        self._hide.setInterval(HIDE_AFTER_MS)
        self._hide.timeout.connect(self._hide_unless_over)
        editor.viewport().installEventFilter(self)
        editor.surface.changed.connect(self._surface_changed)
        editor.verticalScrollBar().valueChanged.connect(self.hide)
        editor.horizontalScrollBar().valueChanged.connect(self.hide)
        self.retranslate()
        self.hide()

    def _button(self, text: str, action: str) -> QToolButton:
        button = QToolButton(self)
        button.setText(text)
        button.setAutoRaise(True)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.clicked.connect(lambda: self._perform(action))
        return button

    def retranslate(self) -> None:
        self.previous.setToolTip(self.tr("Previous suggestion (Alt+[)"))
        self.next.setToolTip(self.tr("Next suggestion (Alt+])"))
        self.accept.setText(self.tr("Accept (Tab)"))
        self.accept.setToolTip(self.tr("Write the whole suggestion"))
        self.accept_word.setText(self.tr("Accept Word (Ctrl+→)"))
        self.accept_word.setToolTip(self.tr("Write the suggestion's next word"))
        self.adjustSize()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def set_count(self, index: int, count: int) -> None:
        """The alternatives' counter: the one shown (from 0) of `count` (0: none counted)."""
        self.count.setVisible(count > 0)
        self.count.setText(f"{index + 1}/{count}" if count > 0 else "")
        self.adjustSize()

    # when it shows ---------------------------------------------------------------------------
    def _offered(self) -> bool:
        surface = self.editor.surface
        return (
            surface.shown in (Shown.SUGGESTION, Shown.ALTERNATIVE)
            and not surface.rewriting
            and not surface.composing
            and self.editor.ghost_visible
        )

    @while_alive
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.MouseMove:
            self._pointer_at(event.position().toPoint())
        elif kind == QEvent.Type.Leave and self.isVisible():
            self._hide.start()
        elif kind in (QEvent.Type.Resize, QEvent.Type.FontChange):
            self.hide()  # (the text laid out again, the ghost elsewhere: zoomed, resized)
        elif kind in (QEvent.Type.MouseButtonPress, QEvent.Type.Wheel) and self.isVisible() \
                and not self.geometry().contains(self._pointer()):  # fmt: skip
            self.hide()
        return False

    def _pointer(self) -> QPoint:
        return self.editor.viewport().mapFromGlobal(QCursor.pos())

    def _pointer_at(self, point: QPoint) -> None:
        line = self.editor.ghost_line_at(point) if self._offered() else None
        if line is None:
            if self.isVisible() and not self._hide.isActive():
                self._hide.start()
            return
        self._hide.stop()
        if not self.isVisible():
            self._show_over(line, point.x())

    def _show_over(self, line, x: int) -> None:
        self.adjustSize()
        view = self.editor.viewport().rect()
        left = max(0, min(x - self.width() // 2, view.width() - self.width()))
        # over the ghost's first line, or (no room there) under its last: never on a word of
        # it, wherever it wraps
        editor = self.editor
        first = min(line.top(), editor.ghost_point(0).y() - line.height())
        top = first - self.height() - GAP
        if top < 0:
            top = max(line.bottom(), editor.ghost_point(len(editor.ghost_text)).y()) + GAP
        self.move(left, top)
        self._position = self.editor.surface.position
        self.show()
        self.raise_()

    def _hide_unless_over(self) -> None:
        point = self._pointer()
        if self.geometry().contains(point):
            return
        if self._offered() and self.editor.ghost_line_at(point) is not None:
            return
        self.hide()

    def enterEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        self._hide.stop()
        super().enterEvent(event)

    def leaveEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        self._hide.start()
        super().leaveEvent(event)

    def _surface_changed(self) -> None:
        if self.isVisible() and (not self._offered()
                                 or self.editor.surface.position != self._position):  # fmt: skip
            self.hide()
