"""The server backend against a real OpenAI-compatible server: llama-cpp-python's own, started on
a free port of 127.0.0.1 with the starter model."""

from __future__ import annotations

import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from tests.conftest import wait_until
from writer.assist.presets import PRESETS
from writer.bench.remote import free_port, llama_cpp_server, wait_for_server
from writer.generation.requests import CancelToken, ContinuationRequest, RewriteRequest
from writer.generation.results import FinishReason
from writer.remote.backend import ServerBackend
from writer.remote.client import BadReply, Endpoint, Unauthorized, Unreachable

pytestmark = pytest.mark.slow

STORY = "The history of the city begins in the twelfth century, when "


@pytest.fixture(scope="module")
def server_url(starter_model: Path):
    with llama_cpp_server(starter_model, n_ctx=2048, threads=1) as url:
        yield url


@pytest.fixture
def backend(server_url: str):
    b = ServerBackend(Endpoint.parse(server_url))
    yield b
    b.close()



def server_worker(server_url: str):
    """A started engine worker with the server backend open on `server_url`."""
    from writer.worker import EngineWorker

    worker = EngineWorker()
    worker.start()
    worker.open(lambda: ServerBackend(Endpoint.parse(server_url)), "server")
    # (a deadline, not a timing: at a load of 6 the server's first answer took over 30 s)
    wait_until(lambda: worker.is_loaded, 90_000)
    return worker

def test_discovery_and_where_the_text_goes(backend: ServerBackend, server_url: str) -> None:
    assert backend.server.models
    assert backend.info.host == Endpoint.parse(server_url).host
    assert backend.info.where.endswith(f"at {backend.info.host}")


def test_a_continuation_streams_with_probabilities(backend: ServerBackend) -> None:
    stream = backend.continuation(ContinuationRequest(STORY, max_tokens=12, stop_at="none"))
    pieces = list(stream)
    text = "".join(p.text for p in pieces)
    assert len(pieces) > 2
    assert text.strip()
    assert not text.startswith(" ")  # the cursor already follows a space
    assert stream.stats.ttft_s is not None
    assert stream.stats.finish_reason in (FinishReason.LENGTH, FinishReason.END)
    if backend.server.logprobs:
        assert all(0.0 < p.prob <= 1.0 for p in pieces)
        assert any(p.prob < 1.0 for p in pieces)


def test_a_continuation_stops_at_the_end_of_the_sentence(backend: ServerBackend) -> None:
    stream = backend.continuation(ContinuationRequest(STORY, max_tokens=60))
    text = stream.text()
    assert stream.stats.finish_reason in (FinishReason.STOP, FinishReason.END, FinishReason.LENGTH)
    assert "\n" not in text.strip()


def test_chinese_streams_whole_characters(backend: ServerBackend) -> None:
    pieces = [
        p.text
        for p in backend.continuation(
            ContinuationRequest("我们今天去公园散步，天气很好。", max_tokens=30, stop_at="none")
        )
    ]
    assert pieces
    assert all("\ufffd" not in p for p in pieces)


def test_a_rewrite_streams_from_the_chat_endpoint(backend: ServerBackend) -> None:
    request = RewriteRequest(
        "The keeper climbed the steps evry evening.",
        PRESETS["Fix spelling and grammar"],
        max_tokens=40,
    )
    stream = backend.rewrite(request)
    text = stream.text()
    assert text.strip()
    assert "\ufffd" not in text
    assert stream.stats.finish_reason != FinishReason.CANCELLED


def test_alternatives_are_distinct(backend: ServerBackend) -> None:
    found = backend.alternatives(ContinuationRequest("Once upon a time", max_tokens=16), 3)
    assert 1 <= len(found.items) <= 3
    texts = [a.text for a in found.items]
    assert len(set(texts)) == len(texts)
    assert all(t.strip() for t in texts)


def test_cancel_closes_the_stream_at_once(backend: ServerBackend) -> None:
    cancel = CancelToken()
    stream = backend.continuation(
        ContinuationRequest("Write a long story.", max_tokens=400, stop_at="none"), cancel
    )
    got = []
    cancelled_at = None
    for piece in stream:
        got.append(piece.text)
        if len(got) == 3:
            cancelled_at = time.perf_counter()
            cancel.cancel()
    assert len(got) == 3  # nothing after the cancel
    assert stream.stats.finish_reason == FinishReason.CANCELLED
    assert time.perf_counter() - cancelled_at < 0.5
    # and the server takes the next request at once
    assert backend.continuation(ContinuationRequest(STORY, max_tokens=4, stop_at="none")).text()


def test_a_wrong_key_gets_the_401_sentence(starter_model: Path) -> None:
    with llama_cpp_server(starter_model, n_ctx=512, threads=1, api_key="right") as url:
        with pytest.raises(Unauthorized, match="refused Writer's API key"):
            ServerBackend(Endpoint.parse(url, "wrong"))
        ok = ServerBackend(Endpoint.parse(url, "right"))
        assert ok.continuation(ContinuationRequest(STORY, max_tokens=3, stop_at="none")).text()
        ok.close()


