"""The application's downloads: they outlive the Models dialog, show in the status bar, and can
be cancelled and resumed from there (against the local stand-in Hub)."""

from __future__ import annotations

import functools
import re
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QToolButton, QWidget

from tests.hubserver import STARTER_NAME, TEST_REPO, HubServer
from writer.downloads import CANCELLED, DONE, FAILED, QUEUED, DownloadManager
from writer.models import cache, queued, store
from writer.models import partial as partials
from writer.models.errors import ModelsError
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
    and that it and the queue behind it are offered again at the next start, to continue from
    where it stopped; Cancel (the default) keeps Writer and the download."""
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
    queued = state.downloads.start(TEST_REPO, ["SmolLM2-135M-Instruct.Q8_0.gguf"])
    qtbot.waitUntil(lambda: state.downloads.current.progress is not None, timeout=5000)
    other = state.new_window()  # with two windows, Cancel kept only the last one
    qtbot.addWidget(other)
    other.show()
    state.quit()
    assert len(asked) == 1
    assert asked[0].startswith(f"{STARTER_NAME} is still downloading")
    assert asked[0].endswith("What has arrived is kept: Writer offers the download and the one "
                             "queued after it again when it starts next, and it continues from "
                             "there.")
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
    state.downloads.remove(queued)
    with qtbot.waitSignal(state.downloads.ended, timeout=5000):
        state.downloads.cancel()


# the queue -------------------------------------------------------------------------------------
SMALL = 300_000  # bytes: a download of this size lands in a blink on 127.0.0.1


@functools.cache
def tiny_gguf() -> bytes:
    """A GGUF file whose header reads (one small tensor), as bytes."""
    import tempfile

    from tests.conftest import tiny_gguf as write_tiny_gguf

    with tempfile.TemporaryDirectory() as folder:
        return write_tiny_gguf(Path(folder) / "tiny.gguf").read_bytes()


def small_model(hub: HubServer, name: str) -> tuple[str, str]:
    """A repository holding one small model file of its own (repo_id, filename): a GGUF
    header, then bytes of its name."""
    from tests.hubserver import HubFile

    repo_id, filename = f"writer-test/{name}", f"{name}.gguf"
    data = tiny_gguf() + (name.encode() + b"-") * (SMALL // (len(name) + 1) + 1)
    hub.add_repo(repo_id, [HubFile(filename, data=data[:SMALL])])
    return repo_id, filename


def lines(panel: DownloadPanel) -> list[str]:
    """The panel's lines under its download (queued, then earlier), as they read."""
    return [row.findChild(QLabel).text() for row in panel.lines.findChildren(QWidget)
            if row.objectName() == "download-line"]


def line_button(panel: DownloadPanel, starts: str, text: str) -> QToolButton:
    """A button of the panel's line that starts with `starts`."""
    for row in panel.lines.findChildren(QWidget):
        if row.objectName() == "download-line" and row.findChild(QLabel).text().startswith(
                starts):
            return next(b for b in row.findChildren(QToolButton) if b.text() == text)
    raise AssertionError(f"no line {starts!r} in {lines(panel)}")


