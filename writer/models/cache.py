"""Where the Hugging Face cache is and how a file sits in it.

The layout is huggingface_hub's, so that other tools share what Writer downloads:
`models--ORG--NAME/blobs/<etag>`, `snapshots/<commit>/<file>` (a link to the blob) and
`refs/<revision>` (the commit a branch pointed to). The environment is read on every call, not
once at import as huggingface_hub does, so tests and long-running windows see changes.

After a delete, `prune` removes the folders of that repository the delete left empty (the
snapshot's, `snapshots`, `blobs`, the repository's own) and a ref that named a snapshot it
removed; nothing outside the repository's folder, and no folder that still holds anything.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import unicodedata
from pathlib import Path, PurePosixPath

from writer.network import HUB, NetworkPolicy

DEFAULT_ENDPOINT = "https://huggingface.co"


def endpoint() -> str:
    return (os.environ.get("HF_ENDPOINT") or DEFAULT_ENDPOINT).rstrip("/")


def require_hub(policy: NetworkPolicy) -> None:
    """Raise OfflineError with the policy's sentence unless it allows contacting the Hub now."""
    from writer.models.errors import OfflineError

    refused = policy.refusal(endpoint(), HUB)
    if refused:
        raise OfflineError(refused)


def hub_cache() -> Path:
    explicit = os.environ.get("HF_HUB_CACHE") or os.environ.get("HUGGINGFACE_HUB_CACHE")
    if explicit:
        return Path(os.path.expandvars(explicit)).expanduser()
    home = os.environ.get("HF_HOME")
    if not home:
        xdg = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
        home = os.path.join(xdg, "huggingface")
    return Path(os.path.expandvars(home)).expanduser() / "hub"


def free_space() -> int | None:
    """The bytes free on the disk that holds the Hugging Face cache (its nearest folder that
    exists: the cache is made by the first download); None when that cannot be told. One
    statvfs call: callers measure when something changed, never per paint."""
    folder = hub_cache()
    try:
        while not folder.exists() and folder.parent != folder:
            folder = folder.parent
        return shutil.disk_usage(folder).free
    except OSError:
        return None


_REPO_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,95}(/[A-Za-z0-9][A-Za-z0-9_.-]{0,95})?$")
_COMMIT = re.compile(r"^[0-9a-f]{40}$")
_BLOB = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$")
MAX_NAME_CHARS = 1024


class UnsafeName(ValueError):
    """A name from the Hub that Writer will not use as a path: the message says why."""


def check_repo_id(repo_id: str) -> str:
    if not _REPO_ID.match(repo_id) or ".." in repo_id:
        raise UnsafeName(f"{repo_id!r} is not a repository name (owner/name)")
    return repo_id


def check_commit(commit: str) -> str:
    if not _COMMIT.match(commit):
        raise UnsafeName(f"{commit[:60]!r} is not a commit hash")
    return commit


def check_blob_name(etag: str) -> str:
    if not _BLOB.match(etag) or ".." in etag:
        raise UnsafeName(f"{etag[:80]!r} is not a file hash")
    return etag


def check_relative(name: str) -> str:
    """`name` if it is a path inside a folder: relative, no `..`, `.` or empty part, no
    backslash, drive or control character, at most MAX_NAME_CHARS; else UnsafeName."""
    if not name or len(name) > MAX_NAME_CHARS:
        raise UnsafeName("the name is empty or too long")
    if any(unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") for ch in name):
        raise UnsafeName("the name holds control characters")
    if "\\" in name or name.startswith("/") or re.match(r"^[A-Za-z]:", name):
        raise UnsafeName("the name is an absolute path")
    parts = PurePosixPath(name).parts
    if any(part in ("", ".", "..") for part in name.split("/")) or not parts:
        raise UnsafeName("the name leads out of its folder")
    return name


def _inside(folder: Path, name: str) -> Path:
    path = folder / check_relative(name)
    if not os.path.abspath(path).startswith(os.path.abspath(folder) + os.sep):
        raise UnsafeName("the name leads out of its folder")
    return path


def repo_folder(repo_id: str) -> Path:
    return hub_cache() / ("models--" + repo_id.replace("/", "--"))


def blob_path(repo_id: str, etag: str) -> Path:
    return repo_folder(check_repo_id(repo_id)) / "blobs" / check_blob_name(etag)


def snapshot_path(repo_id: str, commit: str, filename: str) -> Path:
    folder = repo_folder(check_repo_id(repo_id)) / "snapshots" / check_commit(commit)
    return _inside(folder, filename)


def lock_path(repo_id: str, etag: str) -> Path:
    return hub_cache() / ".locks" / repo_folder(repo_id).name / f"{check_blob_name(etag)}.lock"


def link_snapshot(repo_id: str, commit: str, filename: str, etag: str, revision: str) -> Path:
    """Point the snapshot entry for `filename` at its blob and remember the revision's commit."""
    blob = blob_path(repo_id, etag)
    target = snapshot_path(repo_id, commit, filename)
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.is_symlink() or target.exists():
        target.unlink()
    try:
        target.symlink_to(os.path.relpath(blob, target.parent))
    except OSError:
        os.replace(blob, target)
    if revision != commit:
        ref = _inside(repo_folder(repo_id) / "refs", revision)
        ref.parent.mkdir(parents=True, exist_ok=True)
        ref.write_text(commit, encoding="utf-8")
    return target


def cached_file(repo_id: str, filename: str, revision: str = "main") -> Path | None:
    """The cached copy of a file at a revision (branch or commit), or None; no network."""
    folder = repo_folder(repo_id)
    ref = folder / "refs" / revision
    try:
        commit = ref.read_text(encoding="utf-8").strip() if ref.is_file() else revision
    except OSError:
        return None
    path = folder / "snapshots" / commit / filename
    return path if path.is_file() else None


def prune(repo_id: str, *emptied: Path) -> None:
    """After a delete in `repo_id`'s cache folder: remove each folder of `emptied` that is empty
    now, and each folder above it that this leaves empty, up to the repository's folder (which
    goes too when nothing is left in it). A ref naming a snapshot removed so is deleted with it
    (it pointed at nothing; `refs` then goes when empty). Nothing outside the repository's
    folder is touched, and a folder that holds anything stays."""
    top = repo_folder(check_repo_id(repo_id)).resolve()
    gone: set[str] = set()

    def up(folder: Path) -> None:
        folder = folder.resolve()
        while folder != top and folder.is_relative_to(top):
            try:
                folder.rmdir()  # only an empty folder
            except OSError:
                return
            if folder.parent == top / "snapshots":
                gone.add(folder.name)
            folder = folder.parent

    for folder in emptied:
        up(folder)
    refs = top / "refs"
    if gone and refs.is_dir():
        for ref in sorted(refs.rglob("*"), reverse=True):
            try:
                if ref.is_file() and not ref.is_symlink() and (
                    ref.read_text(encoding="utf-8").strip() in gone
                ):
                    ref.unlink()
                    up(ref.parent)
            except (OSError, UnicodeDecodeError):
                continue
    with contextlib.suppress(OSError):
        top.rmdir()  # (when nothing is left in it)
