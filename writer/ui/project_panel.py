"""The Project panel: the project folder's documents as a tree at the window's left.

The notes file comes first, marked; then the folder's documents, subfolders as nodes, at most
`MAX_SHOWN` of them (the panel says how many it left out). The document open in the window is
in bold. A document any window shows with unsaved changes has a dot after its name, in italic
("01 arrival.md ●", "Unsaved changes" in its tooltip) until it is saved or its changes are
undone back to the saved text, as VS Code marks its editors: the windows' documents announce it
(`ProjectWords.unsaved_changed`, from their `modified_changed`), nothing is polled. The panel
lists the folder again when the `ProjectSession` says its documents changed, and keeps the tree
as it was (folders closed, the selection) when nothing it shows did.

Each row has its document's words dimmed in a second column at its right (the name is typed
in the first, which the editor covers), a folder's row the sum of its documents' once all are
counted, and a line under the tree the manuscript's: its documents but the notes, as Export
Project takes them. The numbers are the session's `ProjectWords` (writer/ui/project_words.py:
a window's status-bar count for the document it shows, unsaved words too, else its file's,
counted on a thread and again only where the file changed). The panel sets only the rows
whose number changed, and their folders' by the difference; none while a name is typed in a
row (setting the row puts its editor's text back).

The documents are the project's own listing, `Project.documents` (the one rule for what the
project holds: links to folders followed, link loops, hidden and unreadable folders left out,
as the model's memory, Export Project and Find in Project read it), in natural order: the
session's `listing`, taken on a thread when the folder opens and after each burst of changes
(`ProjectSession.listed`), so the panel reads no folder itself ("Reading the project…" under
the empty tree until the first listing). For 5,000 documents in 50
folders, listing and sorting take about 0.1-0.2 s of that thread, and building the tree of the
first 2,000 about 60 ms of the window's on a shared two-core machine; a change on disk that
leaves the list as it was costs only the listing and a pass of `stat` calls on a
thread. Counting the words of the first 2,000 (22 MB) the first time takes about 3 s on a
thread and 150 ms of the window's thread in a dozen updates (a key waited 30 ms at most); then
one changed file costs 3 ms of it. `python -m writer.ui.project_panel FOLDER` measures a folder.

Keys: Up and Down move, Enter opens (as the settings say: here or in a new window), Esc goes
back to the editor; the context menu also offers Open in New Window, New Document, Rename
(F2) and Move to Trash (Delete, asked first). A name is typed in the tree's row, as in VS
Code's explorer (the name without its suffix selected); the panel asks the window to make the
file, give the new name or move it to the trash (the window showing that document does it: one
owner for a document) and, where a name is refused, says why under the tree and opens the row
again with what was typed.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
from pathlib import Path

from PySide6.QtCore import (
    QAbstractItemModel,
    QCoreApplication,
    QEvent,
    QFile,
    QLocale,
    QModelIndex,
    QObject,
    QPoint,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QContextMenuEvent, QKeyEvent, QPalette
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QDockWidget,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from writer.project.project import DOCUMENT_SUFFIXES, place_in
from writer.ui.collector import while_alive
from writer.ui.i18n import sentence
from writer.ui.project_session import ProjectSession

log = logging.getLogger(__name__)

MAX_SHOWN = 2000
PATH_ROLE = Qt.ItemDataRole.UserRole  # a document's absolute path; a folder's relative one
IS_FOLDER_ROLE = Qt.ItemDataRole.UserRole + 1
TIP_ROLE = Qt.ItemDataRole.UserRole + 2  # the row's tooltip before its words
UNSAVED_ROLE = Qt.ItemDataRole.UserRole + 3  # a window shows the document with unsaved changes
UNSAVED_MARK = " \u25cf"  # after the name of a document with unsaved changes, as VS Code's tabs
WORDS = 1  # the column of the words


def move_to_trash(path: Path) -> str:
    """Move the file at `path` to the system's trash (where the file manager restores it
    from); "" when it went, else why not, in words (it then stays where it is)."""
    if sys.platform.startswith("linux"):
        # Qt makes the home trash only inside an existing data folder (it said "Bad file
        # descriptor" where ~/.local/share was not there yet)
        data = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
        with contextlib.suppress(OSError):
            Path(data).mkdir(parents=True, exist_ok=True)
    file = QFile(str(path))
    if file.moveToTrash():
        return ""
    log.warning("could not move %s to the trash: %s", path, file.errorString())
    if not path.exists():
        return QCoreApplication.translate(
            "ProjectPanel", "{0} is no longer there."
        ).format(path.name)
    return QCoreApplication.translate(
        "ProjectPanel", "Could not move {0} to the trash ({1}); it stays where it is."
    ).format(path.name, file.errorString())


class _Tree(QTreeWidget):
    """The tree, with Enter to open and Esc to leave."""

    entered = Signal()
    escaped = Signal()
    menu_asked = Signal(object)  # the QContextMenuEvent's global position
    rename_asked = Signal()  # F2
    trash_asked = Signal()  # Delete

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.state() == QTreeWidget.State.EditingState:
            # a key the name's editor left (its Enter, which the delegate takes later): not
            # the list's (Enter here opened the document in the row)
            event.accept()
            return
        if event.key() == Qt.Key.Key_F2 and not event.modifiers():
            self.rename_asked.emit()
            return
        if event.key() == Qt.Key.Key_Delete and not event.modifiers():
            self.trash_asked.emit()
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.entered.emit()
            return
        if event.key() == Qt.Key.Key_Escape:
            self.escaped.emit()
            return
        if event.key() == Qt.Key.Key_F10 and event.modifiers() == Qt.KeyboardModifier.ShiftModifier:
            self._menu_at_current()  # the keyboard's other way to a menu (the Menu key's)
            return
        super().keyPressEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        if event.reason() == QContextMenuEvent.Reason.Keyboard:
            self._menu_at_current()  # at the current row, not wherever the mouse was
            return
        item = self.itemAt(event.pos())
        if item is not None:
            self.setCurrentItem(item)
        else:
            self.setCurrentItem(None)  # (below the rows: the project's own menu)
        self.menu_asked.emit(event.globalPos())

    def _menu_at_current(self) -> None:
        item = self.currentItem()
        if item is not None:
            rect = self.visualItemRect(item)
            self.menu_asked.emit(self.viewport().mapToGlobal(rect.bottomLeft()))
        else:  # (no row: an empty project's menu, New Document, at the list's top)
            self.menu_asked.emit(self.viewport().mapToGlobal(QPoint(0, 0)))


class _Rows(QStyledItemDelegate):
    """The names' column as it is painted, and a row's editor while a name is typed.

    A document with unsaved changes (its UNSAVED_ROLE) is painted with a dot after its name,
    in italic: its text stays the name, which renaming, sorting and finding a row read. The
    editor starts with the panel's text, the name before its suffix selected, and hands what
    was typed to the panel instead of the item."""

    def __init__(self, panel: ProjectPanel) -> None:
        super().__init__(panel.tree)
        self.panel = panel

    def initStyleOption(  # noqa: N802 (Qt's name)
        self, option: QStyleOptionViewItem, index: QModelIndex
    ) -> None:
        super().initStyleOption(option, index)
        if index.column() == 0 and index.data(UNSAVED_ROLE):
            option.text += UNSAVED_MARK
            option.font.setItalic(True)

    def createEditor(self, parent: QWidget, option, index: QModelIndex) -> QWidget:
        """A line as wide as the name's column: Qt's own grew with a long name over the
        words beside it, and left part of the number showing past its end."""
        editor = QLineEdit(parent)
        editor.setFrame(
            editor.style().styleHint(QStyle.StyleHint.SH_ItemView_DrawDelegateFrame, None, editor)
        )
        return editor

    def setEditorData(self, editor: QWidget, index: QModelIndex) -> None:
        if isinstance(editor, QLineEdit):
            editor.setText(self.panel.naming_text)  # (the view selects it all after this)
        else:
            super().setEditorData(editor, index)

    def setModelData(
        self, editor: QWidget, model: QAbstractItemModel, index: QModelIndex
    ) -> None:
        if isinstance(editor, QLineEdit):
            self.panel._named(editor.text())

    @while_alive
    def eventFilter(self, editor: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.FocusOut
            and event.reason() == Qt.FocusReason.ActiveWindowFocusReason
        ):
            return False  # another application's window: the name is still being typed
        return super().eventFilter(editor, event)


class ProjectPanel(QDockWidget):
    """The project's documents; it asks the window to open one and never opens it itself."""

    open_requested = Signal(str)  # where the settings say: this window or a new one
    open_in_new_window_requested = Signal(str)
    left = Signal()  # Esc: the editor takes the focus back
    # the name typed for a new document in a folder (its absolute path), for a document
    # (its path): the window answers with `refused` where it cannot be
    create_requested = Signal(str, str)
    rename_requested = Signal(str, str)
    trash_requested = Signal(str)  # a document's path: the window asks, then moves it

    def __init__(self, session: ProjectSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("project-panel")
        self.setAllowedAreas(
            Qt.DockWidgetArea.LeftDockWidgetArea | Qt.DockWidgetArea.RightDockWidgetArea
        )
        self.session = session
        self.current: Path | None = None
        self.total = 0  # documents in the folder; the tree shows at most MAX_SHOWN
        self._shown: tuple = ()
        self._closed: set[str] = set()  # folders the writer closed, by relative path
        self._by_path: dict[str, QTreeWidgetItem] = {}  # a document's item, by absolute path
        self._marked: QTreeWidgetItem | None = None  # the item in bold
        self._wanted: str | None = None  # a document made or renamed: its row, once listed
        self._wanted_after = 0  # the session's listings before it: a later one shows it or not
        self._missing = ""  # why it has no row, said under the tree until the list changes
        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        self.tree = _Tree(body)
        self.tree.setHeaderHidden(True)
        self.tree.setUniformRowHeights(True)
        # a long name cut in its middle, as Finder does: its end stays, the unsaved changes'
        # dot and the suffix (cut at its right, "03 The night the lighthouse…" hid the dot)
        self.tree.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        # a second column: each document's words, a folder's its documents', dimmed at the
        # row's right (Scrivener's binder, Ulysses' sheets); a name is typed in the first
        self.tree.setColumnCount(2)
        self.tree.setAllColumnsShowFocus(True)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(WORDS, QHeaderView.ResizeMode.Fixed)
        self.tree.setColumnWidth(WORDS, 0)
        self.tree.entered.connect(self._open_current)
        self.tree.escaped.connect(self.left)
        self.tree.menu_asked.connect(self._menu)
        self.tree.rename_asked.connect(self._rename_current)
        self.tree.trash_asked.connect(self._trash_current)
        # a name being typed: ("rename", the document's path) or ("create", the folder's),
        # the row, the text the editor starts with; None when none is
        self._naming: tuple[str, str, QTreeWidgetItem] | None = None
        self._refresh_due = False  # the folder changed while a name was typed
        self._rows_due = False  # and the rows' words or unsaved changes (`_rows_wait`)
        self.naming_text = ""
        self._named_text: str | None = None  # what the last editor handed over
        self.tree.setEditTriggers(QTreeWidget.EditTrigger.NoEditTriggers)
        # (the names' column's alone: a Python delegate on the words' too doubled what each
        # count costs in size hints and painting)
        names = _Rows(self)
        self.tree.setItemDelegateForColumn(0, names)
        names.closeEditor.connect(self._editor_closed)
        self.tree.itemDoubleClicked.connect(lambda item, _col: self._open(item))
        self.tree.itemCollapsed.connect(lambda item: self._closed.add(item.data(0, PATH_ROLE)))
        self.tree.itemExpanded.connect(lambda item: self._closed.discard(item.data(0, PATH_ROLE)))
        layout.addWidget(self.tree, 1)
        self.note = QLabel(body)
        self.note.setWordWrap(True)
        self.note.setContentsMargins(6, 4, 6, 4)
        layout.addWidget(self.note)
        # the manuscript's words: its documents but the notes, as Export Project takes them
        self.words_line = QLabel(body)
        self.words_line.setContentsMargins(6, 2, 6, 4)
        self.words_line.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        layout.addWidget(self.words_line)
        self.manuscript_words: int | None = None  # None while some are not counted yet
        # what the rows show of the words, set with the rows (`_build`, `_show_words`)
        self._row_words: dict[str, tuple[int, bool, bool]] = {}  # (words, counted, unread)
        self._ancestors: dict[str, tuple[QTreeWidgetItem, ...]] = {}
        self._sums: dict[int, list] = {}
        self._notes_key: str | None = None
        self._total = self._uncounted = 0
        self.setWidget(body)
        session.words.changed.connect(self._show_words)
        session.words.unsaved_changed.connect(self._show_unsaved)
        session.documents_changed.connect(self._on_documents_changed)
        # (methods, not lambdas, on the project's signals: see MainWindow._journal_failed)
        session.changed.connect(self._refresh_on)
        session.memory_ready.connect(self._refresh_on)  # (a new notes file)
        session.listed.connect(self.refresh)
        session.checked.connect(self._on_checked)
        self.retranslate()

    # texts --------------------------------------------------------------------------------
    def retranslate(self) -> None:
        """The panel's texts in the interface's language (the window calls this)."""
        self.setWindowTitle(self.tr("Project"))
        self._shown = ()  # the notes' mark and the note are texts too
        self.refresh()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange and hasattr(self, "tree"):
            # (the theme changed, light or dark: the words' dimmed colour follows it; set when
            # a row was made, it stayed the old theme's until the tree was made again)
            self._dim = self.palette().color(QPalette.ColorRole.PlaceholderText)
            for item in self._rows():
                item.setForeground(WORDS, self._dim)
        super().changeEvent(event)

    # listing ------------------------------------------------------------------------------
    def documents(self) -> list[str]:
        """The documents the tree shows, as absolute paths, in its order (notes first)."""
        found: list[str] = []
        stack = [self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount())][::-1]
        while stack:
            item = stack.pop()
            if item.data(0, IS_FOLDER_ROLE):
                stack.extend(item.child(i) for i in range(item.childCount() - 1, -1, -1))
            else:
                found.append(item.data(0, PATH_ROLE))
        return found

    def _refresh_on(self, _news: object) -> None:
        self.refresh()

    def refresh(self) -> None:
        """Show the session's listing; rebuild the tree only if what it shows changed (after
        the name being typed in a row, which a rebuilt tree would take away)."""
        if self._naming is not None:
            self._refresh_due = True
            return
        self._refresh_due = False
        folder, listing = self.session.folder, self.session.listing
        if folder is None or listing is None:
            docs, self.total, notes = [], 0, None
        else:  # (the project's listing, taken on a thread: the session's)
            docs, self.total, notes = listing.manuscript(), listing.found, listing.notes
        shown = (tuple(docs[:MAX_SHOWN]), notes)
        if shown != self._shown:
            self._shown = shown
            self._missing = ""
            self._build(folder, list(shown[0]), notes)
            self._show_words()
            if folder is not None:
                self.session.words.count(list(self._by_path))
        if self._wanted is not None and self._wanted in self._by_path:
            self.tree.setCurrentItem(self._by_path[self._wanted])
            self._wanted = None
        elif self._wanted is not None and self.session.listings > self._wanted_after:
            self._missing, self._wanted = self._not_shown(self._wanted), None
        self._say()

    def select_when_listed(self, path: str | Path) -> None:
        """A document Writer just made or renamed: the keys on its row, now where it is
        listed, else once the folder is listed again (on a thread: `ProjectSession`); where
        that listing has no row for it, why not is said under the tree (it waited for a row
        that never came: a name past the first MAX_SHOWN documents)."""
        self._wanted = str(Path(path).absolute())
        self._wanted_after = self.session.listings
        self.session.list_again()
        self.refresh()

    def _on_checked(self) -> None:
        """The folder listed, the same as before or not: a document made or renamed has its
        row, or is said why not (`refresh`)."""
        if self._wanted is not None:
            self.refresh()
        elif self.session.listing is None:
            self._say()  # (a listing that failed: why, not "Reading the project…")

    def _not_shown(self, path: str) -> str:
        """Why the document `path` has no row."""
        folder = self.session.folder
        inside = place_in(path, folder) if folder is not None else None
        name = inside.as_posix() if inside is not None else Path(path).name
        if self.total > MAX_SHOWN:
            return self.tr(
                "{0} is not shown: the panel shows the first {1} of the project's {2} "
                "documents, by their names."
            ).format(name, f"{MAX_SHOWN:,}", f"{self.total:,}")
        return self.tr("{0} is not shown: the project no longer lists it.").format(name)

    def _on_documents_changed(self) -> None:
        """Something changed in the folder: the list, and the words of the documents whose
        files changed (a save renames a temporary file over the document: the same list)."""
        self.refresh()
        if self.session.folder is not None:
            self.session.words.count(list(self._by_path))

    def _build(self, folder: Path | None, docs: list[Path], notes: Path | None) -> None:
        """Make the tree's items unattached and add them in one call per level (adding each
        to a live tree costs a model update per item: four times slower for 2,000)."""
        style = self.style()
        self._dim = self.palette().color(QPalette.ColorRole.PlaceholderText)
        file_icon = style.standardIcon(QStyle.StandardPixmap.SP_FileIcon)
        folder_icon = style.standardIcon(QStyle.StandardPixmap.SP_DirIcon)
        self._by_path = {}
        top: list[QTreeWidgetItem] = []
        # the words the rows show: (words, counted, unreadable) by document; a folder's row's
        # (by id): [row, its documents' words, how many are not counted yet]; the manuscript's
        self._ancestors = {}
        self._sums = {}
        self._notes_key = str(notes) if notes is not None else None
        if notes is not None:
            item = self._document_item(notes, notes.name, file_icon)
            item.setText(0, self.tr("{0} — notes").format(notes.name))
            tip = self.tr("The project's notes: what the model should always know")
            item.setToolTip(0, tip)
            item.setData(0, TIP_ROLE, tip)
            top.append(item)
        nodes: dict[tuple[str, ...], tuple[QTreeWidgetItem, list[QTreeWidgetItem]]] = {}
        for doc in docs:
            parts = doc.relative_to(folder).parts
            children = top
            for depth in range(1, len(parts)):
                key = parts[:depth]
                if key not in nodes:
                    node = QTreeWidgetItem([parts[depth - 1]])
                    node.setIcon(0, folder_icon)
                    node.setData(0, PATH_ROLE, "/".join(key))
                    node.setData(0, IS_FOLDER_ROLE, True)
                    node.setData(0, TIP_ROLE, "/".join(key))
                    node.setTextAlignment(WORDS, Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)  # fmt: skip
                    node.setForeground(WORDS, self._dim)
                    children.append(node)
                    nodes[key] = (node, [])
                children = nodes[key][1]
            children.append(self._document_item(doc, "/".join(parts), file_icon))
            self._ancestors[str(doc)] = tuple(nodes[parts[:d]][0] for d in range(1, len(parts)))
        # the row the keys were on stays, or (gone: moved to the trash, renamed elsewhere)
        # the one after it, else the one before, as in a file manager; the window's
        # document newly listed (renamed, made) takes it
        before = [self._row_key(item) for item in self._rows()]
        current = self.tree.currentItem()
        at = before.index(self._row_key(current)) if current is not None else -1
        self._row_words = dict.fromkeys(self._by_path, (0, False, False))
        for above in self._ancestors.values():
            for node in above:
                self._sums.setdefault(id(node), [node, 0, 0])[2] += 1
        self._total, self._uncounted = 0, len(self._row_words) - (notes is not None)
        self.tree.setUpdatesEnabled(False)
        self.tree.clear()
        for node, children in nodes.values():
            node.addChildren(children)
        self.tree.addTopLevelItems(top)
        for key, (node, _children) in nodes.items():
            node.setExpanded("/".join(key) not in self._closed)
        self._show_unsaved(None)
        self.tree.setUpdatesEnabled(True)
        self._marked: QTreeWidgetItem | None = None
        self._mark_current()
        if at < 0:
            return
        now = {self._row_key(item): item for item in self._rows()}
        shown = self.current_item()
        if shown is not None and self._row_key(shown) not in before:
            # the window's document newly listed (renamed, or a new notes file opened) takes
            # the row (it stayed on the chapter open before, and Enter opened that again)
            return
        for key in before[at:] + before[:at][::-1]:
            if key in now:
                self.tree.setCurrentItem(now[key])
                break

    def _rows(self) -> list[QTreeWidgetItem]:
        """The tree's rows, top to bottom (those in closed folders too)."""
        rows: list[QTreeWidgetItem] = []
        stack = [self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount())][::-1]
        while stack:
            item = stack.pop()
            rows.append(item)
            stack.extend(item.child(i) for i in range(item.childCount() - 1, -1, -1))
        return rows

    @staticmethod
    def _row_key(item: QTreeWidgetItem) -> tuple[bool, str]:
        return bool(item.data(0, IS_FOLDER_ROLE)), str(item.data(0, PATH_ROLE))

    def _document_item(self, path: Path, tip: str, icon) -> QTreeWidgetItem:
        item = QTreeWidgetItem([path.name])
        item.setIcon(0, icon)
        item.setData(0, PATH_ROLE, str(path))
        item.setData(0, IS_FOLDER_ROLE, False)
        item.setToolTip(0, tip)
        item.setData(0, TIP_ROLE, tip)
        item.setTextAlignment(WORDS, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        item.setForeground(WORDS, self._dim)
        self._by_path[str(path)] = item
        return item

    # words -------------------------------------------------------------------------------
    def _show_words(self, paths: set[str] | None = None) -> None:
        """The rows' words as the project's count has them now (`paths`: those of these
        documents changed; None: any), a folder's once all its documents are counted, and the
        manuscript's under the tree. Only the rows whose number changed are set, and their
        folders' by the difference: typing in one document changes one row and its folders,
        not two thousand. Not while a name is typed in a row (a change to the row puts its
        editor's text back): all of them once it is given (`_rows_wait`)."""
        if self._rows_wait():
            return
        words = self.session.words
        rows = self._row_words
        dirty: dict[int, QTreeWidgetItem] = {}
        for path in rows if paths is None else (p for p in paths if p in rows):
            number, known = words.words(path), words.known(path)
            was, was_known, _unread = rows[path]
            now = (number or 0, known, known and number is None)
            if now == rows[path]:
                continue
            rows[path] = now
            item = self._by_path[path]
            if known and number is None:
                self._set_words(item, "—", sentence(words.problem(path)))
            else:
                self._set_words(item, self._number(number), self._words_tip(number))
            change, counted = (number or 0) - was, int(known) - int(was_known)
            for node in self._ancestors.get(path, ()):
                held = self._sums[id(node)]
                held[1] += change
                held[2] -= counted
                dirty[id(node)] = node
            if path != self._notes_key:
                self._total += change
                self._uncounted -= counted
        for key, node in dirty.items():
            _node, number, uncounted = self._sums[key]
            shown = None if uncounted else number
            self._set_words(node, self._number(shown), self._words_tip(shown))
        widest = max(
            max((held[1] for held in self._sums.values()), default=0),
            max((row[0] for row in rows.values()), default=0),
        )
        text = self._number(widest) if any(row[1] for row in rows.values()) else ""
        width = self.tree.fontMetrics().horizontalAdvance(text) + 12 if text else 0
        if width != self.tree.columnWidth(WORDS):
            self.tree.setColumnWidth(WORDS, width)
        documents = len(rows) - (self._notes_key in rows)
        complete = not self._uncounted
        self.manuscript_words = self._total if complete else None
        if self.session.folder is None or not documents:
            line = ""
        elif complete and self.total > MAX_SHOWN:  # (the documents listed only: said)
            line = self.tr("{0} in the {1} documents listed").format(
                self._words_text(self._total), f"{MAX_SHOWN:,}")
        elif complete:
            line = self._words_text(self._total)
        else:
            line = self.tr("Counting words…")
        if line != self.words_line.text():
            self.words_line.setText(line)
            self.words_line.setVisible(bool(line))
        self.words_line.setToolTip(self.tr(
            "The manuscript, as Export Project takes it: its {0} documents but the notes, "
            "unsaved words too"
        ).format(QLocale().toString(documents)))  # fmt: skip

    @staticmethod
    def _number(number: int | None) -> str:
        return "" if number is None else QLocale().toString(number)

    def _words_text(self, number: int) -> str:
        """"1 word", "84,210 words" (in Chinese "84,210 字")."""
        if number == 1:
            return self.tr("1 word")
        return self.tr("{0} words").format(QLocale().toString(number))

    def _words_tip(self, number: int | None) -> str:
        return self._words_text(number) if number is not None else ""

    def _set_words(self, item: QTreeWidgetItem, text: str, tip: str) -> None:
        """The row's words and its tooltip (its own first, "N words" under it); a row not
        counted yet (`text` and `tip` empty) is left as it was made."""
        if item.text(WORDS) == text and item.toolTip(WORDS) == tip:
            return
        item.setText(WORDS, text)
        item.setToolTip(WORDS, tip)
        self._set_tip(item)

    def _set_tip(self, item: QTreeWidgetItem) -> None:
        """The row's tooltip: its own, "Unsaved changes" where it has them, its words."""
        unsaved = self.tr("Unsaved changes") if item.data(0, UNSAVED_ROLE) else ""
        parts = (item.data(0, TIP_ROLE), unsaved, item.toolTip(WORDS))
        item.setToolTip(0, "\n".join(t for t in parts if t))

    # unsaved changes -----------------------------------------------------------------------
    def _show_unsaved(self, paths: set[str] | None = None) -> None:
        """Mark the rows of the documents a window shows with unsaved changes, and unmark
        those saved or undone back to their files (`paths`: those that changed; None: every
        row). Not while a name is typed in a row: all of them once it is given (`_rows_wait`)."""
        if self._rows_wait():
            return
        words = self.session.words
        rows = self._by_path
        for path in rows if paths is None else (p for p in paths if p in rows):
            self._mark_unsaved(rows[path], words.unsaved(path))

    def _mark_unsaved(self, item: QTreeWidgetItem, unsaved: bool) -> None:
        """The row's role says it (its dot and italic are painted from it, `_Rows`), and its
        description to a screen reader, which reads the row's name alone (the dot painted is
        no part of it)."""
        if bool(item.data(0, UNSAVED_ROLE)) == unsaved:
            return
        item.setData(0, UNSAVED_ROLE, unsaved)
        said = self.tr("Unsaved changes") if unsaved else None
        item.setData(0, Qt.ItemDataRole.AccessibleDescriptionRole, said)
        self._set_tip(item)

    def is_unsaved(self, item: QTreeWidgetItem) -> bool:
        """Whether `item` is marked as a document with unsaved changes."""
        return bool(item.data(0, UNSAVED_ROLE))

    def _rows_wait(self) -> bool:
        """Whether the rows' words and unsaved changes wait: while a name is typed in a row (a
        change to the row puts its editor's text back), and once it is given, for all of them
        set at once here (what changed meanwhile is not known row by row)."""
        if self._naming is not None:
            self._rows_due = True
            return True
        if not self._rows_due:
            return False
        self._rows_due = False
        self._show_words()
        self._show_unsaved()
        return True

    def _say(self) -> None:
        if self.session.folder is None:
            text = self.tr("The project was closed.")
        elif self.total > MAX_SHOWN:
            text = self.tr("Showing the first {0} of {1} documents.").format(
                f"{MAX_SHOWN:,}", f"{self.total:,}"
            )
        elif self.session.listing is None:
            # (listed on a thread: empty until then; a listing that failed is tried again)
            text = self.session.failure or self.tr("Reading the project…")
        elif self.total == 0:
            text = self.tr("No Markdown or text files in this folder yet.")
        else:
            text = ""
        text = self._missing or text  # (it says how many are shown too)
        self.note.setText(text)
        self.note.setVisible(bool(text))

    # the window's document ----------------------------------------------------------------
    def set_current(self, path: str | Path | None) -> None:
        """Mark the document open in the window (None: an untitled one)."""
        self.current = Path(path).absolute() if path else None
        self._mark_current()

    def item(self, path: str | Path) -> QTreeWidgetItem | None:
        """The tree's item of the document `path`, if the tree shows it."""
        return self._by_path.get(str(Path(path).absolute()))

    def current_item(self) -> QTreeWidgetItem | None:
        """The tree's item of the window's document, if the tree shows it."""
        return self.item(self.current) if self.current is not None else None

    def _mark_current(self) -> None:
        found = self.current_item()
        if found is self._marked:
            return
        for item, bold in ((self._marked, False), (found, True)):
            if item is not None:
                font = item.font(0)
                font.setBold(bold)
                item.setFont(0, font)
        self._marked = found
        if found is not None:
            self.tree.setCurrentItem(found)

    def is_marked(self, item: QTreeWidgetItem) -> bool:
        """Whether `item` is marked as the window's document."""
        return item.font(0).bold()

    # keys and the menu --------------------------------------------------------------------
    def focus_list(self) -> None:
        """Show the panel and put the keyboard in its list (on the window's document)."""
        self.show()
        self.raise_()
        self.tree.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if self.tree.currentItem() is None and self.tree.topLevelItemCount():
            self.tree.setCurrentItem(self.current_item() or self.tree.topLevelItem(0))

    def _open_current(self) -> None:
        item = self.tree.currentItem()
        if item is not None:
            self._open(item)

    def _open(self, item: QTreeWidgetItem, new_window: bool = False) -> None:
        if item.data(0, IS_FOLDER_ROLE):
            item.setExpanded(not item.isExpanded())
            return
        path = item.data(0, PATH_ROLE)
        if path is not None:
            self._open_path(path, new_window)

    def _open_path(self, path: str, new_window: bool = False) -> None:
        if new_window:
            self.open_in_new_window_requested.emit(path)
            self.back_to_current()
        else:
            self.open_requested.emit(path)

    def back_to_current(self) -> None:
        """The row goes back to this window's document: after Open in New Window, or an open
        that was refused (it stayed on the one asked for, as if this window showed it). After
        a save question answered Cancel it stays, for Enter to ask again."""
        shown = self.current_item()
        if shown is not None:
            self.tree.setCurrentItem(shown)

    def _menu(self, where) -> None:
        if self.session.folder is None:
            return
        menu = self.context_menu(self.tree.currentItem())
        menu.exec(where)
        menu.deleteLater()

    def context_menu(self, item: QTreeWidgetItem | None) -> QMenu:
        """The menu of a document's entry (Open, Open in New Window, New Document, Rename,
        Move to Trash), of a folder's (New Document in it) or of the project's (None: New
        Document). Its actions name the document by its path (the tree may be built again
        while the menu is open)."""
        menu = QMenu(self)
        path = item.data(0, PATH_ROLE) if item is not None else None
        document = path is not None and not item.data(0, IS_FOLDER_ROLE)
        # with keys, as every other menu (the Menu key, then O, N, D, R or T)
        if document:
            menu.addAction(self.tr("&Open"), lambda: self._open_path(path))
            menu.addAction(
                self.tr("Open in &New Window"), lambda: self._open_path(path, new_window=True)
            )
            menu.addSeparator()
        where = self._folder_of(item)
        menu.addAction(self.tr("New &Document…"), lambda: self.new_document_in(where))
        if document:
            rename = menu.addAction(self.tr("&Rename…"), lambda: self.rename_path(path))
            rename.setShortcut(Qt.Key.Key_F2)  # (shown; the tree takes the key itself)
            rename.setEnabled(not self._is_notes(path))
            trash = menu.addAction(
                self.tr("Move to &Trash"), lambda: self.trash_requested.emit(path)
            )
            trash.setShortcut(Qt.Key.Key_Delete)
        return menu

    # naming ------------------------------------------------------------------------------
    def _is_notes(self, path: str) -> bool:
        """The notes file's name is the project's setting: it is not renamed here."""
        folder = self.session.folder
        listing = self.session.listing if folder is not None else None
        notes = listing.notes if listing is not None else None
        return notes is not None and path == str(notes)

    def _document_path(self, item: QTreeWidgetItem | None) -> str | None:
        """The document of a row (None for a folder's, or a row being named)."""
        if item is None or item.data(0, IS_FOLDER_ROLE):
            return None
        return item.data(0, PATH_ROLE)

    def _folder_of(self, item: QTreeWidgetItem | None) -> Path | None:
        """Where New Document makes a document from `item`'s row: in a folder's own, in the
        folder of a document's, else at the project's top."""
        folder = self.session.folder
        if folder is None or item is None or item.data(0, PATH_ROLE) is None:
            return folder
        if item.data(0, IS_FOLDER_ROLE):
            return folder / item.data(0, PATH_ROLE)
        return Path(item.data(0, PATH_ROLE)).parent

    def _rename_current(self) -> None:
        if self._said_folder():
            return
        path = self._document_path(self.tree.currentItem())
        if path is not None:
            self.rename_path(path)

    def _trash_current(self) -> None:
        if self._said_folder():
            return
        path = self._document_path(self.tree.currentItem())
        if path is not None:
            self.trash_requested.emit(path)

    def _said_folder(self) -> bool:
        """F2 or Delete on a folder's row: said what the panel does not do (nothing
        happened, without a word)."""
        item = self.tree.currentItem()
        if item is None or not item.data(0, IS_FOLDER_ROLE):
            return False
        self._say_now(self.tr(
            "The Project panel renames and moves documents to the trash, not folders: "
            "do that to {0} in your file manager."
        ).format(item.text(0)))  # fmt: skip
        return True

    def rename_path(self, path: str, typed: str | None = None) -> None:
        """Type a new name for the document `path` in its row (`typed`: the editor's text,
        else its name)."""
        if self._is_notes(path):
            self._say_now(self.tr(
                "The notes file keeps its name: another name is set in Settings → Project."
            ))  # fmt: skip
            return
        item = self.item(path)
        if item is None:
            return
        self._edit(item, ("rename", path, item), Path(path).name if typed is None else typed)

    def rename(self, item: QTreeWidgetItem, typed: str | None = None) -> None:
        """`rename_path` for the document of `item`'s row."""
        path = self._document_path(item)
        if path is not None:
            self.rename_path(path, typed)

    def new_document(self, item: QTreeWidgetItem | None = None, typed: str = "") -> None:
        """Type the name of a new document in a new row: in the folder of `item` (a folder's
        own row: in it), else at the project's top."""
        self.new_document_in(self._folder_of(item), typed)

    def new_document_in(self, where: Path | None, typed: str = "") -> None:
        """Type the name of a new document in a new row of the folder `where` (the project's
        own, or one of its folders)."""
        folder = self.session.folder
        if folder is None:
            return
        where = folder if where is None else where
        parent = self._folder_node(where)
        row = QTreeWidgetItem([typed])
        row.setIcon(0, self.style().standardIcon(QStyle.StandardPixmap.SP_FileIcon))
        if parent is None:
            where = folder  # (a folder no longer listed: the project's top)
            self.tree.addTopLevelItem(row)
        else:
            parent.addChild(row)
            parent.setExpanded(True)
        self._edit(row, ("create", str(where), row), typed)

    def _folder_node(self, where: Path) -> QTreeWidgetItem | None:
        """The row of the project's folder `where` (None for the project's own)."""
        folder = self.session.folder
        if folder is None or where == folder:
            return None
        try:
            relative = where.relative_to(folder).as_posix()
        except ValueError:
            return None
        found = self.tree.findItems(
            where.name, Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive
        )
        return next(
            (n for n in found if n.data(0, IS_FOLDER_ROLE) and n.data(0, PATH_ROLE) == relative),
            None,
        )

    def _edit(self, item: QTreeWidgetItem, naming: tuple[str, str, QTreeWidgetItem],
              text: str) -> None:  # fmt: skip
        self.show()
        self._naming, self.naming_text, self._named_text = naming, text, None
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
        self.tree.setCurrentItem(item)
        self.tree.scrollToItem(item)
        self.tree.editItem(item, 0)
        for editor in self.tree.viewport().findChildren(QLineEdit):
            kept = len(Path(text).stem) if text.lower().endswith(DOCUMENT_SUFFIXES) else len(text)
            editor.setSelection(0, kept)

    def _named(self, text: str) -> None:
        self._named_text = text

    def _editor_closed(self, _editor: QWidget, hint) -> None:
        """The row's editor closed: Enter (or the focus gone elsewhere in Writer) hands the
        name to the window, once the editor is gone; Esc leaves everything as it was."""
        naming, text = self._naming, self._named_text
        self._naming, self._named_text = None, None
        if naming is None:
            return
        kind, where, row = naming
        if kind == "create":
            self._drop_row(row)  # (the listing shows the document once it is made)
        else:
            row.setFlags(row.flags() & ~Qt.ItemFlag.ItemIsEditable)
        escaped = hint == QAbstractItemDelegate.EndEditHint.RevertModelCache
        if (
            text is None
            or escaped
            or (kind == "create" and not text.strip())
            or (kind == "rename" and text == Path(where).name)
        ):
            self._say()  # (a refusal's sentence goes with the question it was for)
            if self._refresh_due:
                self.refresh()
            self._rows_wait()
            return
        # (after the editor's own closing: the answer may rebuild the tree)
        signal = self.create_requested if kind == "create" else self.rename_requested
        QTimer.singleShot(0, self, lambda: self._hand_name(signal, where, text))

    def _hand_name(self, signal, where: str, text: str) -> None:
        signal.emit(where, text)
        self._rows_wait()

    def _drop_row(self, row: QTreeWidgetItem) -> None:
        parent = row.parent()
        if parent is not None:
            parent.removeChild(row)
        else:
            self.tree.takeTopLevelItem(self.tree.indexOfTopLevelItem(row))

    def refused(self, kind: str, where: str, typed: str, why: str) -> None:
        """The window could not make the document or give the name (`kind`: "create" or
        "rename", `where` as the request said): why, under the tree, and the row again with
        what was typed."""
        self.refresh()
        self._say_now(why)
        if kind == "rename":
            self.rename_path(where, typed)
        else:
            self.new_document_in(Path(where), typed)

    def _say_now(self, text: str) -> None:
        """A sentence under the tree until the list changes (`_say` puts back its own)."""
        self.note.setText(text)
        self.note.setVisible(bool(text))


if __name__ == "__main__":  # python -m writer.ui.project_panel FOLDER: time the listing, words
    import sys
    import time

    from PySide6.QtCore import QElapsedTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv[:1])
    spent: list[float] = []  # the window's thread's time in each update of the rows' words
    shown = ProjectPanel._show_words

    def timed(panel: ProjectPanel) -> None:
        begun = time.perf_counter()
        shown(panel)
        spent.append(time.perf_counter() - begun)

    ProjectPanel._show_words = timed
    session = ProjectSession(Path(sys.argv[1]).resolve())
    while session.memory is None or session.listing is None:  # (their threads': not measured)
        app.processEvents()
        time.sleep(0.001)
    start = time.perf_counter()
    panel = ProjectPanel(session)
    elapsed = time.perf_counter() - start
    print(f"{panel.total} documents, {len(panel.documents())} shown in {elapsed * 1000:.0f} ms")

    def words_pass(what: str) -> None:
        """Run the event loop until the words are counted: how long, the window's thread's
        share, and its longest wait between two turns (what a key typed then waited)."""
        spent.clear()
        gaps, clock, tick = [0], QElapsedTimer(), QTimer()
        clock.start()
        tick.setInterval(1)
        tick.timeout.connect(lambda: gaps.append(clock.restart()))
        tick.start()
        begun = time.perf_counter()
        while session.words.busy or panel.manuscript_words is None:
            app.processEvents()
            time.sleep(0.0005)
        tick.stop()
        print(f"{what}: {time.perf_counter() - begun:.2f} s on a thread; the window's thread "
              f"{sum(spent) * 1000:.0f} ms in {len(spent)} updates of the rows (the longest "
              f"{max(spent, default=0) * 1000:.0f} ms), its longest "
              f"wait {max(gaps)} ms; {panel.words_line.text()}")  # fmt: skip

    words_pass("words, first count")
    session.words.count()
    words_pass("again, no file changed")
    # (one file as if it had changed: its count forgotten; the folder is only read)
    session.words._files.pop(panel.documents()[1], None)
    session.words.count()
    words_pass("again, one file changed")