def test_downloads_asked_back_to_back_queue_and_finish_in_order(
    qtbot, hub: HubServer, downloads: DownloadManager
):
    """A second download could not be started while one ran (its Download button was greyed
    out, and the welcome's said "A download is already running"). Now it waits in a queue,
    shown with its size and place, and starts when the one before it is done."""
    panel, status = DownloadPanel(downloads), DownloadStatus(downloads)
    qtbot.addWidget(panel)
    qtbot.addWidget(status)
    (a_repo, a), (b_repo, b), (c_repo, c) = (small_model(hub, n) for n in ("qa", "qb", "qc"))
    began: list[str] = []
    ended: list[tuple[str, str]] = []
    downloads.started.connect(lambda d: began.append(d.name))
    downloads.ended.connect(lambda d: ended.append((d.name, d.state)))
    hub.stall_after = 100_000  # the first one holds until released
    downloads.start(a_repo, [a], size=SMALL)
    assert hub.stalling.wait(5)
    second = downloads.start(b_repo, [b], size=SMALL)
    third = downloads.start(c_repo, [c], size=SMALL)
    assert (second.state, third.state) == (QUEUED, QUEUED)
    assert lines(panel) == ["qb.gguf · 300.0 kB · Queued · next",
                            "qc.gguf · 300.0 kB · Queued · 2nd in line"]
    assert panel.title.text() == f"Downloading {a} from {a_repo}"
    assert status.label.text() == f"Downloading {a}"
    assert status.queue_label.text() == "+2 queued"
    with pytest.raises(ModelsError, match=r"^qb\.gguf is already in the download queue\.$"):
        downloads.start(b_repo, [b])
    with pytest.raises(ModelsError, match=r"^qa\.gguf is already downloading\.$"):
        downloads.start(a_repo, [a])

    line_button(panel, "qc.gguf", "Remove").click()  # taken out of the queue
    assert downloads.queue == [second]
    assert lines(panel) == ["qb.gguf · 300.0 kB · Queued · next"]
    assert status.queue_label.text() == "+1 queued"

    hub.release.set()
    qtbot.waitUntil(lambda: len(ended) == 2, timeout=10_000)
    assert began == [a, b]
    assert ended == [(a, DONE), (b, DONE)]
    assert [r.path for r in hub.file_requests()].count(f"/cdn/{sha_of(hub, c_repo, c)}") == 0
    assert lines(panel) == ["qa.gguf · downloaded"]  # its Use is still offered
    assert not panel.queue_note.isVisibleTo(panel)  # ("One download queued." stayed)
    assert panel.title.text() == f"Downloaded {b}"
    assert not status.queue_label.isVisibleTo(status)
    assert downloads.queue == []


def sha_of(hub: HubServer, repo_id: str, filename: str) -> str:
    return hub.repos[repo_id].files[filename].sha256


def test_cancel_starts_the_next_a_failure_does_not_block_and_offline_holds_the_queue(
    qtbot, hub: HubServer, downloads: DownloadManager, settings: Settings
):
    """Cancel of the running download starts the next; a failed one does not stop the queue
    (it keeps Retry, the cancelled one Resume and Discard); under Offline the queue waits and
    says why, and goes on once Offline is off."""
    panel = DownloadPanel(downloads)
    qtbot.addWidget(panel)
    (a_repo, a), (c_repo, c) = small_model(hub, "qa"), small_model(hub, "qc")
    ended: list[tuple[str, str]] = []
    downloads.ended.connect(lambda d: ended.append((d.name, d.state)))
    hub.stall_after = 100_000
    downloads.start(a_repo, [a], size=SMALL)
    assert hub.stalling.wait(5)
    downloads.start(a_repo, ["missing.gguf"])  # fails at once when its turn comes
    downloads.start(c_repo, [c], size=SMALL)
    settings.update(offline=True)
    panel.cancel_button.click()
    qtbot.waitUntil(lambda: len(ended) == 1, timeout=5000)
    assert ended == [(a, CANCELLED)]
    assert not downloads.busy  # Offline: the next does not start, and the panel says why
    assert panel.queue_note.text().startswith("2 downloads queued. Writer is offline")
    assert panel.title.text() == f"Download of {a} stopped"  # (which one: lines follow it)

    settings.update(offline=False)
    qtbot.waitUntil(lambda: len(ended) == 3, timeout=10_000)
    assert ended == [(a, CANCELLED), ("missing.gguf", FAILED), (c, DONE)]
    assert lines(panel) == ["missing.gguf · failed", "qa.gguf · cancelled"]
    line_button(panel, "missing.gguf", "Retry")
    line_button(panel, "qa.gguf", "Resume")
    line_button(panel, "qa.gguf", "Discard")


