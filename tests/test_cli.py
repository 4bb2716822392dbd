"""The command line: failures are one line and a non-zero status."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path


def writer(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "writer", *args],
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )


def test_bench_refuses_a_file_that_is_not_a_model(tmp_path: Path) -> None:
    bad = tmp_path / "essay.gguf"
    bad.write_text("It was a dark and stormy night.")
    result = writer("bench", "--model", str(bad), "--json")
    assert result.returncode != 0
    assert result.stdout == ""
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1
    assert lines[0].startswith("writer bench: essay.gguf is not a GGUF model file")


def test_bench_refuses_a_missing_file(tmp_path: Path) -> None:
    result = writer("bench", "--model", str(tmp_path / "nowhere.gguf"))
    assert result.returncode != 0
    assert "There is no model file" in result.stderr


def test_doctor_finds_the_starter_model(starter_model: Path) -> None:
    result = writer("doctor", "--json")
    assert result.returncode == 0
    info = json.loads(result.stdout.strip().splitlines()[-1])
    assert info["starter_model"] == str(starter_model)
    assert info["llama_cpp_python"].startswith("0.3")
