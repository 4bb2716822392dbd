"""Replace in Project's Replace All, for one Find in Project panel (writer/ui/project_find.py).

It searches afresh, never from the results shown (the documents may have changed since): a
`TaskHandle` reads the project's documents and works out every replacement
(writer/project/replace.py `plan`), the texts the windows show counted as they are on the
screen. It then asks once, in a box, naming how many matches in how many documents and what
happens to them. A document a window shows is changed in that window's editor, as one step its
Undo takes back, and left unsaved, as VS Code does; every other one is written on a second task
(`replace.write`: its present bytes kept in the local history first, then the file replaced in
its own encoding, BOM and line endings), and the project's memory reads it again
(`ProjectSession.written`). A document that cannot be changed (another program changed it
meanwhile, its encoding lacks a character of the replacement, it is read-only, the disk is
full, a rewrite is streaming into its window) is left as it was and named in the summary,
`ended`'s sentence, which the panel and the window's status bar show.

The window's thread does what the editors need and nothing else: it takes the windows' texts
when the replacement starts, and makes the edits in their editors after the question, from
the replacements worked out on the thread (a text edited meanwhile is worked out again, on
this thread, from the editor's text then). Positions: a replacement's column is a Python index
in its line, and Qt counts an emoji as two (`qt_length`). Over 40 documents of 4 MB, one open in
an editor, 2,274 matches are counted 30 to 35 ms after Replace All and replaced 0.4 to 0.5 s
after the answer (each file written durably, two versions kept), the main thread's longest
pause 6 to 9 ms (23,401 matches: 10 to 13 ms), on this project's two-core machine
(`python -m writer.bench.panels replace FOLDER QUERY REPLACEMENT` measures a copy of a folder).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QMessageBox, QPlainTextEdit, QWidget

from writer.assist.context import qt_length
from writer.documents.history import LocalHistory
from writer.patterns import SLOW
from writer.project import replace
from writer.project.project import Project, file_key
from writer.project.search import (
    Query,
    QueryError,
    Replacement,
    TemplateError,
    documents_of,
    replacements,
)
from writer.project.search_apart import TOO_LONG, search_apart
from writer.tasks import TaskHandle
from writer.ui.document_manager import DocumentManager
from writer.ui.editor import from_elsewhere
from writer.ui.i18n import joined, regex_reason, sentence
from writer.ui.palette import lines_of
from writer.ui.project_session import ProjectSession
from writer.ui.steps import end_step
from writer.ui.switches import pattern_refusal, template_refusal

PRE_CHECK_S = 3.0  # the most a regular expression's trial run may take before a Replace All


def replace_in_editor(editor: QPlainTextEdit, found: list[Replacement]) -> int:
    """Make `found` (`replacements` of the editor's text as `lines_of` gives it now) in the
    editor, as one step its Undo takes back (the cursor goes back where it is now); how many
    were made (a line that no longer holds its match is passed over)."""
    doc = editor.document()
    edit = QTextCursor(editor.textCursor())  # (where Undo puts the cursor back)
    edit.clearSelection()
    cursor = QTextCursor(doc)
    made = 0
    with from_elsewhere(editor):  # (the block's change is announced at its end)
        edit.beginEditBlock()
        for one in reversed(found):  # (from the end: the positions before stay where they are)
            block = doc.findBlockByNumber(one.line - 1)
            line = block.text()
            if line[one.column : one.column + len(one.found)] != one.found:
                continue
            start = block.position() + qt_length(line[: one.column])
            cursor.setPosition(start)
            cursor.setPosition(start + qt_length(one.found), QTextCursor.MoveMode.KeepAnchor)
            cursor.insertText(one.new)
            made += 1
        if made:  # (the letters typed after the last one made: a step of their own)
            end_step(cursor)
        edit.endEditBlock()
    return made


class ProjectReplace(QObject):
    """One Replace All at a time over `session`'s documents. `shown()`: the documents the
    windows show (their DocumentManagers); `history`: where the files' versions are kept."""

    ended = Signal(str)  # the summary (a sentence), '' when the writer said no

    def __init__(
        self,
        session: ProjectSession,
        shown: Callable[[], list[DocumentManager]],
        history: LocalHistory | None,
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.shown = shown
        self.history = history
        self.window = parent
        self._task: TaskHandle | None = None
        self._replacement = ""
        self._preserve = False  # the query's Preserve Case (said in the question)

    @property
    def running(self) -> bool:
        return self._task is not None

    def _windows(self) -> dict[str, DocumentManager]:
        """The project's documents the windows show now, by file_key."""
        return {
            file_key(d.path): d
            for d in self.shown()
            if d.path is not None and self.session.contains(d.path)
        }

    def start(self, query: Query, replacement: str, only: str | None = None) -> str:
        """Search afresh (`only`: the document at that path), then ask; '' when started, else
        the sentence why not (a pattern that does not compile, a replacement that does not
        expand)."""
        folder = self.session.folder
        if self._task is not None or folder is None or not query.text:
            return ""
        try:
            replacements(query, "", replacement)
        except QueryError as exc:
            if exc.reason == SLOW:
                return self.tr("Not replaced: {0}.").format(regex_reason(exc.reason))
            return pattern_refusal(exc.reason)
        except TemplateError as exc:
            return template_refusal(exc.reason)
        self._replacement = replacement
        self._preserve = query.preserve_case
        shown = {key: lines_of(d.editor.document()) for key, d in self._windows().items()}
        revisions = {key: d.editor.document().revision() for key, d in self._windows().items()}
        encodings, notes = self.session.encodings(), self.session.notes_name()
        only = file_key(only) if only is not None else None

        def work(task: TaskHandle) -> replace.Plan | None:
            project = Project(folder, notes, encodings=encodings)
            if query.regex:
                # tried first in a process that can be stopped (search_apart): a pattern that
                # never ends on some line would hold every thread here, the window's too
                # every line tried (no cap: one after the 2,000th match went untried), and
                # quickly, as a search takes well under a second: the replacing runs it again
                try:
                    search_apart(query, documents_of(project, shown, []), limit=1 << 62,
                                 cancelled=lambda: task.is_cancelled,
                                 seconds=PRE_CHECK_S)  # fmt: skip
                except QueryError:
                    return None
            return replace.plan(project, query, replacement, shown, lambda: task.is_cancelled,
                                only)  # fmt: skip

        task = TaskHandle(work, name="replace in project")
        task.finished.connect(lambda plan: self._planned(task, plan, query, revisions))
        task.failed.connect(lambda why: self._end(task, sentence(why)))
        self._task = task
        task.start()
        return ""

    def stop(self) -> None:
        """Its window is closing: a search under way is abandoned (files being written are
        written all the same, but nothing is said)."""
        if self._task is not None:
            self._task.abandon()
            self._task = None

    def _end(self, task: TaskHandle, summary: str) -> None:
        if task is self._task:
            self._task = None
            self.ended.emit(summary)

    # the question -------------------------------------------------------------------------
    def _planned(self, task: TaskHandle, plan: replace.Plan | None, query: Query,
                 revisions: dict[str, int]) -> None:  # fmt: skip
        if task is not self._task:
            return
        if plan is None:
            self._end(task, self.tr("Not replaced: {0}.").format(regex_reason(TOO_LONG)))
            return
        if not plan.count:
            self._end(task, self._summary(0, 0, plan.problems))
            return
        if not self.ask(plan):
            self._end(task, "")
            return
        self._replace(plan, query, revisions)

    def keep(self) -> int:
        """The versions the local history keeps of each file (Settings → Project)."""
        settings = self.session.settings
        return settings.keep_versions if settings is not None and self.history else 0

    def ask(self, plan: replace.Plan) -> bool:
        """Replace `plan.count` matches in `plan.documents` documents? (the one question)"""
        count, documents, new = plan.count, plan.documents, self._replacement
        if count == 1:
            text = self.tr("Replace 1 match in 1 document with “{0}”?").format(new)
        elif documents == 1:
            text = self.tr("Replace {0} matches in 1 document with “{1}”?").format(
                f"{count:,}", new)  # fmt: skip
        else:
            text = self.tr("Replace {0} matches in {1} documents with “{2}”?").format(
                f"{count:,}", f"{documents:,}", new)  # fmt: skip
        opened, on_disk = len(plan.in_windows), len(plan.on_disk)
        parts = []
        if opened:
            parts.append(
                self.tr("The document open in a window changes there, unsaved: Ctrl+Z in its "
                        "window takes the replacement back.")
                if opened == 1
                else self.tr("The {0} documents open in windows change there, unsaved: Ctrl+Z "
                             "in each window takes its replacement back.").format(opened)
            )  # fmt: skip
        if on_disk and self.keep() <= 0:  # (no versions kept: said, not promised)
            parts.append(
                self.tr("The document on disk is saved at once. Writer keeps no versions "
                        "(Settings → Project), so it cannot be brought back.")
                if on_disk == 1
                else self.tr("The {0} documents on disk are saved at once. Writer keeps no "
                             "versions (Settings → Project), so they cannot be brought "
                             "back.").format(on_disk)
            )  # fmt: skip
        elif on_disk:
            parts.append(
                self.tr("The document on disk is saved at once; File → Local History keeps it "
                        "as it was.")
                if on_disk == 1
                else self.tr("The {0} documents on disk are saved at once; File → Local History "
                             "keeps each as it was.").format(on_disk)
            )  # fmt: skip
        if not new:
            parts.append(self.tr("The replacement is empty: the matches are deleted."))
        elif self._preserve:
            parts.append(self.tr("Preserve Case is on: each match's case is given to “{0}” "
                                 "(capitals, small letters, a capital first).").format(new))
        if plan.problems:
            parts.append(
                self.tr("1 document with matches cannot be changed; the summary names it.")
                if len(plan.problems) == 1
                else self.tr("{0} documents with matches cannot be changed; the summary names "
                             "them.").format(len(plan.problems))
            )  # fmt: skip
        box = QMessageBox(self.window)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("Replace in Project"))
        box.setText(text)
        box.setInformativeText(joined(*parts))
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel)
        box.button(QMessageBox.StandardButton.Yes).setText(self.tr("Replace &All"))
        box.setDefaultButton(QMessageBox.StandardButton.Yes)
        return box.exec() == QMessageBox.StandardButton.Yes

    # replacing ----------------------------------------------------------------------------
    def _replace(self, plan: replace.Plan, query: Query, revisions: dict[str, int]) -> None:
        """The windows' documents edited now, the others written on a task."""
        windows = self._windows()  # (now: one may have closed, or opened, since the search)
        problems = list(plan.problems)
        count = documents = 0

        def in_editor(documents_: DocumentManager, found: list[Replacement] | None) -> int:
            editor = documents_.editor
            name = self._name(documents_.path)
            if documents_.busy():
                problems.append(self.tr("{0} is being rewritten or composed in its window.")
                                .format(name))  # fmt: skip
                return 0
            if found is None:  # (its text changed since the search: worked out again)
                found = replacements(query, lines_of(editor.document()), self._replacement)
            return replace_in_editor(editor, found)

        for key, found in plan.in_windows.items():
            owner = windows.get(key)
            if owner is None:
                problems.append(self.tr("{0} was closed before the replacement; it is left as "
                                        "it was.").format(self._name(Path(key))))  # fmt: skip
                continue
            same = owner.editor.document().revision() == revisions.get(key)
            made = in_editor(owner, found if same else None)
            count, documents = count + made, documents + bool(made)
        to_write = []
        for change in plan.on_disk:
            owner = windows.get(file_key(change.path))
            if owner is None:
                to_write.append(change)
                continue
            made = in_editor(owner, None)  # (opened in a window since the search)
            count, documents = count + made, documents + bool(made)
        history = self.history
        keep = self.keep()

        def work(_task: TaskHandle) -> list[tuple[replace.Change, str]]:
            return [(change, replace.write(change, history, keep)) for change in to_write]

        writing = TaskHandle(work, name="replace in project (writing)")
        writing.finished.connect(
            lambda done: self._written(writing, done, count, documents, problems)
        )
        writing.failed.connect(lambda why: self._end(writing, sentence(why)))
        self._task = writing
        writing.start()

    def _written(self, task: TaskHandle, done: list[tuple[replace.Change, str]], count: int,
                 documents: int, problems: list[str]) -> None:  # fmt: skip
        for change, why in done:
            if why:
                problems.append(why)
                continue
            count, documents = count + change.count, documents + 1
            self.session.written(str(change.path), change.text)
        self._end(task, self._summary(count, documents, problems))

    def _summary(self, count: int, documents: int, problems: list[str]) -> str:
        """The summary ("Replaced 37 matches in 6 documents with “Hannah”."), and the documents
        not changed with why."""
        new = self._replacement
        if not count and not problems:
            text = self.tr("No matches to replace.")
        elif not count:
            text = self.tr("Nothing was replaced.")
        elif count == 1:
            text = self.tr("Replaced 1 match in 1 document with “{0}”.").format(new)
        elif documents == 1:
            text = self.tr("Replaced {0} matches in 1 document with “{1}”.").format(
                f"{count:,}", new)  # fmt: skip
        else:
            text = self.tr("Replaced {0} matches in {1} documents with “{2}”.").format(
                f"{count:,}", f"{documents:,}", new)  # fmt: skip
        if not problems:
            return text
        reasons = joined(*(sentence(p) for p in problems))
        left = (
            self.tr("1 document could not be changed: {0}").format(reasons)
            if len(problems) == 1
            else self.tr("{0} documents could not be changed: {1}").format(len(problems), reasons)
        )
        return joined(text, left)

    def _name(self, path: Path | None) -> str:
        folder = self.session.folder
        if path is None:
            return ""
        try:
            return Path(path).relative_to(folder).as_posix() if folder else str(path)
        except ValueError:
            return str(path)
