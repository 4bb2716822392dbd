"""Pictures brought into a Markdown document: a file dropped (or pasted from a file manager)
becomes a link to it, and a picture's pixels pasted (a screenshot) are kept as a PNG file in an
`images` folder beside the document, linked where they were pasted, as Obsidian and Typora do.

A link is relative to the document's folder where the picture is in it or below it (the
preview, the export and another Markdown editor find it there, and the folder can move as a
whole); else the picture's absolute path, written as `markdown.destination` writes a file's
("the%20bay.png").
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QImage

from writer.documents import markdown
from writer.documents.atomic import save_atomic

PICTURES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".bmp"})
FOLDER = "images"  # beside the document: where pasted pixels are kept


def is_picture(path: str | Path) -> bool:
    return Path(path).suffix.lower() in PICTURES


def link_to(picture: str | Path, document: Path | None) -> str:
    """A Markdown picture of the file `picture` for the document at `document` (None: not
    saved yet, so an absolute path), its alt text the file's name without its ending."""
    picture = Path(picture)
    address = picture.as_posix()
    if document is not None:
        folder = document.parent
        try:
            address = picture.relative_to(folder).as_posix()
        except ValueError:
            try:
                relative = Path(os.path.relpath(picture, folder))
            except ValueError:  # (another drive, on Windows)
                relative = None
            if relative is not None and not relative.as_posix().startswith("../../"):
                address = relative.as_posix()
    alt = picture.stem.replace("[", "").replace("]", "").replace("\\", "\\\\")
    return f"![{alt}]({markdown.destination(address, path=True)})"


def keep_pasted(image: QImage, document: Path) -> Path:
    """Write `image` as a PNG in FOLDER beside `document`, named after the document and the
    time (a number added where that name is taken); returns its path. SaveError (or OSError
    for the folder) when it cannot be written: nothing is left half written."""
    folder = document.parent / FOLDER
    folder.mkdir(exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    path = folder / f"{document.stem}-{stamp}.png"
    n = 2
    while path.exists():
        path = folder / f"{document.stem}-{stamp}-{n}.png"
        n += 1
    data = png_bytes(image)
    if not data:
        raise OSError("the picture could not be encoded")
    save_atomic(path, data)
    return path


def png_bytes(image: QImage) -> bytes:
    """`image` encoded as PNG (b"" where it cannot be): a pasted picture's file, an
    OpenDocument export's pictures."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    saved = image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data()) if saved else b""
