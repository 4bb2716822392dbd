"""The crash soak: kill the real Writer with SIGKILL at the worst moments; check nothing is lost.

    python tests/crash_soak.py --kills 100 [--seed 1]     # the closing note's run
    (test_crash_soak.py runs 10 kills as a slow test)

Each round starts the real app (writer.app.run_gui, the starter model loaded, suggestions
streaming) in a child process that types at random speeds, in English and through an input
method in Chinese, and reports every state of its document as a hash with the time. One of five
moments is chosen, in turn:

- typing: at a random time while typing;
- save: within 30 ms after the child asked for a save (Ctrl+S's action), its 1st to 3rd;
- rewrite: while a rewrite's words stream in (within a second of the first one);
- journal: the moment a journal snapshot's temporary file appears (the write is under way), in a
  document of about 2 MB so that each write takes a while;
- download: while the model download streams from a local stand-in for the Hub (throttled),
  through the thread the Models window uses.

After each kill, with the product's own APIs (what the next start runs):

- recovery: the text the journal offers back (or the file's, when nothing is offered) is a state
  the document had at most one second before the kill, or later: nothing typed more than a second
  before the kill is lost;
- saving: the file is byte for byte the old version or one of the versions the child saved;
- downloads: every model file in the Hugging Face cache has the sha256 its name says, and every
  snapshot link leads to one; partial files exist only as `.incomplete`, which nothing loads.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SCENARIOS = ("typing", "save", "rewrite", "journal", "download")
RECOVERY_WINDOW_S = 1.0
WORDS = (
    "the river was high and the ferry did not run so we stayed home to read "
    "letters from an old friend arrived with news of spring in the hills while "
    "lanterns swung over the harbour and gulls argued about bread"
).split()
CHINESE = ("今天", "河水很高", "渡船没有开", "我们待在家里", "读书", "春天来了", "朋友的信")


def sha(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()


# the child: the real app, driven --------------------------------------------------------------
def child(scenario: str, seed: int, file: str, model: str) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.path.insert(0, str(HERE))
    from drive_app import Script
    from PySide6.QtWidgets import QApplication

    from writer.app import run_gui

    app = QApplication(sys.argv[:1])
    script = Script(app, _steps(app, scenario, random.Random(seed)))
    script.next(0)
    ns = argparse.Namespace(file=file or None, model=model, gpu_layers=0, server=None,
                            server_model=None)  # fmt: skip
    code = run_gui(ns)
    del script
    return code


def report(event: str, **data) -> None:
    print(json.dumps({"event": event, "t": time.monotonic(), **data}), flush=True)


def _steps(app, scenario: str, rng: random.Random):
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QInputMethodEvent, QTextCursor
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QDialog

    state = app._writer_state
    while not state.worker.is_loaded:
        yield lambda: 50
    for widget in QApplication.topLevelWidgets():  # a welcome or a recovery offer
        if isinstance(widget, QDialog) and widget.isVisible():
            widget.reject()
    window = state.windows[0]
    editor = window.editor
    editor.setFocus()
    editor.moveCursor(QTextCursor.MoveOperation.End)
    # (the document typed in: the round's file, or, started plain, the one the last session
    # reopens in the first window, or none)
    shown = window.documents.path
    report("ready", journal=str(state.journal_writer.journal.folder), sha=sha(editor.toPlainText()),
           file=str(shown) if shown is not None else "")  # fmt: skip

    def text() -> str:
        return editor.toPlainText()

    def press(action) -> int:
        action()
        report("state", sha=sha(text()), n=len(text()))
        return rng.choice((5, 15, 30, 60, 120))

    def keystrokes():
        while True:
            r = rng.random()
            if r < 0.06:
                yield lambda: QTest.keyClick(editor, Qt.Key.Key_Backspace)
            elif r < 0.09:
                yield lambda: QTest.keyClick(editor, Qt.Key.Key_Return)
            elif r < 0.12:
                yield lambda: QTest.keyClick(editor, Qt.Key.Key_Tab)  # takes a ghost if shown
            elif r < 0.22:
                word = rng.choice(CHINESE)

                def compose(word=word):
                    event = QInputMethodEvent()
                    event.setCommitString(word)
                    QApplication.sendEvent(editor, event)

                yield compose
            else:
                for ch in rng.choice(WORDS) + " ":
                    yield lambda ch=ch: QTest.keyClick(editor, ch)

    keys = keystrokes()
    if scenario == "rewrite":
        for _ in range(rng.randint(20, 60)):
            key = next(keys)
            yield lambda key=key: press(key)
        yield lambda: 300
        cursor = editor.textCursor()
        cursor.movePosition(QTextCursor.MoveOperation.StartOfBlock, QTextCursor.MoveMode.KeepAnchor)
        if not cursor.hasSelection():
            cursor.movePosition(QTextCursor.MoveOperation.PreviousCharacter,
                                QTextCursor.MoveMode.KeepAnchor, 20)  # fmt: skip
        editor.setTextCursor(cursor)
        window.rewrite.changed.connect(lambda: report("piece"))
        window.rewrite.finished.connect(lambda *_: report("rewrite-done"))
        window.act_rewrite.trigger()
        yield lambda: 200
        QTest.keyClick(QApplication.focusWidget() or editor, Qt.Key.Key_Return)  # Improve
        yield lambda: 60_000
        return
    if scenario == "download":
        from tests.hubserver import STARTER_NAME, TEST_REPO
        from writer.downloads import DONE

        downloads = window.app_state.downloads
        downloads.progressed.connect(lambda d: report("download", done=d.progress.done))
        downloads.ended.connect(
            lambda d: report("download-done", path=d.path)
            if d.state == DONE
            else report("download-failed", message=d.sentence)
        )
        downloads.start(TEST_REPO, [STARTER_NAME])
    next_save = time.monotonic() + rng.uniform(0.3, 1.0)
    while True:
        if scenario == "save" and time.monotonic() >= next_save:
            from writer.documents.textfile import encode_text

            data = encode_text(text(), window.documents.format)
            report("save", sha=hashlib.sha256(data).hexdigest())
            window.act_save.trigger()
            report("saved")
            next_save = time.monotonic() + rng.uniform(0.3, 1.0)
        key = next(keys)
        yield lambda key=key: press(key)


# the parent: kill, then check -----------------------------------------------------------------
@dataclass
class Round:
    number: int
    scenario: str
    landed: str = ""  # what the app was doing when the kill came
    lost_chars: int = 0
    problems: list[str] = field(default_factory=list)
    stale_temp_files: int = 0


class Child:
    """The child process and what it reported, as it arrives."""

    def __init__(self, cmd: list[str], env: dict[str, str], log: Path) -> None:
        log.parent.mkdir(parents=True, exist_ok=True)
        self._log = log.open("wb")
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=self._log,
                                     stdin=subprocess.DEVNULL, env=env, text=True)  # fmt: skip
        self.events: list[dict] = []
        self.arrived = threading.Condition()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            if line.startswith("{"):
                with self.arrived:
                    self.events.append(json.loads(line))
                    self.arrived.notify_all()
        with self.arrived:
            self.arrived.notify_all()

    def wait_for(self, name: str, count: int = 1, timeout: float = 90.0) -> dict | None:
        deadline = time.monotonic() + timeout
        with self.arrived:
            while True:
                seen = [e for e in self.events if e["event"] == name]
                if len(seen) >= count:
                    return seen[count - 1]
                left = deadline - time.monotonic()
                if left <= 0 or self.proc.poll() is not None:
                    return None
                self.arrived.wait(min(left, 0.5))

    def kill(self) -> float:
        at = time.monotonic()
        if self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait(30)
        self.reader.join(10)
        self._log.close()
        return at


def _text_document(size: int, rng: random.Random) -> str:
    lines, total = [], 0
    while total < size:
        line = " ".join(rng.choice(WORDS) for _ in range(12)) + "."
        lines.append(line)
        total += len(line) + 1
    return "Notes\n\n" + "\n".join(lines) + "\n"


def _kill_at_the_moment(child: Child, scenario: str, rng: random.Random, journal_seen) -> str:
    """Wait for the scenario's moment, kill, and say what the app was doing."""
    if child.wait_for("ready") is None:
        return "never ready"
    if scenario == "typing":
        time.sleep(rng.uniform(0.3, 3.0))
        return "typing"
    if scenario == "save":
        if child.wait_for("save", rng.randint(1, 3), timeout=30) is None:
            return "no save"
        time.sleep(rng.uniform(0.0, 0.03))
        saved = [e["event"] for e in child.events if e["event"] in ("save", "saved")]
        return "saving" if saved[-1] == "save" else "right after a save"
    if scenario == "rewrite":
        if child.wait_for("piece", timeout=60) is None:
            return "no rewrite"
        time.sleep(rng.uniform(0.0, 1.0))
        done = child.wait_for("rewrite-done", timeout=0)
        return "rewrite streaming" if done is None else "after the rewrite"
    if scenario == "journal":
        wanted = rng.randint(1, 2)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if journal_seen() >= wanted:
                return "journal write"
            time.sleep(0.001)
        return "typing (no journal write seen)"
    if scenario == "download":
        if child.wait_for("download", timeout=60) is None:
            failed = child.wait_for("download-failed", timeout=0)
            return "download failed: " + (failed["message"] if failed else "no progress")
        time.sleep(rng.uniform(0.1, 2.0))
        return "download" if child.wait_for("download-done", timeout=0) is None else "downloaded"
    raise ValueError(scenario)


