"""Reading and writing text files faithfully: UTF-8, its BOM and its line endings kept as found."""

from __future__ import annotations

import codecs
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

from writer.documents.atomic import save_atomic
from writer.documents.errors import DocumentError
from writer.sentences import said

MAX_BYTES = 200 * 1024 * 1024
SNIFF_BYTES = 64 * 1024
NEWLINES = ("\n", "\r\n", "\r")

_UTF8_BOM = codecs.BOM_UTF8
_WIDE_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_ACCEPTED = said("Writer opens UTF-8 plain text and Markdown")


@dataclass(frozen=True)
class TextFormat:
    """How a file's text is stored on disk; new documents get UTF-8 without BOM and '\\n'."""

    bom: bool = False
    newline: str = "\n"
    encoding: str = "utf-8"

    def __post_init__(self) -> None:
        if self.newline not in NEWLINES:
            raise ValueError(f"newline must be one of {NEWLINES!r}, not {self.newline!r}")


@dataclass(frozen=True)
class FileSignature:
    """What a file looked like on disk, to notice when another program changes it."""

    size: int
    mtime_ns: int
    inode: int


@dataclass(frozen=True)
class LoadedText:
    """A text file as the editor wants it: `text` has '\\n' line endings only.

    `mixed_newlines` is true when the file used more than one kind of line ending; saving writes
    the dominant kind (`format.newline`) throughout, so the UI may want to say so.
    """

    path: Path
    text: str
    format: TextFormat = field(default_factory=TextFormat)
    mixed_newlines: bool = False
    signature: FileSignature | None = None


