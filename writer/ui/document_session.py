"""One open document's life in the UI: its file, format, journal entry and watcher.

The text lives in the editor. This object knows where it came from (path, BOM, line endings,
the file's signature when last read or written), hands a snapshot to the journal writer about a
second after typing stops and notices when another program changes the file.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal
from PySide6.QtWidgets import QPlainTextEdit

from writer.documents import (
    ConflictError,
    DocumentError,
    FileSignature,
    Journal,
    TextFormat,
    file_signature,
    read_text_file,
    save_text_file,
)
from writer.documents.journal import display_name
from writer.documents.journal_writer import JournalWriter

log = logging.getLogger(__name__)

JOURNAL_DELAY_MS = 500  # the most typed text a crash can lose (plus one write)


class JournalFailures(QObject):
    """Carries the journal writer's failures (said on its thread) to the UI thread."""

    failed = Signal(str)

    def __init__(self, writer: JournalWriter) -> None:
        super().__init__()
        writer.on_failed = self.failed.emit


class DocumentSession(QObject):
    """Path, format and journal entry of the document shown in one editor."""

    title_changed = Signal()
    changed_on_disk = Signal(str)  # path
    removed_on_disk = Signal(str)

    def __init__(self, editor: QPlainTextEdit, journal: JournalWriter) -> None:
        super().__init__(editor)
        self.editor = editor
        self.journal = journal
        self.path: Path | None = None
        self.format = TextFormat()
        self.signature: FileSignature | None = None
        self._shown_name = ""
        self.doc_id = Journal.new_doc_id()
        self._journaled_revision = -1
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.journal_now)
        self._watcher = QFileSystemWatcher(self)
        self._watcher.fileChanged.connect(self._on_file_changed)
        self._ignore_change_until_saved = False
        editor.document().contentsChanged.connect(self._on_edit)
        editor.document().modificationChanged.connect(lambda _m: self.title_changed.emit())

    # naming -------------------------------------------------------------------------------
    @property
    def display_name(self) -> str:
        if self.path is not None:
            return self.path.name
        return display_name(None, self._opening(), self.tr("Untitled"))

    def _opening(self, chars: int = 400) -> str:
        """The document's first `chars` characters (an untitled one is named after them),
        without copying the whole text."""
        parts, block = [], self.editor.document().firstBlock()
        while block.isValid() and sum(map(len, parts)) < chars:
            parts.append(block.text())
            block = block.next()
        return "\n".join(parts)[:chars]

    @property
    def is_modified(self) -> bool:
        return self.editor.document().isModified()

    @property
    def is_empty_untitled(self) -> bool:
        return self.path is None and self.editor.document().isEmpty()

    # files --------------------------------------------------------------------------------
    def open(self, path: str | Path) -> None:
        """Load a file into the editor; raises DocumentError (a sentence) and changes nothing."""
        loaded = read_text_file(path)
        self.editor.setPlainText(loaded.text)
        self.editor.document().setModified(False)
        self.path = Path(path).absolute()
        self.format = loaded.format
        self.signature = loaded.signature
        self._watch()
        self.title_changed.emit()

    def restore(self, text: str, path: str | None, cursor: int, fmt, signature) -> None:
        """Show a document recovered from the journal (modified: it was never saved)."""
        self.editor.setPlainText(text)
        self.path = Path(path) if path else None
        self.format = fmt or TextFormat()
        self.signature = signature
        c = self.editor.textCursor()
        c.setPosition(min(max(0, cursor), len(text)))
        self.editor.setTextCursor(c)
        self.editor.document().setModified(True)
        self._watch()
        self.title_changed.emit()

    def save(self, path: str | Path | None = None, *, overwrite: bool = False) -> None:
        """Save atomically (to `path` if given); raises SaveError with a sentence.

        Saving to the document's own file first checks that the file is still the one it was
        opened from or last saved to; if another program changed, deleted or moved it (even
        unnoticed by the file watcher), ConflictError is raised and nothing is written, unless
        `overwrite` says the writer chose to."""
        target = Path(path).absolute() if path else self.path
        if target is None:
            raise DocumentError("This document has no file yet: use Save As.")
        if not overwrite and target == self.path and self.signature is not None:
            now = file_signature(target)
            if now != self.signature and not target.is_dir():  # a folder: the save says so
                name = target.name
                if now is None:
                    message = f"{name} was deleted or moved by another program."
                else:
                    message = f"{name} was changed by another program since Writer opened it."
                raise ConflictError(message, target, deleted=now is None)
        text = self.editor.document().toPlainText()
        self._ignore_change_until_saved = True
        try:
            save_text_file(target, text, self.format)
        finally:
            self._ignore_change_until_saved = False
        self.path = target
        self.signature = file_signature(target)
        self.editor.document().setModified(False)
        self.journal_discard()
        self._watch()
        self.title_changed.emit()

    def reload(self) -> None:
        if self.path is None:
            return
        cursor = self.editor.textCursor().position()
        self.open(self.path)
        c = self.editor.textCursor()
        c.setPosition(min(cursor, self.editor.document().characterCount() - 1))
        self.editor.setTextCursor(c)

    def _watch(self) -> None:
        files = self._watcher.files()
        if files:
            self._watcher.removePaths(files)
        if self.path is not None and self.path.exists():
            self._watcher.addPath(str(self.path))

    def _on_file_changed(self, changed: str) -> None:
        if self._ignore_change_until_saved or self.path is None:
            return
        now = file_signature(self.path)
        if now is None:
            self.removed_on_disk.emit(str(self.path))
            return
        if now != self.signature:
            self.signature = now  # ask once per change
            self.changed_on_disk.emit(str(self.path))
        self._watch()  # editors that save by renaming replace the watched inode

    # journal ------------------------------------------------------------------------------
    def _on_edit(self) -> None:
        if self.path is None:  # an untitled document is named after its first words
            name = self.display_name
            if name != self._shown_name:
                self._shown_name = name
                self.title_changed.emit()
        # not restarted by the next keystroke: a writer who never pauses is journaled too
        if self.editor.document().isModified() and not self._timer.isActive():
            self._timer.start(JOURNAL_DELAY_MS)

    def journal_now(self) -> None:
        """Hand a snapshot of the text to the journal writer (skipped if nothing changed)."""
        self._timer.stop()
        doc = self.editor.document()
        if not doc.isModified() or doc.revision() == self._journaled_revision:
            return
        self._journaled_revision = doc.revision()
        journal = self.journal.journal
        if journal is None:
            return
        entry = journal.snapshot(
            self.doc_id,
            doc.toPlainText(),
            path=str(self.path) if self.path else None,
            cursor=self.editor.textCursor().position(),
            title_hint=self.display_name,
            fmt=self.format,
            signature=self.signature,
        )
        self.journal.submit(entry)

    def journal_discard(self) -> None:
        self._timer.stop()
        self._journaled_revision = -1
        if self.journal.journal is not None:
            self.journal.journal.discard(self.doc_id)
