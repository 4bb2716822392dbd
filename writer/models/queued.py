"""The downloads Writer had waiting, remembered across a quit (or a crash).

The download queue (writer.downloads.DownloadManager) writes here, whole, each time it changes:
the running download first, then those queued, in order. Quitting cancels the running one (its
partial file is kept) and leaves this list as it was, so the next start offers all of them again
where they stood. The file is Writer's state (`download-queue.json` in the state folder), about
one Hugging Face cache: a list written for another (HF_HOME changed) is not offered. Nothing here
touches the network or Qt; a list that cannot be read is taken as empty, and names that could not
be a repository's file are left out.
"""

from __future__ import annotations

import contextlib
import json
import logging
import re
from dataclasses import dataclass
from pathlib import Path

from writer import paths
from writer.documents.atomic import replace_file
from writer.models import cache

log = logging.getLogger(__name__)

MAX_FILE_BYTES = 1 << 20
_SHA256 = re.compile("[0-9a-fA-F]{64}")


@dataclass(frozen=True)
class Waiting:
    """One download of the list: the files of one repository, as the download was asked."""

    repo_id: str
    files: tuple[str, ...]
    sha256: str | None = None
    size: int = 0  # the bytes of all its files, as the view that asked knew them (0: unknown)


def queue_file() -> Path:
    return paths.state_dir() / "download-queue.json"


def remember(waiting: list[Waiting]) -> None:
    """Write the list (none: the file is removed). A failure is logged: the downloads go on, only
    the offer at the next start lacks them."""
    target = queue_file()
    try:
        if not waiting:
            target.unlink(missing_ok=True)
            return
        entries = [{"repo_id": w.repo_id, "files": list(w.files), "sha256": w.sha256,
                    "size": w.size} for w in waiting]  # fmt: skip
        data = {"hub_cache": str(cache.hub_cache()), "downloads": entries}
        replace_file(target, json.dumps(data, indent=1).encode("utf-8"), durable=False)
    except OSError as exc:
        log.warning("cannot remember the download queue in %s: %s", target, exc)


def remembered() -> list[Waiting]:
    """The list written last for the Hugging Face cache in use now; [] when there is none."""
    target = queue_file()
    try:
        if target.stat().st_size > MAX_FILE_BYTES:
            return []
        raw = json.loads(target.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    if not isinstance(raw, dict) or raw.get("hub_cache") != str(cache.hub_cache()):
        return []
    downloads = raw.get("downloads")
    found: list[Waiting] = []
    for entry in downloads if isinstance(downloads, list) else []:
        with contextlib.suppress(TypeError, ValueError, KeyError, AttributeError, OverflowError):
            if isinstance(entry["files"], str):
                continue  # (a name, not a list of names: its letters are not files)
            files = tuple(cache.check_relative(str(f)) for f in entry["files"])
            sha256 = entry.get("sha256")
            if sha256 is not None and not (isinstance(sha256, str) and _SHA256.fullmatch(sha256)):
                sha256 = None  # (a damaged digest would fail the finished download)
            size = entry.get("size") or 0
            if files:
                found.append(Waiting(cache.check_repo_id(str(entry["repo_id"])), files,
                                     sha256.lower() if sha256 else None,
                                     max(0, size) if type(size) is int else 0))
    return found
