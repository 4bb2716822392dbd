"""A folder opened as a project: the documents in it, its notes file and the index over them.

Nothing here raises for what is on the disk: a folder that cannot be listed, a symlink loop, a
binary file named .md, a file that vanishes between listing and reading are each one sentence in
`problems`, and the rest of the project still works. `problems` starts afresh with each
`documents()` (and so each `build_index()`), or is a listing's taken (`take_listing`); `read`
adds to it. The notes file's sentences are
its `Notes`' own (`load_notes`).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from writer.documents.textfile import ENCODINGS, text_for_reading
from writer.paths import same_file
from writer.project.index import ProjectIndex
from writer.project.notes import MAX_CHARS, Notes, parse_notes
from writer.sentences import said

DOCUMENT_SUFFIXES = (".md", ".markdown", ".txt")  # the files a project lists
MAX_DEPTH = 4
MAX_DOCUMENTS = 2000
MAX_BYTES = 8 * 1024 * 1024
DEFAULT_NOTES = "notes.md"  # a project may have none: only another name that is not there is said


class Project:
    """A folder opened as a project: its documents and its notes."""

    def __init__(
        self, folder: Path, notes_name: str = DEFAULT_NOTES, encodings: dict[str, str] | None = None
    ) -> None:
        self.folder = Path(folder)
        self.notes_name = notes_name
        self.problems: list[str] = []
        # The encodings the writer's windows read documents in, by `file_key`: a chapter the
        # writer reopened as Shift JIS reaches the model so, not as the guess reads it.
        self.encodings: dict[str, str] = encodings if encodings is not None else {}
        self.listed: list[Path] = []  # what `documents()` listed last
        self.found = 0  # how many documents `documents()` found, those past MAX_DOCUMENTS too
        # the folders `documents()` listed last (the folder first; linked ones as their links
        # spell them), what the Project panel's session watches
        self.folders: list[Path] = []
        self._taken = False  # `listed` taken from another listing, for `build_index`
        self._spelt = str(self.folder)  # (`_name`'s cut)
        self._top = len(self._spelt.rstrip(os.sep)) + 1

    def encoding_of(self, path: Path) -> str | None:
        """The encoding a window reads `path` in; None to guess it."""
        return self.encodings.get(file_key(path)) if self.encodings else None

    def _say(self, sentence: str) -> None:
        if sentence not in self.problems:
            self.problems.append(sentence)

    def _name(self, path: Path) -> str:
        """A path as the writer knows it: relative to the project's folder where it can be.
        Cut from the path's text where it begins with the folder's (`relative_to` was most of
        the listing's time, which sorts by this name: 0.3 s of 0.5 profiled for 5,000
        documents)."""
        text = str(path)
        if text.startswith(self._spelt) and text[self._top - 1 : self._top] in ("", os.sep):
            return text[self._top :].replace(os.sep, "/") or "."
        try:
            return path.relative_to(self.folder).as_posix()
        except ValueError:
            return str(path)

    def documents(self) -> list[Path]:
        """The Markdown and text files of the folder, sorted, to MAX_DEPTH folders down; hidden
        files and folders are skipped, and at most MAX_DOCUMENTS are listed."""
        self.problems = []
        self.listed = []
        self.found = 0
        self.folders = []
        found: list[Path] = []
        seen: set[tuple[int, int]] = set()
        try:
            st = os.stat(self.folder)
        except OSError as error:
            self._say(
                said("The project folder {0} cannot be opened ({1}).", self.folder, _reason(error))
            )
            return []
        if not stat.S_ISDIR(st.st_mode):
            self._say(said("{0} is not a folder.", self.folder))
            return []
        seen.add((st.st_dev, st.st_ino))
        self._walk(self.folder, 0, seen, found)

        def name(path: Path) -> tuple[str, str]:
            relative = self._name(path)
            return relative.casefold(), relative

        found.sort(key=name)
        self.found = len(found)
        if len(found) > MAX_DOCUMENTS:
            self._say(
                said(
                    "The project has more than {0:,} documents: only the first {1:,} are listed.",
                    MAX_DOCUMENTS,
                    MAX_DOCUMENTS,
                )
            )
            found = found[:MAX_DOCUMENTS]
        self.listed = list(found)
        return found

    def _walk(
        self, folder: Path, depth: int, seen: set[tuple[int, int]], found: list[Path]
    ) -> None:
        try:
            with os.scandir(folder) as entries:
                listed = sorted(entries, key=lambda e: e.name)
        except OSError as error:
            self._say(
                said("The folder {0} cannot be listed ({1}).", self._name(folder), _reason(error))
            )
            return
        self.folders.append(folder)
        for entry in listed:
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            try:
                st = entry.stat()  # follows symlinks
            except FileNotFoundError:
                if entry.is_symlink():
                    self._say(said("{0} is a link to nothing; it is left out.", self._name(path)))
                else:
                    self._say(said("{0} vanished while the folder was listed.", self._name(path)))
                continue
            except OSError as error:
                self._say(
                    said(
                        "{0} cannot be read ({1}); it is left out.",
                        self._name(path),
                        _reason(error),
                    )
                )
                continue
            if stat.S_ISDIR(st.st_mode):
                if (st.st_dev, st.st_ino) in seen:
                    self._say(said("{0} links back to a folder already listed.", self._name(path)))
                elif depth + 1 > MAX_DEPTH:
                    continue
                else:
                    seen.add((st.st_dev, st.st_ino))
                    self._walk(path, depth + 1, seen, found)
            elif stat.S_ISREG(st.st_mode) and path.suffix.lower() in DOCUMENT_SUFFIXES:
                found.append(path)

    def notes_path(self) -> Path | None:
        """The notes file, `notes_name` in the folder (any case), or None when there is none."""
        exact = self.folder / self.notes_name
        try:
            if exact.is_file():
                return exact
            with os.scandir(self.folder) as entries:
                names = sorted(e.name for e in entries)
        except OSError:
            return None
        wanted = self.notes_name.casefold()
        for name in names:
            if name.casefold() == wanted and (self.folder / name).is_file():
                return self.folder / name
        return None

    def _bytes(self, path: Path, limit: int) -> bytes | None:
        """Up to `limit` + 1 bytes of a regular file, or None with a sentence."""
        name = self._name(path)
        try:
            with open(path, "rb") as handle:
                if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                    self._say(said("{0} is not a regular file; it is left out.", name))
                    return None
                return handle.read(limit + 1)
        except FileNotFoundError:
            self._say(said("{0} is no longer there; it is left out.", name))
        except OSError as error:
            self._say(said("{0} cannot be read ({1}); it is left out.", name, _reason(error)))
        return None

    def read(self, path: Path) -> str | None:
        """A document's text (in the encoding opening it would guess, undecodable bytes
        replaced, and said, line ends as "\\n"), or None with a sentence when it cannot be
        read, is larger than 8 MB or holds binary data."""
        data = self._bytes(Path(path), MAX_BYTES)
        if data is None:
            return None
        name = self._name(Path(path))
        if len(data) > MAX_BYTES:
            self._say(
                said("{0} is larger than 8 MB; it is left out of the project's memory.", name)
            )
            return None
        # (in its own encoding: a GBK chapter, a UTF-16 notes file)
        read = text_for_reading(data, encoding=self.encoding_of(Path(path)))
        if read is None:
            self._say(said("{0} holds binary data, not text; it is left out.", name))
            return None
        if read.unreadable:
            self._say(
                said(
                    "Some bytes of {0} could not be read as {1} (the file may be damaged): the "
                    "project's memory reads it with “�” in their place.",
                    name,
                    ENCODINGS[read.encoding],
                )
            )
        return read.text

    def load_notes(self) -> Notes:
        """The parsed notes file; an empty Notes when there is none (with a sentence when the
        settings name a file that is not there), never an exception."""
        path = self.notes_path()
        if path is None:
            if self.notes_name.casefold() == DEFAULT_NOTES:
                return Notes(())  # a project without notes yet
            sentence = said(
                "The notes file {0} (Settings → Project) is not in the project: the model gets no "
                "notes. View → Edit Project Notes makes it.",
                self.notes_name,
            )
            return Notes((), (sentence,))
        name = self._name(path)
        # The notes' sentences are the Notes' own, not the project's: they go when the notes
        # are read again (they stayed, beside the new ones, and were said twice).
        before = list(self.problems)
        # The parser reads the first MAX_CHARS characters: at most four bytes each.
        data = self._bytes(path, MAX_CHARS * 4)
        if data is None:
            said_now, self.problems = self.problems[len(before) :], before
            return Notes((), tuple(said_now))
        read = text_for_reading(data, encoding=self.encoding_of(path))
        if read is None:
            sentence = said("{0} holds binary data, not text: the notes are not used.", name)
            return Notes((), (sentence,))
        notes = parse_notes(read.text, name)
        if read.unreadable:
            sentence = said(
                "Some bytes of {0} could not be read as {1} (the file may be damaged): the notes "
                "are used with “�” in their place.",
                name,
                ENCODINGS[read.encoding],
            )
            return Notes(notes.sections, (sentence, *notes.problems))
        return notes

    def take_listing(self, documents: list[Path], problems: list[str]) -> None:
        """What `documents()` of another Project of this folder listed, and its sentences, as
        if this one had listed it (one walk of the folder for the Project panel and the
        memory); `build_index` then indexes those."""
        self.listed, self.problems, self._taken = list(documents), list(problems), True

    def build_index(self) -> ProjectIndex:
        """An index over all documents except the notes file, by their paths as strings: those
        `documents()` lists now, or those taken (`take_listing`) once."""
        index = ProjectIndex()
        notes = self.notes_path()
        listed, self._taken = (self.listed if self._taken else self.documents()), False
        for path in listed:
            if notes is not None and same_file(path, notes):
                continue
            text = self.read(path)
            if text is not None:
                index.add(str(path), text)
        return index


def place_in(path: str | Path, folder: str | Path) -> Path | None:
    """Where `path` is inside `folder` (a path relative to it; "." for the folder itself),
    however either is spelt, or None where it is not inside: the one rule the project's code
    compares paths by. As written where that says so: the system's way of comparing (on
    Windows "\\" and "/" alike, any case), with no ".." to take it elsewhere; else both
    resolved (links, "..": a document reached through a link to the folder, "drafts/../x").
    Reads no folder where `path` is written inside `folder`."""
    spelt, top = Path(path), Path(folder)
    if ".." not in spelt.parts and ".." not in top.parts and spelt.is_relative_to(top):
        return spelt.relative_to(top)
    real, top = Path(os.path.realpath(spelt)), Path(os.path.realpath(top))
    return real.relative_to(top) if real.is_relative_to(top) else None


def listed_place(path: str | Path, folder: str | Path) -> Path | None:
    """Where in the project of `folder` the document `path` is, as `documents` lists it (a
    path relative to the folder, however either is spelt: `place_in`), or None where the
    project does not list it: outside the folder, hidden, deeper than MAX_DEPTH folders, not
    a document's suffix. Reads no folder; a spelling outside the folder is resolved."""
    if Path(path).suffix.lower() not in DOCUMENT_SUFFIXES:
        return None
    inside = place_in(path, folder)
    if inside is None:
        return None
    parts = inside.parts
    if not parts or len(parts) > MAX_DEPTH + 1 or any(p.startswith(".") for p in parts):
        return None
    return inside


def file_key(path: str | Path) -> str:
    """One name for a file however a path spells it (links and `..` resolved)."""
    return os.path.realpath(path)


def _reason(error: OSError) -> str:
    """A short reason for an OS error, in words."""
    if isinstance(error, PermissionError):
        return "permission denied"
    if error.strerror:
        return error.strerror.lower()
    return type(error).__name__
