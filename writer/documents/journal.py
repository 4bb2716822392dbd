"""The crash recovery journal ("hot exit"): a copy of each unsaved document while Writer runs.

Layout, inside the folder the app gives (`paths.state_dir() / "journal"`):

    session-<pid>-<start ms>-<token>.lock   locked for as long as that Writer process lives
    session-<pid>-<start ms>-<token>/       one `<hash of doc id>.entry` file per document
                                            (and `ended-politely`, naming the windows open,
                                            after `keep_for_next_start`)
    damaged/                                entries that could not be read, set aside once

An entry is one line of JSON (document id, path, cursor, title hint, time, length and CRC-32 of
the text) followed by the text as UTF-8, replaced atomically on every write. A session whose lock
file can be locked belongs to a process that is gone (crash, kill, power cut): its entries are
orphans, offered back at the next start; those the writer decides on later stay locked to the
Writer that offered them, and `recoverable` offers them again. The lock is taken before the
session folder exists, so no other Writer ever sees a live session without its lock. A Writer
the system ended (logout, shutdown) keeps its session instead of removing it, marked as ended
politely: its documents are restored at the next start without a question ("hot exit").
"""

from __future__ import annotations

import errno
import hashlib
import itertools
import json
import logging
import math
import os
import secrets
import shutil
import threading
import time
import zlib
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path

from writer.documents.atomic import replace_file
from writer.documents.errors import JournalError
from writer.documents.textfile import (
    BOMS,
    ENCODINGS,
    NEWLINES,
    FileSignature,
    TextFormat,
    title_of,
)
from writer.sentences import said

log = logging.getLogger(__name__)

ENTRY_SUFFIX = ".entry"
SESSION_PREFIX = "session-"
DAMAGED_FOLDER = "damaged"
POLITE_MARK = "ended-politely"
_FORMAT = "writer-journal"
_VERSION = 1
_NAME_CHARS = 40


@dataclass(frozen=True)
class JournalEntry:
    """A snapshot of one document, taken on the UI thread and written on any thread."""

    doc_id: str
    text: str
    path: str | None
    cursor: int
    title_hint: str
    seq: int
    saved_at: float
    format: TextFormat | None = None
    signature: FileSignature | None = None
    project: str | None = None  # the folder of the project whose window showed it


@dataclass
class RecoveredDocument:
    """An unsaved document left behind by a Writer that did not close cleanly.

    `format` is how its file was stored (to save it faithfully) and `signature` what the file
    looked like when last loaded or saved (compare with `file_signature(path)` to see whether
    another program changed it since); either is None when the UI did not journal it.
    `project` is the folder of the project whose window showed it (an untitled draft has no
    other tie to its project), None when none did.
    """

    doc_id: str
    path: str | None
    name: str
    text: str
    cursor: int
    modified: float
    title_hint: str = ""
    format: TextFormat | None = None
    signature: FileSignature | None = None
    project: str | None = None
    polite: bool = False  # left by a Writer the system ended politely (not a crash)
    # left by a Writer the system ended, the disk refusing its last text (asked about, as
    # after a crash, but it was no crash)
    refused: bool = False
    _file: Path = field(default=Path(), repr=False, compare=False)
    _session: _Session | None = field(default=None, repr=False, compare=False)

    def discard(self) -> None:
        """Delete this entry (after the writer restored it elsewhere or chose to drop it)."""
        with suppress(FileNotFoundError):
            self._file.unlink()
        if self._session is not None:
            self._session.dispose_if_empty()
            self._session = None


@dataclass
class Recovery:
    """What `Journal.orphans` found: documents to offer back and sentences about damaged entries."""

    documents: list[RecoveredDocument] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


