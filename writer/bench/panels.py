"""How long the panels hold the window's thread: the Markdown preview while typing, Find in
Project's search, Replace in Project's Replace All over a folder, the spelling's underlines (a
dictionary's load, a word's check, the highlighting at open and at each key) and File → Auto
Save.

Each run counts the main thread's pauses as the gaps between the ticks of a 1 ms timer
(`Pauses`) and prints the longest. Measurement lives here, outside the product (which never
imports writer.bench):

    python -m writer.bench.panels preview [FILE.md] [--middle]   # typing, preview closed/open
    python -m writer.bench.panels find FOLDER QUERY               # a search, the tree built
    python -m writer.bench.panels replace FOLDER QUERY REPLACEMENT  # on a copy of FOLDER
    python -m writer.bench.panels spelling [NAME.aff NAME.dic]    # 2 MB, without and with
    python -m writer.bench.panels autosave [FILE.md]   # each auto_save() call of a 2 MB chapter
    python -m writer.bench.panels longline [CHARS]     # a key in one line of 2 MB, plain/Markdown

The one before a change is measured by running this file by its path with PYTHONPATH at the
older checkout (its `writer` imported, this measurement's code).
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QEvent, QEventLoop, Qt, QTimer
from PySide6.QtGui import QKeyEvent, QTextCursor
from PySide6.QtWidgets import QApplication, QMainWindow

TYPED = "The boats came in one by one and Ruth wrote their names down. "


class Pauses:
    """The main thread's pauses while it runs: the gaps between a 1 ms timer's ticks."""

    def __init__(self) -> None:
        self.gaps: list[float] = []
        self._last = 0.0
        self._ticker = QTimer()
        self._ticker.setTimerType(Qt.TimerType.PreciseTimer)
        self._ticker.setInterval(1)
        self._ticker.timeout.connect(self._tick)

    def _tick(self) -> None:
        now = time.perf_counter()
        self.gaps.append(now - self._last)
        self._last = now

    def start(self) -> None:
        self.gaps.clear()
        self._last = time.perf_counter()
        self._ticker.start()

    def stop(self) -> None:
        self._ticker.stop()

    @property
    def longest_ms(self) -> float:
        return max(self.gaps, default=0.0) * 1000

    def percentile_ms(self, share: float) -> float:
        ordered = sorted(self.gaps)
        return ordered[int(len(ordered) * share)] * 1000 if ordered else 0.0


def manuscript(chars: int) -> str:
    """A novel's worth of Markdown: chapters and sections with headings, paragraphs, lists and
    quotations."""
    words = ("the harbour was quiet that morning and Ruth walked along the pier counting boats "
             "while gulls argued over the nets *softly* **then** `code` [a link](notes.md) "
             "港口 今天 很 安静").split()  # fmt: skip
    out: list[str] = []
    size = chapter = 0
    while size < chars:
        chapter += 1
        part = [f"# Chapter {chapter}\n\n"]
        for section in range(1, 5):
            part.append(f"## Section {chapter}.{section}\n\n")
            for n in range(5):
                part.append(" ".join(words[(n * 7 + i * 3) % len(words)] for i in range(90)))
                part.append(".\n\n")
            part.append("- " + " ".join(words[:9]) + "\n- " + " ".join(words[9:18]) + "\n\n")
            part.append("> " + " ".join(words[5:25]) + "\n\n")
        out.extend(part)
        size += sum(map(len, part))
    return "".join(out)


def _wait(ms: int) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def measure_preview(text: str, middle: bool = False, seconds: float = 6.0) -> None:
    """Type at the end of `text` (or in its `middle`; a key every 80 ms, a pause of 450 ms
    after a dozen) with the preview closed, then open, and print the longest the window's
    thread was held each time and the renderings'."""
    from writer.ui.editor import Editor
    from writer.ui.preview import MarkdownPreview

    app = QApplication.instance() or QApplication([])
    window = QMainWindow()
    editor = Editor(window)
    window.setCentralWidget(editor)
    editor.set_markdown(True)
    panel = MarkdownPreview(editor, window)
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, panel)
    panel.hide()
    window.resize(1400, 900)
    window.show()
    started = time.perf_counter()
    editor.setPlainText(text)
    print(f"{len(text):,} characters opened in {(time.perf_counter() - started) * 1000:.0f} ms")
    if middle:
        editor.setTextCursor(QTextCursor(editor.document().findBlockByNumber(
            editor.document().blockCount() // 2)))  # fmt: skip
        editor.centerCursor()
    else:
        editor.moveCursor(QTextCursor.MoveOperation.End)
    while editor.markdown.pending:  # (the highlighting of the text just opened)
        _wait(50)
    renders: list[float] = []
    render = panel.render

    def timed_render() -> None:
        at = time.perf_counter()
        render()
        renders.append(time.perf_counter() - at)

    panel._timer.timeout.disconnect()
    panel._timer.timeout.connect(timed_render)
    pauses = Pauses()
    for shown in (False, True):
        panel.setVisible(shown)
        _wait(500)
        renders.clear()
        keys = [0, True]  # typed so far, and whether to go on

        def key(keys=keys) -> None:
            if not keys[1]:
                return
            ch = TYPED[keys[0] % len(TYPED)]
            keys[0] += 1
            code = Qt.Key.Key_Space if ch == " " else Qt.Key.Key_A
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                app.sendEvent(editor, QKeyEvent(kind, code, Qt.KeyboardModifier.NoModifier, ch))
            QTimer.singleShot(450 if keys[0] % 12 == 0 else 80, key)

        QTimer.singleShot(0, key)
        pauses.start()
        _wait(round(seconds * 1000))
        pauses.stop()
        keys[1] = False
        worst = max(renders, default=0.0) * 1000
        print(
            f"preview {'open' if shown else 'closed'}: longest hold {pauses.longest_ms:.1f} ms, "
            f"99th percentile {pauses.percentile_ms(0.99):.1f} ms, {keys[0]} keys; "
            f"{len(renders)} renderings, the longest {worst:.1f} ms"
        )
    window.close()


def measure_spelling(aff: Path, dic: Path, chars: int = 2_000_000, keys: int = 120) -> None:
    """The dictionary's load and a word's check; then a manuscript of `chars` (a misspelled
    word in each paragraph) opened and highlighted, without spelling and with it: the time to
    lay it all and the longest hold of the window's thread, and the time of each of `keys`
    keys typed at its end (the median and the longest)."""
    import statistics

    from writer.documents import hunspell
    from writer.documents.spelling import Speller, Words
    from writer.ui.editor import Editor

    started = time.perf_counter()
    dictionary = hunspell.load(aff, dic)
    print(f"{dic.stem} loaded in {(time.perf_counter() - started) * 1000:.0f} ms "
          f"({len(dictionary.roots):,} roots)")  # fmt: skip
    for word in ("considerations", "walked", "harbour", "Ruth", "harbuor"):
        started = time.perf_counter()
        for _ in range(1000):
            dictionary.check(word)
        print(f"check {word!r}: {(time.perf_counter() - started) * 1000:.1f} µs "
              f"({dictionary.check(word)})")  # fmt: skip
    started = time.perf_counter()
    suggested = dictionary.suggest("harbuor")
    print(f"suggest 'harbuor': {suggested} in {(time.perf_counter() - started) * 1000:.1f} ms")
    text = manuscript(chars).replace("gulls argued", "gulls arguedd")
    app = QApplication.instance() or QApplication([])
    for speller in (None, Speller(dictionary, Words())):
        window = QMainWindow()
        editor = Editor(window)
        window.setCentralWidget(editor)
        editor.set_markdown(True)
        editor.set_speller(speller)
        window.resize(1400, 900)
        window.show()
        pauses = Pauses()
        pauses.start()
        started = time.perf_counter()
        editor.setPlainText(text)
        opened = time.perf_counter() - started
        while editor.markdown.pending:
            _wait(5)
        laid = time.perf_counter() - started
        pauses.stop()
        label = "with spelling" if speller else "without spelling"
        print(f"{label}: {len(text):,} characters opened in {opened * 1000:.0f} ms, laid in "
              f"{laid * 1000:.0f} ms, the longest hold {pauses.longest_ms:.1f} ms")  # fmt: skip
        editor.moveCursor(QTextCursor.MoveOperation.End)
        times = []
        for n in range(keys):
            ch = TYPED[n % len(TYPED)]
            code = Qt.Key.Key_Space if ch == " " else Qt.Key.Key_A
            at = time.perf_counter()
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                app.sendEvent(editor, QKeyEvent(kind, code, Qt.KeyboardModifier.NoModifier, ch))
            times.append(time.perf_counter() - at)
            _wait(10)
        print(f"{label}: a key {statistics.median(times) * 1000:.2f} ms (median), "
              f"{max(times) * 1000:.2f} ms (longest) over {keys} keys")  # fmt: skip
        editor.document().setModified(False)
        window.close()


def measure_long_line(chars: int = 2_000_000, keys: int = 8) -> None:
    """A text of one line of `chars` (Markdown marks in it: emphasis, code, links) as plain
    text (the floor: Qt's own layout of the line at each key) and as Markdown: the time of each
    of `keys` keys typed in its middle, from the key to the window's thread idle again with
    the line laid out and painted (the median and the longest)."""
    import random
    import statistics

    from writer.ui.editor import Editor

    rng = random.Random(1)
    words = "the keeper *climbed* to the `lamp` and watched [ships](http://x) come in".split()
    parts, size = [], 0
    while size < chars:
        parts.append(rng.choice(words))
        size += len(parts[-1]) + 1
    text = " ".join(parts)[:chars]
    app = QApplication.instance() or QApplication([])
    for highlighted in (False, True):
        window = QMainWindow()
        editor = Editor(window)
        window.setCentralWidget(editor)
        editor.set_markdown(highlighted)
        window.resize(1400, 900)
        window.show()
        editor.setPlainText(text)
        while editor.markdown is not None and editor.markdown.pending:
            _wait(5)
        cursor = editor.textCursor()
        cursor.setPosition(len(text) // 2)
        editor.setTextCursor(cursor)
        _wait(50)
        times = []
        for n in range(keys):
            at = time.perf_counter()
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                app.sendEvent(editor, QKeyEvent(kind, Qt.Key.Key_A, Qt.KeyboardModifier.NoModifier,
                                                "ab"[n % 2]))  # fmt: skip
            while editor.markdown is not None and editor.markdown.pending:
                app.processEvents()
            editor.viewport().repaint()
            app.processEvents()
            times.append(time.perf_counter() - at)
        label = "Markdown" if highlighted else "plain text"
        print(f"{label}, one line of {len(text):,} characters: a key "
              f"{statistics.median(times) * 1000:.0f} ms (median), "
              f"{max(times) * 1000:.0f} ms (longest) over {keys} keys")  # fmt: skip
        editor.document().setModified(False)
        window.close()


def measure_find(folder: Path, query: str) -> None:
    """One Find in Project search over `folder`: its time with the tree built, and the main
    thread's longest pause meanwhile."""
    from writer.ui.project_find import ProjectFindPanel
    from writer.ui.project_session import ProjectSession

    app = QApplication.instance() or QApplication(sys.argv[:1])
    session = ProjectSession(folder.resolve())
    panel = ProjectFindPanel(session, dict)
    panel.show()
    pauses, began = Pauses(), [0.0]

    def once() -> None:
        began[0] = time.perf_counter()
        pauses.start()
        panel.field.setText(query)
        panel.search()

    def ended() -> None:
        took = time.perf_counter() - began[0]
        found = panel.found
        print(f"{found.count} matches in {len(found.files)} of {found.searched} documents: "
              f"{took * 1000:.0f} ms, the tree built")  # fmt: skip

        def report() -> None:  # (after a few more ticks: the tree's building is a pause too)
            pauses.stop()
            print(f"the longest pause of the main thread: {pauses.longest_ms:.1f} ms")
            app.quit()

        QTimer.singleShot(50, report)

    panel.searched.connect(ended)
    # after the project's memory is built (its own reading of the folder, on another thread)
    session.memory_ready.connect(lambda _memory: QTimer.singleShot(100, once))
    app.exec()


def measure_replace(folder: Path, query: str, replacement: str) -> None:
    """A Replace All on a copy of `folder` (it is not changed), its first document open in a
    highlighted editor, the question answered yes: the times, and the main thread's longest
    pause."""
    from writer.documents import Journal
    from writer.documents.history import LocalHistory
    from writer.documents.journal_writer import JournalWriter
    from writer.project.project import Project
    from writer.project.search import Query
    from writer.settings import Settings
    from writer.ui.document_manager import DocumentManager
    from writer.ui.editor import Editor
    from writer.ui.i18n import sentence
    from writer.ui.project_replace import ProjectReplace
    from writer.ui.project_session import ProjectSession

    app = QApplication.instance() or QApplication(sys.argv[:1])
    scratch = Path(tempfile.mkdtemp(prefix="writer-replace-"))
    copy = scratch / "project"
    shutil.copytree(folder, copy)
    settings = Settings()
    session = ProjectSession(copy, settings=settings)
    editor = Editor()
    documents = DocumentManager(editor, JournalWriter(Journal(scratch / "journal")), settings)
    documents.open(Project(copy).documents()[0])
    editor.set_markdown(documents.is_markdown)  # (highlighted, as a window does)
    editor.resize(900, 700)
    editor.show()
    replacer = ProjectReplace(session, lambda: [documents], LocalHistory(scratch / "h"), editor)
    pauses, began, asked = Pauses(), [0.0], [0.0]

    def yes(plan) -> bool:
        asked[0] = time.perf_counter()
        print(f"asked: {plan.count:,} matches in {plan.documents} documents, "
              f"{(asked[0] - began[0]) * 1000:.0f} ms after the start")  # fmt: skip
        return True

    replacer.ask = yes

    def once() -> None:
        began[0] = time.perf_counter()
        pauses.start()
        replacer.start(Query(query, match_case=True), replacement)

    def ended(summary: str) -> None:
        took = time.perf_counter() - began[0]
        print(f"{sentence(summary)}\n{took * 1000:.0f} ms in all, "
              f"{(time.perf_counter() - asked[0]) * 1000:.0f} ms after the answer")  # fmt: skip

        def report() -> None:
            pauses.stop()
            print(f"the longest pause of the main thread: {pauses.longest_ms:.1f} ms")
            shutil.rmtree(scratch, ignore_errors=True)
            app.quit()

        QTimer.singleShot(50, report)

    replacer.ended.connect(ended)
    session.memory_ready.connect(lambda _memory: QTimer.singleShot(100, once))
    app.exec()


def measure_autosave(text: str, rounds: int = 12) -> None:
    """Auto Save of `text`, a key typed before each: how long each `auto_save()` call holds the
    window's thread, how long until the document is marked saved (the file written, the result
    back), and the longest pause of the window's thread meanwhile (the result taken too). A
    file in a temporary folder, its own journal and settings, no local history (it keeps a
    version at most every five minutes)."""
    from writer.documents import Journal
    from writer.documents.journal_writer import JournalWriter
    from writer.settings import Settings
    from writer.ui.document_manager import DocumentManager
    from writer.ui.editor import Editor

    app = QApplication.instance() or QApplication(sys.argv[:1])
    scratch = Path(tempfile.mkdtemp(prefix="writer-autosave-"))
    path = scratch / "chapter.md"
    path.write_text(text, encoding="utf-8")
    settings = Settings(path=scratch / "settings.json")
    settings.update(auto_save=True)
    writer = JournalWriter(Journal(scratch / "journal"))
    editor = Editor()
    documents = DocumentManager(editor, writer, settings)
    documents.open(path)
    editor.resize(900, 700)
    editor.show()
    editor.moveCursor(QTextCursor.MoveOperation.End)
    holds: list[float] = []
    saved: list[float] = []
    pauses, longest = Pauses(), 0.0
    for n in range(rounds + 1):
        editor.insertPlainText(TYPED[n % len(TYPED)])
        _wait(20)
        pauses.start()
        began = time.perf_counter()
        documents.auto_save()
        held = time.perf_counter() - began
        while documents.is_modified:
            app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 5)
        took = time.perf_counter() - began
        _wait(5)  # (a tick after the result)
        pauses.stop()
        documents._auto.stop()  # (the pause is this call)
        if n:  # (the first, warming up, not counted)
            holds.append(held * 1000)
            saved.append(took * 1000)
            longest = max(longest, pauses.longest_ms)
    assert path.read_text(encoding="utf-8") == editor.toPlainText()
    holds.sort()
    saved.sort()
    print(f"auto save of {len(text):,} characters, {rounds} pauses: the window's thread held "
          f"{holds[len(holds) // 2]:.1f} ms (median), {holds[-1]:.1f} ms at most; saved "
          f"{saved[len(saved) // 2]:.1f} ms after the call (median); the longest pause of "
          f"the window's thread {longest:.1f} ms")  # fmt: skip
    editor.close()
    writer.flush_and_stop()
    writer.journal.close()
    shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    what, args = (sys.argv[1], sys.argv[2:]) if len(sys.argv) > 1 else ("", [])
    if what == "preview":
        files = [a for a in args if a != "--middle"]
        measure_preview(
            Path(files[0]).read_text(encoding="utf-8") if files else manuscript(2_000_000),
            middle="--middle" in args,
        )
    elif what == "spelling":
        files = [Path(a) for a in args] or [
            Path("/usr/share/hunspell/en_US.aff"), Path("/usr/share/hunspell/en_US.dic")]
        measure_spelling(files[0], files[1])
    elif what == "find" and len(args) == 2:
        measure_find(Path(args[0]), args[1])
    elif what == "replace" and len(args) == 3:
        measure_replace(Path(args[0]), args[1], args[2])
    elif what == "autosave" and len(args) <= 1:
        measure_autosave(
            Path(args[0]).read_text(encoding="utf-8") if args else manuscript(2_000_000)
        )
    elif what == "longline" and len(args) <= 1:
        measure_long_line(int(args[0]) if args else 2_000_000)
    else:
        sys.exit(__doc__)
