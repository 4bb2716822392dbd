"""The Search tab of the Models dialog: GGUF repositories on the Hub, their files, a download.

Each call to the Hub (search, a repository's listing, a file's header) is a task of its own
(writer.tasks) that asks the network policy first. A search can be stopped (Stop, or Esc in the
field): its answer, whenever it comes, is then ignored. An empty query searches nothing.

A repository's files are marked installed, downloading or queued, and their size says when they
do not fit in the disk space left (`DiskRoom`, measured by the dialog, not per row): Download is
then off, and the note under the list says what the file needs and what is free. While another
download runs, Download queues the file (the button says so). A file whose sha256 (the Hub's
LFS hash) is a model's here, under another repository's or file's name, is marked as already on
this computer and not offered again: the hashes of the models here are known without a read
(writer.models.hashes), or read once on a thread when a listing first needs them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from writer.downloads import RUNNING
from writer.models.errors import ModelsError, human_size
from writer.network import NetworkPolicy
from writer.tasks import TaskHandle
from writer.ui.fit_words import describe
from writer.ui.i18n import beside, joined, sentence
from writer.ui.models_common import ROLE, DiskRoom, Fitter, note, selected, tree

_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class QueryField(QLineEdit):
    """The search field: Enter searches and goes no further (the dialog's buttons never see it);
    Esc stops a running search."""

    stop_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.searching = False

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and self.searching:
            self.stop_requested.emit()
            event.accept()
            return
        super().keyPressEvent(event)
        if event.key() in _ENTER:
            event.accept()


class SearchTab(QWidget):
    """Emits `download_requested(repo_id, files, sha256, size)` and `error(sentence)` ('' clears
    it)."""

    download_requested = Signal(str, list, object, int)
    error = Signal(str)

    def __init__(self, fitter: Fitter, policy: NetworkPolicy, room: DiskRoom,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.fitter = fitter
        self.policy = policy
        self.room = room
        self.downloads = room.downloads
        self.search_task: TaskHandle | None = None
        self.listing_task: TaskHandle | None = None
        self.listing_repo: str | None = None
        self.header_kv: dict[tuple[str, str], int | None] = {}
        # why a file is no model Writer can run, as the start of it read from the Hub says
        self.header_problem: dict[tuple[str, str], str] = {}
        self.installed: set[tuple[str, str]] = set()  # (repo_id, filename) on this computer
        self.models: list = []  # the models here (store.InstalledModel)
        self.here: dict[str, str] = {}  # a sha256 of a model here -> its label
        self.hashing: TaskHandle | None = None  # the models' hashes not known, being read
        self.tasks: set[TaskHandle] = set()  # every task until it ends, answered or not
        self.query = QueryField()
        self.query.setPlaceholderText(
            self.tr("Search GGUF models on the Hugging Face Hub, e.g. llama 3.2")
        )
        self.query.setAccessibleName(self.tr("Search the Hub"))
        self.query.returnPressed.connect(self.search)
        self.query.textChanged.connect(self._update_buttons)
        self.query.stop_requested.connect(self.stop)
        self.search_button = QPushButton(self.tr("&Search"))
        self.search_button.clicked.connect(self.search)
        self.stop_button = QPushButton(self.tr("St&op"))
        self.stop_button.setToolTip(self.tr("Stop the search (Esc)"))
        self.stop_button.clicked.connect(self.stop)
        self.stop_button.hide()
        self.results = tree([self.tr("Repository"), self.tr("Downloads"), self.tr("Likes")])
        self.results.setAccessibleName(self.tr("Models found"))
        self.results.itemSelectionChanged.connect(self._result_selected)
        self.variants = tree(
            [self.tr("Quantisation"), self.tr("Size"), self.tr("Memory"), self.tr("File")],
            stretch=3,
        )
        self.variants.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.variants.setAccessibleName(self.tr("Files of the chosen model"))
        self.variants.itemSelectionChanged.connect(self._variant_selected)
        self.note = note(self.tr("Searching contacts the Hub; nothing else in Writer does."))
        # the models here being hashed (once each: a large one takes a while), which a file
        # offered may be; Download stays as it is
        self.checking = note(self.tr("Checking the models on this computer…"))
        self.checking.hide()
        self.download_button = QPushButton(self.tr("&Download"))
        self.download_button.setEnabled(False)
        self.download_button.clicked.connect(self.download_selected)
        top = QHBoxLayout()
        top.addWidget(self.query, 1)
        top.addWidget(self.search_button)
        top.addWidget(self.stop_button)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.results)
        split.addWidget(self.variants)
        row = QHBoxLayout()
        row.addWidget(self.note, 1)
        row.addWidget(self.checking)
        row.addWidget(self.download_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        layout.addLayout(row)
        self._update_buttons()

    def _start(self, task: TaskHandle) -> None:
        self.tasks.add(task)
        for signal in (task.finished, task.failed, task.cancelled):
            signal.connect(lambda *_a, t=task: self.tasks.discard(t))
        task.start()

    @property
    def searching(self) -> bool:
        return self.search_task is not None

    def _update_buttons(self) -> None:
        self.search_button.setEnabled(bool(self.query.text().strip()) and not self.searching)
        self.search_button.setVisible(not self.searching)
        self.stop_button.setVisible(self.searching)
        self.query.searching = self.searching

    # searching ----------------------------------------------------------------------------
    def search(self) -> None:
        """Search the Hub for the query; nothing when it is empty or a search runs."""
        from writer.models import hub

        query = self.query.text().strip()
        if not query or self.searching:
            return
        self.results.clear()
        self.variants.clear()
        self.listing_repo = None
        self.note.setText(self.tr("Searching the Hub for “{0}”…").format(query))
        task = TaskHandle(lambda _h: hub.search(query, policy=self.policy), "hub-search",
                          (ModelsError,))
        task.finished.connect(lambda hits: self._searched(task, hits))
        task.failed.connect(lambda sentence: self._search_failed(task, sentence))
        self.search_task = task
        self._update_buttons()
        self._start(task)

    def stop(self) -> None:
        """Stop the running search: the field is free at once, its answer is ignored."""
        task = self.search_task
        if task is None:
            return
        task.cancel()
        self.search_task = None
        self._update_buttons()
        self.note.setText(self.tr("Search stopped."))

    def abandon(self) -> None:
        """The dialog closes: the calls still running end unheard."""
        for task in list(self.tasks):
            task.abandon()
        self.tasks.clear()
        self.search_task = self.listing_task = self.hashing = None
        self.listing_repo = None

    def _search_failed(self, task: TaskHandle, sentence: str) -> None:
        if task is not self.search_task:
            return
        self.search_task = None
        self._update_buttons()
        self.note.setText("")
        self.error.emit(sentence)

    def _searched(self, task: TaskHandle, hits: list) -> None:
        if task is not self.search_task:
            return
        self.search_task = None
        self._update_buttons()
        self.error.emit("")
        for hit in hits:
            name = hit.repo_id + ("   " + self.tr("(gated)") if hit.gated else "")
            item = QTreeWidgetItem([name, f"{hit.downloads:,}", f"{hit.likes:,}"])
            item.setData(0, ROLE, hit.repo_id)
            self.results.addTopLevelItem(item)
        if not hits:
            self.note.setText(self.tr("No GGUF models match. Try fewer or other words."))
            return
        # selected, not only current (the first Down went to the second row): its files are
        # listed at once, and the count is said before that ("Listing…" replaced it)
        self.results.setCurrentItem(self.results.topLevelItem(0))
        if len(hits) == 1:
            found = self.tr("One repository found; its files are listed below.")
        else:
            found = self.tr("{0} repositories found. Choose one to see its files.").format(
                len(hits)
            )
        self.note.setText(joined(found, self.note.text()))

    # a repository's files -----------------------------------------------------------------
    def _result_selected(self) -> None:
        from writer.models import hub

        repo_id = selected(self.results)
        self.variants.clear()
        self.download_button.setEnabled(False)
        if repo_id is None:
            return
        self.listing_repo = repo_id
        self.note.setText(self.tr("Listing the files of {0}…").format(repo_id))
        task = TaskHandle(lambda _h: hub.list_variants(repo_id, policy=self.policy),
                          "hub-listing", (ModelsError,))
        task.finished.connect(self._show_variants)
        task.failed.connect(self._listing_failed)
        self.listing_task = task
        self._start(task)

    def _listing_failed(self, sentence: str) -> None:
        self.note.setText("")
        self.error.emit(sentence)

    def _show_variants(self, listing: Any) -> None:
        if listing.repo_id != self.listing_repo:
            return
        if any(f.sha256 for variant in listing.variants for f in variant.files):
            self._learn_hashes()
        self.variants.clear()
        for variant in listing.variants:
            parts = ""
            if len(variant.files) > 1:
                parts = beside("", self.tr("(+{0} parts)").format(len(variant.files) - 1))
            item = QTreeWidgetItem([variant.quant, "", "", variant.filename + parts])
            item.setData(0, ROLE, variant)
            self._mark(item)
            kv = self.header_kv.get((listing.repo_id, variant.filename))
            Fitter.mark(item, 2, self.fitter.check(variant.size, kv_per_token=kv))
            self._mark_no_model(item, self.header_problem.get((listing.repo_id, variant.filename)))
            self.variants.addTopLevelItem(item)
        if not listing.variants:
            self.note.setText(self.tr("{0} has no GGUF files.").format(listing.repo_id))
            return
        if len(listing.variants) == 1:
            text = self.tr("{0}: one quantisation.").format(listing.repo_id)
        else:
            text = self.tr(
                "{0}: {1} quantisations. Smaller files load faster and need less memory; larger "
                "ones write better."
            ).format(listing.repo_id, len(listing.variants))
        if listing.gated:
            text = joined(
                text, self.tr("It is gated: you need to accept its terms on the Hub and log in.")
            )
        # selected, not only current (the first Down went to the second row); the note about
        # the repository is said after the first file's
        self.variants.setCurrentItem(self.variants.topLevelItem(0))
        self.note.setText(text)

    def set_installed(self, installed: set[tuple[str, str]], models: list = ()) -> None:
        """Mark the files among `installed` (repo_id, filename), and those with the bytes of
        one of `models` (store.InstalledModel): they are not offered again."""
        self.installed = installed
        self.models = list(models)
        self._learn_hashes(read=False)
        self.show_downloads()

    def _learn_hashes(self, read: bool = True) -> None:
        """The sha256 of the models here that are known without reading them; those that are
        not are read on a thread (once: they are remembered) where `read`."""
        from writer.models import hashes

        unknown = []
        self.here = {}
        shas = hashes.known_all([model.path for model in self.models])
        for model, sha in zip(self.models, shas, strict=True):
            if sha:
                self.here.setdefault(sha, model.label)
            else:
                unknown.append(model.path)
        if not (read and unknown) or self.hashing is not None:
            return

        def work(handle: TaskHandle) -> list[tuple[str | None, Path]]:
            return [(hashes.compute(path, handle.cancel_event.is_set), path)
                    for path in unknown]  # fmt: skip

        self.hashing = TaskHandle(work, "model-hashes")
        self.hashing.finished.connect(self._hashed)
        for ended in (self.hashing.failed, self.hashing.cancelled):  # (asked again next time)
            ended.connect(self._hashing_ended)
        self.checking.show()
        self._start(self.hashing)

    def _hashing_ended(self, *_args: object) -> None:
        """The models' hashes read, failed or cancelled: no more "Checking…"."""
        self.hashing = None
        self.checking.hide()

    def _hashed(self, found: list[tuple[str | None, Path]]) -> None:
        """The hashes read: those of the models still here (one deleted meanwhile, to be
        downloaded again, was taken for one here and its download refused)."""
        self._hashing_ended()
        labels = {model.path: model.label for model in self.models}
        for sha, path in found:
            if sha and path in labels:
                self.here.setdefault(sha, labels[path])
        self.show_downloads()

    def _here_as(self, variant: Any) -> str | None:
        """The label of the model here with the bytes of `variant` (each of its parts), if
        any."""
        labels = [self.here.get(f.sha256 or "") for f in variant.files]
        return labels[0] if labels and all(labels) else None

    def show_downloads(self) -> None:
        """The downloads or the disk's room changed: mark the files again (no disk read)."""
        for i in range(self.variants.topLevelItemCount()):
            self._mark(self.variants.topLevelItem(i))
        self._update_download_button()

    def _named_here(self, variant: Any) -> bool:
        """Whether each of the variant's files is here under its repository and name."""
        return self.listing_repo is not None and all(
            (self.listing_repo, f.filename) in self.installed for f in variant.files)

    def _is_installed(self, variant: Any) -> bool:
        """Here under its name, or its bytes under another (`_here_as`)."""
        return self.listing_repo is not None and (
            self._named_here(variant) or self._here_as(variant) is not None)

    def _waiting(self, variant: Any) -> Any:
        """The running or queued download of one of its files, if any."""
        if self.listing_repo is None:
            return None
        found = (self.downloads.waiting(self.listing_repo, f.filename) for f in variant.files)
        return next((d for d in found if d is not None), None)

    def _need(self, variant: Any) -> int:
        if self.listing_repo is None or self._is_installed(variant) or self._waiting(variant):
            return 0
        return self.room.need(self.listing_repo, [f.filename for f in variant.files],
                              variant.size or 0)

    def _mark(self, item: QTreeWidgetItem) -> None:
        variant = item.data(0, ROLE)
        waiting = self._waiting(variant)
        mark = ""
        here = self._here_as(variant)
        if self._is_installed(variant) and (here is None or self._named_here(variant)):
            mark = "   " + self.tr("(installed)")
        elif here is not None:
            mark = "   " + self.tr("(already on this computer as {0})").format(here)
        elif waiting is not None:
            mark = "   " + (self.tr("(downloading)") if waiting.state == RUNNING
                            else self.tr("(queued)"))
        item.setText(0, variant.quant + mark)
        need = self._need(variant)
        item.setText(1, self.room.mark(human_size(variant.size), need) if variant.size else "?")
        item.setToolTip(1, "" if self.room.fits(need) else self.room.describe(need))

    def _variant_selected(self) -> None:
        from writer.models.hub import remote_header

        variant = selected(self.variants)
        self._update_download_button()
        if variant is None or self.listing_repo is None:
            return
        key = (self.listing_repo, variant.filename)
        if self.header_problem.get(key):
            self.note.setText(sentence(self.header_problem[key]))
            return
        verdict = self.fitter.check(variant.size, kv_per_token=self.header_kv.get(key))
        if verdict is not None:
            self.note.setText(joined(describe(verdict), self.room.describe(self._need(variant))))
        if key in self.header_kv:
            return
        self.header_kv[key] = None
        task = TaskHandle(lambda _h: remote_header(*key, policy=self.policy),
                          "hub-header", (ModelsError,))
        task.finished.connect(lambda read: self._header_read(key, *read))
        self._start(task)

    def _mark_no_model(self, item: QTreeWidgetItem, problem: str | None) -> None:
        """Mark a file whose start says it is no model Writer can run (the sentence on hover)."""
        if not problem:
            return
        item.setText(2, "✗ " + self.tr("no model"))
        for column in range(item.columnCount()):
            item.setToolTip(column, sentence(problem))

    def _header_read(self, key: tuple[str, str], kv_per_token: int | None,
                     problem: str = "") -> None:
        """A variant's GGUF header arrived: replace the size-based guess with its KV size, or
        say that it is no model Writer can run (listed as fitting and offered for download, it
        was said only once downloaded)."""
        self.header_kv[key] = kv_per_token
        if problem:
            self.header_problem[key] = problem
            if key[0] != self.listing_repo:
                return
            for i in range(self.variants.topLevelItemCount()):
                item = self.variants.topLevelItem(i)
                if item.data(0, ROLE).filename == key[1]:
                    self._mark_no_model(item, problem)
                    if item.isSelected():
                        self.note.setText(sentence(problem))
            self._update_download_button()
            return
        if not kv_per_token or key[0] != self.listing_repo:
            return
        for i in range(self.variants.topLevelItemCount()):
            item = self.variants.topLevelItem(i)
            variant = item.data(0, ROLE)
            if variant.filename == key[1]:
                verdict = self.fitter.check(variant.size, kv_per_token=kv_per_token)
                Fitter.mark(item, 2, verdict)
                if item.isSelected() and verdict is not None:
                    note = self.tr("(From the file's header.)")
                    self.note.setText(joined(f"{describe(verdict)} {note}",
                                             self.room.describe(self._need(variant))))

    # downloading --------------------------------------------------------------------------
    def _update_download_button(self) -> None:
        """Download (Add to Queue while one runs) for a file not here, not downloading or
        queued, that fits on the disk."""
        variant = selected(self.variants)
        self.download_button.setText(
            self.tr("Add to &Queue") if self.downloads.busy else self.tr("&Download"))
        self.download_button.setEnabled(
            variant is not None and not self._is_installed(variant)
            and self._waiting(variant) is None and self.room.fits(self._need(variant))
            and not self.header_problem.get((self.listing_repo or "", variant.filename)))

    def download_selected(self) -> None:
        variant = selected(self.variants)
        if variant is not None and self.listing_repo:
            files = [f.filename for f in variant.files]  # type: ignore[attr-defined]
            self.download_requested.emit(self.listing_repo, files, None, variant.size or 0)