def test_a_server_killed_mid_stream_says_so_and_the_next_one_works(starter_model: Path) -> None:
    port = free_port()
    cmd = [
        sys.executable, "-m", "llama_cpp.server", "--model", str(starter_model),
        "--host", "127.0.0.1", "--port", str(port), "--n_ctx", "1024", "--n_threads", "1",
    ]  # fmt: skip
    url = f"http://127.0.0.1:{port}"

    logs = []

    def start() -> subprocess.Popen:
        log = tempfile.TemporaryFile(mode="w+")  # noqa: SIM115 - closed at the end of the test
        logs.append(log)
        proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT)
        wait_for_server(url, proc, log)
        return proc

    proc = start()
    backend = ServerBackend(Endpoint.parse(url))
    try:
        stream = backend.continuation(
            ContinuationRequest("Write a long story.", max_tokens=400, stop_at="none")
        )
        got = []
        with pytest.raises(BadReply, match="stopped in the middle of its answer"):  # noqa: PT012
            for piece in stream:
                got.append(piece.text)
                if len(got) == 2:
                    proc.send_signal(signal.SIGKILL)
        assert len(got) < 400
        proc.wait(10)
        with pytest.raises(Unreachable, match="connection was refused"):
            backend.continuation(ContinuationRequest(STORY, max_tokens=3)).text()
        proc = start()  # the server is back: the same backend works, no restart of Writer
        assert backend.continuation(ContinuationRequest(STORY, max_tokens=3, stop_at="none")).text()
    finally:
        backend.close()
        proc.kill()
        proc.wait(10)
        for log in logs:
            log.close()


def test_the_editor_gets_ghost_text_from_the_server(qtbot, server_url: str) -> None:
    """The same controllers drive the server: a keystroke's suggestion comes through the
    worker's handle and is painted; the assist layer never knows which backend answered."""
    from writer.assist.inline import InlineAssist
    from writer.assist.suggestions import SuggestionSettings
    from writer.ui.editor import Editor

    worker = server_worker(server_url)
    editor = Editor()
    settings = SuggestionSettings(debounce_ms=10, max_suggestion_tokens=12)
    assist = InlineAssist(editor, worker, settings)
    qtbot.addWidget(editor)
    editor.show()
    editor.setFocus()
    qtbot.keyClicks(editor, STORY)
    wait_until(lambda: bool(editor.ghost_text), 30_000)
    wait_until(lambda: assist.suggestions.pending is None, 30_000)
    ghost = editor.ghost_text
    qtbot.keyClick(editor, "\t")
    assert editor.toPlainText() == STORY + ghost
    assist.suggestions.set_enabled(False)
    wait_until(lambda: worker.idle, 10_000)
    worker.stop()


def test_a_cancelled_request_never_shows_text_in_the_editor(qtbot, server_url: str) -> None:

    worker = server_worker(server_url)
    request = ContinuationRequest("Write a long story.", max_tokens=300, stop_at="none")
    handle = worker.submit(lambda backend, cancel: backend.continuation(request, cancel))
    got: list[str] = []
    handle.piece_generated.connect(lambda t, _p: got.append(t))
    wait_until(lambda: len(got) >= 1, 30_000)
    handle.cancel()
    seen = len(got)
    wait_until(lambda: handle.done, 10_000)
    assert len(got) == seen
    assert handle.result.finish_reason == FinishReason.CANCELLED
    worker.stop()


def test_doctor_prints_what_the_server_can_do(server_url: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "writer", "doctor", "--server", server_url],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "server.kind" in result.stdout
    assert "server.logprobs" in result.stdout


