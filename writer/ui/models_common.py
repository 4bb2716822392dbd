"""What the tabs of the Models dialog share: the fit verdict of a size here, lists and notes."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTreeWidget, QTreeWidgetItem

from writer.models import fit
from writer.models.errors import human_size
from writer.ui.fit_words import describe

if TYPE_CHECKING:
    from writer.models.download import Progress

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


def tree(headers: list[str], stretch: int = 0) -> QTreeWidget:
    """A one-level list with `headers`; column `stretch` takes the room left, the others fit
    their contents."""
    view = QTreeWidget()
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
