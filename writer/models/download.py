"""Download one file of a Hub repository into the Hugging Face cache: resumable, verified.

huggingface_hub (2.x) writes each attempt to a uniquely named temporary file and deletes it when
the attempt fails, so an interrupted transfer always starts over. Writer asks huggingface_hub for
the file's metadata (commit, LFS sha256, size, final location, with its error mapping) and does the
transfer itself: into `blobs/<sha256>.incomplete`, continued with an HTTP Range request on the
next attempt, hashed while it arrives, and moved into place only when the sha256 matches the
Hub's. A file that does not match is moved to Writer's quarantine folder and never loaded.

Progress is reported to a callback at most ten times a second (bytes a report held back by that
limit are reported within a quarter of a second, so a transfer whose bytes stop coming shows all
that came); a `threading.Event` cancels the transfer between two network reads (a fraction of a
second while data flows). A read blocked on a server that stopped sending ends at once too: while
a request is under way a watcher waits on the event and, when it is set, shuts the request's
connection down (a blocked read then returns, where it waited for the read timeout before, ten
seconds and more). What arrived stays in the partial file, which the next attempt continues.
Every request asks the network policy (writer.network) first, so turning Offline on also stops
the retries of a transfer under way.
"""

from __future__ import annotations

import collections
import errno
import glob
import hashlib
import json
import logging
import os
import re
import shutil
import socket
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from writer import paths
from writer.models import cache
from writer.models import partial as partials
from writer.models.errors import (
    CancelledError,
    ChecksumError,
    DiskFullError,
    ModelsError,
    NetworkError,
    explain,
    human_size,
)
from writer.network import NetworkPolicy
from writer.sentences import said

log = logging.getLogger(__name__)

HASH_CHUNK = 4 * 1024 * 1024
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_SHA1 = re.compile(r"^[0-9a-f]{40}$")


@dataclass
class Progress:
    """Where a download stands: `done` bytes of `total` are saved. `stage` is 'checking'
    (hashing what is already on disk: `checked` bytes of `done` so far), 'downloading' or
    'verifying'."""

    filename: str
    done: int
    total: int
    rate: float = 0.0
    stage: str = "downloading"
    checked: int = 0

    @property
    def fraction(self) -> float:
        return self.done / self.total if self.total else 0.0

    @property
    def seconds_left(self) -> float | None:
        if self.rate <= 0 or not self.total:
            return None
        return max(0.0, (self.total - self.done) / self.rate)

    def describe(self) -> str:
        if self.stage == "checking":
            return (f"Checking what was already downloaded… {human_size(self.checked)} of "
                    f"{human_size(self.done)}")
        if self.stage == "verifying":
            return "Verifying the checksum…"
        text = f"{human_size(self.done)} of {human_size(self.total)}"
        if self.rate > 0:
            text += f" · {human_size(self.rate)}/s"
        left = self.seconds_left
        if left is not None:
            text += f" · {duration(left)} left"
        return text


def duration(seconds: float) -> str:
    seconds = int(round(seconds))
    if seconds < 60:
        return f"{seconds} s"
    if seconds < 3600:
        return f"{seconds // 60} min {seconds % 60:02d} s"
    return f"{seconds // 3600} h {seconds % 3600 // 60:02d} min"


@dataclass
class RemoteFile:
    """A file on the Hub as its `resolve` HEAD describes it."""

    repo_id: str
    filename: str
    revision: str
    commit: str
    etag: str
    size: int
    location: str

    expected: str = ""  # the digest to check: the LFS sha256, or the git blob id of a small file

    @property
    def sha256(self) -> str | None:
        return self.expected if _SHA256.match(self.expected) else None


ProgressCallback = Callable[[Progress], None]


