"""`writer bench --only quality`: how useful the suggestions are to a simulated writer.

A simulated writer types the held-out texts (writer/bench/texts) into the real widget offscreen,
an `Editor` with its `InlineAssist` on the engine's worker, as the window wires them: English as
key events, Chinese as an input method commits it (a pre-edit, then the phrase of 1-4 characters
as one commit; punctuation as its own commit). The letters of a word come at once; a key that
ends a word (a space, a comma, a line break, and each one after it) comes `KEY_INTERVAL_S` after
the key before it, as from a steady typist of 8 characters a second (the editor bench's): what
the product reads of a word before its end is what it would read at that speed, and a word's
letters cost no bench time. It pauses at each word end (for Chinese, after each
phrase and its punctuation) and, for every other word of seven letters or more, after its first
3 or 4 letters. During a pause it reads the ghost; an oracle takes it a word at a time with
Ctrl+Right while its next word is exactly what the text says next (spaces included), then goes on
typing from where the text stands. A wrong ghost costs nothing but is counted.

A pause ends when the ghost shows a whole word (or a first word the text does not say), when no
request is scheduled or running and nothing shows, or after `PAUSE_S`; inside a word the keys go
in without waiting. The writer also types passages into the middle of the first `MID_TEXTS`
texts of each language (the text after the passage already there, the product's cache warmed
there first, as after a click), pausing up to `FINISH_S` there, and counts the seam errors of
what Tab would insert: the whole ghost, ended or not when the pause ends.

Keys: `keystroke_savings_<lang>` (characters accepted minus accept presses, over the characters
the writer had to write), `ghosts_per_100_words_<lang>` (word ends with a ghost showing),
`useful_ghost_ratio_<lang>` (ghosts whose first word was taken), `chars_per_accept_<lang>`,
`ghost_ms_p90[_<lang>]` (the key press that ends a word to the first paint of the viewport with
a fresh ghost, in documents of the text typed so far, so well under 2,000 tokens; its ratio to
`raw_decode_ms_2000` is the issue's target), `accept_to_next_ghost_ms` (median; from the
Ctrl+Right that takes a ghost's last word to the next ghost painted), `seam_errors` and
`mid_keystroke_savings_<lang>`.

The writer also types chapter 2 of the held-out project (writer/bench/texts/project) with the
project's memory (notes, lore entries, chapter 1) as a window of that project gives it, under
the language key `project` (`keystroke_savings_project`); a product without project memory types
it without, so `--against` the parent of issue 22 compares savings with memory and without.

With `--against TREE` the same simulation runs on that tree's product in a child process (this
file, loaded by path with TREE first on the path, serving one case per line on stdin), taking
turns case by case with this tree's. This module therefore uses only product APIs that the parent
commit has (`Editor`, `InlineAssist`, `SuggestionSettings`, `next_word_end`, `EngineWorker`,
`Engine`). `--calibrate FILE` types the calibration texts (writer/bench/texts/calibration) with
the confidence gate off and writes one JSON line per ghost shown, for fitting the gate: the
ghost as judged, `char_probs` (one per character of it, the probability of the token that
completed that character), `token_probs` (the request's own, when it ended within a second),
whether its first word was taken and how many characters were.

`--ceiling` also types the English held-out texts with the gate and the trim off (every ghost
the model makes, shown whole), in the same run: `keystroke_savings_en_gate_off` and its
companions are what this model's suggestions can save at most, however the product chooses
which to show (the floor under a savings target).
"""

from __future__ import annotations

import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from writer.assist.suggestions import SuggestionSettings
    from writer.worker import EngineWorker

