"""The words of a project's documents, for the Project panel's rows and the Writing Statistics'
Project column: one count per project, shared by its windows (the `ProjectSession` owns it).
Each document's four numbers are kept (words, characters, characters without spaces,
paragraphs), as the status bar counts them.

A document a window shows counts as that window shows it, unsaved words too: the window's
status-bar count (`WordCount.words`, taken at each `counted`, so a row follows the typing once
it pauses and never reads the editor's text). The others are read from their files and
counted on a thread of their own (`TaskHandle`), as the status bar counts (`text_counts`: a
Markdown document's front matter and comments left out, Chinese by characters), and only again
where a file's size or modification time changed: the counts are kept by path. `count(paths)`
asks for the listed documents (the latest list wins; asks made in one turn of the event loop
make one pass); a save, a window that closes and Writer made active again (another program may
have changed a file in place) ask again; `changed` says counts are new. A pass over documents
already counted costs their `stat` calls alone, off the window's thread.

The same pass keeps each file's Markdown headings (`headings`), read by the rule the Outline and
Go to Heading read a document by (`documents.markdown.headings_of`): the command palette's "#"
lists those of the project's other documents from here, without reading a file on the window's
thread (finding the headings costs a twentieth of counting the words). These are the files'
alone: a document a window shows is read from its window by whoever asks.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication

from writer.documents import DocumentError, read_text_file
from writer.documents.markdown import headings_of
from writer.project.project import file_key
from writer.project.words import text_counts
from writer.sentences import said
from writer.tasks import TaskHandle
from writer.ui.document_manager import MARKDOWN

PROGRESS_S = 0.25  # a long first pass hands over what it counted this often
# a file longer is not counted (a 120 MB text decoded at once on the counting thread held the
# window's thread for 300 ms: decoding holds Python's lock); a manuscript is a few MB
MOST_COUNTED_BYTES = 20_000_000
# a document's headings kept, and listed by the palette's "#", at most (a file of nothing but
# "#" lines)
MOST_HEADINGS = 20_000
# a heading as kept: (level, text, position, line), a `Heading`'s fields; plain tuples, which
# the garbage collector stops following (see writer/project/index.py: 2,000 documents' headings
# as objects would be walked at every full collection)
HeadingRow = tuple[int, str, int, int]
Counts = tuple[int, int, int, int]  # words, characters, characters without spaces, paragraphs
# a file's size, (modification time, change time) in ns, numbers or None, why not read, and
# its headings (none where it was not read)
Entry = tuple[int, tuple[int, int], Counts | None, str, tuple[HeadingRow, ...]]


class ProjectWords(QObject):
    """Each document's words by path: the windows' counts, else its file's."""

    changed = Signal(object)  # the paths whose words may have changed (a set)
    # the paths whose windows' unsaved changes began or ended (a set): `unsaved` says which
    unsaved_changed = Signal(object)
    passed = Signal()  # a pass over the files ended (after its `changed`)

    def __init__(self, encodings=None, parent: QObject | None = None) -> None:
        """`encodings()`: the encodings the windows read documents in, by `file_key`."""
        super().__init__(parent)
        self._encodings = encodings or dict
        # a file's (size, its times in ns, its numbers or None, why it could not be read)
        self._files: dict[str, Entry] = {}
        self._live: dict[str, Counts] = {}  # a window's count of the document it shows
        # documents no window shows now: their windows' counts until their files are counted
        # (a row went back to the words it had before a save, then on to the saved ones)
        self._leaving: set[str] = set()
        # a window's documents: (its count, the path it shows, the names that goes by in the
        # rows: `_spellings`, links resolved once for each path it shows)
        self._windows: dict[object, tuple[object, str | None, frozenset[str]]] = {}
        # the names (`_spellings`) of the document each window shows with unsaved changes
        self._unsaved: dict[object, frozenset[str]] = {}
        self._wanted: list[str] = []
        self._task: TaskHandle | None = None
        self._again = False
        self._soon = QTimer(self)
        self._soon.setSingleShot(True)
        self._soon.setInterval(0)
        self._soon.timeout.connect(self._start)
        # back from another program, which may have changed a file in place (a change that
        # makes no event in the watched folders): the files are looked at again
        app = QGuiApplication.instance()
        if app is not None:
            app.applicationStateChanged.connect(self._on_application_state)

    # what the rows show ---------------------------------------------------------------------
    def words(self, path: str) -> int | None:
        """The words of the document `path` (absolute); None while not counted yet, or where
        its file could not be read (`problem` says why)."""
        counts = self.counts(path)
        return counts[0] if counts is not None else None

    def counts(self, path: str) -> Counts | None:
        """The document's words, characters, characters without spaces and paragraphs; None
        as for `words`."""
        live = self._live.get(path)
        if live is not None:
            return live
        entry = self._files.get(path)
        return entry[2] if entry is not None else None

    def problem(self, path: str) -> str:
        """Why the file `path` could not be read and counted ('' where it was)."""
        if path in self._live:
            return ""
        entry = self._files.get(path)
        return entry[3] if entry is not None else ""

    def headings(self, path: str) -> tuple[HeadingRow, ...] | None:
        """The headings of the file `path` (absolute) as it was read last, in order, each as
        (level, text, position, line): `Heading(*row)`; None while it is not read yet. A
        window's unsaved text is not here: the file's are."""
        entry = self._files.get(path)
        return entry[4] if entry is not None else None

    def unsaved(self, path: str) -> bool:
        """Whether a window shows the document `path` (absolute) with changes not saved yet
        (typed, and not undone back to the saved text)."""
        return any(path in names for names in self._unsaved.values())

    def known(self, path: str) -> bool:
        """Whether `path` was counted (or found unreadable)."""
        return path in self._live or path in self._files

    @property
    def busy(self) -> bool:
        """Whether a pass over the files is asked for or under way."""
        return self._soon.isActive() or self._task is not None

    # the files ----------------------------------------------------------------------------
    def count(self, paths: list[str] | None = None) -> None:
        """Count the documents `paths` (absolute; None: those asked for last) whose files
        changed since they were counted, on a thread."""
        if paths is not None:
            self._wanted = list(paths)
        self._soon.start()

    def _start(self) -> None:
        if self._task is not None:
            self._again = True  # (after the pass under way: the files may have changed since)
            return
        paths, known = list(self._wanted), dict(self._files)
        encodings = self._encodings()
        leaving = set(self._leaving)

        def work(handle: TaskHandle) -> tuple[dict, set[str]]:
            found, fresh, last = {}, {}, time.monotonic()
            news = set(known) - set(paths)  # (no longer listed)
            for path in paths:
                if handle.cancel_event.is_set():
                    break
                entry = _count_file(path, known.get(path), encodings)
                found[path] = entry
                if entry is not known.get(path):
                    fresh[path] = entry
                    news.add(path)
                    if time.monotonic() - last > PROGRESS_S:
                        handle.progress(fresh)
                        fresh, last = {}, time.monotonic()
            return found, news

        task = TaskHandle(work, "project-words")
        task.progressed.connect(self._progressed)
        task.finished.connect(lambda found: self._finished(found, leaving))
        task.failed.connect(lambda _why: self._finished(None, leaving))
        task.cancelled.connect(lambda _why: self._finished(None, leaving))
        self._task = task
        task.start()

    def _progressed(self, fresh: dict) -> None:
        self._files.update(fresh)
        self.changed.emit(set(fresh))

    def _finished(self, result: tuple[dict, set[str]] | None, leaving: set[str]) -> None:
        self._task = None
        shown = {key for _count, _path, keys in self._windows.values() for key in keys}
        gone = [path for path in leaving & self._leaving if path not in shown]
        for path in gone:
            self._leaving.discard(path)
            self._live.pop(path, None)
        news = set(gone)
        if result is not None:
            self._files, counted = result  # (files no longer listed forgotten)
            news |= counted
        if news:
            self.changed.emit(news)
        if self._again:
            self._again = False
            self._start()
        else:
            self.passed.emit()

    def _on_application_state(self, state: Qt.ApplicationState) -> None:
        if state == Qt.ApplicationState.ApplicationActive and self._wanted:
            self.count()

    def close(self) -> None:
        """The project closed: no more passes."""
        app = QGuiApplication.instance()
        if app is not None:
            app.applicationStateChanged.disconnect(self._on_application_state)
        self._wanted = []
        self._windows.clear()  # (the windows of other projects stay: their counts go nowhere)
        self._unsaved.clear()
        self._soon.stop()
        self._again = False
        if self._task is not None:
            self._task.abandon()
            self._task = None

    # the windows --------------------------------------------------------------------------
    def follow(self, documents, count) -> None:
        """Count the document a window shows (`documents`, a DocumentManager) as its
        status-bar count (`count`, a WordCount) has it, whatever file it becomes (once: its
        signals are connected once)."""
        if documents in self._windows:
            return
        self._windows[documents] = (count, None, frozenset())
        count.counted.connect(lambda: self._counted(documents))
        documents.display_name_changed.connect(lambda _name: self._named(documents))
        # (the document's own announcements: the panels mark its row, and never ask)
        documents.modified_changed.connect(lambda _modified: self._follow_unsaved(documents))
        documents.display_name_changed.connect(lambda _name: self._follow_unsaved(documents))
        self._named(documents)
        self._follow_unsaved(documents)

    def forget(self, documents) -> None:
        """The window closed: its document counts as its file holds it (its unsaved words were
        saved or thrown away)."""
        held = self._windows.pop(documents, None)
        if held is not None:
            self._drop(held[2])
        names = self._unsaved.pop(documents, frozenset())
        if names:
            self.unsaved_changed.emit(set(names))

    def _follow_unsaved(self, documents) -> None:
        """The window's document has unsaved changes now, or not (saved, undone to the saved
        text, closed), or is another file: the rows of both names are told."""
        keys = self._keys(documents)
        if keys is None:
            return
        now = keys if documents.is_modified else frozenset()
        was = self._unsaved.get(documents, frozenset())
        if now == was:
            return
        if now:
            self._unsaved[documents] = now
        else:
            self._unsaved.pop(documents, None)
        self.unsaved_changed.emit(set(now | was))

    def _shown(self, documents) -> str | None:
        path = documents.path
        return str(Path(path).absolute()) if path is not None else None

    def _keys(self, documents) -> frozenset[str] | None:
        """The names the window's document goes by in the rows (None: a window not followed),
        its links resolved once for the file it shows, not at each count or change."""
        held = self._windows.get(documents)
        if held is None:
            return None
        if self._shown(documents) != held[1]:
            self._named(documents)
        return self._windows[documents][2]

    def _named(self, documents) -> None:
        """The window shows another file (opened, saved as, renamed) or none."""
        held = self._windows.get(documents)
        if held is None:
            return
        count, was, gone = held
        now = self._shown(documents)
        if now == was:
            return
        keys = _spellings(now)
        self._windows[documents] = (count, now, keys)
        self._drop(gone)
        if keys and not count.counting:  # (renamed: the same words)
            self._leaving.difference_update(keys)
            for key in keys:
                self._live[key] = count.counts
            self.changed.emit(set(keys))

    def _drop(self, names: frozenset[str]) -> None:
        """No window shows the document of `names` now: its file's words, once counted (its
        unsaved words were saved, or thrown away)."""
        keys = {key for key in names if key in self._live}
        if keys:
            self._leaving |= keys
            self.count()

    def _counted(self, documents) -> None:
        keys = self._keys(documents)  # (opened through a link: the row lists its file)
        if not keys:
            return
        count = self._windows[documents][0]
        self._leaving.difference_update(keys)
        news = {key for key in keys if self._live.get(key) != count.counts}
        for key in news:
            self._live[key] = count.counts
        if news:
            self.changed.emit(news)