def journal_root(child: Child) -> Path:
    return Path(next(e for e in child.events if e["event"] == "ready")["journal"])


def _journal_writes(folder: Path, seen: set[str]) -> int:
    """Journal temporary files seen so far (a snapshot being written)."""
    try:
        for session in os.scandir(folder):
            if session.is_dir():
                seen.update(e.name for e in os.scandir(session.path) if e.name.endswith(".tmp"))
    except OSError:
        pass
    return len(seen)


def _check_recovery(child: Child, killed_at: float, journal_root: Path, file: Path | None,
                    result: Round) -> None:  # fmt: skip
    from writer.documents import Journal
    from writer.documents.textfile import decode_text

    ready = next(e for e in child.events if e["event"] == "ready")
    if file is None and ready.get("file"):  # a plain start: the file the session reopened
        file = Path(ready["file"])
    states = [(ready["t"], ready["sha"], 0)]
    states += [(e["t"], e["sha"], e["n"]) for e in child.events if e["event"] == "state"]
    cutoff = killed_at - RECOVERY_WINDOW_S
    current = max((s for s in states if s[0] <= cutoff), key=lambda s: s[0], default=states[0])
    allowed = {current[1]} | {s[1] for s in states if s[0] > cutoff}
    journal = Journal(journal_root)
    try:
        recovery = journal.orphans()
        documents = recovery.documents
        result.problems += [f"recovery said: {p}" for p in recovery.problems]
        if len(documents) > 1:
            result.problems.append(f"{len(documents)} documents offered back, not one")
        if documents:
            recovered = documents[0].text
        elif file is not None:
            recovered = decode_text(file.read_bytes())[0]
        else:
            recovered = ""
        if sha(recovered) not in allowed:
            result.lost_chars = max(0, current[2] - len(recovered))
            result.problems.append(
                f"recovered {len(recovered)} characters, which is no state of the last second "
                f"(a second before the kill the document had {current[2]})"
            )
        for doc in documents:
            doc.discard()
    finally:
        journal.close()


