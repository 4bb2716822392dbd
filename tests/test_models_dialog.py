"""The Models dialog, driven through its real widgets against the local stand-in Hub."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from tests.hubserver import STARTER_NAME, TEST_REPO, HubServer
from writer.settings import Settings
from writer.ui.models_dialog import ModelsDialog


@pytest.fixture
def dialog(qtbot):
    settings = Settings.load()
    settings.n_ctx = 2048
    d = ModelsDialog(settings, offload=False)
    qtbot.addWidget(d)
    d.show()
    yield d
    d.close()


def rows(tree) -> list[str]:
    return [tree.topLevelItem(i).text(0) for i in range(tree.topLevelItemCount())]


def test_installed_lists_the_active_starter_and_use_emits_model_chosen(
    qtbot, dialog: ModelsDialog, tmp_path: Path, starter_model: Path
):
    assert rows(dialog.installed_tree) == [f"{STARTER_NAME}   (active)"]
    assert not dialog.use_button.isEnabled()
    assert not dialog.delete_button.isEnabled()
    assert dialog.installed_tree.topLevelItem(0).text(3).startswith(("✓", "◐", "✗"))

    mine = tmp_path / "mine.gguf"
    mine.symlink_to(starter_model)
    dialog.import_file(str(mine))
    dialog.installed_tree.setCurrentItem(dialog.installed_tree.topLevelItem(1))
    assert dialog.use_button.isEnabled()
    with qtbot.waitSignal(dialog.model_chosen, timeout=2000) as chosen:
        qtbot.mouseClick(dialog.use_button, Qt.MouseButton.LeftButton)
    assert chosen.args == [str(mine)]
    assert Settings.load().model_path == str(mine)
    assert rows(dialog.installed_tree)[1] == "mine.gguf   (active)"


def test_a_file_that_is_not_a_model_shows_a_sentence(dialog: ModelsDialog, tmp_path: Path):
    junk = tmp_path / "junk.gguf"
    junk.write_bytes(b"not a model")
    dialog.import_file(str(junk))
    assert "not a GGUF model file" in dialog.error.text()
    assert dialog.error.isVisibleTo(dialog)


def test_the_catalog_marks_the_starter_installed(dialog: ModelsDialog):
    tree = dialog.catalog_tree
    first = tree.topLevelItem(0)
    assert first.text(0).startswith("SmolLM2 135M")
    assert first.text(4) == "installed"
    assert tree.topLevelItemCount() >= 8
    tree.setCurrentItem(tree.topLevelItem(3))
    assert dialog.catalog_download.isEnabled()
    assert "licence" in dialog.catalog_note.text()


def test_a_catalog_download_missing_on_the_hub_is_a_sentence(
    qtbot, hub: HubServer, dialog: ModelsDialog
):
    dialog.catalog_tree.setCurrentItem(dialog.catalog_tree.topLevelItem(1))
    with qtbot.waitSignal(dialog.download_stopped, timeout=5000):
        dialog.catalog_download.click()
    assert "There is no model repository" in dialog.error.text()
    assert dialog.panel.retry_button.isEnabled()


def test_search_download_cancel_retry_use_and_delete(
    qtbot, hub: HubServer, dialog: ModelsDialog, monkeypatch: pytest.MonkeyPatch
):
    dialog.tabs.setCurrentIndex(2)
    dialog.query.setText("smollm2")
    dialog.search_button.click()
    qtbot.waitUntil(lambda: dialog.results.topLevelItemCount() == 1, timeout=5000)
    dialog.results.setCurrentItem(dialog.results.topLevelItem(0))
    qtbot.waitUntil(lambda: dialog.variants.topLevelItemCount() == 2, timeout=5000)
    assert [dialog.variants.topLevelItem(i).text(0) for i in range(2)] == ["Q4_1", "Q8_0"]
    assert dialog.variants.topLevelItem(0).text(1) == "98.4 MB"
    dialog.variants.setCurrentItem(dialog.variants.topLevelItem(0))
    qtbot.waitUntil(lambda: dialog.header_kv.get((TEST_REPO, STARTER_NAME)) == 23040, timeout=5000)
    assert "From the file's header" in dialog.search_note.text()

    hub.throttle = 12_000_000
    dialog.search_download.click()
    bar = dialog.panel.bar
    qtbot.waitUntil(lambda: bar.value() > 20, timeout=5000)
    first = bar.value()
    qtbot.waitUntil(lambda: bar.value() > first, timeout=3000)
    assert " of 98.4 MB" in dialog.panel.status.text()
    assert "/s" in dialog.panel.status.text()
    assert "left" in dialog.panel.status.text()

    clicked = time.monotonic()
    dialog.panel.cancel_button.click()
    qtbot.waitUntil(lambda: not dialog.download_thread.isRunning(), timeout=1000)
    assert time.monotonic() - clicked < 1.0
    qtbot.waitUntil(lambda: dialog.panel.retry_button.isEnabled(), timeout=1000)
    assert "cancelled" in dialog.panel.status.text()
    stopped_at = bar.value()
    assert 0 < stopped_at < 1000

    hub.throttle = None
    with qtbot.waitSignal(dialog.download_finished, timeout=10000) as finished:
        dialog.panel.retry_button.click()
    gets = hub.file_requests()
    assert gets[-1].headers["Range"].startswith("bytes=")
    assert int(gets[-1].headers["Range"][6:-1]) > 0
    assert Path(finished.args[0]).name == STARTER_NAME
    assert f"{TEST_REPO}/{STARTER_NAME}" in rows(dialog.installed_tree)

    with qtbot.waitSignal(dialog.model_chosen, timeout=2000) as chosen:
        dialog.panel.use_button.click()
    assert chosen.args == [finished.args[0]]

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    dialog.tabs.setCurrentIndex(0)
    dialog.installed_tree.setCurrentItem(dialog.installed_tree.topLevelItem(1))
    with qtbot.waitSignal(dialog.model_deleted, timeout=1000) as deleted:
        dialog.delete_button.click()
    assert deleted.args == [finished.args[0], True]
    assert rows(dialog.installed_tree) == [f"{STARTER_NAME}   (active)"]
    assert "Deleted" in dialog.installed_note.text()
    assert not Path(finished.args[0]).exists()


def test_search_offline_is_a_sentence_and_makes_no_connection(
    qtbot, hub: HubServer, dialog: ModelsDialog, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    dialog.query.setText("smollm2")
    dialog.search_button.click()
    qtbot.waitUntil(lambda: dialog.error.isVisibleTo(dialog), timeout=3000)
    assert "offline mode" in dialog.error.text()
    assert hub.requests == []
