"""Replace in Project's reading and writing of the documents no window shows, without Qt.

Replace All is two steps with a question between them, each on a thread of its own
(writer/ui/project_replace.py runs them): `plan` reads the project's documents afresh and
works out every replacement, and `write` then changes one document on disk.

`plan` takes the texts the windows show of the project's documents (by `file_key`) and
counts their replacements there; those are made in the windows' editors, never on disk. Every
other document is read as opening it reads it (`read_text_file`, in the encoding the project's
windows read it in, else as guessed), strictly: its bytes must read back as they are, so that
writing it changes only the matches. A document that does not read so, but has matches when
read as the search reads it (a byte its encoding lacks), is a problem: named, not changed.

`write` changes a file only where it is still the file that was read (its size, modification
time and inode; else another program changed it meanwhile) and where the new text fits its
encoding (a replacement with a character GBK lacks, say). Its bytes are then kept in the local
history (`BEFORE_REPLACE`: File → Local History brings them back) before it is replaced
atomically, in its encoding, with its BOM and line endings (a file with mixed line endings is
written with its most common one, as a save from its window would be); the text written is kept
as a saved version too. Each refusal is one sentence that names the document; the other
documents are changed all the same.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from writer.documents.atomic import save_atomic
from writer.documents.errors import DocumentError, EncodingError, SaveError
from writer.documents.history import BEFORE_REPLACE, SAVED, LocalHistory, digest_of, reason_of
from writer.documents.textfile import FileSignature, LoadedText, encode_text, read_text_file
from writer.project.project import MAX_BYTES, Project, file_key
from writer.project.search import Query, Replacement, replaced, replacements
from writer.sentences import said


@dataclass
class Change:
    """A document on disk as read for the replacement, and its text after it."""

    path: Path
    name: str  # as the project shows it (relative to its folder)
    loaded: LoadedText
    text: str  # the new text
    count: int  # the matches replaced in it
    digest: str = ""  # sha256 of the bytes read: the file must hold them still when written


@dataclass
class Plan:
    """What Replace All would change."""

    on_disk: list[Change] = field(default_factory=list)
    # the replacements in the documents the windows show, by file_key, as their texts were
    in_windows: dict[str, list[Replacement]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)  # documents with matches left as they are

    @property
    def count(self) -> int:
        """The matches to replace."""
        return sum(c.count for c in self.on_disk) + sum(map(len, self.in_windows.values()))

    @property
    def documents(self) -> int:
        """The documents to change."""
        return len(self.on_disk) + len(self.in_windows)


def plan(
    project: Project,
    query: Query,
    replacement: str,
    shown: Mapping[str, str],
    cancelled: Callable[[], bool] | None = None,
    only: str | None = None,
) -> Plan:
    """Every replacement of `query` by `replacement` in the project's documents (`only`: in
    the one of that file_key): in `shown` (the windows' texts, by file_key), else on disk.
    QueryError and TemplateError as `replacements` raises them (before any document is read);
    stops early, with what it has, once `cancelled()` says so."""
    replacements(query, "", replacement)  # (a pattern or a template that does not do: at once)
    result = Plan()
    seen: set[str] = set()
    for path in project.documents():
        if cancelled is not None and cancelled():
            break
        key = file_key(path)
        if (only is not None and key != only) or key in seen:
            continue  # (a link and its file are one document: it was changed twice)
        seen.add(key)
        if key in shown:
            found = replacements(query, shown[key], replacement)
            if found:
                result.in_windows[key] = found
            continue
        name = _name(project, path)
        confirmed = project.encoding_of(path)  # (a window reads it in this one)
        try:
            if path.stat().st_size > MAX_BYTES:  # (the search leaves it out too)
                continue
            raw = path.read_bytes()
            loaded = read_text_file(path, encoding=confirmed)
        except OSError:
            continue  # (gone since the listing)
        except DocumentError as exc:
            text = project.read(path)  # as the search reads it: are there matches to say?
            if text is not None and replacements(query, text, replacement):
                result.problems.append(str(exc))
            continue
        found = replacements(query, loaded.text, replacement)
        if not found:
            continue
        why = _not_as_it_was(name, raw, loaded, confirmed is not None, found)
        if why:
            result.problems.append(why)
            continue
        result.on_disk.append(Change(path, name, loaded, replaced(loaded.text, found),
                                     len(found), digest_of(raw)))  # fmt: skip
    return result


def _not_as_it_was(name: str, raw: bytes, loaded: LoadedText, confirmed: bool,
                   found: list[Replacement]) -> str:  # fmt: skip
    """Why a file could not be written back with only its matches changed ('' where it can):
    its text does not give its bytes back (mixed line endings, made one; a character its
    encoding writes two ways), or its encoding is a guess no window confirmed and a
    replacement brings characters beyond ASCII (written in a wrong guess, they would be
    garbled)."""
    try:
        same = encode_text(loaded.text, loaded.format) == raw
    except DocumentError:
        same = False
    if not same:
        return said("{0} is left as it was: its line endings or characters would not be "
                    "written back exactly as they are. Open it to replace in it.", name)
    if loaded.guessed and not confirmed and not all(r.new.isascii() for r in found):
        return said("{0} is left as it was: Writer guessed its encoding ({1}), and the "
                    "replacement has characters a wrong guess would garble. Open it to check.",
                    name, loaded.format.encoding)  # fmt: skip
    return ""


def write(change: Change, history: LocalHistory | None, keep: int) -> str:
    """Write `change` over its file, its present bytes kept first in `history` (`keep`
    versions a file; none where it is 0); '' when done, else the sentence why the file is left
    as it was."""
    path, name = change.path, change.name
    try:
        with open(path, "rb") as handle:
            st = os.fstat(handle.fileno())
            if FileSignature(st.st_size, st.st_mtime_ns, st.st_ino) != change.loaded.signature:
                return said("{0} was changed by another program after Writer read it.", name)
            before = handle.read()
        if change.digest and digest_of(before) != change.digest:  # (same size, same tick)
            return said("{0} was changed by another program after Writer read it.", name)
    except FileNotFoundError:
        return said("{0} was deleted or moved by another program after Writer read it.", name)
    except OSError as exc:
        return said("{0} cannot be read again ({1}).", name, reason_of(exc))
    try:
        data = encode_text(change.text, change.loaded.format)
    except EncodingError as exc:
        return said("{0} is in {1}, which has no character “{2}”.", name, exc.encoding, exc.char)
    except DocumentError as exc:
        return str(exc)
    if not os.access(path, os.W_OK):
        return said("{0} is read-only.", name)
    if history is not None and keep > 0:
        history.keep_count = keep
        try:
            history.keep(path, before, BEFORE_REPLACE, when=st.st_mtime)
        except OSError as exc:
            return said(
                "{0} is left as it was: Writer could not keep its present version in the local "
                "history ({1}).",
                name,
                reason_of(exc),
            )
    try:
        save_atomic(path, data)
    except SaveError as exc:
        return said("{0} could not be written: {1}.", name, exc.reason or str(exc))
    if history is not None and keep > 1:  # (with one version kept, it is the one before)
        with contextlib.suppress(OSError):  # (the version before is the one to bring back)
            history.keep(path, data, SAVED)
    return ""


def _name(project: Project, path: Path) -> str:
    try:
        return path.relative_to(project.folder).as_posix()
    except ValueError:
        return str(path)