def test_a_download_cancelled_as_it_lands_is_done_and_says_so(
    qtbot, hub: HubServer, downloads: DownloadManager
):
    """Cancel clicked once the file had landed whole and checked, before its end reached the
    window, reported the download "cancelled" (Resume offered for a file already whole). It is
    done, offers Use, and the panel says the cancel came too late to stop it."""
    panel = DownloadPanel(downloads)
    qtbot.addWidget(panel)
    repo_id, name = small_model(hub, "late")
    ended = []
    downloads.ended.connect(ended.append)
    downloads.start(repo_id, [name], size=SMALL)
    assert downloads.current.handle.wait(10)  # (landed; its end not delivered yet)
    downloads.cancel()
    qtbot.waitUntil(lambda: bool(ended), timeout=10_000)
    assert ended[0].state == DONE
    assert Path(ended[0].path).read_bytes()[:4] == b"GGUF"
    assert panel.use_button.isVisibleTo(panel)
    assert panel.status.text() == (f"{name} had arrived whole and checked when the cancel came, "
                                   f"so it is kept ({ended[0].path}).")


def test_a_cancel_as_a_models_first_part_lands_asks_nothing_of_the_next(
    qtbot, hub: HubServer, settings: Settings
):
    """A model in two parts, Cancel coming with the first part's last bytes: that part landed
    (whole, checked), and then the second was asked of the Hub (a request that waits up to
    its timeout on a slow connection, at quit too) before the cancel stopped it. The download
    stops after the part that landed: cancelled, nothing asked for the next part."""
    from tests.hubserver import HubFile
    from writer.downloads import Download, _fetch
    from writer.tasks import TaskHandle

    repo_id = "writer-test/parts"
    first, second = "parts-00001-of-00002.gguf", "parts-00002-of-00002.gguf"
    hub.add_repo(repo_id, [HubFile(first, data=tiny_gguf() + b"1" * 4000),
                           HubFile(second, data=b"2" * 4000)])  # fmt: skip

    class CancelAsTheFirstLands(TaskHandle):
        def progress(self, value) -> None:  # (on the work's thread, as the bytes come)
            if value.filename == first and value.done == value.total:
                self.cancel_event.set()
            super().progress(value)

    download = Download(repo_id, [first, second])
    handle = CancelAsTheFirstLands(lambda h: _fetch(download, h, NetworkPolicy(settings)),
                                   "parts", (ModelsError,), done_outranks_cancel=True)
    with qtbot.waitSignal(handle.cancelled, timeout=10_000):
        handle.start()
    assert [r.path for r in hub.requests if second in r.path] == []
    assert partials.find(repo_id, second) is None


def test_a_model_cancelled_between_its_parts_says_so_and_offers_no_resume(
    qtbot, hub: HubServer, downloads: DownloadManager, monkeypatch: pytest.MonkeyPatch
):
    """Cancel clicked as the first of two parts came whole: the part landed, the next was not
    begun, and the panel said "cancelled at 65.3 kB of 300.7 kB. Resume to continue from
    there." (the last progress seen before the cancel, and a Resume that was not offered:
    nothing of the download is left to continue). It says it was cancelled, and offers
    Retry."""
    from tests.hubserver import HubFile
    from writer.models import download as transfer

    repo_id = "writer-test/halves"
    first, second = "halves-00001-of-00002.gguf", "halves-00002-of-00002.gguf"
    hub.add_repo(repo_id, [HubFile(first, data=tiny_gguf() + b"1" * SMALL),
                           HubFile(second, data=b"2" * 4000)])  # fmt: skip
    fetch = transfer.download

    def cancel_as_it_lands(*args, **kwargs):  # (the writer's click, as the last bytes come)
        progress, cancel = kwargs["progress"], kwargs["cancel"]

        def report(p) -> None:
            if p.filename == first and p.done == p.total:
                cancel.set()
            progress(p)

        return fetch(*args, **{**kwargs, "progress": report})

    monkeypatch.setattr(transfer, "download", cancel_as_it_lands)
    panel = DownloadPanel(downloads)
    qtbot.addWidget(panel)
    with qtbot.waitSignal(downloads.ended, timeout=10_000) as ended:
        downloads.start(repo_id, [first, second])
    assert ended.args[0].state == CANCELLED
    assert cache.blob_path(repo_id, hub.repos[repo_id].files[first].sha256).is_file()
    assert panel.status.text() == f"The download of {first} was cancelled."
    assert panel.retry_button.text() == "Retr&y"