class Journal:
    """This Writer process's journal session, plus the orphans of sessions that died.

    `write` (or `snapshot` + `write_entry`) may be called from any thread; writes are serialised
    and a snapshot older than the document's last write or discard is dropped, so a slow write
    finishing after `discard` never brings a saved document back. Keep `orphans`, `adopt` and
    `RecoveredDocument.discard` on one thread (the UI's).
    """

    def __init__(self, folder: str | Path, *, durable: bool = True) -> None:
        self.folder = Path(folder)
        self.durable = durable
        self._io = threading.Lock()
        self._seq = itertools.count(1)
        self._latest: dict[str, int] = {}
        self._adopted: list[_Session] = []
        self._unread: list[_Session] = []  # dead sessions locked, their entries not yet read
        self._refused: set[str] = set()  # documents whose last text the disk refused
        self._closed = False
        self._session = _Session.claim(self.folder)

    @property
    def session_dir(self) -> Path:
        return self._session.dir

    @staticmethod
    def new_doc_id() -> str:
        """A fresh document id for a document that has none yet (an untitled one, say)."""
        return secrets.token_hex(8)

    def snapshot(
        self,
        doc_id: str,
        text: str,
        *,
        path: str | None,
        cursor: int,
        title_hint: str = "",
        fmt: TextFormat | None = None,
        signature: FileSignature | None = None,
        project: str | None = None,
    ) -> JournalEntry:
        """Capture a document's state now (cheap: no copy, no IO) to be written later."""
        return JournalEntry(
            doc_id, text, path, cursor, title_hint, next(self._seq), time.time(), fmt, signature,
            project,
        )

    def write(
        self,
        doc_id: str,
        text: str,
        *,
        path: str | None,
        cursor: int,
        title_hint: str = "",
        fmt: TextFormat | None = None,
        signature: FileSignature | None = None,
        project: str | None = None,
    ) -> None:
        """Journal a document now; raises JournalError (with a sentence) if the disk refuses."""
        self.write_entry(
            self.snapshot(
                doc_id,
                text,
                path=path,
                cursor=cursor,
                title_hint=title_hint,
                fmt=fmt,
                signature=signature,
                project=project,
            )
        )

    def write_entry(self, entry: JournalEntry) -> None:
        """Write a snapshot; about 50 ms for 10 MB plus an fsync, so a worker thread is better
        for large documents. Stale snapshots and writes after `close` are ignored."""
        data = _encode(entry)
        with self._io:
            if self._closed or entry.seq <= self._latest.get(entry.doc_id, 0):
                return
            self._latest[entry.doc_id] = entry.seq
            try:
                replace_file(
                    self._session.entry_file(entry.doc_id),
                    data,
                    create_mode=0o600,
                    durable=self.durable,
                )
            except OSError as exc:
                self._refused.add(entry.doc_id)
                raise JournalError(_journal_failure(exc), self.folder) from exc
            self._refused.discard(entry.doc_id)

    def discard(self, doc_id: str) -> None:
        """Forget a document: it was saved, or closed without saving."""
        with self._io:
            self._latest[doc_id] = next(self._seq)
            self._refused.discard(doc_id)
            with suppress(FileNotFoundError):
                self._session.entry_file(doc_id).unlink()

    def close(self) -> None:
        """Clean exit: remove this session's journal and let go of unresolved orphans (they
        will be offered again next time)."""
        self._end(keep=False)

    def keep_for_next_start(self, windows: list[list[str]] | None = None) -> None:
        """The system ends Writer (logout, shutdown, SIGTERM): like `close`, but this session's
        documents stay, marked (durably) as left on purpose, with the `windows` open ([file,
        project folder] each), for the next start to restore without a question. Call after
        every snapshot is written. A session with no document and no window is removed as at
        `close`. Where the disk refused a document's last text, the mark says so: the next
        start reopens the windows and asks about the documents, as after a crash (it restored
        the older text as the text left)."""
        self._end(keep=True, windows=windows or [])

    def _end(self, keep: bool, windows: list[list[str]] | None = None) -> None:
        """`close` (`keep` False) or `keep_for_next_start`: this session's folder removed, or
        kept and marked where it holds a document, names a window or lost a document's text
        to the disk; the unresolved orphans let go."""
        with self._io:
            if self._closed:
                return
            self._closed = True
            session = self._session
            try:
                left = keep and any(p.name.endswith(ENTRY_SUFFIX) for p in session.dir.iterdir())
            except OSError:
                left = False
            # (kept for its windows, or to say at the next start what the disk refused)
            if left or (keep and (windows or self._refused)):
                try:
                    session.mark_polite(windows or [], complete=not self._refused,
                                        durable=self.durable)  # fmt: skip
                except OSError as exc:  # (then the next start offers them as after a crash)
                    log.warning("cannot mark the journal as ended politely: %s", exc)
                session.release()
            else:
                session.dispose()
            for adopted in self._adopted + self._unread:
                adopted.release()
            self._adopted.clear()
            self._unread.clear()

    def politely_ended_windows(self) -> list[list[str]] | None:
        """The windows ([file, project folder] each) of every Writer the system ended since,
        in the order they started, each once; None where none was ended politely (a crash, a
        quit). Their sessions are this journal's from now on: `orphans` offers their documents
        (restored without a question), and no other Writer starting beside this one reopens
        the same windows. Never raises for what it finds on disk."""
        if self._closed:
            return None
        self._lock_dead()
        started = sorted(self._unread, key=lambda s: _started_of(s.name))
        ended = [kept for kept in (s.polite_windows() for s in started) if kept is not None]
        if not ended:
            return None
        windows: list[list[str]] = []
        for kept in ended:
            windows += [w for w in kept if w not in windows]
        return windows

    def _lock_dead(self, names: list[str] | None = None) -> None:
        """Lock the sessions whose process is gone (not yet this journal's) into `_unread`."""
        if names is None:
            try:
                names = sorted(os.listdir(self.folder))
            except OSError:
                return
        mine = {self._session.name} | {s.name for s in self._adopted + self._unread}
        for name in names:
            if not name.startswith(SESSION_PREFIX) or name.endswith(".lock") or name in mine:
                continue
            session = _Session.adopt_if_dead(self.folder, name)
            if session is not None:
                self._unread.append(session)

    def orphans(self) -> Recovery:
        """Documents left by sessions whose process is gone; damaged entries become problems.

        Each dead session found is locked by this journal until its documents are discarded or
        the journal closes, so two Writers starting together never offer the same document twice.
        Never raises for what it finds on disk.
        """
        recovery = Recovery()
        if self._closed:
            return recovery
        try:
            names = sorted(os.listdir(self.folder))
        except OSError as exc:
            recovery.problems.append(
                said(
                    "Writer could not look for unsaved documents from last time ({0}).",
                    _reason(exc),
                )
            )
            return recovery
        self._lock_dead(names)
        while self._unread:
            session = self._unread.pop(0)
            found = session.read_entries(recovery.problems, self.folder / DAMAGED_FOLDER)
            if found:
                self._adopted.append(session)
                recovery.documents.extend(found)
            else:
                session.dispose()
        _remove_stale_locks(self.folder, names)
        recovery.documents.sort(key=lambda d: d.modified, reverse=True)
        return recovery

    @property
    def undecided(self) -> bool:
        """Whether documents `orphans` offered are still neither restored nor discarded (the
        writer chose Decide Later): `recoverable` offers them again."""
        return not self._closed and any(session.held for session in self._adopted)

    def recoverable(self) -> Recovery:
        """Every unsaved document this journal can offer now: those `orphans` offered before
        and the writer has not decided on (read again), then those of sessions that died
        since. Never raises for what it finds on disk."""
        recovery = Recovery()
        if self._closed:
            return recovery
        for session in self._adopted:
            if not session.held:
                continue
            found = []
            if session.dir.is_dir():  # (else removed by hand since: nothing is waiting)
                found = session.read_entries(recovery.problems, self.folder / DAMAGED_FOLDER)
            if found:
                recovery.documents.extend(found)
            else:
                session.dispose()
        since = self.orphans()
        recovery.documents.extend(since.documents)
        recovery.problems.extend(since.problems)
        recovery.documents.sort(key=lambda d: d.modified, reverse=True)
        return recovery

    def adopt(self, doc: RecoveredDocument, doc_id: str | None = None) -> str:
        """Restore a recovered document into this session: journal its text here first, then
        discard the old entry, so it is never without a copy. Returns the id it is journaled as."""
        new_id = doc_id or doc.doc_id
        self.write(
            new_id,
            doc.text,
            path=doc.path,
            cursor=doc.cursor,
            title_hint=doc.title_hint,
            fmt=doc.format,
            signature=doc.signature,
        )
        doc.discard()
        return new_id


