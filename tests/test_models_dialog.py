"""The Models dialog, driven through its real widgets against the local stand-in Hub."""

from __future__ import annotations

import hashlib
import socket
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QPushButton, QTreeWidgetItem

from tests.colours import contrast
from tests.hubserver import STARTER_NAME, TEST_REPO, HubServer
from writer.downloads import CANCELLED, DONE, FAILED, DownloadManager
from writer.network import NetworkPolicy
from writer.settings import Settings
from writer.ui.models_dialog import SEARCH, ModelsDialog


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


@pytest.fixture
def dialog(qtbot, settings: Settings, downloads: DownloadManager):
    d = ModelsDialog(settings, downloads, offload=False)
    qtbot.addWidget(d)
    d.show()
    yield d
    d.search.stop()
    d.close()


def starter_bytes_unknown(monkeypatch: pytest.MonkeyPatch) -> None:
    """The fake Hub's files are the starter model's own bytes: where a test downloads them,
    the starter's hash is never read, so they are offered as any file not here is (nor taken
    from model-hashes.json, in the cache folder the session's tests share: an earlier test's
    dialog may have hashed the starter there)."""
    from writer.models import hashes

    monkeypatch.setattr(hashes, "compute", lambda *_a, **_k: None)
    monkeypatch.setattr(hashes, "_remembered", dict)


def rows(tree) -> list[str]:
    return [tree.topLevelItem(i).text(0) for i in range(tree.topLevelItemCount())]


def test_installed_lists_the_active_starter_and_use_emits_model_chosen(
    qtbot, dialog: ModelsDialog, tmp_path: Path, starter_model: Path
):
    assert rows(dialog.installed.tree) == [f"{STARTER_NAME}   (active)"]
    assert not dialog.installed.use_button.isEnabled()
    assert not dialog.installed.delete_button.isEnabled()
    assert dialog.installed.tree.topLevelItem(0).text(3).startswith(("✓", "◐", "✗"))

    mine = tmp_path / "mine.gguf"
    mine.symlink_to(starter_model)
    dialog.installed.import_file(str(mine))
    dialog.installed.tree.setCurrentItem(dialog.installed.tree.topLevelItem(1))
    assert dialog.installed.use_button.isEnabled()
    with qtbot.waitSignal(dialog.model_chosen, timeout=2000) as chosen:
        qtbot.mouseClick(dialog.installed.use_button, Qt.MouseButton.LeftButton)
    assert chosen.args == [str(mine)]
    assert Settings.load().model_path == str(mine)
    assert rows(dialog.installed.tree)[1] == "mine.gguf   (active)"


def test_the_installed_list_answers_the_keyboard(
    qtbot, dialog: ModelsDialog, tmp_path: Path, starter_model: Path,
    monkeypatch: pytest.MonkeyPatch,
):
    """Keyboard alone: the dialog opened with the keys on its tabs (Down moved nothing in the
    list), Enter on a model did nothing (a double-click uses it) and Delete did nothing. Now
    the list has the keys, Enter uses the model and Delete asks to delete it (No: kept)."""
    mine = tmp_path / "mine.gguf"
    mine.symlink_to(starter_model)
    dialog.installed.import_file(str(mine))
    tree = dialog.installed.tree
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=3000)
    qtbot.waitUntil(tree.hasFocus, timeout=3000)
    tree.setCurrentItem(tree.topLevelItem(0))
    qtbot.keyClick(tree, Qt.Key.Key_Down)
    assert tree.currentItem() is tree.topLevelItem(1)
    asked: list[str] = []

    def no(_parent, _title, question, *_args):
        asked.append(question)
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", no)
    qtbot.keyClick(tree, Qt.Key.Key_Delete)
    assert asked == ["Remove mine.gguf from the list? The file stays where it is."]
    assert rows(tree)[1] == "mine.gguf"
    with qtbot.waitSignal(dialog.model_chosen, timeout=2000) as chosen:
        qtbot.keyClick(tree, Qt.Key.Key_Return)
    assert chosen.args == [str(mine)]
    qtbot.keyClick(tree, Qt.Key.Key_Up)  # the starter: neither used again nor deleted
    qtbot.keyClick(tree, Qt.Key.Key_Delete)
    assert len(asked) == 1
    dialog.tabs.setCurrentIndex(1)  # the Catalog's list has the keys too
    qtbot.waitUntil(dialog.catalog.tree.hasFocus, timeout=3000)


def test_an_installed_model_damaged_since_is_listed_as_damaged(
    qtbot, dialog: ModelsDialog, tmp_path: Path, starter_model: Path
):
    """A good copy imported, then cut short by something else: the list says damaged and
    why (it listed it as fitting, and as active while "No model" served)."""
    copy = tmp_path / "good-copy.Q4_1.gguf"
    copy.write_bytes(starter_model.read_bytes())
    dialog.installed.import_file(str(copy))
    item = dialog.installed.tree.topLevelItem(1)
    assert item.text(3).startswith(("✓", "◐", "✗"))
    with copy.open("r+b") as handle:
        handle.truncate(1024 * 1024)
    dialog.installed.refresh()
    item = dialog.installed.tree.topLevelItem(1)
    assert item.text(3) == "damaged"
    assert "good-copy.Q4_1.gguf" in item.toolTip(0)
    dialog.installed.tree.setCurrentItem(item)
    assert "Fits" not in dialog.installed.note.text()
    assert item.toolTip(0) in dialog.installed.note.text()
    # not offered for Use (it was, and loading it said why only then), nor by Enter or a
    # double-click; the button says why on hover
    installed = dialog.installed
    assert not installed.use_button.isEnabled()
    assert installed.use_button.toolTip() == item.toolTip(0)
    asked: list[object] = []
    installed.use_requested.connect(asked.append)
    qtbot.keyClick(installed.tree, Qt.Key.Key_Return)
    installed.tree.itemDoubleClicked.emit(item, 0)
    assert asked == []
    installed.tree.setCurrentItem(installed.tree.topLevelItem(0))  # (the starter: good)
    assert installed.use_button.toolTip() == ""


def test_a_file_that_is_not_a_model_shows_a_sentence(dialog: ModelsDialog, tmp_path: Path):
    junk = tmp_path / "junk.gguf"
    junk.write_bytes(b"not a model")
    dialog.installed.import_file(str(junk))
    assert "not a GGUF model file" in dialog.error.text()
    assert dialog.error.isVisibleTo(dialog)


def test_a_problem_is_said_in_a_red_readable_in_the_dark_theme_and_the_light(
    qtbot, dialog: ModelsDialog
) -> None:
    """The dialog's sentence of what went wrong ("Cannot reach the Hugging Face Hub…") was
    dark red on the dark theme's window, 2:1, hard to read; it follows the theme as it
    changes, and so does the Settings' sentence of a wrong value."""
    from PySide6.QtGui import QColor

    from writer.ui import theme
    from writer.ui.settings_dialog import SettingsDialog

    def readable(label) -> bool:
        """The label as drawn: its inkiest pixel red, and 4.5:1 on the page around it."""
        image = label.grab().toImage()
        page = QColor(image.pixel(0, 0))
        pixels = [QColor(image.pixel(x, y))
                  for x in range(image.width()) for y in range(image.height())]  # fmt: skip
        ink = max(pixels, key=lambda colour: contrast(colour, page))
        return ink.red() > ink.green() + 60 and contrast(ink, page) >= 4.5

    dialog.show_error("Cannot reach the Hugging Face Hub.")
    settings = SettingsDialog(Settings.load())
    qtbot.addWidget(settings)
    settings.problem_label.setText("Text width: “5” is not a number from 10 to 400.")
    settings.problem_label.resize(settings.problem_label.sizeHint())
    try:
        for name in ("dark", "light", "dark"):
            theme.apply(name)
            qtbot.waitUntil(lambda: readable(dialog.error) and readable(settings.problem_label))
    finally:
        theme.apply("system")


