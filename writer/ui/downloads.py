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

The queue (DownloadManager.queue) shows under the panel's download, one line each: its name,
size and place ("Queued · next", "Queued · 2nd in line") with Remove, and why it does not move
when it is held (Offline; or kept from the last session, with Start). The downloads that ended
while others followed (`DownloadManager.earlier`) keep a line of their own there with what they
offer: Use, Resume or Retry, Discard, and Hide. The status bar counts the queue beside the
running download, keeps Use for a model that finished while the next downloads, and says when
downloads wait with nothing running (Start, for those kept from the last session).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from writer.downloads import CANCELLED, DONE, FAILED, RUNNING, Download, DownloadManager
from writer.models.errors import ModelsError, human_size
from writer.ui.i18n import joined, sentence
from writer.ui.models_common import describe_progress, note, queue_place
from writer.ui.percent_bar import PercentBar

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
    """Why a download stopped, in the interface's language; a cancel that left a partial file
    says how much of it is on disk and that Resume continues from there. (It said so from the
    last progress seen: a model's part that landed as the cancel came, the next not begun,
    read "cancelled at 65.3 kB of 300.7 kB. Resume…" with nothing left to resume.)"""
    kept = download.unfinished() if download.state == CANCELLED else None
    if kept is not None and kept.size:
        return QCoreApplication.translate(
            "Downloads",
            "The download of {0} was cancelled at {1} of {2}. Resume to continue from there.",
        ).format(kept.name, sentence(human_size(kept.have)), sentence(human_size(kept.size)))
    return sentence(download.sentence)