def test_a_quit_keeps_the_queue_and_the_next_start_offers_it(
    qtbot, hub: HubServer, settings: Settings
):
    """Quitting cancels the running download (its partial file kept) and loses none of the
    queue: the next start offers them again, held until Start, and the first continues where
    it stopped."""
    (a_repo, a), (b_repo, b) = small_model(hub, "qa"), small_model(hub, "qb")
    before = DownloadManager(NetworkPolicy(settings))
    hub.stall_after = 100_000
    before.start(a_repo, [a], size=SMALL)
    assert hub.stalling.wait(5)
    before.start(b_repo, [b], size=SMALL)
    before.shutdown()

    after = DownloadManager(NetworkPolicy(settings))
    status, panel = DownloadStatus(after), DownloadPanel(after)
    qtbot.addWidget(status)
    qtbot.addWidget(panel)
    after.restore()
    assert [d.name for d in after.queue] == [a, b]
    have = partials.find(a_repo, a).have  # what arrived of the first is kept
    assert 0 < have < SMALL
    assert after.pending_bytes() == 2 * SMALL - have
    assert lines(panel) == [f"qa.gguf · {have / 1000:.1f} kB of 300.0 kB · Queued · next",
                            "qb.gguf · 300.0 kB · Queued · 2nd in line"]
    assert panel.queue_note.text() == ("2 downloads queued. These downloads were waiting when "
                                       "Writer quit; Start continues them.")
    assert status.isVisibleTo(status.parentWidget() or status)
    assert not status.use_button.isVisibleTo(status)
    assert status.queue_label.text() == "qa.gguf and 1 more queued"  # (nothing runs yet)
    assert status.queue_label.toolTip().startswith("These downloads were waiting when Writer")
    assert status.start_button.isVisibleTo(status)
    with qtbot.waitSignals([after.ended, after.ended], timeout=10_000):
        status.start_button.click()
    assert [d.state for d in after.earlier + [after.current]] == [DONE, DONE]
    assert hub.file_requests()[-2].headers["Range"] == f"bytes={have}-"
    after.shutdown()


def test_a_queue_from_the_last_session_emptied_leaves_nothing_in_the_status_bar(
    qtbot, downloads: DownloadManager
):
    """The status bar showed the queue alone (nothing ran yet): once its downloads are
    removed, it goes (a lone ✕ was left)."""
    queued.remember([queued.Waiting("org/books", ("a.gguf",), None, 100)])
    status = DownloadStatus(downloads)
    qtbot.addWidget(status)
    downloads.restore()
    assert not status.isHidden()
    assert status.queue_label.text() == "a.gguf is queued"
    downloads.remove(downloads.queue[0])
    assert status.isHidden()


def test_a_queue_waiting_with_nothing_running_names_its_downloads_in_the_status_bar(
    qtbot, downloads: DownloadManager
):
    """A queue kept from the last session said "2 downloads queued" in the status bar: which
    models waited showed only on hover. Now the line names the first, as LM Studio's list
    names each, and counts the others."""
    queued.remember([queued.Waiting("org/books", ("novel.Q4_K_M.gguf",), None, 100),
                     queued.Waiting("org/poems", ("verse.Q8_0.gguf",), None, 100)])
    status = DownloadStatus(downloads)
    qtbot.addWidget(status)
    downloads.restore()
    assert status.queue_label.text() == "novel.Q4_K_M.gguf and 1 more queued"
    assert "verse.Q8_0.gguf" in status.queue_label.toolTip()  # (all of them, on hover)
    downloads.remove(downloads.queue[0])
    assert status.queue_label.text() == "verse.Q8_0.gguf is queued"


def test_the_status_bars_use_names_the_model_it_uses_when_the_line_is_about_another(
    qtbot, hub: HubServer, downloads: DownloadManager
):
    """A model downloaded, then another download that failed: the status bar read "Download of
    missing.gguf failed  Use", and Use took the model downloaded before (said only on hover).
    Where the line names another download, the button names its model."""
    status = DownloadStatus(downloads)
    qtbot.addWidget(status)
    a_repo, a = small_model(hub, "qa")
    with qtbot.waitSignal(downloads.ended, timeout=10_000):
        downloads.start(a_repo, [a], size=SMALL)
    assert (status.label.text(), status.use_button.text()) == (f"{a} is downloaded", "Use")
    with qtbot.waitSignal(downloads.ended, timeout=10_000):
        downloads.start(a_repo, ["missing.gguf"])
    assert status.label.text() == "Download of missing.gguf failed"
    assert status.use_button.isVisibleTo(status)
    assert status.use_button.text() == f"Use {a}"
    with qtbot.waitSignal(downloads.use_requested, timeout=1000) as used:
        status.use_button.click()
    assert Path(used.args[0]).name == a


