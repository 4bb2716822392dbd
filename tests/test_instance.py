"""One Writer per profile: a later `writer FILE` hands its files to the running one."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import fuzz_examples, wait_until
from writer.instance import NONE, SILENT, InstanceServer, hand_off, parse_request, server_name

ROOT = Path(__file__).parents[1]


def _hand_off_from_another_process(name: str, targets: list[str]) -> subprocess.Popen:
    code = (
        "import sys\n"
        "from PySide6.QtCore import QCoreApplication\n"
        "from writer.instance import hand_off\n"
        "app = QCoreApplication([])\n"
        f"print(hand_off({name!r}, {targets!r}))\n"
    )
    return subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, stdout=subprocess.PIPE,
                            text=True)  # fmt: skip


def test_a_second_writer_hands_its_files_to_the_first(qtbot, tmp_path: Path) -> None:
    """Two processes each loaded the model and could edit the same file."""
    (tmp_path / "state").mkdir()
    name = server_name(tmp_path / "state")
    assert name != server_name(tmp_path / "other profile")
    server = InstanceServer(name)
    try:
        assert server.listening
        received: list[list[str]] = []
        server.open_requested.connect(received.append)
        later = _hand_off_from_another_process(name, ["story.md"])
        wait_until(lambda: bool(received) and later.poll() is not None, 20_000)
        assert later.stdout.read().strip() == "taken"
        assert received == [[str(ROOT / "story.md")]]  # made absolute where it was typed
    finally:
        server.close()
    # nobody listening: the later Writer runs by itself
    alone = _hand_off_from_another_process(name, [])
    assert alone.communicate(timeout=20)[0].strip() == "none"


def _socket_at(name: str, listening: bool) -> socket.socket:
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(name)
    if listening:
        sock.listen(8)  # (never accepted: each connection waits in the backlog)
    return sock


@pytest.mark.skipif(sys.platform == "win32", reason="Unix sockets")
def test_a_dead_writers_socket_is_taken_over_and_a_live_ones_never(qtbot, tmp_path: Path) -> None:
    """A later Writer took the running one's socket (Qt's UserAccessOption renames its own
    over it): every Writer after that started by itself."""
    (tmp_path / "state").mkdir()
    name = server_name(tmp_path / "state", {})
    dead = _socket_at(name, listening=False)  # bound, nobody listening: a killed Writer's
    dead.close()
    server = InstanceServer(name)
    assert server.listening
    server.close()
    live = _socket_at(name, listening=True)  # a Writer that hangs: it takes the connection
    try:
        assert hand_off(name, ["a.md"], answer_ms=200) == SILENT
        beside = InstanceServer(name)
        assert not beside.listening
        assert Path(name).exists()  # its socket is left where it is
        assert hand_off(name, [], answer_ms=200) == SILENT
    finally:
        live.close()


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0,
                    reason="needs root to make a socket another user's")  # fmt: skip
def test_another_users_socket_is_neither_trusted_nor_taken(qtbot, tmp_path: Path) -> None:
    """In a shared folder, a socket another user made at Writer's name took the writer's
    paths and kept their Writer from starting."""
    (tmp_path / "state").mkdir()
    name = server_name(tmp_path / "state", {})
    squatter = _socket_at(name, listening=True)
    try:
        os.chown(name, 65534, 65534)
        assert hand_off(name, ["diary.md"], answer_ms=200) == NONE
        server = InstanceServer(name)
        assert not server.listening
        assert Path(name).exists()
    finally:
        squatter.close()


@pytest.fixture
def short_tmp() -> Iterator[Path]:
    """A folder with a short path: a socket's path has room for about 100 characters, and
    pytest's own folders can be longer than that (under pytest-xdist's workers they are), where
    the socket goes to the system's temporary folder instead, as it should."""
    folder = Path(tempfile.mkdtemp(prefix="wi-"))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def test_the_socket_is_private_and_apart_for_each_profile_and_display(short_tmp: Path) -> None:
    tmp_path = short_tmp
    runtime = tmp_path / "run"
    runtime.mkdir(mode=0o700)
    here = server_name(tmp_path / "state", {"XDG_RUNTIME_DIR": str(runtime), "DISPLAY": ":0"})
    assert Path(here).parent == runtime
    assert here != server_name(tmp_path / "state", {"XDG_RUNTIME_DIR": str(runtime),
                                                    "DISPLAY": ":1"})  # fmt: skip
    open_to_all = tmp_path / "shared"
    open_to_all.mkdir(mode=0o777)
    open_to_all.chmod(0o777)
    there = server_name(tmp_path / "state", {"XDG_RUNTIME_DIR": str(open_to_all)})
    assert Path(there).parent == tmp_path / "state"  # not in a folder others can enter
    deep = tmp_path / ("very long folder name " * 6) / "state"
    assert len(server_name(deep, {})) <= 100


