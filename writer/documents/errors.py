"""The errors of the documents layer; each message is a sentence to show the writer as it is."""

from __future__ import annotations

from pathlib import Path


class DocumentError(Exception):
    """A document could not be opened, saved or journaled; `str(error)` is for the writer."""

    def __init__(self, message: str, path: str | Path | None = None) -> None:
        super().__init__(message)
        self.path = Path(path) if path is not None else None


class SaveError(DocumentError):
    """A save failed; the file on disk is as it was and the text is still in the editor.
    `reason`, where known, is what went wrong without the advice ("the disk is full"), for a
    sentence of another kind (an export's)."""

    reason: str = ""


class JournalError(DocumentError):
    """The recovery journal could not be written; the documents themselves are untouched."""


class ConflictError(SaveError):
    """Not saved: the file on disk is no longer the one this document was opened from or last
    saved to (another program changed it, or deleted or moved it). The writer chooses."""

    def __init__(self, message: str, path: str | Path, deleted: bool) -> None:
        super().__init__(message, path)
        self.deleted = deleted


class EncodingError(SaveError):
    """Not saved: the text holds a character the file's encoding has no room for (a Chinese
    character in a Windows-1252 file, say). `char` is the first such character, `line` its line
    (from 1), `encoding` the encoding's name as writers know it; saving in UTF-8 would keep it."""

    def __init__(self, message: str, char: str, line: int, encoding: str) -> None:
        super().__init__(message)
        self.char = char
        self.line = line
        self.encoding = encoding
