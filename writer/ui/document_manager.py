"""One window's document: open, reload, save, save as, close, the journal, the watcher.

The text lives in the editor. `DocumentManager` knows where it came from (path, encoding, BOM, line
endings, the file's signature when last read or written), hands a snapshot to the journal writer
about half a second after typing starts (the autosave: a crash loses at most that), notices when
another program changes the file and decides what each answer of the writer does. File → Auto
Save writes the file on the journal writer's thread too, in order with the journal and the kept
versions: the window's thread only takes the text (`auto_save`). The questions themselves are
`DocumentQuestions`' boxes. It announces what changed: `display_name_changed`,
`modified_changed`, `saved` (the file just written) and `message` (a sentence for the status bar,
and for how long), `format_changed` (the encoding, BOM or line endings the file is saved with) and
`text_loaded` (the text is a file's as read, not typed: the day's tally of words leaves it out).
A file's encoding can be read again in another (`reopen_with`) or changed (`save_with`); a save in
an encoding without room for a character asks to save in UTF-8 instead. The recent files and the
cursor's place in each file go to the settings through `Settings.remember_file`.
"""

from __future__ import annotations

import hashlib
import logging
import os
import stat
import threading
import time
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path

import shiboken6
from PySide6.QtCore import QFileSystemWatcher, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication, QPlainTextEdit, QWidget

from writer.documents import (
    ConflictError,
    DocumentError,
    EncodingError,
    FileSignature,
    Journal,
    LoadedText,
    TextFormat,
    encode_text,
    file_signature,
    read_text_file,
    save_atomic,
)
from writer.documents.history import (
    MAX_FILE_BYTES,
    REPLACED,
    SAVED,
    LocalHistory,
    reason_of,
)
from writer.documents.journal import display_name
from writer.documents.journal_writer import JournalWriter
from writer.documents.textfile import TITLE_READS, WIDE, file_name_for
from writer.project.files import FileNameError, rename_document
from writer.sentences import said
from writer.settings import Settings
from writer.ui.document_questions import (
    DISCARD,
    LATER,
    OVERWRITE,
    RELOAD,
    SAVE,
    SAVE_ALWAYS,
    SAVE_AS,
    DocumentQuestions,
)
from writer.ui.editor import from_elsewhere, land_pastes, plain_text, replacing_text
from writer.ui.encodings import encoding_name
from writer.ui.i18n import sentence
from writer.ui.steps import end_step

log = logging.getLogger(__name__)

JOURNAL_DELAY_MS = 500  # the most typed text a crash can lose (plus one write)
# A change on disk is looked at once the file has been still this long: a program that empties
# a file and then writes it (a shell's >), or writes it in pieces, is not caught halfway, and a
# burst of writes asks one question.
CHANGE_SETTLE_MS = 300
# A reload up to this long can be undone (Undo brings back the text it replaced); a longer one
# replaces the text outright (the undo step would hold a second copy of a huge document).
UNDOABLE_RELOAD_CHARS = 2_000_000
MARKDOWN = frozenset({".md", ".markdown"})  # the endings of Markdown files (`is_markdown`)
AUTO_SAVE_DELAY_MS = 1000  # File → Auto Save: the file is written once typing pauses this long
AUTO_KEEP_S = 300  # an auto save keeps a version in the local history at most this often


def text_digest(text: str) -> bytes:
    """A fingerprint of a document's text: tells a file written again with the same text (a
    touch, a sync tool) from a changed one without keeping a copy of the text."""
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()


@dataclass(eq=False)
class _Save:
    """One save of the document. The window's thread takes what it needs (`DocumentManager.
    _take`): the text and the edit it is at, the format, the signature the file must still have
    (None: no check) and, where the local history keeps this version, the one it has last.
    `write` then does the slow part, on whichever thread runs it: the check, the encoding, the
    replaced bytes read, the atomic write with its fsyncs, the signature and digest; `done` is
    set once it has written or failed (`error`). Only the window's thread applies the result
    (`DocumentManager._took`)."""

    target: Path
    text: str
    edits: int  # the document's edit count when the text was taken
    fmt: TextFormat
    expected: FileSignature | None
    keep: bool  # the local history keeps the version written
    kept: FileSignature | None  # the file as the history has it last
    check_kept: bool  # the bytes it replaces may need keeping (a history keeps versions)
    data: bytes = b""
    replaced: tuple[bytes, float] | None = None
    signature: FileSignature | None = None
    digest: bytes = b""
    error: Exception | None = None
    done: threading.Event = field(default_factory=threading.Event)

    def write(self) -> None:
        """Write the file; raises DocumentError (ConflictError first where another program
        changed, deleted or moved it since the signature taken) with nothing written."""
        target = self.target
        if self.expected is not None:
            now = file_signature(target)
            if now != self.expected and not target.is_dir():  # a folder: the save says so
                name = target.name
                if now is None:
                    message = f"{name} was deleted or moved by another program."
                else:
                    message = f"{name} was changed by another program since Writer opened it."
                raise ConflictError(message, target, deleted=now is None)
        self.data = encode_text(self.text, self.fmt)
        self.replaced = _not_kept(target, self.kept) if self.check_kept else None
        save_atomic(target, self.data)
        self.signature = file_signature(target)
        self.digest = text_digest(self.text)


