"""Broken and hostile model files are refused with a sentence; the test process never crashes."""

from __future__ import annotations

import os
import shutil
import struct
import sys
import textwrap
from pathlib import Path

import gguf
import pytest

from tests.conftest import tiny_gguf
from writer.engine.engine import Engine, ModelLoadError
from writer.engine.gguf_header import ModelFileError, read_gguf_header


def _header(version: int = 3, tensors: int = 1, kvs: int = 0) -> bytes:
    return b"GGUF" + struct.pack("<IQQ", version, tensors, kvs)


CASES = {
    "empty.gguf": (lambda p: p.write_bytes(b""), "empty"),
    "notes.gguf": (lambda p: p.write_text("Dear diary,\nthis is not a model.\n"), "not a GGUF"),
    "header-only.gguf": (lambda p: p.write_bytes(b"GGUF\x03\x00"), "ends early"),
    "version-99.gguf": (lambda p: p.write_bytes(_header(version=99) + b"\0" * 64), "version 99"),
    "absurd-count.gguf": (
        lambda p: p.write_bytes(_header(tensors=2**60) + b"\0" * 64),
        "damaged",
    ),
    "huge-string.gguf": (
        lambda p: p.write_bytes(_header(kvs=1) + struct.pack("<Q", 2**40) + b"x" * 64),
        "damaged",
    ),
    "string-past-end.gguf": (
        lambda p: p.write_bytes(_header(kvs=1) + struct.pack("<Q", 5000) + b"x" * 64),
        "ends early",
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_malformed_files_are_refused_before_llama_cpp(tmp_path: Path, name: str) -> None:
    make, words = CASES[name]
    path = tmp_path / name
    make(path)
    with pytest.raises(ModelLoadError) as err:
        Engine.load(path, n_ctx=256)
    assert words in str(err.value)
    assert path.name in str(err.value)


def test_a_damaged_length_is_said_in_plain_words(tmp_path: Path) -> None:
    """A model file whose metadata key claims an absurd length (a few bytes flipped) said
    "The file claims a a metadata key of …": the article came twice."""
    path = tmp_path / "flipped.gguf"
    path.write_bytes(_header(kvs=1) + struct.pack("<Q", 2**64 - 1) + b"x" * 64)
    with pytest.raises(ModelFileError) as err:
        read_gguf_header(path)
    assert "The file claims a metadata key of 18,446,744,073,709,551,615 bytes" in str(err.value)
    assert "a a " not in str(err.value)


def test_missing_architecture_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "noarch.gguf"
    # A well-formed GGUF whose only metadata is a name: no architecture key.
    body = _header(tensors=1, kvs=1)
    key, value = b"general.name", b"x"
    body += struct.pack("<Q", len(key)) + key + struct.pack("<IQ", 8, len(value)) + value
    name = b"t"
    body += struct.pack("<Q", len(name)) + name + struct.pack("<IQIQ", 1, 4, 0, 0)
    body += b"\0" * (32 - len(body) % 32) + b"\0" * 16
    path.write_bytes(body)
    with pytest.raises(ModelFileError, match="architecture"):
        read_gguf_header(path)


def test_truncated_download_is_reported_as_incomplete(tmp_path: Path, starter_model) -> None:
    path = tmp_path / "partial.gguf"
    with starter_model.open("rb") as src, path.open("wb") as dst:
        dst.write(src.read(20_000_000))
    with pytest.raises(ModelLoadError, match="incomplete"):
        Engine.load(path, n_ctx=256)


def test_tensor_beyond_end_of_file(tmp_path: Path) -> None:
    path = tiny_gguf(tmp_path / "tiny.gguf")
    size = path.stat().st_size
    os.truncate(path, size - 100)
    with pytest.raises(ModelFileError, match="incomplete"):
        read_gguf_header(path)


def test_unknown_architecture_is_refused_by_llama_cpp_in_a_sentence(tmp_path: Path) -> None:
    path = tiny_gguf(tmp_path / "odd.gguf", arch="no-such-architecture")
    read_gguf_header(path)  # the header itself is fine
    with pytest.raises(ModelLoadError) as err:
        Engine.load(path, n_ctx=256)
    message = str(err.value)
    assert "odd.gguf cannot be used" in message
    assert "no-such-architecture" in message


def test_wrong_tensor_shapes_name_the_tensor(tmp_path: Path, starter_model: Path) -> None:
    path = tmp_path / "wrong-shape.gguf"
    shutil.copy(starter_model, path)
    reader = gguf.GGUFReader(str(path), "r+")
    field = reader.fields["llama.feed_forward_length"]
    field.parts[field.data[0]][0] = 7
    del reader
    with pytest.raises(ModelLoadError, match="ffn_gate.weight"):
        Engine.load(path, n_ctx=256)


@pytest.mark.slow
def test_a_model_that_crashes_llama_cpp_is_reported_not_fatal(
    tmp_path: Path, starter_model: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The probe child really dies of SIGSEGV (a null read while running the model); the
    verdict names the signal, the test process lives on, and the verdict is remembered."""
    hook = tmp_path / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(
        textwrap.dedent(
            """
            import ctypes
            import writer.engine.runtime as runtime

            def _crash(self, *args, **kwargs):
                ctypes.string_at(0)

            runtime.LlamaContext.decode = _crash
            """
        )
    )
    model = tmp_path / "crashes.gguf"
    shutil.copy(starter_model, model)
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(hook), *sys.path]))
    with pytest.raises(ModelLoadError) as err:
        Engine.load(model, n_ctx=256)
    assert "crashed" in str(err.value)
    assert "SIGSEGV" in str(err.value)

    # Remembered: without the crash hook the file still is not loaded in this process.
    monkeypatch.delenv("PYTHONPATH")
    with pytest.raises(ModelLoadError, match="crashed"):
        Engine.load(model, n_ctx=256)