def test_the_catalog_marks_the_starter_installed(dialog: ModelsDialog):
    tree = dialog.catalog.tree
    first = tree.topLevelItem(0)
    assert first.text(0).startswith("SmolLM2 135M")
    assert first.text(4) == "installed"
    assert tree.topLevelItemCount() >= 8
    tree.setCurrentItem(tree.topLevelItem(3))
    assert dialog.catalog.download_button.isEnabled()
    assert "licence" in dialog.catalog.note.text()


def test_a_catalog_download_missing_on_the_hub_is_a_sentence(
    qtbot, hub: HubServer, dialog: ModelsDialog
):
    dialog.catalog.tree.setCurrentItem(dialog.catalog.tree.topLevelItem(1))
    with qtbot.waitSignal(dialog.downloads.ended, timeout=5000) as ended:
        dialog.catalog.download_button.click()
    assert ended.args[0].state == FAILED
    assert "There is no model repository" in dialog.panel.status.text()
    assert dialog.panel.retry_button.isEnabled()


def test_retry_while_offline_says_why_it_does_not_begin(
    qtbot, hub: HubServer, dialog: ModelsDialog, settings: Settings
):
    """A failed download's Retry after Settings → Offline: the panel says the offline
    sentence (the click did nothing, and a traceback went to the terminal)."""
    dialog.catalog.tree.setCurrentItem(dialog.catalog.tree.topLevelItem(1))
    with qtbot.waitSignal(dialog.downloads.ended, timeout=5000):
        dialog.catalog.download_button.click()
    settings.offline = True
    dialog.panel.retry_button.click()
    assert "offline" in dialog.panel.status.text()
    assert not dialog.downloads.busy


def test_search_download_cancel_retry_use_and_delete(
    qtbot, hub: HubServer, dialog: ModelsDialog, monkeypatch: pytest.MonkeyPatch
):
    starter_bytes_unknown(monkeypatch)
    dialog.tabs.setCurrentIndex(2)
    dialog.search.query.setText("smollm2")
    dialog.search.search_button.click()
    qtbot.waitUntil(lambda: dialog.search.results.topLevelItemCount() == 1, timeout=5000)
    dialog.search.results.setCurrentItem(dialog.search.results.topLevelItem(0))
    qtbot.waitUntil(lambda: dialog.search.variants.topLevelItemCount() == 2, timeout=5000)
    variants = dialog.search.variants
    assert [variants.topLevelItem(i).text(0) for i in range(2)] == ["Q4_1", "Q8_0"]
    assert dialog.search.variants.topLevelItem(0).text(1) == "98.4 MB"
    dialog.search.variants.setCurrentItem(dialog.search.variants.topLevelItem(0))
    qtbot.waitUntil(
        lambda: dialog.search.header_kv.get((TEST_REPO, STARTER_NAME)) == 23040, timeout=5000
    )
    assert "From the file's header" in dialog.search.note.text()

    hub.throttle = 12_000_000
    dialog.search.download_button.click()
    bar = dialog.panel.bar
    qtbot.waitUntil(lambda: bar.value() > 20, timeout=5000)
    first = bar.value()
    qtbot.waitUntil(lambda: bar.value() > first, timeout=3000)
    assert " of 98.4 MB" in dialog.panel.status.text()
    assert "/s" in dialog.panel.status.text()
    assert "left" in dialog.panel.status.text()

    with qtbot.waitSignal(dialog.downloads.ended, timeout=3000) as ended:
        dialog.panel.cancel_button.click()
    assert ended.args[0].state == CANCELLED
    assert dialog.panel.retry_button.isEnabled()
    assert "cancelled" in dialog.panel.status.text()
    stopped_at = bar.value()
    assert 0 < stopped_at < 1000

    hub.throttle = None
    with qtbot.waitSignal(dialog.downloads.ended, timeout=10000) as ended:
        dialog.panel.retry_button.click()
    assert ended.args[0].state == DONE
    finished_path = ended.args[0].path
    gets = hub.file_requests()
    assert gets[-1].headers["Range"].startswith("bytes=")
    assert int(gets[-1].headers["Range"][6:-1]) > 0
    assert Path(finished_path).name == STARTER_NAME
    assert f"{TEST_REPO}/{STARTER_NAME}" in rows(dialog.installed.tree)

    with qtbot.waitSignal(dialog.model_chosen, timeout=2000) as chosen:
        dialog.panel.use_button.click()
    assert chosen.args == [finished_path]

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    dialog.tabs.setCurrentIndex(0)
    dialog.installed.tree.setCurrentItem(dialog.installed.tree.topLevelItem(1))
    with qtbot.waitSignal(dialog.model_deleted, timeout=1000) as deleted:
        dialog.installed.delete_button.click()
    assert deleted.args == [finished_path, True]
    assert rows(dialog.installed.tree) == [f"{STARTER_NAME}   (active)"]
    assert "Deleted" in dialog.installed.note.text()
    assert not Path(finished_path).exists()


def test_a_hub_file_whose_header_is_no_model_writer_runs_is_said_before_download(
    qtbot, hub: HubServer, dialog: ModelsDialog
):
    """A .gguf on the Hub that is no model Writer can run (a text file, a GGUF version it does
    not read) was listed as "✓ fits" and offered for download; only the finished download (or
    Use) said so. Its header, read for the memory estimate, says it now: the list marks it, the
    note gives the sentence, and Download stays off."""
    import struct

    from tests.hubserver import HubFile

    repo = "writer-test/Diary-GGUF"
    hub.add_repo(repo, [
        HubFile("diary.Q4_K_M.gguf", data=b"Dear diary, this is not a model.\n" * 100),
        HubFile("diary.Q8_0.gguf", data=b"GGUF" + struct.pack("<IQQ", 1, 1, 1) + bytes(3000)),
    ])
    search = dialog.search
    dialog.tabs.setCurrentIndex(SEARCH)
    search.query.setText("diary")
    search.search_button.click()
    qtbot.waitUntil(lambda: search.variants.topLevelItemCount() == 2, timeout=5000)
    said = {"diary.Q4_K_M.gguf": "diary.Q4_K_M.gguf is not a GGUF model file. Writer runs "
                                 "models in the GGUF format (files ending in .gguf, as published "
                                 "for llama.cpp).",
            "diary.Q8_0.gguf": "diary.Q8_0.gguf uses GGUF version 1, which this Writer cannot "
                               "read (it reads versions 2, 3)."}
    for row in range(2):
        item = search.variants.topLevelItem(row)
        search.variants.setCurrentItem(item)
        sentence = said[item.data(0, Qt.ItemDataRole.UserRole).filename]
        qtbot.waitUntil(lambda: search.note.text() == sentence, timeout=5000)  # noqa: B023
        assert item.text(2) == "✗ no model"
        assert item.toolTip(0) == sentence
        assert not search.download_button.isEnabled()
    # (only the start of each file was asked for)
    assert {r.headers.get("Range") for r in hub.file_requests()} == {"bytes=0-2097151"}