def resolve(repo_id: str, filename: str, revision: str = "main",
            token: str | bool | None = None, *, policy: NetworkPolicy) -> RemoteFile:
    """Ask the Hub for a file's commit, hash, size and download location (one HEAD request)."""
    cache.require_hub(policy)
    _check_names(repo_id, filename, revision=revision)
    from huggingface_hub import get_hf_file_metadata, hf_hub_url

    host = cache.endpoint()
    url = hf_hub_url(repo_id, filename, revision=revision, endpoint=host)
    try:
        meta = get_hf_file_metadata(url, token=token, endpoint=host)
    except Exception as exc:  # noqa: BLE001 - every failure becomes a sentence
        raise explain(exc, repo_id, filename, _host_name(host)) from exc
    if not meta.commit_hash or not meta.etag or meta.size is None:
        raise ModelsError(
            said(
                "{0} did not describe {1} completely (commit, hash or size missing), so Writer "
                "cannot download it safely.",
                _host_name(host),
                filename,
            )
        )
    _check_names(repo_id, filename, commit=meta.commit_hash, etag=meta.etag)
    remote = RemoteFile(repo_id, filename, revision, meta.commit_hash, meta.etag, meta.size,
                        meta.location or url, meta.etag)
    if not (_SHA256.match(meta.etag) or _SHA1.match(meta.etag)):
        cache.require_hub(policy)
        remote.expected = _lfs_sha256(repo_id, filename, meta.commit_hash, token)
    return remote


def _check_names(repo_id: str, filename: str, *, revision: str = "main", commit: str = "",
                 etag: str = "") -> None:  # fmt: skip
    """Refuse names from the Hub that would put a file anywhere but its place in the cache."""
    try:
        cache.check_repo_id(repo_id)
        cache.check_relative(filename)
        cache.check_relative(revision)
        if commit:
            cache.check_commit(commit)
        if etag:
            cache.check_blob_name(etag)
    except cache.UnsafeName as exc:
        raise ModelsError(
            said(
                "Writer will not download {0!r} from {1!r}: {2}, so it could be written outside "
                "the model cache.",
                filename[:120],
                repo_id[:120],
                exc,
            )
        ) from None


def _lfs_sha256(repo_id: str, filename: str, commit: str, token: str | bool | None) -> str:
    """The LFS sha256 from the file listing, for a file whose ETag is not its hash."""
    from huggingface_hub import HfApi

    try:
        info = HfApi(endpoint=cache.endpoint(), token=token).model_info(
            repo_id, revision=commit, files_metadata=True)
    except Exception as exc:  # noqa: BLE001
        raise explain(exc, repo_id, filename, _host_name(cache.endpoint())) from exc
    for sibling in info.siblings or []:
        if sibling.rfilename == filename and sibling.lfs is not None:
            return sibling.lfs.sha256
    raise ChecksumError(
        said(
            "The Hub publishes no sha256 for {0}, so Writer cannot check it and will not "
            "download it.",
            filename,
        )
    )


def download(
    repo_id: str,
    filename: str,
    *,
    policy: NetworkPolicy,
    revision: str = "main",
    expected_sha256: str | None = None,
    progress: ProgressCallback | None = None,
    cancel: threading.Event | None = None,
    retries: int = 3,
    token: str | bool | None = None,
    files: Sequence[str] = (),
) -> Path:
    """Download (or finish downloading) a file and return its path in the Hugging Face cache.

    Raises a ModelsError subclass with a sentence on every failure; a cancelled or broken
    transfer leaves its partial file, and the next call continues from there. `files` names
    every file of the download this one belongs to (the parts of a split model), for the note
    that lists an unfinished download (writer.models.partial).
    """
    remote = resolve(repo_id, filename, revision, token, policy=policy)
    if expected_sha256 and remote.sha256 and expected_sha256.lower() != remote.sha256:
        raise ChecksumError(
            said(
                "The Hub now holds a different {0} than the one Writer's catalog lists (the "
                "repository was updated), so Writer did not download it.",
                filename,
            )
        )
    blob = cache.blob_path(repo_id, remote.etag)
    if not blob.is_file():
        unfinished = partials.PartialDownload(repo_id, filename, list(files or [filename]),
                                              expected_sha256, remote.size, remote.etag)
        partials.remember(unfinished)
        log.info("downloading %s from %s (%d bytes, expected %s) into %s", filename, repo_id,
                 remote.size, remote.expected, blob.parent)
        try:
            _fetch(remote, blob, progress, cancel or threading.Event(), retries, token, policy)
        except CancelledError as exc:
            log.info("download of %s from %s cancelled: %s", filename, repo_id, exc)
            raise
        except ModelsError as exc:
            log.warning("download of %s from %s failed: %s", filename, repo_id, exc)
            raise
        else:
            log.info("downloaded %s from %s: its hash %s matches the Hub's", filename, repo_id,
                     remote.expected)
        finally:
            if not unfinished.path.is_file():  # landed, set aside or thrown away
                partials.forget(repo_id, remote.etag)
        empty_quarantine(repo_id, filename)  # a good copy landed: the damaged one is no use
    return cache.link_snapshot(repo_id, remote.commit, filename, remote.etag, revision)


