"""The editor's part of `writer bench`: UI smoothness, keystroke-to-ghost latency, what steady
typing costs, startup time, how a 10 MB document opens and takes typing, and how soon the first
ghost comes at the end of a 2 MB document with a cold cache.

Everything runs in the real widget (offscreen) wired as the window wires it: an `Editor` with an
`InlineAssist` on the bench's worker. "Painted" means the editor's viewport finished a paint
event while the ghost text was showing.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import nullcontext
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop, QObject, QTimer
from PySide6.QtGui import QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from writer.assist.inline import InlineAssist
from writer.assist.suggestions import SuggestionController, SuggestionSettings
from writer.assist.timing import Ask
from writer.bench.backends import RunOn
from writer.bench.cli import qt_app
from writer.bench.samples import TYPED_PARAGRAPH, sample_document
from writer.ui.editor import Editor

TYPING_INTERVAL_MS = 125  # 8 characters a second
CHECK_MS = 20  # pump_until looks at least this often
# the words felt_latency types, eighteen, so that one slow step moves its median little
FELT_WORDS = (
    "river bank stone light harbour window garden letter morning "
    "candle bridge meadow silver winter forest valley shadow evening"
).split()


def speed_settings(**fields: Any) -> SuggestionSettings:
    """Suggestion settings for timing: every ghost shows (no confidence gate, no trim), so the
    figures time the same ghosts whatever the model's confidence."""
    settings = SuggestionSettings(**fields)
    settings.show_first_prob = 0.0
    settings.trim_run_prob = 0.0
    return settings


def pump_until(predicate, timeout_s: float = 60.0) -> bool:
    """Run the event loop until predicate() is true, asking after every batch of events and at
    least every CHECK_MS (for what another thread changes without an event).

    Between events the thread sleeps (releasing the GIL, so the worker runs), as the app's UI
    thread does: a loop that woke every millisecond to ask took a core's share from llama.cpp's
    threads on a two-core machine, and a 1B model's step, 34 ms bare, took 44 ms under it."""
    deadline = time.perf_counter() + timeout_s
    app = QCoreApplication.instance()
    tick = QTimer()
    tick.start(CHECK_MS)  # wakes the wait below to look at the clock and the predicate
    try:
        while not predicate():
            if time.perf_counter() > deadline:
                return False
            app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
            # objects whose deleteLater() came while waiting go now, as a nested loop's end
            # would delete them
            QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    finally:
        tick.stop()
    return True


def pump(ms: int) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def _p99(values: list[float]) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(0.99 * (len(ordered) - 1))))]


class PaintClock(QObject):
    """Stamps the end of every paint of the editor's viewport that showed ghost text."""

    def __init__(self, editor: Editor) -> None:
        super().__init__(editor)
        self.editor = editor
        self.painted: list[float] = []
        editor.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self.editor.ghost_visible:
            self.editor.viewportEvent(event)  # paint now, then stamp
            self.painted.append(time.perf_counter())
            return True
        return False

    def first_after(self, moment: float) -> float | None:
        return next((t for t in self.painted if t >= moment), None)


def make_editor(bench) -> tuple[Editor, InlineAssist]:
    qt_app()
    editor = Editor()
    assist = InlineAssist(editor, bench.worker, speed_settings())
    editor.resize(900, 700)
    editor.show()
    editor.setFocus()
    return editor, assist


def release(editor: Editor, assist: InlineAssist, worker) -> None:
    assist.suggestions.set_enabled(False)
    pump_until(lambda: worker.idle, 60)
    editor.close()
    editor.deleteLater()


def measure(bench) -> dict[str, Any]:
    editor, assist = make_editor(bench)
    count = bench.engine.runtime.tokenize
    results: dict[str, Any] = {}
    try:
        results.update(ui_stall(bench, editor, assist))
        results.update(keystroke_to_ghost(editor, assist, count))
        for size in (2000, 8000):
            results[f"felt_latency_ms_{size}"] = felt_latency(editor, assist, count, size)
        results.update(typed_word_ends(editor, assist, count))
        results.update(typing_cpu(editor, assist, count))
    finally:
        release(editor, assist, bench.worker)
    results["startup_window_s"] = startup_window_s()
    return results