def test_search_offline_is_a_sentence_and_makes_no_connection(
    qtbot, hub: HubServer, dialog: ModelsDialog, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    dialog.search.query.setText("smollm2")
    dialog.search.search_button.click()
    qtbot.waitUntil(lambda: dialog.error.isVisibleTo(dialog), timeout=3000)
    assert "offline mode" in dialog.error.text()
    assert hub.requests == []


# the Offline setting (issue 20, bug 1) ------------------------------------------------------------
def test_offline_in_the_settings_keeps_search_and_download_off_the_network(
    qtbot, hub: HubServer, dialog: ModelsDialog, settings: Settings
):
    """With Settings → Offline on, the dialog's search and download make no request at all
    against the Hub, and say why."""
    settings.offline = True
    dialog.tabs.setCurrentIndex(SEARCH)
    dialog.search.query.setText("smollm2")
    with qtbot.waitSignal(dialog.search.error, timeout=3000):
        dialog.search.search_button.click()
    assert "offline" in dialog.error.text()
    assert not dialog.search.searching

    dialog.catalog.tree.setCurrentItem(dialog.catalog.tree.topLevelItem(3))
    dialog.show_error("")
    dialog.catalog.download_button.click()
    assert dialog.downloads.current is None  # refused before it began: no failed download
    assert "offline" in dialog.error.text()
    assert hub.requests == []

    settings.offline = False  # read at each call: no restart, no new dialog
    with qtbot.waitSignal(dialog.search.results.model().rowsInserted, timeout=5000):
        dialog.search.search_button.click()
    assert hub.requests[0].path.split("?")[0] == "/api/models"  # (then the first one's files)


def test_a_dialog_opened_offline_says_so_at_once(
    qtbot, settings: Settings, downloads: DownloadManager, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)  # the tests' own guard
    monkeypatch.delenv("TRANSFORMERS_OFFLINE", raising=False)
    settings.offline = True
    d = ModelsDialog(settings, downloads, offload=False)
    qtbot.addWidget(d)
    assert d.error.isVisibleTo(d)
    assert d.error.text().startswith("Writer is offline (Settings → Server → Offline)")
    settings.offline = False
    d2 = ModelsDialog(settings, downloads, offload=False)
    qtbot.addWidget(d2)
    assert not d2.error.isVisibleTo(d2)


def test_search_offline_by_environment_is_a_sentence_and_makes_no_connection(
    qtbot, hub: HubServer, dialog: ModelsDialog, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    dialog.search.query.setText("smollm2")
    dialog.search.search_button.click()
    qtbot.waitUntil(lambda: dialog.error.isVisibleTo(dialog), timeout=3000)
    assert "offline mode" in dialog.error.text()
    assert hub.requests == []


# the search field (issue 20, bug 4 and the Hub search without a network) --------------------------
def test_enter_in_the_search_field_searches_and_reaches_no_button(
    qtbot, hub: HubServer, dialog: ModelsDialog, monkeypatch: pytest.MonkeyPatch
):
    """Enter in the query runs the search and stops there: the dialog never sees the key, so
    no default button (once "Import .gguf…") runs with it."""
    asked: list[tuple] = []
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", lambda *a, **k: asked.append(a) or ("", "")
    )
    keys = KeysSeen()
    dialog.installEventFilter(keys)
    dialog.tabs.installEventFilter(keys)
    dialog.tabs.setCurrentIndex(SEARCH)
    qtbot.keyClicks(dialog.search.query, "smollm2")
    qtbot.keyClick(dialog.search.query, Qt.Key.Key_Return)
    assert Qt.Key.Key_Return not in keys.seen  # sent synchronously: it went no further
    qtbot.waitUntil(lambda: dialog.search.results.topLevelItemCount() == 1, timeout=5000)
    assert asked == []
    assert dialog.isVisible()
    assert not any(b.isDefault() or b.autoDefault() for b in dialog.findChildren(QPushButton))


class KeysSeen(QObject):
    """Records the keys pressed that reach the objects it filters."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: list[int] = []

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress:
            self.seen.append(event.key())
        return False


def test_an_empty_query_searches_nothing(qtbot, hub: HubServer, dialog: ModelsDialog):
    dialog.tabs.setCurrentIndex(SEARCH)
    dialog.search.query.setText("   ")
    assert not dialog.search.search_button.isEnabled()
    qtbot.keyClick(dialog.search.query, Qt.Key.Key_Return)
    dialog.search.search()
    assert not dialog.search.searching
    assert dialog.search.tasks == set()
    assert hub.requests == []
    qtbot.keyClicks(dialog.search.query, "smol")
    assert dialog.search.search_button.isEnabled()


def test_the_search_tab_opens_with_the_focus_in_its_field(qtbot, dialog: ModelsDialog):
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=3000)
    dialog.tabs.setCurrentIndex(SEARCH)
    qtbot.waitUntil(dialog.search.query.hasFocus, timeout=3000)


def test_a_search_can_be_stopped_with_esc_and_its_late_answer_is_ignored(
    qtbot, hub: HubServer, dialog: ModelsDialog, monkeypatch: pytest.MonkeyPatch
):
    import threading

    from writer.models import hub as hubapi

    release = threading.Event()
    real_search = hubapi.search

    def slow_search(query, **kwargs):
        release.wait(10)
        return real_search(query, **kwargs)

    monkeypatch.setattr(hubapi, "search", slow_search)
    dialog.tabs.setCurrentIndex(SEARCH)
    dialog.search.query.setText("smollm2")
    dialog.search.search_button.click()
    assert dialog.search.searching
    assert dialog.search.stop_button.isVisibleTo(dialog)
    task = dialog.search.search_task
    qtbot.keyClick(dialog.search.query, Qt.Key.Key_Escape)
    assert not dialog.search.searching
    assert dialog.isVisible()  # Esc stopped the search, not the dialog
    assert dialog.search.search_button.isEnabled()
    assert dialog.search.note.text() == "Search stopped."
    with qtbot.waitSignal(task.cancelled, timeout=5000):
        release.set()
    assert dialog.search.results.topLevelItemCount() == 0
    qtbot.keyClick(dialog.search.query, Qt.Key.Key_Escape)
    assert not dialog.isVisible()  # with no search running, Esc closes the dialog


def test_a_failed_name_lookup_is_reported_after_one_attempt(
    qtbot, dialog: ModelsDialog, monkeypatch: pytest.MonkeyPatch
):
    """Without a network the name of the Hub cannot be looked up: one lookup, then a sentence
    (huggingface_hub's list_models would try six times over about 23 s)."""
    from tests.hubserver import go_online

    class NoHub:
        url = "http://hub.writer-test.invalid"

    go_online(monkeypatch, NoHub())
    lookups: list[str] = []

    def no_dns(host, *args, **kwargs):
        lookups.append(host)
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_dns)
    dialog.tabs.setCurrentIndex(SEARCH)
    dialog.search.query.setText("llama")
    with qtbot.waitSignal(dialog.search.error, timeout=10_000) as failed:
        dialog.search.search_button.click()
    assert "Cannot reach" in failed.args[0]
    assert lookups == ["hub.writer-test.invalid"]
    assert dialog.search.search_button.isEnabled()


# what the dialog shows ---------------------------------------------------------------------------
def test_every_column_of_the_catalog_has_a_header_and_the_languages_show_in_full(
    dialog: ModelsDialog,
):
    tree = dialog.catalog.tree
    header = tree.headerItem()
    assert all(header.text(c) for c in range(tree.columnCount()))
    dialog.tabs.setCurrentIndex(1)
    for row in range(tree.topLevelItemCount()):
        item = tree.topLevelItem(row)
        needed = tree.fontMetrics().horizontalAdvance(item.text(2))
        assert tree.columnWidth(2) >= needed, item.text(2)


def test_a_failed_download_says_so_once(qtbot, hub: HubServer, dialog: ModelsDialog):
    dialog.catalog.tree.setCurrentItem(dialog.catalog.tree.topLevelItem(1))
    with qtbot.waitSignal(dialog.downloads.ended, timeout=5000) as ended:
        dialog.catalog.download_button.click()
    sentence = ended.args[0].sentence
    assert "There is no model repository" in sentence
    from PySide6.QtWidgets import QLabel

    shown = [w for w in dialog.findChildren(QLabel) if w.isVisibleTo(dialog)
             and sentence in w.text()]
    assert len(shown) == 1


def test_a_screen_reader_is_told_what_each_control_is(
    qtbot, hub: HubServer, dialog: ModelsDialog
):
    """The lists and the Hub's search field had no name (a screen reader said "tree" and
    "edit"), and the status bar's ✕ was read as its sign, whether it cancelled or hid."""
    from PySide6.QtGui import QAccessible
    from PySide6.QtWidgets import QTabWidget

    from writer.ui.downloads import DownloadStatus

    def name(widget) -> str:
        return QAccessible.queryAccessibleInterface(widget).text(QAccessible.Text.Name)

    for index in range(dialog.tabs.count()):
        dialog.tabs.setCurrentIndex(index)
        widget, reached = dialog.nextInFocusChain(), []
        while widget is not dialog:
            if widget.isVisible() and widget.isEnabled() and widget.focusPolicy() & (
                Qt.FocusPolicy.TabFocus
            ) and not isinstance(widget, QTabWidget):
                reached.append(widget)
            widget = widget.nextInFocusChain()
        assert [w for w in reached if not name(w).strip()] == [], dialog.tabs.tabText(index)
    status = DownloadStatus(dialog.downloads)
    qtbot.addWidget(status)
    dialog.catalog.tree.setCurrentItem(dialog.catalog.tree.topLevelItem(1))
    with qtbot.waitSignal(dialog.downloads.ended, timeout=5000):
        dialog.catalog.download_button.click()
    assert name(status.close_button) == "Hide"


def test_the_dialog_fits_a_short_screen(qtbot, settings: Settings, downloads, monkeypatch):
    """At 150 % on a 1366 × 768 laptop (910 × 512) the dialog opened 600 high, its buttons
    below the screen's bottom."""
    from PySide6.QtCore import QRect
    from PySide6.QtGui import QScreen

    monkeypatch.setattr(QScreen, "availableGeometry", lambda _screen: QRect(0, 0, 910, 512))
    short = ModelsDialog(settings, downloads, offload=False)
    qtbot.addWidget(short)
    short.show()
    assert short.height() <= 512 - 60


def test_in_chinese_the_model_manager_has_no_english_words_of_its_own(
    qtbot, settings: Settings, downloads: DownloadManager
):
    from writer.ui import i18n

    i18n.install("zh_CN")
    try:
        d = ModelsDialog(settings, downloads, offload=False)
        qtbot.addWidget(d)
        first = d.installed.tree.topLevelItem(0)
        assert first.text(0) == f"{STARTER_NAME}（使用中）"  # no space before （
        assert first.text(2) == "入门模型"
        starter = d.catalog.tree.topLevelItem(0)
        assert starter.text(0) == "SmolLM2 135M Instruct（入门模型）"
        assert starter.text(4) == "已安装"
        header = d.catalog.tree.headerItem()
        assert [header.text(c) for c in range(5)] == ["模型", "大小", "语言", "内存", "状态"]
        assert d.catalog.note.text() == "为写作挑选的模型：选择一个，查看它擅长什么。"
        assert d.search.note.text() == "搜索会连接 Hub；Writer 的其他功能都不联网。"
        assert d.search.stop_button.text() == "停止(&O)"
        d.show_error(NetworkPolicy(Settings(offline=True)).refusal("https://huggingface.co", "hub"))
        assert d.error.text().startswith("Writer 处于离线状态")
    finally:
        i18n.install("en")


def test_a_search_still_running_when_the_dialog_closes_ends_unheard(
    qtbot, hub: HubServer, settings: Settings, downloads: DownloadManager,
    monkeypatch: pytest.MonkeyPatch,
):
    import threading

    from writer.models import hub as hubapi

    release = threading.Event()
    real_search = hubapi.search

    def slow_search(query, **kwargs):
        release.wait(10)
        return real_search(query, **kwargs)

    monkeypatch.setattr(hubapi, "search", slow_search)
    d = ModelsDialog(settings, downloads, offload=False)
    d.show()
    d.search.query.setText("smollm2")
    d.search.search()
    task = d.search.search_task
    d.reject()
    d.deleteLater()
    qtbot.waitUntil(lambda: not d.isVisible(), timeout=1000)
    release.set()
    qtbot.waitUntil(lambda: not task.running, timeout=10_000)
    QCoreApplication.sendPostedEvents()  # an answer still queued would reach the dead dialog
    QCoreApplication.processEvents()
    assert task.abandoned


def test_a_tabs_sentence_goes_with_the_tab_and_offline_stays(
    hub: HubServer, dialog: ModelsDialog, settings: Settings
):
    """A search's failure stayed under the Installed and Catalog tabs (online: the Hub here
    is a local one)."""
    dialog.tabs.setCurrentIndex(2)
    dialog.show_error("The Hugging Face Hub did not answer in time.")
    assert dialog.error.isVisibleTo(dialog)
    dialog.tabs.setCurrentIndex(0)
    assert not dialog.error.isVisibleTo(dialog)
    settings.offline = True
    dialog.tabs.setCurrentIndex(1)
    assert dialog.error.text().startswith("Writer is offline")


# unfinished downloads -----------------------------------------------------------------------------
QWEN_REPO, QWEN_FILE = "Qwen/Qwen2.5-0.5B-Instruct-GGUF", "qwen2.5-0.5b-instruct-q4_k_m.gguf"


def interrupted(hub: HubServer, repo_id: str, filename: str, after: int) -> None:
    """A download of `filename` that stopped after `after` bytes (as a cancel, a quit or a kill
    leaves it)."""
    from writer.models.download import download
    from writer.models.errors import NetworkError

    hub.drop_after = after
    with pytest.raises(NetworkError):
        download(repo_id, filename, retries=0, policy=NetworkPolicy())


def test_an_unfinished_download_is_listed_after_a_restart_and_resumes_or_is_discarded(
    qtbot, hub: HubServer, settings: Settings, downloads: DownloadManager, starter_model: Path,
    monkeypatch: pytest.MonkeyPatch,
):
    """Nothing showed a partial file left in the cache: the catalog's status was blank and the
    Installed list empty until Download was clicked again."""
    from tests.hubserver import HubFile
    from writer.ui.models_common import ROLE

    known = hub.repos[TEST_REPO].files[STARTER_NAME]
    hub.add_repo(QWEN_REPO, [HubFile(QWEN_FILE, path=starter_model, sha256=known.sha256)])
    interrupted(hub, QWEN_REPO, QWEN_FILE, 30_000_000)
    interrupted(hub, TEST_REPO, STARTER_NAME, 50_000_000)
    partial_file = next((cache_blobs(TEST_REPO)).glob("*.incomplete"))

    dialog = ModelsDialog(settings, downloads, offload=False)  # as Writer opens it after a restart
    qtbot.addWidget(dialog)
    installed = dialog.installed
    assert rows(installed.tree)[1:] == [f"{QWEN_REPO}/{QWEN_FILE}", f"{TEST_REPO}/{STARTER_NAME}"]
    assert installed.tree.topLevelItem(1).text(2) == "unfinished download: 30%"
    qwen = next(dialog.catalog.tree.topLevelItem(i)
                for i in range(dialog.catalog.tree.topLevelItemCount())
                if dialog.catalog.tree.topLevelItem(i).data(0, ROLE).id == "qwen2.5-0.5b")
    assert qwen.text(4) == "30% downloaded"  # (the column cut a longer one off)
    assert qwen.toolTip(4) == "30% downloaded — Resume continues it"
    dialog.catalog.tree.setCurrentItem(qwen)  # (the catalog's button said Download)
    assert dialog.catalog.download_button.text() == "&Resume"
    assert "30.0 MB of 98.4 MB downloaded before; Resume continues from there." in (
        dialog.catalog.note.text())

    installed.tree.setCurrentItem(installed.tree.topLevelItem(2))
    assert installed.use_button.text() == "&Resume"
    assert installed.delete_button.text() == "Dis&card"
    assert "50.0 MB of 98.4 MB downloaded" in installed.note.text()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    installed.delete_button.click()
    assert not partial_file.exists()
    assert rows(installed.tree)[1:] == [f"{QWEN_REPO}/{QWEN_FILE}"]

    installed.tree.setCurrentItem(installed.tree.topLevelItem(1))
    with qtbot.waitSignal(downloads.ended, timeout=20_000) as ended:
        installed.use_button.click()
    assert ended.args[0].state == DONE
    assert hub.file_requests()[-1].headers["Range"] == "bytes=30000000-"
    assert rows(installed.tree)[1:] == [f"{QWEN_REPO}/{QWEN_FILE}"]
    assert installed.tree.topLevelItem(1).text(2) == "Hugging Face cache"


def test_a_partial_file_no_note_names_is_listed_and_can_be_discarded_or_resumed_when_known(
    qtbot, hub: HubServer, settings: Settings, downloads: DownloadManager, starter_model: Path,
    monkeypatch: pytest.MonkeyPatch,
):
    """An .incomplete file without Writer's note (a crash before the note, or another program's
    download) was never listed: its disk space was lost unseen."""
    from tests.hubserver import HubFile
    from writer.models import partial as partials
    from writer.models.catalog import load_catalog

    starter = next(e for e in load_catalog() if e.id == "smollm2-135m")  # it lists a sha256
    hub.add_repo(starter.repo_id, [HubFile(starter.filename, path=starter_model)])
    interrupted(hub, starter.repo_id, starter.filename, 20_000_000)
    for note in partials.notes_dir().glob("*.json"):
        note.unlink()  # as a crash before the note leaves it
    theirs = cache_blobs("writer-test/gone") / f"{'a' * 64}.0badf00d.incomplete"  # hf's name
    theirs.parent.mkdir(parents=True)
    theirs.write_bytes(bytes(3000))
    asked: list[str] = []

    def question(_parent, _title, text, *_args):
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", question)
    dialog = ModelsDialog(settings, downloads, offload=False)
    qtbot.addWidget(dialog)
    installed = dialog.installed
    tree = installed.tree
    assert rows(tree)[1:] == [f"{starter.repo_id}/{starter.filename}",
                              "writer-test/gone (a file whose name is not known)"]
    assert [tree.topLevelItem(2).text(c) for c in range(3)] == [
        "writer-test/gone (a file whose name is not known)", "3.0 kB", "unfinished download"]
    assert tree.topLevelItem(1).text(2) == "unfinished download: 20%"
    from writer.ui import i18n

    i18n.install("zh_CN")
    try:
        installed.refresh()
        assert [tree.topLevelItem(2).text(c) for c in (0, 2)] == [
            "writer-test/gone（名称未知的文件）", "未完成的下载"]
    finally:
        i18n.install("en")
        installed.refresh()

    tree.setCurrentItem(tree.topLevelItem(2))
    assert installed.use_button.text() == "&Resume"
    assert not installed.use_button.isEnabled()
    assert installed.delete_button.isEnabled()
    assert installed.note.text().startswith("3.0 kB of a download whose file is not known")
    installed.delete_button.click()
    assert asked == ["Discard the unfinished download of writer-test/gone (a file whose name is "
                     "not known)? The 3.0 kB downloaded so far are deleted."]
    assert not theirs.exists()
    assert not cache_blobs("writer-test/gone").parent.exists()
    assert rows(tree)[1:] == [f"{starter.repo_id}/{starter.filename}"]

    tree.setCurrentItem(tree.topLevelItem(1))  # the catalog names it: it resumes
    assert installed.use_button.isEnabled()
    with qtbot.waitSignal(downloads.ended, timeout=20_000) as ended:
        installed.use_button.click()
    assert ended.args[0].state == DONE
    assert hub.file_requests()[-1].headers["Range"] == "bytes=20000000-"
    assert rows(tree)[1:] == [f"{starter.repo_id}/{starter.filename}"]
    assert tree.topLevelItem(1).text(2) == "Hugging Face cache"


def test_a_stopped_downloads_partial_file_can_be_resumed_or_discarded_where_it_is_shown(
    qtbot, hub: HubServer, dialog: ModelsDialog, monkeypatch: pytest.MonkeyPatch
):
    """The panel and the status bar showed a cancelled download with no way to discard what it
    left (only under Installed), and the status bar with no way to continue it."""
    from writer.ui.downloads import DownloadStatus

    status = DownloadStatus(dialog.downloads)
    qtbot.addWidget(status)
    panel = dialog.panel
    answers: list[QMessageBox.StandardButton] = []
    asked: list[tuple[str, QMessageBox.StandardButton]] = []

    def question(_parent, _title, text, _buttons, default):
        asked.append((text, default))
        return answers.pop(0)

    monkeypatch.setattr(QMessageBox, "question", question)

    def stopped_at(n: int) -> None:
        hub.stalling.clear()
        hub.stall_after = n
        dialog.start_download(TEST_REPO, [STARTER_NAME])
        assert hub.stalling.wait(10)
        qtbot.waitUntil(lambda: dialog.panel.bar.value() == n * 1000 // 98_362_432,
                        timeout=5000)
        with qtbot.waitSignal(dialog.downloads.ended, timeout=3000) as ended:
            panel.cancel_button.click()
        assert ended.args[0].state == CANCELLED

    stopped_at(10_000_000)
    assert panel.status.text() == (f"The download of {STARTER_NAME} was cancelled at 10.0 MB of "
                                   "98.4 MB. Resume to continue from there.")
    assert panel.retry_button.text() == "Resu&me"
    assert panel.discard_button.isVisibleTo(dialog)
    assert status.resume_button.isVisibleTo(status)
    assert status.resume_button.text() == "Resume"
    assert status.toolTip() == panel.status.text()
    partial = next(cache_blobs(TEST_REPO).glob("*.incomplete"))

    answers[:] = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]
    panel.discard_button.click()  # No: nothing happens
    assert partial.stat().st_size == 10_000_000
    assert asked[0] == (f"Discard the unfinished download of {TEST_REPO}/{STARTER_NAME}? The "
                        "10.0 MB downloaded so far are deleted.", QMessageBox.StandardButton.No)
    assert f"{TEST_REPO}/{STARTER_NAME}" in rows(dialog.installed.tree)
    panel.discard_button.click()
    assert not partial.exists()
    assert panel.status.text() == (
        f"Discarded the unfinished download of {TEST_REPO}/{STARTER_NAME}.")
    assert not panel.discard_button.isVisibleTo(dialog)
    assert panel.retry_button.text() == "Retr&y"
    assert panel.bar.value() == 0
    assert f"{TEST_REPO}/{STARTER_NAME}" not in rows(dialog.installed.tree)
    assert not status.isVisibleTo(status.parentWidget() or status)

    stopped_at(20_000_000)  # discarded under Installed: the panel offers no Discard any more
    installed = dialog.installed
    installed.tree.setCurrentItem(installed.tree.topLevelItem(1))
    answers[:] = [QMessageBox.StandardButton.Yes]
    installed.delete_button.click()
    assert not panel.discard_button.isVisibleTo(dialog)
    assert panel.retry_button.text() == "Retr&y"

    stopped_at(30_000_000)  # the status bar continues it
    hub.release.set()
    with qtbot.waitSignal(dialog.downloads.ended, timeout=20_000) as ended:
        status.resume_button.click()
    assert ended.args[0].state == DONE
    assert hub.file_requests()[-1].headers["Range"] == "bytes=30000000-"


