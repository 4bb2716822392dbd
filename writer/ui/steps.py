"""Undo steps of the edits Writer makes for the writer (a suggestion taken, a replacement, a
list's Enter, a version restored): each one step that Ctrl+Z takes back alone and Ctrl+Shift+Z
brings back with the cursor where the edit left it.

Qt merges the letters typed next into an edit block's last insertion (in a document already
modified), and Ctrl+Z would take them and the edit together; and a redo puts the cursor after the
block's last change, which, for an edit of several places (a list numbered on), is not where
the writer was. `end_step` answers both: a space written and taken away at the cursor's place,
the block's last change, which nothing typed merges with and after which a redo leaves the
cursor there. (Not a change of format that changes nothing: it stops the merge too, but Qt's
redo adds its length to the insertion's, past the text's end.)
"""

from __future__ import annotations

from PySide6.QtGui import QTextCursor


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