TEXTS = Path(__file__).parent / "texts"
CALIBRATION = TEXTS / "calibration"
PROJECT = Path(__file__).parent / "texts" / "project"  # the held-out project (issue 22)
PROJECT_TEXT = "chapter-02.md"  # typed with the project's memory (its notes and chapter 1)
PAUSE_S = 0.4  # the longest pause at a word end (`--pause-ms`)
KEY_INTERVAL_S = 0.125  # from a key to a key that ends a word (8 characters a second)
FINISH_S = 3.0  # the longest pause in the middle of a text, and the wait there for the whole
# ghost: seams are judged on what Tab would insert
# Held-out texts taken per language, in name order, until this many characters (>= 2,000); all
# of them today (3,417 and 2,455 characters), about 9 minutes a tree on 2 cores busy with other
# work, a few minutes on quiet ones.
TEXT_LIMIT = {"en": 3000, "zh": 2000}
LONG_WORD = 7  # letters of a word that gets a pause inside it (every other such word)
PHRASE_SIZES = (2, 3, 1, 2, 4, 2, 2, 3)  # how a run of Chinese characters is cut into commits
CALIBRATE_WAIT_S = 1.0  # while calibrating, how long a pause waits for the ghost to end
MID_PASSAGE = {"en": 70, "zh": 30}  # characters of a passage typed into the middle of a text
MID_TEXTS = 2  # texts per language that get passages typed into their middle
SENTENCE_END = ".!?。！？"
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_CJK_PUNCT = "，。！？；：、“”‘’（）《》「」『』…—·"


def is_cjk(ch: str) -> bool:
    return bool(ch) and bool(_CJK.match(ch))


def _word(ch: str) -> bool:
    return bool(ch) and (ch.isalnum() or ch in "_'’")


def _glues(a: str, b: str) -> bool:
    """Two characters that read as one word when nothing separates them (not Chinese)."""
    return _word(a) and _word(b) and not is_cjk(a) and not is_cjk(b)


# the texts and how they are typed -----------------------------------------------------------
def held_out(lang: str) -> list[Path]:
    """The held-out texts of a language the section types (see `TEXT_LIMIT`)."""
    chosen, total = [], 0
    for path in sorted(TEXTS.glob(f"{lang}_*.txt")):
        if total >= TEXT_LIMIT[lang]:
            break
        chosen.append(path)
        total += len(read(path))
    return chosen


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8").strip() + "\n"


def strokes(text: str) -> list[int]:
    """Where each stroke of the writer ends: one character a key, a Chinese phrase (cut by
    `PHRASE_SIZES`) one input-method commit."""
    ends: list[int] = []
    i, k = 0, 0
    while i < len(text):
        if is_cjk(text[i]):
            j = i
            while j < len(text) and is_cjk(text[j]):
                j += 1
            while i < j:
                i = min(j, i + PHRASE_SIZES[k % len(PHRASE_SIZES)])
                k += 1
                ends.append(i)
        else:
            i += 1
            ends.append(i)
    return ends


