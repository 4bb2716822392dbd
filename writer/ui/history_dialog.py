"""File → Local History: the earlier versions of the document Writer kept at its saves
(writer.documents.history), each compared with the text now, and one restored into the editor.

The list shows when each version was kept, newest first; the one selected shows beside it with
its paragraphs that differ from the text now marked, and a line that counts them; Show
Changes shows instead the lines that differ in both texts with a few around them, the text
now's struck through (what a Restore takes out), the version's in green. A long text
is compared on a thread of its own (`history.compare` takes seconds over a long manuscript of
short lines), and the version's lines with their marks, and Show Changes' lines, are built on
one where they are many (`lines_document`): a long version's text is laid there, with its
marks where they are found at once, else first without them (it shows while it is compared,
which takes seconds over a long manuscript) and again with them, "Preparing the version…"
showing until it comes, and Show Changes' line saying so meanwhile: the window never waits
for them (picking a version of 5,000 lines takes about
20 ms of the window's thread in all on a shared two-core machine, 38 when its text was laid
there first; `python -m writer.bench.history_pick` measures it). Restore puts its text in the
editor as one edit (Ctrl+Z takes it back; the file changes only when the writer saves); Copy
Text puts it on the clipboard. A version whose copy is gone or damaged says so and cannot be
restored. Nothing here writes the history.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence

import shiboken6
from PySide6.QtCore import QDateTime, QLocale, QSignalBlocker, Qt, QThread
from PySide6.QtGui import (
    QColor,
    QFont,
    QGuiApplication,
    QPalette,
    QSyntaxHighlighter,
    QTextBlock,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextDocumentLayout,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from writer.documents.history import (
    BEFORE_REPLACE,
    HERE,
    NOW,
    REPLACED,
    SAME,
    SKIPPED,
    Difference,
    HistoryError,
    LocalHistory,
    Version,
    compare,
)
from writer.documents.markdown import Kind, table_row
from writer.documents.textfile import text_of
from writer.tasks import TaskHandle
from writer.ui.editor import Editor, from_elsewhere, plain_text, replacing_text
from writer.ui.i18n import joined, sentence
from writer.ui.markdown import formats_for
from writer.ui.screens import resize_within
from writer.ui.steps import end_step

COMPARE_CHARS = 400_000  # longer texts are shown without their differences marked (difflib)
AT_ONCE_CHARS = 20_000  # shorter ones are compared at once (in milliseconds), longer on a thread
CHANGES_AT_ONCE = 2_000  # Show Changes' lines laid at once (in milliseconds); more on a thread


class HistoryDialog(QDialog):
    """The versions of `path` in `history`; `editor` is the document's, `say` the window's
    status bar."""

    def __init__(self, history: LocalHistory, path, editor: Editor, encoding: str,
                 say, parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.history, self.path, self.editor, self.encoding, self.say = (
            history, path, editor, encoding, say
        )
        self.versions: list[Version] = history.versions(path)
        self.text: str | None = None  # the selected version's text, when it reads
        self.comparing: TaskHandle | None = None  # the comparison of a long text, under way
        self.found: Difference | None = None  # the selected version's, once compared
        # the preview's two documents: the version's text (its lines that differ coloured once
        # `marked`: the text again with its marks, `lines_document`), and Show Changes' lines,
        # each built once for each version (on a thread where they are many: `_mark`,
        # `_lay_changes`) and swapped in and out at a toggle
        self.marked = False
        self.marking: TaskHandle | None = None  # the version's lines with their marks, being built
        self.changes: QTextDocument | None = None
        self.preparing: TaskHandle | None = None  # Show Changes' lines, being built
        self.counted = ""  # the summary of the version's differences
        self.wants_changes = False  # Show Changes as the writer left it (`_changes_shown`)
        self.setWindowTitle(self.tr("Local History — {0}").format(path.name))
        layout = QVBoxLayout(self)
        if history.keep_count > 0:
            kept = self.tr(
                "Writer keeps a version of this document each time it saves it (the newest {0})."
            ).format(history.keep_count)
        else:  # (it read "the newest 0" above the versions kept before)
            kept = self.tr(
                "Writer keeps no versions now (Settings → Project → Versions kept of each "
                "document): these are the ones it kept before."
            )
        self.intro = QLabel(
            joined(kept, self.tr(
                "Pick one to see what differs from the text now. Restore puts it in the editor: "
                "Ctrl+Z takes it back, and the file changes only when you save."
            )),
            self,
        )
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        self.list = QListWidget(split)
        for version in self.versions:
            item = QListWidgetItem(self._label(version))
            item.setToolTip(self._tip(version))
            self.list.addItem(item)
        right = QWidget(split)
        column = QVBoxLayout(right)
        column.setContentsMargins(0, 0, 0, 0)
        self.summary = QLabel(right)
        self.summary.setWordWrap(True)
        column.addWidget(self.summary)
        self.preview = QPlainTextEdit(right)
        self.preview.setReadOnly(True)
        self.preview.setFont(editor.font())
        # (the dialog's own: a document of the preview's own is deleted when another is set)
        self.version_document = QTextDocument(self)
        self.version_document.setDocumentLayout(QPlainTextDocumentLayout(self.version_document))
        self.version_document.setDefaultFont(editor.font())
        self.preview.setDocument(self.version_document)
        self.preview.setUndoRedoEnabled(False)  # (its lines that differ coloured, as blocks)
        # (a Markdown document's tables in the fixed font, as the editor shows them: their
        # columns line up)
        self.table: QTextCharFormat | None = None
        if editor.markdown is not None:
            self.table = formats_for(self.preview.palette(), self.preview.font())[Kind.TABLE]
            TableLines(self.version_document, self.table)
        column.addWidget(self.preview)
        split.addWidget(self.list)
        split.addWidget(right)
        split.setStretchFactor(1, 3)
        layout.addWidget(split, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.restore_button = QPushButton(self.tr("&Restore"), self)
        self.restore_button.setToolTip(self.tr("Put this version's text in the editor"))
        self.copy_button = QPushButton(self.tr("&Copy Text"), self)
        # the version's lines beside the text now's where they differ: what a Restore takes
        # out was only counted ("2 only in the text now"), never shown (look35's)
        self.changes_button = QPushButton(self.tr("Show C&hanges"), self)
        self.changes_button.setCheckable(True)
        self.changes_button.setEnabled(False)
        self.changes_button.setToolTip(self.tr(
            "Show only the lines that differ, with a few around them: the text now's struck "
            "through (Restore takes them out), this version's in green (Restore brings them "
            "back)"))  # fmt: skip
        self.changes_button.toggled.connect(self._lay)
        self.changes_button.clicked.connect(self._keep_wish)
        buttons.addButton(self.changes_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.restore_button.clicked.connect(self.restore)
        self.copy_button.clicked.connect(self.copy)
        buttons.button(QDialogButtonBox.StandardButton.Close).setDefault(True)
        layout.addWidget(buttons)
        self.list.currentRowChanged.connect(self._show)
        resize_within(self, 900, 560)
        if self.versions:
            self.list.setCurrentRow(0)
        self.list.setFocus()

    # the list ----------------------------------------------------------------------------------
    def _when(self, version: Version, in_sentence: bool = False) -> str:
        """When `version` was kept: "Today 14:32:05" in the list ("today at 14:32:05" inside a
        sentence), else the locale's short date and time."""
        when = QDateTime.fromSecsSinceEpoch(int(version.time))
        locale = QLocale()
        day = time.localtime(version.time)[:3]
        if day == time.localtime()[:3]:
            at = locale.toString(when.time(), "HH:mm:ss")
            return self.tr("today at {0}").format(at) if in_sentence else self.tr(
                "Today {0}"
            ).format(at)
        return locale.toString(when, QLocale.FormatType.ShortFormat)

    def _label(self, version: Version) -> str:
        when = self._when(version)
        if version.kind == REPLACED:
            return self.tr("{0} · before a save").format(when)
        if version.kind == BEFORE_REPLACE:
            return self.tr("{0} · before Replace in Project").format(when)
        return when

    def _tip(self, version: Version) -> str:
        size = QLocale().formattedDataSize(version.size)
        if version.kind == REPLACED:
            return self.tr(
                "The file as it was (written {0}, {1}) before Writer saved over it."
            ).format(self._when(version), size)
        if version.kind == BEFORE_REPLACE:
            return self.tr(
                "The file as it was (written {0}, {1}) before Replace in Project changed it."
            ).format(self._when(version), size)
        return self.tr("Saved by Writer, {0}.").format(size)

    # the selected version ----------------------------------------------------------------------
    def selected(self) -> Version | None:
        row = self.list.currentRow()
        return self.versions[row] if 0 <= row < len(self.versions) else None

    def _show(self, _row: int = 0) -> None:
        version = self.selected()
        self.text = None
        self.found = None
        self._changes_shown(False)
        self._stop_comparing()
        self._stop_marking()
        self._stop_preparing()
        self.preview.setDocument(self.version_document)
        if self.changes is not None:  # (the last version's: 5,000 lines are megabytes)
            self.changes.deleteLater()
            self.changes = None
        self.marked = False
        self.preview.setPlaceholderText("")
        if version is None:
            return
        try:
            data = self.history.read(self.path, version)
        except HistoryError as exc:
            self.preview.setPlainText("")
            self.summary.setText(sentence(str(exc)))
        else:
            self.text = _read(data, self.encoding)
            if self.text is None:
                self.preview.setPlainText("")
                self.summary.setText(self.tr("This version holds binary data, not text."))
            elif _many_lines(self.text):
                # laid on a thread (`_mark`: laid here, 5,000 lines held the window 25 ms),
                # with its marks where they are found at once; else without them, to show
                # while it is compared (seconds over a long manuscript: the text showed
                # only then), and again with them where the compare finds any (the one
                # without dropped if it is not yet done)
                self.preview.setPlainText("")
                self.preview.setPlaceholderText(self.tr("Preparing the version…"))
                self._compare(self.text)
                if self.marking is None:
                    self._mark(None, self.text)
            else:
                self.preview.setPlainText(self.text)
                self._compare(self.text)
        self.restore_button.setEnabled(self.text is not None)
        self.copy_button.setEnabled(self.text is not None)

    def _compare(self, text: str) -> None:
        """Compare the version with the text now: at once where they are short, else on a
        thread of its own (`_compared` shows what it found). A paragraph separator (U+2029,
        in a file another program wrote) ends a line of the preview as it does in the editor:
        counted as part of its line, every mark after it fell on the line before."""
        text = text.replace("\u2029", "\n")
        now = plain_text(self.editor.document())
        if text == now:
            self.summary.setText(self.tr("The same as the text now."))
            return
        if len(text) + len(now) > COMPARE_CHARS:
            self.summary.setText(self.tr("Differs from the text now (too long to mark where)."))
            return
        if len(text) + len(now) <= AT_ONCE_CHARS:
            self._compared(compare(text, now))
            return
        self.summary.setText(self.tr("Comparing with the text now…"))
        task = TaskHandle(lambda _task: compare(text, now), "history-compare")
        task.finished.connect(lambda found: self._compared(found, task))
        self.comparing = task
        task.start()

    def _stop_comparing(self) -> None:
        """What a comparison under way finds is no longer wanted (another version, or none)."""
        if self.comparing is not None:
            self.comparing.abandon()
            self.comparing = None

    def _compared(self, found: Difference, task: TaskHandle | None = None) -> None:
        """Mark the lines of the version that the text now lacks or has otherwise, count the
        lines changed, only in the version and only in the text now, and scroll to the first
        mark."""
        if task is not self.comparing:
            return  # (another version was picked meanwhile)
        self.comparing = None
        self.found = found
        self._changes_shown(bool(found.changes))
        self._lay()
        parts = []
        if found.changed:
            parts.append(self.tr("{0} changed").format(found.changed))
        if found.only_here:
            parts.append(self.tr("{0} only in this version (marked)").format(found.only_here))
        if found.only_now:
            parts.append(self.tr("{0} only in the text now").format(found.only_now))
        lines = self.tr("Lines against the text now: {0}.").format(self.tr(", ").join(parts))
        self.counted = joined(lines if parts else "", self._ends(found, bool(parts)))
        self.summary.setText(joined(self.counted, self._preparing_note()))

    def _ends(self, found: Difference, lines_differ: bool) -> str:
        """Where only one of the texts ends with a line break, a sentence that says which (the
        empty line after it showed marked, with no word of what differed); else nothing. Beside
        lines counted, nothing where one text is empty (it has no line to end); alone, said
        even so (a version of one line break against an empty text said nothing at all)."""
        if found.break_here == found.break_now:
            return ""
        if lines_differ and not (self.text and plain_text(self.editor.document())):
            return ""
        if found.break_here:
            return self.tr("This version ends with a line break; the text now ends without one.")
        return self.tr("This version ends without a line break; the text now ends with one.")

    def _changes_shown(self, available: bool) -> None:
        """Show Changes ticked as the writer left it where the version can be compared, else
        unticked and greyed (it stayed ticked, greyed, over a version with nothing to show)."""
        with QSignalBlocker(self.changes_button):
            self.changes_button.setChecked(available and self.wants_changes)
        self.changes_button.setEnabled(available)

    def _keep_wish(self, checked: bool) -> None:
        """The writer ticked or unticked Show Changes: kept for the versions picked next."""
        self.wants_changes = checked

    def _lay(self) -> None:
        """The preview: the version's text with its lines that differ coloured, or with Show
        Changes the lines that differ in both texts with a few around them (`_lay_changes`)."""
        found, text = self.found, self.text
        if found is None or text is None:
            return
        if self.changes_button.isChecked() and found.changes:
            self._lay_changes(found)
            return
        self._stop_preparing()
        self.summary.setText(self.counted)
        self.preview.setDocument(self.version_document)  # (its text and colours as they were)
        if not self.marked:
            self.marked = True
            if found.marked:  # (a long text is laid already without them: `_show`)
                self._mark(found, text)

    def _mark(self, found: Difference | None, text: str) -> None:
        """The version's text with its lines that differ coloured (`found`; None: nothing to
        mark), as Show Changes' are (`lines_document`: the lines' blocks, which fill each line
        a paragraph wraps over; a mark's full-width selection coloured only the first). Few
        lines: their text shows already, laid again here with its marks where it has any.
        Many: built, text and marks, on a thread of their own (colouring 5,000 lines
        held the window), "Preparing the version…" showing meanwhile (the text without its
        marks, laid there while it is compared, dropped if it is not yet done)."""
        marked = found.marked if found is not None else ()
        many = _many_lines(text)
        if not marked and not many:
            return
        colours = {HERE: QColor(self.palette().color(QPalette.ColorRole.Highlight))}
        colours[HERE].setAlpha(60)
        font = self.preview.font()
        if not many:
            self._marks_laid(lines_document(version_lines(text, marked), font, colours))
            return
        self._stop_marking()  # (the text laid without its marks while it was compared)
        window = self.thread()
        task = TaskHandle(lambda task: lines_document(
            version_lines(text, marked), font, colours, to_thread=window,
            unwanted=task.cancel_event), "history-marks")  # fmt: skip
        task.finished.connect(lambda document: self._marks_laid(document, task))
        self.marking = task
        task.start()

    def _stop_marking(self) -> None:
        """The version's marks being built are no longer wanted (another version)."""
        if self.marking is not None:
            self.marking.abandon()
            self.marking = None

    def _marks_laid(self, document: QTextDocument, task: TaskHandle | None = None) -> None:
        """The version's text with its marks, built: the version's document from now on (the
        one it replaces let go), shown where the version's text is, its first mark in sight."""
        if not shiboken6.isValid(self) or task is not self.marking:
            return  # (the window deleted meanwhile: the handle lets the lines go)
        self.marking = None
        self._adopt(document)
        shown = self.preview.document() is self.version_document
        self.version_document.deleteLater()
        self.version_document = document
        self.preview.setPlaceholderText("")
        if shown:
            self.preview.setDocument(document)
            if self.found is not None and self.found.marked:
                self._show_first(document.findBlockByNumber(min(self.found.marked)))

    def _adopt(self, document: QTextDocument) -> None:
        """A document built by `lines_document` made the dialog's, to show in the preview: its
        tables in the fixed font too."""
        document.setParent(self)
        document.setDocumentLayout(QPlainTextDocumentLayout(document))
        if self.table is not None:
            TableLines(document, self.table)

    def _lay_changes(self, found: Difference) -> None:
        """Show Changes' lines in the preview: built at once where they are few, else on a
        thread of their own (5,000 lines that all differ held the window for a second and
        more), the summary saying so meanwhile and the version's text showing; a toggle back
        or another version drops them."""
        if self.changes is not None:
            self._changes_laid(self.changes)
            return
        if self.preparing is not None:
            return
        template = self.tr("⋯ {0} lines the same ⋯")
        skipped = self.preview.palette().color(QPalette.ColorRole.PlaceholderText)
        font = self.preview.font()
        if len(found.changes) <= CHANGES_AT_ONCE:
            self._changes_laid(lines_document(found.changes, font, CHANGES, template, skipped))
            return
        # (abandoned, what it built and handed to the window's thread is let go on this one,
        # by the handle)
        window = self.thread()
        task = TaskHandle(lambda task: lines_document(
            found.changes, font, CHANGES, template, skipped, window, task.cancel_event),
            "history-changes")  # fmt: skip
        task.finished.connect(lambda document: self._changes_laid(document, task))
        self.preparing = task
        self.summary.setText(joined(self.counted, self._preparing_note()))
        task.start()

    def _preparing_note(self) -> str:
        return self.tr("Preparing the changes…") if self.preparing is not None else ""

    def _stop_preparing(self) -> None:
        """Show Changes' lines being built are no longer wanted (unticked, another version)."""
        if self.preparing is not None:
            self.preparing.abandon()
            self.preparing = None

    def _changes_laid(self, document: QTextDocument | None,
                      task: TaskHandle | None = None) -> None:  # fmt: skip
        """Show Changes' lines, built (`lines_document`), shown in the preview, and the
        first line that is not the same in sight. (Lines no longer wanted, unticked, another
        version or the window closed meanwhile, never come: their task is abandoned.)"""
        if not shiboken6.isValid(self) or task is not self.preparing:
            return  # (the window deleted meanwhile: the handle lets the lines go)
        self.preparing = None
        if self.changes is not document:
            self._adopt(document)
            self.changes = document
        self.summary.setText(self.counted)
        self.preview.setDocument(document)
        found = self.found
        first = next((n for n, (kind, _text) in enumerate(found.changes) if kind != SAME), None)
        self._show_first(None if first is None else document.findBlockByNumber(first))

    def _show_first(self, block: QTextBlock | None) -> None:
        if block is not None:
            self.preview.setTextCursor(QTextCursor(block))
            self.preview.centerCursor()

    # what the buttons do -----------------------------------------------------------------------
    def restore(self) -> None:
        """Put the selected version's text in the editor as one edit the writer can undo,
        the cursor where it was (after it, and after its undo and redo: it went to the end,
        and to the start)."""
        version = self.selected()
        if self.text is None or version is None:
            return
        replacing_text(self.editor, self.text)  # (a paste being made goes into no other text)
        doc = self.editor.document()
        position = self.editor.textCursor().position()
        cursor = QTextCursor(doc)
        cursor.setPosition(position)  # (where Undo puts the cursor back)
        with from_elsewhere(self.editor):  # (the block's change is announced at its end)
            cursor.beginEditBlock()
            cursor.select(QTextCursor.SelectionType.Document)
            cursor.insertText(self.text)
            position = min(position, doc.characterCount() - 1)
            end_step(cursor, position)  # (the letters typed next are a step of their own)
            cursor.endEditBlock()
        cursor.setPosition(position)
        self.editor.setTextCursor(cursor)
        self.say(
            self.tr(
                "Restored the version kept {0}. Ctrl+Z takes it back; save to keep it."
            ).format(self._when(version, in_sentence=True)),
            10000,
        )
        self.accept()

    def done(self, result: int) -> None:
        """Closing drops a comparison, or the lines being built, under way."""
        self._stop_comparing()
        self._stop_marking()
        self._stop_preparing()
        super().done(result)

    def copy(self) -> None:
        if self.text is not None:
            QGuiApplication.clipboard().setText(self.text)
            self.say(self.tr("Copied the version's text."), 4000)