def cache_blobs(repo_id: str) -> Path:
    from writer.models import cache

    return cache.repo_folder(repo_id) / "blobs"


def test_the_installed_tab_says_what_damaged_copies_take_and_deletes_them(
    qtbot, hub: HubServer, settings: Settings, downloads: DownloadManager, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
):
    """Damaged downloads set aside piled up unseen in ~/.cache/Writer/quarantine."""
    from writer.models.download import download, quarantined
    from writer.models.errors import ChecksumError

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    hub.corrupt_at = 5
    with pytest.raises(ChecksumError):
        download(TEST_REPO, STARTER_NAME, policy=NetworkPolicy())
    dialog = ModelsDialog(settings, downloads, offload=False)
    qtbot.addWidget(dialog)
    dialog.show()
    installed = dialog.installed
    assert installed.quarantine_note.isVisibleTo(dialog)
    assert installed.quarantine_note.text().startswith(
        "Damaged downloads set aside (never loaded) take 98.4 MB in ")
    installed.quarantine_button.click()
    assert quarantined() == []
    assert not installed.quarantine_button.isVisibleTo(dialog)
    assert installed.note.text() == "Deleted the damaged copies (98.4 MB freed)."


def test_a_finished_downloads_use_goes_once_used_or_deleted(
    qtbot, hub: HubServer, dialog: ModelsDialog, settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
):
    """After Use, the panel's and the status bar's Use stayed; after the file was deleted they
    offered it still, and a click said "No installed model is called '/…'. `writer models
    list`…" (a command-line hint in the window)."""
    from writer.downloads import DONE
    from writer.ui.downloads import DownloadStatus

    status = DownloadStatus(dialog.downloads)
    qtbot.addWidget(status)
    shown = status.parentWidget() or status

    def downloaded() -> str:
        with qtbot.waitSignal(dialog.downloads.ended, timeout=20_000) as ended:
            dialog.start_download(TEST_REPO, [STARTER_NAME])
        assert ended.args[0].state == DONE
        assert dialog.panel.use_button.isVisibleTo(dialog)
        assert status.use_button.isVisibleTo(status)
        return ended.args[0].path

    path = downloaded()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    dialog.installed.tree.setCurrentItem(dialog.installed.tree.topLevelItem(1))
    dialog.installed.delete_button.click()
    assert not Path(path).exists()
    assert not dialog.panel.isVisibleTo(dialog)
    assert not status.isVisibleTo(shown)

    Path(downloaded()).unlink()  # by another program
    dialog.panel.use_button.click()
    assert dialog.error.text() == (
        f"{STARTER_NAME} is no longer on this computer: it was deleted or moved.")

    downloaded()
    with qtbot.waitSignal(dialog.model_chosen, timeout=2000):
        dialog.panel.use_button.click()
    assert not dialog.panel.use_button.isVisibleTo(dialog)
    assert not status.isVisibleTo(shown)


