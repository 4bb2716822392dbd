"""The application's downloads: one owner, so a download outlives the dialog that started it.

`DownloadManager` is created by the application (AppState) with its network policy; the Models
dialog, the welcome screen and the status bar of every window use the same one. It runs one
download at a time on a `TaskHandle` (writer.tasks) and announces what happens to it with
`started`, `progressed` and `ended`, each carrying the `Download`; anyone showing downloads
subscribes. The transfer itself (resumable, verified, asking the network policy) is
`writer.models.download`, which has no Qt. At quit the running download is cancelled and
waited for, so its partial file is complete on disk and the next attempt continues it.

A download asked for while another runs is queued (`queue`, state QUEUED) and the queue moves on
by itself, in order, when the running one ends however it ends: done, cancelled or failed (a
cancel that comes once its files have landed whole and checked leaves it done, and says so; the
failed one keeps what it offers, below). One at a time on purpose: on a home connection two
transfers share the bandwidth, so both models arrive late, where one after the other makes the
first usable soonest. The same file is never asked twice (running or queued: `start` refuses
with a sentence). A queued download can be taken out (`remove`). `queue_changed` says that the
queue or what stops it changed; `held()` says why it does not move while nothing runs: the
network policy refuses the Hub (Offline: a queued download never starts then, and the queue
moves again once Offline is off), or the queue came back from the last session and waits for
`resume_queue` (or any new download, which starts at once with the queue behind it).

The running download and the queue are remembered in Writer's state (writer.models.queued) at
each change, and not changed by the cancel at quit, so a quit (or a crash) loses none of them:
`restore` (at the next start) puts them back in the queue, held until the writer starts them.

A download that stopped (cancelled, or failed) keeps its partial file: `Download.unfinished()`
finds it, `retry()` continues it and `discard()` deletes it (and emits `discarded`), so the
views showing the stopped download offer both without the writer looking for it under
Installed. When the next download begins, the one that ended before it goes to `earlier` while
it still offers something (Use, Resume or Retry, Discard), so the views keep offering it; it
leaves once it is retried, used, dismissed, or its file is downloaded again.

A download whose bytes stop coming (the server keeps the connection but sends nothing, or the
transfer reconnects after a timeout) announces no progress of its own; so while one runs the
manager looks twice a second, and once no byte came for `STALL_S` seconds it emits `progressed`
again: `Download.stalled()` then says for how long, and the views show it waiting instead of
the last speed and time left. The first bytes after bring the ordinary display back.

`pending_bytes()` is what the running and queued downloads will still write to disk, so that a
view can tell whether one more file fits in the space left (writer.ui.models_common.DiskRoom).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from writer.models import cache, queued
from writer.models import partial as partials
from writer.models.errors import CancelledError, ModelsError
from writer.network import HUB, NetworkPolicy
from writer.sentences import said
from writer.tasks import TaskHandle

RUNNING, DONE, FAILED, CANCELLED, QUEUED = "running", "done", "failed", "cancelled", "queued"
STALL_S = 5.0  # no byte for this long: the download is shown waiting for the server
WATCH_MS = 500  # how often a running download is looked at for a stall
EARLIER_KEPT = 8  # the ended downloads still offered beside the running one, at most


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
    size: int = 0  # the bytes of all its files, as the view that asked knew them (0: unknown)
    need: int = 0  # of those, the bytes not on disk yet when it was asked (its partial files')

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

    def holds(self, repo_id: str, files: list[str] | tuple[str, ...]) -> bool:
        """Whether it downloads one of `files` of `repo_id`."""
        return repo_id == self.repo_id and not set(files).isdisjoint(self.files)

    def still_to_come(self) -> int:
        """The bytes it will still write to disk: 0 once it ended; while it runs a single file,
        what its progress says is missing; otherwise what was missing when it was asked."""
        p = self.progress
        if self.state == RUNNING and p is not None and p.total and len(self.files) == 1:
            return max(0, p.total - p.done)
        return self.need if self.state in (RUNNING, QUEUED) else 0

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
    """Starts, queues, cancels and retries downloads, one at a time; emits what happens to
    them. One at a time on purpose: on a home connection the first model is usable soonest
    when it does not share the bandwidth with the next."""

    started = Signal(object)  # Download
    progressed = Signal(object)  # Download (its `progress` is new)
    ended = Signal(object)  # Download (its `state` says how)
    use_requested = Signal(str)  # a downloaded model's path, to be used now
    offer_withdrawn = Signal(object)  # Download: its model was used or deleted, Use is no more
    discarded = Signal(object)  # Download: the partial file it left was deleted
    queue_changed = Signal()  # `queue`, `earlier` or `held()` changed

    def __init__(self, policy: NetworkPolicy, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.policy = policy
        self.current: Download | None = None  # the running download, or the last one
        self.queue: list[Download] = []  # waiting their turn, in order
        self.earlier: list[Download] = []  # ended before `current` began, still offering
        self.paused = False  # the queue came back from the last session: it waits for a start
        self._closing = False  # quitting: nothing more starts, the remembered list stays
        self._watch = QTimer(self)
        self._watch.setInterval(WATCH_MS)
        self._watch.timeout.connect(self._look_for_stall)
        subscribe = getattr(policy.settings, "subscribe", None)
        if subscribe is not None:  # Offline turned off: a held queue moves on
            subscribe(self._on_settings_changed)

    @property
    def busy(self) -> bool:
        return self.current is not None and self.current.state == RUNNING

    def held(self) -> str:
        """Why the queue does not move while nothing runs ('' when it moves, or is empty): the
        network policy's sentence, or that it waits from the last session."""
        if not self.queue or self.busy:
            return ""
        refused = self.policy.refusal(cache.endpoint(), HUB)
        if refused:
            return refused
        if self.paused:
            return said("These downloads were waiting when Writer quit; Start continues them.")
        return ""

    def waits_for_start(self) -> bool:
        """Whether the queue is held only until the writer starts it (`resume_queue`)."""
        return bool(self.queue) and self.paused and not self.busy and not self.policy.refusal(
            cache.endpoint(), HUB)

    def waiting(self, repo_id: str, filename: str) -> Download | None:
        """The running or queued download of one file, if there is one."""
        running = [self.current] if self.busy else []
        return next((d for d in running + self.queue if d.holds(repo_id, [filename])), None)

    def place(self, download: Download) -> int:
        """A queued download's place in the queue: 1 for the next to start; 0 if not queued."""
        return self.queue.index(download) + 1 if download in self.queue else 0

    def pending_bytes(self) -> int:
        """What the running and queued downloads will still write to disk."""
        running = [self.current] if self.busy else []
        return sum(d.still_to_come() for d in running + self.queue)

    def start(self, repo_id: str, files: list[str], sha256: str | None = None,
              size: int = 0) -> Download:  # fmt: skip
        """Download `files` of `repo_id` (`size`: all their bytes, where the view knows them):
        at once when nothing runs (a held queue then follows it; taken out of it when it was
        there), else queued behind the others. ModelsError (a sentence) when the network policy
        refuses the Hub (Offline), or when one of the files is downloading, or queued while
        another runs: no download is begun."""
        cache.require_hub(self.policy)
        for other in ([self.current] if self.busy else []) + self.queue:
            if not other.holds(repo_id, files):
                continue
            if other.state == RUNNING:
                raise ModelsError(said("{0} is already downloading.", other.name))
            if self.busy:
                raise ModelsError(said("{0} is already in the download queue.", other.name))
            self.queue.remove(other)  # a held queue's: asked for now, it starts now
        download = Download(repo_id, list(files), sha256, state=QUEUED, size=size,
                            need=_missing(repo_id, files, size))
        self._drop_earlier(download)
        if self.busy:
            self.queue.append(download)
            self._remember()
            self.queue_changed.emit()
        else:
            held, self.paused = self.paused, False
            self._begin(download)
            if held:
                self.queue_changed.emit()  # the queue follows it now
        return download

    def retry(self, download: Download | None = None) -> Download | None:
        """Start a stopped download again, the last one by default (it continues its partial
        file); queued while another runs. None when it runs or waits already."""
        last = download or self.current
        if last is None or last.state in (RUNNING, QUEUED):
            return None
        return self.start(last.repo_id, last.files, last.sha256, last.size)

    def remove(self, download: Download) -> None:
        """Take a queued download out of the queue (nothing of it is on disk to remove)."""
        if download in self.queue:
            self.queue.remove(download)
            self._remember()
            self.queue_changed.emit()

    def resume_queue(self) -> str:
        """Let a held queue go on (the one kept from the last session); the sentence why it
        still cannot ('' once the next download began, or nothing waits)."""
        self.paused = False
        self._advance()
        self.queue_changed.emit()
        return self.held()

    def dismiss(self, download: Download) -> None:
        """Stop showing an ended download among `earlier` (its partial file stays)."""
        if download in self.earlier:
            self.earlier.remove(download)
            self.queue_changed.emit()

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
        """Stop the running download; it keeps its partial file for a retry, and the next in
        the queue starts."""
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
        if download.state == DONE:
            self.dismiss(download)  # (an earlier one offers nothing more)

    def model_gone(self, path: str | Path) -> None:
        """The model file `path` was chosen or deleted: the finished download of it no longer
        offers Use."""
        for download in [self.current, *self.earlier]:
            if download is not None and download.offered and Path(download.path) == Path(path):
                self.withdraw(download)

    def restore(self) -> None:
        """At the start: put the downloads that waited when Writer last quit back in the
        queue, held until the writer starts them (`resume_queue`, or a new download)."""
        for waiting in queued.remembered():
            if not any(d.holds(waiting.repo_id, waiting.files) for d in self.queue):
                self.queue.append(Download(
                    waiting.repo_id, list(waiting.files), waiting.sha256, state=QUEUED,
                    size=waiting.size, need=_missing(waiting.repo_id, waiting.files, waiting.size)))
        if self.queue and not self.busy:
            self.paused = True
            self.queue_changed.emit()

    def shutdown(self, seconds: float = 12.0) -> None:
        """At quit: cancel the running download and wait for it to stop. It and the queue stay
        remembered for the next start (`restore`)."""
        self._closing = True
        unsubscribe = getattr(self.policy.settings, "unsubscribe", None)
        if unsubscribe is not None:
            unsubscribe(self._on_settings_changed)
        download = self.current
        if download is not None and download.handle is not None and download.handle.running:
            download.handle.cancel()
            download.handle.wait(seconds)

    def _begin(self, download: Download) -> None:
        previous = self.current
        if previous is not None and previous is not download and _still_offers(previous):
            self.earlier.insert(0, previous)
            del self.earlier[EARLIER_KEPT:]
        self._drop_earlier(download)
        download.state = RUNNING
        download.moved = time.monotonic()
        # (a cancel that came once every file had landed, checked, stops nothing: it is done)
        handle = TaskHandle(lambda h: _fetch(download, h, self.policy), "download",
                            (ModelsError,), done_outranks_cancel=True)
        download.handle = handle
        handle.progressed.connect(lambda p: self._progressed(download, p))
        handle.finished.connect(lambda path: self._end(download, DONE, path=path))
        handle.failed.connect(lambda s: self._end(download, FAILED, sentence=s))
        handle.cancelled.connect(lambda s: self._end(download, CANCELLED, sentence=s))
        self.current = download
        self._remember()
        handle.start()
        self._watch.start()
        self.started.emit(download)

    def _advance(self) -> None:
        """Start the next queued download, unless one runs, Writer quits or the queue is held
        (then `queue_changed` says why)."""
        if self.busy or self._closing or not self.queue:
            return
        if self.held():
            self.queue_changed.emit()
            return
        self._begin(self.queue.pop(0))
        self.queue_changed.emit()

    def _drop_earlier(self, download: Download) -> None:
        """An ended download of the same file is no longer offered once it is asked again."""
        kept = [d for d in self.earlier if not d.holds(download.repo_id, download.files)]
        if len(kept) != len(self.earlier):
            self.earlier = kept
            self.queue_changed.emit()

    def _remember(self) -> None:
        """Note the running download and the queue in Writer's state (not while quitting: the
        cancel then must not take the running one off the list)."""
        if self._closing:
            return
        running = [self.current] if self.busy else []
        queued.remember([queued.Waiting(d.repo_id, tuple(d.files), d.sha256, d.size)
                         for d in running + self.queue])

    def _on_settings_changed(self, change: Any) -> None:
        if change.affects("offline") and self.queue:
            self.queue_changed.emit()  # (the reason it is held, or no longer)
            self._advance()

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
        if state == DONE and download.handle is not None and download.handle.is_cancelled:
            download.sentence = said(
                "{0} had arrived whole and checked when the cancel came, so it is kept ({1}).",
                download.name, download.path)
        self._remember()
        self.ended.emit(download)
        self._advance()