def _check_saved_file(child: Child, file: Path, initial: bytes, result: Round) -> None:
    versions = {hashlib.sha256(initial).hexdigest()}
    versions |= {e["sha"] for e in child.events if e["event"] == "save"}
    if hashlib.sha256(file.read_bytes()).hexdigest() not in versions:
        result.problems.append("the saved file is neither the old version nor a saved one")
    result.stale_temp_files = len(list(file.parent.glob(f".{file.name}.*.tmp")))


def check_cache(hub_cache: Path) -> list[str]:
    """Every file a model could be loaded from is complete and verified."""
    problems = []
    for blob in hub_cache.glob("models--*/blobs/*"):
        if blob.name.endswith((".incomplete", ".lock")):
            continue
        digest = hashlib.sha256()
        with blob.open("rb") as f:
            while chunk := f.read(1 << 22):
                digest.update(chunk)
        if len(blob.name) == 64 and digest.hexdigest() != blob.name:
            problems.append(f"{blob.name[:12]}… in the cache is not what its name says")
    for link in hub_cache.glob("models--*/snapshots/*/*"):
        target = link.resolve()
        if not target.is_file() or target.name.endswith(".incomplete"):
            problems.append(f"the snapshot file {link.name} leads to no complete blob")
    return problems


def one_round(number: int, scenario: str, rng: random.Random, folder: Path,
              env: dict[str, str], model: str) -> Round:  # fmt: skip
    result = Round(number, scenario)
    file: Path | None = None
    initial = b""
    if scenario in ("save", "journal"):
        file = folder / "docs" / f"round-{number}.txt"
        file.parent.mkdir(parents=True, exist_ok=True)
        size = 2_000_000 if scenario == "journal" else 200
        initial = _text_document(size, rng).encode("utf-8")
        file.write_bytes(initial)
    seen: set[str] = set()
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", scenario,
           "--seed", str(rng.randrange(1 << 30)), "--file", str(file or ""), "--model", model]
    child = Child(cmd, env, folder / "logs" / f"round-{number}-{scenario}.log")
    try:
        result.landed = _kill_at_the_moment(child, scenario, rng,
                                            lambda: _journal_writes(journal_root(child), seen))
    finally:
        killed_at = child.kill()
    if child.proc.returncode != -signal.SIGKILL:
        result.problems.append(f"the app ended by itself (exit code {child.proc.returncode})")
    if not any(e["event"] == "ready" for e in child.events):
        result.problems.append("the app never became ready")
        return result
    _check_recovery(child, killed_at, journal_root(child), file, result)
    if scenario == "save" and file is not None:
        _check_saved_file(child, file, initial, result)
    if scenario == "download":
        hub_cache = folder / "hf" / "hub"
        result.problems += check_cache(hub_cache)
        if child.wait_for("download-done", timeout=0) is not None:
            shutil.rmtree(hub_cache, ignore_errors=True)  # the next download starts over
    return result


