"""One Writer per profile: a later `writer FILE` hands its files to the running one."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import fuzz_examples, wait_until
from writer.instance import InstanceServer, parse_request, server_name

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
    name = server_name(tmp_path / "state")
    assert name != server_name(tmp_path / "other profile")
    server = InstanceServer(name)
    try:
        assert server.listening
        received: list[list[str]] = []
        server.open_requested.connect(received.append)
        later = _hand_off_from_another_process(name, ["story.md"])
        wait_until(lambda: bool(received) and later.poll() is not None, 20_000)
        assert later.stdout.read().strip() == "True"
        assert received == [[str(ROOT / "story.md")]]  # made absolute where it was typed
    finally:
        server.close()
    # nobody listening: the later Writer runs by itself
    alone = _hand_off_from_another_process(name, [])
    assert alone.communicate(timeout=20)[0].strip() == "False"


@pytest.mark.skipif(sys.platform == "win32", reason="a Unix socket left behind")
def test_a_socket_left_by_a_killed_writer_is_taken_over(qtbot, tmp_path: Path) -> None:
    from PySide6.QtCore import QDir

    name = server_name(tmp_path / "state")
    left = socket.socket(socket.AF_UNIX)
    left.bind(str(Path(QDir.tempPath()) / name))  # bound and never listening: a dead one's
    left.close()
    server = InstanceServer(name)
    try:
        assert server.listening
    finally:
        server.close()


def test_the_running_writer_opens_what_it_is_handed(qtbot, state, tmp_path: Path) -> None:
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
