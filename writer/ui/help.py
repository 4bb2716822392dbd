"""The Help menu's answers: Writer Help (writer/ui/guide.py), About, Report a Problem and Open
Log Folder.

About shows the facts of `writer.report` in the interface's language; the problem report copies
them in English (for whoever reads the report) and says, in a box that shows the whole
sentence, where the log is. Where the system cannot open a folder, Open Log Folder says so and
shows the path, with a button that copies it.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from writer.settings import Settings

COPY_PATH, OPEN_FOLDER = "copy-path", "open-log-folder"


class Help(QObject):
    """Help → Writer Help, About, Report a Problem and Open Log Folder for one window."""

    def __init__(self, window: QWidget, settings: Settings, worker) -> None:
        super().__init__(window)
        self.window = window
        self.settings = settings
        self.worker = worker

    def guide(self):
        """Help → Writer Help (F1): the guide's window, brought forward (one for the
        application)."""
        from writer.ui.guide import show_guide

        return show_guide(self.window)

    def environment(self) -> list[tuple[str, str]]:
        """Versions and folders (in English), for About and for a problem report."""
        from PySide6 import __version__ as pyside
        from PySide6.QtCore import qVersion

        from writer.report import environment

        info = self.worker.info
        if info is None:
            model = "none"
        else:
            # named as the status bar names it, then as the file calls itself (About said
            # "Smollm2 135M 8k Lc100K Mix1 Ep2" beside a status bar's SmolLM2-135M-Instruct)
            from writer.ui.model_status import short_name

            shown = short_name(info)
            model = f"{shown} ({info.where})"
            if str(info.name) != shown:
                model += f" · {info.name}"
        extra = [("Qt", f"{qVersion()} (PySide6 {pyside})"), ("Model", model)]
        return environment(self.settings.path or Settings.file(), extra)

    def _words(self) -> dict[str, str]:
        """The interface's words for the labels and fixed values of `environment`."""
        return {
            "GPU offload": self.tr("GPU offload"),
            "yes": self.tr("yes"),
            "no (CPU build)": self.tr("no (CPU build)"),
            "unknown (llama.cpp not loadable)": self.tr("unknown (llama.cpp not loadable)"),
            "System": self.tr("System"),
            "Model": self.tr("Model"),
            "none": self.tr("none"),
            "Settings": self.tr("Settings"),
            "Recovery journal": self.tr("Recovery journal"),
            "Log": self.tr("Log"),
            "Models (Hugging Face cache)": self.tr("Models (Hugging Face cache)"),
            "Model checks, quarantine": self.tr("Model checks, quarantine"),
        }

    def about_text(self) -> str:
        words = self._words()
        rows = "".join(
            f"<tr><td>{escape(words.get(label, label))}</td>"
            f"<td>{escape(words.get(value, value))}</td></tr>"
            for label, value in self.environment()
        )
        text = self.tr(
            "A writing assistant: a language model continues and rewrites your text. "
            "With the model on this computer, nothing you write leaves it."
        )
        return f"<b>Writer</b><p>{text}</p><table>{rows}</table>"

    def about(self) -> None:
        QMessageBox.about(self.window, self.tr("About Writer"), self.about_text())

    def report_problem(self) -> QMessageBox:
        """Copy versions and folders to the clipboard and say what to do with them."""
        from writer.report import as_text

        QApplication.clipboard().setText(as_text(self.environment()))
        box = QMessageBox(self.window)
        box.setObjectName("report")
        box.setIcon(QMessageBox.Icon.Information)
        box.setWindowTitle(self.tr("Report a Problem"))
        box.setText(
            self.tr(
                "Versions and folders are copied: paste them into your report, with what "
                "you did and what happened (the log is in Help → Open Log Folder)."
            )
        )
        open_folder = box.addButton(self.tr("Open &Log Folder"), QMessageBox.ButtonRole.ActionRole)
        open_folder.setObjectName(OPEN_FOLDER)
        ok = box.addButton(QMessageBox.StandardButton.Ok)
        box.setEscapeButton(ok)  # without one, Esc and the window's close do nothing
        box.exec()
        if box.clickedButton() is open_folder:
            self.open_log_folder()
        return box

    def open_log_folder(self) -> QMessageBox | None:
        """Show the log folder in the system's file manager; where there is none, a box with
        the path and Copy Path (returned, for a test to read)."""
        from writer.logs import log_file

        folder = log_file().parent
        if QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))):
            return None
        return self._show_path(folder)

    def _show_path(self, folder: Path) -> QMessageBox:
        box = QMessageBox(self.window)
        box.setObjectName("log-folder")
        box.setIcon(QMessageBox.Icon.Information)
        box.setWindowTitle(self.tr("Log Folder"))
        box.setText(self.tr("This system has no program to open folders. Writer's log is in:"))
        box.setInformativeText(str(folder))
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        copy = box.addButton(self.tr("&Copy Path"), QMessageBox.ButtonRole.ActionRole)
        copy.setObjectName(COPY_PATH)
        box.addButton(QMessageBox.StandardButton.Close)
        box.exec()
        if box.clickedButton() is copy:
            QApplication.clipboard().setText(str(folder))
        return box
