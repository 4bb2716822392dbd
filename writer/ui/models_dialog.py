"""The Models dialog: one tab per job (installed, catalog, Hub search) and the download panel.

The dialog composes `InstalledTab`, `CatalogTab`, `SearchTab` and `DownloadPanel`; it owns no
thread and no download. Downloads belong to the application's `DownloadManager`, so one goes on
when the dialog closes (its progress then shows in the windows' status bars); the dialog starts
them there and shows what the manager announces (a partial file discarded from the panel
leaves the Installed list, one discarded there leaves the panel's offer). A download asked for
while another runs is queued by the manager; the tabs mark what downloads or waits, and whether
a file fits in the disk space left once the downloads ahead of it are in (`DiskRoom`, measured
here when the dialog opens, when the downloads or the files change, and every five seconds
while it is open, for another program filling or freeing the disk). Choosing a model saves
it in the settings and emits `model_chosen(path)`. Enter never reaches a button the writer did
not choose: no button of the dialog is a default one.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QHideEvent, QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from writer.downloads import Download, DownloadManager
from writer.models import cache, fit, store
from writer.models.errors import ModelsError
from writer.network import HUB
from writer.settings import Settings
from writer.ui.downloads import DownloadPanel
from writer.ui.fit_words import describe
from writer.ui.i18n import sentence
from writer.ui.models_catalog import CatalogTab
from writer.ui.models_common import DiskRoom, Fitter, note
from writer.ui.models_installed import InstalledTab
from writer.ui.models_search import SearchTab
from writer.ui.screens import resize_within
from writer.ui.theme import mark_problem

INSTALLED, CATALOG, SEARCH = range(3)
ROOM_RECHECK_MS = 5000  # how often an open dialog reads the free space again


class ModelsDialog(QDialog):
    """Model → Manage Models. Emits `model_chosen(path)` after saving the choice."""

    model_chosen = Signal(str)
    model_deleted = Signal(str, bool)  # path, whether it was the active model

    def __init__(
        self,
        settings: Settings,
        downloads: DownloadManager,
        parent: QWidget | None = None,
        offload: bool | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Models"))
        resize_within(self, 860, 600)
        self.settings = settings
        self.downloads = downloads
        offload = settings.gpu_layers() != 0 if offload is None else offload
        self.fitter = Fitter(settings.n_ctx, offload)

        self.room = DiskRoom(downloads)
        self.installed = InstalledTab(settings, self.fitter, downloads)
        self.catalog = CatalogTab(self.fitter, self.room)
        self.search = SearchTab(self.fitter, downloads.policy, self.room)
        self.tabs = QTabWidget()
        # (each tab its Alt letter, as each button has, none of theirs: the tabs show on
        # every page)
        self.tabs.addTab(self.installed, self.tr("Install&ed"))
        self.tabs.addTab(self.catalog, self.tr("Catalo&g"))
        self.tabs.addTab(self.search, self.tr("Search the Hu&b"))
        self.tabs.currentChanged.connect(self._tab_shown)
        self.panel = DownloadPanel(downloads)
        self.error = mark_problem(note(""))
        self.error.setObjectName("error")
        self.error.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.panel)
        layout.addWidget(buttons)
        for button in self.findChildren(QPushButton):
            button.setAutoDefault(False)
            button.setDefault(False)

        self.installed.use_requested.connect(self._use)
        self.installed.changed.connect(self.refresh)
        self.installed.error.connect(self.show_error)
        self.installed.model_deleted.connect(self._deleted)
        self.installed.resume_requested.connect(self.start_download)
        self.catalog.download_requested.connect(self.start_download)
        self.search.download_requested.connect(self.start_download)
        self.search.error.connect(self.show_error)
        downloads.started.connect(self._downloads_changed)
        downloads.queue_changed.connect(self._downloads_changed)
        downloads.ended.connect(self._download_ended)
        downloads.discarded.connect(self._discarded)
        self.panel.use_requested.connect(self._use)
        # the free space, read again while the dialog is open (one statvfs each time)
        self._room_timer = QTimer(self, interval=ROOM_RECHECK_MS)
        self._room_timer.timeout.connect(self._recheck_room)
        self.refresh()
        self.installed.tree.setFocus()  # (the dialog opens on Installed)
        # Offline (or HF_HUB_OFFLINE): said before the writer tries to search or download
        self.show_error(downloads.policy.refusal(cache.endpoint(), HUB))

    def refresh(self) -> None:
        """Read the installed models and the unfinished downloads again and mark them in the
        catalog (no network)."""
        self.installed.refresh()
        self.room.measure(self.installed.partials)
        self.catalog.refresh(self.installed.models, self.installed.partials)
        models = self.installed.models
        self.search.set_installed({(m.repo_id, m.name) for m in models}, models)
        self.panel.show_kept()  # (its partial file may have been discarded under Installed)

    def show_error(self, text: str) -> None:
        self.error.setText(sentence(text))
        self.error.setVisible(bool(text))

    def select_catalog(self, entry_id: str) -> bool:
        """Show the Catalog tab with entry `entry_id` selected; False when it is not listed."""
        if not self.catalog.select(entry_id):
            return False
        self.tabs.setCurrentIndex(CATALOG)
        return True

    def _tab_shown(self, index: int) -> None:
        # a sentence about one tab's action goes with the tab (a search's failure stayed
        # under the Installed list); the standing one (Offline) stays
        self.show_error(self.downloads.policy.refusal(cache.endpoint(), HUB))
        # the keys go to the tab's own control (they stayed on the tabs: Down moved nothing)
        if index == SEARCH:
            self.search.query.setFocus(Qt.FocusReason.TabFocusReason)
        elif index == CATALOG:
            self.catalog.tree.setFocus(Qt.FocusReason.TabFocusReason)
        else:
            self.installed.tree.setFocus(Qt.FocusReason.TabFocusReason)

    def done(self, result: int) -> None:
        """Closing leaves the download to the application and drops the Hub calls."""
        self.search.abandon()
        super().done(result)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Esc stops a running search before it closes the dialog."""
        if event.key() == Qt.Key.Key_Escape and self.search.searching:
            self.search.stop()
            event.accept()
            return
        super().keyPressEvent(event)

    # choosing -----------------------------------------------------------------------------
    def _use(self, model: store.InstalledModel | str) -> None:
        path = Path(model.path if isinstance(model, store.InstalledModel) else model)
        verdict = self.fitter.check(path.stat().st_size, path) if path.is_file() else None
        if verdict is not None and verdict.verdict == fit.TOO_LARGE:
            answer = QMessageBox.question(
                self,
                self.tr("Model too large"),
                describe(verdict) + "\n\n" + self.tr("Use it anyway?"),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        try:
            if isinstance(model, store.InstalledModel):
                chosen = store.use(model, self.settings)
            else:
                chosen = store.use_file(model, self.settings)
        except ModelsError as exc:
            self.show_error(str(exc))
            return
        self.show_error("")
        self.refresh()
        self.downloads.model_gone(chosen.path)  # its download's Use is done
        self.model_chosen.emit(str(chosen.path))

    def _deleted(self, path: str, was_active: bool) -> None:
        self.downloads.model_gone(path)  # no Use of a file that is gone
        self.model_deleted.emit(path, was_active)

    # downloads ----------------------------------------------------------------------------
    def start_download(self, repo_id: str, files: list[str], sha256: str | None = None,
                       size: int = 0) -> None:  # fmt: skip
        """Hand a download to the application's manager (it starts, or waits in the queue); the
        panel shows how it goes, or the sentence why it cannot (Offline, queued already)."""
        try:
            self.downloads.start(repo_id, files, sha256, size)
        except ModelsError as exc:
            self.show_error(str(exc))
            return
        self.show_error("")

    def download_catalog_entry(self) -> None:
        """Download the entry selected in the catalog."""
        self.catalog.download_selected()

    def _downloads_changed(self, *_download: Download) -> None:
        """A download began, or the queue changed: mark again what downloads or waits, with
        the room left on the disk (measured once here)."""
        self.room.measure(self.installed.partials)
        self.installed.show_downloads()
        self.catalog.show_downloads()
        self.search.show_downloads()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        self._room_timer.start()

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 (Qt's name)
        self._room_timer.stop()
        super().hideEvent(event)

    def _recheck_room(self) -> None:
        """Another program filled or freed the disk while the dialog is open: the catalog
        and the search say again which files fit."""
        if self.room.recheck():
            self.catalog.show_downloads()
            self.search.show_downloads()

    def _download_ended(self, _download: Download) -> None:
        self.refresh()  # a stopped one is listed as unfinished, a finished one as installed

    def _discarded(self, _download: Download) -> None:
        self.refresh()  # its unfinished download is no longer listed