def test_the_bar_shows_the_bytes_saved_as_the_text_says_them(
    qtbot, hub: HubServer, dialog: ModelsDialog
):
    """On Retry the bar fell to 0% while the text counted the bytes already there; after a
    checksum failure it stood at 100% for a file set aside."""
    interrupted(hub, TEST_REPO, STARTER_NAME, 20_000_000)
    bar = dialog.panel.bar
    seen: list[int] = []
    bar.valueChanged.connect(seen.append)
    hub.corrupt_at = 30_000_000
    with qtbot.waitSignal(dialog.downloads.ended, timeout=20_000) as ended:
        dialog.start_download(TEST_REPO, [STARTER_NAME])
        assert bar.value() == 20_000_000 * 1000 // 98_362_432
    assert ended.args[0].state == FAILED
    assert "arrived damaged" in dialog.panel.status.text()
    assert min(seen[:-1]) >= 203  # it grew from what was saved
    assert max(seen) == 1000
    assert bar.value() == 0  # the damaged file was set aside: nothing is saved
    assert bar.maximum() == 1000


def test_deleting_the_model_in_use_asks_with_no_as_the_default_and_says_it_in_chinese(
    qtbot, hub: HubServer, settings: Settings, downloads: DownloadManager,
    monkeypatch: pytest.MonkeyPatch,
):
    """Enter deleted (Yes was the default), the question did not say the model was in use, and
    the sentence after stayed English and said 0.1 GB of a file the list calls 98.4 MB."""
    from writer.models import store
    from writer.models.download import download
    from writer.ui import i18n

    path = download(TEST_REPO, STARTER_NAME, policy=NetworkPolicy())
    store.use(str(path), settings)
    asked: list[tuple] = []

    def question(_parent, title, text, buttons, default):
        asked.append((text, default))
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", question)
    i18n.install("zh_CN")
    try:
        d = ModelsDialog(settings, downloads, offload=False)
        qtbot.addWidget(d)
        d.installed.tree.setCurrentItem(d.installed.tree.topLevelItem(1))
        d.installed.delete_button.click()
        assert asked[0][1] == QMessageBox.StandardButton.No
        assert "入门模型" in asked[0][0]  # Writer goes back to the starter model
        assert d.installed.note.text() == f"已删除 {TEST_REPO}/{STARTER_NAME}（释放 98.4 MB）。"
        assert not path.exists()
        from writer.models.errors import human_size
        from writer.sentences import said
        from writer.ui.i18n import sentence

        full = said("Not enough disk space for {0}: it needs {1} more, and only {2} is free in "
                    "{3}.", "x.gguf", "1.0 GB", human_size(0), "/tmp")
        assert sentence(full) == (  # (no space between "字节", translated, and "可用")
            "磁盘空间不足，无法下载 x.gguf：还需要 1.0 GB，但 /tmp 中只有 0 字节可用。")
    finally:
        i18n.install("en")


