"""Offering back the documents a crashed Writer left unsaved: restore or discard each."""

from __future__ import annotations

import time

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette, QTextCursor, QTextFormat
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from writer.ui.i18n import joined
from writer.ui.screens import resize_within

PREVIEW_CHARS = 20_000  # of a recovered document, shown under the list


class RecoveryDialog(QDialog):
    """A checked document is restored, an unchecked one discarded; Later decides nothing.
    The selected document's text shows under the list (a name and a time did not tell two
    drafts apart), and discarding asks first (Space then Enter threw text away for good)."""

    def __init__(self, documents: list, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Recover unsaved documents"))
        self.documents = documents
        layout = QVBoxLayout(self)
        count = len(documents)
        # one sentence for one and one for more (a plural form read "left unsaved documents:
        # 1." in English, which has no translation file to choose the form)
        if documents and all(doc.refused for doc in documents):
            # (the system ended Writer, and the disk refused its last text: no crash)
            if count == 1:
                left = self.tr(
                    "The system ended Writer last time, but the disk refused its last changes "
                    "to unsaved text. It left an unsaved document, without the changes refused."
                )
            else:
                left = self.tr(
                    "The system ended Writer last time, but the disk refused its last changes "
                    "to unsaved text. It left {0} unsaved documents, without the changes refused."
                ).format(count)
        elif count == 1:
            left = self.tr("Writer did not close properly last time and left an unsaved document.")
        else:
            left = self.tr(
                "Writer did not close properly last time and left {0} unsaved documents."
            ).format(count)
        intro = QLabel(
            joined(left, self.tr("Checked documents are restored; unchecked ones are discarded.")),
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
        layout.addWidget(self.list, 1)
        self.preview = QPlainTextEdit(self)
        self.preview.setReadOnly(True)
        self.preview.setAccessibleName(self.tr("Text of the selected document"))
        layout.addWidget(self.preview, 2)
        self.list.currentRowChanged.connect(self._show_text)
        buttons = QDialogButtonBox(self)
        self.restore_button = buttons.addButton(
            self.tr("&Restore"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.later_button = buttons.addButton(
            self.tr("Decide &Later"), QDialogButtonBox.ButtonRole.RejectRole
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.list.itemChanged.connect(self._name_the_button)
        self.list.setCurrentRow(0)
        self.list.setFocus()
        resize_within(self, 720, 480)

    def _show_text(self, row: int) -> None:
        """The document's text around where the writer was typing (its cursor's line marked,
        in the middle of the box): the start of a long chapter told nothing of the unsaved
        change, a tester found."""
        doc = self.documents[row] if 0 <= row < len(self.documents) else None
        text = doc.text if doc is not None else ""
        cursor = min(max(0, doc.cursor if doc is not None else 0), len(text))
        start = 0
        if len(text) > PREVIEW_CHARS:
            start = max(0, min(cursor - PREVIEW_CHARS // 2, len(text) - PREVIEW_CHARS))
            start = text.rfind("\n", 0, start) + 1 if start else 0  # (from a line's start)
            end = start + PREVIEW_CHARS
            text = ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")
            cursor = cursor - start + (1 if start else 0)
        self.preview.setPlainText(text)
        at = QTextCursor(self.preview.document())
        at.setPosition(min(cursor, len(text)))
        self.preview.setTextCursor(at)
        mark = QTextEdit.ExtraSelection()
        mark.cursor = at
        mark.format.setBackground(self.palette().color(QPalette.ColorRole.AlternateBase))
        mark.format.setProperty(QTextFormat.Property.FullWidthSelection, True)
        self.preview.setExtraSelections([mark])
        self.preview.centerCursor()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.preview.centerCursor()  # (laid out at its size now)

    def discarded(self) -> int:
        return sum(not restore for _doc, restore in self.choices())

    def accept(self) -> None:
        """Restore the checked documents; the unchecked ones are discarded only once the
        writer says so (their text cannot be brought back)."""
        dropped = self.discarded()
        if dropped and not self.confirm_discard(dropped):
            return
        super().accept()

    def confirm_discard(self, count: int) -> bool:
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(self.tr("Discard unsaved documents?"))
        if count == 1:
            box.setText(self.tr("Discard the unchecked document? Its text cannot be brought back."))
        else:
            box.setText(
                self.tr("Discard {0} unchecked documents? Their text cannot be brought back.")
                .format(count)
            )
        discard = box.addButton(self.tr("&Discard"), QMessageBox.ButtonRole.DestructiveRole)
        keep = box.addButton(self.tr("&Go Back"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        box.setEscapeButton(keep)
        box.exec()
        return box.clickedButton() is discard

    def _name_the_button(self) -> None:
        """The button says what it will do: restore the checked documents, or, with none
        checked, discard them all."""
        checked = sum(
            self.list.item(i).checkState() == Qt.CheckState.Checked
            for i in range(self.list.count())
        )
        if checked:
            self.restore_button.setText(self.tr("&Restore"))
        else:
            self.restore_button.setText(self.tr("&Discard All"))

    def choices(self) -> list[tuple[object, bool]]:
        return [
            (doc, self.list.item(i).checkState() == Qt.CheckState.Checked)
            for i, doc in enumerate(self.documents)
        ]
