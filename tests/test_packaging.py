"""The desktop integration files: a valid freedesktop entry, valid AppStream metainfo, icons at
the usual sizes, and the wheel installing them. (The bundle itself is built by
packaging/bundle.sh, not here.)"""

from __future__ import annotations

import configparser
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
RES = ROOT / "resources"
SETUP = ROOT / "packaging" / "setup.sh"
APP_ID = "io.github.writer.Writer"
SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)

pytestmark = pytest.mark.slow


def test_the_desktop_entry_is_valid() -> None:
    path = RES / f"{APP_ID}.desktop"
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str
    entry.read(path, encoding="utf-8")
    section = entry["Desktop Entry"]
    assert section["Type"] == "Application"
    assert section["Exec"].startswith("writer")
    assert section["Icon"] == APP_ID
    assert "text/markdown" in section["MimeType"]
    assert section["Name[zh_CN]"]
    validate = shutil.which("desktop-file-validate")
    if validate:
        result = subprocess.run([validate, str(path)], capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr


def test_the_appstream_metainfo_is_valid() -> None:
    path = RES / f"{APP_ID}.metainfo.xml"
    root = ET.parse(path).getroot()
    assert root.get("type") == "desktop-application"
    assert root.findtext("id") == APP_ID
    assert root.findtext("launchable") == f"{APP_ID}.desktop"
    assert root.findtext("metadata_license") == "CC0-1.0"
    assert root.findtext("project_license") == "Apache-2.0"
    assert root.find("content_rating") is not None
    assert root.find("releases/release").get("version")
    appstream = shutil.which("appstreamcli")
    if appstream:
        result = subprocess.run(
            [appstream, "validate", "--no-net", str(path)], capture_output=True, text=True
        )
        assert result.returncode == 0, result.stdout + result.stderr


def test_the_icons_are_there_at_every_size(qapp) -> None:
    from PySide6.QtGui import QImage
    from PySide6.QtSvg import QSvgRenderer

    assert QSvgRenderer(str(RES / "icons" / f"{APP_ID}.svg")).isValid()
    for size in SIZES:
        png = RES / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        image = QImage(str(png))
        assert (image.width(), image.height()) == (size, size), png


def test_the_wheel_installs_the_desktop_files() -> None:
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    for needed in (
        f"resources/{APP_ID}.desktop",
        f"resources/{APP_ID}.metainfo.xml",
        "resources/i18n/writer_zh_CN.qm",
        f"resources/icons/hicolor/256x256/apps/{APP_ID}.png",
    ):
        assert needed in text


def test_the_bundle_scripts_are_ready() -> None:
    for script in ("bundle.sh", "install-desktop.sh", "setup.sh", "gpu/run_bench.sh"):
        path = ROOT / "packaging" / script
        assert path.stat().st_mode & 0o111, script
        assert subprocess.run(["bash", "-n", str(path)]).returncode == 0
    entry = (ROOT / "packaging" / "bundle_entry.py").read_text(encoding="utf-8")
    assert "from writer.cli import main" in entry


def test_the_bundled_program_answers_as_its_own_probe(tmp_path: Path) -> None:
    """A bundle has no `python -m`: the probe child is the program itself with a flag."""
    import sys

    from writer.cli import main
    from writer.engine.probe import PROBE_FLAG, probe_command

    assert probe_command()[1:] == ["-m", "writer.engine.probe"]
    sys.frozen = True  # as PyInstaller sets it
    try:
        assert probe_command()[1:] == [PROBE_FLAG]
    finally:
        del sys.frozen
    bad = tmp_path / "x.gguf"
    bad.write_text("not a model")
    assert main([PROBE_FLAG, str(bad), "0"]) == 1
    # and as a regular expression's search child (it started Writer, a window, in a bundle)
    import json

    from writer.project import search_apart

    assert search_apart.child_command()[1:] == ["-P", "-m", "writer.project.search_apart"]
    sys.frozen = True
    try:
        assert search_apart.child_command()[1:] == [search_apart.SERVE_FLAG]
    finally:
        del sys.frozen
    asked = {"query": ["Ru.h", True, False, True], "limit": 5, "texts": [["a.md", "Ruth ran"]]}
    answer = subprocess.run(
        [sys.executable, "-c", "import sys; from writer.cli import main; sys.exit(main())",
         search_apart.SERVE_FLAG], input=json.dumps(asked), capture_output=True, text=True,
        cwd=ROOT, timeout=60)  # fmt: skip
    assert json.loads(answer.stdout)["count"] == 1


def _readme_command(title: str) -> str:
    """The shell line in the README's code block after the bold `title`."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    found = re.search(r"\*\*" + re.escape(title) + r"\*\*.*?```sh\n(.*?)\n```", text, re.S)
    assert found, title
    return found[1].strip()


def test_ci_runs_the_readme_test_command_with_the_test_tools() -> None:
    test = _readme_command("Run the whole test suite")
    assert test.startswith("packaging/setup.sh --test && ")
    assert ".venv/bin/ruff check" in test
    assert test.endswith(".venv/bin/python -m pytest -n auto")  # on every core (pytest-xdist)
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").strip().splitlines()
    assert ci[-1] == test
    run = _readme_command("Open the editor")
    assert run == "packaging/setup.sh && .venv/bin/writer"


def test_the_setup_script_refuses_an_unknown_option() -> None:
    result = subprocess.run([str(SETUP), "--tests"], capture_output=True, text=True)
    assert result.returncode == 2
    assert "unknown option '--tests'" in result.stderr
    assert "--test" in result.stderr


def test_a_second_setup_run_needs_no_network() -> None:
    """When nothing changed, setup.sh installs nothing: it runs again here with every way out
    closed (a network namespace of its own where unshare can make one; pip pointed at nothing
    in any case) and still sets the environment up, ending with `writer doctor`."""
    env = {**os.environ, "WRITER_VENV": sys.prefix}
    check = subprocess.run([str(SETUP), "--test", "--check"], env=env, capture_output=True,
                           text=True)  # fmt: skip
    if check.returncode != 0:
        pytest.skip("the tests do not run in the environment `packaging/setup.sh --test` made of "
                    f"this checkout as it is now: {check.stdout.strip()} {check.stderr.strip()}")
    env.update(PIP_INDEX_URL="http://127.0.0.1:9/", PIP_NO_INDEX="1", PIP_FIND_LINKS="",
               PIP_EXTRA_INDEX_URL="")  # fmt: skip
    command = [str(SETUP), "--test"]
    isolated = shutil.which("unshare") and subprocess.run(
        ["unshare", "-rn", "true"], capture_output=True).returncode == 0  # fmt: skip
    if isolated:
        command = ["unshare", "-rn", *command]
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "is up to date" in result.stdout
    assert "llama_cpp_python" in result.stdout  # doctor's report
    # the app's own run is satisfied by a --test environment too
    plain = subprocess.run([str(SETUP), "--check"], env=env, capture_output=True, text=True)
    assert plain.returncode == 0, plain.stdout + plain.stderr


def test_the_server_build_script_says_when_nothing_is_built(tmp_path: Path) -> None:
    """`packaging/llama_server.sh --where` names the folder of a finished build only; the tests
    and the bench skip the llama-server parts on its exit status."""
    script = ROOT / "packaging" / "llama_server.sh"
    env = {**os.environ, "WRITER_WHEEL_CACHE": str(tmp_path)}
    result = subprocess.run([str(script), "--where"], capture_output=True, text=True, env=env)
    assert result.returncode == 1
    assert "not built" in result.stderr
    assert "packaging/llama_server.sh" in result.stderr
    result = subprocess.run([str(script), "--wher"], capture_output=True, text=True, env=env)
    assert result.returncode == 2
    assert "unknown option '--wher'" in result.stderr
    assert not any(tmp_path.iterdir())  # asking builds and fetches nothing
