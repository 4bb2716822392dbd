"""Undo steps: the edits Writer makes for the writer (a suggestion taken, a replacement, a
list's Enter, a version restored), each one step that Ctrl+Z takes back alone and Ctrl+Shift+Z
brings back with the cursor where the edit left it; and the writer's typing, cut into steps of
a word each (`Typing`).

Qt merges the letters typed next into an edit block's last insertion (in a document already
modified), and Ctrl+Z would take them and the edit together; and a redo puts the cursor after the
block's last change, which, for an edit of several places (a list numbered on), is not where
the writer was. `end_step` answers both: a space written and taken away at the cursor's place,
the block's last change, which nothing typed merges with and after which a redo leaves the
cursor there. (Not a change of format that changes nothing: it stops the merge too, but Qt's
redo adds its length to the insertion's, past the text's end.)

Left to Qt, letters typed one after another are one insertion: a paragraph typed without a
pause went back in one Ctrl+Z. `Typing` uses the same merge the other way round: the first
character of a step is written in an edit block of its own, which nothing before it merges
with and the letters typed next merge into; a redo leaves the cursor after them.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtGui import QTextCursor

# seconds without a key that end a step of typing (Google Docs and Word cut typing at pauses)
PAUSE = 1.0


def end_step(cursor: QTextCursor, position: int | None = None) -> None:
    """In an open edit block: end it at `position` (`cursor`'s by default), the place a redo
    leaves the cursor, with a change nothing typed next merges with."""
    mark = QTextCursor(cursor)
    mark.setPosition(cursor.position() if position is None else position)
    mark.insertText(" ")
    mark.deletePreviousChar()


def insert_step(cursor: QTextCursor, text: str) -> None:
    """Write `text` at `cursor` (over its selection) as one undo step, and one of its own."""
    cursor.beginEditBlock()
    cursor.insertText(text)
    end_step(cursor)
    cursor.endEditBlock()


class Typing:
    """Where an editor's typing is cut into undo steps: a word (its stops too) with the
    spaces typed after it is one step, as a word processor takes typing back a word or a
    burst at a time (VS Code cuts where letters give way to spaces); a step also ends at a
    pause of PAUSE seconds and where the cursor moved other than by typing (an arrow, a
    click, an edit of Writer's, an input method's commit, which Qt keeps a step of its own;
    a composition's preedit is never in the document, and nothing in it is cut). Spaces
    typed first (after a suggestion taken: " Night.") go with the word after them.
    Nothing is read from the document: a key costs the same in any length of text."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._end = -1  # where the last character typed ended (-1: begin a step)
        self._when = 0.0  # and when
        self._typing = False  # a key's character is going in
        self._worded = False  # the step holds more than spaces
        self._spaced = False  # and the last character typed was a space

    def key(self, cursor: QTextCursor, typed: str, insert: Callable[[], None]) -> None:
        """`insert` writes `typed` at `cursor` (a copy of the editor's, which follows the
        insertion): a step begins with it where it starts a word, after a pause or elsewhere
        than the last key typed."""
        now = self._clock()
        position = cursor.position()
        space = typed.isspace()
        begins = (
            cursor.hasSelection()
            or position != self._end
            or now - self._when >= PAUSE
            or (self._spaced and self._worded and not space)  # (a word after a word's space)
        )
        self._typing = True
        try:
            if begins:
                cursor.beginEditBlock()
                try:
                    insert()
                finally:
                    cursor.endEditBlock()
            else:
                insert()
        finally:
            self._typing = False
        self._end = cursor.position()
        self._when = now
        self._worded = (self._worded and not begins) or not space
        self._spaced = space

    def moved(self) -> None:
        """The editor's cursor moved: by a key typed, or else (an arrow, a click, an edit
        elsewhere), which ends the step."""
        if not self._typing:
            self._end = -1
