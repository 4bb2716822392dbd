"""Opening and saving text files keeps their bytes; what is not text is refused in a sentence."""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.as_user import as_ordinary_user
from writer.documents.errors import DocumentError
from writer.documents.textfile import (
    FILE_NAME_CHARS,
    MAX_BYTES,
    TextFormat,
    encode_text,
    file_name_for,
    file_signature,
    read_text_file,
    save_text_file,
)

CHINESE = "第一章\n她推开门，外面下着雨。\n“你来了。”他说。\n"


def _round_trip(path: Path, data: bytes) -> bytes:
    path.write_bytes(data)
    loaded = read_text_file(path)
    save_text_file(path, loaded.text, loaded.format)
    return path.read_bytes()


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("plain.md", b"# Title\n\nSome text.\n"),
        ("bom.txt", b"\xef\xbb\xbfFirst line\nSecond line\n"),
        ("crlf.txt", b"one\r\ntwo\r\n\r\nthree"),
        ("cr.txt", b"old mac\rline endings\r"),
        ("chinese.md", CHINESE.encode()),
        ("chinese-bom-crlf.md", b"\xef\xbb\xbf" + CHINESE.replace("\n", "\r\n").encode()),
        ("empty.txt", b""),
        ("bom-only.txt", b"\xef\xbb\xbf"),
        ("no-final-newline.txt", b"a\r\nb"),
    ],
)
def test_open_and_save_is_byte_identical(tmp_path: Path, name: str, data: bytes) -> None:
    assert _round_trip(tmp_path / name, data) == data


def test_editor_sees_only_newlines_and_no_bom(tmp_path: Path) -> None:
    path = tmp_path / "notes.md"
    path.write_bytes(b"\xef\xbb\xbf" + "标题\r\n\r\n正文".encode())
    loaded = read_text_file(path)
    assert loaded.text == "标题\n\n正文"
    assert loaded.format == TextFormat(bom=True, newline="\r\n")
    assert not loaded.mixed_newlines


def test_edited_text_is_saved_with_the_files_line_endings(tmp_path: Path) -> None:
    path = tmp_path / "letter.txt"
    path.write_bytes(b"Dear Ann,\r\n")
    loaded = read_text_file(path)
    save_text_file(path, loaded.text + "Thank you.\n", loaded.format)
    assert path.read_bytes() == b"Dear Ann,\r\nThank you.\r\n"


def test_mixed_line_endings_become_the_dominant_kind(tmp_path: Path) -> None:
    path = tmp_path / "mixed.txt"
    path.write_bytes(b"a\r\nb\r\nc\nd\r\n")
    loaded = read_text_file(path)
    assert loaded.mixed_newlines
    assert loaded.format.newline == "\r\n"
    assert loaded.text == "a\nb\nc\nd\n"
    assert encode_text(loaded.text, loaded.format) == b"a\r\nb\r\nc\r\nd\r\n"


def test_pasted_carriage_returns_do_not_mix_line_endings() -> None:
    assert encode_text("x\r\ny\rz\n", TextFormat(newline="\n")) == b"x\ny\nz\n"


def test_new_document_format_is_plain_utf8() -> None:
    assert encode_text("é\n", TextFormat()) == "é\n".encode()


