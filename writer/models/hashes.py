"""The sha256 of the model files on this machine, to tell a file the Hub offers under another
repository's name from one already here (the Hub gives an LFS file's sha256).

A file in the Hugging Face cache is named by its hash already (`blobs/<sha256>`): nothing is
read. Any other (the starter model, an imported file) is hashed once, a whole read that belongs
on a thread (`compute`), and the hash is remembered in model-hashes.json in the cache folder,
keyed by the file's path with its size, modification and change times and inode: a file
changed since is hashed again (another of the same size copied over it keeping its time, as
`cp -p` does, has a new change time or inode), and `known` never reads a model file.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections.abc import Callable
from pathlib import Path

from writer import paths
from writer.documents.atomic import replace_file

log = logging.getLogger(__name__)

_SHA256 = re.compile(r"[0-9a-f]{64}")
READ_CHUNK = 1 << 20


def hashes_file() -> Path:
    return paths.cache_dir() / "model-hashes.json"


_STAMP = ("size", "mtime_ns", "ctime_ns", "inode")  # (a remembered hash's file, as it was)


def _stamp(path: Path) -> tuple[int, int, int, int] | None:
    try:
        status = path.stat()
    except OSError:
        return None
    return status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino


def _remembered() -> dict[str, dict]:
    try:
        raw = json.loads(hashes_file().read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        log.warning("model hashes unreadable, hashed again: %s", exc)
        return {}
    return raw if isinstance(raw, dict) else {}


def known(path: str | Path) -> str | None:
    """The sha256 of the file at `path` where it is known without reading it: a Hugging Face
    cache blob's name, or the hash remembered for this path at its size and time."""
    return known_all([path])[0]


def known_all(paths: list[str | Path]) -> list[str | None]:
    """`known` for each of `paths`, model-hashes.json read once for them all (a listing's
    refresh on the window's thread: one small read, not one a model)."""
    remembered: dict[str, dict] | None = None
    found: list[str | None] = []
    for path in map(Path, paths):
        try:
            target = path.resolve()
        except OSError:
            found.append(None)
            continue
        if target.parent.name == "blobs" and _SHA256.fullmatch(target.name):
            found.append(target.name)
            continue
        if remembered is None:
            remembered = _remembered()  # (only where a model is not a cache blob)
        found.append(_remembered_sha(path, remembered))
    return found


def _remembered_sha(path: Path, remembered: dict[str, dict]) -> str | None:
    """The hash `remembered` for `path` at its size and times, if any."""
    stamp = _stamp(path)
    entry = remembered.get(str(path.absolute()))
    if stamp is None or not isinstance(entry, dict):
        return None
    sha = entry.get("sha256")
    if [entry.get(key) for key in _STAMP] != list(stamp) or not isinstance(sha, str):
        return None
    return sha if _SHA256.fullmatch(sha) else None


def compute(path: str | Path, cancelled: Callable[[], bool] = lambda: False) -> str | None:
    """Hash the file at `path` (a whole read: on a thread) and remember it; None when it
    cannot be read or `cancelled` says so between chunks."""
    path = Path(path)
    stamp = _stamp(path)
    if stamp is None:
        return None
    digest = hashlib.sha256()
    try:
        with path.open("rb") as file:
            while chunk := file.read(READ_CHUNK):
                if cancelled():
                    return None
                digest.update(chunk)
    except OSError as exc:
        log.warning("cannot hash %s: %s", path, exc)
        return None
    sha = digest.hexdigest()
    if _stamp(path) != stamp:
        return None  # (changed while read: its hash is of no file)
    remembered = _remembered()
    remembered[str(path.absolute())] = {**dict(zip(_STAMP, stamp, strict=True)), "sha256": sha}
    try:
        replace_file(hashes_file(), json.dumps(remembered, indent=1).encode("utf-8"))
    except OSError as exc:
        log.warning("cannot remember the model hashes: %s", exc)
    return sha
