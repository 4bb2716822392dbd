"""Find in Project (Edit → Find in Project…, Ctrl+Shift+F): a query found in every document of
the project, in a panel beside the text, as VS Code's search across files.

The panel has the query, three switches (Match Case, Whole Word, Regular Expression) and the
results as a tree: each document with matches (its path in the project, how many), its matching
lines under it (the line's number, the line trimmed around the match, the match in bold), and a
line that sums them up. Enter or a click on a match asks the window to open that document
(`open_requested`: where the project's Open documents setting says, as the project panel opens
one) with the match selected; Enter on a document's row, its first match. Esc gives the keys
back to the text.

The panel owns its search, one `TaskHandle` at a time (writer/tasks.py, as the project's memory
is built): SEARCH_DELAY_MS after the query or a switch last changed (Enter: at once), the
previous search is abandoned and a new one started. The documents are read and searched on
the task's thread (writer/project/search.py, no Qt there); what the main thread does is ask the
windows for the texts they hold with edits not saved yet (`unsaved`, called when the search
starts, so a chapter being written is searched as it is on the screen, not as on the disk) and
build the tree once the search has ended, at most 2,000 rows (search.py MAX_MATCHES). The
results come at once at the end, so the tree is not rebuilt while the writer reads it: over 40
documents of 4 MB, 500 matches are shown 50 to 70 ms after the search starts, and the main
thread's longest pause meanwhile is 6 to 10 ms; building a tree of 2,000 rows is a pause of about
20 ms, all on this project's two-core machine (`python -m writer.bench.panels find FOLDER QUERY`
measures a folder).

A result is where the text was when the search ran: a document changed since then is opened at
the line found, and the window says the match is no longer there (MainWindow.select_found).

The arrow before the query shows Replace (as VS Code's): a replacement and Replace Everywhere
(Alt+Y; the find bar's is Replace All, Alt+A), which searches afresh, asks once and replaces
every match (writer/ui/project_replace.py `ProjectReplace`: the documents open in windows
there, unsaved, the others on disk); its summary shows under the query until the query
changes, and the results are searched again.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QModelIndex, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QFontMetrics, QKeyEvent, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from writer.project.project import Project
from writer.project.search import (
    Found,
    Query,
    QueryError,
    documents_of,
    excerpt,
    search,
)
from writer.project.search_apart import search_apart
from writer.tasks import TaskHandle
from writer.ui.escape import EscapeBack
from writer.ui.i18n import sentence
from writer.ui.project_replace import ProjectReplace
from writer.ui.project_session import ProjectSession
from writer.ui.switches import SearchSwitches, pattern_refusal

REFRESH_DELAY_MS = 1000  # after a change to a document, before the results are searched again
SEARCH_DELAY_MS = 250
MATCH = Qt.ItemDataRole.UserRole  # a row's (path, Match): a document's row, its first match
PARTS = Qt.ItemDataRole.UserRole + 1  # a match row's (line number, before, found, after)
GAP = 6  # pixels between a match's line number and its text


class _ResultDelegate(QStyledItemDelegate):
    """A match's row: its line's number, dimmed, then the line with the match in bold."""

    def paint(self, painter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        parts = index.data(PARTS)
        if parts is None:
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        widget = opt.widget
        style = widget.style() if widget else QApplication.style()
        opt.text = ""
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, opt, widget)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        roles = QPalette.ColorRole
        text_color = opt.palette.color(roles.HighlightedText if selected else roles.Text)
        dim = opt.palette.color(roles.HighlightedText if selected else roles.PlaceholderText)
        bold = QFont(opt.font)
        bold.setBold(True)
        number, before, found, after = parts
        align = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        painter.save()
        x, right = rect.left(), rect.right()
        # where the match would not show whole, the text before it takes at most a third of
        # the row, cut at its left (in a narrow panel the match was cut off)
        left, end = Qt.TextElideMode.ElideLeft, Qt.TextElideMode.ElideRight
        width = opt.fontMetrics.horizontalAdvance(f"{number}{before}") + GAP
        fits = x + width + QFontMetrics(bold).horizontalAdvance(found) <= right
        for text, font, color, gap, elide, share in (
            (f"{number}", opt.font, dim, GAP, end, 1.0),
            (before, opt.font, text_color, 0, left, 1.0 if fits else 1 / 3),
            (found, bold, text_color, 0, end, 1.0),
            (after, opt.font, text_color, 0, end, 1.0),
        ):
            if not text or x >= right:
                continue
            painter.setFont(font)
            painter.setPen(color)
            metrics = painter.fontMetrics()
            width = int((right - x) * share)
            shown = metrics.elidedText(text, elide, width)
            painter.drawText(x, rect.top(), right - x, rect.height(), align, shown)
            x += metrics.horizontalAdvance(shown) + gap
        painter.restore()


class _Field(QLineEdit):
    """The query: Enter searches at once, Down goes to the results, Esc back to the text.

    Its clear button shows once there is text; the field asks for as much room without it
    (`_room`): the panel at its narrowest grew by the button's width at the first letter
    typed, and the switch beside the field moved away from under the pointer, its place taken
    by the clear button."""

    entered = Signal()
    down = Signal()
    escaped = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setClearButtonEnabled(True)
        empty = super().minimumSizeHint().width()
        self.setText(" ")
        self._button = super().minimumSizeHint().width() - empty  # (the clear button's room)
        self.clear()

    def _room(self, hint: QSize) -> QSize:
        if not self.text():
            hint.setWidth(hint.width() + self._button)
        return hint

    def sizeHint(self) -> QSize:
        return self._room(super().sizeHint())

    def minimumSizeHint(self) -> QSize:
        return self._room(super().minimumSizeHint())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.entered.emit()
        elif key == Qt.Key.Key_Down:
            self.down.emit()
        elif key == Qt.Key.Key_Escape:
            self.escaped.emit()
        else:
            super().keyPressEvent(event)


class ProjectFindPanel(QDockWidget):
    """Find in Project's panel for one window of `session`. It asks the window to open a result
    (`open_requested`) and never opens one itself."""

    open_requested = Signal(str, object)  # a document's path, the Match to select there
    left = Signal()  # Esc: the editor takes the keys back
    searched = Signal()  # a search ended and its results are shown (for tests and timing)
    replaced = Signal(str)  # Replace All ended: its summary ('' when the writer said no)
    closed = Signal()  # the writer closed the panel with its own button

    def __init__(
        self,
        session: ProjectSession,
        unsaved: Callable[[], dict[str, str]],
        parent: QWidget | None = None,
        replacer: ProjectReplace | None = None,
    ) -> None:
        """`unsaved`: the texts the windows hold with edits not saved yet, by `file_key`;
        `replacer`: Replace All's (none: the panel only finds)."""
        super().__init__(parent)
        self.setObjectName("find-in-project")
        self.setAllowedAreas(
            Qt.DockWidgetArea.LeftDockWidgetArea | Qt.DockWidgetArea.RightDockWidgetArea
        )
        self.session = session
        self.unsaved = unsaved
        self.found: Found | None = None  # the last search's, as shown
        self.skipped: list[tuple[str, str]] = []  # (path, why) of the documents not read
        self._query: Query | None = None  # the query of the search running or shown
        self._task: TaskHandle | None = None
        self._bad_pattern = ""  # re's reason why the regular expression does not compile
        self._failure = ""  # the sentence of a search that failed
        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 0)
        layout.setSpacing(4)
        row = QHBoxLayout()
        row.setSpacing(2)
        self.replacer = replacer
        self.replace_toggle = QToolButton(body)  # (VS Code's arrow: Replace shown or not)
        self.replace_toggle.setCheckable(True)
        self.replace_toggle.setAutoRaise(True)
        self.replace_toggle.setArrowType(Qt.ArrowType.RightArrow)
        self.replace_toggle.toggled.connect(self.show_replace)
        self.replace_toggle.setVisible(replacer is not None)
        row.addWidget(self.replace_toggle)
        self.field = _Field(body)
        row.addWidget(self.field, 1)
        self.replace_row = QWidget(body)
        self.switches = SearchSwitches(body, self.replace_row, self)
        self.case_button = self.switches.case
        self.word_button = self.switches.word
        self.regex_button = self.switches.regex
        self.preserve_button = self.switches.preserve
        for button in (self.case_button, self.word_button, self.regex_button):
            row.addWidget(button)
            button.toggled.connect(self._changed)
        layout.addLayout(row)
        replace_row = QHBoxLayout(self.replace_row)
        replace_row.setContentsMargins(0, 0, 0, 0)
        replace_row.setSpacing(2)
        replace_row.addSpacing(self.replace_toggle.sizeHint().width() + 2)
        self.replace_field = _Field(self.replace_row)
        replace_row.addWidget(self.replace_field, 1)
        replace_row.addWidget(self.preserve_button)
        self.replace_all_button = QToolButton(self.replace_row)
        self.replace_all_button.setAutoRaise(True)
        replace_row.addWidget(self.replace_all_button)
        self.replace_row.hide()
        layout.addWidget(self.replace_row)
        # Tab from the query goes to the replacement, then its Preserve Case and Replace All,
        # then the query's switches (as the find bar's): Preserve Case, made with the switches,
        # came before the replacement, and a replacement typed after three Tabs went nowhere
        order = (self.field, self.replace_field, self.preserve_button, self.replace_all_button,
                 self.case_button, self.word_button, self.regex_button)  # fmt: skip
        for first, second in zip(order, order[1:], strict=False):
            QWidget.setTabOrder(first, second)
        self.outcome = QLabel(body)  # Replace All's summary, until the query changes
        self.outcome.setWordWrap(True)
        self.outcome.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.outcome.hide()
        layout.addWidget(self.outcome)
        self.summary = QLabel(body)
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.unread = QLabel(body)  # "1 document could not be read", why on hover
        self.unread.setWordWrap(True)
        self.unread.hide()
        layout.addWidget(self.unread)
        self.tree = QTreeWidget(body)
        self.tree.setColumnCount(2)
        self.tree.setHeaderHidden(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setExpandsOnDoubleClick(False)
        self.tree.setItemDelegate(_ResultDelegate(self.tree))
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.itemActivated.connect(lambda item, _column: self._go(item))
        self.tree.itemClicked.connect(
            lambda item, _column: self._go(item) if item.data(0, PARTS) else None
        )
        EscapeBack(self.tree, self.left.emit)  # (Esc gives the keys back to the text)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._menu)
        layout.addWidget(self.tree, 1)
        self.setWidget(body)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.search)
        # a document of the project changed (typed in, saved, added, renamed): the results
        # shown are searched again once it settles, the place in them kept (`stale`)
        self._stale_timer = QTimer(self)
        self._stale_timer.setSingleShot(True)
        self._stale_timer.setInterval(REFRESH_DELAY_MS)
        self._stale_timer.timeout.connect(self._refresh)
        self._keep_place: tuple[str, int, int, int] | None = None  # see `_refresh`
        self._stale = False  # a document changed while the panel was hidden (`stale`)
        # what the results shown were searched in: the unsaved texts, and whether a document
        # was saved, added, removed or renamed since (`_refresh` searches again only then)
        self._searching: dict[str, str] = {}
        self._searched: dict[str, str] | None = None
        self._files_changed = False
        self.visibilityChanged.connect(self._shown)
        # (bound methods: Qt lets go of them with the panel; the project outlives its windows)
        session.document_saved.connect(self._saved)  # (another window's too)
        session.documents_changed.connect(self._files)
        self._attached = True  # (until `close_down`)
        self.field.textChanged.connect(lambda _text: self._changed())
        self.field.entered.connect(self.search)
        self.field.down.connect(self.focus_results)
        self.field.escaped.connect(self.left)
        self.replace_field.entered.connect(self.replace_all)
        self.replace_field.down.connect(self.focus_results)
        self.replace_field.escaped.connect(self.left)
        self.replace_all_button.clicked.connect(lambda _checked: self.replace_all())
        if replacer is not None:
            replacer.ended.connect(self._replaced)
        self.retranslate()

    def _changed(self) -> None:
        """The query or a switch changed: searched again once it settles; a replacement's
        summary, about another query, goes."""
        self._timer.start()
        if self.replacer is None or not self.replacer.running:
            self.outcome.hide()

    # texts --------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Find in Project"))
        self.field.setPlaceholderText(self.tr("Find in the project"))
        self.field.setAccessibleName(self.tr("Find in the project's documents"))
        self.tree.setAccessibleName(self.tr("Matches in the project's documents"))
        self.switches.retranslate()
        self.replace_toggle.setToolTip(self.tr("Replace"))
        self.replace_toggle.setAccessibleName(self.tr("Replace"))
        self.replace_field.setPlaceholderText(self.tr("Replace with"))
        self.replace_field.setAccessibleName(self.tr("Replace with"))
        # (Alt+Y: every letter of "Replace All" is taken while the find bar's Replace shows
        # beside the panel, by its buttons, the menus or the switches' Alt keys)
        self.replace_all_button.setText(self.tr("Replace Ever&ywhere"))
        self.replace_all_button.setToolTip(
            self.tr("Replace every match in the project's documents (it asks first; Enter in "
                    "the field too)"))  # fmt: skip
        self._say()

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        self.closed.emit()
        super().closeEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _say(self) -> None:
        """The summary ("12 matches in 4 documents"), and the documents not read."""
        found, running = self.found, self._task is not None
        problem = self._bad_pattern or self._failure
        if self._bad_pattern:
            text = pattern_refusal(self._bad_pattern)
        elif self._failure:
            text = sentence(self._failure)
        elif running:
            text = self.tr("Searching…")
        elif found is None or self._query is None:
            text = ""
        elif not found.searched and not self.skipped:
            text = self.tr("This project has no documents to search yet.")
        elif not found.count:
            text = self.tr("No matches")
        else:
            count, files = f"{found.count:,}", f"{len(found.files):,}"
            if found.capped:
                text = (
                    self.tr("First {0} matches shown, in one document.")
                    if len(found.files) == 1
                    else self.tr("First {0} matches shown, in {1} documents.")
                ).format(count, files)
            elif found.count == 1:
                text = self.tr("1 match in 1 document")
            elif len(found.files) == 1:
                text = self.tr("{0} matches in 1 document").format(count)
            else:
                text = self.tr("{0} matches in {1} documents").format(count, files)
        self.summary.setText(text)
        self.summary.setVisible(bool(text))
        skipped = [] if problem or running else self.skipped
        if skipped:
            self.unread.setText(
                self.tr("1 document could not be read")
                if len(skipped) == 1
                else self.tr("{0} documents could not be read").format(f"{len(skipped):,}")
            )
            self.unread.setToolTip("\n".join(sentence(why) or path for path, why in skipped))
        self.unread.setVisible(bool(skipped))

    # searching ----------------------------------------------------------------------------
    def query(self) -> Query:
        """The query the field and the switches make now."""
        return self.switches.query(self.field.text())

    def search(self) -> None:
        """Search now (the search running is abandoned); an empty query clears the results, a
        regular expression that does not compile says why."""
        self.stop()
        query = self.query()
        self._bad_pattern = self._failure = ""
        folder = self.session.folder
        if not query.text or folder is None:
            self._query = None
            self._show(None, [])
            return
        try:
            query.pattern()
        except QueryError as exc:
            self._query = None
            self._bad_pattern = exc.reason
            self._show(None, [])
            return
        self._query = query
        unsaved = self.unsaved()  # (on this thread: the editors' texts as they are now)
        self._searching, self._searched, self._files_changed = unsaved, None, False
        encodings, notes = self.session.encodings(), self.session.notes_name()

        def work(task: TaskHandle) -> tuple[Found | None, list[tuple[str, str]], str]:
            project = Project(folder, notes, encodings=encodings)
            skipped: list[tuple[str, str]] = []
            texts = documents_of(project, unsaved, skipped)
            # a regular expression in a process that can be stopped (search_apart's docstring)
            run = search_apart if query.regex else search
            try:
                return run(query, texts, cancelled=lambda: task.is_cancelled), skipped, ""
            except QueryError as exc:  # (it took too long: stopped)
                return None, skipped, exc.reason

        task = TaskHandle(work, name="find in project")
        task.finished.connect(lambda result: self._finished(task, result))
        task.failed.connect(lambda why: self._failed(task, why))
        self._task = task
        task.start()
        self._say()

    def stale(self) -> None:
        """A document of the project changed: the results shown, if any, are searched again
        REFRESH_DELAY_MS after the changes stop (a writer fixing the matches one by one sees
        them go; VS Code's results follow the files too), where a document it searches
        changed since they were searched (`_refresh`: not for a key in an untitled text, nor
        for a word typed and deleted again). Nothing while the panel is hidden or nothing is
        shown: then once it shows again."""
        if self._query is None or self._bad_pattern or self._failure:
            return  # (a pattern stopped as too slow is not run again at every pause)
        if self.isVisible():
            self._stale_timer.start()
        else:
            self._stale = True  # (searched again when it shows: behind the Project tab, say)

    def _saved(self, _path: str) -> None:
        self._files()

    def _files(self) -> None:
        """A document was saved, added, removed or renamed: searched again (`stale`)."""
        self._files_changed = True
        self.stale()

    def _shown(self, visible: bool) -> None:
        if visible and self._stale:
            self._stale = False
            self._stale_timer.start()

    def _refresh(self) -> None:
        """Search the query shown again, the current result kept where it still is."""
        if self._query is None or not self.isVisible() or self._timer.isActive():
            return
        if self._task is not None or (self.replacer is not None and self.replacer.running):
            self._stale_timer.start()  # (after the search or the replacement running)
            return
        if not self._files_changed and self._searched == self.unsaved():
            return  # (a key in a text it does not search, or one typed and deleted again)
        item = self.tree.currentItem()
        found = item.data(0, MATCH) if item is not None else None
        place = None
        if found is not None:
            path, match = found
            child = item.data(0, PARTS) is not None
            place = (path, match.line if child else 0, match.column if child else 0,
                     self.tree.verticalScrollBar().value())  # fmt: skip
        self.search()
        if self._task is not None:
            self._keep_place = place  # (for its results: `_show`)

    def stop(self) -> None:
        """Abandon the search running (its window is closing): nothing more is shown."""
        self._timer.stop()
        self._stale_timer.stop()  # (a search now reads the documents as they are)
        self._keep_place = None
        if self._task is not None:
            self._task.abandon()
            self._task = None

    def close_down(self) -> None:
        """Its window is closing: the search and a replacement's search are abandoned, and the
        project's changes (it outlives the window) no longer reach the panel."""
        self.stop()
        if self.replacer is not None:
            self.replacer.stop()
        if self._attached:
            self._attached = False
            self.session.document_saved.disconnect(self._saved)
            self.session.documents_changed.disconnect(self._files)

    # replacing ----------------------------------------------------------------------------
    def show_replace(self, shown: bool) -> None:
        """The arrow: Replace shown (with the keys in it) or hidden."""
        if self.replacer is None:
            return
        self.replace_toggle.setChecked(shown)
        self.replace_toggle.setArrowType(
            Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow
        )
        self.replace_row.setVisible(shown)
        if shown:
            self.replace_field.setFocus(Qt.FocusReason.OtherFocusReason)

    def replace_all(self, only: str | None = None) -> None:
        """Replace All (`only`: in the document at that path): the query searched afresh, the
        one question, then every match replaced (`ProjectReplace`); a pattern or a replacement
        that does not work says why."""
        replacer = self.replacer
        if replacer is None or replacer.running or not self.field.text():
            return
        self._timer.stop()
        why = replacer.start(self.query(), self.replace_field.text(), only)
        self._tell(why or self.tr("Replacing…"))
        self.replace_all_button.setEnabled(not replacer.running)

    def _menu(self, where) -> None:
        """A document's menu in the results, with Replace shown: replace in it alone."""
        item = self.tree.itemAt(where) or self.tree.currentItem()
        if item is None or self.replacer is None or not self.replace_row.isVisible():
            return
        while item.parent() is not None:
            item = item.parent()
        menu = self.context_menu(item.data(0, MATCH)[0])
        menu.exec(self.tree.viewport().mapToGlobal(where))
        menu.deleteLater()

    def context_menu(self, path: str) -> QMenu:
        """The menu of the document at `path` in the results: Replace All in it alone (A, as
        the Replace All of the find bar)."""
        menu = QMenu(self)
        action = menu.addAction(self.tr("Replace &All in This Document"))
        action.setEnabled(self.replacer is not None and not self.replacer.running)
        action.triggered.connect(lambda: self.replace_all(path))
        return menu

    def _replaced(self, summary: str) -> None:
        self.replace_all_button.setEnabled(True)
        self._tell(summary)
        if summary:
            self.search()  # (the results shown are the text as it was)
        self.replaced.emit(summary)

    def _tell(self, text: str) -> None:
        self.outcome.setText(text)
        self.outcome.setToolTip(text)
        self.outcome.setVisible(bool(text))

    def _finished(
        self, task: TaskHandle, result: tuple[Found | None, list[tuple[str, str]], str]
    ) -> None:
        if task is not self._task:
            return
        self._task = None
        found, skipped, self._bad_pattern = result
        self._searched = self._searching
        self._show(found, skipped)

    def _failed(self, task: TaskHandle, why: str) -> None:
        if task is not self._task:
            return
        self._task = None
        self._failure = why
        self._show(None, [])

    def _show(self, found: Found | None, skipped: list[tuple[str, str]]) -> None:
        """The results as a tree: made unattached and added in one call (2,000 rows added one
        by one to a live tree cost a model update each). After a refresh (`_refresh`) the same
        results are left as they are, and new ones keep the current result's place."""
        place, self._keep_place = self._keep_place, None
        if place is not None and found is not None and found == self.found:
            self.skipped = skipped
            self._say()
            self.searched.emit()
            return
        self.found, self.skipped = found, skipped
        folder = self.session.folder
        top: list[QTreeWidgetItem] = []
        for document in found.files if found is not None else ():
            path = Path(document.path)
            try:
                name = path.relative_to(folder).as_posix() if folder else str(path)
            except ValueError:
                name = str(path)
            item = QTreeWidgetItem([name, f"{len(document.matches):,}"])
            item.setToolTip(0, str(path))
            item.setData(0, MATCH, (document.path, document.matches[0]))
            item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            children = []
            for match in document.matches:
                before, middle, after = excerpt(match)
                child = QTreeWidgetItem([before + middle + after])  # (what a screen reader reads)
                child.setData(0, MATCH, (document.path, match))
                child.setData(0, PARTS, (match.line, before, middle, after))
                child.setToolTip(0, match.text[:500])
                children.append(child)
            item.addChildren(children)
            top.append(item)
        self.tree.setUpdatesEnabled(False)
        self.tree.clear()
        self.tree.addTopLevelItems(top)
        for item in top:
            item.setExpanded(True)
        if top:
            self.tree.setCurrentItem(self._nearest(top, place) or top[0].child(0))
        if place is not None:
            self.tree.verticalScrollBar().setValue(place[3])
        self.tree.setUpdatesEnabled(True)
        self._say()
        if found is not None:
            self.searched.emit()

    @staticmethod
    def _nearest(top: list[QTreeWidgetItem], place) -> QTreeWidgetItem | None:
        """The result at `place` (path, line, column; line 0: the document's row) after a
        refresh, or the document's nearest match after it, or the document's row; None when
        the document has no match any more (the first result is then current)."""
        if place is None:
            return None
        path, line, column = place[:3]
        for item in top:
            if item.data(0, MATCH)[0] != path:
                continue
            if line == 0:
                return item
            for n in range(item.childCount()):
                match = item.child(n).data(0, MATCH)[1]
                if (match.line, match.column) >= (line, column):
                    return item.child(n)
            return item.child(item.childCount() - 1)
        return None

    # keys and opening ---------------------------------------------------------------------
    def focus_replace(self, text: str = "") -> None:
        """Show the panel with Replace, `text` as the query if given, the keys in the
        replacement (in the query while it is empty)."""
        self.focus_field(text)
        self.show_replace(True)
        if self.field.text():
            self.replace_field.setFocus(Qt.FocusReason.ShortcutFocusReason)
            self.replace_field.selectAll()
        else:
            self.field.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def focus_field(self, text: str = "") -> None:
        """Show the panel with the keyboard in the query, `text` as the query if given; a query
        already there is searched again (the documents may have changed)."""
        self.show()
        self.raise_()
        if text:
            self.field.setText(text)
        self.field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.field.selectAll()
        if self.field.text() and not text:
            self.search()

    def focus_results(self) -> None:
        """The keys in the results, on the first match when none is current."""
        if not self.tree.topLevelItemCount():
            return
        if self.tree.currentItem() is None:
            self.tree.setCurrentItem(self.tree.topLevelItem(0).child(0))
        self.tree.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _go(self, item: QTreeWidgetItem) -> None:
        found = item.data(0, MATCH)
        if found is not None:
            # after the click's or the key's own handling: the open may ask a question, or
            # open another window
            QTimer.singleShot(0, self, lambda: self.open_requested.emit(*found))
