"""What the tabs of the Models dialog share: the fit verdict of a size here (memory, and the disk
space left for it), lists and notes."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QModelIndex, QSize, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
)

from writer.models import cache, fit, partial
from writer.models.errors import human_size
from writer.ui.fit_words import describe
from writer.ui.i18n import ENGLISH, sentence, shown_language

if TYPE_CHECKING:
    from writer.downloads import DownloadManager
    from writer.models.download import Progress
    from writer.models.partial import PartialDownload

ROLE = Qt.ItemDataRole.UserRole


def verdict_mark(verdict: str) -> str:
    marks = {
        fit.FITS: QCoreApplication.translate("Fit", "✓ fits"),
        fit.TIGHT_FIT: QCoreApplication.translate("Fit", "◐ tight"),
        fit.TOO_LARGE: QCoreApplication.translate("Fit", "✗ too large"),
    }
    return marks.get(verdict, "?")


class Fitter:
    """Whether a model of a given size fits this computer with the settings' context; the free
    memory is measured once, when the dialog opens."""

    def __init__(self, n_ctx: int, offload: bool) -> None:
        self.n_ctx = n_ctx
        self.offload = offload
        self.ram = fit.free_ram()
        self.vram = fit.free_vram() if offload else None

    def check(
        self, size: int | None, path: Path | None = None, kv_per_token: int | None = None
    ) -> fit.Fit | None:
        if not size:
            return None
        return fit.check(
            size,
            self.n_ctx,
            path,
            offload=self.offload and self.vram is not None,
            ram=self.ram,
            vram=self.vram,
            kv_per_token=kv_per_token,
        )

    @staticmethod
    def mark(item: QTreeWidgetItem, column: int, verdict: fit.Fit | None) -> None:
        """Show `verdict` in `column` of `item`, its sentence on hover over the row."""
        if verdict is None:
            item.setText(column, "?")
            return
        item.setText(column, verdict_mark(verdict.verdict))
        for c in range(item.columnCount()):
            item.setToolTip(c, describe(verdict))


class DiskRoom:
    """Whether a file fits in the free space of the Hugging Face cache's disk, less what the
    running and queued downloads will still write there (DownloadManager.pending_bytes) and
    counting what its partial file holds already. `measure` reads the free space (one statvfs)
    and the downloads' bytes: the dialog calls it when it opens and when the downloads or the
    files change, never per paint or per row."""

    def __init__(self, downloads: DownloadManager) -> None:
        self.downloads = downloads
        self.free: int | None = None  # None: not known (then everything is taken to fit)
        self.pending = 0
        self.unfinished: list[PartialDownload] = []  # the partial files, when measured

    def measure(self, unfinished: Iterable[PartialDownload] = ()) -> None:
        self.free = cache.free_space()
        self.pending = self.downloads.pending_bytes()
        self.unfinished = list(unfinished)

    def recheck(self) -> bool:
        """Read the free space again (another program may have filled or freed the disk
        while the dialog is open); whether the room left moved by enough to change a mark
        (64 MB: a download writing into the cache moves the free space and its own bytes still
        to come together)."""
        before = None if self.free is None else self.free - self.pending
        self.free = cache.free_space()
        self.pending = self.downloads.pending_bytes()
        after = None if self.free is None else self.free - self.pending
        if before is None or after is None:
            return before != after
        return abs(after - before) >= 64 * 1024 * 1024

    def need(self, repo_id: str, files: list[str], size: int) -> int:
        """The bytes `files` of `repo_id` (`size` in all) still need on disk."""
        return partial.still_needed(repo_id, files, size, self.unfinished)

    def fits(self, need: int) -> bool:
        return self.free is None or need <= self.free - self.pending

    def mark(self, size_text: str, need: int) -> str:
        """A list's size column: the size, and that there is no room where there is none."""
        if self.fits(need):
            return size_text
        return " · ".join((size_text, QCoreApplication.translate("Downloads", "no room")))

    def describe(self, need: int) -> str:
        """Whether `need` bytes fit, in a sentence: what it needs and what is free (after the
        downloads ahead of it); '' when the free space is not known."""
        if self.free is None or not need:
            return ""
        tr = QCoreApplication.translate
        left = max(0, self.free - self.pending)
        if self.fits(need):
            if self.pending:
                text = tr("Downloads", "Fits on disk: needs {0}, {1} free after the downloads "
                                       "ahead of it.")
            else:
                text = tr("Downloads", "Fits on disk: needs {0}, {1} free.")
            return text.format(_size(need), _size(left))
        if self.pending:
            return tr("Downloads", "Not enough disk space: needs {0}, {1} free after the "
                                   "downloads ahead of it ({2} free now).").format(
                _size(need), _size(left), _size(self.free))
        return tr("Downloads", "Not enough disk space: needs {0}, {1} free.").format(
            _size(need), _size(left))


