"""Documents without Qt: faithful text files, atomic saves and the crash recovery journal."""

from writer.documents.atomic import save_atomic
from writer.documents.errors import (
    ConflictError,
    DocumentError,
    EncodingError,
    JournalError,
    SaveError,
)
from writer.documents.journal import Journal, JournalEntry, RecoveredDocument, Recovery
from writer.documents.textfile import (
    ENCODINGS,
    FileSignature,
    LoadedText,
    TextFormat,
    encode_text,
    file_signature,
    read_text_file,
    save_text_file,
)

__all__ = [
    "ENCODINGS",
    "ConflictError",
    "DocumentError",
    "EncodingError",
    "FileSignature",
    "Journal",
    "JournalEntry",
    "JournalError",
    "LoadedText",
    "RecoveredDocument",
    "Recovery",
    "SaveError",
    "TextFormat",
    "encode_text",
    "file_signature",
    "read_text_file",
    "save_atomic",
    "save_text_file",
]
