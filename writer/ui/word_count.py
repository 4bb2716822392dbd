"""The status bar's word count: the document's words, or the selection's of them, and with a
daily goal the words written today toward it ("12,480 words · 312/1,000 today").

A Chinese count is of characters (字), each CJK character one word, as word processors count
them (`writer.project.words.count_words`). The count never holds up typing: it waits until the
typing pauses (COUNT_DELAY_MS) and then counts the document a few thousand lines at a time
(CHUNK_CHARS a step, about a millisecond each), so a 2 MB manuscript, which takes a tenth of a
second at once, lets each key through between two steps; a change meanwhile starts it again.
The paragraphs are counted in the same steps, so that View → Writing Statistics reads its numbers
from here (`counts`, `selected`) without going through the text. `counted` says when a count of
the whole document is through (the window reports it to the day's tally); a click is `clicked`;
`resized` says the text grew or shrank (the status bar fits its parts again).
A Markdown document's HTML comments (`<!-- … -->`), which neither the preview nor an export
shows, are no words (`line_comments`: the highlighting's rules, read in the same steps).
"""

from __future__ import annotations

from PySide6.QtCore import QLocale, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QMouseEvent, QTextBlock, QTextCursor, QTextDocument
from PySide6.QtWidgets import QLabel, QWidget

from writer.assist.context import char_index
from writer.documents import markdown
from writer.documents.markdown import outside
from writer.project.words import (
    NO_TABLE,
    count_paragraphs,
    count_words,
    paragraphs_in,
    start_after,
)
from writer.ui.editor import Editor
from writer.ui.markdown import lines_after

COUNT_DELAY_MS = 400  # after the last change, before counting
CHUNK_CHARS = 32_000  # counted in one step

def line_comments(block: QTextBlock, state: int) -> tuple[list[tuple[int, int]], int]:
    """Where the HTML comments of a Markdown document's line `block` are, coming after
    `state`, and the state it leaves (`markdown.line_comments`, the lines after it read from
    the document)."""
    return markdown.line_comments(block.text(), state, lines_after(block))


class _Steps(QObject):
    """Counts a stretch of the document, the whole or a selection, a piece of about
    CHUNK_CHARS at a time between the events, without copying it first; `done(words,
    characters, letters, paragraphs)` once through. One way for both (the selection had a copy
    of it)."""

    def __init__(self, document: QTextDocument, done, parent: QObject) -> None:
        super().__init__(parent)
        self.document = document
        self.done = done
        self._block: QTextBlock | None = None  # the next block to count, while counting
        self._start = self._end = 0
        self._state: int | None = None  # a Markdown document's state before the next block
        self._partial = (0, 0, 0, 0)
        self._table = NO_TABLE
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self.step)

    @property
    def running(self) -> bool:
        return self._block is not None

    def start(self, start: int = 0, end: int | None = None, state: int | None = None) -> None:
        """Count from Qt's position `start` to `end` (the document's end where None); a
        Markdown document's from `state` (its line's above, `markdown`'s), less its HTML
        comments (`line_comments`)."""
        self._start = start
        self._state = state
        self._end = self.document.characterCount() - 1 if end is None else end
        self._block = self.document.findBlock(start)
        self._partial = (0, 0, 0, 0)
        # (a Markdown document's) how the last piece counted ended: at the start, in no table
        # and after the line above's state (a selection in a fence: no table in it)
        self._table = NO_TABLE if state is None else start_after(state)
        self.step()

    def finish(self) -> None:
        """Count what is left at once, without letting the events through between the
        pieces."""
        while self.running:
            self._timer.stop()
            self.step()

    def stop(self) -> None:
        self._block = None  # (a count under way counts text that is no longer there)
        self._timer.stop()

    def step(self) -> None:
        block, texts, size, state = self._block, [], 0, self._state
        # (a Markdown document's) the state each line is read after, then the last's after it
        states = [state]
        while block is not None and block.isValid() and block.position() <= self._end:
            if size >= CHUNK_CHARS:
                break
            text = block.text()
            # (the ends of a selection cut its first and last lines; Qt's positions count an
            # emoji as two, the text's index as one)
            cut = char_index(text, self._end - block.position())
            begin = char_index(text, max(0, self._start - block.position()))
            comments = None
            if state is not None:
                comments, state = line_comments(block, state)
                states.append(state)
            text = outside(text, begin, cut, comments) if comments else text[begin:cut]
            texts.append(text)
            size += block.length()
            block = block.next()
        self._state = state
        piece = "\n".join(texts)
        words, characters, letters = count_words(piece)
        more = block is not None and block.isValid() and block.position() <= self._end
        w, c, n, p = self._partial
        if state is None:
            paragraphs = count_paragraphs(piece)
        else:  # (a table is one paragraph, its rows none, though a piece ends in it; the
            # lines' states as read for the comments, not read again)
            paragraphs, self._table = paragraphs_in(piece, self._table,
                                                    states if texts else None)  # fmt: skip
        # (the line break after this piece, before the next one's, is a character too; the
        # characters as Python counts them: an emoji is one)
        self._partial = (w + words, c + characters + int(more), n + letters,
                         p + paragraphs)  # fmt: skip
        if more:
            self._block = block
            self._timer.start()
            return
        self._block = None
        self.done(*self._partial)


