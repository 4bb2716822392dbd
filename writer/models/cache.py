"""Where the Hugging Face cache is and how a file sits in it.

The layout is huggingface_hub's, so that other tools share what Writer downloads:
`models--ORG--NAME/blobs/<etag>`, `snapshots/<commit>/<file>` (a link to the blob) and
`refs/<revision>` (the commit a branch pointed to). The environment is read on every call, not
once at import as huggingface_hub does, so tests and long-running windows see changes.
"""

from __future__ import annotations

import os
from pathlib import Path

DEFAULT_ENDPOINT = "https://huggingface.co"


def endpoint() -> str:
    return (os.environ.get("HF_ENDPOINT") or DEFAULT_ENDPOINT).rstrip("/")


def offline() -> bool:
    value = os.environ.get("HF_HUB_OFFLINE") or os.environ.get("TRANSFORMERS_OFFLINE") or ""
    return value.strip().upper() in {"1", "ON", "YES", "TRUE"}


def hub_cache() -> Path:
    explicit = os.environ.get("HF_HUB_CACHE") or os.environ.get("HUGGINGFACE_HUB_CACHE")
    if explicit:
        return Path(os.path.expandvars(explicit)).expanduser()
    home = os.environ.get("HF_HOME")
    if not home:
        xdg = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
        home = os.path.join(xdg, "huggingface")
    return Path(os.path.expandvars(home)).expanduser() / "hub"


def repo_folder(repo_id: str) -> Path:
    return hub_cache() / ("models--" + repo_id.replace("/", "--"))


def blob_path(repo_id: str, etag: str) -> Path:
    return repo_folder(repo_id) / "blobs" / etag


def snapshot_path(repo_id: str, commit: str, filename: str) -> Path:
    return repo_folder(repo_id) / "snapshots" / commit / filename


def lock_path(repo_id: str, etag: str) -> Path:
    return hub_cache() / ".locks" / repo_folder(repo_id).name / f"{etag}.lock"


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
        ref = repo_folder(repo_id) / "refs" / revision
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
