"""The application's downloads: one owner, so a download outlives the dialog that started it.

`DownloadManager` is created by the application (AppState) with its network policy; the Models
dialog, the welcome screen and the status bar of every window use the same one. It runs one
download at a time on a `TaskHandle` (writer.tasks) and announces what happens to it with
`started`, `progressed` and `ended`, each carrying the `Download`; anyone showing downloads
subscribes. The transfer itself (resumable, verified, asking the network policy) is
`writer.models.download`, which has no Qt. At quit the running download is cancelled and
waited for, so its partial file is complete on disk and the next attempt continues it.

A download that stopped (cancelled, or failed) keeps its partial file: `Download.unfinished()`
finds it, `retry()` continues it and `discard()` deletes it (and emits `discarded`), so the
views showing the stopped download offer both without the writer looking for it under
Installed.

A download whose bytes stop coming (the server keeps the connection but sends nothing, or the
transfer reconnects after a timeout) announces no progress of its own; so while one runs the
manager looks twice a second, and once no byte came for `STALL_S` seconds it emits `progressed`
again: `Download.stalled()` then says for how long, and the views show it waiting instead of
the last speed and time left. The first bytes after bring the ordinary display back.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from writer.models import cache
from writer.models import partial as partials
from writer.models.errors import ModelsError
from writer.network import NetworkPolicy
from writer.sentences import said
from writer.tasks import TaskHandle

RUNNING, DONE, FAILED, CANCELLED = "running", "done", "failed", "cancelled"
STALL_S = 5.0  # no byte for this long: the download is shown waiting for the server
WATCH_MS = 500  # how often a running download is looked at for a stall


@dataclass
class Download:
    """One model's files from one repository, and where their download stands."""

    repo_id: str
    files: list[str]
    sha256: str | None = None
    state: str = RUNNING
    progress: Any = None  # the latest writer.models.download.Progress
    path: str = ""  # the first file, once downloaded
    offered: bool = False  # a finished download whose model is there and not used yet
    sentence: str = ""  # why it failed or stopped
    handle: TaskHandle | None = field(default=None, repr=False, compare=False)
    moved: float = field(default_factory=time.monotonic)  # when bytes last came (or it began)

    def stalled(self, now: float | None = None) -> float:
        """The seconds since a byte last arrived, while its file downloads and once that is
        STALL_S or more; 0.0 otherwise (stopped, checking, verifying, or bytes coming)."""
        p = self.progress
        if self.state != RUNNING or p is None or p.stage != "downloading":
            return 0.0
        quiet = (time.monotonic() if now is None else now) - self.moved
        return quiet if quiet >= STALL_S else 0.0

    @property
    def name(self) -> str:
        return Path(self.files[0]).name

    def saved(self) -> tuple[int, int]:
        """The bytes of its file saved on disk and the file's size (0 while unknown): what a
        progress bar shows. While it runs, the latest progress (the bytes checked, arrived,
        or all of them while the checksum is verified); before any, and once it stopped, the
        partial file kept for a retry (none after a checksum failure: it was set aside)."""
        p = self.progress
        if self.state == DONE:
            return (1, 1)
        if self.state == RUNNING and p is not None:
            return (p.done, p.total)
        name = p.filename if p is not None else self.files[0]
        unfinished = partials.find(self.repo_id, name)
        if unfinished is not None:
            return (unfinished.have, unfinished.size)
        return (0, p.total if p is not None else 0)

    def unfinished(self) -> partials.PartialDownload | None:
        """The partial file it left once it stopped (cancelled or failed): of the file it was
        at, else of another of its files; None while it runs, once done, or when none is
        kept (a checksum failure set it aside, or it was discarded)."""
        if self.state not in (CANCELLED, FAILED):
            return None
        kept = {p.filename: p for p in partials.listed() if p.repo_id == self.repo_id}
        names = ([self.progress.filename] if self.progress is not None else []) + self.files
        return next((kept[name] for name in names if name in kept), None)


