"""Offering back the documents a crashed Writer left unsaved: restore or discard each."""

from __future__ import annotations

import time

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)


class RecoveryDialog(QDialog):
    """A checked document is restored, an unchecked one discarded; Later decides nothing."""

    def __init__(self, documents: list, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Recover unsaved documents"))
        self.documents = documents
        layout = QVBoxLayout(self)
        count = len(documents)
        # one sentence for one and one for more (a plural form read "left unsaved documents:
        # 1." in English, which has no translation file to choose the form)
        if count == 1:
            left = self.tr("Writer did not close properly last time and left an unsaved document.")
        else:
            left = self.tr(
                "Writer did not close properly last time and left {0} unsaved documents."
            ).format(count)
        intro = QLabel(
            left + " " + self.tr("Checked documents are restored; unchecked ones are discarded."),
            self,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.list = QListWidget(self)
        for doc in documents:
            when = time.strftime("%Y-%m-%d %H:%M", time.localtime(doc.modified))
            where = doc.path or self.tr("never saved")
            item = QListWidgetItem(
                self.tr("{0}  —  {1}, last edited {2}").format(doc.name, where, when)
            )
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            item.setToolTip(doc.text[:500])
            self.list.addItem(item)
        layout.addWidget(self.list)
        buttons = QDialogButtonBox(self)
        self.restore_button = buttons.addButton(
            self.tr("Restore"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.later_button = buttons.addButton(
            self.tr("Decide Later"), QDialogButtonBox.ButtonRole.RejectRole
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.list.itemChanged.connect(self._name_the_button)
        self.resize(640, 320)

    def _name_the_button(self) -> None:
        """The button says what it will do: restore the checked documents, or, with none
        checked, discard them all."""
        checked = sum(
            self.list.item(i).checkState() == Qt.CheckState.Checked
            for i in range(self.list.count())
        )
        if checked:
            self.restore_button.setText(self.tr("Restore"))
        else:
            self.restore_button.setText(self.tr("Discard All"))

    def choices(self) -> list[tuple[object, bool]]:
        return [
            (doc, self.list.item(i).checkState() == Qt.CheckState.Checked)
            for i, doc in enumerate(self.documents)
        ]
