"""The Catalog tab of the Models dialog: models chosen for writing, with what each is good at.

Each entry says whether it is installed, downloading, queued (and where) or partly downloaded,
and its size whether it fits in the disk space left (`DiskRoom`, measured by the dialog): one
that does not fit, or is downloading or queued already, cannot be downloaded. While another
download runs, Download queues it (the button says so)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QTreeWidgetItem, QVBoxLayout, QWidget

from writer.downloads import RUNNING
from writer.models import store
from writer.models.catalog import CatalogEntry, load_catalog
from writer.models.errors import human_size
from writer.models.partial import PartialDownload
from writer.ui.collector import while_alive
from writer.ui.fit_words import describe
from writer.ui.i18n import beside
from writer.ui.models_common import ROLE, DiskRoom, Fitter, note, queue_place, selected, tree

LANGUAGES_SHOWN = 5


class CatalogTab(QWidget):
    """Emits `download_requested(repo_id, files, sha256, size)` for the chosen entry."""

    download_requested = Signal(str, list, object, int)

    def __init__(self, fitter: Fitter, room: DiskRoom, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.fitter = fitter
        self.room = room
        self.downloads = room.downloads
        self._listed: tuple[list[store.InstalledModel], list[PartialDownload]] = ([], [])
        self.tree = tree(
            [self.tr("Model"), self.tr("Size"), self.tr("Languages"), self.tr("Memory"),
             self.tr("Status")],
            stretch=2,
        )
        self.tree.setAccessibleName(self.tr("Models in the catalog"))
        self.tree.itemSelectionChanged.connect(self._selected)
        self.tree.installEventFilter(self)  # Enter downloads, as the Installed list's uses
        self.note = note(self.tr("Models chosen for writing: pick one to read what it is good at."))
        self.download_button = QPushButton(self.tr("&Download"))
        self.download_button.clicked.connect(self.download_selected)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.download_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.note)
        layout.addLayout(row)

    @while_alive
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        """Enter in the list does what Download (or Add to Queue) does, where it is enabled
        (it did nothing: the Installed list's Enter uses a model)."""
        if (
            watched is self.tree
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and not (event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier)
        ):
            if self.download_button.isEnabled():
                self.download_selected()
            return True
        return super().eventFilter(watched, event)

    def refresh(self, installed: list[store.InstalledModel],
                unfinished: list[PartialDownload] = ()) -> None:  # fmt: skip
        """List the catalog, marking the entries among `installed` and those whose download
        stopped before the end (`unfinished`)."""
        self._listed = (installed, list(unfinished))
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
            waiting = None if is_installed else self.downloads.waiting(
                entry.repo_id, entry.filename)
            if waiting is not None:
                status = (self.tr("downloading") if waiting.state == RUNNING
                          else queue_place(self.downloads.place(waiting)))
            elif partial is not None and not is_installed:
                # short enough for the column (the rest was cut off); the whole in the tooltip
                status = self.tr("{0}% downloaded").format(int(partial.fraction * 100))
                status_tip = self.tr("{0}% downloaded — Resume continues it").format(
                    int(partial.fraction * 100))
            need = self._need(entry) if not is_installed and waiting is None else 0
            name = entry.name.removesuffix(" (starter)")
            if entry.bundled:
                name = beside(name, self.tr("(starter)"))
            item = QTreeWidgetItem(
                [
                    name,
                    self.room.mark(human_size(entry.size), need),
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
            if not self.room.fits(need):
                item.setToolTip(1, self.room.describe(need))
            self.tree.addTopLevelItem(item)
            if current is not None and entry.id == current.id:
                self.tree.setCurrentItem(item)
        self._selected()

    def show_downloads(self) -> None:
        """The downloads or the disk's room changed: mark the entries again (no disk read)."""
        self.refresh(*self._listed)

    def _started(self, entry: CatalogEntry) -> PartialDownload | None:
        """The download of `entry` that stopped before its end, if one waits in the cache."""
        return next((p for p in self._listed[1]
                     if (p.repo_id, p.filename) == (entry.repo_id, entry.filename)), None)

    def _need(self, entry: CatalogEntry) -> int:
        return self.room.need(entry.repo_id, [entry.filename], entry.size)

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
        partial = None if entry is None or is_installed else self._started(entry)
        self.download_button.setText(
            self.tr("Add to &Queue") if self.downloads.busy
            else self.tr("&Resume") if partial is not None
            else self.tr("&Download"))  # fmt: skip
        if entry is None:
            self.download_button.setEnabled(False)
            return
        waiting = self.downloads.waiting(entry.repo_id, entry.filename)
        need = self._need(entry)
        self.download_button.setEnabled(
            not is_installed and waiting is None and self.room.fits(need))
        lines = [
            QCoreApplication.translate("Catalog", entry.good_at),  # packaging/i18n collects it
            self.tr("{0} · {1} · licence: {2} · languages: {3}").format(
                entry.repo_id, entry.filename, entry.licence, ", ".join(entry.languages)
            ),
        ]
        verdict = self.fitter.check(entry.size, kv_per_token=entry.kv_bytes_per_token)
        if verdict is not None:
            lines.append(describe(verdict))
        if waiting is not None and waiting.state == RUNNING:
            lines.append(self.tr("It is downloading now."))
        elif waiting is not None:
            lines.append(queue_place(self.downloads.place(waiting)))
        elif not is_installed:
            if partial is not None:
                lines.append(
                    self.tr("{0} of {1} downloaded before; Resume continues from there.").format(
                        human_size(partial.have), human_size(partial.size or entry.size)
                    )
                )
            lines.append(self.room.describe(need))
        self.note.setText("\n".join(line for line in lines if line))

    def download_selected(self) -> None:
        """Ask for the selected entry's download; nothing when it does not fit on the disk (the
        note says so: the welcome's Download reaches here without the button)."""
        entry: CatalogEntry | None = selected(self.tree)  # type: ignore[assignment]
        if entry is not None and self.room.fits(self._need(entry)):
            self.download_requested.emit(entry.repo_id, [entry.filename], entry.sha256,
                                         entry.size)
