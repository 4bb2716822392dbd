"""The Models dialog: installed models, the curated catalog, and Hub search, with downloads.

Every network call (search, listing a repository, downloading) runs in a QThread; results and
progress come back as queued signals, so the window never waits. A download can be cancelled
(it stops between two network reads, well within a second) and retried; a retry continues the
partial file. Choosing a model saves it in the app's settings and emits `model_chosen(path)`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, QThread, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from writer.models import fit, store
from writer.models.catalog import CatalogEntry, load_catalog
from writer.models.errors import CancelledError, ModelsError, human_size
from writer.settings import Settings
from writer.ui.fit_words import describe

ROLE = Qt.ItemDataRole.UserRole
def verdict_mark(verdict: str) -> str:
    marks = {
        fit.FITS: QCoreApplication.translate("Fit", "✓ fits"),
        fit.TIGHT_FIT: QCoreApplication.translate("Fit", "◐ tight"),
        fit.TOO_LARGE: QCoreApplication.translate("Fit", "✗ too large"),
    }
    return marks.get(verdict, "?")


class _Keeper(QObject):
    """Holds download threads so that they outlive a closed dialog, and at quit cancels them and
    waits for them (a stalled read ends at huggingface_hub's download timeout)."""

    def __init__(self) -> None:
        super().__init__()
        self.threads: set[QThread] = set()
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)

    def keep(self, thread: QThread) -> None:
        self.threads.add(thread)
        thread.finished.connect(self._release)

    def _release(self) -> None:
        thread = self.sender()
        if isinstance(thread, QThread):
            thread.wait()
            self.threads.discard(thread)

    def shutdown(self) -> None:
        for thread in list(self.threads):
            cancel = getattr(thread, "cancel", None)
            if cancel is not None:
                cancel()
        for thread in list(self.threads):
            thread.wait(12_000)


_keeper: _Keeper | None = None


def _keep_alive(thread: QThread) -> None:
    global _keeper
    if _keeper is None:
        _keeper = _Keeper()
    _keeper.keep(thread)


class CallThread(QObject):
    """Runs one network call (search, listing, a header) in a daemon thread, so that a call
    stuck in huggingface_hub's retries never holds up quitting. Results come back as queued
    signals carrying the callback to run on the UI thread."""

    succeeded = Signal(object, object)  # callback, result
    failed = Signal(object, str)  # callback, sentence

    def __init__(
        self, fn: Callable[[], Any], done: Callable[[Any], None], failed: Callable[[str], None]
    ) -> None:
        super().__init__()
        self.fn, self.done, self.on_failure = fn, done, failed

    def start(self) -> None:
        threading.Thread(target=self._run, daemon=True, name="writer-hub-call").start()

    def _run(self) -> None:
        try:
            result = self.fn()
        except ModelsError as exc:
            self.failed.emit(self.on_failure, str(exc))
        except Exception as exc:  # noqa: BLE001 - shown to the user, not swallowed
            self.failed.emit(self.on_failure, f"Something unexpected went wrong: {exc}")
        else:
            self.succeeded.emit(self.done, result)