class DownloadPanel(QFrame):
    """What the application's downloads are doing, in the Models dialog: the running one (or
    the last), the queue, and those that ended while others followed. Emits
    `use_requested(path)` when the writer wants a downloaded model."""

    use_requested = Signal(str)
    LINES_SHOWN = 4  # queue and earlier lines shown before the list scrolls

    def __init__(self, downloads: DownloadManager, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.downloads = downloads
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.title = QLabel(self.tr("No download running."))
        bold = QFont(self.title.font())
        bold.setBold(True)
        self.title.setFont(bold)
        self.bar = PercentBar()
        self.bar.setRange(0, STEPS)
        self.bar.setValue(0)
        self.status = note("")
        self.cancel_button = QPushButton(self.tr("Ca&ncel"))
        self.retry_button = QPushButton(self.tr("Retr&y"))
        self.use_button = QPushButton(self.tr("Use t&his model"))
        self.discard_button = QPushButton(self.tr("Disc&ard"))
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
        self.discard_button.clicked.connect(lambda: self._discard())
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.use_button)
        top.addWidget(self.discard_button)
        top.addWidget(self.retry_button)
        top.addWidget(self.cancel_button)
        self.head = QWidget()  # the running download, or the last one
        head = QVBoxLayout(self.head)
        head.setContentsMargins(0, 0, 0, 0)
        head.addLayout(top)
        head.addWidget(self.bar)
        head.addWidget(self.status)
        self.head.hide()
        self.queue_note = note("")  # how many wait, and why they do not move when held
        self._said = ""  # what a button of a line did, said once under the download
        self.start_button = QPushButton(self.tr("Star&t"))
        self.start_button.setAutoDefault(False)
        self.start_button.setToolTip(self.tr("Start the queued downloads"))
        self.start_button.clicked.connect(self._start_queue)
        queue_row = QHBoxLayout()
        queue_row.addWidget(self.queue_note, 1)
        queue_row.addWidget(self.start_button)
        self.lines = QWidget()  # one line per queued download, then per earlier one
        self.lines_layout = QVBoxLayout(self.lines)
        self.lines_layout.setContentsMargins(0, 0, 0, 0)
        self.lines_layout.setSpacing(2)
        self.scroll = QScrollArea()
        self.scroll.setWidget(self.lines)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        layout = QVBoxLayout(self)
        layout.addWidget(self.head)
        layout.addLayout(queue_row)
        layout.addWidget(self.scroll)
        downloads.started.connect(self._started)
        downloads.progressed.connect(self._progressed)
        downloads.ended.connect(self._ended)
        downloads.offer_withdrawn.connect(self._withdrawn)
        for signal in (downloads.started, downloads.ended, downloads.discarded,
                       downloads.offer_withdrawn, downloads.queue_changed):
            signal.connect(self.show_queue)
        current = downloads.current
        if current is not None:
            self._started(current)
            if current.progress is not None:
                self._progressed(current)
            if current.state != RUNNING:
                self._ended(current)
            if current.state == DONE and not current.offered:
                self._withdrawn(current)
        self.show_queue()

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

    def _discard(self, download: Download | None = None) -> None:
        """Delete the partial file a stopped download left (the panel's own by default), after
        asking (No by default)."""
        download = download or self.downloads.current
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
            said = sentence(self.downloads.discard(download))
        except ModelsError as exc:
            said = sentence(str(exc))
        if download is self.downloads.current:
            self.status.setText(said)
        else:
            self._said = said
        self.show_kept()

    def show_kept(self) -> None:
        """Offer what can be done with the partial file a stopped download left: Resume (after
        a cancel) or Retry, and Discard, with the bar at what it holds; Retry alone, and the
        sentence without a bar, once none is kept (say, it was discarded under Installed, or
        the file arrived whole and is no model: a bar at 0% said nothing true)."""
        download = self.downloads.current
        if download is not None and download.state in (CANCELLED, FAILED):
            kept = download.unfinished()
            resume = kept is not None and download.state == CANCELLED
            self.retry_button.setText(self.tr("Resu&me") if resume else self.tr("Retr&y"))
            self.discard_button.setVisible(kept is not None)
            self.discard_button.setEnabled(kept is not None)
            show_saved(self.bar, download)
            self.bar.setVisible(kept is not None)
        self.show_queue()

    def _started(self, download: Download) -> None:
        self.title.setText(
            self.tr("Downloading {0} from {1}").format(download.name, download.repo_id)
        )
        self.status.setText(self.tr("Asking the Hub for the file…"))
        show_saved(self.bar, download)
        self.bar.show()  # (the last one's may have gone: nothing of it was kept)
        self.cancel_button.setEnabled(True)
        self.retry_button.hide()
        self.use_button.hide()
        self.discard_button.hide()
        self.head.show()
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
                sentence(download.sentence) if download.sentence  # (it landed as it was cancelled)
                else self.tr("Checked against the Hub's sha256 and saved to {0}").format(
                    download.path)
            )
            self.use_button.setVisible(download.offered)
            self.use_button.setEnabled(download.offered)
            return
        # (named: the lines under it name the others that ended, and a bare "Download failed"
        # did not say which of them this one was)
        self.title.setText(
            self.tr("Download of {0} failed").format(download.name)
            if download.state == FAILED
            else self.tr("Download of {0} stopped").format(download.name)
        )
        self.status.setText(stopped_sentence(download))
        self.retry_button.show()
        self.retry_button.setEnabled(True)
        self.show_kept()

    def _withdrawn(self, download: Download) -> None:
        """The downloaded model was used (Use is done) or deleted (nothing left to show)."""
        if download is not self.downloads.current:
            return  # (an earlier one: its line goes)
        self.use_button.hide()
        if not Path(download.path).is_file():
            self.head.hide()
            self.setVisible(bool(self.downloads.queue or self.downloads.earlier))

    # the queue and the earlier downloads ------------------------------------------------------
    def show_queue(self, *_download: Download) -> None:
        """Show the queue (with why it is held) and the earlier downloads, one line each."""
        downloads = self.downloads
        while self.lines_layout.count():
            row = self.lines_layout.takeAt(0).widget()
            if row is not None:
                row.setParent(None)  # (gone from the panel now, deleted later)
                row.deleteLater()
        for download in downloads.queue:
            self._line_for_queued(download)
        for download in downloads.earlier:
            self._line_for_earlier(download)
        count = len(downloads.queue)
        waiting = ""
        if count:
            waiting = (self.tr("One download queued.") if count == 1
                       else self.tr("{0} downloads queued.").format(count))
        # what a line's button did (a discard, a retry refused) is said once, with the queue
        self.queue_note.setText(joined(waiting, sentence(downloads.held()), self._said))
        self._said = ""
        self.queue_note.setVisible(bool(self.queue_note.text()))
        self.start_button.setVisible(downloads.waits_for_start())
        lines = self.lines_layout.count()
        self.scroll.setVisible(bool(lines))
        if lines:
            first = self.lines_layout.itemAt(0).widget()
            height = first.sizeHint().height() + self.lines_layout.spacing()
            self.scroll.setFixedHeight(min(lines, self.LINES_SHOWN) * height)
        if count or lines or downloads.current is not None and self.head.isVisibleTo(self):
            self.show()
        elif not self.head.isVisibleTo(self):
            self.hide()

    def _line(self, text: str, tip: str = "") -> QHBoxLayout:
        row = QWidget()
        row.setObjectName("download-line")
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        label = QLabel(text)
        label.setToolTip(tip)
        layout.addWidget(label, 1)
        self.lines_layout.addWidget(row)
        return layout

    def _button(self, layout: QHBoxLayout, text: str, tip: str, slot) -> QToolButton:
        button = QToolButton()
        button.setText(text)
        button.setToolTip(tip)
        if text == "✕":  # (a screen reader read the sign: "multiplication x")
            button.setAccessibleName(tip)
        button.clicked.connect(slot)
        layout.addWidget(button)
        return button

    def _line_for_queued(self, download: Download) -> None:
        parts = [download.name]
        if download.size and download.need < download.size:  # its partial file is continued
            parts.append(QCoreApplication.translate("Downloads", "{0} of {1}").format(
                sentence(human_size(download.size - download.need)),
                sentence(human_size(download.size))))
        elif download.size:
            parts.append(sentence(human_size(download.size)))
        parts.append(queue_place(self.downloads.place(download)))
        line = self._line(" · ".join(parts), f"{download.repo_id}/{download.files[0]}")
        self._button(line, self.tr("Remove"), self.tr("Take it out of the queue"),
                     lambda: self.downloads.remove(download))

    def _line_for_earlier(self, download: Download) -> None:
        if download.state == DONE:
            line = self._line(self.tr("{0} · downloaded").format(download.name), download.path)
            self._button(line, self.tr("Use"), self.tr("Use the downloaded model now"),
                         lambda: self.use_requested.emit(download.path))
        else:
            kept = download.unfinished()
            cancelled = download.state == CANCELLED
            text = (self.tr("{0} · cancelled") if cancelled else self.tr("{0} · failed"))
            line = self._line(text.format(download.name), stopped_sentence(download))
            again = self.tr("Resume") if cancelled and kept is not None else self.tr("Retry")
            self._button(line, again, self.tr("Continue the download from where it stopped"),
                         lambda: self._retry_earlier(download))
            if kept is not None:
                self._button(line, self.tr("Discard"), self.tr("Delete the part downloaded"),
                             lambda: self._discard(download))
        self._button(line, "✕", self.tr("Hide"), lambda: self.downloads.dismiss(download))

    def _retry_earlier(self, download: Download) -> None:
        try:
            self.downloads.retry(download)
        except ModelsError as exc:
            self._said = sentence(str(exc))
            self.show_queue()

    def _start_queue(self) -> None:
        """Start the downloads kept from the last session (or say why they cannot)."""
        self.downloads.resume_queue()


