"""The Outline panel (View → Outline): the document's Markdown headings as a tree beside the text.

Each heading is a row under the heading it belongs to (a "###" under the "##" before it); the
section the cursor is in is selected as the cursor moves. A click, or Enter, puts the cursor on
the heading's line in the middle of the view (as Go to Heading does) and gives the text the
keys back; Esc goes back without moving.

The headings are read as the command palette's Go to Heading reads them (`headings_of`: not in
code, not in comments), only while the panel is shown, once the typing pauses: READ_DELAY_MS
after the last change, LONG_READ_DELAY_MS in a document of LONG_CHARS or more, which is read on
a thread (a 2 MB manuscript takes 20-40 ms to read on this project's two-core machine, one full
of quotations and lists 0.3 s: a key pressed meanwhile waited); characters typed inside a line
that no heading, fence or comment mark is in read nothing at all. The tree is built again only
when the headings' levels or titles changed: typing in a paragraph moves their lines, which are
kept up to date, and leaves the folded chapters folded and the scroll where it was. What needs
the headings' lines where a reading is owed (a click on a row, the section commands on the row
selected, its menu, a drop, the panel shown) waits for that reading, begun at once, without
holding the window's thread (`when_read`); a section command's own edit gives the headings
around it (`moved`).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable

from PySide6.QtCore import QEvent, QLocale, Qt, QTimer, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QHeaderView,
    QLabel,
    QMenu,
    QPlainTextEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from writer.assist.context import char_index
from writer.documents.markdown import Heading, headings_of
from writer.documents.sections import Rewritten
from writer.project.words import count_words
from writer.tasks import TaskHandle
from writer.ui.escape import EscapeBack
from writer.ui.palette import go_to_heading, lines_of

READ_DELAY_MS = 500
LONG_READ_DELAY_MS = 1500
LONG_CHARS = 300_000
ROW = Qt.ItemDataRole.UserRole  # a row's index in `headings`
# the headings listed at most: a pasted script of 20,000 "#" lines took 0.3 s to build again
MAX_ROWS = 2_000
# each section's words: counted once the typing pauses this long, a piece at a time
COUNT_DELAY_MS = 1000
LONG_COUNT_DELAY_MS = 3000
COUNT_CHUNK_CHARS = 8_000  # counted in one turn of the event loop (a millisecond or two)
# what may make a line a heading, a fence or a comment's edge, or change one
_MARKED = re.compile(r"^\s{0,3}#|`|~|<!--|-->")


class _Tree(QTreeWidget):
    """The headings' tree, whose rows may be dragged to move their sections: a drop moves no
    row itself (`dropped` asks for the text to be moved, and the tree is read again from it)."""

    dropped = Signal(object, object, str)  # the row dragged, the row it was dropped at, where

    def dropEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        dragged = self.currentItem()
        target = self.itemAt(event.position().toPoint())
        where = {
            QAbstractItemView.DropIndicatorPosition.AboveItem: "above",
            QAbstractItemView.DropIndicatorPosition.BelowItem: "below",
            QAbstractItemView.DropIndicatorPosition.OnItem: "on",
        }.get(self.dropIndicatorPosition(), "end")
        event.setDropAction(Qt.DropAction.IgnoreAction)
        event.accept()
        if dragged is not None:
            self.dropped.emit(dragged, target if where != "end" else None, where)


class OutlinePanel(QDockWidget):
    """The headings of `editor`'s document. `left` when the keys go back to the text;
    `section_dropped` (the dragged heading's line, the line of the heading it goes before or
    after, before) when a heading is dragged to another place (the target None: the end)."""

    left = Signal()
    section_dropped = Signal(int, object, bool)

    def __init__(self, editor: QPlainTextEdit, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("outline")
        self.editor = editor
        self.headings: list[Heading] = []
        self._lines: list[int] = []  # each heading's line, for the cursor's section
        self._shape: list[tuple[int, str]] = []  # (level, title) of each: what the tree shows
        self._items: list[QTreeWidgetItem] = []
        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        self.tree = _Tree(body)
        self.tree.setHeaderHidden(True)
        # a second column: each section's words, its headings' under it included (Scrivener's
        # and Ulysses' counts)
        self.tree.setColumnCount(2)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # (as wide as its widest count, fitted once the counts are set: fitting it to each one
        # as it was set took seconds for 865 headings)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Fixed)
        # a heading dragged to another place takes its section there (Typora's outline)
        self.tree.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.tree.dropped.connect(self._dropped)
        # a right click on a heading: the window's section commands (`menu_actions`), on that
        # heading (it is selected first: they act on the one selected)
        self.menu_actions: list = []
        self.context_menu: QMenu | None = None
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._menu)
        self.tree.setUniformRowHeights(True)
        self.tree.setExpandsOnDoubleClick(False)
        self.tree.itemActivated.connect(self._go)
        self.tree.itemClicked.connect(self._go)
        EscapeBack(self.tree, self.left.emit)  # (Esc gives the keys back to the text)
        self.empty = QLabel(body)
        self.empty.setWordWrap(True)
        self.empty.setMargin(8)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.tree)
        layout.addWidget(self.empty)
        self.setWidget(body)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._read_owed)
        self._reading: TaskHandle | None = None  # a long document's reading, on a thread
        # what waits for the reading owed (`when_read`), and whether the headings known were
        # the text's before the last edit (`moved`)
        self._then: list[Callable[[], None]] = []
        self._known = False
        self.counts: list[int] = []  # each listed heading's section's words, once counted
        self._count_delay = QTimer(self)
        self._count_delay.setSingleShot(True)
        self._count_delay.timeout.connect(self._start_count)
        self._count_step = QTimer(self)
        self._count_step.setSingleShot(True)
        self._count_step.setInterval(0)
        self._count_step.timeout.connect(self._count_more)
        self._counting: tuple | None = None  # (the next block, the section, the counts so far)
        editor.document().contentsChange.connect(self._changed)
        editor.cursorPositionChanged.connect(self._follow_cursor)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Outline"))
        self.tree.setAccessibleName(self.tr("Headings of the document"))
        self.empty.setText(
            self.tr("No headings yet: a line such as “## Chapter One” starts one.")
        )

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        elif event.type() == QEvent.Type.PaletteChange:
            # (the theme changed, light or dark: the counts' dimmed colour follows it; set
            # when a row was made, it stayed the old theme's until the rows were made again)
            dim = self.palette().color(QPalette.ColorRole.PlaceholderText)
            for item in getattr(self, "_items", ()):
                item.setForeground(1, dim)
        super().changeEvent(event)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._count_step.stop()
        self._counting = None  # (counted again: the text may have changed while hidden)
        self._read_now()  # (not read while hidden)

    def _changed(self, position: int, removed: int, added: int) -> None:
        if not self.isVisible():
            return
        self._known = not self._owed()
        if removed or added:
            self._count_later()
        if self._unchanged_by(position, removed, added):
            return
        self._drop_reading()  # (it reads the text before this edit)
        self._then.clear()  # (a row clicked before it: its place may be gone)
        long = self.editor.document().characterCount() >= LONG_CHARS
        self._timer.start(LONG_READ_DELAY_MS if long else READ_DELAY_MS)

    def _unchanged_by(self, position: int, removed: int, added: int) -> bool:
        """Whether an edit leaves the headings and their lines as they were: characters typed
        inside one line (no line end) of a line no heading, fence, comment or underline could
        be made of. Typing in a paragraph, nearly every key, reads nothing."""
        if removed or not added or self._timer.isActive():
            return False
        block = self.editor.document().findBlock(position)
        if position + added > block.position() + block.length() - 1:
            return False  # (a line end typed or pasted)
        line = block.text()
        start = char_index(line, position - block.position())
        end = char_index(line, position + added - block.position())
        below = block.next().text() if block.next().isValid() else ""
        underlined = below.strip() and not below.strip(" \t=-")  # (a setext heading's title)
        # the line as it is and as it was: "x" typed before "## Two" unmade a heading, "x"
        # after "===" an underline
        return not (underlined or any(
            _MARKED.search(text) or not text.strip(" \t=-")
            for text in (line, line[:start] + line[end:])))  # fmt: skip

    def read(self) -> None:
        """Read the headings again, now; build the tree again only where they changed."""
        self._timer.stop()
        self._drop_reading()
        self._take(headings_of(lines_of(self.editor.document()), MAX_ROWS))

    def moved(self, done: Rewritten) -> None:
        """A section command's edit `done` (a move, a promotion, a drop), just made: where the
        headings known were the text's before it, those around it read again are taken with
        the rest moved by it (`Rewritten.headings_after`), not the whole text read again on
        the window's thread (a drop or a move in 2 MB: some tens of ms); else they are read at
        once (on a thread in a long document)."""
        if not self.isVisible():
            return
        after = done.headings_after(self.headings) if self._known else None
        if after is None or len(self.headings) >= MAX_ROWS:  # (rows past the last listed)
            self._read_now()
            return
        self._timer.stop()  # (the edit's reading, owed)
        self._drop_reading()
        self._take([heading for heading in after if heading.text])

    def _read_now(self) -> None:
        """Read the headings now: on a thread in a long document (`_read_owed`)."""
        self._timer.stop()
        self._read_owed()

    def when_read(self, then: Callable[[], None]) -> None:
        """`then()` once the headings known are the text's: now, or once the reading owed is
        taken (begun at once; on a thread in a long document), the window's thread free
        meanwhile (a 2 MB manuscript read on it held a click on a row for 20 ms to 0.3 s).
        Forgotten where an edit meanwhile owes another reading, or the panel is hidden."""
        if not self._owed():
            then()
            return
        self._then.append(then)
        if self._reading is None:
            self._read_now()

    def _read_owed(self) -> None:
        """Once the typing pauses: a document of LONG_CHARS or more is read on a thread (a 2 MB
        manuscript full of quotations and lists took 0.25-0.35 s, a key pressed meanwhile
        waited for it), its headings taken if no edit since moved a line or made or unmade a
        heading (`_changed` drops the reading then, and reads again at the next pause)."""
        document = self.editor.document()
        if document.characterCount() < LONG_CHARS:
            self.read()
            return
        self._drop_reading()
        text = lines_of(document)
        task = TaskHandle(lambda _task: headings_of(text, MAX_ROWS), "outline")
        task.finished.connect(self._read_done)  # (a method: let go with the panel)
        self._reading = task
        task.start()

    def _read_done(self, headings: list[Heading]) -> None:
        if self.sender() is self._reading:
            self._reading = None
            if self.isVisible():
                self._take(headings)
            else:
                self._then.clear()

    def _drop_reading(self) -> None:
        if self._reading is not None:
            self._reading.abandon()
            self._reading = None

    def _owed(self) -> bool:
        """Whether the headings known may be out of date: a reading is waited for or running."""
        return self._timer.isActive() or self._reading is not None

    def _take(self, headings: list[Heading]) -> None:
        """The headings just read: the tree built again where their levels or titles changed."""
        shape = [(h.level, h.text) for h in headings]
        self.headings = headings
        self._lines = [h.line for h in headings]
        rebuilt = shape != self._shape
        if rebuilt:
            self._shape = shape
            self._build()
        self.tree.setVisible(bool(headings))
        self.empty.setVisible(not headings)
        self._follow_cursor()
        if not self._count_delay.isActive() and (self._counting is None or rebuilt):
            self._start_count()  # (a rebuilt tree's rows have no counts yet)
        waiting, self._then = self._then, []
        for then in waiting:  # (each once the headings are the text's: one may edit it)
            self.when_read(then)

    # the words of each section ------------------------------------------------------------
    def _count_later(self) -> None:
        """Count the sections' words again once the typing pauses (counting stops meanwhile)."""
        self._count_step.stop()
        self._counting = None
        long = self.editor.document().characterCount() >= LONG_CHARS
        self._count_delay.start(LONG_COUNT_DELAY_MS if long else COUNT_DELAY_MS)

    def _start_count(self) -> None:
        """Count each listed section's own words (from its heading's line to the next
        heading's), a piece of the text each turn of the event loop, typing between."""
        self._count_delay.stop()
        if self._reading is not None:
            return  # (the thread's reading counts once taken, `_take`: not read here again)
        if self._timer.isActive():  # (the headings' lines are read again first: then counted)
            self._read_now()
            return
        if not self.headings or not self.isVisible():
            self._counting = None
            return
        doc = self.editor.document()
        self._counting = (doc.findBlockByNumber(self._lines[0] - 1), 0, [0] * len(self._lines))
        self._count_step.start()

    def _count_more(self) -> None:
        if self._counting is None:
            return
        block, section, own = self._counting
        lines = self._lines
        budget = COUNT_CHUNK_CHARS
        pieces: list[str] = []
        while block.isValid() and budget > 0:
            number = block.blockNumber() + 1
            if section + 1 < len(lines) and number >= lines[section + 1]:
                own[section] += count_words("\n".join(pieces))[0]
                pieces = []
                while section + 1 < len(lines) and number >= lines[section + 1]:
                    section += 1
            # (its heading's words too: the sections' counts and the text before the first
            # heading add up to the status bar's)
            text = block.text()
            pieces.append(text)
            budget -= len(text) + 1
            block = block.next()
        own[section] += count_words("\n".join(pieces))[0]
        if block.isValid():
            self._counting = (block, section, own)
            self._count_step.start()
            return
        self._counting = (block, section, own)  # (done: kept to say it was counted)
        self._show_counts(own)

    def _show_counts(self, own: list[int]) -> None:
        """Each heading's words and its sections' under it, dimmed at the row's right."""
        totals = list(own)
        stack: list[int] = []  # the rows open above, by level
        for row in range(len(totals)):
            level = self._shape[row][0] if row < len(self._shape) else 1
            while stack and self._shape[stack[-1]][0] >= level:
                stack.pop()
            for above in stack:
                totals[above] += own[row]
            stack.append(row)
        self.counts = totals
        locale = QLocale()
        dim = self.palette().color(QPalette.ColorRole.PlaceholderText)
        self.tree.setUpdatesEnabled(False)
        for row, item in enumerate(self._items[: len(totals)]):
            shown = locale.toString(totals[row])
            if item.text(1) == shown:
                continue  # (typing in one section changes one row)
            if not item.text(1):
                item.setForeground(1, dim)
                item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight
                                      | Qt.AlignmentFlag.AlignVCenter)  # fmt: skip
            item.setText(1, shown)
            words = self.tr("1 word") if totals[row] == 1 else self.tr("{0} words").format(shown)
            item.setToolTip(0, f"{item.text(0)} · {words}")
            item.setToolTip(1, words)
        widest = max(totals, default=0)
        metrics = self.tree.fontMetrics()
        self.tree.setColumnWidth(1, metrics.horizontalAdvance(locale.toString(widest)) + 12)
        self.tree.setUpdatesEnabled(True)

    def _build(self) -> None:
        folded = {self._path(item) for item in self._items if not item.isExpanded()}
        self.tree.clear()
        self._items = []
        parents: list[tuple[int, QTreeWidgetItem]] = []  # the open headings, by level
        for row, heading in enumerate(self.headings):
            while parents and parents[-1][0] >= heading.level:
                parents.pop()
            item = QTreeWidgetItem([heading.text])
            item.setData(0, ROW, row)
            item.setToolTip(0, heading.text)
            if parents:
                parents[-1][1].addChild(item)
            else:
                self.tree.addTopLevelItem(item)
            parents.append((heading.level, item))
            self._items.append(item)
        for item in self._items:
            item.setExpanded(self._path(item) not in folded)

    @staticmethod
    def _path(item: QTreeWidgetItem) -> tuple[str, ...]:
        """A heading's titles from the top: a folded chapter stays folded after a rebuild."""
        path = []
        while item is not None:
            path.append(item.text(0))
            item = item.parent()
        return tuple(reversed(path))

    def _follow_cursor(self) -> None:
        """Select the heading of the section the cursor is in."""
        if not self._items or not self.isVisible():
            return
        line = self.editor.textCursor().blockNumber() + 1
        row = bisect_right(self._lines, line) - 1
        self.tree.blockSignals(True)
        if row < 0:
            self.tree.clearSelection()
            self.tree.setCurrentItem(None)
        else:
            item = self._items[row]
            self.tree.setCurrentItem(item)
            self.tree.scrollToItem(item)
        self.tree.blockSignals(False)

    def _menu(self, point) -> None:
        item = self.tree.itemAt(point)
        if item is None or not self.menu_actions:
            return
        shapes = self._shapes(item)
        self.when_read(lambda: self._menu_at(shapes, point))

    def _menu_at(self, shapes: list, point) -> None:
        ((heading, row),) = self._found(shapes)
        if heading is None:
            return
        item = self._items[row]
        self.tree.setCurrentItem(item)
        # the cursor on the heading's line: the commands act on its section wherever the keys
        # are when one is chosen (the menu has them while it shows)
        cursor = self.editor.textCursor()
        cursor.setPosition(self.editor.document().findBlockByNumber(heading.line - 1).position())
        self.editor.setTextCursor(cursor)
        menu = QMenu(self.tree)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.addActions(self.menu_actions)
        self.context_menu = menu  # (shown without an event loop of its own: `popup`)
        menu.popup(self.tree.viewport().mapToGlobal(point))

    def _shapes(self, *items: QTreeWidgetItem | None) -> list[tuple[tuple[int, str], int] | None]:
        """Rows of the tree as `_found` finds them again after a reading (which may rebuild
        the tree, the rows' items with it): each one's level and title, and which one of
        those so named it is; None for None."""
        rows = [item.data(0, ROW) if item is not None else None for item in items]
        return [
            (self._shape[row], self._shape[:row].count(self._shape[row]))
            if row is not None and row < len(self._shape) else None
            for row in rows
        ]  # fmt: skip

    def _found(self, shapes: list) -> list[tuple[Heading | None, int]]:
        """The headings (and rows) of rows `_shapes` took, among the headings known; None
        for a row that is gone (or None)."""
        found: list[tuple[Heading | None, int]] = []
        for seen in shapes:
            at = [] if seen is None else [r for r, s in enumerate(self._shape) if s == seen[0]]
            row = at[seen[1]] if seen and seen[1] < len(at) else -1
            found.append((self.headings[row] if row >= 0 else None, row))
        return found

    def selected_line(self, then: Callable[[int | None], None]) -> None:
        """`then(line)`: the line (from 0) of the heading selected in the tree, None where
        none is, once the headings known are the text's (`when_read`)."""
        shapes = self._shapes(self.tree.currentItem())

        def found() -> None:
            ((heading, _row),) = self._found(shapes)
            then(heading.line - 1 if heading is not None else None)

        self.when_read(found)

    def _dropped(self, dragged: QTreeWidgetItem, target: QTreeWidgetItem | None,
                 where: str) -> None:  # fmt: skip
        """A heading dropped above a row (its section goes before that heading), below one
        (after its section; before its first heading under it where those are shown), on one
        (the last under it), or below every row (the document's end)."""
        if where == "below" and target is not None and target.isExpanded() \
                and target.childCount():  # fmt: skip
            target, where = target.child(0), "above"
        shapes = self._shapes(dragged, target)

        def found() -> None:
            (moved, _row), (onto, _at) = self._found(shapes)
            if moved is None or (shapes[1] is not None and onto is None):
                return
            self.section_dropped.emit(moved.line - 1, None if onto is None else onto.line - 1,
                                      where == "above")  # fmt: skip

        self.when_read(found)

    def _go(self, item: QTreeWidgetItem) -> None:
        # which one of the headings so named it is: found again after a reading, done after
        # the click's signal (a reading may rebuild the tree, the clicked item with it)
        (shape,) = self._shapes(item)
        if shape is not None:
            QTimer.singleShot(0, self, lambda: self._go_to(shape))  # (not once deleted)

    def _go_to(self, shape: tuple[tuple[int, str], int]) -> None:
        """To the heading of a row (`_shapes`), once the lines are known (`when_read`: a
        reading owed is waited for, not made on the window's thread)."""
        self.when_read(lambda: self._go_now(shape))

    def _go_now(self, shape: tuple[tuple[int, str], int]) -> None:
        ((heading, _row),) = self._found([shape])
        if heading is not None:
            go_to_heading(self.editor, heading)
            self.left.emit()
