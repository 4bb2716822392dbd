"""Views of the application's download (writer.downloads.DownloadManager).

`DownloadPanel` sits in the Models dialog: bar, bytes, rate and time left, Cancel, Retry, Use.
`DownloadStatus` sits in each window's status bar: the name, a percentage bar, a button that
cancels a running download (and hides a finished one), and Use once the model is there. Both
only show what the manager announces; closing a dialog leaves the download running. Where a
stopped download left its partial file, both offer to continue it (Resume after a cancel,
Retry after a failure, whose sentence says Retry continues), and the panel also Discard, which
asks (No by default) and deletes the file; without one, the panel offers Retry alone. While no
byte comes (`Download.stalled`), the panel says for how long and that it waits for the server
in place of the speed and the time left, the status bar's name says it waits; the ordinary
display comes back with the next bytes.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from writer.downloads import CANCELLED, DONE, FAILED, RUNNING, Download, DownloadManager
from writer.models.errors import ModelsError, human_size
from writer.ui.i18n import sentence
from writer.ui.models_common import describe_progress, note

STEPS = 1000


def show_saved(bar: QProgressBar, download: Download) -> None:
    """The bytes of a download saved of its size, as the text beside says them; a busy bar
    while it runs with no size known yet."""
    done, total = download.saved()
    if not total and download.state == RUNNING:
        bar.setRange(0, 0)
        return
    bar.setRange(0, STEPS)
    bar.setValue(min(STEPS, done * STEPS // total) if total else 0)


def stopped_sentence(download: Download) -> str:
    """Why a download stopped, in the interface's language; a cancel says where it stopped and
    that Resume continues from there."""
    p = download.progress
    if download.state == CANCELLED and p is not None and p.total:
        return QCoreApplication.translate(
            "Downloads",
            "The download of {0} was cancelled at {1} of {2}. Resume to continue from there.",
        ).format(download.name, human_size(p.done), human_size(p.total))
    return sentence(download.sentence)


class DownloadPanel(QFrame):
    """What the application's download is doing, in the Models dialog. Emits
    `use_requested(path)` when the writer wants the downloaded model."""

    use_requested = Signal(str)

    def __init__(self, downloads: DownloadManager, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.downloads = downloads
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.title = QLabel(self.tr("No download running."))
        bold = QFont(self.title.font())
        bold.setBold(True)
        self.title.setFont(bold)
        self.bar = QProgressBar()
        self.bar.setRange(0, STEPS)
        self.bar.setValue(0)
        self.bar.setFormat("%p%")
        self.status = note("")
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.retry_button = QPushButton(self.tr("Retry"))
        self.use_button = QPushButton(self.tr("Use this model"))
        self.discard_button = QPushButton(self.tr("Discard"))
        buttons = (self.cancel_button, self.retry_button, self.use_button, self.discard_button)
        for button in buttons:
            button.setEnabled(False)
            button.setAutoDefault(False)
        self.retry_button.hide()
        self.use_button.hide()
        self.discard_button.hide()
        self.cancel_button.clicked.connect(self._cancel)
        self.retry_button.clicked.connect(self._retry)
        self.use_button.clicked.connect(self._use)
        self.discard_button.clicked.connect(self._discard)
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.use_button)
        top.addWidget(self.discard_button)
        top.addWidget(self.retry_button)
        top.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.bar)
        layout.addWidget(self.status)
        downloads.started.connect(self._started)
        downloads.progressed.connect(self._progressed)
        downloads.ended.connect(self._ended)
        downloads.offer_withdrawn.connect(self._withdrawn)
        current = downloads.current
        self.setVisible(current is not None)
        if current is not None:
            self._started(current)
            if current.progress is not None:
                self._progressed(current)
            if current.state != RUNNING:
                self._ended(current)
            if current.state == DONE and not current.offered:
                self._withdrawn(current)

    def _cancel(self) -> None:
        self.downloads.cancel()
        self.cancel_button.setEnabled(False)
        self.status.setText(self.tr("Cancelling…"))

    def _retry(self) -> None:
        """Retry, or the sentence why it cannot begin (Offline: it did nothing, and said
        nothing)."""
        try:
            self.downloads.retry()
        except ModelsError as exc:
            self.status.setText(sentence(str(exc)))

    def _use(self) -> None:
        current = self.downloads.current
        if current is not None and current.state == DONE:
            self.use_requested.emit(current.path)

    def _discard(self) -> None:
        """Delete the partial file the stopped download left, after asking (No by default)."""
        download = self.downloads.current
        kept = download.unfinished() if download is not None else None
        if download is None or kept is None:
            self.show_kept()
            return
        answer = QMessageBox.question(
            self, self.tr("Discard download"),
            self.tr("Discard the unfinished download of {0}? The {1} downloaded so far are "
                    "deleted.").format(sentence(kept.label), sentence(human_size(kept.have))),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )  # fmt: skip
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            self.status.setText(sentence(self.downloads.discard(download)))
        except ModelsError as exc:
            self.status.setText(sentence(str(exc)))
        self.show_kept()

    def show_kept(self) -> None:
        """Offer what can be done with the partial file a stopped download left: Resume (after
        a cancel) or Retry, and Discard; Retry alone once none is kept (say, it was discarded
        under Installed)."""
        download = self.downloads.current
        if download is None or download.state not in (CANCELLED, FAILED):
            return
        kept = download.unfinished()
        resume = kept is not None and download.state == CANCELLED
        self.retry_button.setText(self.tr("Resume") if resume else self.tr("Retry"))
        self.discard_button.setVisible(kept is not None)
        self.discard_button.setEnabled(kept is not None)
        show_saved(self.bar, download)

    def _started(self, download: Download) -> None:
        self.title.setText(
            self.tr("Downloading {0} from {1}").format(download.name, download.repo_id)
        )
        self.status.setText(self.tr("Asking the Hub for the file…"))
        show_saved(self.bar, download)
        self.cancel_button.setEnabled(True)
        self.retry_button.hide()
        self.use_button.hide()
        self.discard_button.hide()
        self.show()

    def _progressed(self, download: Download) -> None:
        show_saved(self.bar, download)
        self.status.setText(describe_progress(download.progress, download.stalled()))

    def _ended(self, download: Download) -> None:
        self.cancel_button.setEnabled(False)
        show_saved(self.bar, download)
        if download.state == DONE:
            self.title.setText(self.tr("Downloaded {0}").format(download.name))
            self.status.setText(
                self.tr("Checked against the Hub's sha256 and saved to {0}").format(download.path)
            )
            self.use_button.setVisible(download.offered)
            self.use_button.setEnabled(download.offered)
            return
        self.title.setText(
            self.tr("Download failed") if download.state == FAILED else self.tr("Download stopped")
        )
        self.status.setText(stopped_sentence(download))
        self.retry_button.show()
        self.retry_button.setEnabled(True)
        self.show_kept()

    def _withdrawn(self, download: Download) -> None:
        """The downloaded model was used (Use is done) or deleted (nothing left to show)."""
        self.use_button.hide()
        if not Path(download.path).is_file():
            self.hide()


class DownloadStatus(QWidget):
    """The application's download in a window's status bar: hidden while there is none."""

    def __init__(self, downloads: DownloadManager, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("download-status")
        self.downloads = downloads
        self.label = QLabel(self)
        self.bar = QProgressBar(self)
        self.bar.setRange(0, STEPS)
        self.bar.setMaximumWidth(110)
        self.bar.setFormat("%p%")
        self.use_button = QToolButton(self)
        self.use_button.setText(self.tr("Use"))
        self.use_button.setToolTip(self.tr("Use the downloaded model now"))
        self.use_button.clicked.connect(self._use)
        self.resume_button = QToolButton(self)  # a stopped download's partial file continues
        self.resume_button.clicked.connect(self._resume)
        self.resume_button.hide()
        self.close_button = QToolButton(self)
        self.close_button.setText("✕")
        self.close_button.setAutoRaise(True)
        self.close_button.clicked.connect(self._close_clicked)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addWidget(self.use_button)
        layout.addWidget(self.resume_button)
        layout.addWidget(self.close_button)
        downloads.started.connect(self._started)
        downloads.progressed.connect(self._progressed)
        downloads.ended.connect(self._ended)
        downloads.offer_withdrawn.connect(lambda _download: self.hide())
        downloads.discarded.connect(self._discarded)
        self.hide()
        current = downloads.current
        if current is not None and current.state == RUNNING:
            self._started(current)
            if current.progress is not None:
                self._progressed(current)

    def _started(self, download: Download) -> None:
        self.label.setText(self.tr("Downloading {0}").format(download.name))
        self.setToolTip(self.tr("Asking the Hub for the file…"))
        show_saved(self.bar, download)
        self.bar.show()
        self.use_button.hide()
        self.resume_button.hide()
        self.close_button.setToolTip(self.tr("Cancel the download"))
        self.close_button.setEnabled(True)
        self.show()

    def _progressed(self, download: Download) -> None:
        show_saved(self.bar, download)
        stalled = download.stalled()
        self.setToolTip(describe_progress(download.progress, stalled))
        if download.handle is not None and download.handle.is_cancelled:
            return  # (a report on its way when Cancel was clicked: "Cancelling…" stays)
        if stalled:
            self.label.setText(
                self.tr("Downloading {0} (waiting for the server)").format(download.name))
        else:
            self.label.setText(self.tr("Downloading {0}").format(download.name))

    def _ended(self, download: Download) -> None:
        self.bar.hide()
        self.close_button.setToolTip(self.tr("Hide"))
        self.close_button.setEnabled(True)
        if download.state == DONE:
            self.label.setText(self.tr("{0} is downloaded").format(download.name))
            self.setToolTip(download.path)
            self.use_button.show()
        elif download.state == CANCELLED:
            self.label.setText(self.tr("Download of {0} cancelled").format(download.name))
            self.setToolTip(stopped_sentence(download))
        else:
            self.label.setText(self.tr("Download of {0} failed").format(download.name))
            self.setToolTip(sentence(download.sentence))
        if download.state != DONE and download.unfinished() is not None:
            cancelled = download.state == CANCELLED
            self.resume_button.setText(self.tr("Resume") if cancelled else self.tr("Retry"))
            self.resume_button.setToolTip(
                self.tr("Continue the download from where it stopped"))
            self.resume_button.show()
        self.show()

    def _discarded(self, _download: Download) -> None:
        self.hide()  # nothing is left to continue

    def _resume(self) -> None:
        """Continue the stopped download (or say why it cannot begin: Offline)."""
        try:
            self.downloads.retry()
        except ModelsError as exc:
            self.label.setText(sentence(str(exc)))

    def _close_clicked(self) -> None:
        if self.downloads.busy:
            self.downloads.cancel()
            self.close_button.setEnabled(False)
            self.label.setText(self.tr("Cancelling…"))
        else:
            self.hide()

    def _use(self) -> None:
        current = self.downloads.current
        if current is not None:
            self.downloads.use(current)
            self.hide()


QUIT = "quit"


def quit_stops_download(parent: QWidget, download: Download | None) -> bool:
    """Ask before quitting stops a running download: True for Quit; Cancel (the default, and
    Esc) keeps Writer open and the download running."""
    tr = QCoreApplication.translate
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(tr("Downloads", "Download running"))
    name = download.name if download is not None else ""
    p = download.progress if download is not None else None
    if p is not None and p.total and p.stage == "downloading":
        box.setText(tr("Downloads", "{0} is still downloading ({1} of {2}).").format(
            name, human_size(p.done), human_size(p.total)))
    else:
        box.setText(tr("Downloads", "{0} is still downloading.").format(name))
    box.setInformativeText(tr(
        "Downloads",
        "Quitting stops the download. What has arrived is kept, and the download continues "
        "from there when you download the file again (Model → Manage Models).",
    ))  # fmt: skip
    quit_button = box.addButton(tr("Downloads", "Quit"), QMessageBox.ButtonRole.AcceptRole)
    quit_button.setObjectName(QUIT)
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    box.exec()
    return box.clickedButton() is quit_button