class _Session:
    """One session folder and the lock that says its process is alive (held by us)."""

    def __init__(self, root: Path, name: str, lock: _Lock) -> None:
        self.root = root
        self.name = name
        self.dir = root / name
        self._lock: _Lock | None = lock

    @classmethod
    def claim(cls, root: Path) -> _Session:
        try:
            root.mkdir(parents=True, exist_ok=True)
            with suppress(OSError):
                os.chmod(root, 0o700)
            for _ in range(100):
                name = f"{SESSION_PREFIX}{os.getpid()}-{int(time.time() * 1000)}-"
                name += secrets.token_hex(3)
                lock = _Lock.acquire(root / f"{name}.lock", exclusive_create=True)
                if lock is not None:
                    break
            else:
                raise OSError(errno.EEXIST, "no free session name")
            (root / name).mkdir(mode=0o700)
        except OSError as exc:
            raise JournalError(_journal_failure(exc), root) from exc
        return cls(root, name, lock)

    @classmethod
    def adopt_if_dead(cls, root: Path, name: str) -> _Session | None:
        """Lock a session if its owner is gone; None when it is alive (or cannot be checked)."""
        if not (root / name).is_dir():
            return None
        try:
            lock = _Lock.acquire(root / f"{name}.lock", owner_pid=_pid_of(name))
        except OSError as exc:
            log.warning("cannot check journal session %s: %s", name, exc)
            return None
        if lock is None:
            return None
        session = cls(root, name, lock)
        if not session.dir.is_dir():
            session.dispose()
            return None
        return session

    @property
    def held(self) -> bool:
        """Whether this journal still holds the session (its documents are not all decided)."""
        return self._lock is not None

    def entry_file(self, doc_id: str) -> Path:
        digest = hashlib.sha256(doc_id.encode("utf-8", "surrogatepass")).hexdigest()[:24]
        return self.dir / f"{digest}{ENTRY_SUFFIX}"

    def read_entries(self, problems: list[str], damaged: Path) -> list[RecoveredDocument]:
        found = []
        try:
            files = sorted(p for p in self.dir.iterdir() if p.name.endswith(ENTRY_SUFFIX))
        except OSError as exc:
            problems.append(
                said(
                    "Writer could not read unsaved documents from an earlier session ({0}).",
                    _reason(exc),
                )
            )
            return found
        mark = self._mark()
        polite = mark is not None and mark[1]
        if mark is not None and not polite:
            problems.append(said(
                "When Writer was last ended, the disk refused the last changes to unsaved "
                "text: what it had kept from before them is offered."
            ))  # fmt: skip
        for file in files:
            try:
                doc = _decode(file)
            except _Damaged as exc:
                problems.append(_set_aside(file, self.name, damaged, str(exc)))
                continue
            except OSError as exc:
                problems.append(
                    f"An unsaved document from an earlier session could not be read "
                    f"({_reason(exc)}); it was skipped."
                )
                continue
            doc._session = self
            doc.polite = polite
            doc.refused = mark is not None and not polite
            found.append(doc)
        return found

    def mark_polite(self, windows: list[list[str]], *, complete: bool, durable: bool) -> None:
        """Mark the session as ended politely, naming the windows it had open; `complete`:
        every document's last text is on disk (else the next start asks about them)."""
        mark = {"format": _FORMAT, "windows": windows}
        if not complete:
            mark["incomplete"] = True
        data = json.dumps(mark).encode("utf-8")
        replace_file(self.dir / POLITE_MARK, data, create_mode=0o600, durable=durable)

    def polite_windows(self) -> list[list[str]] | None:
        """The windows a session ended politely had open; None where it was not ended so
        (a crash: no mark, or one that cannot be read)."""
        mark = self._mark()
        return None if mark is None else mark[0]

    def _mark(self) -> tuple[list[list[str]], bool] | None:
        """The session's mark of a polite end: the windows it names, and whether its documents
        are restored without a question (none where the disk refused one's last text); None
        where there is none (a crash), or one that cannot be read. The one reading of it."""
        try:
            data = (self.dir / POLITE_MARK).read_bytes()
        except OSError:
            return None
        if not data:  # (a mark of an earlier Writer, which kept no windows)
            return [], True
        try:
            mark = json.loads(data)
        except (ValueError, RecursionError):
            return None
        if not isinstance(mark, dict) or mark.get("format") != _FORMAT:
            return None
        windows = mark.get("windows")
        if not isinstance(windows, list):
            return None
        kept = [
            [w[0], w[1]]
            for w in windows
            if isinstance(w, list) and len(w) == 2 and all(isinstance(p, str) for p in w)
        ]
        return kept, mark.get("incomplete") is not True

    def dispose_if_empty(self) -> None:
        try:
            left = any(p.name.endswith(ENTRY_SUFFIX) for p in self.dir.iterdir())
        except OSError:
            left = False
        if not left:
            self.dispose()

    def dispose(self) -> None:
        """Remove the session's folder and lock file, then let go of the lock."""
        shutil.rmtree(self.dir, ignore_errors=True)
        with suppress(OSError):
            (self.root / f"{self.name}.lock").unlink()
        self.release()

    def release(self) -> None:
        if self._lock is not None:
            self._lock.release()
            self._lock = None