def test_a_file_downloaded_that_is_no_model_is_said_when_it_lands_and_not_offered(
    qtbot, hub: HubServer, downloads: DownloadManager
):
    """A .gguf on the Hub that is no model Writer can run (not GGUF, or a GGUF version it does
    not read) ended "Downloaded … Checked against the Hub's sha256" with Use this model, and
    "is downloaded  Use" in the status bar: the sentence came only at Use, while Installed
    listed the file as damaged. Now the download says it when the file lands and offers no
    Use."""
    from tests.hubserver import HubFile

    panel, status = DownloadPanel(downloads), DownloadStatus(downloads)
    qtbot.addWidget(panel)
    qtbot.addWidget(status)
    repo_id, name = "writer-test/diary", "diary.Q4_K_M.gguf"
    hub.add_repo(repo_id, [HubFile(name, data=b"Dear diary, this is not a model.\n" * 100)])
    with qtbot.waitSignal(downloads.ended, timeout=10_000) as ended:
        downloads.start(repo_id, [name])
    download = ended.args[0]
    assert (download.state, download.offered) == (FAILED, False)
    assert panel.title.text() == f"Download of {name} failed"
    assert panel.status.text().startswith(f"{name} arrived, but Writer cannot run it: ")
    assert "is not a GGUF model file" in panel.status.text()
    assert panel.status.text().endswith("Delete under Installed removes it.")
    assert panel.status.isVisibleTo(panel)
    assert not panel.bar.isVisibleTo(panel)  # (it stood at 0%: the sentence says it all)
    assert not panel.use_button.isVisibleTo(panel)
    assert status.label.text() == f"Download of {name} failed"
    assert not status.use_button.isVisibleTo(status)
    model_repo, model = small_model(hub, "qm")  # the next download has its bar again
    with qtbot.waitSignal(downloads.ended, timeout=10_000):
        downloads.start(model_repo, [model], size=SMALL)
    assert panel.bar.isVisibleTo(panel)
    assert panel.bar.value() == panel.bar.maximum()


@pytest.mark.parametrize("value", [0, 480, 500, 1000])
def test_the_percentage_sits_beside_the_fill_never_over_it(qtbot, downloads: DownloadManager,
                                                            value: int):
    """Fusion centred "48%" on the bar, where the fill's edge cut through it (the "4" white on
    blue, "8%" black): the percentage has its own room beside the groove, whole at 100 %."""
    from PySide6.QtCore import QRect

    from writer.ui.downloads import STEPS

    status = DownloadStatus(downloads)
    panel = DownloadPanel(downloads)
    for widget in (status, panel):
        qtbot.addWidget(widget)
    status.bar.resize(status.bar.maximumWidth(), status.bar.sizeHint().height())
    panel.bar.resize(500, panel.bar.sizeHint().height())
    for bar in (status.bar, panel.bar):
        bar.setRange(0, STEPS)
        bar.setValue(value)
        groove, room = bar.parts()
        fill = QRect(groove.topLeft(), groove.size())
        fill.setWidth(groove.width() * value // STEPS)
        text = bar.fontMetrics().boundingRect(room, Qt.AlignmentFlag.AlignCenter, bar.text())
        assert bar.text() == f"{value * 100 // STEPS}%"
        assert bar.rect().contains(groove)
        assert bar.rect().contains(room)
        assert room.contains(text)  # (the whole "100%" shows)
        assert not groove.intersects(room)
        assert not fill.intersects(text)
        bar.setRange(0, 0)  # busy: no size known, no percentage, the whole width moves
        assert bar.parts()[0] == bar.rect()
        assert bar.parts()[1].isEmpty()