def pauses(text: str) -> dict[int, str]:
    """Where the writer pauses: position -> "word" (a word ended: after the spaces and
    punctuation that follow it, or after a Chinese phrase and its punctuation) or "inside"
    (after the first 3 or 4 letters of every other long word)."""
    out: dict[int, str] = {}
    for i in range(1, len(text)):
        if _word(text[i]) and not _word(text[i - 1]) and not is_cjk(text[i]):
            out[i] = "word"
    phrase_ends = [e for e in strokes(text) if is_cjk(text[e - 1])]
    for end in phrase_ends:
        j = end
        while j < len(text) and text[j] in _CJK_PUNCT + ",.!?;:":
            j += 1
        out[j] = "word"
    for n, m in enumerate(re.finditer(rf"[^\W\d_]{{{LONG_WORD},}}", text)):
        if n % 2 == 0 and not is_cjk(m.group()[0]):
            out[m.start() + 3 + (n // 2) % 2] = "inside"
    out.pop(len(text), None)
    return out


def passages(text: str, lang: str) -> list[tuple[int, int]]:
    """Two passages (start, end) to type into the middle of `text`: one that ends where a
    sentence begins after 40% of the text, one that ends inside a sentence after 70%."""
    n = len(text)
    if lang == "zh":
        ends = [r"[。！？](?=[\u4e00-\u9fff])", r"[\u4e00-\u9fff](?=[\u4e00-\u9fff])"]
    else:
        ends = [r"[.!?] (?=[A-Z])", r"[a-z] (?=[a-z])"]
    out = []
    for pattern, share in zip(ends, (0.4, 0.7), strict=True):
        m = re.compile(pattern).search(text, int(n * share))
        if m is None:
            continue
        end = m.end()
        start = max(1, end - MID_PASSAGE[lang])
        if lang == "en":
            while start < end and text[start - 1] != " ":
                start += 1
        out.append((start, end))
    return out


def mid_sentence(text: str, end: int) -> bool:
    """The text at `end` goes on with the sentence before it."""
    before = text[:end].rstrip(" ")
    return bool(before) and before[-1] not in SENTENCE_END + '\n"”’)'


def seam_errors(before: str, ghost: str, after: str, inside_sentence: bool) -> list[str]:
    """What taking `ghost` whole between `before` and `after` would leave wrong: a missing
    space ("dawn.Much"), a doubled space, or a sentence ended before the rest of it."""
    if not ghost or not after:
        return []
    found = []
    last, nxt = ghost[-1], after[0]
    opening = last.isspace() or last in "([{“‘\"'-—"
    if not opening and _word(nxt) and not is_cjk(nxt) and not is_cjk(last):
        found.append("missing_space")
    if (before.endswith(" ") and ghost.startswith(" ")) or (last == " " and nxt == " "):
        found.append("double_space")
    tail = ghost.rstrip()
    if inside_sentence and tail and tail[-1] in SENTENCE_END and (nxt.islower() or is_cjk(nxt)):
        found.append("sentence_end")
    return found


# one simulated writer ------------------------------------------------------------------------
@dataclass
class Tally:
    """Counts of one case; `merge` adds cases up, `keys` turns them into the bench's keys."""

    chars: int = 0  # characters the writer had to write
    words: int = 0
    accepted: int = 0  # characters taken from ghosts
    presses: int = 0  # Ctrl+Right presses that took them
    word_ends: int = 0
    word_ends_with_ghost: int = 0
    ghosts: int = 0
    useful: int = 0
    inside_ghosts: int = 0
    inside_useful: int = 0
    ghost_ms: list[float] = field(default_factory=list)
    accept_next_ms: list[float] = field(default_factory=list)
    accept_next_missed: int = 0
    mid_chars: int = 0
    mid_accepted: int = 0
    mid_presses: int = 0
    mid_ghosts: int = 0
    mid_useful: int = 0
    seams: dict[str, int] = field(default_factory=dict)
    records: list[dict[str, Any]] = field(default_factory=list)

    def merge(self, other: Tally) -> None:
        for f in fields(self):
            mine, theirs = getattr(self, f.name), getattr(other, f.name)
            if isinstance(mine, dict):
                for key, value in theirs.items():
                    mine[key] = mine.get(key, 0) + value
            else:
                setattr(self, f.name, mine + theirs)

    @classmethod
    def of(cls, data: dict[str, Any]) -> Tally:
        return cls(**data)


class SimulatedWriter:
    """Types texts into one offscreen editor wired to `worker` and reads its ghosts."""

    def __init__(
        self,
        worker: EngineWorker,
        calibrate: bool = False,
        settings: SuggestionSettings | None = None,
        pause_s: float = PAUSE_S,
        gate: bool = True,
        key_interval_s: float = KEY_INTERVAL_S,
    ) -> None:
        from writer.assist.inline import InlineAssist
        from writer.assist.suggestions import SuggestionSettings
        from writer.bench.editor import PaintClock
        from writer.ui.editor import Editor

        qt_app()
        settings = settings or SuggestionSettings()
        if calibrate or not gate:  # the gate and the trim off: every ghost shows whole
            settings.confidence_cutoff = 0.0
            for f in fields(settings):
                if f.name in ("show_first_prob", "trim_run_prob"):
                    setattr(settings, f.name, 0.0)
        self.calibrate = calibrate
        self.pause_s = pause_s
        self.key_interval_s = key_interval_s  # before a key that ends a word (see the top)
        self.worker = worker
        self.editor = Editor()
        # a window's untitled document is Markdown: highlighted where the product highlights
        # (its cost is in the writer's latencies; a parent without it has no set_markdown)
        markdown = getattr(self.editor, "set_markdown", None)
        if markdown is not None:
            markdown(True)
        self.assist = InlineAssist(self.editor, worker, settings)
        self.s = self.assist.suggestions
        self.editor.resize(900, 700)
        self.editor.show()
        self.editor.setFocus()
        self.clock = PaintClock(self.editor)
        self.stats = None  # the last suggestion's GenerationStats
        self.s.finished.connect(self._finished)
        self._counted: set[int] = set()
        self._pressed = 0.0  # the last stroke's key press or commit
        self._last_accept = 0.0

    def _finished(self, stats) -> None:
        self.stats = stats

    def close(self) -> None:
        from writer.bench.editor import pump_until

        self.s.set_enabled(False)
        pump_until(lambda: self.worker.idle, 60)
        self.editor.close()
        self.editor.deleteLater()

    # the cases ---------------------------------------------------------------------------
    def type_text(self, text: str, lang: str) -> Tally:
        """Type `text` into an empty document."""
        tally = Tally(chars=len(text), words=count_words(text, lang))
        self._start("", 0)
        self._type(text, 0, len(text), lang, tally, mid=None)
        return tally

    def type_passage(self, text: str, start: int, end: int, lang: str) -> Tally:
        """Type text[start:end] where it belongs, the rest of `text` around it already there."""
        from writer.bench.editor import pump_until

        tally = Tally(mid_chars=end - start)
        warmed = getattr(self.s, "warm_requests", 0)
        self._start(text[:start] + text[end:], start)
        # the writer clicked there and reads a moment: the product warms its cache meanwhile
        pump_until(lambda: getattr(self.s, "warm_requests", 0) > warmed, FINISH_S)
        pump_until(lambda: self.worker.idle, 30)
        self._type(text, start, end, lang, tally, mid=(text[end:], mid_sentence(text, end)))
        return tally

    def _start(self, doc: str, position: int) -> None:
        self.s.dismiss()
        self.editor.setPlainText(doc)
        cursor = self.editor.textCursor()
        cursor.setPosition(position)
        self.editor.setTextCursor(cursor)
        self.s.dismiss()
        self._counted.clear()

    def _type(self, text: str, pos: int, end: int, lang: str, t: Tally, mid) -> None:
        stops = {p: k for p, k in pauses(text).items() if pos < p < end}
        if mid is not None:
            stops[end] = "word"
        bounds = [e for e in strokes(text) if pos < e <= end]
        while pos < end:
            stop = min((p for p in stops if p > pos), default=end)
            for b in bounds:
                if pos < b <= stop:
                    self._keystroke(text, pos, b)
                    pos = b
            if pos < stop:  # a stroke that began before an accept's end
                self._stroke(text[pos:stop])
                pos = stop
            kind = stops.get(pos)
            if kind is None:
                break
            pos = self._pause(text, pos, end, kind, t, mid, lang)

    # keys ----------------------------------------------------------------------------------
    def _keystroke(self, text: str, pos: int, end: int) -> None:
        """The stroke text[pos:end], a key's interval after the last key where it ends a word
        or follows a key that did (not in Chinese: an input method's commit ends a phrase)."""
        from writer.bench.editor import pump_until

        first = text[pos]
        ends = not (_word(first) or is_cjk(first) or first in _CJK_PUNCT)
        if pos and ends and not is_cjk(text[pos - 1]):
            wait = max(self._pressed, self._last_accept) + self.key_interval_s - time.perf_counter()
            if wait > 0:
                pump_until(lambda: False, wait)  # the writer's hand on its way
        self._stroke(text[pos:end])

    def _stroke(self, chunk: str) -> None:
        from PySide6.QtCore import QEvent, Qt
        from PySide6.QtGui import QInputMethodEvent, QKeyEvent
        from PySide6.QtWidgets import QApplication

        self._pressed = time.perf_counter()
        if is_cjk(chunk[0]) or chunk[0] in _CJK_PUNCT:
            QApplication.sendEvent(self.editor, QInputMethodEvent(chunk, []))  # composing
            commit = QInputMethodEvent("", [])
            commit.setCommitString(chunk)
            QApplication.sendEvent(self.editor, commit)
            return
        for ch in chunk:
            key = Qt.Key.Key_Return if ch == "\n" else (ord(ch.upper()) if ch.isascii() else 0)
            text = "\r" if ch == "\n" else ch
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                event = QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, text)
                QApplication.sendEvent(self.editor, event)

    def _accept_word(self) -> None:
        from PySide6.QtCore import Qt
        from PySide6.QtTest import QTest

        self._last_accept = time.perf_counter()
        QTest.keyClick(self.editor, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)

    # a pause -------------------------------------------------------------------------------
    def _quiet(self) -> bool:
        """Nothing shows and nothing is coming."""
        s = self.s
        return not self.editor.ghost_visible and not s.scheduled and s.pending is None

    def _settled(self, text: str, pos: int, end: int) -> bool:
        """The ghost can be judged: its first word is whole or wrong, or nothing is coming."""
        if not self.editor.ghost_visible:
            return self._quiet()
        rem = self.s.remainder
        k = _first_word(rem)
        if not text.startswith(rem[:k], pos) or pos + k > end:
            return True  # wrong already
        return k < len(rem) or self.s.pending is None

    def _pause(self, text: str, pos: int, end: int, kind: str, t: Tally, mid, lang) -> int:
        from writer.bench.editor import pump_until

        pressed = self._pressed
        pause_s = self.pause_s if mid is None else max(self.pause_s, FINISH_S)
        deadline = pressed + pause_s
        if kind == "word" and mid is None:
            t.word_ends += 1
        self.stats = None
        pump_until(lambda: self._settled(text, pos, end), max(0.0, deadline - time.perf_counter()))
        first = True
        while self.editor.ghost_visible:
            asked_at = self.s.position
            fresh = asked_at not in self._counted
            if first and kind == "word" and mid is None:
                t.word_ends_with_ghost += 1
            if fresh:
                self._counted.add(asked_at)
                t.ghosts += mid is None
                t.mid_ghosts += mid is not None
                t.inside_ghosts += kind == "inside" and first
            if fresh and first and kind == "word" and mid is None and asked_at == pos:
                pump_until(lambda: self.clock.first_after(pressed) is not None, 1.0)
                painted = self.clock.first_after(pressed)
                if painted is not None:
                    t.ghost_ms.append(round((painted - pressed) * 1000, 2))
            if fresh and mid is not None:
                pump_until(lambda: self.s.pending is None, FINISH_S)
            elif fresh and self.calibrate:
                pump_until(lambda: self.s.pending is None, CALIBRATE_WAIT_S)
            shown_probs = list(getattr(getattr(self.editor.surface, "ghost", None), "probs", []))
            ghost = self.s.remainder
            if fresh and mid is not None:
                doc = self.editor.toPlainText()
                for error in seam_errors(doc[: self._cursor()], ghost, mid[0], mid[1]):
                    t.seams[error] = t.seams.get(error, 0) + 1
            presses, taken = self._take(text, pos, end, deadline)
            if mid is not None:
                t.mid_accepted += taken
                t.mid_presses += presses
            else:
                t.accepted += taken
                t.presses += presses
            if fresh and presses:
                t.useful += mid is None
                t.mid_useful += mid is not None
                t.inside_useful += kind == "inside" and first
            if fresh and self.calibrate:
                record = self._record(lang, mid is not None, kind, ghost, taken, text, pos)
                record["char_probs"] = [round(p, 5) for p in shown_probs]
                t.records.append(record)
            pos += taken
            first = False
            if not presses or self.editor.ghost_visible or pos >= end:
                break
            accepted = self._last_accept  # the ghost's last word taken: the next one
            pump_until(
                lambda a=accepted: self.clock.first_after(a) is not None or self._quiet(),
                pause_s,
            )
            painted = self.clock.first_after(accepted)
            if painted is not None and self.editor.ghost_visible:
                t.accept_next_ms.append(round((painted - accepted) * 1000, 2))
            else:
                t.accept_next_missed += 1
            deadline = time.perf_counter() + pause_s
            pump_until(lambda p=pos: self._settled(text, p, end), pause_s)
        return pos

    def _cursor(self) -> int:
        return self.editor.textCursor().position()

    def _take(self, text: str, pos: int, end: int, deadline: float) -> tuple[int, int]:
        """Ctrl+Right while the ghost's next word is what the text says next: (presses,
        characters taken)."""
        from writer.bench.editor import pump

        presses = taken = 0
        while self.editor.ghost_visible:
            rem = self.s.remainder
            k = _first_word(rem)
            word = rem[:k]
            at = pos + taken
            if not word or not text.startswith(word, at) or at + k > end:
                break
            if k == len(rem) and self.s.pending is not None and time.perf_counter() < deadline:
                pump(5)  # the word may go on in the next piece
                continue
            if _glues(word[-1], text[at + k : at + k + 1]):
                break  # the text's word is longer
            self._accept_word()
            presses += 1
            taken += k
        return presses, taken

    def _record(self, lang, mid, kind, ghost, taken, text, pos) -> dict[str, Any]:
        stats = self.stats if self.s.pending is None else None  # this ghost's, when it ended
        return {
            "lang": lang,
            "mid": mid,
            "pause": kind,
            "ghost": ghost,
            "token_probs": [round(p, 5) for p in getattr(stats, "token_probs", [])],
            "first_word_taken": taken > 0,
            "chars_taken": taken,
            "before": text[max(0, pos - 60) : pos],
        }


def _first_word(text: str) -> int:
    from writer.assist.suggestions import next_word_end

    return next_word_end(text)


def count_words(text: str, lang: str) -> int:
    """Words of `text`; for Chinese, its phrases (one input-method commit each)."""
    latin = len(re.findall(r"[^\W_]+(?:['’][^\W_]+)*", _CJK.sub(" ", text)))
    return latin + sum(1 for e in strokes(text) if is_cjk(text[e - 1]))


def qt_app():
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    return QApplication.instance() or QApplication([])


# cases, sides and keys -------------------------------------------------------------------------
def cases(calibrate: bool = False) -> list[dict[str, Any]]:
    """What one side types, in order: whole texts, then passages into their middles."""
    out: list[dict[str, Any]] = []
    chosen = {
        lang: sorted(CALIBRATION.glob(f"{lang}_*.txt")) if calibrate else held_out(lang)
        for lang in ("en", "zh")
    }
    for lang, paths in chosen.items():
        out += [{"kind": "text", "lang": lang, "path": str(p)} for p in paths]
    if not calibrate and (PROJECT / PROJECT_TEXT).exists():
        out.append({"kind": "project", "lang": "project", "path": str(PROJECT / PROJECT_TEXT)})
    for lang, paths in chosen.items():
        for p in paths[:MID_TEXTS]:
            for start, end in passages(read(p), lang):
                out.append(
                    {"kind": "passage", "lang": lang, "path": str(p), "start": start, "end": end}
                )
    return out


def run_case(writer: SimulatedWriter, case: dict[str, Any]) -> Tally:
    text = read(Path(case["path"]))
    if case["kind"] == "project":
        return type_in_project(writer, Path(case["path"]), text)
    if case["kind"] == "text":
        return writer.type_text(text, case["lang"])
    return writer.type_passage(text, case["start"], case["end"], case["lang"])


def type_in_project(writer: SimulatedWriter, path: Path, text: str) -> Tally:
    """Type a chapter of the held-out project (writer/bench/texts/project) with the project's
    memory (its notes, lore entries and the other chapter), as a window of that project gives
    it; a product without project memory (the parent of issue 22) types it without, which is
    the comparison (`keystroke_savings_project`)."""
    try:
        from writer.assist.memory import DocumentMemory
        from writer.project.context import ProjectMemory
        from writer.settings import Settings
    except ImportError:
        return writer.type_text(text, "en")
    memory = DocumentMemory(Settings())
    memory.set_project(ProjectMemory(path.parent))
    memory.set_path(path)
    writer.s.memory = memory
    try:
        return writer.type_text(text, "en")
    finally:
        writer.s.memory = None
        memory.close()


def _ratio(a: float, b: float, digits: int = 4) -> float | None:
    return round(a / b, digits) if b else None


def _p90(values: list[float]) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(round(0.9 * (len(ordered) - 1))))], 2)