def ui_stall(bench, editor: Editor, assist: InlineAssist) -> dict[str, Any]:
    """Delays of a 5 ms timer on the UI thread while a 200-token suggestion streams in."""
    s = assist.suggestions
    s.settings.max_suggestion_tokens = 200
    s.settings.stop_at = "none"
    worker = bench.worker
    worker.backend = RunOn(bench.engine)  # a suggestion that runs its whole length
    try:
        editor.setPlainText(
            "Write a long story about a lighthouse keeper who finds a letter in a bottle.\n\n"
            "The keeper had lived alone on the rock for eleven winters when"
        )
        editor.moveCursor(QTextCursor.MoveOperation.End)
        ticks: list[float] = []
        timer = QTimer()
        timer.setInterval(5)
        timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
        finished: list[object] = []
        s.finished.connect(finished.append)
        s.failed.connect(finished.append)
        timer.start()
        s.request_now()
        pump_until(lambda: bool(finished), 120)
        timer.stop()
        s.finished.disconnect(finished.append)
        s.failed.disconnect(finished.append)
        if finished and isinstance(finished[0], str):
            raise RuntimeError(finished[0])
    finally:
        worker.backend = bench.engine
    delays = [max(0.0, (b - a) * 1000 - 5.0) for a, b in zip(ticks, ticks[1:], strict=False)]
    stats = finished[0] if finished else None
    s.dismiss()
    return {
        "ui_stall_ms_p99": round(_p99(delays), 2),
        "ui_stall_ms_max": round(max(delays, default=0.0), 2),
        "ui_stall_tokens": getattr(stats, "generated_tokens", 0),
    }


def _document(editor: Editor, assist: InlineAssist, text: str, timeout_s: float = 600) -> None:
    """Show `text` with the cursor at its end and the model's cache holding it, as for a writer
    who has been typing there."""
    s = assist.suggestions
    editor.setPlainText(text)
    editor.moveCursor(QTextCursor.MoveOperation.End)
    s.dismiss()
    request = s.request_here()
    if request is not None:  # the whole window read, not only the short one a request reads
        request.short_first = False
        read = s.worker.call(lambda backend, cancel: backend.warm(request, cancel).text())
        pump_until(lambda: read.done, timeout_s)
    finished: list[object] = []
    s.finished.connect(finished.append)
    s.request_now()
    pump_until(lambda: bool(finished), timeout_s)
    s.finished.disconnect(finished.append)
    s.dismiss()


def keystroke_to_ghost(editor: Editor, assist: InlineAssist, count) -> dict[str, Any]:
    """A keypress at the end of a 2,000-token document to the first ghost piece painted, with
    the pause inside a word set to zero (so it is excluded)."""
    s = assist.suggestions
    s.settings.max_suggestion_tokens = 16
    s.settings.stop_at = "sentence"
    s.settings.debounce_ms = 0
    doc = sample_document(2000, count) + " The"
    _document(editor, assist, doc)
    clock = PaintClock(editor)
    times = []
    for ch in "river bank":
        s.dismiss()
        pressed = time.perf_counter()
        QTest.keyClick(editor, ch)
        if not pump_until(lambda p=pressed: clock.first_after(p) is not None, 30):
            continue
        times.append((clock.first_after(pressed) - pressed) * 1000)
        pump_until(lambda: s.pending is None, 30)
    clock.deleteLater()
    s.settings.debounce_ms = SuggestionSettings().debounce_ms
    return {
        "keystroke_to_ghost_ms": round(statistics.median(times), 2) if times else None,
        "keystroke_doc_tokens": len(count(doc)),
    }