class _Lock:
    """An exclusive, non-blocking lock on a file that the OS drops when its process dies.

    `fcntl.flock` on Linux and macOS, `msvcrt.locking` on Windows. Where the file system cannot
    lock (some network shares), the owner's pid, taken from the session name, decides instead.
    """

    def __init__(self, fd: int) -> None:
        self._fd: int | None = fd

    @classmethod
    def acquire(
        cls, path: Path, *, exclusive_create: bool = False, owner_pid: int | None = None
    ) -> _Lock | None:
        flags = os.O_RDWR | os.O_CREAT | (os.O_EXCL if exclusive_create else 0)
        try:
            fd = os.open(path, flags, 0o600)
        except FileExistsError:
            return None
        try:
            locked = _try_lock(fd)
        except OSError:
            locked = owner_pid is None or not _pid_alive(owner_pid)
        if not locked:
            os.close(fd)
            return None
        return cls(fd)

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


def _try_lock(fd: int) -> bool:
    """True when locked; False when another process holds it; OSError when locks don't work."""
    try:
        import fcntl
    except ImportError:
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError as exc:
            if exc.errno in (errno.EACCES, errno.EDEADLK):
                return False
            raise
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _pid_of(session_name: str) -> int | None:
    with suppress(ValueError, IndexError):
        return int(session_name[len(SESSION_PREFIX) :].split("-")[0])
    return None