def _fetch(remote: RemoteFile, blob: Path, progress: ProgressCallback | None,
           cancel: threading.Event, retries: int, token: str | bool | None,
           policy: NetworkPolicy) -> None:
    from filelock import FileLock, Timeout

    lock_file = cache.lock_path(remote.repo_id, remote.etag)
    try:
        blob.parent.mkdir(parents=True, exist_ok=True)
        lock_file.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise explain(exc, remote.repo_id, remote.filename) from exc
    try:
        with FileLock(str(lock_file), timeout=0):
            _transfer(remote, blob, progress, cancel, retries, token, policy)
    except Timeout:
        raise ModelsError(
            said(
                "{0} is already being downloaded by another Writer window or program.",
                remote.filename,
            )
        ) from None


class _Reporter:
    """Progress to the callback, at most ten times a second. The bytes of a report held back
    by that limit are reported by `flush` (the request's watcher calls it a few times a
    second), so a transfer whose bytes stop coming shows all that arrived, not what arrived
    up to a tenth of a second before."""

    def __init__(self, filename: str, total: int, callback: ProgressCallback | None) -> None:
        self.filename = filename
        self.total = total
        self.callback = callback
        self.samples: collections.deque[tuple[float, int]] = collections.deque()
        self.last = 0.0
        self.held: int | None = None  # the bytes of a download report not made yet
        self.lock = threading.Lock()  # (the reading thread reports, the watcher flushes)

    def __call__(self, done: int, stage: str = "downloading", force: bool = False,
                 checked: int = 0) -> None:
        with self.lock:
            now = time.monotonic()
            if stage == "downloading":
                self.samples.append((now, done))
                while len(self.samples) > 2 and now - self.samples[0][0] > 5.0:
                    self.samples.popleft()
            if self.callback is None or (not force and now - self.last < 0.1):
                self.held = done if stage == "downloading" else None
                return
            self._report(now, done, stage, checked)

    def flush(self) -> None:
        """Make the download report held back, if a tenth of a second has passed since the
        last one."""
        with self.lock:
            now = time.monotonic()
            if self.held is not None and self.callback is not None and now - self.last >= 0.1:
                self._report(now, self.held, "downloading", 0)

    def _report(self, now: float, done: int, stage: str, checked: int) -> None:
        assert self.callback is not None
        self.last, self.held = now, None
        rate = 0.0
        if stage == "downloading" and len(self.samples) >= 2:
            (t0, b0), (t1, b1) = self.samples[0], self.samples[-1]
            if t1 > t0:
                rate = (b1 - b0) / (t1 - t0)
        self.callback(Progress(self.filename, done, self.total, rate, stage, checked))