def felt_latency(
    editor: Editor,
    assist: InlineAssist,
    count,
    size: int,
    between: Callable[[], None] | None = None,
    every: int = 6,
) -> float | None:
    """Median milliseconds from the key event of a space that ends a word, typed at the end of a
    `size`-token document, to the first painted frame with ghost text, under the editor's own
    timing. A word's letters come at once and the space TYPING_INTERVAL_MS after them, as the
    next key of a writer typing at 8 characters a second (less than the pause that asks inside
    a word): what the word's first letter cancelled has ended and its letters are painted.
    `between`, if given, runs after every `every` words, with nothing of the app's running."""
    s = assist.suggestions
    s.settings = speed_settings(max_suggestion_tokens=16)
    _document(editor, assist, sample_document(size, count) + " The")
    clock = PaintClock(editor)
    times = []
    for i, word in enumerate(FELT_WORDS):
        if between is not None and i % every == 0 and i:
            pump_until(lambda: s.worker.idle, 60)
            between()
        s.dismiss()
        QTest.keyClicks(editor, word)
        pump(TYPING_INTERVAL_MS)
        pressed = time.perf_counter()
        QTest.keyClick(editor, " ")
        if pump_until(lambda p=pressed: clock.first_after(p) is not None, 30):
            times.append((clock.first_after(pressed) - pressed) * 1000)
        pump_until(lambda: s.pending is None, 30)
    if between is not None:
        pump_until(lambda: s.worker.idle, 60)
        between()
    clock.deleteLater()
    return round(statistics.median(times), 1) if times else None


# words typed letter by letter by `typed_word_ends`: ordinary words, some of several tokens in
# the starter's vocabulary (harbourmaster, shipwreck, candlestick), most of one
TYPED_WORDS = (
    "harbourmaster lighthouse shipwreck evening candlestick wonderful window morning"
).split()


def typed_word_ends(
    editor: Editor, assist: InlineAssist, count, size: int = 2000, rounds: int = 2, suffix: str = ""
) -> dict[str, Any]:
    """Milliseconds from the space after a word typed letter by letter at 8 characters a second,
    at the end of a `size`-token document, to the first painted frame with ghost text (median
    and 90th percentile): with the product's warm-ups inside the word (`typed_word_ms`) and
    without them (`typed_word_ms_unsettled`), taking turns word list by word list in one run;
    `typed_word_p90_gain` is the second's 90th percentile over the first's (the words of several
    tokens are the slow tail). The lists alternate settled, unsettled, unsettled, settled: the
    list typed first after the document is set is the slower, on either tree."""
    s = assist.suggestions
    s.settings = speed_settings(max_suggestion_tokens=16)
    times: dict[str, list[float]] = {"settled": [], "unsettled": []}
    clock = PaintClock(editor)
    settle = getattr(s, "_settle_timer", None)  # a product without the warm-ups has none
    interval = settle.interval() if settle is not None else 0
    for i in range(2 * rounds):
        mode = ("settled", "unsettled", "unsettled", "settled")[i % 4]  # each comes first in turn
        _document(editor, assist, sample_document(size, count) + " The old")
        if mode == "unsettled" and settle is not None:
            settle.setInterval(24 * 3600 * 1000)  # the warm-ups off: never within a word
        try:
            for word in TYPED_WORDS:
                s.dismiss()
                for ch in word:
                    QTest.keyClick(editor, ch)
                    pump(TYPING_INTERVAL_MS)
                pressed = time.perf_counter()
                QTest.keyClick(editor, " ")
                if pump_until(lambda p=pressed: clock.first_after(p) is not None, 30):
                    times[mode].append((clock.first_after(pressed) - pressed) * 1000)
                pump_until(lambda: s.pending is None, 30)
        finally:
            if settle is not None:
                settle.setInterval(interval)
    clock.deleteLater()
    out: dict[str, Any] = {}
    for mode, key in (("settled", "typed_word_ms"), ("unsettled", "typed_word_ms_unsettled")):
        values = sorted(times[mode])
        p90 = values[int(0.9 * (len(values) - 1))] if values else None
        out[f"{key}{suffix}"] = round(statistics.median(values), 1) if values else None
        out[f"{key}_p90{suffix}"] = round(p90, 1) if p90 is not None else None
    a, b = out[f"typed_word_ms_p90{suffix}"], out[f"typed_word_ms_unsettled_p90{suffix}"]
    out[f"typed_word_p90_gain{suffix}"] = round(b / a, 3) if a and b else None
    return out


