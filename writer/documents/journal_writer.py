"""Writing journal snapshots on one background thread, so a 10 MB snapshot never stalls typing."""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable

from writer.documents.errors import JournalError
from writer.documents.journal import Journal, JournalEntry

log = logging.getLogger(__name__)


class JournalWriter:
    """Writes snapshots in the order they come (the journal drops stale ones). A failure is
    passed to `on_failed` as a sentence, on the writer's thread; nothing it does stops the app."""

    def __init__(
        self, journal: Journal | None, on_failed: Callable[[str], None] | None = None
    ) -> None:
        self.journal = journal
        self.on_failed = on_failed
        self._queue: queue.Queue[JournalEntry | None] = queue.Queue()
        self._thread = threading.Thread(target=self._run, name="writer-journal", daemon=True)
        if journal is not None:
            self._thread.start()

    def submit(self, entry: JournalEntry) -> None:
        if self.journal is not None:
            self._queue.put(entry)

    def flush_and_stop(self, timeout: float = 10.0) -> None:
        """Write what is queued, then end the thread."""
        if self.journal is not None and self._thread.is_alive():
            self._queue.put(None)
            self._thread.join(timeout)

    def _run(self) -> None:
        while True:
            entry = self._queue.get()
            if entry is None:
                return
            try:
                self.journal.write_entry(entry)
            except JournalError as exc:
                if self.on_failed is not None:
                    self.on_failed(str(exc))
            except Exception:  # the journal must never take the app down
                log.exception("journal write failed")