class WordCount(QLabel):
    """A label that counts the editor's words (and the selection's) while typing rests."""

    counted = Signal()  # the whole document's count is through (`words` and the rest)
    clicked = Signal()
    resized = Signal()  # its text is longer or shorter (the status bar fits its parts again)

    def __init__(self, editor: Editor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
        # of the whole document, when known
        self.words = self.characters = self.letters = self.paragraphs = 0
        # the selection's (words, characters, letters, paragraphs), while one is made
        self.selected: tuple[int, int, int, int] | None = None
        self.progress: tuple[int, int] | None = None  # today's words and the daily goal
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        document = editor.document()
        self._whole = _Steps(document, self._counted, self)
        self._selection = _Steps(document, self._selection_counted, self)
        self._delay = QTimer(self)
        self._delay.setSingleShot(True)
        self._delay.setInterval(COUNT_DELAY_MS)
        self._delay.timeout.connect(self._start_whole)
        self._selection_delay = QTimer(self)
        self._selection_delay.setSingleShot(True)
        self._selection_delay.setInterval(COUNT_DELAY_MS)
        self._selection_delay.timeout.connect(self._count_long_selection)
        document.contentsChanged.connect(self._changed)
        editor.selectionChanged.connect(self._count_selection)
        self._start_whole()

    @property
    def counting(self) -> bool:
        return self._delay.isActive() or self._whole.running

    def _changed(self) -> None:
        self._whole.stop()
        self._delay.start()

    def _state_at(self, position: int) -> int | None:
        """The Markdown state before the line at `position`, as the highlighting laid it (its
        comments are no words); None for a plain text, whose "<!--" is text."""
        highlighter = self.editor.markdown
        if highlighter is None:
            return None
        return highlighter.state_before(self.editor.document().findBlock(position))

    def _text_start(self) -> int:
        """Where the words begin: after a Markdown document's YAML front matter, which no
        reader sees (a post's "title: …" and "tags: …" were words written), else 0."""
        highlighter = self.editor.markdown
        front = highlighter.front_lines if highlighter is not None else 0
        document = self.editor.document()
        if not front:
            return 0
        if front >= document.blockCount():  # (only a front matter, no line after it)
            return document.characterCount() - 1
        return document.findBlockByNumber(front).position()

    def _start_whole(self) -> None:
        """Count the document, but for a Markdown document's YAML front matter."""
        highlighter = self.editor.markdown
        self._whole.start(self._text_start(),
                          state=None if highlighter is None else markdown.NORMAL)  # fmt: skip

    @property
    def counts(self) -> tuple[int, int, int, int]:
        """The whole document's words, characters, characters without spaces and paragraphs,
        as last counted."""
        return self.words, self.characters, self.letters, self.paragraphs

    def _counted(self, words: int, characters: int, letters: int, paragraphs: int) -> None:
        self.words, self.characters, self.letters = words, characters, letters
        self.paragraphs = paragraphs
        self.show_count()
        self.counted.emit()

    def count_now(self) -> None:
        """Finish a count that waits or runs, at once (a window closing reports its last
        words)."""
        if self._delay.isActive():
            self._delay.stop()
            self._start_whole()
        self._whole.finish()

    def _count_selection(self) -> None:
        """A short selection is counted at once; a long one (Shift+Up after Ctrl+A in a 2 MB
        manuscript recounted it all at each key, a tenth of a second each) once the selecting
        rests, without copying it."""
        cursor = self.editor.textCursor()
        self._selection.stop()  # (a count under way counts a selection no longer made)
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
        # (the front matter's words are none of the selection's, as none of the whole's: a
        # post selected whole said "10 of 3 words")
        start, end = max(cursor.selectionStart(), self._text_start()), cursor.selectionEnd()
        if start >= end:
            self.selected = (0, 0, 0, 0)
            self.show_count()
            return
        if start > cursor.selectionStart():
            cursor = QTextCursor(self.editor.document())
            cursor.setPosition(start)
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        state = self._state_at(start)
        if state is not None and "<!--" in cursor.selectedText() or state in markdown.IN_COMMENT:
            # (counted as the whole is, less its comments: at once, as it is short)
            self._selection.start(start, end, state)
            self._selection.finish()
            return
        text = cursor.selectedText().replace("\u2029", "\n")
        # (a Markdown document's from the state of the line it starts in: a table selected
        # in a fence is code, each line one, as the whole document's count reads it)
        paragraphs = count_paragraphs(text) if state is None else paragraphs_in(
            text, start_after(state))[0]
        self.selected = (*count_words(text), paragraphs)
        self.show_count()

    def _count_long_selection(self) -> None:
        cursor = self.editor.textCursor()
        if cursor.hasSelection():
            start = max(cursor.selectionStart(), self._text_start())
            if start >= cursor.selectionEnd():  # (within the front matter: no words)
                self._selection_counted(0, 0, 0, 0)
                return
            self._selection.start(start, cursor.selectionEnd(), self._state_at(start))

    def _selection_counted(self, words: int, characters: int, letters: int,
                           paragraphs: int) -> None:  # fmt: skip
        self.selected = (words, characters, letters, paragraphs)
        self.show_count()

    def set_progress(self, today: int, goal: int) -> None:
        """Today's words toward the daily goal beside the count (none where `goal` is 0)."""
        progress = (today, goal) if goal > 0 else None
        if progress != self.progress:
            self.progress = progress
            self.show_count()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit()
            event.accept()
            return
        super().mousePressEvent(event)

    def show_count(self) -> None:
        locale = QLocale()
        if self.selected is not None:
            text = self.tr("{0} of {1} words").format(
                locale.toString(self.selected[0]), locale.toString(self.words)
            )
            tip = self.tr("Selected: {0} words, {1} characters ({2} without spaces)").format(
                *(locale.toString(n) for n in self.selected[:3])
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
        if self.progress is not None:
            today, goal = (locale.toString(n) for n in self.progress)
            text = self.tr("{0} · {1}/{2} today").format(text, today, goal)
            tip += "\n" + self.tr("Written today: {0} of your daily goal of {1} words.").format(
                today, goal
            )
        self.setToolTip(tip + "\n" + self.tr("Click for the writing statistics."))
        if len(text) != len(self.text()):
            self.setText(text)
            self.resized.emit()
        else:
            self.setText(text)
