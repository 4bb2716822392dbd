"""File → Export Project's questions before the file dialog: the manuscript's title (the
project's name unless the writer changes it) and author, and whether a title page and a table
of contents come before the text (`writer.ui.front`), over the names of the documents that go
in, in their order (a notes folder's file went into the book unseen). The author and the two
choices are kept
in the settings (one `Settings.update`, when the writer goes on), and the title with its project:
the next export of that project offers it again (a second export as .docx came out under the
folder's name after the PDF's typed title, unless the writer typed it again).

It is as wide as what it shows (it was as narrow as its check boxes, in Chinese a column of a
few names a line): the title whole, and the documents' names in lines of a reading measure
(`MEASURE_CHARS`), within the screen.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from writer.settings import Settings, latest
from writer.ui.front import Manuscript

MAX_TITLES = 100  # projects whose titles are kept, the most recently exported
MAX_NAMES = 12  # documents named in the dialog; "and 30 more" after them
MEASURE_CHARS = 72  # the documents' names wrap at about this many characters a line
SCREEN_SHARE = 0.8  # of the screen's width, at most


class ManuscriptDialog(QDialog):
    """The title, the author, a title page, a table of contents; Export… goes on to the file
    dialog, Cancel (Esc) exports nothing."""

    def __init__(
        self, settings: Settings, name: str, parent: QWidget | None = None, folder: str = "",
        documents: Sequence[str] = (), notes: bool = True,
    ) -> None:
        super().__init__(parent)
        self.settings = settings
        self.name = name  # the project's: the title where the writer leaves it empty
        self.folder = folder  # the project's folder: its title is kept under it ("": not kept)
        self.setWindowTitle(self.tr("Export Project"))
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.title = QLineEdit(settings.export_titles.get(folder, name) if folder else name)
        self.title.setPlaceholderText(name)
        self.author = QLineEdit(settings.export_author)
        self.author.setPlaceholderText(self.tr("Your name, as the title page shows it"))
        for text, field in ((self.tr("&Title:"), self.title), (self.tr("&Author:"), self.author)):
            label = QLabel(text)
            label.setBuddy(field)
            form.addRow(label, field)
        layout.addLayout(form)
        self.title_page = QCheckBox(self.tr("Title &page (the title and the author on a page "
                                            "of their own)"))  # fmt: skip
        self.title_page.setChecked(settings.export_title_page)
        self.contents = QCheckBox(self.tr("Table of c&ontents (the chapters' headings)"))
        self.contents.setChecked(settings.export_contents)
        layout.addWidget(self.title_page)
        layout.addWidget(self.contents)
        # what goes in (`documents`: their paths in the project, in the Project panel's order)
        self.documents = QLabel(self._documents_text(documents, notes))
        self.documents.setWordWrap(True)
        self.documents.setVisible(bool(documents))
        layout.addWidget(self.documents)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.go = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.go.setText(self.tr("&Export…"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.title.selectAll()
        self.title.setFocus()
        self._fit_width()

    def _fit_width(self) -> None:
        """Wide enough for the title whole and the documents' names in lines of about
        MEASURE_CHARS characters, at most SCREEN_SHARE of the screen's width."""
        metrics = self.fontMetrics()
        measure = metrics.averageCharWidth() * MEASURE_CHARS
        screen = self.screen()
        most = int(screen.availableGeometry().width() * SCREEN_SHARE) if screen else measure
        if self.documents.isVisibleTo(self):
            names = metrics.horizontalAdvance(self.documents.text())
            self.documents.setMinimumWidth(min(names, measure, most))
        # (the line's frame and margins: two characters' width on each side; its label beside)
        title = metrics.horizontalAdvance(self.title.text()) + 4 * metrics.averageCharWidth()
        self.title.setMinimumWidth(min(title, most * 3 // 4))

    def _documents_text(self, documents: Sequence[str], notes: bool) -> str:
        """What goes into the manuscript; `notes`: the project has a notes file (left out:
        said only where there is one to leave out)."""
        names = self.tr(", ").join(documents[:MAX_NAMES])
        if len(documents) > MAX_NAMES:
            names = self.tr("{0} and {1} more").format(names, len(documents) - MAX_NAMES)
        if not notes:
            return self.tr("In the manuscript, in the Project panel's order: {0}.").format(names)
        return self.tr(
            "In the manuscript, in the Project panel's order (the notes file left out): {0}."
        ).format(names)

    def accept(self) -> None:
        """Keep the author, the choices and the project's title (one change of the settings),
        then close."""
        changes = {}
        if self.folder:
            title = self.manuscript().title
            changes["export_titles"] = latest(  # (the folder's name is offered anyway)
                self.settings.export_titles, self.folder, title if title != self.name else None,
                MAX_TITLES)  # fmt: skip
        self.settings.update(
            export_author=" ".join(self.author.text().split()),
            export_title_page=self.title_page.isChecked(),
            export_contents=self.contents.isChecked(),
            **changes,
        )
        super().accept()

    def manuscript(self) -> Manuscript:
        """What the writer chose (the project's name for a title left empty)."""
        return Manuscript(
            " ".join(self.title.text().split()) or self.name,
            " ".join(self.author.text().split()),
            self.title_page.isChecked(),
            self.contents.isChecked(),
            self.tr("Contents"),
        )