def test_search_selects_the_first_row_marks_installed_files_and_counts_in_words(
    qtbot, hub: HubServer, dialog: ModelsDialog, monkeypatch: pytest.MonkeyPatch
):
    """The first row was current but not selected (the first Down went to row 2); a file
    already downloaded was offered again; "…: 1 quantisations"."""
    starter_bytes_unknown(monkeypatch)  # (the copy here named: the download's, not the starter)
    from tests.hubserver import HubFile
    from writer.models.download import download

    one = "writer-test/SmolLM2-one-GGUF"
    hub.add_repo(one, [HubFile("one.Q2_K.gguf", data=b"GGUF")])
    download(TEST_REPO, STARTER_NAME, policy=NetworkPolicy())
    dialog.refresh()
    search = dialog.search
    dialog.tabs.setCurrentIndex(SEARCH)
    search.query.setText("smollm2")
    search.search_button.click()
    qtbot.waitUntil(lambda: search.variants.topLevelItemCount() == 2, timeout=5000)
    assert search.results.selectedItems() == [search.results.topLevelItem(0)]
    assert search.variants.selectedItems() == [search.variants.topLevelItem(0)]
    # the Q8_0 "quantisation" is the Q4_1's bytes (the Hub's sha256 says so): not offered for a
    # second download either
    assert rows(search.variants) == [
        "Q4_1   (installed)", f"Q8_0   (already on this computer as {TEST_REPO}/{STARTER_NAME})"]
    assert not search.download_button.isEnabled()
    qtbot.keyClick(search.variants, Qt.Key.Key_Down)
    assert search.variants.selectedItems() == [search.variants.topLevelItem(1)]
    assert not search.download_button.isEnabled()

    search.query.setText("one-gguf")
    search.search_button.click()
    qtbot.waitUntil(lambda: search.variants.topLevelItemCount() == 1, timeout=5000)
    assert search.note.text() == f"{one}: one quantisation."
    # the count is said with the first listing, not replaced by it at once
    from types import SimpleNamespace

    hits = [SimpleNamespace(repo_id=r, gated=False, downloads=1, likes=1) for r in (one, TEST_REPO)]
    search.search_task = asked = object()
    search._searched(asked, hits)
    assert search.note.text().startswith("2 repositories found. Choose one to see its files. ")
    assert one in search.note.text()  # and then what the first one's listing says


