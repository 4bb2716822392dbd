"""The pictures a document names, read from this computer only: the Markdown preview's and the
export's one way to them.

Qt's text document asks its `loadResource` for each picture (and for a style sheet an HTML tag
names); given nothing, it reads the file itself, whatever it is: `![x](/dev/zero)` was read
until the memory ran out and Writer was killed, in the preview and in File → Export alike. Here
a picture is read only from a regular file of at most MAX_IMAGE_BYTES (relative to the
document's folder, an absolute path or a file: address; never from the network), and anything
refused is an empty value, which Qt does not read again.
"""

from __future__ import annotations

import os
from pathlib import Path
from stat import S_ISREG

from PySide6.QtCore import QByteArray, QObject, Qt, QUrl
from PySide6.QtGui import (
    QImage,
    QImageReader,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextImageFormat,
)

MAX_IMAGE_BYTES = 64 << 20  # a larger file is not read


def local_file(url: QUrl, folder: Path | None) -> Path | None:
    """The file on this computer an address names (an image's or a link's; relative to
    `folder`, the document's), or None: a web address, or a relative one without a folder."""
    scheme = url.scheme().lower()
    if scheme == "file":
        path = Path(url.toLocalFile())
    elif scheme == "" or len(scheme) == 1:  # (a Windows drive, "C:/…")
        path = Path(url.toString() if scheme else url.path())
    else:
        return None
    if not path.is_absolute():
        if folder is None:
            return None
        path = folder / path
    return path


def image_file(path: Path) -> os.stat_result | None:
    """`path`'s status where it is a picture that may be read: a regular file (not a device
    or a pipe, which would be read for ever) of at most MAX_IMAGE_BYTES."""
    try:
        stat = path.stat()
    except OSError:
        return None
    if not S_ISREG(stat.st_mode) or stat.st_size > MAX_IMAGE_BYTES:
        return None
    return stat


def read_image(path: Path, max_width: int = 0) -> QImage | None:
    """The picture at `path` (scaled down to `max_width` pixels where it is wider, if given),
    or None where it may not be read or is not a picture."""
    if image_file(path) is None:
        return None
    reader = QImageReader(str(path))
    size = reader.size()
    if max_width and size.isValid() and size.width() > max_width:
        reader.setScaledSize(size.scaled(max_width, size.height(),
                                         Qt.AspectRatioMode.KeepAspectRatio))  # fmt: skip
    image = reader.read()
    return None if image.isNull() else image


def refused(kind: int) -> QByteArray | QImage:
    """What a text document is given for a resource it may not have: an empty value (given
    None, Qt reads the file itself)."""
    return QImage() if kind == QTextDocument.ResourceType.ImageResource.value else QByteArray()


def shown(doc: QTextDocument, image: QTextImageFormat) -> bool:
    """Whether `doc` has a picture for `image` (read through its `loadResource`)."""
    found = doc.resource(QTextDocument.ResourceType.ImageResource, QUrl(image.name()))
    return isinstance(found, QImage) and not found.isNull()


def alt_text(image: QTextImageFormat) -> str:
    """A picture's words (`![words](address)`), "" where it has none: the space that
    `writer.documents.markdown.mended` gives a picture without words, for Qt's reader to
    put it in, is none."""
    return str(image.property(QTextFormat.Property.ImageAltText) or "").strip()


def words_for(image: QTextImageFormat) -> str:
    """What stands for a picture that cannot be shown (missing, refused, not a picture), as a
    browser shows it: its alt text, else its file's name, in brackets (not Qt's empty square)."""
    return f"[{alt_text(image) or Path(image.name()).name}]"


def image_places(doc: QTextDocument) -> list[tuple[int, int, QTextImageFormat]]:
    """Where each picture of `doc` is: its position, its length and its format, in order."""
    places: list[tuple[int, int, QTextImageFormat]] = []
    block = doc.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            char = fragment.charFormat()
            if char.isImageFormat():
                places.append((fragment.position(), fragment.length(), char.toImageFormat()))
            it += 1
        block = block.next()
    return places


def unshown_as_words(doc: QTextDocument, fmt: QTextCharFormat) -> None:
    """Each picture of `doc` that cannot be shown replaced by its words (`words_for`), in
    `fmt` (the export's: an empty square in a PDF said nothing)."""
    cursor = QTextCursor(doc)
    # (from the end: a text moves the rest)
    for position, length, image in reversed(image_places(doc)):
        if not shown(doc, image):
            cursor.setPosition(position)
            cursor.setPosition(position + length, QTextCursor.MoveMode.KeepAnchor)
            cursor.insertText(words_for(image), fmt)


class LocalDocument(QTextDocument):
    """A text document whose pictures are read from this computer only (`folder`: the
    document's, for relative addresses); the export's."""

    def __init__(self, folder: Path | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.folder = folder

    def loadResource(self, kind: int, url: QUrl):  # noqa: N802 (Qt's name)
        if kind == QTextDocument.ResourceType.ImageResource.value:
            path = local_file(url, self.folder)
            image = read_image(path) if path is not None else None
            if image is not None:
                return image
        return refused(kind)
