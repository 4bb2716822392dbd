"""The project a window belongs to: one folder, shared by every window opened from it.

`AppState` keeps one `ProjectSession` per folder and hands it to each window of that project;
nobody else holds the folder. The session watches the folders its listing walked (the
folder, its subfolders and the linked ones `Project.documents` follows, with its depth, hidden
and loop rules; at most `MAX_WATCHED_FOLDERS`) and announces, once per burst of changes,
`documents_changed`: a save that writes a temporary file and renames it, or a tool that creates
a hundred files, makes one announcement `DEBOUNCE_MS` after the last change. It then lists the
folder again on a thread (`Project.documents`, the project's one rule for its documents) and
announces `listed` where the listing changed: `listing`, what every Project panel of the
project shows (listing 5,000 documents took 100 ms of the window's thread), `checked` at every
listing. `listing` is None until the folder is first listed (`reading`): what asks for the
documents before waits for `listed` (the statistics, Go to File), never takes an empty list for
the project's; Export Project waits for `checked` while a listing is under way too
(`listing_due`: a document just made, renamed or saved into the folder is in the next one).
What the listing could not read is `problems()`. `document_saved`
carries the path of a document inside the folder that a window of the project saved (what a
project index re-reads); `changed` says the folder itself was set or closed.

The session also owns the project's memory (`memory`: writer/project/context.py's
`ProjectMemory`, the notes, their lore entries and the index of the other documents). Reading and
indexing a folder can take seconds, so it is built in a background task, from the documents the
listing found (the folder is walked once for both), and swapped in whole when ready
(`memory_ready`); until then requests go without memory. A saved document is indexed
again on the spot (a cost proportional to that document); files added or removed, the notes file
changed on disk, or another notes file chosen in the settings build it again in the background.
It owns the words of the folder's documents too (`words`, writer/ui/project_words.py), which
every Project panel of the project shows, the windows' counts included.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import NamedTuple

from PySide6.QtCore import QCoreApplication, QFileSystemWatcher, QObject, QTimer, Signal

from writer.paths import same_file
from writer.project.context import ProjectMemory
from writer.project.files import natural_order
from writer.project.project import Project, file_key, listed_place, place_in
from writer.settings import Settings
from writer.tasks import TaskHandle
from writer.ui.document_manager import DocumentManager
from writer.ui.editor import plain_text
from writer.ui.project_words import ProjectWords

DEBOUNCE_MS = 250
RETRY_MS = (1000, 4000, 15000, 60000)  # a failed listing tried again after these, then each last
MAX_WATCHED_FOLDERS = 1000  # inotify watches are a limited resource shared with other programs


class Listing(NamedTuple):
    """The project's documents as `Project.documents` lists them, the same in natural order
    (`natural_order`, as the Project panel shows them), how many it found (past its
    MAX_DOCUMENTS too), its notes file (`Project.notes_path`), the folders it walked
    (those the session watches) and what it could not read."""

    documents: list[Path]
    in_order: list[Path]
    found: int
    notes: Path | None
    folders: list[Path]
    problems: list[str]  # what it could not read (`Project.problems`)

    def manuscript(self) -> list[Path]:
        """The documents in the Project panel's order, the notes left out: the manuscript, as
        the panel shows it under the notes and Export Project and the statistics take it."""
        return [path for path in self.in_order if path != self.notes]


def list_project(folder: Path, notes_name: str) -> Listing:
    """The folder's `Listing` (it reads the disk, and sorting 5,000 names naturally takes
    0.1-0.2 s: on a thread)."""
    project = Project(folder, notes_name)
    documents = project.documents()
    in_order = sorted(documents, key=natural_order)
    return Listing(
        documents, in_order, project.found, project.notes_path(), project.folders,
        list(project.problems),
    )


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


class ProjectSession(QObject):
    """One project's folder, its watcher and its windows' saves."""

    changed = Signal(object)  # the folder (Path), or None once the project is closed
    documents_changed = Signal()  # a document was added, removed or renamed
    document_saved = Signal(str)  # the absolute path of a document of the folder, just saved
    memory_ready = Signal(object)  # the project's ProjectMemory, (re)built
    listed = Signal()  # `listing` changed
    # the folder was listed, whether or not `listing` changed (or the listing failed)
    checked = Signal()
    # a listing failed: why, in a sentence (once, until a listing succeeds); it is tried again
    # at the next change in the folder or after a short back-off (RETRY_MS)
    list_failed = Signal(str)

    def __init__(
        self, folder: str | Path, parent: QObject | None = None, settings: Settings | None = None
    ) -> None:
        super().__init__(parent)
        self._folder: Path | None = Path(folder).expanduser().absolute()
        self.settings = settings
        self.memory: ProjectMemory | None = None
        self._building: TaskHandle | None = None
        self._checking: TaskHandle | None = None  # the folder listed after a burst of changes
        self._releasing: set[TaskHandle] = set()  # replaced memories being let go
        # documents saved, to index again on a thread one at a time (path: its text)
        self._to_index: dict[str, str | None] = {}
        # documents saved while a memory is built (path: its text), read again in it once in
        self._saved_meanwhile: dict[str, str | None] = {}
        self._indexing: TaskHandle | None = None
        self._watcher = QFileSystemWatcher(self)
        self._watcher.directoryChanged.connect(lambda _path: self._timer.start())
        self._watcher.fileChanged.connect(lambda _path: self._notes_timer.start())
        self._notes_timer = QTimer(self)  # the notes file changed on disk: read it again
        self._notes_timer.setSingleShot(True)
        self._notes_timer.setInterval(DEBOUNCE_MS)
        self._notes_timer.timeout.connect(self._on_notes_changed)
        # the listing the memory is built from (the last build's, or the one under way);
        # None: a memory is wanted from the next listing
        self._built_from: Listing | None = None
        self._memory_from: Listing | None = None  # the listing `memory` was built from
        self.listing: Listing | None = None  # the folder's documents; None until first listed
        self.listings = 0  # how many listings were taken (`list_again`'s is the next)
        self.failure: str | None = None  # why the last listing failed; None once one succeeds
        self._failures = 0  # the listings failed in a row (`_retry`'s back-off)
        self._retry = QTimer(self)  # a failed listing tried again
        self._retry.setSingleShot(True)
        self._retry.timeout.connect(self._list)
        self._encodings: dict[str, str] = {}  # what the windows read the documents in
        self._live: DocumentManager | None = None  # a window's notes with unsaved edits
        self._live_timer = QTimer(self)  # they are read once the typing settles
        self._live_timer.setSingleShot(True)
        self._live_timer.setInterval(DEBOUNCE_MS)
        self._live_timer.timeout.connect(self._read_live_notes)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self._on_settled)
        # each document's words, for the Project panels (theirs to ask for)
        self.words = ProjectWords(self.encodings, self)
        self._watch()
        if settings is not None:
            settings.subscribe(self._on_settings)
        self._list()  # (and the memory built from it)

    @property
    def folder(self) -> Path | None:
        return self._folder

    @property
    def name(self) -> str:
        """The folder's name, as the window title shows it."""
        return self._folder.name if self._folder else ""

    def contains(self, path: str | Path) -> bool:
        """Whether `path` lies inside the project's folder, however either is spelt (a link to
        the folder or to a document: Replace in Project took a document a window showed by
        its real path for one no window showed, and wrote it on disk under its edits)."""
        if self._folder is None:
            return False
        return place_in(Path(path).absolute(), self._folder) is not None

    def watched(self) -> list[str]:
        """The folders watched now."""
        return self._watcher.directories()

    def attach(self, documents: DocumentManager) -> None:
        """Follow a window's document: its saves inside the folder become `document_saved`;
        while it shows the notes file with edits not saved yet, the model reads those (the
        saved notes were read until Ctrl+S, without a hint), and the saved ones again once
        they are saved or thrown away."""
        documents.project_folder = self._folder
        documents.saved.connect(lambda path: self._saved(documents, path))
        # (read again from the file another program changed: for the memory and Find in
        # Project as a save is; an edit in place makes no event in the folder)
        documents.reloaded.connect(lambda path: self._saved(documents, path))
        documents.editor.document().contentsChanged.connect(
            lambda: self._notes_edited(documents)
        )
        documents.modified_changed.connect(
            lambda modified: None if modified else self._notes_back_to_disk(documents)
        )
        documents.format_changed.connect(lambda fmt: self._read_in(documents, fmt.encoding))
        if documents.format.encoding != "utf-8":
            self._read_in(documents, documents.format.encoding)

    def _read_in(self, documents: DocumentManager, encoding: str) -> None:
        """A window reads a document of the folder in `encoding`: the memory reads it so too
        (it guessed the encoding, and a writer who reopened a chapter as Shift JIS had the model
        read the guess), in this memory and in any built later."""
        path = documents.path
        if path is None or not self.contains(path):
            return
        self._encodings[file_key(path)] = encoding
        if self.memory is not None:
            self.memory.read_in(path, encoding)  # (as a save is: the same memory, read again)

    def _saved(self, documents: DocumentManager, path: str) -> None:
        """A window saved a document: the memory reads it in the encoding it was saved in (an
        untitled document saved with an encoding had none to tell while it had no path)."""
        key, encoding = file_key(path), documents.format.encoding
        if self.contains(path) and (encoding != "utf-8" or key in self._encodings):
            self._encodings[key] = encoding
            if self.memory is not None:
                self.memory.project.encodings[key] = encoding
        text = plain_text(documents.editor.document()) if self.contains(path) else None
        self._on_saved(path, text)

    def _is_notes(self, documents: DocumentManager) -> bool:
        # asked at every keystroke: the name first, the file system only for the notes' name
        if self.memory is None or documents.path is None:
            return False
        if documents.path.name.casefold() != self.notes_name().casefold():
            return False
        notes = self.memory.project.notes_path()
        return notes is not None and same_file(documents.path, notes)

    def _notes_edited(self, documents: DocumentManager) -> None:
        if documents.is_modified and self._is_notes(documents):
            self._live = documents
            self._live_timer.start()

    def _read_live_notes(self) -> None:
        live, memory = self._live, self.memory
        if live is None or memory is None or not live.is_modified or not self._is_notes(live):
            return
        memory.reload_notes(plain_text(live.editor.document()))  # (as saved)
        self.memory_ready.emit(memory)

    def _notes_back_to_disk(self, documents: DocumentManager) -> None:
        """Saved, or its edits thrown away: the notes on disk are the notes again."""
        if documents is self._live:
            self._live = None
            self._live_timer.stop()
            self._on_notes_changed()

    def problems(self) -> list[str]:
        """What of the project could not be read: what the last listing could not (an
        unreadable folder, a link loop: known once listed, before the memory is built),
        then what the memory could not (the notes, a document), each once. The listing the
        memory was built from is not said again: the last one says what holds now."""
        listed = list(self.listing.problems) if self.listing is not None else []
        if self.memory is None:
            return listed
        built = self._memory_from.problems if self._memory_from is not None else []
        return listed + [p for p in self.memory.problems if p not in listed and p not in built]

    def encodings(self) -> dict[str, str]:
        """The encodings the windows read the folder's documents in, by `file_key` (a copy)."""
        return dict(self._encodings)

    def notes_name(self) -> str:
        return self.settings.notes_file if self.settings is not None else "notes.md"

    def build_memory(self) -> None:
        """List the folder, then read the notes and index the documents again, in background
        tasks."""
        self._built_from = None
        self._list()

    def _build(self, listing: Listing) -> None:
        """Read the notes and index the documents of `listing` in a background task (the
        listing's walk is the memory's: the folder was walked twice when it opened, once for
        the Project panel and once for the memory)."""
        if self._folder is None:
            return
        if self._building is not None:
            self._building.cancel()
        folder, name = self._folder, self.notes_name()
        encodings = dict(self._encodings)
        listed = (listing.documents, listing.problems)
        self._built_from = listing
        self._saved_meanwhile.clear()  # (on the disk before this build reads it)

        def build(_task: TaskHandle) -> ProjectMemory:
            return ProjectMemory(folder, name, encodings=encodings, listed=listed)

        handle = TaskHandle(build, name="project memory")
        handle.finished.connect(lambda memory: self._built(handle, memory, listing))
        handle.failed.connect(lambda _sentence: self._built(handle, None, listing))
        self._building = handle
        handle.start()

    def _built(
        self, handle: TaskHandle, memory: ProjectMemory | None, listing: Listing
    ) -> None:
        """The memory built on its thread from `listing` (what the build found unreadable
        stays its own: a new listing's sentences did not replace them)."""
        if handle is not self._building or self._folder is None:
            return
        self._building = None
        if memory is None:
            self._built_from = None  # (built again from the next listing)
        else:
            old, self.memory, self._memory_from = self.memory, memory, listing
            # what was saved while it was built, read before perhaps, as saved (the saves
            # went to the memory it replaces: the model read the old text till the next)
            saved, self._saved_meanwhile = self._saved_meanwhile, {}
            for path, text in saved.items():
                self._read_again(path, text)
            self.memory_ready.emit(memory)
            self._watch()  # the notes file too
            if old is not None:
                self._release(old)

    def _release(self, memory: ProjectMemory) -> None:
        """Let a replaced memory go on a thread, a paragraph at a time (its last reference
        dropped on the window's thread freed the whole index in one step: 30–100 ms held)."""
        handle = TaskHandle(lambda _task: memory.release(), name="project memory release")
        self._releasing.add(handle)
        handle.finished.connect(lambda _result: self._releasing.discard(handle))
        handle.failed.connect(lambda _sentence: self._releasing.discard(handle))
        handle.start()

    def _on_settings(self, change) -> None:
        if change.affects("notes_file"):
            self.build_memory()

    def close(self) -> None:
        """The project's last window closed: stop watching and say so."""
        if self._folder is None:
            return
        if self.settings is not None:
            self.settings.unsubscribe(self._on_settings)
        if self._building is not None:
            self._building.cancel()
            self._building = None
        if self._checking is not None:
            self._checking.abandon()
            self._checking = None
        self.listing = None
        self.memory = self._memory_from = self._built_from = None
        self._saved_meanwhile.clear()
        self.words.close()
        self._timer.stop()
        self._retry.stop()
        paths = self._watcher.directories()
        if paths:
            self._watcher.removePaths(paths)
        self._folder = None
        self.changed.emit(None)

    def written(self, path: str, text: str) -> None:
        """Writer wrote `text` to a document of the folder that no window shows (Replace in
        Project): the memory reads it again, as after a save."""
        self._on_saved(path, text)

    def _on_saved(self, path: str, text: str | None = None) -> None:
        """A document of the folder was saved (`text`: what was written, where known): the
        memory indexes it again on a thread (a 2 MB chapter took 0.3 s on the window's thread
        at every save, and Auto Save saves at every pause); the notes are read at once."""
        if not self.contains(path):
            return
        if self._building is not None:
            # (the memory being built may have read it before: read again once it is in)
            self._saved_meanwhile.pop(path, None)
            self._saved_meanwhile[path] = text
        self._read_again(path, text)
        if self._unlisted(path):
            # (a new document: listed now, not once the watcher's burst settles, for what
            # waits on a listing under way: Export Project asked at once missed it)
            self._list()
        self.words.count()  # (the file's words, for when no window shows it)
        self.document_saved.emit(path)

    def _unlisted(self, path: str) -> bool:
        """Whether `listing` lacks `path`, a document of the folder that it would list
        (`listed_place`); never where it lists only the first MAX_DOCUMENTS (one past them
        was listed again at every save)."""
        listing, folder = self.listing, self._folder
        if listing is None or folder is None or listing.found > len(listing.documents):
            return False
        inside = listed_place(path, folder)
        return inside is not None and folder / inside not in listing.documents

    def _read_again(self, path: str, text: str | None) -> None:
        """The memory reads a saved document again: the notes at once, another indexed on a
        thread."""
        memory = self.memory
        if memory is None:
            return
        notes = memory.project.notes_path()
        if notes is not None and same_file(Path(path), notes):
            memory.document_saved(path, text)
        else:
            self._to_index.pop(path, None)  # (a later save's text replaces an earlier's)
            self._to_index[path] = text
            if self._indexing is None:
                self._index_next()

    def _index_next(self) -> None:
        """Index the next saved document on a thread; the saves' order kept (one at a time:
        an older text indexed after a newer one would stay)."""
        memory = self.memory
        if not self._to_index or memory is None:
            self._indexing = None
            self._to_index.clear()
            return
        path = next(iter(self._to_index))
        text = self._to_index.pop(path)
        handle = TaskHandle(lambda _task: memory.document_saved(path, text), name="project index")
        handle.finished.connect(lambda _result: self._index_next())
        handle.failed.connect(lambda _sentence: self._index_next())
        self._indexing = handle
        handle.start()

    @property
    def indexing(self) -> bool:
        """Whether saved documents are being indexed again (tests wait on it)."""
        return self._indexing is not None

    def _on_settled(self) -> None:
        self.documents_changed.emit()
        # documents added, removed or renamed: listed again, and indexed again where the
        # listing changed (a save alone changes none)
        self._list()

    @property
    def reading(self) -> bool:
        """Whether the folder is not listed yet (`listing` None): what asks for its documents
        (the statistics, Go to File) waits for `listed`, never takes none for the project's."""
        return self._folder is not None and self.listing is None

    @property
    def listing_due(self) -> bool:
        """Whether `listing` may miss what the folder holds now: not listed yet (`reading`),
        or being listed again (Writer made, renamed, saved or took away a document of it).
        What must not miss a document (Export Project) waits for `checked`."""
        return self.reading or (self._folder is not None and self._checking is not None)

    def list_again(self) -> None:
        """List the folder now (Writer made, renamed or took away a document of it), not once
        its watcher's burst settles; the next listing taken (`checked`) is this one (a
        listing under way, begun before, is let go)."""
        self._list()

    def _list(self) -> None:
        """List the folder on a thread (5,000 documents took 100 ms of the window's, at each
        save that renames a temporary file); `_checked` takes what it lists."""
        if self._folder is None:
            return
        if self._checking is not None:
            self._checking.abandon()
        folder, name = self._folder, self.notes_name()
        handle = TaskHandle(lambda _task: list_project(folder, name), name="project list")
        handle.finished.connect(lambda listing: self._checked(handle, listing))
        handle.failed.connect(lambda sentence: self._list_failed(handle, sentence))
        self._retry.stop()  # (this is the listing tried again)
        self._checking = handle
        handle.start()

    def _list_failed(self, handle: TaskHandle, sentence: str) -> None:
        """A listing failed: said once (`list_failed`), tried again at the next change or after
        a back-off; what waits for `checked` hears it and goes on (`failure` says why)."""
        if handle is not self._checking or self._folder is None:
            return
        said = self.failure is not None
        self.failure = QCoreApplication.translate(
            "ProjectSession", "Writer could not list the project's folder: {0}"
        ).format(sentence)
        self._retry.start(RETRY_MS[min(self._failures, len(RETRY_MS) - 1)])
        self._failures += 1
        if not said:
            self.list_failed.emit(self.failure)
        self._checked(handle, None)

    def _checked(self, handle: TaskHandle, listing: Listing | None) -> None:
        """The folder listed: announced where it changed, and the memory built from it when
        the documents listed are not those it was built from (or none was)."""
        if handle is not self._checking:
            return
        self._checking = None
        if self._folder is None:
            return
        if listing is None:
            self.checked.emit()  # (not listed: what waits goes on with the listing there is)
            return
        first = self.listing is None
        self.failure, self._failures = None, 0
        self.listings += 1
        if listing != self.listing:
            self.listing = listing
            self.listed.emit()
        self.checked.emit()
        if self._folder is None:
            return  # (closed by what the listing announced)
        if self._watch():
            # a folder watched only now (one made since; at the first listing, each
            # subfolder): listed again, for what was made in it between the walk and its
            # watch (once: the next listing finds no folder that is not watched). The
            # first listing's memory is built meanwhile, again only where the next differs.
            self._list()
            if not first:
                return
        built = self._built_from
        if built is None or listing.documents != built.documents:
            self._build(listing)

    def _on_notes_changed(self) -> None:
        if self._live is not None and self._live.is_modified and self._is_notes(self._live):
            return  # a window's unsaved notes stay what the model reads until saved
        if self.memory is not None:
            self.memory.reload_notes()
            self.memory_ready.emit(self.memory)
        self._watch()  # an editor that saves by renaming leaves the watch on the old file

    def _watch(self) -> bool:
        """Watch the folders the listing walked (the folder alone until it is listed: no
        folder is read here) and the notes file it found; whether a folder was added."""
        if self._folder is None:
            return False
        walked = self.listing.folders if self.listing is not None else [self._folder]
        wanted = {str(p) for p in walked[:MAX_WATCHED_FOLDERS]}
        now = set(self._watcher.directories())
        if now - wanted:
            self._watcher.removePaths(sorted(now - wanted))
        added = wanted - now
        if added:
            # (counted by what the watcher holds now: one the system would not watch,
            # unreadable, or one whose name is bytes that are not UTF-8, which the watcher
            # spells otherwise, even where it refuses it, was tried again, and the folder
            # listed again, at every listing, without end)
            self._watcher.addPaths(sorted(added))
            added &= set(self._watcher.directories())
        # (the listing's, found on its thread: looked for here, the folder was read on the
        # window's at each listing where the project has no notes file)
        notes = self.listing.notes if self.listing is not None else None
        files = set(self._watcher.files())
        if notes is not None and str(notes) not in files:
            self._watcher.addPath(str(notes))
        return bool(added)