def keys(by_lang: dict[str, Tally]) -> dict[str, Any]:
    """The bench's keys from the tallies of one side, per language and together."""
    out: dict[str, Any] = {}
    total = Tally()
    for lang, t in sorted(by_lang.items()):
        out[f"keystroke_savings_{lang}"] = _ratio(t.accepted - t.presses, t.chars)
        out[f"ghosts_per_100_words_{lang}"] = _ratio(100 * t.word_ends_with_ghost, t.words, 2)
        out[f"useful_ghost_ratio_{lang}"] = _ratio(t.useful, t.ghosts)
        out[f"chars_per_accept_{lang}"] = _ratio(
            t.accepted + t.mid_accepted, t.presses + t.mid_presses, 2
        )
        out[f"inside_word_useful_ratio_{lang}"] = _ratio(t.inside_useful, t.inside_ghosts)
        out[f"ghost_ms_p90_{lang}"] = _p90(t.ghost_ms)
        out[f"mid_keystroke_savings_{lang}"] = _ratio(t.mid_accepted - t.mid_presses, t.mid_chars)
        out[f"seam_errors_{lang}"] = sum(t.seams.values())
        out[f"ghosts_{lang}"] = t.ghosts
        out[f"words_{lang}"] = t.words
        total.merge(t)
    out["ghost_ms_p90"] = _p90(total.ghost_ms)
    out["ghost_ms_median"] = round(statistics.median(total.ghost_ms), 2) if total.ghost_ms else None
    out["accept_to_next_ghost_ms"] = (
        round(statistics.median(total.accept_next_ms), 2) if total.accept_next_ms else None
    )
    out["accept_to_next_ghost_count"] = len(total.accept_next_ms) + total.accept_next_missed
    out["accept_to_next_ghost_missed"] = total.accept_next_missed
    out["seam_errors"] = sum(total.seams.values())
    for error in ("missing_space", "double_space", "sentence_end"):
        out[f"seam_{error}"] = total.seams.get(error, 0)
    out["mid_ghosts"] = total.mid_ghosts
    out["mid_useful_ghost_ratio"] = _ratio(total.mid_useful, total.mid_ghosts)
    return out