@pytest.mark.parametrize(
    ("name", "data", "says"),
    [
        ("report.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\x00\x00<<>>", "contains binary data"),
        ("photo.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "contains binary data"),
        ("latin1.txt", "Café déjà vu\n".encode("latin-1"), "not UTF-8 text"),
        ("wide.txt", "hello\n".encode("utf-16"), "UTF-16"),
    ],
)
def test_files_that_are_not_utf8_text_are_refused(
    tmp_path: Path, name: str, data: bytes, says: str
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(DocumentError) as caught:
        read_text_file(path)
    message = str(caught.value)
    assert message.startswith(name)
    assert says in message
    assert "Writer opens UTF-8 plain text and Markdown" in message
    assert message.endswith(".")
    assert path.read_bytes() == data


def test_missing_file_is_explained(tmp_path: Path) -> None:
    with pytest.raises(DocumentError, match=r"Could not open gone\.md: there is no such file"):
        read_text_file(tmp_path / "gone.md")
    # `writer /nowhere/y.md`: it said "no such file (it may have been moved...)"
    with pytest.raises(DocumentError, match=r"y\.md: the folder .*nowhere does not exist"):
        read_text_file(tmp_path / "nowhere" / "y.md")


def test_folder_is_explained(tmp_path: Path) -> None:
    (tmp_path / "chapters").mkdir()
    with pytest.raises(DocumentError, match="it is a folder, not a file"):
        read_text_file(tmp_path / "chapters")


def test_pipe_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(DocumentError, match="not an ordinary file"):
        read_text_file(fifo)


def _open_as_ordinary_user(path: Path) -> str:
    """Open `path` as nobody; return "opened" or the error's message."""

    def open_it() -> str:
        read_text_file(path)
        return "opened"

    return as_ordinary_user(open_it)


def test_unreadable_file_is_explained() -> None:
    folder = Path(tempfile.mkdtemp(prefix="writer-user-"))
    try:
        folder.chmod(0o755)
        path = folder / "secret.md"
        path.write_text("private")
        path.chmod(0o600 if os.geteuid() == 0 else 0)
        answer = _open_as_ordinary_user(path)
        assert answer == "Could not open secret.md: you do not have permission to read it."
    finally:
        shutil.rmtree(folder)


def test_file_over_200_mb_is_refused_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "huge.log"
    with open(path, "wb") as f:
        f.truncate(MAX_BYTES + 1)
    with pytest.raises(DocumentError, match=r"huge\.log: it is 200 MB, and Writer opens files up"):
        read_text_file(path)


def test_nul_after_the_first_64_kib_does_not_make_a_file_binary(tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    data = b"x" * 70_000 + b"\x00end"
    path.write_bytes(data)
    assert _round_trip(path, data) == data


def test_ten_megabytes_open_and_encode_fast(tmp_path: Path) -> None:
    path = tmp_path / "novel.md"
    data = ("她推开门，外面下着雨。Rain, and more rain.\r\n" * 200_000).encode()
    assert len(data) > 10_000_000
    path.write_bytes(data)
    start = time.perf_counter()
    loaded = read_text_file(path)
    encoded = encode_text(loaded.text, loaded.format)
    elapsed = time.perf_counter() - start
    assert encoded == data
    assert elapsed < 1.0


def test_signature_changes_when_another_program_writes(tmp_path: Path) -> None:
    path = tmp_path / "shared.md"
    path.write_text("one")
    loaded = read_text_file(path)
    assert file_signature(path) == loaded.signature
    path.write_text("two, longer")
    assert file_signature(path) != loaded.signature
    path.unlink()
    assert file_signature(path) is None


@given(st.text(max_size=300), st.sampled_from(["Untitled", "未命名"]))
def test_a_suggested_file_name_is_always_one_name_of_the_first_line(
    text: str, fallback: str
) -> None:
    name = file_name_for(text, fallback)
    assert name.endswith(".md")
    stem = name[: -len(".md")]
    assert stem
    assert len(stem) <= FILE_NAME_CHARS
    assert not set(stem) & set('/\\:*?"<>|…')
    assert all(ord(ch) >= 32 and ord(ch) != 127 for ch in stem)
    assert stem == stem.strip(" .")
    assert Path(name).name == name


def test_a_suggested_file_name_is_the_title_without_its_marks() -> None:
    assert file_name_for("\n# Hello: a story?\n\nText.") == "Hello a story.md"
    assert file_name_for("   \n\n", "未命名") == "未命名.md"
    assert file_name_for("第一章 港口") == "第一章 港口.md"
    assert file_name_for("傍晚的散步。\n正文") == "傍晚的散步.md"  # it kept the 。
    assert file_name_for("Dear Ann,\nText") == "Dear Ann.md"
