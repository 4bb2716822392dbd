"""The rewrite as the writer sees it: the preset popup, the original struck through, the new
text streaming in beside it, and the bar with Accept / Reject / Stop / Retry (and which version
shows, "2 / 3").

The new text is laid out in the line through the editor's `InlineSurface`, like ghost text
(never part of the document until accepted). What happens is the `RewriteSession`'s business;
this view shows its state and turns clicks into its calls (its keys come through the editor's
key map to the session).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, Qt, Signal
from PySide6.QtGui import QColor, QKeySequence, QPalette, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QApplication,
    QBoxLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from writer.assist.context import char_index, qt_length
from writer.assist.presets import preset_label, presets_of
from writer.assist.rewrite import RewriteSession
from writer.documents import markdown, tables
from writer.generation.text import sentence_around
from writer.ui.collector import while_alive
from writer.ui.editor import Editor
from writer.ui.markdown import in_table
from writer.ui.surface import Shown


def _cell_sentence(cursor: QTextCursor) -> tuple[int, int]:
    """The document positions of the sentence the cursor is in inside its table cell (a row's
    bars and its other cells left out)."""
    block = cursor.block()
    line = block.text()
    at = char_index(line, cursor.positionInBlock())
    left, right = tables.cell_bounds(line, at)
    cell = line[left:right]
    low, high = sentence_around(cell, at - left)
    while low < high and cell[low].isspace():
        low += 1
    while high > low and cell[high - 1].isspace():
        high -= 1
    base = block.position()
    return base + qt_length(line[: left + low]), base + qt_length(line[: left + high])


SHORTCUT = QKeySequence("Ctrl+Shift+R")
PALETTE_WIDTH = 380


class RewritePalette(QFrame):
    """The rewrite's command palette by the selection, run from the keyboard.

    The highlighted item runs on Enter: the first preset (Improve) when nothing is typed.
    Typing filters the presets (by name and instruction) and offers the typed words as an
    instruction of their own; Up and Down move; with nothing typed, digits 1-9 run a preset;
    Esc closes. Recent instructions of the writer's own follow the presets.
    """

    chosen = Signal(str, str)  # label, instruction
    dismissed = Signal()  # closed with nothing chosen (Esc, a click elsewhere)

    def __init__(self, presets: list[tuple[str, str]], recent: list[str], parent: QWidget) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.setObjectName("rewrite-palette")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.presets = presets
        self.recent = [r for r in recent if r not in dict(presets)]
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        self.field = QLineEdit(self)
        self.field.setPlaceholderText(
            self.tr("Rewrite how? Type to filter or to say, e.g. as a haiku")
        )
        self.field.setClearButtonEnabled(True)
        self.list = QListWidget(self)
        self.list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.list.setUniformItemSizes(True)
        layout.addWidget(self.field)
        layout.addWidget(self.list)
        self.field.textChanged.connect(self._fill)
        self.field.installEventFilter(self)
        self.list.itemActivated.connect(self._run)
        self.list.itemClicked.connect(self._run)
        self._fill("")
        self.setMinimumWidth(PALETTE_WIDTH)
        self._chosen = False

    def _fill(self, typed: str) -> None:
        self.list.clear()
        words = typed.strip()
        needle = words.casefold()
        first = None
        for i, (name, text) in enumerate(self.presets):
            if needle and needle not in name.casefold() and needle not in text.casefold():
                continue
            number = f"{i + 1}  " if i < 9 and not needle else ""
            item = QListWidgetItem(number + preset_label(name), self.list)
            item.setData(Qt.ItemDataRole.UserRole, (name, text))
            item.setToolTip(text)
            first = first or item
        for text in self.recent:
            if needle and needle not in text.casefold():
                continue
            item = QListWidgetItem("↺  " + text, self.list)
            item.setData(Qt.ItemDataRole.UserRole, (text, text))
            first = first or item
        if words:
            item = QListWidgetItem(self.tr("Rewrite: “{0}”").format(words), self.list)
            item.setData(Qt.ItemDataRole.UserRole, (words, words))
            first = first or item
        if first is not None:
            self.list.setCurrentItem(first)
        self._fit()

    def _fit(self) -> None:
        rows = min(self.list.count(), 12)
        height = self.list.sizeHintForRow(0) * max(rows, 1) + 2 * self.list.frameWidth() + 4
        self.list.setFixedHeight(height)
        self.adjustSize()

    @while_alive
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.field and event.type() == QEvent.Type.KeyPress:
            key = event.key()
            if key in (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown):
                row = self.list.currentRow()
                step = {Qt.Key.Key_Up: -1, Qt.Key.Key_Down: 1}.get(key, 0)
                page = {Qt.Key.Key_PageUp: -5, Qt.Key.Key_PageDown: 5}.get(key, 0)
                target = max(0, min(self.list.count() - 1, row + step + page))
                self.list.setCurrentRow(target)
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                item = self.list.currentItem()
                if item is not None:
                    self._run(item)
                return True
            if key == Qt.Key.Key_Escape:
                self.close()
                return True
            digit = event.text()
            if digit in "123456789" and digit and not self.field.text():
                index = int(digit) - 1
                if index < len(self.presets):
                    name, text = self.presets[index]
                    self._choose(name, text)
                return True
        return super().eventFilter(watched, event)

    def _run(self, item: QListWidgetItem) -> None:
        name, text = item.data(Qt.ItemDataRole.UserRole)
        self._choose(name, text)

    def _choose(self, label: str, instruction: str) -> None:
        self._chosen = True
        self.chosen.emit(label, instruction)
        self.close()

    def hideEvent(self, event) -> None:  # noqa: N802 (Qt)
        super().hideEvent(event)
        if not self._chosen:
            self._chosen = True  # (said once)
            self.dismissed.emit()

    def place(self, anchor: QRect, window: QRect) -> None:
        """Below the selection's `anchor` (or above it when there is no room), always inside
        `window` (both in global coordinates)."""
        self.setMinimumWidth(min(PALETTE_WIDTH, window.width() - 8))
        self.adjustSize()
        width = min(self.width(), window.width() - 8)
        self.setFixedWidth(width)
        x = max(window.left() + 4, min(anchor.left(), window.right() - width - 4))
        y = anchor.bottom() + 6
        if y + self.height() > window.bottom():
            y = anchor.top() - self.height() - 6
        y = max(window.top() + 4, min(y, window.bottom() - self.height() - 4))
        self.move(x, y)


MIN_MESSAGE_WIDTH = 160  # pixels: less than this beside the buttons, the message goes above
MAX_LINES_BESIDE = 2  # a message that needs more lines than this beside the buttons goes above


class ChangeBar(QFrame):
    """Accept / Reject / Stop / Retry for the tracked change, docked under the editor's text
    (in room the editor keeps free for it) so that it never covers the change or its context.

    Its message is always whole: it wraps beside the buttons, or above them in a narrow window.
    The bar makes room for the longest of the sentences it may show during this rewrite, so its
    height stays the same from streaming to done."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("rewrite-bar")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setFont(QApplication.font())  # the interface's font, not the text's
        self.message = ""
        self.room_for: list[str] = []  # sentences the bar keeps room for
        self.row = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self.row.setContentsMargins(6, 3, 6, 3)
        self.label = QLabel(self)
        self.label.setWordWrap(True)  # a narrow window wraps the text, never hides the buttons
        # the message takes what the buttons leave; it never squeezes them
        self.label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.buttons = QWidget(self)
        buttons = QHBoxLayout(self.buttons)
        buttons.setContentsMargins(0, 0, 0, 0)
        self.accept_button = QPushButton(self.buttons)
        self.reject_button = QPushButton(self.buttons)
        # the buttons take no focus (the keyboard stays in the text): each says its key
        self.stop_button = QPushButton(self.buttons)
        self.retry_button = QPushButton(self.buttons)
        self.retranslate()
        buttons.addStretch(1)
        for b in (self.stop_button, self.retry_button, self.reject_button, self.accept_button):
            b.setAutoDefault(False)
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            buttons.addWidget(b)
        self.row.addWidget(self.label, 1)
        self.row.addWidget(self.buttons)
        self.hide()

    def retranslate(self) -> None:
        """The buttons' texts in the interface's language (they kept the language the window
        opened in: Chinese buttons beside an English message after Settings → Language)."""
        self.accept_button.setText(self.tr("Accept (Enter)"))
        self.reject_button.setText(self.tr("Reject (Esc)"))
        self.stop_button.setText(self.tr("Stop (Alt+S)"))
        self.retry_button.setText(self.tr("Retry (Alt+R)"))
        self.retry_button.setToolTip(
            self.tr(
                "Ask for another version (Alt+R, or Ctrl+Shift+R again); Alt+[ and Alt+] go "
                "through the versions."
            )
        )
        self.stop_button.setToolTip(self.tr("Stop writing and keep what came"))

    def set_message(self, text: str, room_for: list[str] | None = None) -> None:
        """Show `text`; `room_for`: the other sentences this bar may show next."""
        self.message = text
        self.room_for = [text, *(room_for or [])]
        self.label.setToolTip(text)
        self.label.setText(text)

    def _text_height(self, width: int) -> int:
        """The label's height for the longest sentence it keeps room for, at `width`."""
        label = self.label
        heights = []
        for sentence in self.room_for or [self.message]:
            label.setText(sentence)
            heights.append(label.heightForWidth(max(1, width)))
        label.setText(self.message)
        return max(heights)

    def fit(self, width: int) -> int:
        """Lay out for `width`: the message beside the buttons when it takes at most
        MAX_LINES_BESIDE lines there, else above them; returns the height that needs."""
        margins = self.row.contentsMargins()
        inner = width - margins.left() - margins.right()
        room = inner - self.buttons.sizeHint().width() - self.row.spacing() - 4
        line = self.label.fontMetrics().lineSpacing()
        beside = room >= MIN_MESSAGE_WIDTH and self._text_height(room) <= MAX_LINES_BESIDE * line
        self.row.setDirection(
            QBoxLayout.Direction.LeftToRight if beside else QBoxLayout.Direction.TopToBottom
        )
        self.label.setMinimumHeight(self._text_height(room if beside else inner))
        height = self.heightForWidth(width) if self.hasHeightForWidth() else -1
        return height if height > 0 else self.sizeHint().height()