def file_signature(path: str | Path) -> FileSignature | None:
    """The file's current size, modification time and inode, or None when it is gone."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return FileSignature(st.st_size, st.st_mtime_ns, st.st_ino)


def read_text_file(path: str | Path) -> LoadedText:
    """Read a UTF-8 text file, or raise DocumentError with a sentence saying why it cannot be.

    Refused: files over 200 MB, anything that is not a regular file, files with a NUL byte in
    their first 64 KiB (binary data), and bytes that are not valid UTF-8. UTF-16 and UTF-32 files
    (recognised by their BOM) are refused too, with a sentence naming the encoding: Writer saves
    only UTF-8, and opening them would mean changing their encoding behind the writer's back.
    """
    path = Path(path)
    name = path.name or str(path)
    try:
        st = path.stat()
    except FileNotFoundError:
        missing = _missing_folder(path)
        if missing is not None:
            raise DocumentError(
                said("Could not open {0}: the folder {1} does not exist.", name, missing), path
            ) from None
        raise DocumentError(
            said(
                "Could not open {0}: there is no such file (it may have been moved, renamed or "
                "deleted).",
                name,
            ),
            path,
        ) from None
    except OSError as exc:
        raise _open_error(path, exc) from exc
    if stat.S_ISDIR(st.st_mode):
        raise DocumentError(said("Could not open {0}: it is a folder, not a file.", name), path)
    if not stat.S_ISREG(st.st_mode):
        raise DocumentError(
            said(
                "Could not open {0}: it is not an ordinary file (it is a device or a pipe).", name
            ),
            path,
        )
    if st.st_size > MAX_BYTES:
        raise DocumentError(
            said(
                "Could not open {0}: it is {1:.0f} MB, and Writer opens files up to {2} MB.",
                name,
                st.st_size / 1_048_576,
                MAX_BYTES // 1_048_576,
            ),
            path,
        )
    try:
        with open(path, "rb") as f:
            data = f.read(MAX_BYTES + 1)
    except OSError as exc:
        raise _open_error(path, exc) from exc
    if len(data) > MAX_BYTES:
        raise DocumentError(
            said("Could not open {0}: it is larger than {1} MB.", name, MAX_BYTES // 1_048_576),
            path,
        )
    try:
        text, fmt, mixed = decode_text(data, name)
    except DocumentError as exc:
        exc.path = path
        raise
    return LoadedText(path, text, fmt, mixed, FileSignature(st.st_size, st.st_mtime_ns, st.st_ino))


def decode_text(data: bytes, name: str = "This file") -> tuple[str, TextFormat, bool]:
    """Turn file bytes into editor text, its TextFormat and whether its line endings were mixed."""
    if data.startswith(_WIDE_BOMS):
        kind = "UTF-32" if data.startswith(_WIDE_BOMS[:2]) else "UTF-16"
        raise DocumentError(
            said(
                "{0} is {1} text, which Writer cannot open; {2}. Convert it to UTF-8 in another "
                "editor and open it again.",
                name,
                kind,
                _ACCEPTED,
            )
        )
    bom = data.startswith(_UTF8_BOM)
    body = data[len(_UTF8_BOM) :] if bom else data
    if b"\0" in body[:SNIFF_BYTES]:
        raise DocumentError(
            said("{0} is not a text file (it contains binary data); {1}.", name, _ACCEPTED)
        )
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise DocumentError(
            said(
                "{0} is not UTF-8 text (it may use an older encoding such as Windows-1252); {1}. "
                "Convert it to UTF-8 in another editor and open it again.",
                name,
                _ACCEPTED,
            )
        ) from None
    crlf = body.count(b"\r\n")
    counts = {"\n": body.count(b"\n") - crlf, "\r\n": crlf, "\r": body.count(b"\r") - crlf}
    newline = max(NEWLINES, key=lambda nl: counts[nl])
    if counts[newline] == 0:
        newline = "\n"
    mixed = sum(1 for n in counts.values() if n) > 1
    if crlf:
        text = text.replace("\r\n", "\n")
    if counts["\r"]:
        text = text.replace("\r", "\n")
    return text, TextFormat(bom=bom, newline=newline), mixed


def encode_text(text: str, fmt: TextFormat) -> bytes:
    """Turn editor text back into file bytes with the format's BOM and line endings.

    Any '\\r' the editor text still holds (a pasted CRLF, say) is treated as a line break too,
    so the saved file has one kind of line ending: the format's. For a file read with
    `read_text_file` and not edited, the result equals the original bytes, unless its line
    endings were mixed, in which case they all become the dominant kind.
    """
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if fmt.newline != "\n":
        text = text.replace("\n", fmt.newline)
    try:
        data = text.encode(fmt.encoding)
    except UnicodeEncodeError as exc:
        raise DocumentError(
            said(
                "The text contains a broken character at position {0} that cannot be saved; delete "
                "it and save again.",
                exc.start,
            )
        ) from None
    return _UTF8_BOM + data if fmt.bom else data


def save_text_file(path: str | Path, text: str, fmt: TextFormat) -> None:
    """Encode `text` in `fmt` and save it atomically; raises SaveError (or DocumentError)."""
    save_atomic(path, encode_text(text, fmt))


FILE_NAME_CHARS = 60  # a suggested file name's stem, at most
_NOT_IN_NAMES = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|…]+')


def file_name_for(text: str, fallback: str = "Untitled") -> str:
    """A file name (stem and ".md") for a document that begins with `text`: the words of its
    first line with text, without Markdown's heading marks or characters a file name cannot
    hold on any system; `fallback` when none are left."""
    title = next((line for line in text.splitlines() if line.strip()), "")
    stem = _NOT_IN_NAMES.sub(" ", title.lstrip().lstrip("#"))
    # a sentence's end is no part of a name ("散步。.md", "Hello!.md")
    stem = " ".join(stem.split())[:FILE_NAME_CHARS].strip(" .,;:!。！？，、；：")
    return (stem or fallback) + ".md"


def _missing_folder(path: Path) -> Path | None:
    """The outermost folder on the way to `path` that is not there (`writer /nowhere/y.md`
    said the file may have been moved), or None."""
    missing = None
    for parent in path.absolute().parents:
        if parent.exists():
            break
        missing = parent
    return missing


def _open_error(path: Path, exc: OSError) -> DocumentError:
    name = path.name or str(path)
    if isinstance(exc, PermissionError):
        return DocumentError(
            said("Could not open {0}: you do not have permission to read it.", name), path
        )
    if isinstance(exc, IsADirectoryError):
        return DocumentError(said("Could not open {0}: it is a folder, not a file.", name), path)
    if isinstance(exc, FileNotFoundError):
        missing = _missing_folder(path)
        if missing is not None:
            return DocumentError(
                said("Could not open {0}: the folder {1} does not exist.", name, missing), path
            )
        return DocumentError(said("Could not open {0}: there is no such file.", name), path)
    detail = exc.strerror or str(exc)
    return DocumentError(said("Could not open {0}: the system reported “{1}”.", name, detail), path)
