"""A project's documents as files: a new one, a new name for one (the Project panel's New
Document and Rename), without Qt.

A name is what the writer types: it stays as typed where it ends in a document's suffix
(.md, .markdown, .txt), else the suffix is added (".md" for a new document, the document's
own for a new name: "Chapter 1.5" stays Markdown). A name that would take the document out of
the project's list (hidden, in another folder, no name at all) or that another file already
has is refused with a sentence, and nothing on the disk changes. A new document is created
only where no file is (an exclusive create: never over another), empty; a new name never
replaces another file.
"""

from __future__ import annotations

import errno
import os
import re
from pathlib import Path

from writer.project.project import DOCUMENT_SUFFIXES
from writer.sentences import said

NAME_BYTES = 255  # a file name's longest on the usual file systems


class FileNameError(ValueError):
    """A name refused, or a file the system would not create or rename: the sentence says why."""


_DIGITS = re.compile(r"(\d+)")


def natural_order(path: Path) -> tuple:
    """A key that sorts paths as VS Code's explorer and a file manager do: numbers by their
    value ("Chapter 2" before "Chapter 10", which a plain sort put first: a manuscript
    exported in that order had chapter 10 after chapter 1), letters without regard to case,
    a folder's documents together."""
    return tuple(
        (tuple(int(t) if i % 2 else t.casefold() for i, t in enumerate(_DIGITS.split(part))),
         part)
        for part in path.parts
    )


def document_name(typed: str, suffix: str = ".md") -> str:
    """The file name `typed` gives a document: as typed, with `suffix` added where it does not
    end in a document's suffix. Raises FileNameError with a sentence for a name that cannot be
    a document's."""
    name = typed.strip()
    if not name:
        raise FileNameError(said("Type a name for the document."))
    if "/" in name or "\\" in name or "\0" in name:
        raise FileNameError(said("A document's name cannot hold “/” or “\\”."))
    if name.startswith("."):
        raise FileNameError(
            said("A name that begins with “.” is a hidden file, which the project does not list.")
        )
    if not name.lower().endswith(DOCUMENT_SUFFIXES):
        name += suffix
    if len(os.fsencode(name)) > NAME_BYTES:
        raise FileNameError(said("The name is too long for a file."))
    return name


def create_document(folder: Path, typed: str) -> Path:
    """A new, empty document named from `typed` in `folder` (see `document_name`)."""
    path = folder / document_name(typed)
    try:
        with open(path, "x", encoding="utf-8"):
            pass
    except FileExistsError:
        raise FileNameError(_taken(path)) from None
    except OSError as exc:
        raise FileNameError(
            said("Could not create {0}: {1}.", path.name, _reason(exc))
        ) from exc
    return path


def rename_document(path: Path, typed: str) -> Path:
    """`path` renamed in its folder to the name `typed` gives (its own suffix added where the
    name has none, see `document_name`); the same path where the name is its own."""
    name = document_name(typed, path.suffix or ".md")
    if name == path.name:
        return path
    new = path.with_name(name)
    # (another name of the same file: "a.md" to "A.md" on a disk that ignores case)
    if os.path.lexists(new) and not _same(path, new):
        raise FileNameError(_taken(new))
    try:
        os.rename(path, new)
    except OSError as exc:
        raise FileNameError(
            said("Could not rename {0}: {1}.", path.name, _reason(exc))
        ) from exc
    return new


def _taken(path: Path) -> str:
    return said("There is already a file named {0} in this folder.", path.name)


def _same(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _reason(exc: OSError) -> str:
    if exc.errno in (errno.EACCES, errno.EPERM):
        return said("Writer is not allowed to change this folder")
    if exc.errno == errno.ENOENT:
        return said("the file or its folder is no longer there")
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return said("the disk is full")
    if exc.errno == errno.EROFS:
        return said("the disk is read-only")
    if exc.errno == errno.ENAMETOOLONG:
        return said("the file name is too long")
    return said("the system reported “{0}”", exc.strerror or str(exc))
