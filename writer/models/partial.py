"""Unfinished downloads: which file each `.incomplete` blob in the Hugging Face cache is.

A transfer (writer.models.download) writes into `blobs/<etag>.incomplete`, whose name says
nothing of the file it becomes. When a transfer begins, it leaves a note in Writer's cache folder
(`partial/`) naming the repository, the file, the files downloaded with it (the parts of a split
model), the expected sha256 and the size; the note goes when the file lands or is set aside. So
after a cancel, a quit or a crash the models dialog can list the unfinished download, continue
it or discard it (a discard also removes the repository's folders it left empty). Nothing here
touches the network; a note whose partial file is not there is not listed (and removed once it
is an hour old: a transfer makes its file only when the Hub answers).

An `.incomplete` file in a model repository's `blobs` that no note names is listed too, so that
its disk space is not lost unseen: one a transfer left before it could write its note, or one
another program left (huggingface_hub names its own `<etag>.<8 hex digits>.incomplete`). Its
file is known when the catalog lists a file of that repository with that sha256 (and then it
is resumed like the others); otherwise its label says the file's name is not known, it can only
be discarded (`known` is False), and its size is what is on disk.
"""

from __future__ import annotations

import contextlib
import json
import logging
import re
import time
from dataclasses import dataclass
from pathlib import Path

from writer import paths
from writer.documents.atomic import replace_file
from writer.models import cache
from writer.models.errors import ModelsError
from writer.sentences import said

log = logging.getLogger(__name__)


@dataclass
class PartialDownload:
    """A download that stopped before its file was whole."""

    repo_id: str
    filename: str
    files: list[str]  # every file of the download it belongs to, `filename` among them
    sha256: str | None  # the catalog's expected hash, if it named one
    size: int
    etag: str
    have: int = 0  # bytes on disk
    where: Path | None = None  # the file, when it is not `blobs/<etag>.incomplete`

    @property
    def known(self) -> bool:
        """Whether the file it becomes is known (a note or the catalog names it): only such a
        download can be resumed."""
        return bool(self.filename)

    @property
    def name(self) -> str:
        return Path(self.filename).name if self.filename else self.label

    @property
    def label(self) -> str:
        if not self.filename:
            return said("{0} (a file whose name is not known)", self.repo_id)
        return f"{self.repo_id}/{self.filename}"

    @property
    def path(self) -> Path:
        return self.where or incomplete_path(self.repo_id, self.etag)

    @property
    def fraction(self) -> float:
        return min(1.0, self.have / self.size) if self.size else 0.0


def notes_dir() -> Path:
    return paths.cache_dir() / "partial"


def incomplete_path(repo_id: str, etag: str) -> Path:
    blob = cache.blob_path(repo_id, etag)
    return blob.with_name(blob.name + ".incomplete")


def _note_path(repo_id: str, etag: str) -> Path:
    return notes_dir() / f"{cache.repo_folder(repo_id).name}--{cache.check_blob_name(etag)}.json"


NOTE_GRACE_S = 3600.0  # a note younger than this whose file is not there yet is a transfer
# still waiting for its first bytes (the file is made when the answer comes), not a dead one


def remember(partial: PartialDownload) -> None:
    """Note which file the partial blob `partial.etag` will become (at a transfer's start).
    An unfinished download of the same file at another revision (the Hub's file changed
    since) is discarded: it could never be continued, and stayed listed beside this one."""
    for older in listed():
        if (older.repo_id, older.filename) == (partial.repo_id, partial.filename) and (
            older.etag != partial.etag
        ):
            with contextlib.suppress(ModelsError):
                discard(older)
    note = {"repo_id": partial.repo_id, "filename": partial.filename, "files": partial.files,
            "sha256": partial.sha256, "size": partial.size, "etag": partial.etag,
            "hub_cache": str(cache.hub_cache())}
    try:
        notes_dir().mkdir(parents=True, exist_ok=True)
        # whole or not at all: the dialog may read it while a retry writes it again
        replace_file(_note_path(partial.repo_id, partial.etag), json.dumps(note).encode("utf-8"))
    except OSError as exc:  # the download goes on; only the listing after a restart lacks it
        log.warning("cannot note the unfinished download of %s: %s", partial.label, exc)


def forget(repo_id: str, etag: str) -> None:
    """The file landed or was set aside: no unfinished download of it remains."""
    with contextlib.suppress(OSError, cache.UnsafeName):
        _note_path(repo_id, etag).unlink(missing_ok=True)


def listed() -> list[PartialDownload]:
    """The unfinished downloads in the Hugging Face cache in use now, by label: those a note
    names and the `.incomplete` files no note names."""
    found = _noted()
    found += _unnoted({p.path for p in found})
    return sorted(found, key=lambda p: (p.label, p.path.name))


