"""Atomic save: the file is the old one or the new one, and a failed save changes nothing."""

from __future__ import annotations

import errno
import os
import shutil
import stat
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.as_user import NOBODY, as_ordinary_user
from tests.conftest import IS_ROOT, protected
from writer.documents import atomic
from writer.documents.atomic import save_atomic
from writer.documents.errors import DocumentError, SaveError

ORIGINAL = b"# Notes\n\nThe first draft, which must survive.\n"


def _listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def _assert_safe_message(error: SaveError, name: str) -> None:
    message = str(error)
    assert message.startswith(f"Could not save {name}: ")
    assert "Your text is still open in Writer" in message
    assert message.endswith(".")


def test_new_file_gets_the_umask_mode(tmp_path: Path) -> None:
    umask = os.umask(0)
    os.umask(umask)
    path = tmp_path / "new.md"
    save_atomic(path, b"hello")
    assert path.read_bytes() == b"hello"
    assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~umask
    assert _listing(tmp_path) == ["new.md"]


@pytest.mark.parametrize("mode", [0o600, 0o640, 0o755])
def test_permissions_are_kept(tmp_path: Path, mode: int) -> None:
    path = tmp_path / "notes.md"
    path.write_bytes(ORIGINAL)
    path.chmod(mode)
    save_atomic(path, b"new text")
    assert path.read_bytes() == b"new text"
    assert stat.S_IMODE(path.stat().st_mode) == mode


@pytest.mark.skipif(not IS_ROOT, reason="only root can give a file to another owner")
def test_owner_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "theirs.md"
    path.write_bytes(ORIGINAL)
    os.chown(path, 4321, 4321)
    save_atomic(path, b"edited by root")
    st = path.stat()
    assert (st.st_uid, st.st_gid) == (4321, 4321)


def test_symlink_is_written_through(tmp_path: Path) -> None:
    real = tmp_path / "real" / "book.md"
    real.parent.mkdir()
    real.write_bytes(ORIGINAL)
    link = tmp_path / "book-link.md"
    link.symlink_to(real)
    save_atomic(link, b"through the link")
    assert link.is_symlink()
    assert real.read_bytes() == b"through the link"
    assert _listing(real.parent) == ["book.md"]