def test_the_catalog_and_the_search_say_whether_a_file_fits_on_the_disk(
    qtbot, hub: HubServer, settings: Settings, downloads: DownloadManager,
    monkeypatch: pytest.MonkeyPatch,
):
    """A file larger than the free space of the Hugging Face cache's disk was offered for
    download as any other (and failed once begun). Now its size says there is no room, and
    what the downloads ahead of it will take counts; the free space is measured when the
    downloads change, not when a row is drawn or chosen."""
    starter_bytes_unknown(monkeypatch)
    import shutil
    import threading
    from collections import namedtuple

    usage = namedtuple("usage", "total used free")
    measured: list[str] = []  # (by the window's thread: a download's own check of the room
    # before it writes runs on its thread whenever it gets there, after the stall sometimes)

    def disk_usage(path):
        if threading.current_thread() is threading.main_thread():
            measured.append(str(path))
        return usage(10**12, 0, 150_000_000)

    monkeypatch.setattr(shutil, "disk_usage", disk_usage)
    dialog = ModelsDialog(settings, downloads, offload=False)
    qtbot.addWidget(dialog)
    dialog.show()
    catalog = dialog.catalog
    row = next(catalog.tree.topLevelItem(i) for i in range(catalog.tree.topLevelItemCount())
               if catalog.tree.topLevelItem(i).data(0, 0x0100).id == "qwen2.5-0.5b")
    assert row.text(1) == "491.4 MB · no room"
    catalog.tree.setCurrentItem(row)
    assert "Not enough disk space: needs 491.4 MB, 150.0 MB free." in catalog.note.text()
    assert not catalog.download_button.isEnabled()

    search = dialog.search
    dialog.tabs.setCurrentIndex(SEARCH)
    search.query.setText("smollm2")
    search.search_button.click()
    qtbot.waitUntil(lambda: search.variants.topLevelItemCount() == 2, timeout=5000)
    q4, q8 = search.variants.topLevelItem(0), search.variants.topLevelItem(1)
    assert (q4.text(1), q8.text(1)) == ("98.4 MB", "98.4 MB")
    search.variants.setCurrentItem(q8)
    search.variants.setCurrentItem(q4)  # (the first one's note gave way to the repository's)
    assert search.note.text().endswith("Fits on disk: needs 98.4 MB, 150.0 MB free.")
    # (the variants' header reads are file requests too: one still under way when the stall
    # is armed took it, and the download then ran unstalled)
    names = [item.data(0, 0x0100).filename for item in (q4, q8)]
    qtbot.waitUntil(lambda: all(search.header_kv.get((TEST_REPO, name)) for name in names),
                    timeout=5000)  # fmt: skip
    hub.stall_after = 1_000_000
    search.download_button.click()  # Q4_1: its 98.4 MB now count against the room left
    assert hub.stalling.wait(5)
    assert (q4.text(0), q8.text(1)) == ("Q4_1   (downloading)", "98.4 MB · no room")
    count = len(measured)
    search.variants.setCurrentItem(q8)
    dialog.repaint()
    assert len(measured) == count
    assert search.note.text().endswith(
        "Not enough disk space: needs 98.4 MB, 51.6 MB free after the downloads ahead of it "
        "(150.0 MB free now).")
    assert not search.download_button.isEnabled()
    assert search.download_button.text() == "Add to &Queue"
    dialog.close()  # (the Hub calls still running end unheard)


def test_the_free_space_is_read_again_while_the_dialog_is_open(
    qtbot, settings: Settings, downloads: DownloadManager, monkeypatch: pytest.MonkeyPatch,
):
    """The free space was read when the dialog opened and when downloads changed: a writer
    who freed the disk in a file manager with the dialog open still read "no room". An open
    dialog reads it again every few seconds and marks the files again where the room moved;
    a closed one reads nothing."""
    import shutil
    from collections import namedtuple

    usage = namedtuple("usage", "total used free")
    free = [150_000_000]
    monkeypatch.setattr(shutil, "disk_usage", lambda path: usage(10**12, 0, free[0]))
    dialog = ModelsDialog(settings, downloads, offload=False)
    qtbot.addWidget(dialog)
    dialog.show()
    catalog = dialog.catalog
    row = next(catalog.tree.topLevelItem(i) for i in range(catalog.tree.topLevelItemCount())
               if catalog.tree.topLevelItem(i).data(0, 0x0100).id == "qwen2.5-0.5b")
    catalog.tree.setCurrentItem(row)
    assert row.text(1) == "491.4 MB · no room"
    assert not catalog.download_button.isEnabled()
    assert dialog._room_timer.isActive()
    free[0] = 20_000_000_000  # another program freed the disk
    dialog._room_timer.timeout.emit()
    row = catalog.tree.currentItem()
    assert row.data(0, 0x0100).id == "qwen2.5-0.5b"  # (still the one chosen)
    assert row.text(1) == "491.4 MB"
    assert catalog.download_button.isEnabled()
    assert "Fits on disk: needs 491.4 MB, 20.0 GB free." in catalog.note.text()
    dialog.hide()
    assert not dialog._room_timer.isActive()


