"""A project's documents as files: a new one, a new name for one (the Project panel's New
Document and Rename), without Qt.

A name is what the writer types: it stays as typed where it ends in a document's suffix
(.md, .markdown, .txt), else the suffix is added (".md" for a new document, the document's
own for a new name: "Chapter 1.5" stays Markdown). A new name with "/" moves the document to
another folder of its project (`moved_path`; the folders it names are made). A name that would
take the document out of the project's list (hidden, outside the project, too deep, no name
at all), that another file already has, or that would make a chapter the project's notes (the
notes file's name at the project's top, which the model always reads) is refused with a
sentence, and nothing on the disk changes. A new document is created
only where no file is (an exclusive create: never over another), empty; a new name never
replaces another file.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import unicodedata
from pathlib import Path

from writer.project.project import DOCUMENT_SUFFIXES, MAX_DEPTH, file_key
from writer.sentences import said

NAME_BYTES = 255  # a file name's longest on the usual file systems


class FileNameError(ValueError):
    """A name refused, or a file the system would not create or rename: the sentence says why."""


# a number: digits, or Chinese numerals where they stand as a number: after 第 or 卷
# ("第十二章", chapter twelve), before a word that counts ("三月", "十年", "五幕"), or apart from
# other Chinese characters ("二〇二六", 2026; "十一 归来"); in a word they are its characters
# ("一些", "百合", "统一": a word sorted among the numbers was hard to find)
_NUMERALS = "[〇零一二两三四五六七八九十百千万]+"
_HAN = "\u3400-\u9fff\uf900-\ufaff"
_COUNTED = "章节回卷部篇集幕场话季册页年月日号期课讲次届"
_DIGITS = re.compile(
    rf"(\d+|(?<=[第卷]){_NUMERALS}|{_NUMERALS}(?=[{_COUNTED}])"
    rf"|(?<![{_HAN}]){_NUMERALS}(?![{_HAN}]))"
)
_CHINESE_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}
_CHINESE_UNITS = {"十": 10, "百": 100, "千": 1000}


def _number(numerals: str) -> int:
    """The value of a run of digits or of Chinese numerals: with units ("二十一", 21; "一百零五",
    105; "十", 10; "三万", 30,000) or digit by digit ("二〇二六"); a run that is no number
    as written has a value all the same (it only orders names)."""
    if numerals.isdecimal():
        return int(numerals)
    if not any(c in _CHINESE_UNITS or c == "万" for c in numerals):
        return int("".join(str(_CHINESE_DIGITS[c]) for c in numerals))
    total = section = digit = 0
    for c in numerals:
        if c in _CHINESE_DIGITS:
            digit = _CHINESE_DIGITS[c]
        elif c == "万":
            total += (section + digit or 1) * 10_000
            section = digit = 0
        else:
            section += (digit or 1) * _CHINESE_UNITS[c]
            digit = 0
    return total + section + digit


def natural_order(path: Path) -> tuple:
    """A key that sorts paths as VS Code's explorer and a file manager do: numbers by their
    value ("Chapter 2" before "Chapter 10", which a plain sort put first: a manuscript
    exported in that order had chapter 10 after chapter 1), Chinese numerals too ("第二章"
    before "第三章" and "第十章": by their characters' codes 三 came before 二, and 十 after
    四), letters without regard to case, a folder's documents together; a document by its
    name before its suffix ("Chapter 1.md" before "Chapter 1.5.md", which came first as
    "." sorts before ".md", and "fn.md" before "fn2.md")."""
    parts = path.parts
    key = []
    for depth, part in enumerate(parts):
        stem, suffix = part, ""
        document = depth == len(parts) - 1
        if document and part.lower().endswith(DOCUMENT_SUFFIXES):
            at = part.rindex(".")
            stem, suffix = part[:at], part[at:].casefold()
        pieces = enumerate(_DIGITS.split(stem))
        words = tuple(_number(t) if i % 2 else t.casefold() for i, t in pieces)
        key.append((document, words, suffix, part))  # (False, a folder, sorts first)
    return tuple(key)


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


# what no file name may hold on one system or another (Windows refuses these, and "/" is a
# folder's end everywhere), and the names Windows keeps for its devices ("con.pdf" too)
_UNSAFE = re.compile(r'[<>:"/\\|?*]+')
_DEVICES = frozenset(
    ["con", "prn", "aux", "nul"] + [f"{d}{n}" for d in ("com", "lpt") for n in range(1, 10)]
)
STEM_BYTES = NAME_BYTES - 8  # room left for the ending an export adds (".docx", ".html")


def _control(ch: str) -> bool:
    return unicodedata.category(ch) in ("Cc", "Cs", "Zl", "Zp")


def file_stem(title: str, fallback: str) -> str:
    """A file's name, before its ending, made from a title the writer typed (Export Project's
    manuscript title): the title's words, a character no file name may hold left out (one
    between two words, "AC/DC", becomes "-"), no dot or space at either end (a leading dot
    hides a file, a trailing one Windows drops), a device's name of Windows kept off, cut to
    what a file name can hold; `fallback` (the project folder's name) where nothing is left."""
    def unsafe(found: re.Match[str]) -> str:
        text, start, end = found.string, found.start(), found.end()
        joins = text[start - 1 : start].strip() and text[end : end + 1].strip()
        return "-" if joins else " "

    # (a line's end, a tab, a control character: a space)
    words = " ".join("".join(" " if _control(ch) else ch for ch in title).split())
    stem = " ".join(_UNSAFE.sub(unsafe, words).split()).strip(". ")[:STEM_BYTES]
    while len(stem.encode("utf-8", "surrogatepass")) > STEM_BYTES:
        stem = stem[:-1]
    stem = stem.rstrip(". ")
    head, dot, rest = stem.partition(".")
    if head.rstrip().casefold() in _DEVICES:  # ("con.x" is the device too)
        stem = f"{head.rstrip()}_{dot}{rest}"
    return stem or fallback


def create_document(
    folder: Path, typed: str, root: Path | None = None, notes: str | None = None
) -> Path:
    """A new, empty document named from `typed` in `folder` (see `document_name`). In a
    project (`root`, its folder, whose notes file is named `notes`), a name that would make it
    the project's notes is refused as Rename refuses it: a project without notes took the new
    document for them without a word (View → Edit Project Notes makes them)."""
    path = folder / document_name(typed)
    if root is not None and notes and _becomes_notes(path, root, notes, None):
        raise FileNameError(said(
            "{0} is the name of the project's notes, which the model always reads: a new "
            "document so named would become them. Choose another name (View → Edit Project "
            "Notes makes the notes; Settings → Project names the notes file).", path.name
        ))  # fmt: skip
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


def rename_document(
    path: Path, typed: str, root: Path | None = None, notes: str | None = None
) -> Path:
    """`path` renamed in its folder to the name `typed` gives (its own suffix added where the
    name has none, see `document_name`); the same path where the name is its own. In a
    project (`root`, its folder) a name with "/" moves the document (`moved_path`), as VS
    Code's Rename does: "drafts/Chapter 3" into a folder, "../Chapter 3" out of one. `notes`,
    the name of the project's notes file: a new name that is it at the project's top (in any
    case where the disk ignores case: "notes", "/Notes.md") is refused, as the chapter would
    silently become the notes."""
    moving = root is not None and ("/" in typed or "\\" in typed)
    spelt, spelt_root = path, root
    if moving:
        root = spelt_root = Path(os.path.normpath(root))
        if not Path(os.path.normpath(path)).is_relative_to(root):  # (reached by a link)
            path = Path(os.path.realpath(path.parent)) / path.name
            root = Path(os.path.realpath(root))
        new = moved_path(path, typed, root)
    else:
        new = path.with_name(document_name(typed, path.suffix or ".md"))
    if root is not None and notes:
        _keep_off_notes(path, new, root, notes)
    if new == path:
        return spelt
    made = _make_folders(new.parent, root) if moving else []
    _move_checked(path, new, made)
    if root != spelt_root:  # (the new place as the project spells it, as its panel lists it)
        return spelt_root / new.relative_to(root)
    return new


def _keep_off_notes(path: Path, new: Path, root: Path, notes: str) -> None:
    """FileNameError where renaming the document `path` to `new` would make it the project's
    notes file (`notes` in the folder `root`)."""
    if not _becomes_notes(new, root, notes, path):
        return
    raise FileNameError(said(
        "{0} is the name of the project's notes, which the model always reads: a document "
        "renamed so would become them. Choose another name (Settings → Project names the "
        "notes file).", new.name
    ))  # fmt: skip


def _becomes_notes(new: Path, root: Path, notes: str, path: Path | None) -> bool:
    """Whether a document at `new` would be the project's notes file (`notes` in the folder
    `root`): the document `path` renamed so, or (None) a new one. The one rule of Rename and
    New Document."""
    if new.name.casefold() != notes.casefold() or file_key(new.parent) != file_key(root):
        return False
    if path is None and (root / notes).is_file():
        return False  # (the notes are there: a new one is taken, or another file by case)
    if new.name != notes and (root / notes).is_file() and not _ignores_case(path or root):
        return False  # ("NOTES.md" beside "notes.md" on a disk that tells cases apart: the
        # notes stay "notes.md", `Project.notes_path`; with none, "NOTES.md" would be them)
    # (the notes themselves: not renamed to another)
    return path is None or file_key(path) != file_key(new)


def _move_checked(path: Path, new: Path, made: list[Path]) -> None:
    """`path` renamed `new`, never over another file; FileNameError with a sentence, and the
    folders `made` for it taken away, where it cannot be."""
    # (another name of the same file: "a.md" to "A.md" on a disk that ignores case)
    if os.path.lexists(new) and not _same(path, new):
        _remove_folders(made)
        raise FileNameError(_taken(new))
    try:
        _rename(path, new)
    except OSError as exc:
        _remove_folders(made)
        raise FileNameError(
            said("Could not rename {0}: {1}.", path.name, _reason(exc))
        ) from exc


def _rename(path: Path, new: Path) -> None:
    """`path` renamed `new`; a document that is a link by a relative way ("../shared/ch.md")
    moved to another folder is made again there by the way from it, as it led nowhere else."""
    way = os.readlink(path) if os.path.islink(path) else None
    if way is None or os.path.isabs(way) or new.parent == path.parent:
        os.rename(path, new)
        return
    os.symlink(os.path.relpath(os.path.join(path.parent, way), new.parent), new)
    try:
        os.unlink(path)
    except OSError:
        os.unlink(new)
        raise


def moved_path(path: Path, typed: str, root: Path) -> Path:
    """Where a name typed with "/" (or "\\") puts the document `path` of the project in
    `root`: folders from the document's own folder ("drafts/Chapter 3", "../Chapter 3"), or
    from the project's when it begins with "/"; the last part its name (`document_name`), its
    own name where that part is empty ("drafts/") or only a suffix. Raises FileNameError where
    the place would take it out of the project's list: outside the project's folder, in a
    hidden folder, deeper than the project looks."""
    text = typed.strip()
    *folders, last = re.split(r"[/\\]", text)
    # its own name where none is typed: "drafts/", or "drafts/.md", what F2 leaves where
    # "drafts/" is typed over the name it selects (it was refused as a hidden file's name)
    bare = not last.strip() or last.strip().lower() in DOCUMENT_SUFFIXES
    name = path.name if bare else document_name(last, path.suffix or ".md")
    start = root if text[:1] in "/\\" else path.parent
    parts = [part.strip() for part in folders if part.strip()]
    if any("\0" in part for part in parts):  # (pasted: the system's calls raise ValueError)
        raise FileNameError(said("A document's name cannot hold “/” or “\\”."))
    folder = Path(os.path.normpath(os.path.join(start, *parts)))
    try:
        inside = folder.relative_to(os.path.normpath(root)).parts
    except ValueError:
        out = said("A document cannot be moved out of the project's folder.")
        raise FileNameError(out) from None
    if any(part.startswith(".") for part in inside):
        raise FileNameError(said(
            "A folder whose name begins with “.” is hidden, and the project does not list it."
        ))  # fmt: skip
    if len(inside) > MAX_DEPTH:
        raise FileNameError(
            said("The project lists documents at most {0} folders deep.", MAX_DEPTH)
        )
    if any(len(os.fsencode(part)) > NAME_BYTES for part in inside):
        raise FileNameError(said("The name is too long for a file."))
    return folder / name


def _make_folders(folder: Path, root: Path) -> list[Path]:
    """The folders up to `folder` made where they are not yet (the new ones, deepest last);
    FileNameError where a file has one's name, a folder cannot be looked into (no
    permission to enter the one above it: an EACCES that went out unsaid) or the system
    refuses."""
    made: list[Path] = []
    for depth in range(len(folder.relative_to(root).parts)):
        step = root.joinpath(*folder.relative_to(root).parts[: depth + 1])
        try:
            there = step.is_dir()
        except OSError as exc:
            _remove_folders(made)
            above = step.parent.relative_to(root).as_posix() if step.parent != root else root.name
            raise FileNameError(
                said("Could not look into the folder {0}: {1}.", above, _reason_reading(exc))
            ) from exc
        if there:
            continue
        if os.path.lexists(step):
            _remove_folders(made)
            raise FileNameError(said("{0} is a file, not a folder.", step.name))
        try:
            os.mkdir(step)
        except OSError as exc:
            _remove_folders(made)
            raise FileNameError(
                said("Could not create the folder {0}: {1}.", step.name, _reason(exc))
            ) from exc
        made.append(step)
    return made


def _remove_folders(made: list[Path]) -> None:
    """The folders a move made, taken away again when the move did not happen."""
    for folder in reversed(made):
        with contextlib.suppress(OSError):  # (not empty, or gone: left as it is)
            folder.rmdir()


def _taken(path: Path) -> str:
    return said("There is already a file named {0} in this folder.", path.name)


def _ignores_case(path: Path) -> bool:
    """Whether the disk of the file `path` takes its name in another case for it (macOS's and
    Windows' do: "NOTES.md" is "notes.md" there, another file on Linux's)."""
    other = path.with_name(path.name.swapcase())
    return other.name != path.name and _same(path, other)


def _same(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _reason_reading(exc: OSError) -> str:
    if exc.errno in (errno.EACCES, errno.EPERM):
        return said("Writer is not allowed to open it")
    return _reason(exc)


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