def _transfer(remote: RemoteFile, blob: Path, progress: ProgressCallback | None,
              cancel: threading.Event, retries: int, token: str | bool | None,
              policy: NetworkPolicy) -> None:
    partial = blob.with_name(blob.name + ".incomplete")
    report = _Reporter(remote.filename, remote.size, progress)
    have = partial.stat().st_size if partial.is_file() else 0
    if have > remote.size:
        partial.unlink()
        have = 0
    free = shutil.disk_usage(blob.parent).free
    if free < remote.size - have:
        raise DiskFullError(
            said(
                "Not enough disk space for {0}: it needs {1} more, and only {2} is free in {3}.",
                remote.filename,
                human_size(remote.size - have),
                human_size(free),
                blob.parent.parent.parent,
            )
        )
    state = _State(have, _hasher(remote.expected))
    if have:
        _hash_existing(partial, state, report, cancel, remote.filename)
    attempts = retries + 1
    while state.have < remote.size:
        if cancel.is_set():
            raise _cancelled(remote.filename, state.have, remote.size)
        started_at = state.have
        try:
            cache.require_hub(policy)
            _get(remote, partial, state, report, cancel, token)
        except Exception as exc:
            if cancel.is_set():  # (the cancel shut the connection: whatever the read raised)
                if _stops(cancel, state, remote):
                    raise _cancelled(remote.filename, state.have, remote.size) from None
                break  # (every byte came before the cancel: it is checked below)
            if not isinstance(exc, NetworkError | _transient()):
                if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
                    raise DiskFullError(
                        said(
                            "The disk filled up while downloading {0} ({1} of {2} saved). Free "
                            "some space and retry: the download continues where it stopped.",
                            remote.filename,
                            human_size(_size(partial)),
                            human_size(remote.size),
                        )
                    ) from exc
                if isinstance(exc, OSError) and exc.errno == errno.EFBIG:
                    # (it said "File too large." and nothing of what to do)
                    raise ModelsError(
                        said(
                            "{0} stopped at {1} of {2}: the disk that holds the models ({3}) "
                            "takes no file larger than that (a FAT32 drive takes files of up "
                            "to 4 GB). Keep the models on another disk (the HF_HOME "
                            "environment variable) and retry: the download continues where "
                            "it stopped.",
                            remote.filename,
                            human_size(_size(partial)),
                            human_size(remote.size),
                            cache.hub_cache(),
                        )
                    ) from exc
                raise explain(exc, remote.repo_id, remote.filename) from exc
            if isinstance(exc, _ExpiredLink):
                remote.location = resolve(remote.repo_id, remote.filename, remote.revision,
                                          token, policy=policy).location
            have = state.have
            if have > started_at:
                attempts = retries + 1
            attempts -= 1
            if attempts <= 0:
                err = exc if isinstance(exc, NetworkError) else explain(
                    exc, remote.repo_id, remote.filename, _host_name(cache.endpoint()))
                raise NetworkError(
                    said(
                        "The download of {0} stopped at {1} of {2}. {3} Retry to continue from "
                        "there.",
                        remote.filename,
                        human_size(have),
                        human_size(remote.size),
                        str(err),
                    )
                ) from exc
            if cancel.wait(1.0) and _stops(cancel, state, remote):
                raise _cancelled(remote.filename, have, remote.size) from None
    have = state.have
    report(have, "verifying", force=True)
    digest = state.hasher.hexdigest()
    if digest != remote.expected:
        where = quarantine(partial, remote, digest)
        raise ChecksumError(
            said(
                "{0} arrived damaged: its checksum does not match the one the Hub publishes. "
                "Writer moved it aside ({1}) and will not use it; download it again.",
                remote.filename,
                where,
            )
        )
    os.replace(partial, blob)
    report(have, "downloading", force=True)


def _stops(cancel: threading.Event, state: _State, remote: RemoteFile) -> bool:
    """Whether the cancel stops the transfer: set while bytes are still missing. Once every
    byte came, the file is checked and lands whatever the moment of the cancel (with the last
    bytes, after a read the cancel shut, in the pause before a retry)."""
    return cancel.is_set() and state.have < remote.size


def _transient() -> type[BaseException]:
    import httpx2

    return httpx2.TransportError


class _ExpiredLink(NetworkError):
    """The signed CDN address the Hub redirected to is no longer valid; resolve it again."""


@dataclass
class _State:
    have: int
    hasher: Any