class _FixedDebounce:
    """The previous policy, for the typing-cost baseline: every keystroke waits for the pause."""

    def __init__(self, controller: SuggestionController) -> None:
        self.controller = controller
        self.original = controller._schedule

    def __enter__(self) -> None:
        pause = Ask(self.controller.policy.pause_ms)
        self.controller._schedule = lambda _ask: self.original(pause)

    def __exit__(self, *exc: object) -> None:
        del self.controller._schedule


def typing_cpu(editor: Editor, assist: InlineAssist, count, rounds: int = 2) -> dict[str, Any]:
    """CPU seconds of this process while a paragraph is typed at 8 characters a second at the
    end of a 2,000-token document (and one second after), under the editor's policy and under a
    fixed 150 ms pause before every request, alternating in one run; medians of `rounds` each."""
    s = assist.suggestions
    s.settings = speed_settings()
    base = sample_document(2000, count) + "\n\n"
    spent: dict[str, list[float]] = {"new": [], "old": []}
    for i in range(2 * rounds):
        policy = ("new", "old")[i % 2]
        _document(editor, assist, base)
        with _FixedDebounce(s) if policy == "old" else nullcontext():
            spent[policy].append(_type_paragraph(editor, TYPED_PARAGRAPH))
        s.dismiss()
    new, old = statistics.median(spent["new"]), statistics.median(spent["old"])
    return {
        "typing_cpu_s_new": round(new, 2),
        "typing_cpu_s_fixed_150ms": round(old, 2),
        "typing_cpu_ratio": round(new / old, 3) if old else None,
    }


def _type_paragraph(editor: Editor, text: str, settle_ms: int = 1000) -> float:
    keys = iter(text)
    done: list[bool] = []

    def next_key() -> None:
        ch = next(keys, None)
        if ch is None:
            timer.stop()
            done.append(True)
            return
        QTest.keyClick(editor, ch)

    timer = QTimer()
    timer.setInterval(TYPING_INTERVAL_MS)
    timer.timeout.connect(next_key)
    started = time.process_time()
    timer.start()
    pump_until(lambda: bool(done), len(text) * TYPING_INTERVAL_MS / 1000 + 60)
    pump(settle_ms)
    return time.process_time() - started


def startup_window_s() -> float | None:
    """From starting `writer FILE` as a process to its window shown (the model loads later)."""
    from writer.bench.remote import stop

    with tempfile.TemporaryDirectory() as tmp:
        file = Path(tmp) / "notes.md"
        file.write_text("# Notes\n\nA short document.\n", encoding="utf-8")
        env = dict(os.environ, WRITER_REPORT_SHOWN="1", QT_QPA_PLATFORM="offscreen")
        for var in ("XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_DATA_HOME"):
            env[var] = str(Path(tmp) / var)
        started = time.perf_counter()
        with (Path(tmp) / "stderr.log").open("w+", encoding="utf-8", errors="replace") as err:
            proc = subprocess.Popen(
                [sys.executable, "-m", "writer", str(file)],
                stdout=subprocess.PIPE,
                stderr=err,
                stdin=subprocess.DEVNULL,
                env=env,
                text=True,
            )
            shown = None
            try:
                for line in proc.stdout:
                    if line.startswith("writer: window shown"):
                        shown = time.perf_counter() - started
                        break
            finally:
                stop(proc)
            if shown is None:  # it died or never showed a window: say how it ended
                err.seek(0)
                last = [line.rstrip() for line in err.read().splitlines() if line.strip()][-8:]
                print(f"writer bench: the app never showed its window (exit {proc.returncode})"
                      + "".join(f"\n  {line}" for line in last), file=sys.stderr)  # fmt: skip
        return round(shown, 3) if shown is not None else None


