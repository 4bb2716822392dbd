"""The text around the cursor that goes into a request, read from a QTextDocument."""

from __future__ import annotations

from PySide6.QtGui import QTextCursor, QTextDocument

# The text sent before the cursor starts at a multiple of this many characters, so that the start
# of what the backend sees stays put while the writer types (its cache is keyed by the prefix).
CONTEXT_ALIGN = 1 << 16
CONTEXT_MAX_CHARS = 3 * CONTEXT_ALIGN
PARAGRAPH_SEPARATOR = "\u2029"


def text_between(document: QTextDocument, start: int, end: int) -> str:
    """Plain text of document[start:end], with "\\n" between paragraphs."""
    cursor = QTextCursor(document)
    cursor.setPosition(max(0, start))
    cursor.setPosition(min(end, document.characterCount() - 1), QTextCursor.MoveMode.KeepAnchor)
    return cursor.selectedText().replace(PARAGRAPH_SEPARATOR, "\n")


def text_before(document: QTextDocument, pos: int) -> str:
    """The text before `pos`, from an aligned start at most CONTEXT_MAX_CHARS back."""
    start = max(0, pos - CONTEXT_MAX_CHARS)
    start -= start % CONTEXT_ALIGN
    return text_between(document, start, pos)


def text_after_in_block(cursor: QTextCursor) -> str:
    """The rest of the cursor's paragraph."""
    return cursor.block().text()[cursor.positionInBlock() :]