def test_doctor_says_in_one_line_when_no_server_answers() -> None:
    port = free_port()
    result = subprocess.run(
        [sys.executable, "-m", "writer", "doctor", "--server", f"127.0.0.1:{port}"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1
    assert "connection was refused" in lines[0]



def test_the_window_names_the_host_and_goes_back_to_local_in_one_step(
    qtbot, server_url: str, tmp_path: Path
) -> None:
    from writer.app import AppState
    from writer.documents.journal_writer import JournalWriter
    from writer.settings import Settings
    from writer.worker import EngineWorker

    worker = EngineWorker()
    worker.start()
    state = AppState(Settings(), worker, JournalWriter(None), None)
    state._quitting = True
    state.gpu_override = 0
    state.server_override = (server_url, "")
    window = state.new_window()
    window.show()
    state.load_model()
    host = Endpoint.parse(server_url).host
    wait_until(lambda: window.model_status.privacy_label.isVisible(), 30_000)
    assert window.model_status.privacy_label.text() == f"Text goes to {host}"
    assert host in window.model_status.model_label.text()
    assert window.act_use_local.isEnabled()
    window.act_use_local.trigger()
    wait_until(lambda: worker.info is not None and worker.info.host is None, 60_000)
    wait_until(lambda: not window.model_status.privacy_label.isVisible(), 5_000)
    assert "CPU" in window.model_status.model_label.text()
    assert not window.act_use_local.isEnabled()
    window.editor.document().setModified(False)
    window.close()
    worker.stop()


def test_local_only_refuses_every_server_in_words(qtbot, server_url: str) -> None:
    from writer.app import AppState
    from writer.documents.journal_writer import JournalWriter
    from writer.settings import Settings
    from writer.worker import EngineWorker

    worker = EngineWorker()
    worker.start()
    settings = Settings(use_server=True, server_url=server_url, local_only=True)
    state = AppState(settings, worker, JournalWriter(None), None)
    state._quitting = True
    window = state.new_window()
    window.show()
    seen: list[str] = []
    worker.model_loading.connect(seen.append)
    state.load_model()
    # the model on this computer writes instead (the editor was left without one), and says
    # why; the server is never asked
    wait_until(lambda: "model on this computer writes" in window.statusBar().currentMessage(),
               20_000)
    assert "only the model on this computer" in window.statusBar().currentMessage()
    assert worker.is_loaded
    assert worker.info.host is None
    assert not any(label.startswith("server") for label in seen)
    assert not window.model_status.privacy_label.isVisible()
    qtbot.keyClicks(window.editor, "Still typing.")
    assert window.editor.toPlainText() == "Still typing."
    window.editor.document().setModified(False)
    window.close()
    worker.stop()


def test_offline_refuses_a_server_elsewhere_but_not_one_here() -> None:
    from writer.network import SERVER, NetworkPolicy, is_this_machine
    from writer.settings import Settings

    policy = NetworkPolicy(Settings(offline=True))
    assert policy.refusal(Endpoint.parse("http://127.0.0.1:8080").url, SERVER) == ""
    assert is_this_machine("localhost")
    elsewhere = policy.refusal(Endpoint.parse("http://192.0.2.7:8080").url, SERVER)
    assert "offline" in elsewhere
    assert "192.0.2.7:8080" in elsewhere


def test_a_banned_word_ends_the_servers_suggestion_before_it(backend: ServerBackend) -> None:
    """The server backend cannot rewind: it holds back and cuts (remote/backend.py)."""
    import re

    plain = backend.continuation(ContinuationRequest(STORY, max_tokens=24, stop_at="none")).text()
    word = re.findall(r"[A-Za-z]{4,}", plain)[1]
    first = re.search(rf"(?<!\w){word}(?!\w)", plain, re.IGNORECASE)
    request = ContinuationRequest(STORY, max_tokens=24, stop_at="none", banned=(word.upper(),))
    stream = backend.continuation(request)
    text = stream.text()
    assert text == plain[: first.start()].rstrip()
    assert stream.stats.finish_reason == FinishReason.STOP
    rewrite = RewriteRequest(STORY.strip(), PRESETS["Improve"])
    answer = backend.rewrite(rewrite).text()
    word = re.findall(r"[A-Za-z]{4,}", answer)[0]
    rewrite.banned = (word,)
    again = backend.rewrite(rewrite).text()
    assert not re.search(rf"(?<!\w){word}(?!\w)", again, re.IGNORECASE)


def test_rewrite_versions_through_the_server(qtbot, server_url: str) -> None:
    """Versions, Alt+] and Esc are the session's: the server backend serves them as the engine
    does, each Retry another sampled version (hotter each time), Enter accepting the one shown."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QTextCursor

    from writer.assist.inline import InlineAssist
    from writer.assist.rewrite import RewriteSession
    from writer.assist.suggestions import SuggestionSettings
    from writer.settings import Settings
    from writer.ui.editor import Editor
    from writer.ui.rewrite import RewriteView

    worker = server_worker(server_url)
    editor = Editor()
    assist = InlineAssist(editor, worker, SuggestionSettings(debounce_ms=10))
    assist.suggestions.set_enabled(False)
    session = RewriteSession(editor, worker, Settings())
    RewriteView(editor, session)
    qtbot.addWidget(editor)
    editor.show()
    editor.setFocus()
    passage = "The keeper climbed the steps evry evening and lit the lamp."
    text = "Notes.\n\n" + passage + "\n\nThe next morning was calm."
    editor.setPlainText(text)
    cursor = editor.textCursor()
    cursor.setPosition(len("Notes.\n\n"))
    cursor.setPosition(len("Notes.\n\n") + len(passage), QTextCursor.MoveMode.KeepAnchor)
    editor.setTextCursor(cursor)
    session.max_tokens = 30
    assert session.start("Improve", PRESETS["Improve"])
    wait_until(lambda: not session.streaming, 60_000)
    session.retry()
    wait_until(lambda: not session.streaming, 120_000)
    assert len(session.versions) == 2
    assert session.versions[1].attempt >= 1
    assert "(2 / 2)" in session.status
    qtbot.keyClick(editor, Qt.Key.Key_BracketRight, Qt.KeyboardModifier.AltModifier)
    assert session.shown == 0
    assert "(1 / 2)" in session.status
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert editor.toPlainText() == text
    assert editor.textCursor().selectedText() == passage
    worker.stop()