class Against:
    """The same simulation on another tree's product: this file run by path in a child process
    with that tree first on the path, one case a line on stdin, one `Tally` a line back."""

    def __init__(
        self, tree: Path, model: Path, threads: int, layers: int, n_ctx: int, pause_s: float
    ) -> None:
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
        env["PYTHONPATH"] = os.pathsep.join(p for p in (str(tree), env.get("PYTHONPATH")) if p)
        self._stderr = tempfile.TemporaryFile(mode="w+", encoding="utf-8", errors="replace")  # noqa: SIM115
        args = [__file__, str(model), str(threads), str(layers), str(n_ctx), str(pause_s)]
        args.insert(0, sys.executable)
        self._proc = subprocess.Popen(
            args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._stderr, text=True,
            env=env,
        )  # fmt: skip
        self.product = self._read()["writer"]  # where the child's `writer` package is
        if not Path(self.product).resolve().is_relative_to(tree.resolve()):
            self.close()
            raise RuntimeError(f"the child ran {self.product}, not the product in {tree}")

    def _read(self) -> dict[str, Any]:
        assert self._proc.stdout is not None
        line = self._proc.stdout.readline()
        if not line:
            self._stderr.seek(0)
            last = "\n".join(self._stderr.read().splitlines()[-12:])
            raise RuntimeError(
                f"the other tree's simulated writer stopped; its last words:\n{last}"
            )
        return json.loads(line)

    def run(self, case: dict[str, Any]) -> Tally:
        assert self._proc.stdin is not None
        self._proc.stdin.write(json.dumps(case) + "\n")
        self._proc.stdin.flush()
        return Tally.of(self._read())

    def close(self) -> None:
        if self._proc.stdin:
            self._proc.stdin.close()
        try:
            self._proc.wait(60)
        except subprocess.TimeoutExpired:
            self._proc.kill()
        self._stderr.close()


