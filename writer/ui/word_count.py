"""The status bar's word count: the document's words, or the selection's of them.

A Chinese count is of characters (字), each CJK character one word, as word processors count
them (`writer.project.words.count_words`). The count never holds up typing: it waits until the
typing pauses (COUNT_DELAY_MS) and then counts the document a few thousand lines at a time
(CHUNK_CHARS a step, about a millisecond each), so a 2 MB manuscript, which takes a tenth of a
second at once, lets each key through between two steps; a change meanwhile starts it again.
"""

from __future__ import annotations

from PySide6.QtCore import QLocale, QTimer
from PySide6.QtGui import QTextBlock
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QWidget

from writer.project.words import count_words

COUNT_DELAY_MS = 400  # after the last change, before counting
CHUNK_CHARS = 32_000  # counted in one step


class WordCount(QLabel):
    """A label that counts the editor's words (and the selection's) while typing rests."""

    def __init__(self, editor: QPlainTextEdit, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
        self.words = self.characters = self.letters = 0  # of the whole document, when known
        self.selected: tuple[int, int, int] | None = None  # the selection's, while one is made
        self._block: QTextBlock | None = None  # the next block to count, while counting
        self._partial = (0, 0, 0)
        self._delay = QTimer(self)
        self._delay.setSingleShot(True)
        self._delay.setInterval(COUNT_DELAY_MS)
        self._delay.timeout.connect(self._start)
        self._step = QTimer(self)
        self._step.setSingleShot(True)
        self._step.setInterval(0)
        self._step.timeout.connect(self._count_some)
        self._selection_delay = QTimer(self)
        self._selection_delay.setSingleShot(True)
        self._selection_delay.setInterval(COUNT_DELAY_MS)
        self._selection_delay.timeout.connect(self._count_long_selection)
        self._selection_step = QTimer(self)
        self._selection_step.setSingleShot(True)
        self._selection_step.setInterval(0)
        self._selection_step.timeout.connect(self._count_selection_some)
        self._selection_text, self._selection_at, self._selection_partial = "", 0, (0, 0)
        editor.document().contentsChanged.connect(self._changed)
        editor.selectionChanged.connect(self._count_selection)
        self._start()

    @property
    def counting(self) -> bool:
        return self._delay.isActive() or self._block is not None

    def _changed(self) -> None:
        self._block = None  # (a count under way counts text that is no longer there)
        self._step.stop()
        self._delay.start()

    def _start(self) -> None:
        self._block = self.editor.document().firstBlock()
        self._partial = (0, 0, 0)
        self._count_some()

    def _count_some(self) -> None:
        block, texts, size = self._block, [], 0
        while block is not None and block.isValid() and size < CHUNK_CHARS:
            texts.append(block.text())
            size += block.length()
            block = block.next()
        words, characters, letters = count_words("\n".join(texts))
        w, c, n = self._partial
        more = block is not None and block.isValid()
        # (the line break after this piece, before the next one's, is a character too)
        self._partial = (w + words, c + characters + int(more), n + letters)
        if more:
            self._block = block
            self._step.start()
            return
        self._block = None
        # characters as Python counts them, as the selection's are: an emoji is one (Qt's
        # characterCount made it two, and the document's count differed from the same text
        # selected)
        self.words, self.characters, self.letters = self._partial
        self.show_count()

    def _count_selection(self) -> None:
        """A short selection is counted at once; a long one (Shift+Up after Ctrl+A in a 2 MB
        manuscript recounted it all at each key, a tenth of a second each) once the selecting
        rests, without copying it meanwhile."""
        cursor = self.editor.textCursor()
        self._selection_step.stop()  # (a count under way counts a selection no longer made)
        if not cursor.hasSelection():
            self._selection_delay.stop()
            changed = self.selected is not None
            self.selected = None
            if changed:
                self.show_count()
            return
        if abs(cursor.position() - cursor.anchor()) > CHUNK_CHARS:
            self._selection_delay.start()
            return
        self._selection_delay.stop()
        self.selected = count_words(cursor.selectedText().replace("\u2029", "\n"))
        self.show_count()

    def _count_long_selection(self) -> None:
        cursor = self.editor.textCursor()
        if not cursor.hasSelection():
            return
        self._selection_text = cursor.selectedText().replace("\u2029", "\n")
        self._selection_at, self._selection_partial = 0, (0, 0)
        self._selection_step.start()

    def _count_selection_some(self) -> None:
        """One piece of a long selection, cut at a line break (the counts add up)."""
        text, start = self._selection_text, self._selection_at
        end = text.find("\n", start + CHUNK_CHARS)
        end = len(text) if end < 0 else end
        words, _chars, letters = count_words(text[start:end])
        w, n = self._selection_partial
        self._selection_partial = (w + words, n + letters)
        self._selection_at = end + 1
        if self._selection_at < len(text):
            self._selection_step.start()
            return
        self.selected = (self._selection_partial[0], len(text), self._selection_partial[1])
        self._selection_text = ""
        self.show_count()

    def show_count(self) -> None:
        locale = QLocale()
        if self.selected is not None:
            text = self.tr("{0} of {1} words").format(
                locale.toString(self.selected[0]), locale.toString(self.words)
            )
            tip = self.tr("Selected: {0} words, {1} characters ({2} without spaces)").format(
                *(locale.toString(n) for n in self.selected)
            )
        else:
            if self.words == 1:
                text = self.tr("1 word")
            else:
                text = self.tr("{0} words").format(locale.toString(self.words))
            tip = self.tr("{0} words, {1} characters ({2} without spaces)").format(
                locale.toString(self.words),
                locale.toString(self.characters),
                locale.toString(self.letters),
            )
        self.setText(text)
        self.setToolTip(tip)
