"""The application's downloads: they outlive the Models dialog, show in the status bar, and can
be cancelled and resumed from there (against the local stand-in Hub)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel, QPushButton

from tests.hubserver import STARTER_NAME, TEST_REPO, HubServer
from writer.downloads import CANCELLED, DONE, FAILED, DownloadManager
from writer.models import cache, store
from writer.network import NetworkPolicy
from writer.settings import Settings
from writer.ui.downloads import DownloadPanel, DownloadStatus
from writer.ui.models_dialog import ModelsDialog


@pytest.fixture
def settings() -> Settings:
    s = Settings.load()
    s.n_ctx = 2048
    return s


@pytest.fixture
def downloads(qapp, settings: Settings):
    manager = DownloadManager(NetworkPolicy(settings))
    yield manager
    manager.shutdown()


def blobs() -> Path:
    return cache.repo_folder(TEST_REPO) / "blobs"


def test_a_download_goes_on_after_the_dialog_closes_and_completes(
    qtbot, hub: HubServer, settings: Settings, downloads: DownloadManager
):
    status = DownloadStatus(downloads)
    qtbot.addWidget(status)
    hub.throttle = 20_000_000
    dialog = ModelsDialog(settings, downloads, offload=False)
    dialog.show()
    dialog.start_download(TEST_REPO, [STARTER_NAME])
    qtbot.waitUntil(lambda: dialog.panel.bar.value() > 0, timeout=5000)
    dialog.close()
    dialog.deleteLater()
    qtbot.waitUntil(lambda: status.bar.value() > 0, timeout=5000)
    assert status.isVisibleTo(status.parentWidget() or status)
    assert status.label.text() == f"Downloading {STARTER_NAME}"
    hub.throttle = None
    with qtbot.waitSignal(downloads.ended, timeout=20_000) as ended:
        pass
    download = ended.args[0]
    assert download.state == DONE
    assert Path(download.path).name == STARTER_NAME
    assert status.label.text() == f"{STARTER_NAME} is downloaded"
    assert status.use_button.isVisibleTo(status)
    labels = [m.label for m in store.installed(settings)]
    assert f"{TEST_REPO}/{STARTER_NAME}" in labels

    with qtbot.waitSignal(downloads.use_requested, timeout=1000) as used:
        status.use_button.click()
    assert used.args == [download.path]


def test_cancel_from_the_status_bar_keeps_the_partial_file_and_a_retry_continues_it(
    qtbot, hub: HubServer, downloads: DownloadManager
):
    status = DownloadStatus(downloads)
    qtbot.addWidget(status)
    hub.throttle = 10_000_000
    downloads.start(TEST_REPO, [STARTER_NAME])
    qtbot.waitUntil(lambda: status.bar.value() > 20, timeout=10_000)
    assert status.close_button.toolTip() == "Cancel the download"
    with qtbot.waitSignal(downloads.ended, timeout=5000) as ended:
        status.close_button.click()
    assert ended.args[0].state == CANCELLED
    assert status.label.text() == f"Download of {STARTER_NAME} cancelled"
    partial = [p for p in blobs().iterdir()]
    assert len(partial) == 1
    assert partial[0].name.endswith(".incomplete")
    kept = partial[0].stat().st_size
    assert 0 < kept < 98_362_432

    hub.throttle = None
    with qtbot.waitSignal(downloads.ended, timeout=20_000) as ended:
        downloads.retry()
    assert ended.args[0].state == DONE
    assert hub.file_requests()[-1].headers["Range"] == f"bytes={kept}-"
    assert not partial[0].exists()
    status.close_button.click()  # a finished download's line is dismissed
    assert not status.isVisibleTo(status.parentWidget() or status)


def test_a_download_the_server_stops_sending_says_it_waits_and_then_goes_on_as_before(
    qtbot, hub: HubServer, downloads: DownloadManager, monkeypatch: pytest.MonkeyPatch
):
    """When the server stopped sending but kept the connection, the panel and the status bar
    went on showing the last speed and time left, as if the download went on (and the bytes
    of the last tenth of a second before, held back by the limit on reports, were not shown)."""
    import writer.downloads

    monkeypatch.setattr(writer.downloads, "STALL_S", 0.5)
    panel = DownloadPanel(downloads)
    status = DownloadStatus(downloads)
    qtbot.addWidget(panel)
    qtbot.addWidget(status)
    hub.throttle = 40_000_000
    hub.stall_after = 5_000_000
    downloads.start(TEST_REPO, [STARTER_NAME])
    qtbot.waitUntil(lambda: "/s · " in panel.status.text(), timeout=5000)
    assert hub.stalling.wait(5)
    qtbot.waitUntil(lambda: "waiting" in panel.status.text(), timeout=5000)
    assert re.fullmatch(r"5\.0 MB of 98\.4 MB · stalled · No data for \d+ s — waiting for the "
                        r"server…", panel.status.text()), panel.status.text()  # all that came
    assert status.label.text() == f"Downloading {STARTER_NAME} (waiting for the server)"
    assert status.toolTip() == panel.status.text()

    hub.release.set()
    qtbot.waitUntil(lambda: "/s · " in panel.status.text(), timeout=5000)
    assert "stalled" not in panel.status.text()
    assert status.label.text() == f"Downloading {STARTER_NAME}"
    with qtbot.waitSignal(downloads.ended, timeout=5000):
        status.close_button.click()
        downloads.progressed.emit(downloads.current)  # a report on its way at the click
        assert status.label.text() == "Cancelling…"


def test_a_failed_download_from_the_welcome_says_so_once(
    qtbot, hub: HubServer, window, monkeypatch: pytest.MonkeyPatch
):
    """The welcome's download goes through the application's manager; its error shows once in
    the dialog and the window's status bar says that it failed."""
    seen: list[list[str]] = []

    def exec_until_the_download_ends(dialog: ModelsDialog) -> int:
        """The modal loop, until the download ends: then what the dialog shows."""
        if dialog.downloads.busy:
            qtbot.waitUntil(lambda: not dialog.downloads.busy, timeout=10_000)
        seen.append([w.text() for w in dialog.findChildren(QLabel) if w.isVisibleTo(dialog)])
        return 0

    monkeypatch.setattr(ModelsDialog, "exec", exec_until_the_download_ends)
    state = window.app_state
    window.download_requested.emit("qwen2.5-1.5b")
    download = state.downloads.current
    assert download is not None
    assert download.state == FAILED
    assert "There is no model repository" in download.sentence
    assert sum(download.sentence in text for text in seen[0]) == 1
    status = window.findChild(DownloadStatus)
    assert status.label.text() == f"Download of {download.name} failed"
    assert status.toolTip() == download.sentence