CHANGES = {NOW: QColor(220, 40, 40, 60), HERE: QColor(40, 170, 40, 60)}  # Show Changes' lines


def _many_lines(text: str) -> bool:
    """Whether a version's lines are many: laid on a thread (`HistoryDialog._mark`)."""
    return text.count("\n") + text.count("\u2029") >= CHANGES_AT_ONCE


def version_lines(text: str, marked: tuple[int, ...]) -> list[tuple[str, str]]:
    """The version's lines (a paragraph separator ends one, as in the editor) as
    `lines_document` takes them: those `marked` HERE, the others SAME."""
    marks = set(marked)
    return [(HERE if number in marks else SAME, line)
            for number, line in enumerate(text.replace("\u2029", "\n").split("\n"))]  # fmt: skip


def lines_document(lines: Sequence[tuple[str, str]], font: QFont, colours: dict[str, QColor],
                   template: str = "{0}", skipped: QColor | None = None,
                   to_thread: QThread | None = None,
                   unwanted: threading.Event | None = None) -> QTextDocument | None:  # fmt: skip
    """`lines`, each (its kind, its text), as a document (in `font`), each line in the colour
    of its kind in `colours` (Show Changes': the text now's red and struck through, the
    version's green; the version's own text: its marks), the lines the same passed over as
    one grey italic line that counts them (SKIPPED: `template`, in `skipped`). The colours
    are the lines' blocks', which fill each line a paragraph wraps over, the letters' formats
    the letters'. Built on any thread (then given to `to_thread`, the window's), without the
    window. None once `unwanted` is set: the lines built so far are deleted on the thread that
    built them, which they still belong to."""
    document = QTextDocument()
    document.setUndoRedoEnabled(False)
    document.setDefaultFont(font)
    cursor = QTextCursor(document)
    cursor.beginEditBlock()
    for number, (kind, text) in enumerate(lines):
        if unwanted is not None and number % 256 == 0 and unwanted.is_set():
            return None
        line = QTextBlockFormat()
        if kind in colours:
            line.setBackground(colours[kind])
        letters = QTextCharFormat()
        if kind == NOW:
            letters.setFontStrikeOut(True)
        elif kind == SKIPPED:
            if skipped is not None:
                letters.setForeground(skipped)
            letters.setFontItalic(True)
            text = template.format(text)
        if number:
            cursor.insertBlock(line, letters)
        else:
            cursor.setBlockFormat(line)
            cursor.setBlockCharFormat(letters)
        cursor.insertText(text, letters)
    cursor.endEditBlock()
    if unwanted is not None and unwanted.is_set():
        return None
    if to_thread is not None:
        document.moveToThread(to_thread)
    return document


class TableLines(QSyntaxHighlighter):
    """A Markdown text's table rows in `table` (the editor's fixed font, `formats_for`), each
    line read alone as the editor reads it (`markdown.table_row`): a look at each line, so a
    long version shows at once."""

    def __init__(self, document: QTextDocument, table: QTextCharFormat) -> None:
        super().__init__(document)
        self.table = table

    def highlightBlock(self, text: str) -> None:  # noqa: N802 (Qt's name)
        if "|" in text and table_row(text):
            self.setFormat(0, len(text), self.table)


def _read(data: bytes, encoding: str) -> str | None:
    """A version's text: in the document's encoding where its bytes are valid in it, else in
    the encoding opening them would guess (a version another program wrote in another encoding
    read as mojibake, and restored so); None for binary data."""
    try:
        data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return text_of(data, whole=True)
    return text_of(data, whole=True, encoding=encoding)