class DownloadThread(QThread):
    """Downloads the files of one model (one, or the parts of a split file) in turn."""

    progressed = Signal(object)  # writer.models.download.Progress
    downloaded = Signal(str)  # path of the (first) file
    failed = Signal(str)
    cancelled = Signal(str)

    def __init__(
        self,
        repo_id: str,
        files: list[str],
        sha256: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.repo_id = repo_id
        self.files = files
        self.sha256 = sha256
        self.cancel_event = threading.Event()

    def cancel(self) -> None:
        self.cancel_event.set()

    def run(self) -> None:
        from writer.models.download import download

        first: Path | None = None
        try:
            for name in self.files:
                path = download(
                    self.repo_id,
                    name,
                    expected_sha256=self.sha256,
                    progress=self.progressed.emit,
                    cancel=self.cancel_event,
                )
                first = first or path
        except CancelledError as exc:
            self.cancelled.emit(str(exc))
        except ModelsError as exc:
            self.failed.emit(str(exc))
        except Exception as exc:  # noqa: BLE001
            self.failed.emit(f"The download failed unexpectedly: {exc}")
        else:
            self.downloaded.emit(str(first))


def remote_kv(repo_id: str, filename: str) -> int | None:
    from writer.models.hub import remote_kv_per_token

    return remote_kv_per_token(repo_id, filename)


def _tree(headers: list[str]) -> QTreeWidget:
    tree = QTreeWidget()
    tree.setHeaderLabels(headers)
    tree.setRootIsDecorated(False)
    tree.setAlternatingRowColors(True)
    tree.setUniformRowHeights(True)
    tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    header = tree.header()
    header.setStretchLastSection(False)
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    for column in range(1, len(headers)):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
    return tree


def _note(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class DownloadPanel(QFrame):
    """What the current download is doing: a bar, bytes/rate/time left, Cancel and Retry."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.title = QLabel(self.tr("No download running."))
        bold = QFont(self.title.font())
        bold.setBold(True)
        self.title.setFont(bold)
        self.bar = QProgressBar()
        self.bar.setRange(0, 1000)
        self.bar.setValue(0)
        self.bar.setTextVisible(True)
        self.bar.setFormat("%p%")
        self.status = _note("")
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.retry_button = QPushButton(self.tr("Retry"))
        self.use_button = QPushButton(self.tr("Use this model"))
        for button in (self.cancel_button, self.retry_button, self.use_button):
            button.setEnabled(False)
        self.retry_button.hide()
        self.use_button.hide()
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.use_button)
        top.addWidget(self.retry_button)
        top.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.bar)
        layout.addWidget(self.status)


class ModelsDialog(QDialog):
    """Models → Manage models. Emits `model_chosen(path)` after saving the choice."""

    model_chosen = Signal(str)
    model_deleted = Signal(str, bool)  # path, whether it was the active model
    download_finished = Signal(str)  # path
    download_stopped = Signal(str)  # the sentence: cancelled or failed

    def __init__(
        self, settings: Settings, parent: QWidget | None = None, offload: bool | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Models"))
        self.resize(860, 600)
        self.settings = settings
        self.n_ctx = settings.n_ctx
        self.offload = settings.gpu_layers() != 0 if offload is None else offload
        self.ram = fit.free_ram()
        self.vram = fit.free_vram() if self.offload else None
        self.download_thread: DownloadThread | None = None
        self.last_download: tuple[str, list[str], str | None] | None = None
        self.downloaded_path: str | None = None
        self.listing_repo: str | None = None
        self.header_kv: dict[tuple[str, str], int | None] = {}
        self.calls: set[CallThread] = set()

        self.tabs = QTabWidget()
        self.tabs.addTab(self._installed_tab(), self.tr("Installed"))
        self.tabs.addTab(self._catalog_tab(), self.tr("Catalog"))
        self.tabs.addTab(self._search_tab(), self.tr("Search the Hub"))
        self.panel = DownloadPanel()
        self.panel.cancel_button.clicked.connect(self.cancel_download)
        self.panel.retry_button.clicked.connect(self.retry_download)
        self.panel.use_button.clicked.connect(self._use_downloaded)
        self.error = _note("")
        self.error.setObjectName("error")
        self.error.setStyleSheet("color: #b00020;")
        self.error.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.panel)
        layout.addWidget(buttons)
        self.refresh()

    # tabs ---------------------------------------------------------------------------------
    def _installed_tab(self) -> QWidget:
        self.installed_tree = _tree(
            [self.tr("Model"), self.tr("Size"), self.tr("Where from"), self.tr("Memory")]
        )
        self.installed_tree.itemSelectionChanged.connect(self._installed_selected)
        self.installed_tree.itemDoubleClicked.connect(lambda *_: self.use_selected())
        self.installed_note = _note("")
        self.use_button = QPushButton(self.tr("Use"))
        self.use_button.setDefault(True)
        self.delete_button = QPushButton(self.tr("Delete"))
        self.import_button = QPushButton(self.tr("Import .gguf…"))
        self.use_button.clicked.connect(self.use_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.import_button.clicked.connect(self.import_file)
        row = QHBoxLayout()
        row.addWidget(self.import_button)
        row.addStretch(1)
        row.addWidget(self.delete_button)
        row.addWidget(self.use_button)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(self.installed_tree, 1)
        layout.addWidget(self.installed_note)
        layout.addLayout(row)
        return page

    def _catalog_tab(self) -> QWidget:
        self.catalog_tree = _tree(
            [self.tr("Model"), self.tr("Size"), self.tr("Languages"), self.tr("Memory"), ""]
        )
        self.catalog_tree.itemSelectionChanged.connect(self._catalog_selected)
        self.catalog_note = _note("Models chosen for writing: pick one to read what it is good at.")
        self.catalog_download = QPushButton(self.tr("Download"))
        self.catalog_download.clicked.connect(self.download_catalog_entry)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.catalog_download)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(self.catalog_tree, 1)
        layout.addWidget(self.catalog_note)
        layout.addLayout(row)
        return page

    def _search_tab(self) -> QWidget:
        self.query = QLineEdit()
        self.query.setPlaceholderText(
            self.tr("Search GGUF models on the Hugging Face Hub, e.g. llama 3.2")
        )
        self.query.returnPressed.connect(self.search)
        self.search_button = QPushButton(self.tr("Search"))
        self.search_button.clicked.connect(self.search)
        self.results = _tree([self.tr("Repository"), self.tr("Downloads"), self.tr("Likes")])
        self.results.itemSelectionChanged.connect(self._result_selected)
        self.variants = _tree(
            [self.tr("Quantisation"), self.tr("Size"), self.tr("Memory"), self.tr("File")]
        )
        self.variants.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.variants.header().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.variants.itemSelectionChanged.connect(self._variant_selected)
        self.search_note = _note("Searching contacts the Hub; nothing else in Writer does.")
        self.search_download = QPushButton(self.tr("Download"))
        self.search_download.setEnabled(False)
        self.search_download.clicked.connect(self.download_variant)
        top = QHBoxLayout()
        top.addWidget(self.query, 1)
        top.addWidget(self.search_button)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.results)
        split.addWidget(self.variants)
        row = QHBoxLayout()
        row.addWidget(self.search_note, 1)
        row.addWidget(self.search_download)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        layout.addLayout(row)
        return page

    # filling ------------------------------------------------------------------------------
    def _fit(
        self, size: int | None, path: Path | None = None, kv_per_token: int | None = None
    ) -> fit.Fit | None:
        if not size:
            return None
        offload = self.offload and self.vram is not None
        return fit.check(
            size,
            self.n_ctx,
            path,
            offload=offload,
            ram=self.ram,
            vram=self.vram,
            kv_per_token=kv_per_token,
        )

    def _fit_cells(self, item: QTreeWidgetItem, column: int, verdict: fit.Fit | None) -> None:
        if verdict is None:
            item.setText(column, "?")
            return
        item.setText(column, verdict_mark(verdict.verdict))
        for c in range(item.columnCount()):
            item.setToolTip(c, describe(verdict))

    def refresh(self) -> None:
        """Reload the Installed and Catalog lists from disk (no network)."""
        self.installed = store.installed(self.settings)
        self.installed_tree.clear()
        for model in self.installed:
            label = model.label + ("   (active)" if model.active else "")
            item = QTreeWidgetItem([label, human_size(model.size), model.source, ""])
            item.setData(0, ROLE, model)
            if model.active:
                font = item.font(0)
                font.setBold(True)
                item.setFont(0, font)
            verdict = self._fit(model.size, model.path if model.path.is_file() else None)
            self._fit_cells(item, 3, verdict)
            self.installed_tree.addTopLevelItem(item)
            if model.active:
                self.installed_tree.setCurrentItem(item)
        self._installed_selected()

        have = {(m.repo_id, m.name) for m in self.installed}
        have_names = {m.name for m in self.installed if m.source == store.STARTER}
        self.catalog_tree.clear()
        for entry in load_catalog():
            installed = (entry.repo_id, entry.filename) in have or (
                entry.bundled and entry.filename in have_names
            )
            item = QTreeWidgetItem(
                [
                    entry.name,
                    human_size(entry.size),
                    ", ".join(entry.languages[:5]) + ("…" if len(entry.languages) > 5 else ""),
                    "",
                    "installed" if installed else "",
                ]
            )
            item.setData(0, ROLE, entry)
            item.setData(1, ROLE, installed)
            self._fit_cells(item, 3, self._fit(entry.size, kv_per_token=entry.kv_bytes_per_token))
            self.catalog_tree.addTopLevelItem(item)
        self._catalog_selected()

    def _installed_selected(self) -> None:
        model = self._selected(self.installed_tree)
        self.use_button.setEnabled(model is not None and not model.active)
        self.delete_button.setEnabled(model is not None and model.source != store.STARTER)
        if model is None:
            self.installed_note.setText("")
            return
        verdict = self._fit(model.size, model.path if model.path.is_file() else None)
        text = str(model.path)
        if verdict is not None:
            text += "\n" + describe(verdict)
        self.installed_note.setText(text)

    def _catalog_selected(self) -> None:
        items = self.catalog_tree.selectedItems()
        entry: CatalogEntry | None = items[0].data(0, ROLE) if items else None
        installed = bool(items[0].data(1, ROLE)) if items else False
        self.catalog_download.setEnabled(
            entry is not None and not installed and not self._downloading()
        )
        if entry is None:
            return
        verdict = self._fit(entry.size, kv_per_token=entry.kv_bytes_per_token)
        lines = [
            f"{entry.good_at}",
            f"{entry.repo_id} · {entry.filename} · licence: "
            f"{entry.licence} · languages: {', '.join(entry.languages)}",
        ]
        if verdict is not None:
            lines.append(describe(verdict))
        self.catalog_note.setText("\n".join(lines))

    @staticmethod
    def _selected(tree: QTreeWidget) -> Any:
        items = tree.selectedItems()
        return items[0].data(0, ROLE) if items else None

    # errors -------------------------------------------------------------------------------
    def show_error(self, sentence: str) -> None:
        self.error.setText(sentence)
        self.error.setVisible(bool(sentence))

    # installed actions --------------------------------------------------------------------
    def use_selected(self) -> None:
        model = self._selected(self.installed_tree)
        if model is not None:
            self._use(model)

    def _use(self, model: store.InstalledModel | str) -> None:
        path = Path(model.path if isinstance(model, store.InstalledModel) else model)
        verdict = self._fit(path.stat().st_size, path) if path.is_file() else None
        if verdict is not None and verdict.verdict == fit.TOO_LARGE:
            answer = QMessageBox.question(
                self,
                self.tr("Model too large"),
                describe(verdict) + "\n\n" + self.tr("Use it anyway?"),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        try:
            chosen = store.use(model, self.settings)
        except ModelsError as exc:
            self.show_error(str(exc))
            return
        self.show_error("")
        self.refresh()
        self.model_chosen.emit(str(chosen.path))

    def delete_selected(self) -> None:
        model = self._selected(self.installed_tree)
        if model is None:
            return
        action = "Remove" if model.source == store.IMPORTED else "Delete"
        question = (
            f"{action} {model.label}?"
            if model.source == store.IMPORTED
            else f"Delete {model.label} ({human_size(model.size)}) from the Hugging Face cache?"
            " Other programs that use this cache lose it too."
        )
        answer = QMessageBox.question(self, f"{action} model", question)
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            message = store.delete(model, self.settings)
        except ModelsError as exc:
            self.show_error(str(exc))
            return
        self.show_error("")
        self.refresh()
        self.installed_note.setText(message)
        self.model_deleted.emit(str(model.path), model.active)

    def import_file(self, path: str | None = None) -> None:
        if not path:
            path, _ = QFileDialog.getOpenFileName(
                self, "Import a GGUF model", str(Path.home()), "GGUF models (*.gguf);;All files (*)"
            )
        if not path:
            return
        try:
            store.import_file(path)
        except ModelsError as exc:
            self.show_error(str(exc))
            return
        self.show_error("")
        self.refresh()

    # search -------------------------------------------------------------------------------
    def _run(
        self, fn: Callable[[], Any], done: Callable[[Any], None], failed: Callable[[str], None]
    ) -> CallThread:
        call = CallThread(fn, done, failed)
        call.succeeded.connect(self._call_returned)
        call.failed.connect(self._call_returned)
        self.calls.add(call)
        call.start()
        return call

    def _call_returned(self, callback: Callable[[Any], None], value: Any) -> None:
        call = self.sender()
        if isinstance(call, CallThread):
            self.calls.discard(call)
        callback(value)

    def search(self) -> None:
        from writer.models import hub

        query = self.query.text().strip()
        self.search_button.setEnabled(False)
        self.search_note.setText(f"Searching the Hub for “{query}”…")
        self.results.clear()
        self.variants.clear()
        self._run(lambda: hub.search(query), self._show_results, self._search_failed)

    def _search_failed(self, sentence: str) -> None:
        self.search_button.setEnabled(True)
        self.search_note.setText("")
        self.show_error(sentence)

    def _show_results(self, hits: list) -> None:
        self.search_button.setEnabled(True)
        self.show_error("")
        for hit in hits:
            name = hit.repo_id + ("   (gated)" if hit.gated else "")
            item = QTreeWidgetItem([name, f"{hit.downloads:,}", f"{hit.likes:,}"])
            item.setData(0, ROLE, hit.repo_id)
            self.results.addTopLevelItem(item)
        self.search_note.setText(
            f"{len(hits)} repositories found. Choose one to see its files."
            if hits
            else "No GGUF models match. Try fewer or other words."
        )

    def _result_selected(self) -> None:
        from writer.models import hub

        repo_id = self._selected(self.results)
        self.variants.clear()
        self.search_download.setEnabled(False)
        if repo_id is None:
            return
        self.listing_repo = repo_id
        self.search_note.setText(f"Listing the files of {repo_id}…")
        self._run(lambda: hub.list_variants(repo_id), self._show_variants, self._search_failed)

    def _show_variants(self, listing: Any) -> None:
        if listing.repo_id != self.listing_repo:
            return
        self.variants.clear()
        for variant in listing.variants:
            parts = f" (+{len(variant.files) - 1} parts)" if len(variant.files) > 1 else ""
            size = human_size(variant.size) if variant.size else "?"
            item = QTreeWidgetItem([variant.quant, size, "", variant.filename + parts])
            item.setData(0, ROLE, variant)
            kv = self.header_kv.get((listing.repo_id, variant.filename))
            self._fit_cells(item, 2, self._fit(variant.size, kv_per_token=kv))
            self.variants.addTopLevelItem(item)
        gated = (
            " It is gated: you need to accept its terms on the Hub and log in."
            if listing.gated
            else ""
        )
        self.search_note.setText(
            f"{listing.repo_id}: {len(listing.variants)} quantisations. Smaller files load faster "
            f"and need less memory; larger ones write better.{gated}"
            if listing.variants
            else f"{listing.repo_id} has no GGUF files."
        )

    def _variant_selected(self) -> None:
        variant = self._selected(self.variants)
        self.search_download.setEnabled(variant is not None and not self._downloading())
        if variant is None or self.listing_repo is None:
            return
        key = (self.listing_repo, variant.filename)
        verdict = self._fit(variant.size, kv_per_token=self.header_kv.get(key))
        if verdict is not None:
            self.search_note.setText(describe(verdict))
        if key not in self.header_kv:
            self.header_kv[key] = None
            self._run(
                lambda: remote_kv(*key),
                lambda kv: self._header_read(key, kv),
                lambda _sentence: None,
            )

    def _header_read(self, key: tuple[str, str], kv_per_token: int | None) -> None:
        """A variant's GGUF header arrived: replace the size-based guess with its KV size."""
        self.header_kv[key] = kv_per_token
        if not kv_per_token or key[0] != self.listing_repo:
            return
        for i in range(self.variants.topLevelItemCount()):
            item = self.variants.topLevelItem(i)
            variant = item.data(0, ROLE)
            if variant.filename == key[1]:
                verdict = self._fit(variant.size, kv_per_token=kv_per_token)
                self._fit_cells(item, 2, verdict)
                if item.isSelected() and verdict is not None:
                    note = self.tr("(From the file's header.)")
                    self.search_note.setText(f"{describe(verdict)} {note}")

    # downloads ----------------------------------------------------------------------------
    def _downloading(self) -> bool:
        return self.download_thread is not None and self.download_thread.isRunning()

    def select_catalog(self, entry_id: str) -> bool:
        """Show the Catalog tab with entry `entry_id` selected; False when it is not listed."""
        for i in range(self.catalog_tree.topLevelItemCount()):
            item = self.catalog_tree.topLevelItem(i)
            if item.data(0, ROLE).id == entry_id:
                self.tabs.setCurrentIndex(1)
                self.catalog_tree.setCurrentItem(item)
                return True
        return False

    def download_catalog_entry(self) -> None:
        entry: CatalogEntry | None = self._selected(self.catalog_tree)
        if entry is not None:
            self.start_download(entry.repo_id, [entry.filename], entry.sha256)

    def download_variant(self) -> None:
        variant = self._selected(self.variants)
        if variant is not None and self.listing_repo:
            self.start_download(self.listing_repo, [f.filename for f in variant.files])

    def start_download(self, repo_id: str, files: list[str], sha256: str | None = None) -> None:
        if self._downloading():
            self.show_error("A download is already running; wait for it or cancel it first.")
            return
        self.show_error("")
        self.last_download = (repo_id, files, sha256)
        thread = DownloadThread(repo_id, files, sha256)
        thread.progressed.connect(self._progressed)
        thread.downloaded.connect(self._downloaded)
        thread.failed.connect(self._stopped)
        thread.cancelled.connect(self._stopped)
        thread.finished.connect(self._download_thread_done)
        self.download_thread = thread
        _keep_alive(thread)
        panel = self.panel
        panel.title.setText(f"Downloading {files[0]} from {repo_id}")
        panel.status.setText(self.tr("Asking the Hub for the file…"))
        panel.bar.setValue(0)
        panel.cancel_button.setEnabled(True)
        panel.retry_button.hide()
        panel.use_button.hide()
        self.catalog_download.setEnabled(False)
        self.search_download.setEnabled(False)
        thread.start()

    def _progressed(self, progress: Any) -> None:
        if progress.stage == "downloading":
            self.panel.bar.setValue(int(progress.fraction * 1000))
        self.panel.status.setText(progress.describe())

    def _downloaded(self, path: str) -> None:
        self.downloaded_path = path
        self.panel.bar.setValue(1000)
        self.panel.title.setText(f"Downloaded {Path(path).name}")
        self.panel.status.setText(f"Checked against the Hub's sha256 and saved to {path}")
        self.panel.cancel_button.setEnabled(False)
        self.panel.use_button.show()
        self.panel.use_button.setEnabled(True)
        self.refresh()
        self.download_finished.emit(path)

    def _stopped(self, sentence: str) -> None:
        self.panel.cancel_button.setEnabled(False)
        self.panel.retry_button.show()
        self.panel.retry_button.setEnabled(True)
        self.panel.status.setText(sentence)
        self.panel.title.setText(self.tr("Download stopped"))
        self.show_error("" if "cancelled" in sentence else sentence)
        self.download_stopped.emit(sentence)

    def _download_thread_done(self) -> None:
        self._catalog_selected()
        self._variant_selected()

    def cancel_download(self) -> None:
        if self._downloading():
            assert self.download_thread is not None
            self.download_thread.cancel()
            self.panel.cancel_button.setEnabled(False)
            self.panel.status.setText(self.tr("Cancelling…"))

    def retry_download(self) -> None:
        if self.last_download is not None:
            self.start_download(*self.last_download)

    def _use_downloaded(self) -> None:
        if self.downloaded_path:
            self._use(self.downloaded_path)

    # closing ------------------------------------------------------------------------------
    def done(self, result: int) -> None:
        if self._downloading():
            assert self.download_thread is not None
            self.download_thread.cancel()
            self.download_thread.wait(2000)
        super().done(result)
