"""The words written each day, across documents and restarts (the status bar's progress toward
the daily goal, View → Writing Statistics).

For each day and each document the tally keeps the document's word count first seen that day
and the latest. A document is named by its key: the file's real path, or, for an untitled
document, its window's journal id until it is saved. The words written today are the sum of
latest − first over today's documents: net words, so that cutting a page counts against the
day (shown not below 0).

Words the writer did not write are not counted: a count reported `loaded` (a file opened, read
again after another program changed it, reopened in another encoding, recovered after a crash)
moves the day's first count by as much as the latest moved, so what was written before stays
counted and the file's own words do not. A version restored from the local history is an edit
the writer chose, counted as a paste is. A document saved under a new name takes its day with
it (`was`). A document first seen today that was counted on an earlier day of this session
starts at that count (typing past midnight counts on the new day from where it stood).

It lives in Writer's state folder (TALLY_FILE): {"version": 1, "days": {"2025-03-01": {key:
[first, latest]}}}, the last KEEP_DAYS days, only the documents whose count moved. It is read
whatever it holds: what does not read as a day of counts is left out, and `problem` says so in
one sentence (a file that cannot be read at all is an empty tally). Nothing here uses Qt, keeps
time or writes by itself: the owner (writer.app's AppState) takes `data()` on its own thread
and hands it to `write` on the journal's writing thread, at most every so often and at quit.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from writer.documents.atomic import replace_file, set_aside
from writer.documents.history import reason_of
from writer.sentences import said

log = logging.getLogger(__name__)

TALLY_FILE = "words-written.json"
KEEP_DAYS = 366  # today and the 365 days before it
MAX_FILE_BYTES = 4 << 20  # a year of a few documents a day is tens of KB
MAX_COUNT = 10**12  # a word count beyond this is damage, not a document
MAX_KEY_CHARS = 4096


class _TooLarge(ValueError):
    """The file is larger than MAX_FILE_BYTES: not read."""


class WordTally:
    """Each day's first and latest word count of each document, and the words written today.

    One object for the application; windows `report` their documents' counts to it, and
    `subscribe` to hear today's words after each report that changed something."""

    def __init__(self, today: Callable[[], date] = date.today) -> None:
        self._today = today
        self.days: dict[str, dict[str, list[int]]] = {}  # ISO day -> key -> [first, latest]
        self.problem = ""  # what could not be read of the file, in a sentence
        self.dirty = False  # changed since the last `data()`
        self._last: dict[str, int] = {}  # key -> the latest count reported this session
        self._said: set[tuple[str, int]] = set()  # (day, goal) reached and said
        self._subscribers: list[Callable[[int], None]] = []

    # counting -----------------------------------------------------------------------------
    def report(self, key: str, words: int, *, loaded: bool = False, was: str | None = None,
               goal: int = 0) -> bool:  # fmt: skip
        """The document `key` counts `words` now. `loaded`: the text is a file's as read, not
        written (the day's count does not move). `was`: the key it had before (a document saved
        under a new name). True when this report brings today's words to `goal` (more than 0)
        for the first time today."""
        day = self._today().isoformat()
        if day not in self.days:
            self.days[day] = {}
            self._forget_old()
        counts = self.days[day]
        if was is not None and was != key and not loaded:
            self._rename(day, was, key)
        before = self.today_words()
        entry = counts.get(key)
        if entry is None:
            first = words if loaded else self._last.get(key, words)
            counts[key] = [first, words]
        elif loaded:
            entry[0] += words - entry[1]
            entry[1] = words
        else:
            entry[1] = words
        self._last[key] = words
        after = self.today_words()
        self.dirty = True
        reached = goal > 0 and before < goal <= after and (day, goal) not in self._said
        if reached:
            self._said.add((day, goal))
        for callback in list(self._subscribers):
            try:
                callback(after)
            except Exception:
                log.exception("a word tally subscriber failed")
        return reached

    def _rename(self, day: str, was: str, key: str) -> None:
        """Today's counts of `was` become `key`'s (added to those `key` has already)."""
        if was in self._last:
            self._last[key] = self._last.pop(was)
        moved = self.days[day].pop(was, None)
        if moved is None:
            return
        there = self.days[day].get(key)
        if there is not None:
            written = (moved[1] - moved[0]) + (there[1] - there[0])
            moved = [moved[1] - written, moved[1]]
        self.days[day][key] = moved

    def today_words(self) -> int:
        """The words written today in all documents, net (not below 0)."""
        counts = self.days.get(self._today().isoformat(), {})
        return max(0, sum(latest - first for first, latest in counts.values()))

    def written(self, key: str) -> int:
        """The words written today in the document `key`, net (below 0 where it was cut)."""
        entry = self.days.get(self._today().isoformat(), {}).get(key)
        return 0 if entry is None else entry[1] - entry[0]

    def subscribe(self, callback: Callable[[int], None]) -> None:
        """Call `callback(today's words)` after each report."""
        if callback not in self._subscribers:
            self._subscribers.append(callback)

    def unsubscribe(self, callback: Callable[[int], None]) -> None:
        if callback in self._subscribers:
            self._subscribers.remove(callback)

    def _forget_old(self) -> None:
        oldest = (self._today() - timedelta(days=KEEP_DAYS - 1)).isoformat()
        for day in [d for d in self.days if d < oldest]:
            del self.days[day]

    # the file -----------------------------------------------------------------------------
    def data(self) -> bytes:
        """The file's bytes: the days kept, each document whose count moved."""
        self.dirty = False
        days = {}
        for day in sorted(self.days):
            moved = {k: list(v) for k, v in self.days[day].items() if v[0] != v[1]}
            if moved:
                days[day] = moved
        return json.dumps({"version": 1, "days": days}, ensure_ascii=False).encode("utf-8")

    @classmethod
    def read(cls, path: Path, today: Callable[[], date] = date.today) -> WordTally:
        """The tally kept in `path`: empty where there is none; what cannot be read is left
        out and said in `problem`."""
        tally = cls(today)
        try:
            if path.stat().st_size > MAX_FILE_BYTES:
                raise _TooLarge(path)
            raw = json.loads(path.read_bytes())
        except FileNotFoundError:
            return tally
        except (OSError, ValueError, RecursionError) as exc:
            log.warning("the word tally %s cannot be read: %s", path, exc)
            aside = set_aside(path)
            if aside:
                tally.problem = said(
                    "Writer could not read its record of the words you wrote each day ({0}: "
                    "{1}); it counts again from now, and keeps the file as {2}.",
                    path.name, _reason(exc), aside)  # fmt: skip
            else:
                tally.problem = said(
                    "Writer could not read its record of the words you wrote each day ({0}: "
                    "{1}); it counts again from now.", path.name, _reason(exc))  # fmt: skip
            return tally
        days = raw.get("days") if isinstance(raw, dict) else None
        damaged = not isinstance(days, dict)
        oldest = (today() - timedelta(days=KEEP_DAYS - 1)).isoformat()
        for day, counts in days.items() if isinstance(days, dict) else ():
            if not _is_day(day) or not isinstance(counts, dict):
                damaged = True
                continue
            if day < oldest:
                continue
            kept = {}
            for key, entry in counts.items():
                if _is_entry(key, entry):
                    kept[key] = [entry[0], entry[1]]
                else:
                    damaged = True
            if kept:
                tally.days[day] = kept
        if damaged:
            aside = set_aside(path)
            if aside:
                tally.problem = said(
                    "Part of Writer's record of the words you wrote each day ({0}) was damaged "
                    "and is left out; the file as it was is kept as {1}.", path.name, aside)
            else:
                tally.problem = said(
                    "Part of Writer's record of the words you wrote each day ({0}) was damaged "
                    "and is left out.", path.name)  # fmt: skip
        return tally

    @staticmethod
    def write(path: Path, data: bytes) -> None:
        """Replace the file at `path` with `data` (from `data()`), atomically; raises OSError."""
        path.parent.mkdir(parents=True, exist_ok=True)
        replace_file(path, data, durable=False)


def _is_day(text: object) -> bool:
    if not isinstance(text, str) or len(text) != 10:
        return False
    try:
        return date.fromisoformat(text).isoformat() == text
    except ValueError:
        return False


def _is_entry(key: object, entry: object) -> bool:
    return (
        isinstance(key, str)
        and 0 < len(key) <= MAX_KEY_CHARS
        and isinstance(entry, list)
        and len(entry) == 2
        and all(type(n) is int and abs(n) <= MAX_COUNT for n in entry)
    )


def _reason(exc: BaseException) -> str:
    """Why the file could not be read, in a few words (the local history's for a failure to
    read: the system's own)."""
    if isinstance(exc, OSError):
        return reason_of(exc)
    if isinstance(exc, _TooLarge):
        return said("the file is too large")
    return said("the file is damaged")