class RewriteView(QObject):
    """Shows one editor's RewriteSession: popup, tracked change and bar; keys go to it."""

    def __init__(self, editor: Editor, session: RewriteSession) -> None:
        super().__init__(editor)
        self.editor = editor
        self.session = session
        self.popup: RewritePalette | None = None
        self._style_preview()
        self.bar = ChangeBar(editor)
        self.bar.accept_button.clicked.connect(session.accept)
        self.bar.reject_button.clicked.connect(session.reject)
        self.bar.stop_button.clicked.connect(session.stop_shown)
        self.bar.retry_button.clicked.connect(session.retry)
        session.changed.connect(self._update)
        session.ended.connect(self._clear)
        editor.installEventFilter(self)

    def _style_preview(self) -> None:
        pal = self.editor.palette()
        surface = self.editor.surface
        surface.rewrite_color = pal.color(QPalette.ColorRole.Text)
        highlight = QColor(pal.color(QPalette.ColorRole.Highlight))
        highlight.setAlpha(60)
        surface.rewrite_background = highlight

    def open_popup(self) -> None:
        """The presets by the selection (or a sentence saying why not); while a rewrite is
        open, the same key asks it for another version (Retry)."""
        if self.session.active:
            if self.editor.textCursor().hasSelection():  # another passage: not a Retry
                self.session.message.emit(self.session.refusal())
            else:
                self.session.retry()
            return
        place = None  # where the cursor was, when the sentence at it is taken
        if not self.editor.textCursor().hasSelection():
            place = self.editor.textCursor().position()
            self._select_sentence()
        refusal = self.session.refusal()
        if refusal:
            if place is not None:  # (the sentence taken is let go: the next letter replaced it)
                cursor = self.editor.textCursor()
                self._put_back((cursor.selectionStart(), cursor.selectionEnd()), place)
            self.session.message.emit(refusal)
            return
        cursor = self.editor.textCursor()
        settings = self.session.settings
        palette = RewritePalette(
            presets_of(settings.rewrite_presets), settings.recent_instructions, self.editor
        )
        palette.chosen.connect(self.session.start)
        if place is not None:
            taken = (cursor.selectionStart(), cursor.selectionEnd())
            palette.dismissed.connect(lambda: self._put_back(taken, place))
            palette.chosen.connect(lambda _label, _text: self.session.came_from(place))
        start = QTextCursor(cursor)
        start.setPosition(cursor.selectionStart())
        first, last = self.editor.cursorRect(start), self.editor.cursorRect(cursor)
        viewport = self.editor.viewport()
        top_left = viewport.mapToGlobal(first.topLeft())
        bottom_right = viewport.mapToGlobal(last.bottomRight())
        anchor = QRect(top_left, bottom_right).normalized()
        window = self.editor.window()
        frame = QRect(window.mapToGlobal(QPoint(0, 0)), window.size())
        palette.place(anchor, frame)
        self.popup = palette
        palette.show()
        palette.field.setFocus()

    def _put_back(self, taken: tuple[int, int], place: int) -> None:
        """The presets closed unused: the sentence taken for them is let go, the cursor where
        it was (left selected, the next letter typed replaced it)."""
        cursor = self.editor.textCursor()
        if (cursor.selectionStart(), cursor.selectionEnd()) == taken:
            cursor.setPosition(place)
            self.editor.setTextCursor(cursor)

    def _select_sentence(self) -> None:
        """Nothing selected: the sentence the cursor is in is (Google Docs' and Notion's
        rewrite take the text at the cursor), or the one it is right after (the spaces it ends
        with between them), unless there is none (a blank line)."""
        place = self.editor.textCursor()
        cursor = self._sentence_at(place.position())
        if not cursor.selectedText().strip():
            block = place.block()
            text = block.text()
            at = char_index(text, place.positionInBlock())
            back = at
            while back > 0 and text[back - 1].isspace():
                back -= 1
            if back and (back < at or back == len(text)):
                cursor = self._sentence_at(block.position() + qt_length(text[: back - 1]))
        if cursor.selectedText().strip():
            self.editor.setTextCursor(cursor)

    def _sentence_at(self, position: int) -> QTextCursor:
        """A cursor selecting the sentence at `position`: in a table's row its cell's, and
        without its line's Markdown marks ("## ", "- ", "> ", "- [ ] ")."""
        cursor = self.editor.textCursor()
        cursor.setPosition(position)
        if in_table(self.editor) and cursor.block() == self.editor.textCursor().block():
            start, end = _cell_sentence(cursor)  # (a table's row: its cell's, not its rows')
        else:
            start, end = self.editor.text_span("sentence", position)
        block = self.editor.document().findBlock(start)
        if start == block.position():
            line = block.text()
            start = min(start + qt_length(line[: markdown.text_start(line)]), end)
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        return cursor

    # painting -----------------------------------------------------------------------------
    def _update(self) -> None:
        session = self.session
        if not session.active:
            return
        if not self.editor.marks("rewrite"):
            self._paint_original()
        if session.new_text:
            # a space between the struck-through original and the new text, to read them apart
            gap = "" if session.original[-1:].isspace() or session.new_text[:1].isspace() else " "
            # its quotes as accepting it writes them, where the passage starts
            text = self.editor.typographic(session.new_text, session.start_cursor.position())
            self.editor.show_ghost(session.end_position, gap + text, kind=Shown.REWRITE)
        else:
            self.editor.surface.clear(Shown.REWRITE)
        bar = self.bar
        bar.set_message(session.status, list(session.sentences().values()))
        bar.stop_button.setEnabled(session.shown_streaming)  # (not another version's)
        bar.accept_button.setEnabled(bool(session.new_text))
        self._place_bar()
        if not bar.isVisible():
            bar.show()
            bar.raise_()
            # the bar takes the editor's bottom: the passage at the cursor stays in view
            self.editor.ensureCursorVisible()

    def _paint_original(self) -> None:
        session = self.session
        selection = QTextEdit.ExtraSelection()
        cursor = QTextCursor(session.start_cursor)
        cursor.setPosition(session.end_position, QTextCursor.MoveMode.KeepAnchor)
        # words typed at the passage's end are after it, not struck through with it
        cursor.setKeepPositionOnInsert(True)
        fmt = QTextCharFormat()
        fmt.setFontStrikeOut(True)
        dim = QColor(self.editor.palette().color(QPalette.ColorRole.Text))
        dim.setAlpha(120)
        fmt.setForeground(dim)
        selection.cursor = cursor
        selection.format = fmt
        self.editor.set_marks("rewrite", [selection])

    def _clear(self) -> None:
        self.editor.surface.clear(Shown.REWRITE)
        self.editor.set_marks("rewrite", [])
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

    # the editor's size --------------------------------------------------------------------
    @while_alive
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.editor and self.session.active and event.type() == QEvent.Type.Resize:
            self._place_bar()
        if (
            watched is self.editor
            and event.type() == QEvent.Type.KeyPress
            and event.matches(QKeySequence.StandardKey.Undo)
            and self.session.undo()
        ):
            return True
        if (
            watched is self.editor
            and event.type() == QEvent.Type.KeyPress
            and self.session.kept_selection is not None
        ):
            enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Tab)
            plain = (
                event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
                == Qt.KeyboardModifier.NoModifier
            )
            if enter and plain and self.session.takes_enter():
                return True
            if event.key() not in (Qt.Key.Key_Shift, Qt.Key.Key_Control, Qt.Key.Key_Alt):
                self.session.kept_selection = None  # any other key: the selection is the writer's
        return super().eventFilter(watched, event)