def test_the_running_writer_opens_what_it_is_handed(qtbot, state, tmp_path: Path) -> None:
    state._quitting = False  # (the fixture's guard for its shared worker; put back below)
    try:
        opens_what_it_is_handed(state, tmp_path)
    finally:
        state._quitting = True


def opens_what_it_is_handed(state, tmp_path: Path) -> None:
    story = tmp_path / "story.md"
    story.write_text("Once.\n")
    state.open_targets([str(story)])
    shown = state.window_showing(story)
    assert shown is not None
    count = len(state.windows)
    state.open_targets([str(story)])  # already shown: that window comes forward
    assert len(state.windows) == count
    state.open_targets([])  # a plain `writer`: a new window
    assert len(state.windows) == count + 1
    # the same file twice, or a project a window shows: no second window on it
    state.open_targets([str(story), str(tmp_path / "." / "story.md")])
    assert len(state.windows) == count + 1
    project = tmp_path / "novel"
    project.mkdir()
    (project / "one.md").write_text("One.\n")
    state.open_targets([str(project)])
    assert len(state.windows) == count + 2
    state.open_targets([str(project)])
    assert len(state.windows) == count + 2


@settings(max_examples=fuzz_examples(300), deadline=None)
@given(st.one_of(
    st.binary(max_size=300),
    st.text(max_size=300).map(str.encode),
    st.lists(st.text(max_size=20)).map(lambda paths: json.dumps({"open": paths}).encode()),
))
def test_a_request_is_a_list_of_paths_or_nothing(data: bytes) -> None:
    """The socket reads outside data: whatever comes, a list of paths or a refusal."""
    targets = parse_request(data)
    assert targets is None or all(isinstance(t, str) and t and "\0" not in t for t in targets)


def test_requests_that_are_not_lists_of_paths_are_refused() -> None:
    assert parse_request(b'{"open": ["/a.md", "b"]}') == ["/a.md", "b"]
    assert parse_request(b'{"open": []}') == []
    for bad in (b"", b"[]", b'{"open": "/a.md"}', b'{"open": [1]}', b'{"open": [""]}',
                b"\xff\xfe", b'{"open": ["a\\u0000b"]}'):
        assert parse_request(bad) is None, bad


def test_the_command_line_opens_a_window_for_each_file_and_no_more(
    qtbot, state, tmp_path: Path
) -> None:
    """A plain `writer` (and `writer FILE`) opened a second, empty window beside the first."""
    from writer.app import command_line_windows

    story = tmp_path / "story.md"
    story.write_text("Once.\n")
    other = tmp_path / "other.md"
    other.write_text("Twice.\n")
    for files, count in (([], 1), ([str(story)], 1), ([str(story), str(other), str(story)], 2)):
        state._quitting = False
        try:
            before = len(state.windows)
            first = command_line_windows(state, files)
            assert len(state.windows) - before == count, files
            assert (first.documents.path is None) == (not files)
        finally:
            state._quitting = True
        for window in list(state.windows):
            window.close()