def big_document(megabytes: float) -> str:
    """Markdown prose of about `megabytes` MB: a title, then paragraphs of about 400 words."""
    para = sample_document(400, lambda s: s.split())
    chunks, size = ["# Notes"], 0
    while size < megabytes * 1024 * 1024:
        chunks.append(para)
        size += len(para) + 2
    return "\n\n".join(chunks)


def measure_documents(bench) -> dict[str, Any]:
    """Open a 10 MB text file into the editor, then type into it; then the first ghost at the
    end of a 2 MB document."""
    results = open_and_type_10mb()
    results.update(first_ghost_cold(bench, big_document(2)))
    return results


def first_ghost_cold(
    bench, text: str, timeout_s: float = 300, read_wide: bool = True
) -> dict[str, Any]:
    """A 2 MB document, the model's cache empty, the cursor at the end after "The": from the
    space that ends the word to the first ghost painted (`first_ghost_ms_cold_2mb`); then, the
    writer idle, how long until the model has read the wide window (`wide_read_s_2mb`, when
    the product reads it in the background: it says so with its `reading` signal)."""
    editor, assist = make_editor(bench)
    s = assist.suggestions
    worker = bench.worker
    try:
        wait_for_handle(worker.call(lambda backend, _cancel: backend.reset_cache()))
        editor.setPlainText(text + " The")
        editor.moveCursor(QTextCursor.MoveOperation.End)
        QApplication.processEvents()
        clock = PaintClock(editor)
        read: list[float] = []
        reading = getattr(s, "reading", None)
        if reading is not None:
            reading.connect(lambda p: read.append(time.perf_counter()) if p < 0 else None)
        pressed = time.perf_counter()
        QTest.keyClick(editor, " ")
        shown = pump_until(lambda: clock.first_after(pressed) is not None, timeout_s)
        ghost = clock.first_after(pressed)
        results: dict[str, Any] = {
            "first_ghost_ms_cold_2mb": round((ghost - pressed) * 1000) if shown else None,
        }
        if reading is not None and read_wide:
            pump_until(lambda: s.pending is None, 60)
            idle = time.perf_counter()
            done = pump_until(lambda: bool(read), timeout_s)
            results["wide_read_s_2mb"] = round(read[-1] - idle, 1) if done else None
        clock.deleteLater()
        return results
    finally:
        release(editor, assist, worker)


def wait_for_handle(handle, timeout_s: float = 60) -> None:
    pump_until(lambda: handle.done, timeout_s)


def open_and_type_10mb() -> dict[str, Any]:
    """Open a 10 MB text file into the editor, then type into it."""
    from writer.documents import read_text_file

    qt_app()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.md"
        path.write_text(big_document(10), encoding="utf-8")
        editor = Editor()
        editor.resize(900, 700)
        editor.show()
        started = time.perf_counter()
        loaded = read_text_file(path)
        editor.setPlainText(loaded.text)
        editor.viewport().repaint()
        QApplication.processEvents()
        open_s = time.perf_counter() - started
        cursor = editor.textCursor()
        cursor.setPosition(len(loaded.text) // 2)
        editor.setTextCursor(cursor)
        editor.centerCursor()
        QApplication.processEvents()
        times = []
        for ch in "the quick brown fox jumps":
            t0 = time.perf_counter()
            QTest.keyClick(editor, ch)
            editor.viewport().repaint()
            times.append((time.perf_counter() - t0) * 1000)
        editor.close()
        editor.deleteLater()
        return {
            "open_10mb_s": round(open_s, 3),
            "keystroke_10mb_ms": round(statistics.median(times), 2),
            "keystroke_10mb_ms_max": round(max(times), 2),
        }
