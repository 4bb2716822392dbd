"""The Catalog tab of the Models dialog: models chosen for writing, with what each is good at."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QTreeWidgetItem, QVBoxLayout, QWidget

from writer.models import store
from writer.models.catalog import CatalogEntry, load_catalog
from writer.models.errors import human_size
from writer.models.partial import PartialDownload
from writer.ui.fit_words import describe
from writer.ui.i18n import beside
from writer.ui.models_common import ROLE, Fitter, note, selected, tree

LANGUAGES_SHOWN = 5


class CatalogTab(QWidget):
    """Emits `download_requested(repo_id, files, sha256)` for the chosen entry."""

    download_requested = Signal(str, list, object)

    def __init__(self, fitter: Fitter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.fitter = fitter
        self.busy = False
        self.tree = tree(
            [self.tr("Model"), self.tr("Size"), self.tr("Languages"), self.tr("Memory"),
             self.tr("Status")],
            stretch=2,
        )
        self.tree.itemSelectionChanged.connect(self._selected)
        self.note = note(self.tr("Models chosen for writing: pick one to read what it is good at."))
        self.download_button = QPushButton(self.tr("Download"))
        self.download_button.clicked.connect(self.download_selected)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.download_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.note)
        layout.addLayout(row)

    def refresh(self, installed: list[store.InstalledModel],
                unfinished: list[PartialDownload] = ()) -> None:  # fmt: skip
        """List the catalog, marking the entries among `installed` and those whose download
        stopped before the end (`unfinished`)."""
        have = {(m.repo_id, m.name) for m in installed}
        started = {(p.repo_id, p.filename): p for p in unfinished}
        have_names = {m.name for m in installed if m.source == store.STARTER}
        current = selected(self.tree)
        self.tree.clear()
        for entry in load_catalog():
            is_installed = (entry.repo_id, entry.filename) in have or (
                entry.bundled and entry.filename in have_names
            )
            languages = ", ".join(entry.languages[:LANGUAGES_SHOWN])
            if len(entry.languages) > LANGUAGES_SHOWN:
                languages += "…"
            status = self.tr("installed") if is_installed else ""
            status_tip = ""
            partial = started.get((entry.repo_id, entry.filename))
            if partial is not None and not is_installed:
                # short enough for the column (the rest was cut off); the whole in the tooltip
                status = self.tr("{0}% downloaded").format(int(partial.fraction * 100))
                status_tip = self.tr("{0}% downloaded — Download continues").format(
                    int(partial.fraction * 100))
            name = entry.name.removesuffix(" (starter)")
            if entry.bundled:
                name = beside(name, self.tr("(starter)"))
            item = QTreeWidgetItem(
                [
                    name,
                    human_size(entry.size),
                    languages,
                    "",
                    status,
                ]
            )
            item.setData(0, ROLE, entry)
            item.setData(1, ROLE, is_installed)
            verdict = self.fitter.check(entry.size, kv_per_token=entry.kv_bytes_per_token)
            Fitter.mark(item, 3, verdict)
            item.setToolTip(2, ", ".join(entry.languages))
            if status_tip:
                item.setToolTip(4, status_tip)
            self.tree.addTopLevelItem(item)
            if current is not None and entry.id == current.id:
                self.tree.setCurrentItem(item)
        self._selected()

    def set_busy(self, busy: bool) -> None:
        """While a download runs, no other can start."""
        self.busy = busy
        self._selected()

    def select(self, entry_id: str) -> bool:
        """Select entry `entry_id`; False when the catalog does not list it."""
        for i in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(i)
            if item.data(0, ROLE).id == entry_id:
                self.tree.setCurrentItem(item)
                return True
        return False

    def _selected(self) -> None:
        items = self.tree.selectedItems()
        entry: CatalogEntry | None = items[0].data(0, ROLE) if items else None
        is_installed = bool(items[0].data(1, ROLE)) if items else False
        self.download_button.setEnabled(entry is not None and not is_installed and not self.busy)
        if entry is None:
            return
        lines = [
            QCoreApplication.translate("Catalog", entry.good_at),  # packaging/i18n collects it
            self.tr("{0} · {1} · licence: {2} · languages: {3}").format(
                entry.repo_id, entry.filename, entry.licence, ", ".join(entry.languages)
            ),
        ]
        verdict = self.fitter.check(entry.size, kv_per_token=entry.kv_bytes_per_token)
        if verdict is not None:
            lines.append(describe(verdict))
        self.note.setText("\n".join(lines))

    def download_selected(self) -> None:
        entry: CatalogEntry | None = selected(self.tree)  # type: ignore[assignment]
        if entry is not None:
            self.download_requested.emit(entry.repo_id, [entry.filename], entry.sha256)