def _write_taken(save: _Save) -> None:
    """Write a save taken (on any thread); its error is kept for `_took` to raise."""
    try:
        save.write()
    except Exception as exc:  # (said on the window's thread)
        save.error = exc
    finally:
        save.done.set()


def _not_kept(target: Path, kept: FileSignature | None) -> tuple[bytes, float] | None:
    """The bytes a save to `target` replaces, and when they were written, where the local
    history may not have them (another program wrote them, or Writer has not saved over the
    file since it opened it: `kept` is not the file's signature); None where it has them or
    there are none."""
    if kept is not None and file_signature(target) == kept:
        return None  # (the file is the version the last save kept)
    try:
        with open(target, "rb") as handle:
            st = os.fstat(handle.fileno())
            if not stat.S_ISREG(st.st_mode) or st.st_size > MAX_FILE_BYTES:
                return None
            return handle.read(), st.st_mtime
    except OSError:
        return None


class JournalFailures(QObject):
    """Carries the journal writer's failures (said on its thread) to the UI thread."""

    failed = Signal(str)

    def __init__(self, writer: JournalWriter) -> None:
        super().__init__()
        writer.on_failed = self.failed.emit


def follow_history(journal: JournalWriter, history: LocalHistory | None, old: Path,
                   new: Path) -> None:  # fmt: skip
    """The file `old` was renamed `new`: its kept versions go with it (on the journal's
    thread, after any version still being written under the old name), whether a window
    shows it or not."""
    if history is None:
        return

    def work() -> None:
        try:
            history.move(old, new)
        except OSError as exc:
            log.warning("the versions of %s stay under its old name: %s", old, exc)

    journal.run(work)