def test_a_column_sized_to_its_contents_leaves_a_space_before_the_next(qtbot) -> None:
    """The Hub's files ("量化", "大小", "内存" in Chinese) had their texts run together: a
    column that fits its contents ends two characters past its longest text."""
    from writer.ui.models_common import tree

    view = tree(["大小", "内存", "文件"], stretch=2)
    qtbot.addWidget(view)
    view.addTopLevelItem(QTreeWidgetItem(["14.4 GB", "✓ 16.1 GB", "a.gguf"]))
    view.show()
    metrics = view.fontMetrics()
    for column in (0, 1):
        text = view.topLevelItem(0).text(column)
        room = metrics.horizontalAdvance(text) + 2 * metrics.averageCharWidth()
        assert view.header().sectionSize(column) >= room, text


def test_enter_in_the_catalog_downloads_the_model_it_is_on(qtbot, dialog: ModelsDialog):
    """Enter in the Catalog's list did nothing (in Installed it uses the model): it does what
    Download does, where Download can."""
    dialog.tabs.setCurrentIndex(1)
    catalog = dialog.catalog
    tree = catalog.tree
    for i in range(tree.topLevelItemCount()):
        tree.setCurrentItem(tree.topLevelItem(i))
        if catalog.download_button.isEnabled():
            break
    assert catalog.download_button.isEnabled()
    asked: list[list] = []
    catalog.download_requested.connect(lambda *args: asked.append(list(args)))
    qtbot.keyClick(tree, Qt.Key.Key_Return)
    assert len(asked) == 1


def test_under_chinese_the_empty_hubs_column_titles_have_room(qtbot, settings: Settings,
                                                              downloads: DownloadManager):
    """While the Hub tab's lists were empty, a column sized to its contents was just its title:
    "下载量点赞" and "量化大小内存" ran together. Each title has two characters' room after it."""
    from writer.ui import i18n

    i18n.install("zh_CN")
    try:
        d = ModelsDialog(settings, downloads, offload=False)
        qtbot.addWidget(d)
        d.tabs.setCurrentIndex(SEARCH)
        d.show()
        qtbot.waitExposed(d)
        for view in (d.search.results, d.search.variants):
            assert view.topLevelItemCount() == 0
            header = view.header()
            titles = [view.headerItem().text(c) for c in range(view.columnCount())]
            assert "下载量" in titles or "量化" in titles  # (translated)
            metrics = header.fontMetrics()
            for column, title in enumerate(titles):
                need = metrics.horizontalAdvance(title) + 2 * metrics.averageCharWidth()
                assert header.sectionSize(column) >= need, title
    finally:
        i18n.install("en")


def test_a_file_with_the_bytes_of_a_model_here_is_not_offered_again(
    qtbot, hub: HubServer, dialog: ModelsDialog, starter_model: Path
):
    """The starter's own Q4_1 in another repository was listed as not installed and offered
    as a second 98 MB download: the Hub gives its sha256, and the starter's is read once (on
    a thread) and remembered by its path, size and time, so it is known the next time without
    a read."""
    search = dialog.search
    dialog.tabs.setCurrentIndex(SEARCH)
    search.query.setText("smollm2")
    search.search_button.click()
    qtbot.waitUntil(lambda: search.variants.topLevelItemCount() == 2, timeout=5000)
    here = f"(already on this computer as {starter_model.name})"
    qtbot.waitUntil(lambda: rows(search.variants) == [f"Q4_1   {here}", f"Q8_0   {here}"],
                    timeout=20_000)  # fmt: skip
    search.variants.setCurrentItem(search.variants.topLevelItem(0))
    assert not search.download_button.isEnabled()
    from writer.models import hashes

    assert hashes.known(starter_model) == hashlib.sha256(starter_model.read_bytes()).hexdigest()


def test_a_model_deleted_while_its_hash_is_read_is_not_taken_for_one_here(
    qtbot, dialog: ModelsDialog, tmp_path: Path
):
    """The models' hashes are read on a thread (a 4 GB file takes a while): a model deleted
    meanwhile (to download it again) came back as "already on this computer" when its hash
    arrived, and its download was refused until the dialog was opened again."""
    from writer.models import hashes
    from writer.models.store import InstalledModel

    model = tmp_path / "mine.gguf"
    model.write_bytes(b"GGUF" + bytes(3000))
    mine = InstalledModel("mine.gguf", model, "imported", model.stat().st_size)
    search = dialog.search
    search.set_installed(set(), [mine])
    search._learn_hashes()  # (as a listing with the Hub's hashes starts it)
    hashing = search.hashing
    assert hashing is not None
    # (deleted under Installed before the hash came: the dialog's list has it no more; the
    # file is left, for the thread reads it whenever it comes to it)
    search.set_installed(set(), [])
    qtbot.waitUntil(lambda: search.hashing is None, timeout=10_000)
    assert hashes.known(model) is not None  # (its hash was read)
    assert search.here == {}


def test_the_models_hashes_are_read_once_a_refresh_and_their_checking_is_said(
    qtbot, dialog: ModelsDialog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """Each model's known hash read model-hashes.json again, on the window's thread, at every
    refresh; and while the models here were hashed (a large one takes a while) the Search tab
    said nothing of it."""
    import threading
    from types import SimpleNamespace

    from writer.models import hashes

    files = []
    for number in range(4):
        path = tmp_path / f"model-{number}.gguf"
        path.write_bytes(b"GGUF" + bytes([number]) * 64)
        files.append(path)
    hashes.compute(files[0])  # (one remembered, the others not)
    reads = []
    real = hashes._remembered
    monkeypatch.setattr(hashes, "_remembered", lambda: reads.append(1) or real())
    models = [SimpleNamespace(path=p, label=p.stem) for p in files]
    search = dialog.search
    search.set_installed(set(), models)
    assert len(reads) == 1
    assert list(search.here.values()) == ["model-0"]

    monkeypatch.setattr(hashes, "_remembered", real)
    go_on = threading.Event()
    compute = hashes.compute
    monkeypatch.setattr(
        hashes, "compute", lambda *a, **k: compute(*a, **k) if go_on.wait(10) else None)
    dialog.tabs.setCurrentIndex(SEARCH)
    enabled = search.download_button.isEnabled()
    search._learn_hashes()  # (as a listing with the Hub's sha256 asks)
    qtbot.waitUntil(search.checking.isVisible, timeout=5000)
    assert search.checking.text() == "Checking the models on this computer…"
    assert search.download_button.isEnabled() == enabled
    go_on.set()
    qtbot.waitUntil(lambda: not search.checking.isVisible(), timeout=5000)
    assert sorted(search.here.values()) == [f"model-{n}" for n in range(4)]
