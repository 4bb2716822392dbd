"""One project's memory for every request: what a suggestion or a rewrite at a place is given.

`ProjectMemory` owns, for one folder, the notes (read again when the notes file changes on
disk), the lexical index of the other documents (a document is indexed again when it is saved),
and one `LoreTracker` per open document. `context(path, before, after)` is called for every
request, on the UI thread, so it must cost little and change little:

- **Lore** follows the text near the cursor (`LoreTracker`: an entry comes on when one of its
  keywords is written near the cursor and stays on for a while after).
- **Passages** of other documents are looked up again only when the writer starts a new
  paragraph, moves to another one, or the index changes; a search of a large project takes a
  tenth of a second, so the window runs it off the UI thread (`context(..., search=False)`, then
  `search_pending` in a background task) and requests go with the passages held until it ends.
  In between the same passages are given, so that the memory text, which goes first in the
  prompt, stays the same while the writer types. (A change of memory costs the keystroke
  nothing either way: the engine keeps the memory it holds until a warm-up has read the new
  one; it costs the machine a re-read.)
- **The style note** is the notes' section headed "Style" (or "Style note", "Author's note",
  "风格", "文风"): it is not memory but an instruction placed a few lines before the cursor.

Which parts go in (`include`) and the memory's budget in tokens come from the settings.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from pathlib import Path

from writer.paths import same_file
from writer.project.index import Passage, ProjectIndex
from writer.project.lore import LoreTracker, Triggered
from writer.project.memory import KINDS, Memory, gather
from writer.project.notes import STYLE_HEADINGS, Notes, Section, parse_notes
from writer.project.project import Project, file_key, listed_place

log = logging.getLogger(__name__)

QUERY_CHARS = 1500  # the text near the cursor that other documents' passages are found with
PASSAGES = 3


@dataclass(frozen=True)
class PromptContext:
    """What the project gives one request: its memory, the style note, and what triggered the
    lore entries and passages (for the Context panel)."""

    memory: Memory = field(default_factory=Memory)
    style: str = ""
    triggered: tuple[Triggered, ...] = ()
    passages: tuple[Passage, ...] = ()


def style_section(notes: Notes) -> Section | None:
    for section in notes.sections:
        if section.always and section.heading.strip().casefold() in STYLE_HEADINGS:
            return section
    return None


def section_text(section: Section) -> str:
    """A section's own text (up to its first subheading: a subsection is a section of its
    own, a lore entry most often) without its heading line."""
    return section.text.split("\n", 1)[1].strip() if "\n" in section.text else ""


class ProjectMemory:
    """See the module docstring. One owner, the window's thread, calls it, except two calls
    made on threads of their own: `search_pending` (a search for passages) and
    `document_saved` (a saved document indexed again, one at a time); both touch the index
    only under `_lock`, which the window's thread takes too."""

    def __init__(
        self,
        folder: Path,
        notes_name: str = "notes.md",
        include: frozenset[str] = KINDS,
        budget_tokens: int = 2048,
        encodings: dict[str, str] | None = None,
        listed: tuple[list[Path], list[str]] | None = None,
    ) -> None:
        """`listed`: the documents and sentences a listing of the folder took already
        (`Project.take_listing`: the folder is not walked again)."""
        self.project = Project(Path(folder), notes_name, encodings)
        if listed is not None:
            self.project.take_listing(*listed)
        self.include = include
        self.budget_tokens = budget_tokens
        self.notes = Notes(sections=())
        self.style = ""
        self.index = ProjectIndex()
        self._trackers: dict[str, LoreTracker] = {}
        self._passages: dict[str, tuple[tuple[int, int], tuple[Passage, ...]]] = {}
        self._queries: dict[str, tuple[tuple[int, int], str]] = {}  # searches still to run
        self._places: dict[str, str | None] = {}  # (`_place`)
        self._index_version = 0
        self._lock = threading.Lock()  # the index, between the UI thread and a search's thread
        self.reload_notes()
        self.reindex()

    @property
    def folder(self) -> Path:
        return self.project.folder

    @property
    def problems(self) -> list[str]:
        """Sentences about what could not be read (the notes, a document)."""
        return [*self.project.problems, *self.notes.problems]

    def reload_notes(self, text: str | None = None) -> None:
        """Read the notes file again (after it changed on disk or was saved); with `text`,
        take that as the notes (a window shows the notes file with edits not saved yet)."""
        if text is None:
            notes = self.project.load_notes()
        else:
            path = self.project.notes_path()
            notes = parse_notes(text, path.name if path is not None else self.project.notes_name)
        style = style_section(notes)
        self.style = section_text(style) if style is not None else ""
        if style is not None:
            notes = Notes(
                sections=tuple(s for s in notes.sections if s is not style),
                problems=notes.problems,
            )
        self.notes = notes
        for tracker in self._trackers.values():
            tracker.set_notes(notes)

    def set_notes_name(self, name: str) -> None:
        """The writer chose another notes file name: read the notes from it."""
        self.project = Project(self.project.folder, name, self.project.encodings)
        self._places.clear()
        self.reload_notes()
        self.reindex()

    def reindex(self) -> None:
        """Index every document of the project again (the notes file is not a document)."""
        self.index = self.project.build_index()
        self._index_version += 1

    def release(self) -> None:
        """A new memory replaced this one: let its index go, a paragraph at a time (call it
        on a thread; what still asks this memory gets no passages)."""
        with self._lock:
            index, self.index = self.index, ProjectIndex()
            self._index_version += 1
        index.release()

    def read_in(self, path: str | Path, encoding: str) -> None:
        """A window reads `path` in `encoding` (the writer reopened it so, or saved it so): the
        memory reads it so too, now and when it reads it again."""
        key = file_key(path)
        if self.project.encodings.get(key) == encoding:
            return
        self.project.encodings[key] = encoding
        self.document_saved(path)

    def document_saved(self, path: str | Path, text: str | None = None) -> None:
        """A document was saved: index it again (the notes: read them again)."""
        path = Path(path)
        notes = self.project.notes_path()
        if notes is not None and same_file(path, notes):
            self.reload_notes()
            return
        if not _inside(path, self.folder):
            return
        if text is None:
            text = self.project.read(path)
        with self._lock:
            if text is None:
                self.index.remove(str(path))
            else:
                self.index.add(str(path), text)
            self._index_version += 1

    def context(
        self, path: str | Path | None, before: str, after: str = "", search: bool = True
    ) -> PromptContext:
        """What a request at this place in document `path` (None: not saved yet) is given.
        With `search` False, a search for passages that is due is left to `search_pending`
        and the passages held meanwhile are given."""
        key = str(path) if path else ""
        tracker = self._trackers.get(key)
        if tracker is None:
            tracker = self._trackers[key] = LoreTracker(self.notes)
        triggered = tracker.update(before, after) if "lore" in self.include else ()
        passages = self._passages_for(key, before, search) if "passage" in self.include else ()
        style = self.style if "style" in self.include else ""
        memory = gather(
            self.notes, triggered, passages, style, self.budget_tokens, include=self.include,
            current=self._place(key),
        )
        return PromptContext(memory, style, tuple(triggered), passages)

    def _place(self, key: str) -> str | None:
        """The document `key` spelt as the index spells the project's documents (under
        `folder`, however the window reached it: a link to the folder too), for the order
        that makes a passage "later"; None where it has no place in the Project panel's order
        (not saved yet, the notes file, outside the folder, hidden, too deep). Remembered:
        asked at every request."""
        if key in self._places:
            return self._places[key]
        inside = listed_place(key, self.folder) if key else None
        notes = inside is not None and inside.as_posix().casefold() == (
            self.project.notes_name.casefold())  # fmt: skip
        place = str(self.folder / inside) if inside is not None and not notes else None
        self._places[key] = place
        return place

    def forget(self, path: str | Path | None) -> None:
        """A document was closed."""
        key = str(path) if path else ""
        self._places.pop(key, None)
        self._trackers.pop(key, None)
        self._passages.pop(key, None)
        self._queries.pop(key, None)

    def pending(self, path: str | Path | None) -> bool:
        """Whether a search for the passages of `path` is due (`search_pending` runs it)."""
        return (str(path) if path else "") in self._queries

    def search_pending(self, path: str | Path | None) -> bool:
        """Run the search that is due for `path`; any thread (the index is locked meanwhile).
        True when it found passages other than those held."""
        key = str(path) if path else ""
        due = self._queries.pop(key, None)
        if due is None:
            return False
        stamp, query = due
        with self._lock:
            found = self.index.search(query, exclude=key or None, k=PASSAGES)
        passages = tuple(sorted(found, key=lambda p: (p.path, p.start)))
        held = self._passages.get(key)
        self._passages[key] = (stamp, passages)
        return held is None or held[1] != passages

    def _passages_for(self, key: str, before: str, search: bool) -> tuple[Passage, ...]:
        # the paragraph the cursor is in: passages are looked up again when it changes
        paragraph = before.rfind("\n\n")
        stamp = (paragraph, self._index_version)
        held = self._passages.get(key)
        if held is not None and held[0] == stamp:
            return held[1]
        due = self._queries.get(key)
        if due is None or due[0] != stamp:
            self._queries[key] = (stamp, before[-QUERY_CHARS:])
        if search:
            self.search_pending(key)
            return self._passages[key][1]
        return held[1] if held is not None else ()


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
    except (OSError, ValueError):
        return False
    return True