def _started_of(session_name: str) -> int:
    with suppress(ValueError, IndexError):
        return int(session_name[len(SESSION_PREFIX) :].split("-")[1])
    return 0


def _pid_alive(pid: int) -> bool:
    if os.name != "posix":
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _remove_stale_locks(root: Path, names: list[str]) -> None:
    """Lock files whose folder never appeared (a crash between the two) are removed."""
    present = set(names)
    for name in names:
        if name.startswith(SESSION_PREFIX) and name.endswith(".lock"):
            session = name.removesuffix(".lock")
            if session in present:
                continue
            lock = _Lock.acquire(root / name, owner_pid=_pid_of(session))
            if lock is not None and not (root / session).exists():
                with suppress(OSError):
                    (root / name).unlink()
            if lock is not None:
                lock.release()


class _Damaged(Exception):
    """An entry that cannot be trusted; the message completes 'it could not be restored: …'."""


def _encode(entry: JournalEntry) -> bytes:
    body = entry.text.encode("utf-8", "surrogatepass")
    header = {
        "format": _FORMAT,
        "version": _VERSION,
        "doc_id": entry.doc_id,
        "path": entry.path,
        "cursor": entry.cursor,
        "title_hint": entry.title_hint,
        "project": entry.project,
        "saved_at": entry.saved_at,
        "text_format": None
        if entry.format is None
        else {
            "bom": entry.format.bom,
            "newline": entry.format.newline,
            "encoding": entry.format.encoding,
        },
        "signature": None
        if entry.signature is None
        else [entry.signature.size, entry.signature.mtime_ns, entry.signature.inode],
        "length": len(body),
        "crc32": zlib.crc32(body),
    }
    return json.dumps(header).encode("ascii") + b"\n" + body