class DocumentManager(QObject):
    """The document shown in one editor: its file, format, journal entry and questions."""

    display_name_changed = Signal(str)
    modified_changed = Signal(bool)
    saved = Signal(str)  # the absolute path of the file just written
    message = Signal(str, int)  # a sentence for the status bar, milliseconds (0: until replaced)
    format_changed = Signal(object)  # the TextFormat the file is saved with
    # the text is now one the writer did not type: a file read (opened, reloaded, reopened in
    # another encoding), a document recovered, a reload undone (the day's tally of words
    # written does not count it)
    text_loaded = Signal()
    reloaded = Signal(str)  # the file's path: read again, as another program changed it
    _auto_written = Signal(object)  # an auto save's _Save, from the writing thread

    def __init__(
        self,
        editor: QPlainTextEdit,
        journal: JournalWriter,
        settings: Settings,
        window: QWidget | None = None,
    ) -> None:
        super().__init__(editor)
        self.editor = editor
        self.journal = journal
        self.settings = settings
        self.questions = DocumentQuestions(window or editor)
        self.path: Path | None = None
        self.refused: Path | None = None  # the file the last open could not read
        self.encoding_guessed = False  # the file's encoding is a guess Writer made opening it
        self._format = TextFormat()
        self.signature: FileSignature | None = None
        self.history: LocalHistory | None = None  # where saves keep their versions (AppState's)
        self._kept: FileSignature | None = None  # the file as the local history has it last
        self._history_failed = False  # (said once)
        self._shown_name = ""
        self.doc_id = Journal.new_doc_id()
        # the folder of the window's project (ProjectSession.attach), journaled with the text
        # so that an untitled draft recovered after a crash goes back to its project
        self.project_folder: Path | None = None
        self._journaled_revision = -1
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.journal_now)
        self._watcher = QFileSystemWatcher(self)
        self._watcher.fileChanged.connect(self._on_file_changed)
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(CHANGE_SETTLE_MS)
        self._settle.timeout.connect(self._on_disk_settled)
        self._asking = False  # the question about a change on disk is open
        self._disk_digest: bytes | None = None  # the file's text when last read or written
        self._reload_step: int | None = None  # the undo steps just after the last reload
        self._before_reload: FileSignature | None = None  # the signature it replaced
        self._edits = 0  # the text's changes so far (a save marks saved the edit it wrote)
        # File → Auto Save: the window says when not to write (a rewrite under way, whose
        # versions the writer has not accepted or rejected yet; an input method composing)
        self.busy: Callable[[], bool] = lambda: False
        self._auto = QTimer(self)
        self._auto.setSingleShot(True)
        self._auto.setInterval(AUTO_SAVE_DELAY_MS)
        self._auto.timeout.connect(self.auto_save)
        self._auto_stopped = False  # a conflict or an encoding: Ctrl+S decides, then it goes on
        self._auto_failed = False  # (a failure to write is said once, until one succeeds)
        self._last_kept: float | None = None  # when a save last kept a version (monotonic)
        self._saving: _Save | None = None  # the auto save the writing thread has (one at most)
        self._auto_again = False  # typing paused while it was written: one more after it
        self._auto_written.connect(self._on_auto_written, Qt.ConnectionType.QueuedConnection)
        editor.document().contentsChanged.connect(self._on_edit)
        editor.document().modificationChanged.connect(self.modified_changed)
        editor.document().modificationChanged.connect(self._on_modification)

    @property
    def format(self) -> TextFormat:
        """The encoding, BOM and line endings the file is saved with."""
        return self._format

    @format.setter
    def format(self, fmt: TextFormat) -> None:
        self.encoding_guessed = False  # (set again by an open that guessed)
        if fmt != self._format:
            self._format = fmt
            self.format_changed.emit(fmt)

    # naming -------------------------------------------------------------------------------
    @property
    def display_name(self) -> str:
        if self.path is not None:
            return self.path.name
        return display_name(None, self._opening(), self.questions.untitled())

    def file_name(self) -> str:
        """The document's file name; for an untitled one the name Save As offers, made from its
        first line (`file_name_for`: without a sentence's end or what a file name cannot hold)."""
        if self.path is not None:
            return self.path.name
        return file_name_for(self._opening(), self.questions.untitled())

    def _opening(self, chars: int = TITLE_READS + 1) -> str:
        """The document's first `chars` characters (an untitled one is named after them: one
        more than `title_of` reads, for it to see a front matter run on past them), without
        copying the whole text."""
        parts, block = [], self.editor.document().firstBlock()
        while block.isValid() and sum(map(len, parts)) < chars:
            parts.append(block.text())
            block = block.next()
        return "\n".join(parts)[:chars]

    @property
    def is_markdown(self) -> bool:
        """The document is Markdown: a .md or .markdown file, or none yet (a .txt, or a file of
        another ending, is plain text). Highlighting, the Format menu and the export follow it;
        it may change when the document is named (`display_name_changed`)."""
        return self.path is None or self.path.suffix.lower() in MARKDOWN

    @property
    def is_modified(self) -> bool:
        return self.editor.document().isModified()

    @property
    def is_empty_untitled(self) -> bool:
        return self.path is None and self.editor.document().isEmpty()

    def _name_changed(self) -> None:
        self._shown_name = self.display_name
        self.display_name_changed.emit(self._shown_name)

    # files --------------------------------------------------------------------------------
    def open(self, path: str | Path) -> bool:
        """Load a file into the editor, at the place the cursor had when it was last closed;
        a file that cannot be opened is refused in words and changes nothing."""
        return self._open(path, instead=False)

    def open_instead(self, path: str | Path) -> bool:
        """Open `path` in place of this document: the file is read first, so one that cannot
        be opened is refused in words before anything is asked or closed (the save question
        came first, and a Discard left the edits on screen marked as saved); then the save
        question (False: cancelled) and the file."""
        return self._open(path, instead=True)

    def _open(self, path: str | Path, instead: bool) -> bool:
        self.refused = None
        try:
            loaded = read_text_file(path)
        except DocumentError as exc:
            self.refused = Path(path)
            self.questions.cannot_open(str(exc))
            return False
        if instead and not self.close():
            return False
        self._show_file(loaded.text, path, loaded.format, loaded.signature)
        key = str(self.path)
        pos = self.settings.cursor_positions.get(key)
        if pos is not None:
            self._put_cursor(pos)
            self.editor.centerCursor()
        self.settings.remember_file(key)
        self.encoding_guessed = loaded.guessed
        if loaded.guessed:
            self.message.emit(
                self.tr(
                    "{0} is not UTF-8: read as {1}, and saved in it. Characters look wrong? File "
                    "→ Reopen with Encoding."
                ).format(self.path.name, loaded.format.encoding_name),
                15000,
            )
        return True

    def reopen_with(self, encoding: str) -> bool:
        """Read the document's file again in `encoding` (File → Reopen with Encoding); unsaved
        changes, which the text read again replaces, are asked about first. A file the encoding
        cannot read is said, and the document stays as it was."""
        if self.path is None:
            return False
        name = encoding_name(encoding)
        land_pastes(self.editor)
        self.finish_saving()
        if self.is_modified and not self.questions.discard_to_reopen(self.display_name, name):
            return False
        try:
            loaded = read_text_file(self.path, encoding=encoding)
        except DocumentError as exc:
            self.questions.cannot_open(str(exc))
            return False
        position = self.editor.textCursor().position()
        # not an undoable step: Undo would bring back the text as the other encoding read it,
        # to be saved in this one
        self.editor.setPlainText(loaded.text)
        self.text_loaded.emit()
        self.editor.document().setModified(False)
        self.journal_discard()
        self.format = loaded.format
        self.signature = loaded.signature
        self._disk_digest = text_digest(loaded.text)
        self._reload_step = self._before_reload = None
        self._put_cursor(position)
        self.message.emit(self.tr("{0} read again as {1}.").format(self.path.name, name), 6000)
        return True

    def save_with(self, encoding: str, bom: bool | None = None) -> bool:
        """Save the document in `encoding` (File → Save with Encoding; Save As for an untitled
        one), with a BOM where `bom` says (else where the encoding needs one); where it is not
        saved, the encoding stays the one it had. An encoding without room for a character of
        the text is refused at once, the file and its encoding as they were (it asked whether to
        save in UTF-8 instead, naming the encoding chosen as the file's own)."""
        before = self.format
        wanted = TextFormat(
            bom=encoding in WIDE if bom is None else bom, newline=before.newline, encoding=encoding
        )
        try:
            encode_text(plain_text(self.editor.document()), wanted)
        except EncodingError as exc:
            self.questions.could_not_save(
                self.tr(
                    "Not saved in {0}: it has no character “{1}” (line {2}). The file stays as "
                    "it was, in {3}."
                ).format(exc.encoding, exc.char, exc.line, encoding_name(before.encoding))
            )
            return False
        except DocumentError:
            pass  # (a broken character: the save says so)
        self.format = wanted
        if not self.save():
            self.format = before
            return False
        name = encoding_name(self.format.encoding)
        self.message.emit(self.tr("Saved {0} in {1}.").format(self.path.name, name), 6000)
        return True

    def _read_again(self) -> LoadedText:
        """The file read again: a BOM or valid UTF-8 says what it is now (another editor saved
        a Windows-1252 letter as UTF-8, and it was read as Windows-1252 mojibake, to be saved
        so); where a legacy encoding is only a guess, the one the document has (a file reopened
        as Shift JIS is not guessed again as something else), where that reads it."""
        try:
            loaded = read_text_file(self.path)
        except DocumentError:
            if self.format.encoding == "utf-8":
                raise
            return read_text_file(self.path, encoding=self.format.encoding)
        if not loaded.guessed or loaded.format.encoding == self.format.encoding:
            return loaded
        try:
            return read_text_file(self.path, encoding=self.format.encoding)
        except DocumentError:
            return loaded

    def _show_file(self, text: str, path: str | Path, fmt: TextFormat, signature) -> None:
        """`text` in the editor as the unmodified document of the file at `path`."""
        self.finish_saving()
        self.editor.setPlainText(text)
        self.text_loaded.emit()
        self.editor.document().setModified(False)
        self.path = Path(path).absolute()
        self.format = fmt
        self.signature = signature
        self._disk_digest = text_digest(text) if signature is not None else None
        self._auto_stopped = self._auto_failed = False  # (another file)
        self._auto.stop()
        self._watch()
        self._name_changed()

    def start_new(self, path: str | Path) -> None:
        """An empty document that will be the file at `path`, which does not exist yet: the
        first save creates it (`writer notes.md` for a new notes.md)."""
        self._show_file("", path, TextFormat(), None)

    def _put_cursor(self, position: int) -> None:
        c = self.editor.textCursor()
        c.setPosition(min(max(0, position), self.editor.document().characterCount() - 1))
        self.editor.setTextCursor(c)

    def restore(self, text: str, path: str | None, cursor: int, fmt, signature) -> None:
        """Show a document recovered from the journal (modified: it was never saved)."""
        self.finish_saving()
        self.editor.setPlainText(text)
        self.text_loaded.emit()
        self.path = Path(path) if path else None
        self.format = fmt or TextFormat()
        self.signature = signature
        self._disk_digest = None  # (the text the file held is not known)
        self._put_cursor(cursor)
        self.editor.document().setModified(True)
        self._watch()
        self._name_changed()

    def reload(self) -> bool:
        """Read the file again, keeping the cursor's place; False, said why, where it cannot be
        read (the document then stays as it was)."""
        if self.path is None:
            return False
        self.finish_saving()
        try:
            loaded = self._read_again()
        except DocumentError as exc:
            self.message.emit(str(exc), 10000)
            return False
        self._reload_with(loaded, self.signature)
        return True

    def _reload_with(self, loaded, before: FileSignature | None) -> None:
        """The file's text `loaded` in place of the document's, as one step Undo takes back
        (the writer's own text comes back, marked unsaved), the cursor where it was; `before`
        is the signature of the file the replaced text was read from or saved to."""
        position = self.editor.textCursor().position()
        doc = self.editor.document()
        replacing_text(self.editor, loaded.text)  # (a paste being made goes into no other text)
        if self._reload_step is not None and doc.availableUndoSteps() == self._reload_step:
            # nothing edited since the last reload: one reload's copy is kept, not one for
            # each of a file another program rewrites every few seconds
            doc.clearUndoRedoStacks()
        if max(len(loaded.text), doc.characterCount()) <= UNDOABLE_RELOAD_CHARS:
            cursor = QTextCursor(doc)
            cursor.setPosition(position)  # where Undo puts the cursor back (before the block)
            with from_elsewhere(self.editor):  # (the block's change is announced at its end)
                cursor.beginEditBlock()
                cursor.select(QTextCursor.SelectionType.Document)
                cursor.insertText(loaded.text)
                # (a redo of it leaves the cursor where it was too, not at the text's end)
                end_step(cursor, min(position, doc.characterCount() - 1))
                cursor.endEditBlock()
        else:
            self.editor.setPlainText(loaded.text)
        self.text_loaded.emit()
        doc.setModified(False)
        self.format = loaded.format
        self.signature = loaded.signature
        self._disk_digest = text_digest(loaded.text)
        self._put_cursor(position)
        # an Undo back past this step brings the text the file no longer holds: the save
        # must then ask again (`_on_edit`)
        self._reload_step = doc.availableUndoSteps() if doc.isUndoAvailable() else None
        self._before_reload = before
        if self.path is not None:
            self.reloaded.emit(str(self.path))

    def save(self) -> bool:
        """Save to the document's file (Save As for an untitled one); False: not saved, and
        the writer was told why."""
        if self.path is None:
            return self.save_as()
        return self._save_to(None)

    def save_as(self) -> bool:
        # an untitled one named after its first line, as the window's title names it
        start = self.path if self.path is not None else Path.home() / self.file_name()
        path = self.questions.path_to_save(start)
        return self._save_to(path) if path else False

    def open_dialog(self) -> str:
        """Ask for a file to open; '' when the writer cancels."""
        return self.questions.path_to_open(self.path.parent if self.path else Path.home())

    def _save_to(self, path: str | None, overwrite: bool = False) -> bool:
        try:
            self.write(path, overwrite=overwrite)
        except ConflictError as exc:
            self.journal_now()
            choice = self.questions.conflict(exc)
            if choice == OVERWRITE:
                return self._save_to(path, overwrite=True)
            if choice == SAVE_AS:
                return self.save_as()
            self.message.emit(
                self.tr("Not saved. Your text is still here, and {0} is as the other program "
                        "left it.").format(exc.path.name if exc.path else ""),
                10000,
            )  # fmt: skip
            return False
        except EncodingError as exc:
            self.journal_now()
            name = Path(path).name if path else self.display_name
            guessed = self.encoding_guessed
            if not self.questions.save_in_utf8(
                name, exc.encoding, exc.char, exc.line, guessed=guessed
            ):
                self.message.emit(
                    self.tr("Not saved: {0} has no character “{1}” (line {2}).").format(
                        exc.encoding, exc.char, exc.line
                    ),
                    10000,
                )
                return False
            self.format = TextFormat(newline=self.format.newline)
            if not self._save_to(path, overwrite=overwrite):
                return False
            self.message.emit(
                self.tr("Saved {0} in UTF-8 ({1} has no character “{2}”).").format(
                    self.path.name, exc.encoding, exc.char
                ),
                8000,
            )
            return True
        except DocumentError as exc:
            self.journal_now()  # the text is safe in the journal too, at once
            self.questions.could_not_save(str(exc))
            return False
        self.remember_cursor()
        self._auto_stopped = self._auto_failed = False  # (the writer decided: Auto Save goes on)
        # the name: a whole path did not fit beside the status bar's permanent parts ("Saved
        # /tmp/…/ch"); the window's title and File → Open show where it is
        self.message.emit(self.tr("Saved {0}").format(self.path.name), 4000)
        return True

    def write(self, path: str | Path | None = None, *, overwrite: bool = False,
              keep: bool = True) -> None:  # fmt: skip
        """Save atomically (to `path` if given), here and now, after any auto save in flight;
        raises SaveError with a sentence. `keep`: whether the local history keeps the version
        written (an auto save keeps one at most every AUTO_KEEP_S; one it does not keep is not
        kept later either).

        Saving to the document's own file first checks that the file is still the one it was
        opened from or last saved to; if another program changed, deleted or moved it (even
        unnoticed by the file watcher), ConflictError is raised and nothing is written, unless
        `overwrite` says the writer chose to."""
        self.finish_saving()
        save = self._take(path, overwrite=overwrite, keep=keep)
        save.write()
        self._took(save)

    def _take(self, path: str | Path | None = None, *, overwrite: bool = False,
              keep: bool = True) -> _Save:  # fmt: skip
        """What a save needs of the window's thread (the text, the edit it is at, the format,
        the signature the file must still have), to be written on any thread."""
        target = Path(path).absolute() if path else self.path
        if target is None:
            raise DocumentError("This document has no file yet: use Save As.")
        check = not overwrite and target == self.path and self.signature is not None
        return _Save(
            target=target,
            text=plain_text(self.editor.document()),
            edits=self._edits,
            fmt=self.format,
            expected=self.signature if check else None,
            keep=keep,
            kept=self._kept,
            check_kept=keep and self.history is not None and self.settings.keep_versions > 0,
        )

    def _took(self, save: _Save) -> None:
        """A save written (or its error raised): the document is its file's as written. It is
        marked saved only where no edit came since its text was taken (an auto save written
        while the writer typed on: the journal keeps the newer text, the next pause saves)."""
        if save.error is not None:
            raise save.error
        target = save.target
        self.path = target
        self.signature = save.signature
        if save.keep:
            self._keep_versions(target, save.replaced, save.data)
        elif self._kept is not None:
            self._kept = self.signature  # (the next kept save does not keep this one either)
        self._disk_digest = save.digest
        self._reload_step = self._before_reload = None  # the file holds this text now
        if save.edits == self._edits:
            self.editor.document().setModified(False)
            self.journal_discard()
        else:  # (the journal's copy names the file as it was: journaled again, its save
            self._journaled_revision = -1  # asked about "another program's" change)
        self._watch()
        self._name_changed()
        self.saved.emit(str(target))

    def _keep_versions(self, target: Path, replaced: tuple[bytes, float] | None,
                       data: bytes) -> None:  # fmt: skip
        """Hand the bytes a save replaced (where not kept yet) and those it wrote to the local
        history, on the journal's writing thread: the save does not wait for it. A failure is
        said once in the status bar (the file itself is saved)."""
        history, keep = self.history, self.settings.keep_versions
        if history is None or keep <= 0:
            return
        self._kept = self.signature
        self._last_kept = time.monotonic()
        name = target.name

        def work() -> None:
            history.keep_count = keep
            try:
                if replaced is not None:
                    history.keep(target, replaced[0], REPLACED, when=replaced[1])
                history.keep(target, data, SAVED)
            except OSError as exc:
                self._kept = None  # (not kept: the next save keeps the file as it is then)
                if not self._history_failed:
                    self._history_failed = True
                    self.message.emit(
                        self.tr("{0} is saved, but Writer could not keep this version in its "
                                "local history ({1}).").format(name, reason_of(exc)),
                        10000,
                    )  # fmt: skip

        self.journal.run(work)

    def _follow_history(self, old: Path, new: Path) -> None:
        follow_history(self.journal, self.history, old, new)

    def rename(self, typed: str, root: Path | None = None, notes: str | None = None) -> Path:
        """Give the file the name `typed` (the Project panel's Rename, see
        writer.project.files; with "/", a move within the project's folder `root`; `notes`,
        the project's notes file's name, which it is not given): an auto save being written
        ends first, under the old name. Returns the new path; raises FileNameError with a
        sentence, nothing changed."""
        if self.path is None:
            raise FileNameError(said("An untitled document has no file to rename."))
        self.finish_saving()
        new = rename_document(self.path, typed, root, notes)
        if new != self.path:
            self.moved_to(new)
        return new

    def trashed(self) -> None:
        """The file went to the trash from Writer (the Project panel's Move to Trash): a
        document without unsaved changes leaves the window, an empty untitled one in its
        place (its text is in the trash); one with unsaved changes keeps them, unsaved, and
        saving writes the file again."""
        self._settle.stop()  # (the file's going is this, not another program's doing)
        files = self._watcher.files()
        if files:
            self._watcher.removePaths(files)
        name = self.display_name
        if self.is_modified:
            self.signature = self._disk_digest = None
            if self.settings.auto_save and not self._auto_stopped:
                # (its next auto save wrote the file back at once, the trash undone unsaid)
                self._auto.stop()
                self._auto_stopped = True
                self.message.emit(self.tr(
                    "{0} is in the trash; your unsaved changes are still here, and Auto Save "
                    "waits: Ctrl+S saves them to keep them.").format(name), 0)  # fmt: skip
                return
            self.message.emit(
                self.tr(
                    "{0} is in the trash; your unsaved changes are still here: save them to "
                    "keep them."
                ).format(name),
                0,
            )
            return
        self.finish_saving()
        self.journal_discard()
        self.editor.setPlainText("")
        self.text_loaded.emit()
        self.editor.document().setModified(False)
        self.path = self.signature = self._disk_digest = None
        self.format = TextFormat()
        self._auto.stop()
        self._name_changed()

    def moved_to(self, new: str | Path) -> None:
        """The file now has the name `new` (renamed in the Project panel, or by another
        program): the document is that file, its kept versions go with it, and its unsaved
        changes stay unsaved."""
        if self.path is None:
            return
        was, self.path = self.path, Path(new).absolute()
        self.settings.file_renamed(str(was), str(self.path))
        self._follow_history(was, self.path)
        self._watch()
        self._name_changed()
        if self.editor.document().isModified():
            # the journal's entry names the file now (a kill before the next key restored
            # the draft under the old name, and its save made that file again)
            self._journaled_revision = -1
            self.journal_now()

    def maybe_save(self) -> bool:
        """Ask Save / Don't Save / Cancel for a modified document; False means cancel."""
        land_pastes(self.editor)  # (a long paste still being made Markdown is a change)
        self.finish_saving()  # (an auto save being written may leave nothing to ask)
        if not self.is_modified:
            return True
        if self.settings.auto_save and self.path is not None and not self._auto_stopped:
            try:
                self.write(keep=True)  # (as VS Code's auto save: no question)
                return True
            except DocumentError:
                pass  # (asked: the box's Save says why it cannot)
        offer = self.path is not None and not self.settings.auto_save
        answer = self.questions.save_changes(self.display_name, offer_auto_save=offer)
        if answer == SAVE_ALWAYS:
            saved = self.save()
            if saved:  # (announced: every window's File → Auto Save shows it on)
                self.settings.update(auto_save=True)
            return saved
        if answer == SAVE:
            return self.save()
        if answer == DISCARD:
            self.journal_discard()
            self.editor.document().setModified(False)
            return True
        return False  # CANCEL

    def close(self) -> bool:
        """Before the window closes: ask about unsaved changes (False: the writer cancelled),
        then remember the cursor's place and drop the journal entry."""
        if not self.maybe_save():
            return False
        self.remember_cursor()
        self.journal_discard()
        self._timer.stop()
        self._auto.stop()
        self._settle.stop()  # a closed window neither reloads nor asks
        files = self._watcher.files()
        if files:
            self._watcher.removePaths(files)
        return True

    def remember_cursor(self) -> None:
        """The file goes first in the recent files, with the cursor's place in it."""
        if self.path is not None:
            self.settings.remember_file(str(self.path), self.editor.textCursor().position())

    def _watch(self) -> None:
        files = self._watcher.files()
        if files:
            self._watcher.removePaths(files)
        if self.path is not None and self.path.exists():
            self._watcher.addPath(str(self.path))

    def _on_file_changed(self, changed: str) -> None:
        if self.path is None:
            return
        self._settle.start()  # looked at once the file is still (CHANGE_SETTLE_MS)
        self._watch()  # editors that save by renaming replace the watched inode

    def _on_disk_settled(self) -> None:
        """The file changed on disk and is still now: say so, reload or ask, by what it
        holds."""
        if self.path is None:
            return
        if (self._saving is not None or self._asking
                or QApplication.activeModalWidget() is not None):  # fmt: skip
            # an auto save being written (the change may be its own, its signature not known
            # yet), or a question open (this one's, or a save's): looked at after it, not
            # taken for another program's change nor stacked on the question
            self._settle.start()
            return
        self._watch()
        now = file_signature(self.path)
        if now is None:
            moved = self._renamed_to()
            if moved is None:
                self._removed_on_disk()
                return
            # renamed in its folder by another program: the document is that file now (its
            # old name was left dangling, and a project gave the model the document's own
            # text as "another part of the project")
            old = self.path.name
            self.moved_to(moved)
            self.message.emit(
                self.tr(
                    "{0} was renamed to {1} by another program; the document follows it."
                ).format(old, moved.name),
                10000,
            )
            return
        if now == self.signature:
            return
        name = self.path.name
        try:
            loaded = self._read_again()
        except DocumentError as exc:
            # the signature stays the old one: Ctrl+S asks before replacing the file; why it
            # cannot be read goes to the log (the open's sentence, wrapped, was cut in the
            # status bar and told the writer to open it again elsewhere)
            log.info("%s changed on disk and cannot be read: %s", self.path, exc)
            self.message.emit(
                self.tr(
                    "{0} was changed by another program into something Writer cannot read; "
                    "your version stays here, and saving asks before replacing it."
                ).format(name),
                0,
            )
            return
        digest = text_digest(loaded.text)
        shown = plain_text(self.editor.document())
        if digest == self._disk_digest or loaded.text == shown:
            # written again with the text it had (a touch, a sync tool), or with this very
            # text: nothing to reload or ask, and the undo history stays
            if loaded.text == shown:
                self.editor.document().setModified(False)
            self.signature, self._disk_digest = now, digest
            self.format = loaded.format  # (its line endings or BOM may have changed)
            return
        before, known = self.signature, self._disk_digest
        self.signature, self._disk_digest = now, digest  # (asked once: Keep My Version)
        if not self._changed_on_disk(loaded, before):
            # decided later: the save asks, as for a change it finds itself
            self.signature, self._disk_digest = before, known

    def _changed_on_disk(self, loaded, before: FileSignature | None) -> bool:
        """Reload `loaded` or ask (with unsaved changes); False where the writer left the
        question for the save (the file's change stays unknown to the save until then)."""
        name = self.path.name
        if not self.is_modified:
            self._reload_with(loaded, before)
            self.message.emit(
                self.tr(
                    "{0} was changed by another program and reloaded (Undo brings back the "
                    "text it replaced)."
                ).format(name),
                8000,
            )
            return True
        self._asking = True
        try:
            answer = self.questions.reload_changed(name)
        finally:
            self._asking = False
        if not shiboken6.isValid(self):
            return True  # its window went while the question was open: nothing left to do
        if answer == RELOAD:
            self._reload_with(loaded, before)
        elif answer == LATER:
            self.message.emit(
                self.tr(
                    "Your version of {0} stays here; saving asks before replacing the other "
                    "program's."
                ).format(name),
                10000,
            )
            return False
        return True

    def _renamed_to(self) -> Path | None:
        """The name the file has now where another program renamed it within its folder: the
        entry there that is the same file as when last read or written (its inode, size and
        modification time); None when there is none."""
        old, path = self.signature, self.path
        if old is None or path is None:
            return None
        try:
            with os.scandir(path.parent) as entries:
                for entry in entries:
                    # the same kind of file: an editor's backup ("chapter.md~", ".bak") is
                    # the old file renamed too, while the new one is being written
                    if (
                        not entry.is_file(follow_symlinks=False)
                        or Path(entry.name).suffix.lower() != path.suffix.lower()
                        or entry.name.startswith(".")
                        or entry.name.endswith("~")
                    ):
                        continue
                    st = entry.stat(follow_symlinks=False)
                    if (st.st_ino, st.st_size, st.st_mtime_ns) == (
                        old.inode,
                        old.size,
                        old.mtime_ns,
                    ):
                        return Path(entry.path).absolute()
        except OSError:
            return None
        return None

    def _removed_on_disk(self) -> None:
        self.editor.document().setModified(True)
        self.message.emit(
            self.tr(
                "{0} was deleted or moved by another program; "
                "your text is still here: save it to keep it."
            ).format(self.path.name),
            0,
        )

    # journal ------------------------------------------------------------------------------
    def _on_edit(self) -> None:
        self._edits += 1
        if self._reload_step is not None and (
            self.editor.document().availableUndoSteps() < self._reload_step
        ):
            # the reload undone: the text is the one the file held before another program
            # changed it, so a save asks before replacing their version (it went silently)
            self.signature, self._disk_digest = self._before_reload, None
            self._reload_step = None
            self.text_loaded.emit()  # (the writer's own text back, not written now)
        if self.path is None:  # an untitled document is named after its first words
            name = self.display_name
            if name != self._shown_name:
                self._name_changed()
        # not restarted by the next keystroke: a writer who never pauses is journaled too
        if self.editor.document().isModified() and not self._timer.isActive():
            self._timer.start(JOURNAL_DELAY_MS)
        if self.settings.auto_save and self.path is not None and not self._auto_stopped:
            self._auto.start()  # (restarted by each key: written once typing pauses)

    def auto_save(self) -> None:
        """File → Auto Save: write the file once typing pauses, without a word when it goes
        well. Never over another program's change or in an encoding that lacks a character:
        then it says so once and waits for the writer's own Ctrl+S, which asks. A failure to
        write (a full disk) is said once; the next pause tries again, the journal keeps the
        text meanwhile.

        Typing never waits for the disk: the text is taken here and written on the journal's
        writing thread, after the journal entries and kept versions handed to it before, and
        the result comes back here (`_on_auto_written`). One auto save is written at a time;
        a pause meanwhile saves once more after it. Whatever else needs the file as saved (a
        save, a close, a reload, a change on disk) waits for it first (`finish_saving`)."""
        if not self._auto_saves():
            return
        if self.busy():
            self._auto.start()  # after the rewrite or the composition
            return
        if self._saving is not None:
            self._auto_again = True
            return
        save = self._saving = self._take_auto()

        def work() -> None:  # (on the writing thread)
            _write_taken(save)
            with suppress(RuntimeError):  # (the window is gone: nothing to tell)
                self._auto_written.emit(save)

        self.journal.run(work)

    def auto_save_now(self) -> None:
        """Auto Save's write of the document here and now, not at the pause (the system ends
        Writer: the pause never comes, and the document came back unsaved). Not while a
        rewrite or a composition changes it; where the write is refused (another program's
        change, a character its encoding lacks, a full disk), said as at a pause, the text
        stays unsaved, and the journal keeps it."""
        self.finish_saving()
        if not self._auto_saves() or self.busy():
            return
        self._auto.stop()
        save = self._take_auto()
        _write_taken(save)
        self._auto_done(save, again=False)

    def _auto_saves(self) -> bool:
        """Whether Auto Save writes the document now: on, a file, changed, not stopped (after
        another program's change), no question open about it."""
        return (self.settings.auto_save and self.path is not None
                and self.editor.document().isModified()
                and not self._auto_stopped and not self._asking)  # fmt: skip

    def _take_auto(self) -> _Save:
        """An auto save's `_take`: a version kept in the local history at most every
        AUTO_KEEP_S."""
        last = self._last_kept
        return self._take(keep=last is None or time.monotonic() - last >= AUTO_KEEP_S)

    def finish_saving(self) -> None:
        """Wait for the auto save being written, if any, and take its result: a save, a close
        or a reload comes after it, never racing it."""
        save = self._saving
        if save is not None:
            save.done.wait()
            self._auto_done(save, again=False)

    def _on_auto_written(self, save: _Save) -> None:
        if save is self._saving:  # (else taken already by `finish_saving`)
            self._auto_done(save, again=True)

    def _auto_done(self, save: _Save, again: bool) -> None:
        """An auto save written or failed: the document as its file is now, or the failure
        said; `again`: the auto save a pause asked for meanwhile goes now."""
        self._saving = None
        name = save.target.name
        try:
            self._took(save)
        except ConflictError as exc:
            self._auto_stopped = True
            if exc.deleted:  # (there is no other text to keep: it said so, wrongly)
                self.message.emit(self.tr(
                    "Auto Save stopped for {0}: another program deleted or moved the file. "
                    "Ctrl+S offers to save it again.").format(name), 15000)  # fmt: skip
            else:
                self.message.emit(self.tr(
                    "Auto Save stopped for {0}: another program changed the file. Ctrl+S "
                    "asks which text to keep.").format(name), 15000)  # fmt: skip
        except EncodingError as exc:
            self._auto_stopped = True
            self.message.emit(self.tr(
                "Auto Save stopped for {0}: {1} has no character “{2}” (line {3}). Ctrl+S "
                "offers to save in UTF-8.").format(name, exc.encoding, exc.char, exc.line),
                15000)  # fmt: skip
        except DocumentError as exc:
            self.journal_now()
            if not self._auto_failed:
                self._auto_failed = True
                # the short reason ("the disk is full"), in the interface's words: the whole
                # message repeated "could not save", in English under Chinese
                reason = sentence(getattr(exc, "reason", "") or str(exc)).rstrip(".。")
                self.message.emit(self.tr(
                    "Auto Save could not save {0} ({1}). It tries again when you next pause; "
                    "your text is kept meanwhile.").format(name, reason), 15000)  # fmt: skip
        except Exception:
            self.journal_now()
            log.exception("an auto save of %s failed", save.target)
        else:
            self._auto_failed = False
        if self._auto_again:
            self._auto_again = False
            if again and not self._auto.isActive():
                self.auto_save()

    def _on_modification(self, modified: bool) -> None:
        """Back to the text the file holds (Undo to the last save): the draft the journal has
        is not a document to recover any more (a crash then offered the undone words back)."""
        if not modified:
            self.journal_discard()

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
            plain_text(doc),
            path=str(self.path) if self.path else None,
            cursor=self.editor.textCursor().position(),
            title_hint=self.display_name,
            fmt=self.format,
            signature=self.signature,
            project=str(self.project_folder) if self.project_folder is not None else None,
        )
        self.journal.submit(entry)

    def journal_discard(self) -> None:
        self._timer.stop()
        self._journaled_revision = -1
        if self.journal.journal is not None:
            self.journal.journal.discard(self.doc_id)