def _spellings(path: str | None) -> frozenset[str]:
    """The names a window's document goes by in the rows: its path, and its real one where a
    link leads to it (a document opened through a link to the project's folder, which the
    project lists by its real path)."""
    if path is None:
        return frozenset()
    return frozenset((path, os.path.realpath(path)))


def _count_file(path: str, known: Entry | None, encodings: dict[str, str]) -> Entry:
    """The file's (size, times, numbers, why not, headings): `known` where the file has the size and
    times it had then, else read and counted. The change time too: a file made readable
    again (its permissions given back) keeps its size and modification time, and stayed a
    dash."""
    try:
        status = os.stat(path)
    except OSError as exc:
        return -1, (-1, -1), None, exc.strerror or exc.__class__.__name__, ()
    times = (status.st_mtime_ns, status.st_ctime_ns)
    if known is not None and known[:2] == (status.st_size, times):
        return known
    if status.st_size > MOST_COUNTED_BYTES:
        # (decoding it whole on the thread held the window's for 300 ms: Python's one lock)
        return status.st_size, times, None, said(
            "Too long to count here: over {0} MB.", MOST_COUNTED_BYTES // 1_000_000), ()
    try:
        text = read_text_file(path, encoding=encodings.get(file_key(path))).text
    except DocumentError as exc:
        return status.st_size, times, None, str(exc), ()
    markdown = Path(path).suffix.lower() in MARKDOWN
    headings = tuple(
        (h.level, h.text, h.position, h.line) for h in headings_of(text, MOST_HEADINGS)
    )
    return status.st_size, times, text_counts(text, markdown), "", headings