def test_read_only_folder_leaves_original_and_no_temp_file(tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    path = folder / "notes.md"
    path.write_bytes(ORIGINAL)
    with protected(folder), pytest.raises(SaveError) as caught:
        save_atomic(path, b"lost?")
    assert path.read_bytes() == ORIGINAL
    assert _listing(folder) == ["notes.md"]
    _assert_safe_message(caught.value, "notes.md")
    assert "not allowed to write in the folder “locked”" in str(caught.value)


def test_read_only_file_is_not_replaced(tmp_path: Path) -> None:
    path = tmp_path / "final.md"
    path.write_bytes(ORIGINAL)
    with protected(path), pytest.raises(SaveError) as caught:
        save_atomic(path, b"lost?")
    assert path.read_bytes() == ORIGINAL
    assert _listing(tmp_path) == ["final.md"]
    _assert_safe_message(caught.value, "final.md")


def test_target_replaced_by_a_folder(tmp_path: Path) -> None:
    path = tmp_path / "notes.md"
    path.mkdir()
    (path / "inside.txt").write_bytes(ORIGINAL)
    with pytest.raises(SaveError) as caught:
        save_atomic(path, b"text")
    assert _listing(path) == ["inside.txt"]
    assert (path / "inside.txt").read_bytes() == ORIGINAL
    assert _listing(tmp_path) == ["notes.md"]
    _assert_safe_message(caught.value, "notes.md")
    assert "there is a folder with that name in its place" in str(caught.value)


def test_full_disk_leaves_original_byte_identical(small_disk: Path) -> None:
    path = small_disk / "notes.md"
    original = ORIGINAL * 400
    path.write_bytes(original)
    with pytest.raises(SaveError) as caught:
        save_atomic(path, b"a much longer revision\n" * 50_000)
    assert path.read_bytes() == original
    assert _listing(small_disk) == ["notes.md"]
    _assert_safe_message(caught.value, "notes.md")
    assert "the disk is full" in str(caught.value)
    assert "free some space or save elsewhere" in str(caught.value)


def test_save_fits_again_after_space_is_freed(small_disk: Path) -> None:
    filler = small_disk / "filler.bin"
    filler.write_bytes(b"\0" * 100_000)
    path = small_disk / "notes.md"
    path.write_bytes(ORIGINAL)
    with pytest.raises(SaveError):
        save_atomic(path, b"x" * 40_000)
    filler.unlink()
    save_atomic(path, b"x" * 40_000)
    assert path.read_bytes() == b"x" * 40_000


def test_failed_flush_to_disk_removes_the_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "notes.md"
    path.write_bytes(ORIGINAL)

    def failing_fsync(fd: int) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(atomic.os, "fsync", failing_fsync)
    with pytest.raises(SaveError) as caught:
        save_atomic(path, b"new")
    assert path.read_bytes() == ORIGINAL
    assert _listing(tmp_path) == ["notes.md"]
    assert "the disk reported a read or write error" in str(caught.value)


def test_missing_folder_is_explained(tmp_path: Path) -> None:
    with pytest.raises(SaveError) as caught:
        save_atomic(tmp_path / "removed" / "notes.md", b"text")
    _assert_safe_message(caught.value, "notes.md")
    assert "its folder “removed” does not exist" in str(caught.value)
    # two folders missing: the first one to make is named, with its place
    with pytest.raises(SaveError) as caught:
        save_atomic(tmp_path / "gone" / "sub" / "notes.md", b"text")
    assert f"the folder “{tmp_path / 'gone'}” on its way does not exist" in str(caught.value)


def test_a_file_in_place_of_a_folder_is_named(tmp_path: Path) -> None:
    """Save As "notes.txt/x.md" (the parent is a file): the file is named, not a folder that
    "no longer exists"."""
    (tmp_path / "notes.txt").write_text("a file", encoding="utf-8")
    with pytest.raises(SaveError) as caught:
        save_atomic(tmp_path / "notes.txt" / "x.md", b"text")
    _assert_safe_message(caught.value, "x.md")
    assert "“notes.txt” on its way is a file, not a folder" in str(caught.value)


def test_save_error_is_a_document_error() -> None:
    assert issubclass(SaveError, DocumentError)


@pytest.fixture
def user_dir() -> Iterator[Path]:
    """A folder owned by an ordinary user, outside root's private pytest folder."""
    if not IS_ROOT:
        pytest.skip("needs root to act as another user")
    folder = Path(tempfile.mkdtemp(prefix="writer-user-"))
    folder.chmod(0o755)
    os.chown(folder, NOBODY, NOBODY)
    try:
        yield folder
    finally:
        shutil.rmtree(folder)


def _save_as_ordinary_user(path: Path, data: bytes) -> str:
    """Run save_atomic as nobody; return "saved" or the error's message."""

    def save() -> str:
        save_atomic(path, data)
        return "saved"

    return as_ordinary_user(save)


def test_ordinary_user_cannot_replace_a_read_only_file(user_dir: Path) -> None:
    path = user_dir / "final.md"
    path.write_bytes(ORIGINAL)
    os.chown(path, NOBODY, NOBODY)
    path.chmod(0o444)
    answer = _save_as_ordinary_user(path, b"lost?")
    assert answer.startswith("Could not save final.md: the file is read-only.")
    assert "Your text is still open in Writer" in answer
    assert path.read_bytes() == ORIGINAL
    assert _listing(user_dir) == ["final.md"]


def test_ordinary_user_in_a_read_only_folder(user_dir: Path) -> None:
    path = user_dir / "notes.md"
    path.write_bytes(ORIGINAL)
    os.chown(path, NOBODY, NOBODY)
    user_dir.chmod(0o555)
    answer = _save_as_ordinary_user(path, b"lost?")
    assert "not allowed to write in the folder" in answer
    assert path.read_bytes() == ORIGINAL
    assert _listing(user_dir) == ["notes.md"]


def test_ordinary_user_saves_their_own_file(user_dir: Path) -> None:
    path = user_dir / "mine.md"
    path.write_bytes(ORIGINAL)
    os.chown(path, NOBODY, NOBODY)
    path.chmod(0o640)
    assert _save_as_ordinary_user(path, b"new") == "saved"
    assert path.read_bytes() == b"new"
    st = path.stat()
    assert (st.st_uid, stat.S_IMODE(st.st_mode)) == (NOBODY, 0o640)


def test_a_save_clears_what_a_killed_save_left_behind(tmp_path: Path) -> None:
    """A save killed between creating its temporary file and renaming it leaves that file; the
    next save of the same document removes it once it is old enough never to be one in flight."""
    path = tmp_path / "notes.md"
    path.write_bytes(ORIGINAL)
    old = tmp_path / ".notes.md.0a1b2c3d.tmp"
    old.write_bytes(b"half")
    os.utime(old, (time.time() - 3600, time.time() - 3600))
    fresh = tmp_path / ".notes.md.00ff00ff.tmp"
    fresh.write_bytes(b"in flight")
    other = tmp_path / ".other.md.0a1b2c3d.tmp"
    other.write_bytes(b"not ours to judge")
    os.utime(other, (time.time() - 3600, time.time() - 3600))
    save_atomic(path, b"new")
    assert _listing(tmp_path) == [".notes.md.00ff00ff.tmp", ".other.md.0a1b2c3d.tmp", "notes.md"]