def test_quitting_during_a_download_says_it_stops_and_continues_later(
    qtbot, hub: HubServer, window, monkeypatch: pytest.MonkeyPatch
):
    """Ctrl+Q while a download ran quit without a word. Now a question says the download stops
    and continues from where it stopped; Cancel (the default) keeps Writer and the download."""
    from PySide6.QtWidgets import QMessageBox

    from writer.ui.downloads import QUIT

    state = window.app_state
    state._quitting = False  # a real quit, but the shared worker is not stopped
    shut: list[bool] = []
    monkeypatch.setattr(state, "shutdown", lambda: shut.append(True))
    asked: list[str] = []
    answer = ["default"]

    def exec_(box: QMessageBox) -> int:
        asked.append(f"{box.text()} {box.informativeText()}")
        if answer[0] == "default":
            box.defaultButton().click()
        else:
            box.findChild(QPushButton, QUIT).click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    hub.throttle = 5_000_000
    state.downloads.start(TEST_REPO, [STARTER_NAME])
    qtbot.waitUntil(lambda: state.downloads.current.progress is not None, timeout=5000)
    other = state.new_window()  # with two windows, Cancel kept only the last one
    qtbot.addWidget(other)
    other.show()
    state.quit()
    assert len(asked) == 1
    assert asked[0].startswith(f"{STARTER_NAME} is still downloading")
    assert "continues from there" in asked[0]
    assert window.isVisible()
    assert other.isVisible()
    assert state.downloads.busy
    assert shut == []

    answer[0] = "quit"
    state.quit()
    assert len(asked) == 2  # asked once for all the windows
    assert not window.isVisible()
    assert not other.isVisible()
    assert shut  # (once, or twice: shutdown is idempotent)
    state._quitting = True
    with qtbot.waitSignal(state.downloads.ended, timeout=5000):
        state.downloads.cancel()
