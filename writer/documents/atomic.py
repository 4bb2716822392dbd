"""Atomic saves: the target is either the old file or the new one, never a half-written mix."""

from __future__ import annotations

import errno
import logging
import os
import re
import secrets
import stat
import time
from contextlib import suppress
from pathlib import Path

from writer.documents.errors import SaveError
from writer.sentences import said

log = logging.getLogger(__name__)

TEXT_SAFE = said("Your text is still open in Writer and kept in its recovery journal")

_REASONS = {
    errno.ENOSPC: (said("the disk is full"), said("free some space or save elsewhere")),
    errno.EDQUOT: (said("your disk quota is used up"), said("free some space or save elsewhere")),
    errno.EROFS: (said("the disk is read-only"), said("save it elsewhere")),
    errno.EISDIR: (
        said("there is a folder with that name in its place"),
        said("save it under another name"),
    ),
    errno.ENAMETOOLONG: (said("the file name is too long"), said("save it under a shorter name")),
    errno.EIO: (said("the disk reported a read or write error"), said("save it elsewhere")),
}


def save_atomic(path: str | Path, data: bytes) -> None:
    """Replace the file at `path` with `data` so that a crash or a failure never leaves it half
    written.

    The bytes go to a temporary file beside the target, are flushed and fsynced, and the temporary
    file is renamed over the target; then the folder is fsynced so the rename itself survives a
    power cut. The original permission bits (and owner, where allowed) are kept; a new file gets
    the mode the umask gives. A symlink is written through: its target is replaced and the link
    stays. Like every rename-based save, this gives the file a new inode, so hard links to the old
    file keep the old content.

    On any failure the temporary file is removed, the original is byte-identical, and `SaveError`
    says what happened and that the text is safe.
    """
    shown = Path(path)
    target = Path(os.path.realpath(shown))
    try:
        st = target.stat()
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise _save_error(shown, exc) from exc
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise _save_error(shown, OSError(errno.EISDIR, "Is a directory"))
    if st is not None and not os.access(target, os.W_OK):
        raise SaveError(
            said(
                "Could not save {0}: the file is read-only. {1}; save it under another name or in "
                "another folder.",
                shown.name,
                TEXT_SAFE,
            ),
            shown,
        )
    try:
        replace_file(
            target,
            data,
            mode=None if st is None else stat.S_IMODE(st.st_mode),
            owner=None if st is None else (st.st_uid, st.st_gid),
        )
    except _TempNotCreated as exc:
        raise _save_error(shown, exc, folder=True) from exc
    except OSError as exc:
        raise _save_error(shown, exc) from exc
    remove_stale_temps(target)


STALE_TEMP_S = 600


def remove_stale_temps(target: Path, older_than: float = STALE_TEMP_S) -> int:
    """Delete temporary files a save of `target` left when its process was killed mid-way
    (`.<name>.<8 hex digits>.tmp`, untouched for `older_than` seconds, so never one a save
    under way is writing); returns how many."""
    pattern = re.compile(rf"^\.{re.escape(target.name)}\.[0-9a-f]{{8}}\.tmp$")
    removed = 0
    now = time.time()
    try:
        entries = list(os.scandir(target.parent))
    except OSError:
        return 0
    for entry in entries:
        if not pattern.match(entry.name):
            continue
        with suppress(OSError):
            if entry.is_file(follow_symlinks=False) and now - entry.stat().st_mtime > older_than:
                os.unlink(entry.path)
                removed += 1
    return removed


class _TempNotCreated(OSError):
    """The temporary file could not be created, which is a problem with the folder."""


