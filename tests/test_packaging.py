"""The desktop integration files: a valid freedesktop entry, valid AppStream metainfo, icons at
the usual sizes, and the wheel installing them. (The bundle itself is built by
packaging/bundle.sh, not here.)"""

from __future__ import annotations

import configparser
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
RES = ROOT / "resources"
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
    for script in ("bundle.sh", "install-desktop.sh"):
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
