"""Writing journal snapshots on one background thread, so a 10 MB snapshot never stalls typing;
the saves' kept versions (writer.documents.history) and Auto Save's files are written on it too,
in order."""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable

from writer.documents.errors import JournalError
from writer.documents.journal import Journal, JournalEntry

log = logging.getLogger(__name__)


class JournalWriter:
    """Writes snapshots, and runs other writes (`run`), in the order they come (the journal drops
    stale snapshots). A journal failure is passed to `on_failed` as a sentence, on the writer's
    thread; nothing it does stops the app. The thread starts with the first work."""

    def __init__(
        self, journal: Journal | None, on_failed: Callable[[str], None] | None = None
    ) -> None:
        self.journal = journal
        self.on_failed = on_failed
        self._queue: queue.Queue[JournalEntry | Callable[[], object] | None] = queue.Queue()
        self._thread = threading.Thread(target=self._run, name="writer-journal", daemon=True)
        self._started = threading.Lock()
        self._stopped = False
        if journal is not None:
            self._start()

    def _start(self) -> None:
        with self._started:
            if not self._thread.is_alive() and not self._stopped:
                self._thread.start()

    def submit(self, entry: JournalEntry) -> None:
        if self.journal is not None:
            self._queue.put(entry)

    def run(self, work: Callable[[], object]) -> None:
        """Run `work` on the writing thread after what is queued (an exception is logged); once
        stopped, here and now."""
        if self._stopped:
            self._work(work)
            return
        self._start()
        self._queue.put(work)

    def flush_and_stop(self, timeout: float = 10.0) -> bool:
        """Write what is queued, then end the thread; False where it is still writing after
        `timeout` seconds."""
        with self._started:
            self._stopped = True
        if self._thread.is_alive():
            self._queue.put(None)
            self._thread.join(timeout)
        return not self._thread.is_alive()

    def keep_for_next_start(self, windows: list[list[str]], timeout: float = 10.0) -> bool:
        """The system ends Writer: what is queued written, then the journal marked as ended
        politely (`Journal.keep_for_next_start`), on the thread, after the last snapshot: never
        a mark over documents whose text is not all on disk (a write still going when the
        thread is left behind at the exit leaves no mark: the next start asks, as after a
        crash, instead of restoring older text). False where it was not done in `timeout`."""
        journal = self.journal
        if journal is not None:
            self.run(lambda: journal.keep_for_next_start(windows))
        return self.flush_and_stop(timeout)

    def _run(self) -> None:
        while True:
            entry = self._queue.get()
            if entry is None:
                return
            if callable(entry):
                self._work(entry)
                continue
            try:
                self.journal.write_entry(entry)
            except JournalError as exc:
                if self.on_failed is not None:
                    self.on_failed(str(exc))
            except Exception:  # the journal must never take the app down
                log.exception("journal write failed")

    @staticmethod
    def _work(work: Callable[[], object]) -> None:
        try:
            work()
        except Exception:  # a kept version must never take the app down
            log.exception("a background write failed")
