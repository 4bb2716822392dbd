"""The command line: failures are one line and a non-zero status."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest


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


@pytest.mark.slow
def test_bench_measures_llama_cpps_own_floors(tiny_model: Path) -> None:
    """The floors section runs a bare llama-cpp-python in a child process and reports what
    llama.cpp itself costs (here at a small context, so the farthest point moves in; on the
    tiny model, conftest: what is measured, not how fast)."""
    result = writer(
        "bench", "--only", "floors", "--n-ctx", "512", "--model", str(tiny_model), "--json"
    )
    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout)
    far, near = 512 - 16, (512 - 16) // 2
    for key in (
        f"raw_decode_ms_{far}",
        f"raw_decode_ms_{near}",
        "raw_decode_ms_64",
        f"raw_batch4_cost_{near}",
        "raw_batch8_cost_64",
        f"raw_ttft_floor_ratio_{far}_{near}",
        "raw_prompt_tok_s",
        "raw_prompt_tok_s_flash_attn",
    ):
        assert figures[key] > 0, key


def test_the_command_line_opens_several_files_says_its_version_and_needs_a_display(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`writer a.md b.md` failed ("unrecognized arguments"), there was no --version, and
    without a display Qt aborted with a core dump instead of a sentence."""
    from writer import __version__
    from writer.cli import _gui_parser, main, no_display

    args = _gui_parser().parse_args(["a.md", "b.md", "--model", "m.gguf"])
    assert args.files == ["a.md", "b.md"]
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out.strip() == f"Writer {__version__}"
    assert "no display" in no_display({}, "linux")
    assert no_display({"DISPLAY": ":0"}, "linux") == ""
    assert no_display({"WAYLAND_DISPLAY": "wayland-0"}, "linux") == ""
    assert no_display({"QT_QPA_PLATFORM": "offscreen"}, "linux") == ""
    assert no_display({}, "darwin") == ""
    for name in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(name, raising=False)
    if sys.platform == "linux":
        assert main(["story.md"]) == 1
        assert "writer: no display" in capsys.readouterr().err