def _decode(file: Path) -> RecoveredDocument:
    data = file.read_bytes()
    end = data.find(b"\n")
    if end < 0:
        raise _Damaged("the entry is cut short")
    try:
        header = json.loads(data[:end])
    except (ValueError, RecursionError):
        raise _Damaged("its description is unreadable") from None
    if not isinstance(header, dict) or header.get("format") != _FORMAT:
        raise _Damaged("it is not a Writer journal entry")
    if header.get("version") != _VERSION:
        raise _Damaged("it was written by a different version of Writer")
    doc_id, path, cursor = header.get("doc_id"), header.get("path"), header.get("cursor")
    title_hint, saved_at = header.get("title_hint", ""), header.get("saved_at")
    length, crc = header.get("length"), header.get("crc32")
    if not (
        isinstance(doc_id, str)
        and (path is None or isinstance(path, str))
        and isinstance(cursor, int)
        and isinstance(title_hint, str)
        and isinstance(length, int)
        and isinstance(crc, int)
    ):
        raise _Damaged("its description is incomplete")
    body = data[end + 1 :]
    if len(body) != length:
        raise _Damaged("its text is cut short" if len(body) < length else "its text is too long")
    if zlib.crc32(body) != crc:
        raise _Damaged("its text is damaged")
    project = header.get("project")  # (an entry of an earlier Writer has none)
    try:
        text = body.decode("utf-8", "surrogatepass")
    except UnicodeDecodeError:
        raise _Damaged("its text is not valid UTF-8") from None
    return RecoveredDocument(
        doc_id=doc_id,
        path=path,
        name=display_name(path, text, title_hint),
        text=text,
        cursor=max(0, min(cursor, len(text))),
        modified=_timestamp(saved_at, file),
        title_hint=title_hint,
        format=_format_from(header.get("text_format")),
        signature=_signature_from(header.get("signature")),
        project=project if isinstance(project, str) and project else None,
        _file=file,
    )


def _timestamp(value: object, file: Path) -> float:
    """When the entry was written: its own word if that is a date a clock can show, else the
    file's time (a wrong date is no reason to withhold a document's text)."""
    valid = isinstance(value, int | float) and not isinstance(value, bool)
    if valid and math.isfinite(value) and 0 <= value < 2**32:
        return float(value)
    try:
        return file.stat().st_mtime
    except OSError:
        return 0.0


def _format_from(value: object) -> TextFormat | None:
    """The text format a journal entry names; None where it names none, or one Writer does not
    know (an entry's encoding from a journal before encodings were kept is UTF-8's)."""
    if not isinstance(value, dict):
        return None
    encoding = value.get("encoding", "utf-8")
    if (
        isinstance(value.get("bom"), bool)
        and value.get("newline") in NEWLINES
        and isinstance(encoding, str)
        and encoding in ENCODINGS
        and (not value["bom"] or encoding in BOMS)
    ):
        return TextFormat(bom=value["bom"], newline=value["newline"], encoding=encoding)
    return None


def _signature_from(value: object) -> FileSignature | None:
    if isinstance(value, list) and len(value) == 3 and all(isinstance(v, int) for v in value):
        return FileSignature(*value)
    return None


def display_name(path: str | None, text: str, title_hint: str = "") -> str:
    """The file name, or for an untitled document its title (`title_of`: as the name Save As
    offers), about 40 characters."""
    if path:
        return Path(path).name or path
    line = title_of(text)
    if line:
        return line if len(line) <= _NAME_CHARS else line[: _NAME_CHARS - 1].rstrip() + "…"
    return title_hint or "Untitled"


def _set_aside(file: Path, session: str, damaged: Path, reason: str) -> str:
    when = time.strftime("%d %b %Y %H:%M", time.localtime(_mtime(file)))
    dest = damaged / f"{session}-{file.name}"
    try:
        damaged.mkdir(mode=0o700, exist_ok=True)
        os.replace(file, dest)
    except OSError as exc:
        log.warning("could not set aside damaged journal entry %s: %s", file, exc)
        return said(
            "An unsaved document from {0} could not be restored: {1}. It was skipped.", when, reason
        )
    return said(
        "An unsaved document from {0} could not be restored: {1}. It was skipped and kept as {2}.",
        when,
        reason,
        dest,
    )


def _mtime(file: Path) -> float:
    try:
        return file.stat().st_mtime
    except OSError:
        return time.time()


def _reason(exc: OSError) -> str:
    return (exc.strerror or str(exc)).lower()


def _journal_failure(exc: OSError) -> str:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        what = said("the disk is full")
    elif exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        what = said("its folder is read-only")
    else:
        what = _reason(exc)
    return said(
        "Writer could not keep a recovery copy of your documents ({0}); they are still open, "
        "but save them to keep them safe.",
        what,
    )