def replace_file(
    target: Path,
    data: bytes,
    *,
    mode: int | None = None,
    owner: tuple[int, int] | None = None,
    create_mode: int = 0o666,
    durable: bool = True,
) -> None:
    """Write `data` to a temporary file beside `target` and rename it over `target`.

    Raises OSError (with the temporary file removed) and leaves `target` untouched on failure.
    `mode` and `owner` are applied to the new file; without `mode`, it is `create_mode` less the
    umask. With `durable`, the file and its folder are fsynced.
    """
    folder = target.parent
    fd, tmp = _create_temp(folder, target.name, 0o600 if mode is not None else create_mode)
    try:
        with os.fdopen(fd, "wb") as f:
            if owner is not None and hasattr(os, "fchown"):
                with suppress(OSError):
                    os.fchown(f.fileno(), *owner)
            if mode is not None and hasattr(os, "fchmod"):
                os.fchmod(f.fileno(), mode)
            f.write(data)
            f.flush()
            if durable:
                os.fsync(f.fileno())
        if mode is not None and not hasattr(os, "fchmod"):
            os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        with suppress(OSError):
            os.unlink(tmp)
        raise
    if durable:
        _fsync_folder(folder)


def _create_temp(folder: Path, name: str, create_mode: int) -> tuple[int, Path]:
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    for _ in range(100):
        tmp = folder / f".{name}.{secrets.token_hex(4)}.tmp"
        try:
            return os.open(tmp, flags, create_mode), tmp
        except FileExistsError:
            continue
        except OSError as exc:
            raise _TempNotCreated(exc.errno, exc.strerror) from exc
    raise _TempNotCreated(errno.EEXIST, "could not find a free temporary file name")


def _fsync_folder(folder: Path) -> None:
    """Make the rename durable; some systems (Windows) cannot open a folder, which is harmless."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError as exc:
        log.warning("could not fsync folder %s: %s", folder, exc)
    finally:
        os.close(fd)


def _missing_folder(path: Path) -> str:
    """Why the folder of `path` cannot hold it: the nearest folder on its way that is a file
    (a save into "notes.txt/x.md" blamed a folder that "no longer exists"), or the folder that
    is not there."""
    missing = path.parent
    for parent in path.parents:
        if parent.exists():
            if not parent.is_dir():
                return said("“{0}” on its way is a file, not a folder", parent.name or parent)
            break
        missing = parent
    if missing != path.parent:
        # "a/b/x.md" with neither a nor b there: the folder to make first is a, not b
        return said("the folder “{0}” on its way does not exist", missing)
    return said("its folder “{0}” does not exist", path.parent.name or path.parent)


def _save_error(shown: Path, exc: BaseException | None, *, folder: bool = False) -> SaveError:
    code = getattr(exc, "errno", None)
    if code in (errno.EACCES, errno.EPERM):
        if folder:
            where = shown.parent.name or str(shown.parent)
            what = said("Writer is not allowed to write in the folder “{0}”", where)
        else:
            what = said("Writer is not allowed to change this file (it is protected)")
        advice = said("save it under another name or in another folder")
    elif code in (errno.ENOENT, errno.ENOTDIR):
        what, advice = _missing_folder(shown), said("save it elsewhere")
    elif code in _REASONS:
        what, advice = _REASONS[code]
    else:
        detail = getattr(exc, "strerror", None) or str(exc) or said("an unknown error")
        what = said("the system reported “{0}”", detail)
        advice = said("try again or save elsewhere")
    error = SaveError(
        said("Could not save {0}: {1}. {2}; {3}.", shown.name, what, TEXT_SAFE, advice), shown
    )
    error.reason = what
    return error


def set_aside(path: Path) -> str:
    """Move a damaged file aside (the tally of words, the personal dictionary) as `NAME.damaged`,
    or `NAME.damaged-2`… beside an older one, so that the next write does not replace what
    could still be mended by hand; its name, or "" where it could not be moved."""
    aside = path.with_name(path.name + ".damaged")
    number = 1
    while aside.exists():  # (an earlier one is kept too: it may be the year's record)
        number += 1
        aside = path.with_name(f"{path.name}.damaged-{number}")
    try:
        os.replace(path, aside)
    except OSError:
        return ""
    return aside.name
