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


AFTER_CHARS = 1000


def qt_length(text: str) -> int:
    """How many positions `text` takes in a Qt document (UTF-16 code units)."""
    return len(text) if text.isascii() else len(text.encode("utf-16-le")) // 2


def char_index(text: str, units: int) -> int:
    """The index in the Python string `text` of Qt's position `units` in it: Qt counts UTF-16
    code units, so a character beyond the Basic Multilingual Plane (an emoji, 𠮷) counts two
    there and one here (its line's suggestions died on an IndexError)."""
    if text.isascii():
        return min(units, len(text))
    wide = text.encode("utf-16-le")
    if len(wide) == 2 * len(text):
        return min(units, len(text))
    # (in C, not a loop over a long paragraph's characters at each key; a position inside a
    # character's pair is taken as the character's start)
    return len(wide[: 2 * max(0, units)].decode("utf-16-le", errors="ignore"))


def before_start(pos: int) -> int:
    """Where the text sent before `pos` starts: aligned, at most CONTEXT_MAX_CHARS back."""
    start = max(0, pos - CONTEXT_MAX_CHARS)
    return start - start % CONTEXT_ALIGN


def text_before(document: QTextDocument, pos: int) -> str:
    """The text before `pos`, from an aligned start at most CONTEXT_MAX_CHARS back."""
    return text_between(document, before_start(pos), pos)


def text_after(document: QTextDocument, pos: int) -> str:
    """The text after `pos`, AFTER_CHARS at most."""
    return text_between(document, pos, pos + AFTER_CHARS)


def head_lines(document: QTextDocument, end: int) -> str:
    """The document's first non-empty line and its Markdown heading lines before `end`, one a
    line: what stands for the text a request no longer includes."""
    lines: list[str] = []
    block = document.begin()
    while block.isValid() and block.position() < end:
        text = block.text()
        if (not lines and text.strip()) or text.startswith("#"):
            lines.append(text.strip())
        block = block.next()
    return "\n".join(lines)
