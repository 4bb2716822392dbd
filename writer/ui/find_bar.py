"""The find bar under the editor: Enter finds the next match, Shift+Enter the previous one.

It finds as the writer types, as VS Code's does: each change of the search (or of a switch)
selects the first match from where the selection starts, going round the end, and says its
count; every match in view is marked (the editor's "found" layer) while the bar is open, marked
again as the view scrolls or the text changes, and the count is said again as the text changes
under the bar or the cursor moves ("? of 12" where the selection is no match), once the keys
pause. In a long document the search waits for a pause of the keys (`LONG_TEXT`), so a key
in the field never waits for a 2 MB manuscript to be read.

Opened with Replace (Ctrl+H), it has a second row: Enter in the replace field (or Replace)
replaces the match that is selected and finds the next, Replace All replaces every match as one
step Undo takes back, and says how many. Its switches are Find in Project's (writer/ui/
switches.py: Match Case, Whole Word, Regular Expression, Preserve Case, with VS Code's keys), and
it matches by the same rules (writer/project/search.py `Query`, `line_matches`: a line at a
time, a case ignored unless Match Case; a regular expression that does not compile, or that
could hold the window, is said and not searched).

Its status label ("3 of 12", "Not found", "3 replaced") has the width of its longest text
from the start, so the find field keeps its width while the writer searches. A search that goes
round the document's end says its count all the same ("1 of 12", as VS Code's), the wrap in the
status's tooltip.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from contextlib import suppress

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QPoint, QRect, QSize, Qt, QTimer
from PySide6.QtGui import QColor, QPainter, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QApplication,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollBar,
    QStyle,
    QStyleOptionSlider,
    QToolTip,
    QWidget,
)

from writer.assist.context import qt_length
from writer.project.search import Query, QueryError, TemplateError, expanded, line_matches
from writer.ui.collector import while_alive
from writer.ui.editor import Editor, from_elsewhere, span_mark
from writer.ui.steps import end_step, insert_step
from writer.ui.switches import SearchSwitches, pattern_refusal, template_refusal

MOST_COUNTED = 9999  # matches counted for "3 of 12" (a longer count, "of 9,999+")
FIELD_CHARS = 12  # the find and replace fields' least width, in average characters
# Replace All takes the ticks from the lines it replaced in where they are at most this part
# of the text (a name in 2 MB: 0.6 ms, not 50 ms to read it all again); more (a common word,
# a letter), it reads the text as a search does, as far as the ticks need ("e": 200,029
# replacements, the lines 292 ms where reading took 101)
FEW_LINES = 10
LONG_TEXT = 50_000  # characters: past it, a search typed waits for a pause of the keys (a
# search of "e" counts up to 9,999 matches: 33 ms in 100,000 characters)
PAUSE_MS = 150  # that pause
# the count said again after an edit or a move of the cursor, when the keys pause, in any
# text: counting 9,066 matches of "e" in 99,000 characters took 30 ms, at each key typed
RECOUNT_MS = 300
MOST_MARKED = 1000  # matches marked in view (a search for "e" in a view of small print)
FOUND_COLOUR = QColor(242, 180, 0, 90)  # the matches' mark: light on a light and a dark theme
RULER_COLOUR = QColor(222, 150, 0)  # their places beside the scroll bar
RULE_AFTER_EDIT_MS = 400  # the places read again once typing pauses (a short text's)


class _Status(QLabel):
    """The bar's status: as wide as its longest text where the bar has room (the find field
    keeps its width as the status changes), as its common ones where it has not, a longer
    one cut: fixed at the longest, with the three buttons and the switches it held the bar at
    740 pixels, and opened in a window with the preview it squeezed the preview to a word a
    line."""

    wide = 0
    least = 0
    narrow = False  # the bar has no room for `wide` (FindBar.resizeEvent): the common ones

    def sizeHint(self) -> QSize:
        # narrow: a longer one ("Not a valid pattern") whole while it shows
        shown = self.fontMetrics().horizontalAdvance(self.text()) + 4
        width = max(self.least, shown) if self.narrow else self.wide
        return QSize(width or super().sizeHint().width(), super().sizeHint().height())

    def minimumSizeHint(self) -> QSize:
        return QSize(self.least, super().minimumSizeHint().height())

    # A bar narrower than its least still cut a long sentence ("Not a valid p"): where the
    # sentence does not fit, it is shown cut with "…", whole in the tooltip (above its why)
    # and in what a screen reader reads. `text()` is the whole sentence.
    _whole = ""
    _why = ""

    def text(self) -> str:
        return self._whole

    def setText(self, text: str) -> None:
        self._whole = text
        self.setAccessibleName(text)
        self._fit()

    def setToolTip(self, why: str) -> None:
        self._why = why
        self._fit()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        room = self.contentsRect().width()
        shown = self.fontMetrics().elidedText(self._whole, Qt.TextElideMode.ElideRight, room)
        if shown != QLabel.text(self):
            super().setText(shown)
        cut = shown != self._whole
        tip = "\n".join(filter(None, (self._whole if cut else "", self._why)))
        if tip != self.toolTip():
            super().setToolTip(tip)


class _Ruler(QWidget):
    """The matches' places in the document, as ticks over the editor's scroll bar's groove (VS
    Code's overview ruler): where in a long manuscript the name searched for comes. It lets
    the mouse through to the bar."""

    def __init__(self, bar: QScrollBar) -> None:
        super().__init__(bar)
        self.bar = bar
        self.fractions: list[float] = []  # each tick's place, 0 the document's top, 1 its end
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        bar.installEventFilter(self)
        self.hide()

    def show_at(self, fractions: list[float]) -> None:
        self.fractions = fractions
        self.setGeometry(self.bar.rect())
        self.setVisible(bool(fractions))
        self.update()

    @while_alive
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.bar and event.type() == QEvent.Type.Resize:
            self.setGeometry(self.bar.rect())
        return False

    def paintEvent(self, event) -> None:
        option = QStyleOptionSlider()
        self.bar.initStyleOption(option)
        groove = self.bar.style().subControlRect(
            QStyle.ComplexControl.CC_ScrollBar, option,
            QStyle.SubControl.SC_ScrollBarGroove, self.bar,
        )  # fmt: skip
        painter = QPainter(self)
        left, wide = groove.left() + 2, max(groove.width() - 4, 2)
        high = groove.height() - 2
        for y in sorted({groove.top() + round(f * high) for f in self.fractions}):
            painter.fillRect(QRect(left, y, wide, 2), RULER_COLOUR)
        painter.end()


def _places_in(pattern: re.Pattern[str], text: str,
               at: int) -> Iterator[tuple[int, int, re.Match[str]]]:  # fmt: skip
    """The matches of `pattern` in `text` (as `toPlainText` gives it), which starts at Qt's
    position `at`: where each starts and ends (Qt's positions: an emoji counts two), and
    itself."""
    py, qt = 0, at  # a place in the text, and Qt's position of it
    for _number, line, hit in line_matches(pattern, text, ends=True):
        start = line + hit.start()
        qt += qt_length(text[py:start])
        end = qt + qt_length(hit.group())
        yield qt, end, hit
        py, qt = line + hit.end(), end


def _written(query: Query, hit: re.Match[str], replacement: str) -> str:
    """What replaces `hit` (`expanded`) as the document takes it: a carriage return and a line
    feed (a template's "\\r\\n") are one line's end, one position, as Qt writes them;
    counted as two, Replace All wrote each replacement after one a position early, into the
    text around it, and a Replace lost its place."""
    return expanded(query, hit, replacement).replace("\r\n", "\n")


def _as_read(text: str) -> str:
    """A block's text (or what is written into one) as `toPlainText` gives it: a line
    separator ends a line (and a "\\r" or a paragraph separator written in), a no-break
    space is a space."""
    for end in ("\u2028", "\u2029", "\r"):
        text = text.replace(end, "\n")
    return text.replace("\u00a0", " ")


def _replaced_places(
    pattern: re.Pattern[str], found: list[tuple[int, int, str]], hits: list[re.Match[str]]
) -> list[tuple[int, int, re.Match[str]]]:
    """The matches of `pattern` once each match `found` (its places and what replaces it:
    every match of the document, in order; `hits`, the matches themselves) is replaced:
    read in the lines they were in, as
    made from those lines and the replacements (no match spans two lines, so a line none was
    in still holds none), without reading the document again (a name replaced 519 times in
    2 MB: the whole text read again took 50 ms, its lines so 0.6 ms). The lines are read as
    one text, each match then put back where its line is."""
    lines: list[str] = []  # each line replaced in, as written
    starts: list[int] = []  # where each begins in the document now (Qt's positions)
    joined: list[int] = []  # and in `lines` joined
    written: dict[str, tuple[str, int]] = {}  # each replacement as read, and its length
    line, pieces, py, last = None, [], 0, 0  # the line, its pieces so far, where its last ended
    shift = here = 0  # how far the replacements so far moved the text; the length joined
    for (at, till, new), hit in zip(found, hits, strict=True):
        start = hit.start()
        if hit.string is not line or (gap := at - last) != start - py and gap != qt_length(
                line[py:start]):  # (a line's next match: as far from the last as in the text)
            if line is not None:
                pieces.append(line[py:])
                lines.append("".join(pieces))
                here += qt_length(lines[-1]) + 1
            line, pieces, py = hit.string, [], 0
            starts.append(at - qt_length(line[:start]) + shift)
            joined.append(here)
        if new not in written:
            written[new] = (_as_read(new), qt_length(new))
        text, length = written[new]
        pieces += (line[py:start], text)
        shift += length - (till - at)
        py, last = hit.end(), till
    if line is not None:
        pieces.append(line[py:])
        lines.append("".join(pieces))
    places = []
    for at, till, hit in _places_in(pattern, "\n".join(lines), 0):
        i = bisect_right(joined, at) - 1
        moved = starts[i] - joined[i]
        places.append((at + moved, till + moved, hit))
    return places


class _Spans:
    """Where the matches of one query start and end (Qt's positions), read from the document
    only as far as a press of Find Next or Previous needs, and kept until the document or the
    query changes (a word found more than 9,999 times in a 2 MB manuscript was read again at
    each press, 19 ms; the places as two arrays of numbers: 16 bytes a match, "e" too)."""

    def __init__(self, key: tuple[str, int], reader: Iterator[tuple[int, int, re.Match[str]]]):
        self.key = key
        self.starts = array("q")
        self.ends = array("q")
        self._reader: Iterator[tuple[int, int, re.Match[str]]] | None = reader
        # what Replace changed since the reader began: the matches it reads before `_skip`
        # (its places) are in the lines changed, read again; those after, `_shift` further on
        self._skip = 0
        self._shift = 0

    @property
    def whole(self) -> bool:
        """Whether every match is read."""
        return self._reader is None

    def read(self, count: int | None = None, past: int | None = None) -> None:
        """Read on until `count` are read, or one starting after `past` (neither: to the end),
        or to the document's end."""
        reader, starts, ends = self._reader, self.starts, self.ends
        if reader is None:
            return
        while (count is None or len(starts) < count) and (
            past is None or not starts or starts[-1] <= past
        ):
            found = next(reader, None)
            if found is None:
                self._reader = None
                return
            if found[0] < self._skip:
                continue
            starts.append(found[0] + self._shift)
            ends.append(found[1] + self._shift)

    def edited(self, start: int, end: int, delta: int,
               found: list[tuple[int, int, re.Match[str]]]) -> bool:  # fmt: skip
        """The text from `start` to `end` (Qt's positions, whole lines) was changed, `delta`
        positions longer now, and holds the matches `found` (new positions): the matches
        read there are those, the ones after moved (a Replace near the end of a 2 MB
        manuscript read it all again, twice: 355 ms a press). False where the matches before
        `start` are not all read: the places are to be read again."""
        starts, ends = self.starts, self.ends
        if self._reader is not None and (not starts or starts[-1] < start):
            return False
        if self._reader is not None:  # (those not read yet: the lines changed are `found`)
            self._skip = max(self._skip, end - self._shift)
            self._shift += delta
        first, last = bisect_left(starts, start), bisect_left(starts, end)
        tail_starts, tail_ends = starts[last:], ends[last:]
        if delta:
            tail_starts = array("q", (at + delta for at in tail_starts))
            tail_ends = array("q", (till + delta for till in tail_ends))
        starts[first:] = array("q", (at for at, _till, _hit in found)) + tail_starts
        ends[first:] = array("q", (till for _at, till, _hit in found)) + tail_ends
        return True


class FindBar(QWidget):
    """A find field with Previous, Next and Close; a replace field with Replace and Replace
    All below it when opened for replacing."""

    def __init__(self, editor: Editor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
        layout = QGridLayout(self)
        layout.setContentsMargins(8, 2, 8, 2)
        layout.setVerticalSpacing(2)
        self.label = QLabel(self)
        self.field = QLineEdit(self)
        self.field.setClearButtonEnabled(True)
        self.status = _Status(self)
        self.prev_btn = QPushButton(self)
        self.next_btn = QPushButton(self)
        self.close_btn = QPushButton(self)
        self.replace_label = QLabel(self)
        self.replace_field = QLineEdit(self)
        self.replace_btn = QPushButton(self)
        self.replace_all_btn = QPushButton(self)
        find_switches, replace_switches = QWidget(self), QWidget(self)
        self.switches = SearchSwitches(find_switches, replace_switches, self)
        self.switches.changed.connect(self._switched)
        row = QHBoxLayout(find_switches)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        for button in (self.switches.case, self.switches.word, self.switches.regex):
            row.addWidget(button)
        row = QHBoxLayout(replace_switches)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.switches.preserve, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.label, 0, 0)
        layout.addWidget(self.field, 0, 1)
        layout.addWidget(find_switches, 0, 2)
        layout.addWidget(self.status, 0, 3)
        for column, button in enumerate((self.prev_btn, self.next_btn, self.close_btn), 4):
            layout.addWidget(button, 0, column)
        layout.addWidget(self.replace_label, 1, 0)
        layout.addWidget(self.replace_field, 1, 1)
        layout.addWidget(replace_switches, 1, 2)
        layout.addWidget(self.replace_btn, 1, 4)
        layout.addWidget(self.replace_all_btn, 1, 5)
        layout.setColumnStretch(1, 1)
        self._replace_switches = replace_switches
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
        self.field.textChanged.connect(self._switched)
        # the search as it is typed, found at once (in a long text after a pause: `_typed`)
        self._typed = QTimer(self)
        self._typed.setSingleShot(True)
        self._typed.timeout.connect(self._find_typed)
        # the matches in view marked, once for a burst of scrolls and edits
        self._marking = QTimer(self)
        self._marking.setSingleShot(True)
        self._marking.setInterval(0)
        self._marking.timeout.connect(self._mark_view)
        self._marked: tuple | None = None  # what the marks show, not laid again
        bar = editor.verticalScrollBar()
        bar.valueChanged.connect(self._mark_soon)
        bar.rangeChanged.connect(self._mark_soon)
        editor.document().contentsChanged.connect(self._mark_soon)
        editor.surface.changed.connect(self._mark_soon)  # (a ghost shown or gone: `_mark_view`)
        # the matches' places beside the scroll bar, read again after an edit once typing
        # pauses (in a short text; in a long one at the next search)
        self._ruler = _Ruler(bar)
        self._ruling = QTimer(self)
        self._ruling.setSingleShot(True)
        self._ruling.setInterval(RULE_AFTER_EDIT_MS)
        self._ruling.timeout.connect(self._rule_again)
        editor.document().contentsChanged.connect(self._edited)
        self._viewport = editor.viewport()  # (its wrapper: compared after the editor is gone)
        self._viewport.installEventFilter(self)
        # the matches read for the query, kept until the document changes (`_matches`)
        self._found: tuple[tuple[str, int], list] | None = None
        self._spans: _Spans | None = None  # where they are, for Find Next and Previous
        editor.document().contentsChanged.connect(self._forget)
        self._replacing = False  # a Replace is changing the text: the places are kept, moved
        # the count said again after the text changes under the bar ("2 of 14" stayed while a
        # match was typed or taken out): at once, in a long text when the keys pause
        self._recount = QTimer(self)
        self._recount.setSingleShot(True)
        self._recount.timeout.connect(self._count_again)
        self._counted = False  # the status says a count ("2 of 14"): it is kept right
        editor.document().contentsChanged.connect(self._text_edited)
        editor.cursorPositionChanged.connect(self._text_edited)  # ("? of 14" off a match)
        self._show_replace(False)
        # Enter and Shift+Enter in the field (its returnPressed came for both, and with the
        # bar's own Shift+Enter they cancelled out: the previous match never came)
        self.field.installEventFilter(self)
        editor.escaped.connect(self._escaped)  # (Esc in the text: the bar closes)
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
        self.switches.retranslate()
        metrics = self.status.fontMetrics()
        texts = (
            self.tr("Not found"),
            self.tr("{0} replaced"),
            self.tr("{0} of {1}").format("9,999,999", "{0}"),
            self.tr("Not a valid pattern"),
        )
        widest = max(metrics.horizontalAdvance(t.format("9,999,999")) for t in texts)
        self.status.wide = widest + 4
        # the common ones whole even where the bar has little room ("12 of 40", "Not found")
        common = (*texts[:2], self.tr("{0} of {1}").format("99", "999"))
        self.status.least = max(metrics.horizontalAdvance(t.format("99")) for t in common) + 4
        self.status.updateGeometry()
        # room for a name or a phrase: beside the switches, in a window that shows the preview
        # too, the fields were squeezed to a few letters
        room = self.field.fontMetrics().averageCharWidth() * FIELD_CHARS
        self.field.setMinimumWidth(room)
        self.replace_field.setMinimumWidth(room)

    def open_bar(self) -> None:
        """Find (Ctrl+F): the find row only, its field with the keyboard in it."""
        self._open(replacing=False)

    def open_replace(self) -> None:
        """Replace (Ctrl+H): both rows; the replace field takes the keyboard when the find
        field already holds the selection's text."""
        self._open(replacing=True)

    def _open(self, replacing: bool) -> None:
        # from the text, its selection is the search; from the bar, the search typed stays (the
        # match the bar had selected took its place: Ctrl+H after "(R|r)uth" searched "Ruth")
        in_bar = self.isVisible() and self.isAncestorOf(QApplication.focusWidget())
        selected = "" if in_bar else self.editor.textCursor().selectedText()
        taken = bool(selected) and "\u2029" not in selected
        if taken:
            self.field.setText(selected)
        self._show_replace(replacing)
        self.status.setText("")
        self.show()
        if taken:  # (its count at once, as VS Code's: "2 of 5"; the match is the selection)
            self._switched()
        # with the selection as the search, or a search typed, the replacement is what comes
        # next; else a new search (a second Ctrl+H typed the next search into the replace field)
        kept = in_bar and bool(self.field.text())
        target = self.replace_field if replacing and (taken or kept) else self.field
        target.setFocus()
        target.selectAll()

    def _show_replace(self, on: bool) -> None:
        for widget in (
            self.replace_label,
            self.replace_field,
            self._replace_switches,
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

    def _escaped(self) -> None:
        """Esc in the text, where it took no suggestion away: the bar closes, the match
        selected stays (VS Code's)."""
        if self.isVisible():
            self.close_bar()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._marking.start()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit_status()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:  # (the replace row shown, retranslated)
            self._fit_status()
        return super().event(event)

    def _fit_status(self) -> None:
        """Where the bar has no room for the status's longest sentence, the status asks for
        its common ones' (the fields, squeezed first, were left a few letters wide)."""
        status = self.status
        full = self.layout().sizeHint().width()
        if status.narrow:
            full += status.wide - status.least
        narrow = self.width() < full
        if narrow != status.narrow:
            status.narrow = narrow
            status.updateGeometry()
            # (asked again after this pass: a change during the layout's own pass was lost)
            QCoreApplication.postEvent(self, QEvent(QEvent.Type.LayoutRequest))

    def hideEvent(self, event) -> None:
        super().hideEvent(event)
        self._typed.stop()
        self._ruling.stop()
        if self._ruler.fractions:
            with suppress(RuntimeError):  # (the editor going first, with its scroll bar)
                self._ruler.show_at([])
        if self._marked is not None:  # (none laid: the editor is not touched, nor when it goes)
            self._marked = None
            self.editor.set_marks("found", [])

    @while_alive
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._viewport:
            if event.type() == QEvent.Type.Resize:  # (more lines in view, or fewer)
                self._mark_soon()
            return False
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

    # matching -----------------------------------------------------------------------------
    def query(self) -> Query:
        """What the find field and the switches ask for."""
        return self.switches.query(self.field.text())

    def _switched(self) -> None:
        """A switch or the query changed: what the status said is about another search, and
        the new one is found (at once; in a long text when the keys pause)."""
        self.status.setText("")
        self.status.setToolTip("")
        self._counted = False
        if not self.isVisible():
            return
        long = self.editor.document().characterCount() > LONG_TEXT
        self._typed.start(PAUSE_MS if long else 0)

    def _rule(self, spans: _Spans) -> None:
        """The ruler's ticks at the places of the matches read (up to MOST_COUNTED), by the
        first line of their paragraph among the document's lines as laid out on the screen
        (the scroll bar's measure: a wrapped paragraph is its lines)."""
        doc = self.editor.document()
        count = max(doc.lineCount(), 1)  # (the lines a paragraph wraps into, as the bar's)
        lines, last = [], -1
        for at in spans.starts[: MOST_COUNTED + 1]:
            if at >= last:  # (the matches in one paragraph: one tick, at its first line)
                block = doc.findBlock(at)
                last = block.position() + block.length()
                lines.append(block.firstLineNumber() / count)
        self._ruler.show_at(lines)

    def _edited(self) -> None:
        if self._ruler.fractions and not self._replacing:
            self._ruling.start()

    def _rule_again(self, long_too: bool = False) -> None:
        """After an edit, once typing pauses: the ticks where the matches are now, in a text
        short enough to read at once (in a long one, they move at the next search, or with
        `long_too` at once: after Replace All where it replaced in many lines)."""
        if not self.isVisible():
            return
        if not long_too and self.editor.document().characterCount() > LONG_TEXT:
            return
        try:
            pattern = self.query().pattern() if self.field.text() else None
        except QueryError:
            pattern = None
        if pattern is None:
            self._ruler.show_at([])
            return
        spans = self._places(pattern)
        spans.read(MOST_COUNTED + 1)
        self._rule(spans)

    def _mark_soon(self) -> None:
        """The marks laid again once the events of now are done (a scroll, an edit, a resize),
        where the bar is open: a key typed with the bar shut costs nothing here."""
        if self.isVisible():
            self._marking.start()

    def _find_typed(self) -> None:
        """The search as typed: the first match from where the selection starts (the match
        selected is kept while it still matches, as VS Code keeps it), going round the end;
        an empty search marks nothing and leaves the selection."""
        if self.isVisible() and self.field.text():
            self._find(backward=False, origin=self.editor.textCursor().selectionStart())
        self._mark_view()

    def _mark_view(self) -> None:
        """Every match in the editor's view marked, at most MOST_MARKED; none where the bar is
        shut, its search empty, or not a pattern (the status says why when it is searched)."""
        self._marking.stop()
        pattern = None
        if self.isVisible() and self.field.text():
            try:
                pattern = self.query().pattern()
            except QueryError:
                pattern = None
        if pattern is None:
            if self._marked is not None:
                self._marked = None
                self.editor.set_marks("found", [])
            if self._ruler.fractions:
                self._ruler.show_at([])
            return
        editor = self.editor
        first = editor.firstVisibleBlock()
        bottom = editor.cursorForPosition(QPoint(0, editor.viewport().height() - 1)).block()
        last = max(bottom.blockNumber(), first.blockNumber())
        # a ghost in a line is laid among its letters, and Qt lays the marks after it by the
        # text's places, over the ghost's words: those are left unmarked while it shows
        surface = editor.surface
        ghost = surface.position if surface.visible else -1
        line = editor.document().findBlock(ghost) if ghost >= 0 else None
        after = line.position() + line.length() if line is not None else -1
        found = [
            (at, till)
            for at, till, _hit in self._in_lines(pattern, first.blockNumber(), last)
            if till > at and not ghost <= at < after
        ][:MOST_MARKED]
        key = (pattern.pattern, pattern.flags, editor.document().revision(), tuple(found))
        if key == self._marked:
            return
        self._marked = key
        mark = QTextCharFormat()
        mark.setBackground(FOUND_COLOUR)
        doc = editor.document()
        editor.set_marks("found", [span_mark(doc, at, till, mark) for at, till in found])

    def _pattern(self) -> re.Pattern[str] | None:
        """The query's pattern; None for an empty query, and for a regular expression that does
        not compile or could hold the window (writer/patterns.py), which the status says."""
        query = self.query()
        if not query.text:
            return None
        try:
            return query.pattern()
        except QueryError as exc:
            self._say(self.tr("Not a valid pattern"), pattern_refusal(exc.reason))
            return None

    def _say(self, text: str, why: str = "", counted: bool = False) -> None:
        """`text` in the status; `why` shown at once beside it (a writer who never hovers saw
        only "Not a valid pattern"), as VS Code shows its message under the field, and kept as
        the status's tooltip (the tip goes at the next key). `counted`: it is a count, said
        again as the text changes (`_count_again`)."""
        self._counted = counted
        self._recount.stop()
        self.status.setText(text)
        self.status.setToolTip(why)
        if why and self.isVisible():
            place = self.status.mapToGlobal(QPoint(0, self.status.height()))
            QToolTip.showText(place, why, self.status)

    def _matches(self, pattern: re.Pattern[str]) -> Iterator[tuple[int, int, re.Match[str]]]:
        """Each match in the document: where it starts and ends (Qt's positions) and itself;
        kept, once read to the end, until the document or the query changes (Find Next
        pressed through a 2 MB manuscript read it all at each press: 19 ms against Qt's
        find's 11)."""
        key = (pattern.pattern, pattern.flags)
        if self._found is not None and self._found[0] == key:
            yield from self._found[1]
            return
        found: list[tuple[int, int, re.Match[str]]] = []
        for match in self._read(pattern):
            if len(found) <= MOST_COUNTED:  # (more are not kept: memory, for "e")
                found.append(match)
            yield match
        if len(found) <= MOST_COUNTED:  # (read to the end: a search stopped early keeps none)
            self._found = (key, found)

    def _text_edited(self) -> None:
        """The text changed under the bar (typed, pasted, undone; not by its own Replace,
        which says its count), or the cursor moved: the count is said again when the keys
        pause (`RECOUNT_MS`: a key never waits for the matches to be counted). A find that
        moves the cursor says its own (`_say`)."""
        if self._replacing or not self._counted or not self.isVisible():
            return
        self._recount.start(RECOUNT_MS)

    def _count_again(self) -> None:
        """The count as the text is now: which match the selection is, of how many ("? of 14"
        where it is none now, as VS Code says; "Not found" where none is left). The selection
        stays where the writer left it."""
        if not self.isVisible() or not self._counted:
            return
        pattern = self._pattern()
        if pattern is None:
            return
        spans = self._places(pattern)
        spans.read(MOST_COUNTED + 1)
        starts, ends = spans.starts, spans.ends
        if not starts:
            self._say(self.tr("Not found"), counted=True)
            return
        cursor = self.editor.textCursor()
        start, end = cursor.selectionStart(), cursor.selectionEnd()
        if cursor.hasSelection():
            spans.read(past=start)
        chosen = bisect_left(starts, start)
        which = "?"
        if cursor.hasSelection() and chosen < len(starts) and (starts[chosen], ends[chosen]) == (
            start,
            end,
        ):
            if chosen >= MOST_COUNTED:
                spans.read()
            which = f"{chosen + 1:,}"
        count = f"{len(starts):,}" if spans.whole else f"{MOST_COUNTED:,}+"
        self._say(self.tr("{0} of {1}").format(which, count), counted=True)

    def _forget(self) -> None:
        self._found = None
        if not self._replacing:
            self._spans = None

    def _places(self, pattern: re.Pattern[str]) -> _Spans:
        """The query's matches' places, as far as they are read (`_Spans`)."""
        key = (pattern.pattern, pattern.flags)
        if self._spans is None or self._spans.key != key:
            self._spans = _Spans(key, self._read(pattern))
        return self._spans

    def _read(self, pattern: re.Pattern[str]) -> Iterator[tuple[int, int, re.Match[str]]]:
        return _places_in(pattern, self.editor.document().toPlainText(), 0)

    def _in_lines(self, pattern: re.Pattern[str], first: int,
                  last: int) -> list[tuple[int, int, re.Match[str]]]:  # fmt: skip
        """The matches in the document's lines `first` to `last` (block numbers), each where it
        starts and ends (Qt's positions) and itself, as `_read` reads them."""
        doc = self.editor.document()
        block, found = doc.findBlockByNumber(first), []
        while block.isValid() and block.blockNumber() <= last:
            found += _places_in(pattern, _as_read(block.text()), block.position())
            block = block.next()
        return found

    def _matched(self, pattern: re.Pattern[str]) -> re.Match[str] | None:
        """The match the editor's selection is, if it is one (read in its line alone: no match
        spans two)."""
        cursor = self.editor.textCursor()
        start, end = cursor.selectionStart(), cursor.selectionEnd()
        line = self.editor.document().findBlock(start).blockNumber()
        for at, till, hit in self._in_lines(pattern, line, line):  # (an empty one: "^")
            if at >= start:
                return hit if (at, till) == (start, end) else None
        return None

    def replace(self) -> bool:
        """The selected match replaced, then the next one found (the first Replace, with no
        match selected, only finds it, as it finds a search typed that is not found yet: from
        the cursor, as the typing would have). False when there is no match."""
        pending = self._typed.isActive()  # (a search typed that is not found yet)
        self._typed.stop()
        pattern = self._pattern()
        if pattern is None:
            return False
        # a search typed and not found yet (a long text's pause): found, from the cursor, as
        # the typing would have, and shown; the next Replace replaces it (none is replaced
        # before the writer has seen it selected)
        if pending:
            return self._find(backward=False, origin=self.editor.textCursor().selectionStart())
        hit = self._matched(pattern)
        if hit is not None:
            try:
                new = _written(self.query(), hit, self.replace_field.text())
            except TemplateError as exc:
                self._say_template(exc)
                return False
            cursor = self.editor.textCursor()
            doc = self.editor.document()
            # the lines it is in, read again after it; the places of the matches after them
            # moved (all were read again, twice)
            line = doc.findBlock(cursor.selectionStart())
            number, begin = line.blockNumber(), line.position()
            old_end = begin + line.length()
            delta = qt_length(new) - (cursor.selectionEnd() - cursor.selectionStart())
            self._replacing = True
            try:
                with from_elsewhere(self.editor):  # (the letters typed next: a step of their own)
                    insert_step(cursor, new)
            finally:
                self._replacing = False
            self.editor.setTextCursor(cursor)
            spans = self._spans
            if spans is not None and spans.key == (pattern.pattern, pattern.flags):
                last = doc.findBlock(old_end + delta - 1).blockNumber()
                found = self._in_lines(pattern, number, last)
                if not spans.edited(begin, old_end, delta, found):
                    self._spans = None
            return self._find(backward=False, replaced=cursor.selectionStart() - qt_length(new))
        return self.find_next()

    def _say_template(self, exc: TemplateError) -> None:
        self._say(self.tr("Not a valid pattern"), template_refusal(exc.reason))

    def replace_all(self) -> int:
        """Every match replaced, as one step Undo takes back; the status says how many."""
        self._typed.stop()
        pattern = self._pattern()
        if pattern is None:
            return 0
        query, replacement = self.query(), self.replace_field.text()
        found: list[tuple[int, int, str]] = []  # each match's places, and what replaces it
        # the matches themselves, kept while the lines they are in hold a FEW_LINES part of
        # the text at most (the ticks are read from those lines then; past it, let go: "e"
        # kept 200,029 of them)
        hits: list[re.Match[str]] | None = []
        room, line = self.editor.document().characterCount() // FEW_LINES, None
        try:
            for at, till, hit in self._matches(pattern):
                found.append((at, till, _written(query, hit, replacement)))
                if hits is None:
                    continue
                if hit.string is not line:  # (the next line: a line's matches share it)
                    line, room = hit.string, room - len(hit.string)
                    if room < 0:
                        hits = None
                        continue
                hits.append(hit)
        except TemplateError as exc:
            self._say_template(exc)
            return 0
        if not found:
            self._say(self.tr("Not found"))
            return 0
        doc = self.editor.document()
        edit = QTextCursor(self.editor.textCursor())  # where Undo puts the cursor back
        edit.clearSelection()
        last = None
        with from_elsewhere(self.editor):  # (the block's change is announced at its end)
            edit.beginEditBlock()
            shift = 0  # how far the replacements so far moved the text after them
            for at, till, new in found:
                cursor = QTextCursor(doc)
                cursor.setPosition(at + shift)
                cursor.setPosition(till + shift, QTextCursor.MoveMode.KeepAnchor)
                cursor.insertText(new)
                shift += qt_length(new) - (till - at)
                last = cursor
            end_step(last)  # (the letters typed after the last one: their own step)
            edit.endEditBlock()
        self._say(self.tr("{0} replaced").format(f"{len(found):,}"))
        if not self._ruler.fractions:  # (in a long text the replaced matches stayed ticked)
            return len(found)
        if hits is not None:
            # the matches now, from the replacements: kept for the next search too
            self._spans = _Spans((pattern.pattern, pattern.flags),
                                 iter(_replaced_places(pattern, found, hits)))  # fmt: skip
            self._spans.read(MOST_COUNTED + 1)
            self._rule(self._spans)
        else:  # (most lines replaced in: read as far as the ticks need, as a search reads)
            self._rule_again(long_too=True)
        return len(found)

    def find_next(self) -> bool:
        if self._typed.isActive():  # (Enter before the search typed was found: it is found)
            return self._find(backward=False, origin=self.editor.textCursor().selectionStart())
        return self._find(backward=False)

    def find_previous(self) -> bool:
        return self._find(backward=True)

    def _find(self, backward: bool, origin: int | None = None,
              replaced: int | None = None) -> bool:  # fmt: skip
        """Select the next match after the selection (or the last before it), going round the
        document's end; the status says which of how many ("3 of 12", VS Code's), counted up to
        MOST_COUNTED ("3 of 9,999+") until the whole document is read, or that there is none
        (the selection stays). Going round says the count as well (it said "Wrapped around",
        which told neither where nor of how many; VS Code says the count alone): the status's
        tooltip says it went round. From `origin` (a search typed), the first match that starts
        there or after. After a Replace whose text starts at `replaced` (the cursor at its
        end), going round passes over the matches in that text and at its ends while another
        is left: "$" replaced by a line break in a line of its own found the line's new end
        each time, and Replace wrote line break after line break there."""
        self._typed.stop()  # (the search typed is this one)
        self._marking.start()  # (the marks of this search)
        pattern = self._pattern()
        if pattern is None:
            return False
        cursor = self.editor.textCursor()
        start, end = cursor.selectionStart(), cursor.selectionEnd()
        spans = self._places(pattern)
        starts, ends = spans.starts, spans.ends
        if origin is not None:  # (an empty one at it is not: the cursor is there already)
            spans.read(past=origin)
            chosen = bisect_left(starts, origin)
            while chosen < len(starts) and starts[chosen] == origin == ends[chosen]:
                chosen += 1
                spans.read(count=chosen + 1)
        elif backward:  # the last that starts before the selection
            spans.read(past=start - 1)
            chosen = bisect_left(starts, start) - 1
        else:  # the first after it (an empty one at it is it)
            spans.read(past=end)
            chosen = bisect_left(starts, end)
            while chosen < len(starts) and starts[chosen] == end and ends[chosen] <= end:
                chosen += 1
        wrapped = not 0 <= chosen < len(starts)
        if wrapped:
            spans.read()
        if not starts:
            self._say(self.tr("Not found"), counted=True)
            self._ruler.show_at([])
            return False
        if wrapped:
            chosen = len(starts) - 1 if backward else 0
            if replaced is not None and starts[0] >= replaced:
                # every match left is in what was written (or at its ends): the last of them,
                # the one the replaced match moved to
                chosen = len(starts) - 1
                wrapped = starts[chosen] < end
        spans.read(MOST_COUNTED + 1)  # (a count past 9,999 is "9,999+" until read to the end)
        if chosen >= MOST_COUNTED:  # (past it, the count is read: "12,000 of 9,999+" is none)
            spans.read()
        cursor.setPosition(starts[chosen])
        cursor.setPosition(ends[chosen], QTextCursor.MoveMode.KeepAnchor)
        self.editor.setTextCursor(cursor)
        self.editor.ensureCursorVisible()
        count = f"{len(starts):,}" if spans.whole else f"{MOST_COUNTED:,}+"
        self._say(self.tr("{0} of {1}").format(f"{chosen + 1:,}", count), counted=True)
        if self.isVisible():
            self._rule(spans)
        if wrapped:  # (in Chinese the forward sentence says "from the start")
            back = self.tr("Wrapped around to the end") if backward else self.tr("Wrapped around")
            self.status.setToolTip(back)
        return True
