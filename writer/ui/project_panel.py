"""The Project panel: the project folder's documents as a tree at the window's left.

The notes file comes first, marked; then the folder's documents, subfolders as nodes, at most
`MAX_SHOWN` of them (the panel says how many it left out). The document open in the window is
in bold. The panel lists the folder again when the `ProjectSession` says its documents
changed, and keeps the tree as it was (folders closed, the selection) when nothing it shows did.

Listing is synchronous: for 5,000 documents in 50 folders, listing takes about 45 ms and
building the tree of the first 2,000 about 60 ms more on a shared two-core machine; a change on
disk that leaves the list as it was costs only the listing (`python -m
writer.ui.project_panel FOLDER` measures a folder).

Keys: Up and Down move, Enter opens (as the settings say: here or in a new window), Esc goes
back to the editor; the context menu also offers Open in New Window.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QContextMenuEvent, QKeyEvent
from PySide6.QtWidgets import (
    QDockWidget,
    QLabel,
    QMenu,
    QStyle,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from writer.ui.links import DOCUMENT_SUFFIXES
from writer.ui.project_session import WATCH_DEPTH, ProjectSession

MAX_SHOWN = 2000
PATH_ROLE = Qt.ItemDataRole.UserRole  # a document's absolute path; a folder's relative one
IS_FOLDER_ROLE = Qt.ItemDataRole.UserRole + 1


def _list_documents(folder: Path) -> list[Path]:
    """The folder's Markdown and text files, down to WATCH_DEPTH levels of subfolders, hidden
    files and folders skipped, sorted; an unreadable subfolder is skipped."""
    # replaced by writer.project.Project.documents when merged
    found: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(folder):
        here = Path(dirpath)
        level = len(here.relative_to(folder).parts)
        dirnames[:] = [d for d in dirnames if not d.startswith(".")] if level < WATCH_DEPTH else []
        found.extend(
            here / name
            for name in filenames
            if not name.startswith(".") and name.lower().endswith(DOCUMENT_SUFFIXES)
        )
    return sorted(found)


def _notes_path(folder: Path, name: str) -> Path | None:
    """The project's notes document (the settings' notes file), if the folder has one."""
    path = folder / name
    return path if path.is_file() else None


class _Tree(QTreeWidget):
    """The tree, with Enter to open and Esc to leave."""

    entered = Signal()
    escaped = Signal()
    menu_asked = Signal(object)  # the QContextMenuEvent's global position

    def keyPressEvent(self, event: QKeyEvent) -> None:
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
            self.menu_asked.emit(event.globalPos())

    def _menu_at_current(self) -> None:
        item = self.currentItem()
        if item is not None:
            rect = self.visualItemRect(item)
            self.menu_asked.emit(self.viewport().mapToGlobal(rect.bottomLeft()))


class ProjectPanel(QDockWidget):
    """The project's documents; it asks the window to open one and never opens it itself."""

    open_requested = Signal(str)  # where the settings say: this window or a new one
    open_in_new_window_requested = Signal(str)
    left = Signal()  # Esc: the editor takes the focus back

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
        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        self.tree = _Tree(body)
        self.tree.setHeaderHidden(True)
        self.tree.setUniformRowHeights(True)
        self.tree.entered.connect(self._open_current)
        self.tree.escaped.connect(self.left)
        self.tree.menu_asked.connect(self._menu)
        self.tree.itemDoubleClicked.connect(lambda item, _col: self._open(item))
        self.tree.itemCollapsed.connect(lambda item: self._closed.add(item.data(0, PATH_ROLE)))
        self.tree.itemExpanded.connect(lambda item: self._closed.discard(item.data(0, PATH_ROLE)))
        layout.addWidget(self.tree, 1)
        self.note = QLabel(body)
        self.note.setWordWrap(True)
        self.note.setContentsMargins(6, 4, 6, 4)
        layout.addWidget(self.note)
        self.setWidget(body)
        session.documents_changed.connect(self.refresh)
        # (methods, not lambdas, on the project's signals: see MainWindow._journal_failed)
        session.changed.connect(self._refresh_on)
        session.memory_ready.connect(self._refresh_on)  # (a new notes file)
        self.retranslate()

    # texts --------------------------------------------------------------------------------
    def retranslate(self) -> None:
        """The panel's texts in the interface's language (the window calls this)."""
        self.setWindowTitle(self.tr("Project"))
        self._shown = ()  # the notes' mark and the note are texts too
        self.refresh()

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
        """List the folder again; rebuild the tree only if what it shows changed."""
        folder = self.session.folder
        docs = _list_documents(folder) if folder is not None else []
        notes = _notes_path(folder, self.session.notes_name()) if folder is not None else None
        self.total = len(docs)
        shown = (tuple(docs[:MAX_SHOWN]), notes)
        if shown != self._shown:
            self._shown = shown
            self._build(folder, [d for d in shown[0] if d != notes], notes)
        self._say()

    def _build(self, folder: Path | None, docs: list[Path], notes: Path | None) -> None:
        """Make the tree's items unattached and add them in one call per level (adding each
        to a live tree costs a model update per item: four times slower for 2,000)."""
        style = self.style()
        file_icon = style.standardIcon(QStyle.StandardPixmap.SP_FileIcon)
        folder_icon = style.standardIcon(QStyle.StandardPixmap.SP_DirIcon)
        self._by_path = {}
        top: list[QTreeWidgetItem] = []
        if notes is not None:
            item = self._document_item(notes, notes.name, file_icon)
            item.setText(0, self.tr("{0} — notes").format(notes.name))
            item.setToolTip(0, self.tr("The project's notes: what the model should always know"))
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
                    children.append(node)
                    nodes[key] = (node, [])
                children = nodes[key][1]
            children.append(self._document_item(doc, "/".join(parts), file_icon))
        self.tree.setUpdatesEnabled(False)
        self.tree.clear()
        for node, children in nodes.values():
            node.addChildren(children)
        self.tree.addTopLevelItems(top)
        for key, (node, _children) in nodes.items():
            node.setExpanded("/".join(key) not in self._closed)
        self.tree.setUpdatesEnabled(True)
        self._marked: QTreeWidgetItem | None = None
        self._mark_current()

    def _document_item(self, path: Path, tip: str, icon) -> QTreeWidgetItem:
        item = QTreeWidgetItem([path.name])
        item.setIcon(0, icon)
        item.setData(0, PATH_ROLE, str(path))
        item.setData(0, IS_FOLDER_ROLE, False)
        item.setToolTip(0, tip)
        self._by_path[str(path)] = item
        return item

    def _say(self) -> None:
        if self.session.folder is None:
            text = self.tr("The project was closed.")
        elif self.total > MAX_SHOWN:
            text = self.tr("Showing the first {0} of {1} documents.").format(
                f"{MAX_SHOWN:,}", f"{self.total:,}"
            )
        elif self.total == 0:
            text = self.tr("No Markdown or text files in this folder yet.")
        else:
            text = ""
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
        item = self.tree.currentItem()
        if item is None or item.data(0, IS_FOLDER_ROLE):
            return
        menu = self.context_menu(item)
        menu.exec(where)
        menu.deleteLater()

    def context_menu(self, item: QTreeWidgetItem) -> QMenu:
        """The menu of a document's entry: Open, Open in New Window."""
        menu = QMenu(self)
        # with keys, as every other menu (the Menu key, then O or N)
        menu.addAction(self.tr("&Open"), lambda: self._open(item))
        menu.addAction(self.tr("Open in &New Window"), lambda: self._open(item, new_window=True))
        return menu


if __name__ == "__main__":  # python -m writer.ui.project_panel FOLDER: time the listing
    import sys
    import time

    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv[:1])
    session = ProjectSession(Path(sys.argv[1]).resolve())
    start = time.perf_counter()
    panel = ProjectPanel(session)
    elapsed = time.perf_counter() - start
    print(f"{panel.total} documents, {len(panel.documents())} shown in {elapsed * 1000:.0f} ms")