def still_needed(repo_id: str, files: list[str] | tuple[str, ...], size: int,
                 unfinished: list[PartialDownload]) -> int:
    """Of `size` bytes of `files` of `repo_id`, those not on disk yet: less what their
    unfinished downloads (of `listed`) hold already. The download manager (what its queue
    will still write) and the models dialog (whether a file fits) count it the same way."""
    if not size:
        return 0
    have = sum(p.have for p in unfinished
               if p.known and p.repo_id == repo_id and p.filename in files)
    return max(0, size - have)


def _noted() -> list[PartialDownload]:
    found: list[PartialDownload] = []
    folder = notes_dir()
    if not folder.is_dir():
        return found
    here = str(cache.hub_cache())
    for note in sorted(folder.glob("*.json")):
        try:
            raw = json.loads(note.read_text(encoding="utf-8"))
            if raw.get("hub_cache") != here:
                continue  # another Hugging Face cache's (HF_HOME changed)
            partial = PartialDownload(
                str(raw["repo_id"]), str(raw["filename"]),
                [str(f) for f in raw.get("files") or [raw["filename"]]],
                raw.get("sha256") or None, int(raw["size"]), str(raw["etag"]),
            )  # fmt: skip
            path = partial.path
        except (OSError, ValueError, KeyError, TypeError, AttributeError, cache.UnsafeName):
            continue
        try:
            partial.have = path.stat().st_size
        except OSError:
            # finished by another program, or deleted; or a transfer that has not had its
            # first answer yet (its note is kept: removing it lost the listing after a crash)
            with contextlib.suppress(OSError):
                if time.time() - note.stat().st_mtime > NOTE_GRACE_S:
                    note.unlink(missing_ok=True)
            continue
        found.append(partial)
    return found


_THEIR_NAME = re.compile(r"^([0-9a-f]{40}|[0-9a-f]{64})\.[0-9a-f]{8}$")  # huggingface_hub's


def _unnoted(noted: set[Path]) -> list[PartialDownload]:
    """The `.incomplete` files in the model repositories' `blobs` that no note names; the file
    of one is known when the catalog lists that repository's file with that sha256."""
    from writer.models.catalog import load_catalog

    found: list[PartialDownload] = []
    try:
        files = sorted(cache.hub_cache().glob("models--*/blobs/*.incomplete"))
    except OSError:
        return found
    for path in files:
        if path in noted:
            continue
        stem = path.name[: -len(".incomplete")]
        theirs = _THEIR_NAME.match(stem)
        etag = theirs.group(1) if theirs else stem
        repo_id = path.parent.parent.name[len("models--"):].replace("--", "/")
        try:
            cache.check_repo_id(repo_id)
            cache.check_blob_name(etag)
            have = path.stat().st_size
        except (cache.UnsafeName, OSError):
            continue
        unfinished = PartialDownload(repo_id, "", [], None, 0, etag, have,
                                     path if theirs else None)
        entry = None if theirs else next(
            (e for e in load_catalog() if e.repo_id == repo_id and e.sha256 == etag), None)
        if entry is not None:
            unfinished.filename, unfinished.files = entry.filename, [entry.filename]
            unfinished.sha256, unfinished.size = entry.sha256, entry.size
        found.append(unfinished)
    return found


def find(repo_id: str, filename: str) -> PartialDownload | None:
    """The unfinished download of one file, if there is one."""
    for unfinished in listed():
        if (unfinished.repo_id, unfinished.filename) == (repo_id, filename):
            return unfinished
    return None


def discard(partial: PartialDownload) -> str:
    """Delete an unfinished download's file; refused while a transfer writes it. Returns the
    sentence saying what was freed."""
    from filelock import FileLock, Timeout

    lock_file = cache.lock_path(partial.repo_id, partial.etag)
    try:
        lock_file.parent.mkdir(parents=True, exist_ok=True)
        with FileLock(str(lock_file), timeout=0):
            size = partial.path.stat().st_size if partial.path.is_file() else 0
            partial.path.unlink(missing_ok=True)
            if partial.where is None:  # (another program's file: a note names Writer's own)
                forget(partial.repo_id, partial.etag)
            cache.prune(partial.repo_id, partial.path.parent)  # (a download's own folders)
    except Timeout:
        raise ModelsError(
            said("{0} is being downloaded now; cancel the download first.", partial.name)
        ) from None
    except OSError as exc:
        raise ModelsError(
            said("Writer could not delete {0}: {1}.", partial.name, exc.strerror)
        ) from None
    log.info("discarded the unfinished download of %s (%d bytes)", partial.label, size)
    return said("Discarded the unfinished download of {0}.", partial.label)