class DownloadManager(QObject):
    """Starts, cancels and retries downloads; emits what happens to them."""

    started = Signal(object)  # Download
    progressed = Signal(object)  # Download (its `progress` is new)
    ended = Signal(object)  # Download (its `state` says how)
    use_requested = Signal(str)  # a downloaded model's path, to be used now
    offer_withdrawn = Signal(object)  # Download: its model was used or deleted, Use is no more
    discarded = Signal(object)  # Download: the partial file it left was deleted

    def __init__(self, policy: NetworkPolicy, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.policy = policy
        self.current: Download | None = None  # the running download, or the last one
        self._watch = QTimer(self)
        self._watch.setInterval(WATCH_MS)
        self._watch.timeout.connect(self._look_for_stall)

    @property
    def busy(self) -> bool:
        return self.current is not None and self.current.state == RUNNING

    def start(self, repo_id: str, files: list[str], sha256: str | None = None) -> Download:
        """Start downloading `files` of `repo_id`; ModelsError (a sentence) while one runs, or
        at once when the network policy refuses the Hub (Offline): no download is begun."""
        if self.busy:
            raise ModelsError(
                said("A download is already running; wait for it or cancel it first.")
            )
        cache.require_hub(self.policy)
        download = Download(repo_id, list(files), sha256)
        handle = TaskHandle(lambda h: _fetch(download, h, self.policy), "download",
                            (ModelsError,))
        download.handle = handle
        handle.progressed.connect(lambda p: self._progressed(download, p))
        handle.finished.connect(lambda path: self._end(download, DONE, path=path))
        handle.failed.connect(lambda s: self._end(download, FAILED, sentence=s))
        handle.cancelled.connect(lambda s: self._end(download, CANCELLED, sentence=s))
        self.current = download
        handle.start()
        self._watch.start()
        self.started.emit(download)
        return download

    def retry(self) -> Download | None:
        """Start the last download again (it continues its partial file)."""
        last = self.current
        if last is None or last.state == RUNNING:
            return None
        return self.start(last.repo_id, last.files, last.sha256)

    def discard(self, download: Download) -> str:
        """Delete the partial file a stopped download left (writer.models.partial.discard);
        the sentence saying so, '' when none is kept. ModelsError (a sentence) when it cannot
        be deleted: nothing is lost."""
        kept = download.unfinished()
        if kept is None:
            return ""
        message = partials.discard(kept)
        self.discarded.emit(download)
        return message

    def cancel(self) -> None:
        """Stop the running download; it keeps its partial file for a retry."""
        if self.busy and self.current is not None and self.current.handle is not None:
            self.current.handle.cancel()

    def use(self, download: Download) -> None:
        """Ask the application to use a finished download's model; its Use is then no longer
        offered."""
        if download.state == DONE and download.path:
            self.use_requested.emit(download.path)
            self.withdraw(download)

    def withdraw(self, download: Download) -> None:
        """Stop offering a finished download's model (it was used, or deleted)."""
        if download.offered:
            download.offered = False
            self.offer_withdrawn.emit(download)

    def model_gone(self, path: str | Path) -> None:
        """The model file `path` was chosen or deleted: the finished download of it no longer
        offers Use."""
        download = self.current
        if download is not None and download.offered and Path(download.path) == Path(path):
            self.withdraw(download)

    def shutdown(self, seconds: float = 12.0) -> None:
        """At quit: cancel the running download and wait for it to stop."""
        download = self.current
        if download is not None and download.handle is not None and download.handle.running:
            download.handle.cancel()
            download.handle.wait(seconds)

    def _progressed(self, download: Download, progress: Any) -> None:
        if download.state == RUNNING:
            before = download.progress
            if before is None or (before.done, before.stage) != (progress.done, progress.stage):
                download.moved = time.monotonic()
            download.progress = progress
            self.progressed.emit(download)

    def _look_for_stall(self) -> None:
        """Say again where a running download stands while no byte comes (its own progress
        is announced only when bytes arrive)."""
        download = self.current
        if download is None or download.state != RUNNING:
            self._watch.stop()
        elif download.stalled() and not (download.handle and download.handle.is_cancelled):
            self.progressed.emit(download)  # (a cancelled one says "Cancelling…" till it ends)

    def _end(self, download: Download, state: str, path: str = "", sentence: str = "") -> None:
        if download is self.current:
            self._watch.stop()
        download.state, download.path = state, str(path or "")
        download.offered = state == DONE
        download.sentence = sentence or (
            said("The download of {0} was cancelled.", download.name) if state == CANCELLED else ""
        )
        self.ended.emit(download)


def _fetch(download: Download, handle: TaskHandle, policy: NetworkPolicy) -> str:
    """The work of a download task: each file in turn; the path of the first."""
    from writer.models.download import download as fetch

    first = ""
    for name in download.files:
        path = fetch(
            download.repo_id,
            name,
            policy=policy,
            expected_sha256=download.sha256,
            progress=handle.progress,
            cancel=handle.cancel_event,
            files=download.files,
        )
        first = first or str(path)
    return first