class DownloadStatus(QWidget):
    """The application's download in a window's status bar, with how many wait behind it:
    hidden while there is none."""

    OFFER_WIDTH = 180  # pixels: an earlier model's name on its Use button, elided past them

    def __init__(self, downloads: DownloadManager, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("download-status")
        self.downloads = downloads
        self.offer: Download | None = None  # the last finished download, while Use holds
        self.label = QLabel(self)
        self.bar = PercentBar(self)
        self.bar.setRange(0, STEPS)
        self.bar.setMaximumWidth(150)  # (a groove of about 110 and the percentage beside it)
        self.queue_label = QLabel(self)  # "+2 queued", "a.gguf is queued"; all, and why, on hover
        self.queue_label.hide()
        self.use_button = QToolButton(self)
        self.use_button.setText(self.tr("Use"))
        self.use_button.setToolTip(self.tr("Use the downloaded model now"))
        self.use_button.clicked.connect(self._use)
        self.use_button.hide()
        self.resume_button = QToolButton(self)  # a stopped download's partial file continues
        self.resume_button.clicked.connect(self._resume)
        self.resume_button.hide()
        self.start_button = QToolButton(self)  # the queue kept from the last session
        self.start_button.setText(self.tr("Start"))
        self.start_button.setToolTip(self.tr("Start the queued downloads"))
        self.start_button.clicked.connect(downloads.resume_queue)
        self.start_button.hide()
        self.close_button = QToolButton(self)
        self.close_button.setText("✕")
        self.close_button.setAutoRaise(True)
        self.close_button.clicked.connect(self._close_clicked)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addWidget(self.queue_label)
        layout.addWidget(self.use_button)
        layout.addWidget(self.resume_button)
        layout.addWidget(self.start_button)
        layout.addWidget(self.close_button)
        downloads.started.connect(self._started)
        downloads.progressed.connect(self._progressed)
        downloads.ended.connect(self._ended)
        downloads.offer_withdrawn.connect(self._withdrawn)
        downloads.discarded.connect(self._discarded)
        downloads.queue_changed.connect(self._queue_changed)
        self.hide()
        current = downloads.current
        if current is not None and current.state == RUNNING:
            self._started(current)
            if current.progress is not None:
                self._progressed(current)
        self._queue_changed()

    def _started(self, download: Download) -> None:
        self.label.setText(self.tr("Downloading {0}").format(download.name))
        self.label.show()
        self.setToolTip(self.tr("Asking the Hub for the file…"))
        show_saved(self.bar, download)
        self.bar.show()
        self._offer_earlier()  # (the model that finished before it)
        self.resume_button.hide()
        self._close_says(self.tr("Cancel the download"))
        self.close_button.setEnabled(True)
        self._queue_changed()
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
        self._close_says(self.tr("Hide"))
        self.close_button.setEnabled(True)
        if download.state == DONE:
            self.offer = download
            self.label.setText(self.tr("{0} is downloaded").format(download.name))
            self.setToolTip(sentence(download.sentence) if download.sentence else download.path)
            self.use_button.setText(self.tr("Use"))
            self.use_button.setToolTip(self.tr("Use the downloaded model now"))
            self.use_button.show()
        elif download.state == CANCELLED:
            self.label.setText(self.tr("Download of {0} cancelled").format(download.name))
            self.setToolTip(stopped_sentence(download))
            self._offer_earlier()
        else:
            self.label.setText(self.tr("Download of {0} failed").format(download.name))
            self.setToolTip(sentence(download.sentence))
            self._offer_earlier()
        if download.state != DONE and download.unfinished() is not None:
            cancelled = download.state == CANCELLED
            self.resume_button.setText(self.tr("Resume") if cancelled else self.tr("Retry"))
            self.resume_button.setToolTip(
                self.tr("Continue the download from where it stopped"))
            self.resume_button.show()
        self.show()

    def _offer_earlier(self) -> None:
        """Use for the model that finished before the download the line names, the button
        naming it ("Download of b.gguf failed  Use" took a.gguf); hidden when there is none."""
        offer = self.offer is not None and self.offer.offered
        self.use_button.setVisible(offer)
        if offer:
            name = self.use_button.fontMetrics().elidedText(
                self.offer.name, Qt.TextElideMode.ElideMiddle, self.OFFER_WIDTH)
            self.use_button.setText(self.tr("Use {0}").format(name))
            self.use_button.setToolTip(self.tr("Use {0} now").format(self.offer.name))

    def _queue_changed(self) -> None:
        """Count the queue beside the download; with none running, name the first that waits
        (as LM Studio's list does: "One download queued" named it only on hover); what waits,
        and why it is held, on hover."""
        downloads = self.downloads
        waiting = downloads.queue
        self.queue_label.setVisible(bool(waiting))
        self.start_button.setVisible(downloads.waits_for_start())
        if not waiting:
            if downloads.current is None:
                self.hide()  # (it showed the queue alone: a lone ✕ was left)
            return
        if downloads.current is not None:
            self.queue_label.setText(self.tr("+{0} queued").format(len(waiting)))
        elif len(waiting) == 1:
            self.queue_label.setText(self.tr("{0} is queued").format(waiting[0].name))
        else:
            self.queue_label.setText(self.tr("{0} and {1} more queued").format(
                waiting[0].name, len(waiting) - 1))
        lines = [" · ".join((d.name, queue_place(downloads.place(d)))) for d in waiting]
        held = sentence(downloads.held())
        self.queue_label.setToolTip("\n".join([held, *lines] if held else lines))
        if downloads.current is None:  # (kept from the last session: nothing ran yet)
            self.label.hide()
            self.bar.hide()
            self._close_says(self.tr("Hide"))
            self.show()

    def _withdrawn(self, download: Download) -> None:
        """A finished download's model was used or deleted: Use goes (and the line, unless
        another download runs)."""
        if download is not self.offer and download is not self.downloads.current:
            return
        self.offer = None
        self.use_button.hide()
        if not self.downloads.busy:
            self.hide()

    def _discarded(self, _download: Download) -> None:
        if not self.downloads.busy:
            self.hide()  # nothing is left to continue

    def _resume(self) -> None:
        """Continue the stopped download (or say why it cannot begin: Offline)."""
        try:
            self.downloads.retry()
        except ModelsError as exc:
            self.label.setText(sentence(str(exc)))

    def _close_says(self, what: str) -> None:
        """What ✕ does now (cancel the download, or hide the line), on hover and to a screen
        reader (which read the sign: "multiplication x")."""
        self.close_button.setToolTip(what)
        self.close_button.setAccessibleName(what)

    def _close_clicked(self) -> None:
        if self.downloads.busy:
            self.downloads.cancel()
            self.close_button.setEnabled(False)
            self.label.setText(self.tr("Cancelling…"))
        else:
            self.hide()

    def _use(self) -> None:
        target = self.offer if self.offer is not None and self.offer.offered else None
        target = target or self.downloads.current
        if target is not None:
            self.downloads.use(target)
            if not self.downloads.busy:
                self.hide()
            else:
                self.use_button.hide()


QUIT = "quit"


def quit_stops_download(parent: QWidget, download: Download | None, queued: int = 0) -> bool:
    """Ask before quitting stops a running download (with `queued` downloads behind it): True
    for Quit; Cancel (the default, and Esc) keeps Writer open and the download running. It
    says that nothing is lost: what arrived is kept, and the download and its queue are offered
    again at the next start (DownloadManager.restore)."""
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
    if queued == 1:
        kept = tr("Downloads", "Quitting stops the download. What has arrived is kept: Writer "
                               "offers the download and the one queued after it again when it "
                               "starts next, and it continues from there.")
    elif queued:
        kept = tr("Downloads", "Quitting stops the download. What has arrived is kept: Writer "
                               "offers the download and the {0} queued after it again when it "
                               "starts next, and it continues from there.").format(queued)
    else:
        kept = tr("Downloads", "Quitting stops the download. What has arrived is kept: Writer "
                               "offers the download again when it starts next, and it continues "
                               "from there.")
    box.setInformativeText(kept)
    quit_button = box.addButton(tr("Downloads", "&Quit"), QMessageBox.ButtonRole.AcceptRole)
    quit_button.setObjectName(QUIT)
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    box.exec()
    return box.clickedButton() is quit_button