def soak(kills: int, seed: int, folder: Path, say=print,
         scenarios: tuple[str, ...] = SCENARIOS) -> list[Round]:  # fmt: skip
    """Run `kills` rounds, the scenarios in turn; each round's result is said as it ends."""
    sys.path.insert(0, str(ROOT))
    from tests.hubserver import HubServer, starter_repo
    from writer.paths import starter_model_path

    model = str(starter_model_path())
    env = dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen")
    env.pop("HF_HUB_OFFLINE", None)
    for var, name in (("XDG_CONFIG_HOME", "config"), ("XDG_STATE_HOME", "state"),
                      ("XDG_DATA_HOME", "data"), ("XDG_CACHE_HOME", "cache"),
                      ("HF_HOME", "hf")):  # fmt: skip
        env[var] = str(folder / name)
    settings = folder / "config" / "writer" / "settings.json"
    settings.parent.mkdir(parents=True, exist_ok=True)
    settings.write_text(json.dumps({"welcomed": True}))
    rng = random.Random(seed)
    rounds = []
    with HubServer() as hub:
        starter_repo(hub, Path(model))
        hub.throttle = 25e6  # about four seconds for the model
        env["HF_ENDPOINT"] = hub.url
        for number in range(kills):
            scenario = scenarios[number % len(scenarios)]
            result = one_round(number, scenario, rng, folder, env, model)
            rounds.append(result)
            say(f"{number + 1:3} {scenario:9} killed while {result.landed:24} "
                f"{'ok' if not result.problems else '; '.join(result.problems)}")
    return rounds


def summary(rounds: list[Round]) -> str:
    failed = [r for r in rounds if r.problems]
    landed: dict[str, int] = {}
    for r in rounds:
        landed[r.landed] = landed.get(r.landed, 0) + 1
    moments = ", ".join(f"{n} {what}" for what, n in sorted(landed.items(), key=lambda x: -x[1]))
    return (
        f"{len(rounds) - len(failed)}/{len(rounds)} kills survived, "
        f"{sum(r.lost_chars for r in rounds)} characters lost; killed while: {moments}; "
        f"stale temporary files beside saved documents: {sum(r.stale_temp_files for r in rounds)}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    parser.add_argument("--child", choices=SCENARIOS, help=argparse.SUPPRESS)
    parser.add_argument("--file", default="", help=argparse.SUPPRESS)
    parser.add_argument("--model", default="", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(args.child, args.seed, args.file, args.model)
    import tempfile

    folder = args.keep or Path(tempfile.mkdtemp(prefix="writer-soak-"))
    started = time.monotonic()
    rounds = soak(args.kills, args.seed, folder)
    print(summary(rounds) + f"; {time.monotonic() - started:.0f} s")
    if not args.keep:
        shutil.rmtree(folder, ignore_errors=True)
    return 1 if any(r.problems for r in rounds) else 0


if __name__ == "__main__":
    sys.exit(main())
