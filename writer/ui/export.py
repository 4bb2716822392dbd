"""File → Export: the document as a PDF, an OpenDocument text (which Word and LibreOffice open)
or a web page, to hand in or send.

A Markdown document (.md, .markdown, or one without a file yet) is set as Markdown reads:
headings, emphasis, lists, quotes, links; a .txt document as its lines. The text is the editor's,
unsaved changes included, never a ghost. The pages are A4, or Letter where the interface's
locale measures in inches, in the editor's font. The file is written whole or not at all
(`save_atomic`, as a save): a full disk or a folder without permission is said, and nothing is
left half written.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QLocale, QMarginsF, QObject, Qt
from PySide6.QtGui import (
    QCursor,
    QFont,
    QGuiApplication,
    QPageLayout,
    QPageSize,
    QPdfWriter,
    QTextDocument,
)
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from writer.documents import DocumentError, save_atomic
from writer.ui.i18n import sentence
from writer.ui.odt import write_odt

MARKDOWN = frozenset({".md", ".markdown"})
FORMATS = ("pdf", "odt", "html")
MARGIN_MM = 25.0


def render(text: str, markdown: bool, font: QFont, kind: str, title: str = "") -> bytes:
    """The bytes of `text` exported as `kind` (one of FORMATS)."""
    doc = QTextDocument()
    doc.setDefaultFont(font)
    if markdown:
        doc.setMarkdown(text, QTextDocument.MarkdownFeature.MarkdownDialectGitHub)
    else:
        doc.setPlainText(text)
    if title:
        doc.setMetaInformation(QTextDocument.MetaInformation.DocumentTitle, title)
    if kind == "html":
        return doc.toHtml().encode("utf-8")
    if kind == "odt":
        return write_odt(doc, font, title)
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    pdf = QPdfWriter(buffer)
    pdf.setTitle(title)
    pdf.setCreator("Writer")
    imperial = QLocale().measurementSystem() != QLocale.MeasurementSystem.MetricSystem
    size = QPageSize.PageSizeId.Letter if imperial else QPageSize.PageSizeId.A4
    pdf.setPageLayout(
        QPageLayout(
            QPageSize(size),
            QPageLayout.Orientation.Portrait,
            QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM),
            QPageLayout.Unit.Millimeter,
        )
    )
    doc.print_(pdf)
    del pdf  # (the PDF is finished when its writer goes)
    buffer.close()
    return bytes(data)


class Exporter(QObject):
    """File → Export for one window's document."""

    def __init__(self, window: QWidget, documents, editor) -> None:
        super().__init__(window)
        self.window = window
        self.documents = documents
        self.editor = editor
        self.kind = "pdf"  # the format chosen last, offered first next time

    def filters(self) -> dict[str, str]:
        return {
            "pdf": self.tr("PDF (*.pdf)"),
            "odt": self.tr("OpenDocument Text, for Word and LibreOffice (*.odt)"),
            "html": self.tr("Web Page (*.html)"),
        }

    def export(self) -> bool:
        """Ask where and in which format, then write the file; False when cancelled or failed
        (said in a box)."""
        path = self.documents.path
        folder = path.parent if path is not None else Path.home()
        stem = path.stem if path is not None else Path(self.documents.display_name).stem
        filters = self.filters()
        chosen, picked = QFileDialog.getSaveFileName(
            self.window,
            self.tr("Export"),
            str(folder / f"{stem}.{self.kind}"),
            ";;".join(filters.values()),
            filters[self.kind],
        )
        if not chosen:
            return False
        target = Path(chosen)
        kind = next((k for k, f in filters.items() if f == picked), self.kind)
        if target.suffix.lower().lstrip(".") in FORMATS:
            kind = target.suffix.lower().lstrip(".")  # (a name typed with its own ending)
        else:
            target = target.with_name(f"{target.name}.{kind}")
        return self.export_to(target, kind)

    def export_to(self, target: Path, kind: str) -> bool:
        path = self.documents.path
        markdown = path is None or path.suffix.lower() in MARKDOWN
        title = path.stem if path is not None else self.documents.display_name
        QGuiApplication.setOverrideCursor(QCursor(Qt.CursorShape.WaitCursor))
        try:
            data = render(self.editor.toPlainText(), markdown, self.editor.font(), kind, title)
            save_atomic(target, data)
        except DocumentError as exc:
            QGuiApplication.restoreOverrideCursor()
            QMessageBox.warning(self.window, self.tr("Could not export"), sentence(str(exc)))
            return False
        QGuiApplication.restoreOverrideCursor()
        self.kind = kind
        self.window.show_message(self.tr("Exported {0}").format(target.name), 6000)
        return True
