"""The Installed tab of the Models dialog: the models on this computer; use, delete, import.

Unfinished downloads (writer.models.partial) are listed after the models, with how much of
each arrived: Resume continues one (queued while another download runs), Discard deletes its
partial file (after asking); neither while that download runs or waits in the queue. One whose
file is not known (a partial file no note of Writer's names: another program's, or left before
Writer could note it) is listed under its repository, with its size on disk, and can only be
discarded."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QMessageBox,
    QPushButton,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from writer.downloads import RUNNING, DownloadManager
from writer.models import fit, store
from writer.models import partial as partials
from writer.models.errors import ModelsError, human_size
from writer.settings import Settings
from writer.ui.collector import while_alive
from writer.ui.fit_words import describe
from writer.ui.i18n import beside, joined, sentence
from writer.ui.models_common import ROLE, Fitter, note, selected, tree


def shown_size(n: float) -> str:
    """A size in the interface's language ("0 bytes" stayed English in Chinese)."""
    return sentence(human_size(n))

class InstalledTab(QWidget):
    """Emits `use_requested(model)`, `changed()` after an import or a delete, `error(sentence)`
    ('' clears it), `model_deleted(path, was_active)` and `resume_requested(repo_id, files,
    sha256, size)` for an unfinished download."""

    use_requested = Signal(object)  # store.InstalledModel
    changed = Signal()
    error = Signal(str)
    model_deleted = Signal(str, bool)
    resume_requested = Signal(str, list, object, int)

    def __init__(self, settings: Settings, fitter: Fitter, downloads: DownloadManager,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.fitter = fitter
        self.downloads = downloads
        self.models: list[store.InstalledModel] = []
        self.partials: list[partials.PartialDownload] = []
        self.tree = tree([self.tr("Model"), self.tr("Size"), self.tr("Where from"),
                          self.tr("Memory")])
        self.tree.setAccessibleName(self.tr("Models on this computer"))
        self.tree.itemSelectionChanged.connect(self._selected)
        self.tree.itemDoubleClicked.connect(self._double_clicked)
        self.tree.installEventFilter(self)  # Enter uses (or resumes), Delete deletes
        self.note = note("")
        self.use_button = QPushButton(self.tr("&Use"))
        self.delete_button = QPushButton(self.tr("&Delete"))
        self.import_button = QPushButton(self.tr("&Import .gguf…"))
        self.use_button.clicked.connect(self._use_clicked)
        self.delete_button.clicked.connect(self._delete_clicked)
        self.import_button.clicked.connect(lambda: self.import_file())
        # the damaged downloads set aside (writer.models.download.quarantine)
        self.quarantine_note = note("")
        self.quarantine_button = QPushButton(self.tr("Delete Damaged Co&pies"))
        self.quarantine_button.clicked.connect(self.empty_quarantine)
        kept = QHBoxLayout()
        kept.addWidget(self.quarantine_note, 1)
        kept.addWidget(self.quarantine_button)
        row = QHBoxLayout()
        row.addWidget(self.import_button)
        row.addStretch(1)
        row.addWidget(self.delete_button)
        row.addWidget(self.use_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.note)
        layout.addLayout(kept)
        layout.addLayout(row)

    @while_alive
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        """The keys of the list: Enter does what Use (or Resume) does, as a double-click, and
        Delete what Delete (or Discard) does, each where its button is enabled."""
        if watched is self.tree and event.type() == QEvent.Type.KeyPress and not (
                event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier):
            key = event.key()
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if self.use_button.isEnabled():
                    self._use_clicked()
                return True
            if key == Qt.Key.Key_Delete:
                if self.delete_button.isEnabled():
                    self._delete_clicked()
                return True
        return super().eventFilter(watched, event)

    def _source(self, model: store.InstalledModel) -> str:
        names = {
            store.STARTER: self.tr("starter"),
            store.IMPORTED: self.tr("imported"),
            store.HUB: self.tr("Hugging Face cache"),
        }
        return names.get(model.source, model.source)

    def refresh(self) -> None:
        """Read the installed models again (no network)."""
        self.models = store.installed(self.settings)
        self.tree.clear()
        for model in self.models:
            label = beside(model.label, self.tr("(active)"), "   ") if model.active else model.label
            item = QTreeWidgetItem([label, shown_size(model.size), self._source(model), ""])
            item.setData(0, ROLE, model)
            if model.active:
                font = item.font(0)
                font.setBold(True)
                item.setFont(0, font)
            path = model.path if model.path.is_file() else None
            problem = fit.header_problem(path) if path is not None else ""
            if problem:  # (a damaged file was listed as fitting, the active one too)
                item.setText(3, self.tr("damaged"))
                for column in range(item.columnCount()):
                    item.setToolTip(column, sentence(problem))
            else:
                Fitter.mark(item, 3, self.fitter.check(model.size, path))
            self.tree.addTopLevelItem(item)
            if model.active:
                self.tree.setCurrentItem(item)
        self.partials = partials.listed()
        for unfinished in self.partials:
            if unfinished.size:
                size = shown_size(unfinished.size)
                state = self.tr("unfinished download: {0}%").format(
                    int(unfinished.fraction * 100))
            else:  # (its file is not known: what is on disk)
                size, state = shown_size(unfinished.have), self.tr("unfinished download")
            item = QTreeWidgetItem([sentence(unfinished.label), size, state, ""])
            item.setData(0, ROLE, unfinished)
            self.tree.addTopLevelItem(item)
        self._show_quarantine()
        self._selected()

    def _show_quarantine(self) -> None:
        from writer.models.download import quarantine_dir, quarantined_size

        size = quarantined_size()
        self.quarantine_note.setText(
            self.tr("Damaged downloads set aside (never loaded) take {0} in {1}.").format(
                shown_size(size), quarantine_dir())
        )  # fmt: skip
        self.quarantine_note.setVisible(size > 0)
        self.quarantine_button.setVisible(size > 0)

    def empty_quarantine(self) -> None:
        """Delete the damaged downloads set aside."""
        from writer.models.download import empty_quarantine

        freed = empty_quarantine()
        self._show_quarantine()
        self.note.setText(self.tr("Deleted the damaged copies ({0} freed).").format(
            shown_size(freed)))

    def show_downloads(self) -> None:
        """A download began, ended or was queued: what the selected row offers may change."""
        self._selected()

    def _selected(self) -> None:
        model = selected(self.tree)
        unfinished = isinstance(model, partials.PartialDownload)
        self.use_button.setText(self.tr("&Resume") if unfinished else self.tr("&Use"))
        self.delete_button.setText(self.tr("Dis&card") if unfinished else self.tr("&Delete"))
        if isinstance(model, partials.PartialDownload):
            waiting = self.downloads.waiting(model.repo_id, model.filename) if model.known else None
            self.use_button.setEnabled(model.known and waiting is None)
            self.delete_button.setEnabled(waiting is None)
            if waiting is not None:
                self.note.setText(
                    self.tr("{0} of {1} downloaded; it is downloading now.").format(
                        shown_size(model.have), shown_size(model.size))
                    if waiting.state == RUNNING else
                    self.tr("{0} of {1} downloaded; it is in the download queue.").format(
                        shown_size(model.have), shown_size(model.size)))
                return
            if not model.known:
                self.note.setText(self.tr(
                    "{0} of a download whose file is not known (another program's, or one "
                    "Writer could not note), so it cannot be resumed; Discard deletes it."
                ).format(shown_size(model.have)))  # fmt: skip
                return
            self.note.setText(
                self.tr("{0} of {1} downloaded. Resume continues the download from there; "
                        "Discard deletes the part downloaded.").format(
                    shown_size(model.have), shown_size(model.size))
            )  # fmt: skip
            return
        self.delete_button.setEnabled(model is not None and model.source != store.STARTER)
        if model is None:
            self.use_button.setEnabled(False)
            self.use_button.setToolTip("")
            self.note.setText("")
            return
        path = model.path if model.path.is_file() else None
        problem = fit.header_problem(path) if path is not None else ""
        # a file known to be no usable model is not offered for Use (Use tried to load it, and
        # said so only then); why, on the button and under the list
        self.use_button.setEnabled(not model.active and not problem)
        self.use_button.setToolTip(sentence(problem) if problem else "")
        text = str(model.path)
        if problem:
            text += "\n" + sentence(problem)
        else:
            verdict = self.fitter.check(model.size, path)
            if verdict is not None:
                text += "\n" + describe(verdict)
        self.note.setText(text)

    def _use_clicked(self) -> None:
        model = selected(self.tree)
        if isinstance(model, partials.PartialDownload):
            if model.known:
                size = model.size if len(model.files) == 1 else 0  # (one part's, of several)
                self.resume_requested.emit(model.repo_id, model.files, model.sha256, size)
        else:
            self.use_selected()

    def _delete_clicked(self) -> None:
        model = selected(self.tree)
        if isinstance(model, partials.PartialDownload):
            self.discard_selected()
        else:
            self.delete_selected()

    def _double_clicked(self, _item: QTreeWidgetItem, _column: int) -> None:
        """A double-click on a model does what Use does, where Use is enabled: not for a
        damaged file (the note under the list says why) nor the model in use."""
        if self.use_button.isEnabled():
            self.use_selected()

    def use_selected(self) -> None:
        model = selected(self.tree)
        if isinstance(model, store.InstalledModel):
            self.use_requested.emit(model)

    def discard_selected(self) -> None:
        """Delete the selected unfinished download's partial file, after asking."""
        unfinished = selected(self.tree)
        if not isinstance(unfinished, partials.PartialDownload):
            return
        question = self.tr(
            "Discard the unfinished download of {0}? The {1} downloaded so far are deleted."
        ).format(sentence(unfinished.label), shown_size(unfinished.have))
        if self._ask(self.tr("Discard download"), question):
            self._carry_out(lambda: partials.discard(unfinished))

    def _carry_out(self, action) -> bool:
        """Run a deletion the writer agreed to: its sentence under the list, or its failure
        said; False when it failed."""
        try:
            message = action()
        except ModelsError as exc:
            self.error.emit(str(exc))
            return False
        self.error.emit("")
        self.changed.emit()
        self.note.setText(sentence(message))
        return True

    def _ask(self, title: str, question: str) -> bool:
        """A yes/no question whose default (Enter, Esc) is No."""
        answer = QMessageBox.question(
            self, title, question,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )  # fmt: skip
        return answer == QMessageBox.StandardButton.Yes

    def delete_selected(self) -> None:
        model = selected(self.tree)
        if not isinstance(model, store.InstalledModel):
            return
        if model.source == store.IMPORTED:
            title = self.tr("Remove model")
            question = self.tr("Remove {0} from the list? The file stays where it is.").format(
                model.label
            )
        else:
            title = self.tr("Delete model")
            question = self.tr(
                "Delete {0} ({1}) from the Hugging Face cache? Other programs that use this "
                "cache lose it too."
            ).format(model.label, shown_size(model.size))
        if model.active:
            question = joined(question, self.tr(
                "It is the model in use: Writer goes back to the starter model."))
        if self._ask(title, question) and self._carry_out(
            lambda: store.delete(model, self.settings)
        ):
            self.model_deleted.emit(str(model.path), model.active)

    def import_file(self, path: str | None = None) -> None:
        """Add a .gguf file from anywhere (asks for it when `path` is not given)."""
        if not path:
            path, _ = QFileDialog.getOpenFileName(
                self,
                self.tr("Import a GGUF model"),
                str(Path.home()),
                self.tr("GGUF models (*.gguf);;All files (*)"),
            )
        if not path:
            return
        try:
            store.import_file(path)
        except ModelsError as exc:
            self.error.emit(str(exc))
            return
        self.error.emit("")
        self.changed.emit()