def serve(argv: list[str]) -> int:
    """The child's side of `Against`: load the model, then type each case asked for."""
    model, threads, layers, n_ctx, pause_s = argv
    out = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)  # llama.cpp's and anyone's prints go to stderr, answers to `out`
    sys.stdout = sys.stderr
    import writer
    from writer.engine.engine import Engine
    from writer.worker import EngineWorker

    qt_app()
    engine = Engine.load(
        Path(model), n_ctx=int(n_ctx), n_gpu_layers=int(layers), n_threads=int(threads)
    )
    worker = EngineWorker()
    worker.backend = engine
    worker.start()
    sim = SimulatedWriter(worker, pause_s=float(pause_s))
    out.write(json.dumps({"writer": writer.__file__}) + "\n")
    out.flush()
    try:
        for line in sys.stdin:
            out.write(json.dumps(asdict(run_case(sim, json.loads(line)))) + "\n")
            out.flush()
    finally:
        sim.close()
        worker.backend = None
        worker.stop()
        engine.close()
    return 0


def raw_decode_ms_2000(bench) -> float | None:
    """One bare llama.cpp decode step after 2,000 cached tokens (writer.bench.raw)."""
    from writer.bench.samples import sample_document

    doc = sample_document(2010, bench.engine.runtime.tokenize)
    with bench.raw() as raw:
        return raw.floors(doc, 500, 2000).get("raw_decode_ms_2000")


