"""Earlier versions of the documents Writer saves: the local history (File → Local History).

Undo ends with the session, and a save replaces the file: a chapter rewritten, saved and closed
had no way back. So each save keeps the bytes it wrote, and the bytes it replaced where those
are not kept already (the file as another program left it, or as it was before Writer first
saved over it); Replace in Project keeps a file's bytes before it changes one no window shows
(`BEFORE_REPLACE`). A version is the file's bytes, not its text: it is read back in the document's
encoding, and restoring it is an edit the writer can undo.

The history lives in Writer's state folder, one folder per file (named by a digest of the file's
resolved path): `versions.json` lists the versions, oldest first, and each version's bytes are
in `<sha256>.gz` (the same bytes saved twice are kept once). A file keeps its newest `keep`
versions (MAX_VERSIONS); files larger than MAX_FILE_BYTES are not kept. Every write is atomic
(a crash leaves the old list or the new one), and the list is read whatever it holds: entries
that do not read as versions are left out, a list that cannot be read is an empty history with
a sentence. Nothing here uses Qt; the saves hand their bytes to `keep` on the journal's writing
thread (writer.documents.journal_writer), so a save never waits for the history.
"""

from __future__ import annotations

import contextlib
import difflib
import gzip
import hashlib
import json
import logging
import math
import os
import re
import threading
import time
import zlib
from dataclasses import dataclass
from pathlib import Path

from writer.documents.atomic import replace_file
from writer.documents.ends import shared_ends
from writer.documents.errors import DocumentError
from writer.sentences import said

log = logging.getLogger(__name__)

MAX_VERSIONS = 50  # a file's versions kept, newest first
MAX_FILE_BYTES = 16 * 1024 * 1024  # a larger file is not kept
MAX_LIST_BYTES = 1024 * 1024  # a versions.json larger than this is not read
SAVED, REPLACED = "saved", "replaced"  # written by a save; found on disk and replaced by one
BEFORE_REPLACE = "before-replace"  # the file as it was before Replace in Project changed it
KINDS = (SAVED, REPLACED, BEFORE_REPLACE)
FORMAT = 1
_DIGEST = re.compile(r"[0-9a-f]{64}")


class HistoryError(DocumentError):
    """A version that cannot be read back, with a sentence."""


@dataclass(frozen=True)
class Version:
    """One kept version of a file: when, its bytes' sha256 and size, and how it was kept."""

    time: float  # seconds since the epoch
    digest: str
    size: int
    kind: str = SAVED


def digest_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def folder_name(path: str | Path) -> str:
    """The folder name of a file's history: one for a file however a path spells it."""
    return hashlib.sha256(os.path.realpath(path).encode("utf-8", "surrogateescape")).hexdigest()[
        :32
    ]