def _size(n: float) -> str:
    return sentence(human_size(n))


def queue_place(place: int) -> str:
    """Where a queued download stands: 'Queued · next', 'Queued · 2nd in line'."""
    tr = QCoreApplication.translate
    if place <= 1:
        return tr("Downloads", "Queued · next")
    # an English ordinal ("2nd"); another language writes its own around the number
    shown = _ordinal(place) if shown_language() == ENGLISH else str(place)
    return tr("Downloads", "Queued · {0} in line").format(shown)


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


class _Spaced(QStyledItemDelegate):
    """A cell as wide as its text and two characters more: a column sized to its contents
    ended where its longest text did, and ran into the next ("4.4 GB✓ fits", in Chinese
    "量化", "大小" and "内存" cramped together)."""

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:  # noqa: N802
        size = super().sizeHint(option, index)
        return QSize(size.width() + 2 * option.fontMetrics.averageCharWidth(), size.height())


class _SpacedHeader(QHeaderView):
    """A header whose sections are as wide as their titles and two characters more: while the
    list was empty, a column sized to its contents was just its title ("下载量点赞", "量化大小内存"
    ran together in Chinese)."""

    def sectionSizeFromContents(self, logical_index: int) -> QSize:  # noqa: N802 (Qt's name)
        size = super().sectionSizeFromContents(logical_index)
        return QSize(size.width() + 2 * self.fontMetrics().averageCharWidth(), size.height())


def tree(headers: list[str], stretch: int = 0) -> QTreeWidget:
    """A one-level list with `headers`; column `stretch` takes the room left, the others fit
    their contents, and their titles, with a space after them (`_Spaced`, `_SpacedHeader`)."""
    view = QTreeWidget()
    header = _SpacedHeader(Qt.Orientation.Horizontal, view)
    header.setSectionsMovable(True)  # (as QTreeView's own header)
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    view.setHeader(header)
    view.setItemDelegate(_Spaced(view))
    view.setHeaderLabels(headers)
    view.setRootIsDecorated(False)
    view.setAlternatingRowColors(True)
    view.setUniformRowHeights(True)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    header = view.header()
    header.setStretchLastSection(False)
    for column in range(len(headers)):
        mode = QHeaderView.ResizeMode.ResizeToContents
        if column == stretch:
            mode = QHeaderView.ResizeMode.Stretch
        header.setSectionResizeMode(column, mode)
    return view


def selected(view: QTreeWidget) -> object:
    """The data of the selected row, or None."""
    items = view.selectedItems()
    return items[0].data(0, ROLE) if items else None


def note(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def describe_progress(progress: Progress, stalled: float = 0.0) -> str:
    """A download's progress (writer.models.download.Progress) in the interface's language;
    `stalled`: the seconds no byte came (writer.downloads.Download.stalled), said instead of a
    speed and a time left that no longer hold."""
    tr = QCoreApplication.translate
    if progress.stage == "checking":
        return tr("Downloads", "Checking what was already downloaded… {0} of {1}").format(
            human_size(progress.checked), human_size(progress.done)
        )
    if progress.stage == "verifying":
        return tr("Downloads", "Verifying the checksum…")
    text = tr("Downloads", "{0} of {1}").format(
        human_size(progress.done), human_size(progress.total)
    )
    if stalled:
        return " · ".join((text, tr("Downloads", "stalled"), tr(
            "Downloads", "No data for {0} — waiting for the server…").format(_duration(stalled))))
    if progress.rate > 0:
        text += " · " + tr("Downloads", "{0}/s").format(human_size(progress.rate))
    left = progress.seconds_left
    if left is not None:
        text += " · " + tr("Downloads", "{0} left").format(_duration(left))
    return text


def _duration(seconds: float) -> str:
    tr = QCoreApplication.translate
    seconds = int(round(seconds))
    if seconds < 60:
        return tr("Downloads", "{0} s").format(seconds)
    if seconds < 3600:
        return tr("Downloads", "{0} min {1:02d} s").format(seconds // 60, seconds % 60)
    return tr("Downloads", "{0} h {1:02d} min").format(seconds // 3600, seconds % 3600 // 60)