def measure(bench) -> dict[str, Any]:
    """The quality section: this tree's product, and with `bench.against` the other tree's
    too, case by case in turns; with `bench.calibrate` the calibration records instead."""
    from writer.engine.gpu import resolve_gpu_layers

    calibrate: Path | None = getattr(bench, "calibrate", None)
    against: Path | None = getattr(bench, "against", None)
    pause_s = (getattr(bench, "pause_ms", None) or PAUSE_S * 1000) / 1000
    started = time.perf_counter()
    sim = SimulatedWriter(bench.worker, calibrate=calibrate is not None, pause_s=pause_s)
    other = None
    if against is not None and calibrate is None:
        layers = resolve_gpu_layers(bench.gpu_layers)
        threads, n_ctx = bench.engine.n_threads, bench.n_ctx
        other = Against(against, bench.model, threads, layers, n_ctx, pause_s)
    sides: dict[str, dict[str, Tally]] = {"new": {}, "parent": {}, "gate_off": {}}
    ceiling = None
    if getattr(bench, "ceiling", False) and calibrate is None:
        ceiling = SimulatedWriter(bench.worker, pause_s=pause_s, gate=False)
    try:
        for i, case in enumerate(cases(calibrate is not None)):
            order = ("parent", "new") if i % 2 == 0 else ("new", "parent")
            for side in order:
                if side == "parent" and other is None:
                    continue
                began = time.perf_counter()
                tally = other.run(case) if side == "parent" else run_case(sim, case)
                sides[side].setdefault(case["lang"], Tally()).merge(tally)
                took = time.perf_counter() - began
                name = f"{Path(case['path']).name} ({case['kind']})"
                print(f"  quality {side}: {name} {took:.0f} s", file=sys.stderr, flush=True)
            if ceiling is not None and case["lang"] == "en":
                tally = run_case(ceiling, case)
                sides["gate_off"].setdefault("en", Tally()).merge(tally)
    finally:
        sim.close()
        if ceiling is not None:
            ceiling.close()
        if other is not None:
            other.close()
    elapsed = round(time.perf_counter() - started, 1)
    if calibrate is not None:
        records = [r for t in sides["new"].values() for r in t.records]
        with calibrate.open("w", encoding="utf-8") as f:
            for record in records:
                f.write(json.dumps(record, ensure_ascii=False) + "\n")
        return {"calibration_ghosts": len(records), "calibration_file": str(calibrate),
                "quality_s": elapsed}  # fmt: skip
    raw = raw_decode_ms_2000(bench)
    results = keys(sides["new"])
    results["raw_decode_ms_2000"] = raw
    results["ghost_ms_p90_over_raw"] = _ratio(results["ghost_ms_p90"] or 0, raw or 0, 3)
    results["quality_s"] = elapsed
    results["quality_pause_ms"] = round(pause_s * 1000)
    results["quality_key_interval_ms"] = round(KEY_INTERVAL_S * 1000)
    if sides["gate_off"]:
        off = keys(sides["gate_off"])
        for key in ("keystroke_savings_en", "ghosts_per_100_words_en", "useful_ghost_ratio_en"):
            results[f"{key}_gate_off"] = off[key]
    if other is not None:
        parent = keys(sides["parent"])
        parent["raw_decode_ms_2000"] = raw
        parent["ghost_ms_p90_over_raw"] = _ratio(parent["ghost_ms_p90"] or 0, raw or 0, 3)
        results["quality_parent"] = parent
        results["quality_parent_product"] = other.product
    return results


def comparison(new: dict[str, Any], parent: dict[str, Any]) -> str:
    """The table key | parent | new | ratio (new over parent)."""
    rows = [("key", "parent", "new", "ratio")]
    for key, value in parent.items():
        mine = new.get(key)
        both = all(isinstance(v, int | float) for v in (value, mine))
        ratio = f"{mine / value:.2f}" if both and value else ""
        rows.append((key, _cell(value), _cell(mine), ratio))
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    return "\n".join(
        " | ".join(
            c.ljust(w) if i == 0 else c.rjust(w)
            for i, (c, w) in enumerate(zip(r, widths, strict=True))
        )
        for r in rows
    )


def _cell(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.4f}" if abs(value) < 1 else f"{value:.1f}"
    return str(value)


if __name__ == "__main__":
    sys.exit(serve(sys.argv[1:]))
