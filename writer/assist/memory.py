"""What a project gives the requests of one editor: the link between a document and its
project's memory.

A window's `DocumentMemory` is asked by its suggestion controller (every request, through
`request_here`) and its rewrite session for the `PromptContext` at the cursor. It knows the
project's `ProjectMemory` (None: a document without a project, which gets no memory) and the
document's path, and applies the settings' switches and budget. It says when what the requests
get changed (`changed`), so the Context panel follows the writer without asking at every key.
A search of the project's other documents runs in a background task (a large project takes a
tenth of a second); requests meanwhile go with the passages found before, and `searched` says
when new ones are there.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal

from writer.project.context import ProjectMemory, PromptContext
from writer.settings import Change, Settings
from writer.tasks import TaskHandle

MEMORY_KEYS = (
    "memory_notes",
    "memory_lore",
    "memory_passages",
    "memory_style",
    "memory_budget",
    "n_ctx",
)


class DocumentMemory(QObject):
    """See the module docstring."""

    changed = Signal(object)  # the PromptContext requests now get
    searched = Signal()  # a search of the other documents ended with other passages

    def __init__(self, settings: Settings, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.project: ProjectMemory | None = None
        self.path: str | None = None
        self.last = PromptContext()
        self._search: TaskHandle | None = None
        settings.subscribe(self._on_settings)

    @property
    def searching(self) -> bool:
        """A search of the other documents is running."""
        return self._search is not None

    def set_project(self, project: ProjectMemory | None) -> None:
        self.project = project
        self._apply()
        self._emit(PromptContext())

    def set_path(self, path: str | Path | None) -> None:
        if self.project is not None and self.path != (str(path) if path else None):
            self.project.forget(self.path)
        self.path = str(path) if path else None

    def context(self, before: str, after: str = "") -> PromptContext:
        """What a request at this place is given (nothing without a project)."""
        if self.project is None:
            return PromptContext()
        context = self.project.context(self.path, before, after, search=False)
        if self.project.pending(self.path) and self._search is None:
            self._start_search(self.project)
        if context != self.last:
            self._emit(context)
        return context

    def _start_search(self, project: ProjectMemory) -> None:
        path = self.path
        handle = TaskHandle(lambda _task: project.search_pending(path), name="project search")
        self._search = handle

        def ended(found: object) -> None:
            self._search = None
            if project is not self.project:
                return
            if project.pending(path):
                self._start_search(project)  # the writer moved on meanwhile
            elif found:
                self.searched.emit()

        handle.finished.connect(ended)
        handle.failed.connect(lambda _sentence: ended(False))
        handle.start()

    def _emit(self, context: PromptContext) -> None:
        self.last = context
        self.changed.emit(context)

    def _apply(self) -> None:
        if self.project is not None:
            self.project.include = self.settings.memory_parts()
            self.project.budget_tokens = self.settings.memory_tokens()

    def _on_settings(self, change: Change) -> None:
        # (another notes file: the project's session builds its memory again on a thread and
        # hands it over, `set_project`; each window indexed the whole project again here, on
        # the window's thread: 5,000 documents held it 8 s a window)
        if change.affects(*MEMORY_KEYS):
            self._apply()

    def close(self) -> None:
        """Its window closes (and is deleted): a search running says nothing more."""
        self.settings.unsubscribe(self._on_settings)
        if self._search is not None:
            self._search.abandon()
            self._search = None
