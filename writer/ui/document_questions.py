"""The questions a document manager asks the writer: message boxes and file dialogs.

Each question is one method that returns the answer, so that the manager's decisions read as
code and a test answers a question by clicking the real button of the real box (the buttons
carry object names: "overwrite", "save-as").
"""

from __future__ import annotations

from pathlib import Path

import shiboken6
from PySide6.QtCore import QObject
from PySide6.QtWidgets import QAbstractButton, QCheckBox, QFileDialog, QMessageBox, QWidget

from writer.documents import ConflictError
from writer.ui.i18n import beside, sentence

OVERWRITE, SAVE_AS, CANCEL = "overwrite", "save-as", "cancel"
SAVE, DISCARD = "save", "discard"
SAVE_ALWAYS = "save-always"  # `save_changes`: save, and from now on save without asking
RELOAD, KEEP, LATER = "reload", "keep", "later"  # `reload_changed`'s answers


class DocumentQuestions(QObject):
    """Message boxes and file dialogs over one window."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.window = window

    def text_filter(self) -> str:
        return self.tr("Text and Markdown (*.md *.markdown *.txt *.text);;All files (*)")

    def path_to_open(self, start: Path) -> str:
        path, _ = QFileDialog.getOpenFileName(
            self.window, self.tr("Open"), str(start), self.text_filter()
        )
        return path

    def path_to_save(self, start: Path) -> str:
        path, _ = QFileDialog.getSaveFileName(
            self.window, self.tr("Save As"), str(start), self.text_filter()
        )
        return path

    def untitled(self) -> str:
        return self.tr("Untitled")

    def cannot_open(self, message: str) -> None:
        QMessageBox.warning(self.window, self.tr("Cannot open file"), sentence(message))

    def could_not_save(self, message: str) -> None:
        QMessageBox.critical(self.window, self.tr("Could not save"), sentence(message))

    def conflict(self, exc: ConflictError) -> str:
        """OVERWRITE, SAVE_AS or CANCEL, when the file on disk is not the one Writer knows."""
        name = exc.path.name if exc.path else ""
        box = QMessageBox(self.window)
        box.setIcon(QMessageBox.Icon.Warning)
        if exc.deleted:
            box.setWindowTitle(self.tr("File deleted"))
            box.setText(self.tr("{0} was deleted or moved by another program.").format(name))
            box.setInformativeText(self.tr("Save your text there again, or somewhere else?"))
            again = box.addButton(self.tr("Save There &Again"), QMessageBox.ButtonRole.AcceptRole)
        else:
            box.setWindowTitle(self.tr("File changed on disk"))
            box.setText(
                self.tr("{0} was changed by another program since Writer opened it.").format(name)
            )
            box.setInformativeText(
                self.tr("Saving here replaces the other program's version with yours. Save "
                        "yours under another name instead to keep both.")
            )  # fmt: skip
            again = box.addButton(self.tr("&Replace It"), QMessageBox.ButtonRole.DestructiveRole)
        again.setObjectName(OVERWRITE)
        save_as = box.addButton(self.tr("&Save As…"), QMessageBox.ButtonRole.AcceptRole)
        save_as.setObjectName(SAVE_AS)
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(save_as)
        box.setEscapeButton(cancel)
        clicked = _answer(box)
        if clicked is again:
            return OVERWRITE
        if clicked is save_as:
            return SAVE_AS
        return CANCEL

    def reload_changed(self, name: str) -> str:
        """What to do with a file another program changed while the writer has changes:
        RELOAD it, KEEP the writer's version (their next save replaces the file without a
        question), or decide LATER (the text stays, and the save asks, as for a change it
        found itself). The box may come while the writer types: Enter and Esc, meant for the
        text, answer LATER, which gives up neither version (Keep My Version was the default,
        and Esc let the next Ctrl+S replace the other program's text without a word)."""
        box = QMessageBox(self.window)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(self.tr("File changed on disk"))
        box.setText(self.tr("{0} was changed by another program.").format(name))
        box.setInformativeText(
            self.tr(
                "Reload it in place of your unsaved changes (Undo brings them back), keep your "
                "version (saving then replaces the other program's), or decide when you save?"
            )
        )
        reload_btn = box.addButton(self.tr("&Reload"), QMessageBox.ButtonRole.DestructiveRole)
        keep = box.addButton(self.tr("&Keep My Version"), QMessageBox.ButtonRole.AcceptRole)
        later = box.addButton(self.tr("&Decide When Saving"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(later)
        box.setEscapeButton(later)
        clicked = _answer(box)
        return RELOAD if clicked is reload_btn else KEEP if clicked is keep else LATER

    def save_in_utf8(
        self, name: str, encoding: str, char: str, line: int, guessed: bool = False
    ) -> bool:
        """Whether to save in UTF-8 a document whose encoding has no room for a character.
        Where the encoding was a guess, the box says that a wrong guess would be saved so, and
        Enter cancels (a Shift JIS letter read as ISO 8859-1, then saved in UTF-8, kept its
        wrong characters for good)."""
        box = QMessageBox(self.window)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(self.tr("Cannot save in {0}").format(encoding))
        box.setText(
            self.tr("{0} is saved in {1}, which has no character “{2}” (line {3}).").format(
                name, encoding, char, line
            )
        )
        informative = self.tr(
            "Save it in UTF-8, which holds every character? A program that expects {0} may "
            "then show it wrongly. Cancel leaves the file as it is; your text stays here."
        ).format(encoding)
        if guessed:
            informative = beside(
                self.tr(
                    "Writer guessed {0} when it opened the file: if its characters look wrong, "
                    "Cancel and use File → Reopen with Encoding first, or the wrong characters "
                    "are saved."
                ).format(encoding),
                informative,
            )
        box.setInformativeText(informative)
        utf8 = box.addButton(self.tr("Save in &UTF-8"), QMessageBox.ButtonRole.AcceptRole)
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(cancel if guessed else utf8)
        box.setEscapeButton(cancel)
        return _answer(box) is utf8

    def discard_to_reopen(self, name: str, encoding: str) -> bool:
        """Whether to read a file again in another encoding in place of unsaved changes."""
        box = QMessageBox(self.window)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(self.tr("Reopen with Encoding"))
        box.setText(self.tr("Read {0} again as {1}?").format(name, encoding))
        box.setInformativeText(
            self.tr("Your unsaved changes are lost: the text is read again from the file.")
        )
        reopen = box.addButton(
            self.tr("&Discard and Reopen"), QMessageBox.ButtonRole.DestructiveRole
        )
        keep = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(keep)
        box.setEscapeButton(keep)
        return _answer(box) is reopen

    def save_changes(self, name: str, offer_auto_save: bool = False) -> str:
        """SAVE, DISCARD or CANCEL for a modified document about to close; with
        `offer_auto_save` (a document with a file, Auto Save off) a box to tick saves from
        now on without asking (File → Auto Save): Save with it ticked is SAVE_ALWAYS. Writing
        the chapters of a project one window at a time asked this at every change of
        chapter (look35's)."""
        forward = getattr(self.window, "bring_forward", None)
        if forward is not None:
            # quitting with several windows asked about one hidden behind another
            forward()
        box = QMessageBox(self.window)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("Save changes?"))
        # quoted: an untitled document's name is its first words ("…that matters.?")
        box.setText(self.tr("Do you want to save the changes to “{0}”?").format(name))
        box.setInformativeText(self.tr("Your changes will be lost if you don't save them."))
        box.setStandardButtons(
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel
        )
        box.setDefaultButton(QMessageBox.StandardButton.Save)
        # each answer has a key (Discard took Tab and Space from the keyboard)
        box.button(QMessageBox.StandardButton.Save).setText(self.tr("&Save"))
        box.button(QMessageBox.StandardButton.Discard).setText(self.tr("&Discard"))
        if offer_auto_save:
            # (the box's child: one without a parent went with its Python wrapper)
            always = QCheckBox(self.tr("&Always save without asking (File → Auto Save)"), box)
            box.setCheckBox(always)
        answer = box.exec()
        if not shiboken6.isValid(box):
            return CANCEL  # (gone with its window: nothing closes unasked)
        if answer == QMessageBox.StandardButton.Save:
            ticked = box.checkBox() is not None and box.checkBox().isChecked()
            return SAVE_ALWAYS if ticked else SAVE
        if answer == QMessageBox.StandardButton.Discard:
            return DISCARD
        return CANCEL


def _answer(box: QMessageBox) -> QAbstractButton | None:
    """The button the writer pressed in `box`, asked now; None where the box went with its
    window before it was answered (the window deleted while the question was open: reading the
    box then raised), which each question takes as its answer that changes nothing."""
    box.exec()
    return box.clickedButton() if shiboken6.isValid(box) else None
