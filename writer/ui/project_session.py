"""The project a window belongs to: one folder, shared by every window opened from it.

`AppState` keeps one `ProjectSession` per folder and hands it to each window of that project;
nobody else holds the folder. The session watches the folder and its subfolders (down to
`WATCH_DEPTH`, hidden ones skipped) and announces, once per burst of changes,
`documents_changed`: a save that writes a temporary file and renames it, or a tool that creates
a hundred files, makes one announcement `DEBOUNCE_MS` after the last change. `document_saved`
carries the path of a document inside the folder that a window of the project saved (what a
project index re-reads); `changed` says the folder itself was set or closed.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QFileSystemWatcher, QObject, QTimer, Signal

from writer.ui.document_manager import DocumentManager

DEBOUNCE_MS = 250
WATCH_DEPTH = 4  # the folder's subfolders this many levels down are watched (and listed)
MAX_WATCHED_FOLDERS = 1000  # inotify watches are a limited resource shared with other programs


def folder_problem(folder: str | Path) -> str:
    """Why `folder` cannot be a project, in a sentence ('' when it can)."""
    translate = QCoreApplication.translate
    path = Path(folder).expanduser()
    if not path.exists():
        return translate("ProjectSession", "There is no folder {0}.").format(path)
    if not path.is_dir():
        return translate(
            "ProjectSession", "{0} is a file, not a folder: open it with File → Open."
        ).format(path)
    try:
        with os.scandir(path) as entries:
            next(entries, None)
    except OSError as exc:
        return translate("ProjectSession", "Writer cannot read the folder {0} ({1}).").format(
            path, exc.strerror or exc.__class__.__name__
        )
    return ""


def watched_folders(folder: Path, depth: int = WATCH_DEPTH) -> list[Path]:
    """The folder and its subfolders down to `depth` levels, hidden ones skipped, at most
    MAX_WATCHED_FOLDERS; links to folders are not followed (a link to a parent would loop)."""
    found = [folder]
    for dirpath, dirnames, _files in os.walk(folder):
        level = len(Path(dirpath).relative_to(folder).parts)
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        if level >= depth:
            dirnames.clear()
            continue
        for name in dirnames:
            found.append(Path(dirpath) / name)
            if len(found) >= MAX_WATCHED_FOLDERS:
                return found
    return found


class ProjectSession(QObject):
    """One project's folder, its watcher and its windows' saves."""

    changed = Signal(object)  # the folder (Path), or None once the project is closed
    documents_changed = Signal()  # a document was added, removed or renamed
    document_saved = Signal(str)  # the absolute path of a document of the folder, just saved

    def __init__(self, folder: str | Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._folder: Path | None = Path(folder).expanduser().absolute()
        self._watcher = QFileSystemWatcher(self)
        self._watcher.directoryChanged.connect(lambda _path: self._timer.start())
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self._on_settled)
        self._watch()

    @property
    def folder(self) -> Path | None:
        return self._folder

    @property
    def name(self) -> str:
        """The folder's name, as the window title shows it."""
        return self._folder.name if self._folder else ""

    def contains(self, path: str | Path) -> bool:
        """Whether `path` lies inside the project's folder."""
        if self._folder is None:
            return False
        return Path(path).absolute().is_relative_to(self._folder)

    def watched(self) -> list[str]:
        """The folders watched now."""
        return self._watcher.directories()

    def attach(self, documents: DocumentManager) -> None:
        """Follow a window's document: its saves inside the folder become `document_saved`."""
        documents.saved.connect(self._on_saved)

    def close(self) -> None:
        """The project's last window closed: stop watching and say so."""
        if self._folder is None:
            return
        self._timer.stop()
        paths = self._watcher.directories()
        if paths:
            self._watcher.removePaths(paths)
        self._folder = None
        self.changed.emit(None)

    def _on_saved(self, path: str) -> None:
        if self.contains(path):
            self.document_saved.emit(path)

    def _on_settled(self) -> None:
        self._watch()  # a new subfolder is watched from now on, a removed one dropped
        self.documents_changed.emit()

    def _watch(self) -> None:
        if self._folder is None:
            return
        wanted = {str(p) for p in watched_folders(self._folder)}
        now = set(self._watcher.directories())
        if now - wanted:
            self._watcher.removePaths(sorted(now - wanted))
        if wanted - now:
            self._watcher.addPaths(sorted(wanted - now))