def _still_offers(download: Download) -> bool:
    """Whether an ended download has something to offer: Use of a model still there, or a
    retry (and the partial file it left)."""
    if download.state == DONE:
        return download.offered and Path(download.path).is_file()
    return download.state in (CANCELLED, FAILED)


def _missing(repo_id: str, files: list[str] | tuple[str, ...], size: int) -> int:
    """Of `size` bytes of `files`, those not on disk yet (`partial.still_needed`)."""
    return partials.still_needed(repo_id, files, size, partials.listed() if size else [])


def _fetch(download: Download, handle: TaskHandle, policy: NetworkPolicy) -> str:
    """The work of a download task: each file in turn; the path of the first. A first file
    that is no model Writer can run (not GGUF, a GGUF version it does not read: its header
    says) fails the download with that sentence, read on the task's thread, so it is never
    offered for Use (it was, and said only at Use, while Installed listed it as damaged)."""
    from writer.models import fit
    from writer.models.download import download as fetch

    first = ""
    for name in download.files:
        if first and handle.is_cancelled:
            # (the part before landed whole as the cancel came: the next is not asked of the
            # Hub, a request that waited up to its timeout; the manager says it was cancelled)
            raise CancelledError("")
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
    problem = fit.header_problem(Path(first)) if first.endswith(".gguf") else ""
    if problem:
        raise ModelsError(said(
            "{0} arrived, but Writer cannot run it: {1} It stays in the Hugging Face cache; "
            "Delete under Installed removes it.", download.name, problem))
    return first