def _get(remote: RemoteFile, partial: Path, state: _State, report: _Reporter,
         cancel: threading.Event, token: str | bool | None) -> None:
    import httpx2
    from huggingface_hub import constants
    from huggingface_hub.utils import build_hf_headers, get_session, hf_raise_for_status

    headers = {"Accept-Encoding": "identity"}
    if _same_origin(remote.location, cache.endpoint()):
        headers.update(build_hf_headers(token=token))
    if state.have:
        headers["Range"] = f"bytes={state.have}-"
    timeout = httpx2.Timeout(
        constants.HF_HUB_DOWNLOAD_TIMEOUT, connect=constants.HF_HUB_ETAG_TIMEOUT
    )
    with _Watch(cancel, report) as watch, get_session().stream(
        "GET", remote.location, headers=headers, timeout=timeout, follow_redirects=True,
        extensions={"trace": watch.trace},
    ) as response:
        watch.watch(response.extensions.get("network_stream"))
        if response.status_code in (401, 403, 410) and not _same_origin(
                remote.location, cache.endpoint()):
            raise _ExpiredLink(said("The download link expired."))
        if response.status_code >= 400:
            response.read()
            try:
                hf_raise_for_status(response)
            except Exception as exc:  # noqa: BLE001
                raise explain(exc, remote.repo_id, remote.filename,
                              _host_name(cache.endpoint())) from exc
        if state.have and response.status_code == 206:
            start = _range_start(response.headers.get("Content-Range", ""))
            if start != state.have:
                raise NetworkError(said("The server sent the wrong part of the file."))
        else:
            state.have = 0
            state.hasher = _hasher(remote.expected)
        partial.parent.mkdir(parents=True, exist_ok=True)  # (a delete may have pruned it)
        with partial.open("r+b" if state.have else "wb") as out:
            out.seek(state.have)
            out.truncate()
            for chunk in response.iter_bytes():
                if not chunk:
                    continue
                out.write(chunk)
                # (on the disk as soon as counted: a piece smaller than the file's buffer,
                # before a server that stops sending, stayed in memory, and a kill then lost
                # bytes the progress had reported received)
                out.flush()
                state.hasher.update(chunk)
                state.have += len(chunk)
                report(state.have)
                if _stops(cancel, state, remote):
                    out.flush()
                    raise _cancelled(remote.filename, state.have, remote.size)
    if state.have < remote.size:
        raise NetworkError(said("The connection closed before the whole file arrived."))
    if state.have > remote.size:
        partial.unlink(missing_ok=True)
        raise NetworkError(said("The server sent more bytes than the file has."))


class _Watch:
    """While one request is under way: when `cancel` is set, shut its connection down, so that a
    read blocked on a server that sends nothing ends at once (with an error the transfer takes
    for the cancel). The connection is known from the moment it is made (the `trace` of its
    request) or, for one reused from an earlier request, once the answer's headers came. While
    it waits, four times a second, it reports the bytes a report held back (`_Reporter.flush`)."""

    def __init__(self, cancel: threading.Event, report: _Reporter) -> None:
        self.cancel = cancel
        self.report = report
        self.stream: Any = None
        self.over = False
        self.lock = threading.Lock()
        self.thread = threading.Thread(target=self._wait, daemon=True,
                                       name="writer-download-watch")

    def __enter__(self) -> _Watch:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        with self.lock:
            self.over = True

    def trace(self, event: str, info: dict[str, Any]) -> None:
        if event in ("connection.connect_tcp.complete", "connection.start_tls.complete"):
            self.watch(info.get("return_value"))

    def watch(self, stream: Any) -> None:
        if stream is None:
            return
        with self.lock:
            self.stream = stream
        if self.cancel.is_set():
            self._hang_up()

    def _wait(self) -> None:
        while not self.cancel.wait(0.25):
            if self.over:
                return
            self.report.flush()
        self._hang_up()

    def _hang_up(self) -> None:
        with self.lock:
            if self.over or self.stream is None:
                return
            try:
                sock = self.stream.get_extra_info("socket")
                if sock is not None:
                    # the plain socket's shutdown, also under TLS: it wakes the blocked read
                    # (closing does not) and leaves the TLS object to the reading thread
                    socket.socket.shutdown(sock, socket.SHUT_RDWR)
            except (OSError, ValueError, AttributeError):
                pass  # already closed