class LocalHistory:
    """The versions of every file Writer saved, under `folder`. `keep` may run on a background
    thread while the window's thread lists and reads versions (a lock orders the writes)."""

    def __init__(self, folder: str | Path, keep: int = MAX_VERSIONS) -> None:
        self.folder = Path(folder)
        self.keep_count = keep
        self._lock = threading.Lock()

    def _place(self, path: str | Path) -> Path:
        return self.folder / folder_name(path)

    def versions(self, path: str | Path) -> list[Version]:
        """The versions kept of `path`, newest first ([] when none, or when the list cannot be
        read: `problem` says why)."""
        return list(reversed(self._read_list(self._place(path))[0]))

    def problem(self, path: str | Path) -> str:
        """Why the versions of `path` cannot be listed ('' when they can, or there are none)."""
        return self._read_list(self._place(path))[1]

    def read(self, path: str | Path, version: Version) -> bytes:
        """The bytes of `version`; HistoryError with a sentence when they are gone or damaged."""
        blob = self._place(path) / f"{version.digest}.gz"
        try:
            with gzip.open(blob, "rb") as handle:
                data = handle.read(MAX_FILE_BYTES + 1)
        except FileNotFoundError:
            raise HistoryError(said("This version's copy is no longer there.")) from None
        except (OSError, EOFError, zlib.error) as exc:
            raise HistoryError(
                said("This version's copy cannot be read ({0}).", reason_of(exc))
            ) from exc
        if len(data) != version.size or digest_of(data) != version.digest:
            raise HistoryError(said("This version's copy is damaged: it is not what was saved."))
        return data

    def keep(
        self, path: str | Path, data: bytes, kind: str = SAVED, when: float | None = None
    ) -> Version | None:
        """Keep `data` as the newest version of `path` (None: it is the newest already, or too
        large to keep). The oldest versions beyond `keep_count` go, with their copies where no
        version kept names them; a copy the list does not name is never taken away. Raises
        OSError where the disk refuses (the save itself is done by then)."""
        if len(data) > MAX_FILE_BYTES or self.keep_count <= 0:
            return None
        digest = digest_of(data)
        place = self._place(path)
        with self._lock:
            kept, _problem = self._read_list(place)
            if kept and kept[-1].digest == digest:
                return None
            version = Version(time.time() if when is None else when, digest, len(data), kind)
            self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)  # (the writer's alone,
            place.mkdir(mode=0o700, exist_ok=True)  # as the journal's)
            blob = place / f"{digest}.gz"
            if not blob.is_file():
                replace_file(blob, gzip.compress(data, compresslevel=6, mtime=0), create_mode=0o600,
                             durable=False)  # fmt: skip
            listed = [*kept, version]
            kept = listed[-self.keep_count :]
            self._write_list(place, path, kept)
            # only the copies of the versions that go: one the list does not name stays (those
            # of a list that could not be read, for the writer to find)
            for gone in {v.digest for v in listed} - {v.digest for v in kept}:
                with contextlib.suppress(OSError):
                    (place / f"{gone}.gz").unlink()
            return version

    def move(self, old: str | Path, new: str | Path) -> bool:
        """The file at `old` is at `new` now (renamed): its versions go with it. Where `new` has
        versions already (a file of that name deleted or renamed earlier), the two lists are
        one, by time, the newest `keep_count` kept; where the list of `new` cannot be read,
        both stay where they are. False where nothing moved."""
        source, target = self._place(old), self._place(new)
        with self._lock:
            kept, _problem = self._read_list(source)
            if not kept or source == target:
                return False
            if not target.exists():
                source.rename(target)
                self._write_list(target, new, kept)
                return True
            theirs, problem = self._read_list(target)
            if problem:  # (never written over: the writer may find its copies)
                return False
            listed = sorted(set(theirs) | set(kept), key=lambda v: (v.time, v.digest))
            merged = listed[max(len(listed) - self.keep_count, 0) :]
            wanted = {v.digest for v in merged}
            for digest in {v.digest for v in kept} & wanted:
                blob = target / f"{digest}.gz"
                if not blob.is_file():  # (a link: the old name's copy stays until the end)
                    with contextlib.suppress(FileNotFoundError):  # (read() says it is gone)
                        os.link(source / f"{digest}.gz", blob)
            self._write_list(target, new, merged)
            for gone in {v.digest for v in theirs} - wanted:
                with contextlib.suppress(OSError):
                    (target / f"{gone}.gz").unlink()
            # the old name's list and the copies it named; a copy it does not name stays
            (source / "versions.json").unlink()
            for digest in {v.digest for v in kept}:
                with contextlib.suppress(OSError):
                    (source / f"{digest}.gz").unlink()
            with contextlib.suppress(OSError):
                source.rmdir()
            return True

    def _write_list(self, place: Path, path: str | Path, kept: list[Version]) -> None:
        data = {
            "format": FORMAT,
            "path": os.path.realpath(path),
            "versions": [
                {"time": v.time, "digest": v.digest, "size": v.size, "kind": v.kind} for v in kept
            ],
        }
        encoded = json.dumps(data, indent=1).encode()
        replace_file(place / "versions.json", encoded, create_mode=0o600, durable=False)

    def _read_list(self, place: Path) -> tuple[list[Version], str]:
        """The versions of a file's list, oldest first, and a sentence where it cannot be read."""
        target = place / "versions.json"
        try:
            if target.stat().st_size > MAX_LIST_BYTES:
                return [], said("The list of this document's earlier versions is too large.")
            raw = json.loads(target.read_bytes())
        except FileNotFoundError:
            return [], ""
        except (OSError, ValueError, RecursionError) as exc:
            reason = reason_of(exc) if isinstance(exc, OSError) else "it is damaged"
            return [], said("The list of this document's earlier versions cannot be read ({0}).",
                            reason)  # fmt: skip
        entries = raw.get("versions") if isinstance(raw, dict) else None
        found: list[Version] = []
        for entry in entries if isinstance(entries, list) else []:
            version = _version(entry)
            if version is not None:
                found.append(version)
        found.sort(key=lambda v: v.time)
        return found, ""


# The kinds of a line of `Difference.changes`: in both texts; only in the version (a Restore
# brings it back); only in the text now (a Restore takes it out); lines the same passed over
SAME, HERE, NOW, SKIPPED = "same", "here", "now", "skipped"
CONTEXT_LINES = 2  # lines the same shown on each side of a change


