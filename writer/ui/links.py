"""A link followed, from the preview (a click) or the text (Ctrl+click, or Open Link in its
menu): one rule for both. A web or mail link opens in the system's browser (`QDesktopServices`;
Writer itself fetches nothing), a Markdown or text document opens in Writer, and anything else
is said, not opened."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QUrl
from PySide6.QtGui import QDesktopServices

from writer.project.project import DOCUMENT_SUFFIXES
from writer.ui.images import local_file

WEB_SCHEMES = ("http", "https", "mailto")


def follow(url: QUrl, folder: Path | None) -> Path | str:
    """Follow `url` (relative to `folder`, the document's): a web link is opened here and ""
    returned; a document to open in Writer is returned as its path; else a sentence to say
    (a document that is not there, an address Writer does not open)."""
    if url.scheme().lower() in WEB_SCHEMES:
        QDesktopServices.openUrl(url)
        return ""
    whole = QUrl(url)
    whole.setFragment(None)  # (a place in the document named)
    path = local_file(whole, folder)
    if path is not None and path.suffix.lower() in DOCUMENT_SUFFIXES:
        if path.is_file():
            return path
        return QCoreApplication.translate("Links", "{0} is not there.").format(path)
    return QCoreApplication.translate(
        "Links", "Writer opens web links and documents; it does not open {0}."
    ).format(url.toString())