def _hasher(etag: str):
    if _SHA1.match(etag):
        return _GitBlobHash()
    return hashlib.sha256()


class _GitBlobHash:
    """The git object id of a small (non-LFS) file: sha1 of 'blob <size>\\0' + content."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []

    def update(self, data: bytes) -> None:
        self.parts.append(bytes(data))

    def hexdigest(self) -> str:
        data = b"".join(self.parts)
        return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


def _hash_existing(partial: Path, state: _State, report: _Reporter,
                   cancel: threading.Event, filename: str) -> None:
    have, hasher = state.have, state.hasher
    done = 0
    with partial.open("rb") as f:
        while done < have:
            data = f.read(min(HASH_CHUNK, have - done))
            if not data:
                break
            hasher.update(data)
            done += len(data)
            report(have, "checking", checked=done)
            if cancel.is_set():
                raise _cancelled(filename, have, report.total)


def quarantine_dir() -> Path:
    return paths.cache_dir() / "quarantine"


def _quarantine_name(repo_id: str, filename: str) -> str:
    return f"{repo_id.replace('/', '--')}--{Path(filename).name}"


def quarantine(path: Path, remote: RemoteFile, digest: str) -> Path:
    """Move a damaged download out of the cache, with a note of what was expected. One copy
    per file is kept (the latest): each failed retry replaces the one before."""
    folder = quarantine_dir()
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / _quarantine_name(remote.repo_id, remote.filename)
    try:
        os.replace(path, target)
    except OSError:
        try:
            shutil.move(str(path), target)
        except OSError:
            path.unlink(missing_ok=True)
            return Path("deleted")
    note = {"repo_id": remote.repo_id, "filename": remote.filename, "commit": remote.commit,
            "expected": remote.expected, "actual": digest, "size": _size(target)}
    target.with_name(target.name + ".json").write_text(json.dumps(note, indent=2), encoding="utf-8")
    log.warning("%s from %s arrived damaged (hash %s, the Hub's %s): set aside at %s",
                remote.filename, remote.repo_id, digest, remote.expected, target)
    return target


def quarantined() -> list[Path]:
    """The damaged downloads set aside (their notes not counted)."""
    folder = quarantine_dir()
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix != ".json")


def quarantined_size() -> int:
    return sum(_size(p) for p in quarantined())


def empty_quarantine(repo_id: str | None = None, filename: str | None = None) -> int:
    """Delete the damaged copies set aside (those of one file when it is named, with the
    copies older Writers kept with a date in their name); the bytes freed."""
    folder = quarantine_dir()
    if not folder.is_dir():
        return 0
    if repo_id is not None and filename is not None:
        name = _quarantine_name(repo_id, filename)
        found = [folder / name, folder / f"{name}.json", *folder.glob(f"{glob.escape(name)}.2*")]
    else:
        found = list(folder.iterdir())
    freed = 0
    for p in found:
        if p.is_file():
            size = _size(p)
            try:
                p.unlink()
            except OSError:
                continue
            freed += size if p.suffix != ".json" else 0
    return freed


def _cancelled(filename: str, have: int, total: int) -> CancelledError:
    return CancelledError(
        said(
            "The download of {0} was cancelled at {1} of {2}. Retry to continue from there.",
            filename,
            human_size(have),
            human_size(total),
        )
    )


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _range_start(content_range: str) -> int | None:
    match = re.match(r"bytes (\d+)-", content_range.strip())
    return int(match.group(1)) if match else None


def _same_origin(url: str, other: str) -> bool:
    a, b = urlparse(url), urlparse(other)
    return (a.scheme, a.hostname, a.port) == (b.scheme, b.hostname, b.port)


def _host_name(endpoint: str) -> str:
    if endpoint.rstrip("/") == cache.DEFAULT_ENDPOINT:
        return said("the Hugging Face Hub")
    return said("the Hub at {0}", endpoint)