@dataclass(frozen=True)
class Difference:
    """How a version's lines differ from the text now (`compare`)."""

    marked: tuple[int, ...]  # the version's lines (from 0) the text now lacks or has otherwise
    changed: int  # lines changed, each counted once
    only_here: int  # lines only in the version
    only_now: int  # lines only in the text now
    # the two texts as one list of lines, each with its kind: where they differ, the text
    # now's lines (NOW) then the version's (HERE); of a run of lines the same, CONTEXT_LINES
    # on each side of a change, the others one SKIPPED line (its text: how many)
    changes: tuple[tuple[str, str], ...] = ()
    # whether the version and the text now end with a line break: the empty line after one
    # is no line of either text (compared, it showed as an empty line marked), where they
    # differ the window says so in words, as a diff's "No newline at end of file"
    break_here: bool = False
    break_now: bool = False


def compare(version: str, now: str) -> Difference:
    """The lines of `version` that differ from `now`, and how many. The lines the two share at
    their start and end are passed over first, and difflib leaves lines met in more than one
    in a hundred (blank lines, "* * *") out of the lines it anchors a match on (its autojunk:
    anchored on them it takes time quadratic in their number, minutes for a long chapter).
    A line break at a text's end ends its last line: it is told apart (`Difference.break_here`,
    `break_now`), not compared as an empty line after it."""
    (whole, break_here), (now_lines, break_now) = _lines(version), _lines(now)
    head, tail = shared_ends(whole, now_lines)
    ours = whole[head : len(whole) - tail]
    theirs = now_lines[head : len(now_lines) - tail]
    marked: list[int] = []
    changed = only_here = only_now = 0
    changes: list[tuple[str, str]] = []
    shown = 0  # the version's lines up to here are in `changes` (or passed over)
    matcher = difflib.SequenceMatcher(None, ours, theirs)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        _same_lines(changes, whole, shown, head + i1)
        both = min(i2 - i1, j2 - j1)  # (a replace: lines changed, and any left over)
        changed += both
        only_here += i2 - i1 - both
        only_now += j2 - j1 - both
        marked.extend(range(head + i1, head + i2))
        changes.extend((NOW, line) for line in theirs[j1:j2])
        changes.extend((HERE, line) for line in ours[i1:i2])
        shown = head + i2
    if changes:
        _same_lines(changes, whole, shown, len(whole), last=True)
    return Difference(tuple(marked), changed, only_here, only_now, tuple(changes),
                      break_here, break_now)  # fmt: skip


def _lines(text: str) -> tuple[list[str], bool]:
    """`text`'s lines, and whether a line break ends it (ending its last line, not starting an
    empty one)."""
    if text.endswith("\n"):
        return text[:-1].split("\n"), True
    return text.split("\n"), False


def _same_lines(changes: list[tuple[str, str]], lines: list[str], start: int, end: int,
                last: bool = False) -> None:  # fmt: skip
    """The lines `start` to `end` of the version, the same in both texts, added to `changes`:
    CONTEXT_LINES after the change before them and before the change after them (`last`:
    there is none), and the others as one SKIPPED line (none before the first change)."""
    first = not changes
    keep_head = 0 if first else CONTEXT_LINES
    keep_tail = 0 if last else CONTEXT_LINES
    if end - start <= keep_head + keep_tail + 1:  # (a line passed over shows as one line)
        changes.extend((SAME, line) for line in lines[start:end])
        return
    changes.extend((SAME, line) for line in lines[start : start + keep_head])
    changes.append((SKIPPED, str(end - start - keep_head - keep_tail)))
    changes.extend((SAME, line) for line in lines[end - keep_tail : end])


def _version(entry: object) -> Version | None:
    """An entry of versions.json as a Version, or None where it does not read as one."""
    if not isinstance(entry, dict):
        return None
    when, digest, size = entry.get("time"), entry.get("digest"), entry.get("size")
    kind = entry.get("kind", SAVED)
    if not isinstance(when, int | float) or isinstance(when, bool) or not math.isfinite(when):
        return None
    if not 0 <= when < 1e11:  # (a date the interface can show)
        return None
    if not isinstance(digest, str) or not _DIGEST.fullmatch(digest):
        return None
    if not isinstance(size, int) or isinstance(size, bool) or not 0 <= size <= MAX_FILE_BYTES:
        return None
    if kind not in KINDS:
        return None
    return Version(float(when), digest, size, kind)


def reason_of(exc: BaseException) -> str:
    """A short reason for a failure to read or write the history, in words."""
    if isinstance(exc, PermissionError):
        return "permission denied"
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror.lower()
    return "it is damaged"
