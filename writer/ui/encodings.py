"""A file's encoding where a writer can see and change it.

File → Reopen with Encoding reads the document's file again in the encoding the writer picks
(a file guessed wrongly: a Shift JIS letter read as Windows-1252); File → Save with Encoding
saves it in another (an old GBK chapter made UTF-8). The status bar shows a button with the
encoding's name while it is anything but plain UTF-8, as VS Code's does, and the button opens
both menus. `DocumentManager` does the reading and saving; this is only where they are asked
for.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMenu, QToolButton, QWidget

from writer.documents.textfile import ENCODINGS, TextFormat
from writer.ui.actions import mark_source

CONTEXT = "Encodings"
BOM_UTF8 = "utf-8-bom"  # a menu's entry for UTF-8 with a byte order mark (saving only)
# The encodings offered, as a writer looks for them: by the language they were made for.
NAMES = {
    "utf-8": QT_TRANSLATE_NOOP("Encodings", "Unicode (UTF-8)"),
    BOM_UTF8: QT_TRANSLATE_NOOP("Encodings", "Unicode (UTF-8 with BOM)"),
    "utf-16-le": QT_TRANSLATE_NOOP("Encodings", "Unicode (UTF-16 LE)"),
    "utf-16-be": QT_TRANSLATE_NOOP("Encodings", "Unicode (UTF-16 BE)"),
    "utf-32-le": QT_TRANSLATE_NOOP("Encodings", "Unicode (UTF-32 LE)"),
    "utf-32-be": QT_TRANSLATE_NOOP("Encodings", "Unicode (UTF-32 BE)"),
    "gb18030": QT_TRANSLATE_NOOP("Encodings", "Chinese Simplified (GB18030, GBK)"),
    "big5": QT_TRANSLATE_NOOP("Encodings", "Chinese Traditional (Big5)"),
    "cp932": QT_TRANSLATE_NOOP("Encodings", "Japanese (Shift JIS)"),
    "cp949": QT_TRANSLATE_NOOP("Encodings", "Korean (EUC-KR)"),
    "cp1252": QT_TRANSLATE_NOOP("Encodings", "Western European (Windows-1252)"),
    "cp1250": QT_TRANSLATE_NOOP("Encodings", "Central European (Windows-1250)"),
    "cp1251": QT_TRANSLATE_NOOP("Encodings", "Cyrillic (Windows-1251)"),
    "latin-1": QT_TRANSLATE_NOOP("Encodings", "Western European (ISO 8859-1)"),
}
WITH_BOM = QT_TRANSLATE_NOOP("Encodings", "UTF-8 with BOM")
REOPEN = QT_TRANSLATE_NOOP("Encodings", "Reopen with &Encoding")
SAVE = QT_TRANSLATE_NOOP("Encodings", "Save with Enco&ding")
TIP = QT_TRANSLATE_NOOP(
    "Encodings", "This file's encoding: click to read it again in another, or to save it in another"
)


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def encoding_name(encoding: str) -> str:
    """An encoding's name in a menu or a sentence, in the interface's language."""
    return _tr(NAMES[encoding]) if encoding in NAMES else ENCODINGS[encoding]


def short_name(fmt: TextFormat) -> str:
    """The status bar's name for a format's encoding; "" for plain UTF-8, which most files are
    and which is not worth a place there."""
    if fmt.encoding == "utf-8":
        return _tr(WITH_BOM) if fmt.bom else ""
    return ENCODINGS[fmt.encoding]


class EncodingMenus(QObject):
    """The two menus and the status bar's button for one window's document."""

    def __init__(self, documents, parent: QWidget) -> None:
        super().__init__(parent)
        self.documents = documents
        self.reopen_menu = QMenu(parent)
        self.save_menu = QMenu(parent)
        mark_source(self.reopen_menu.menuAction(), REOPEN)  # (the command palette's English)
        mark_source(self.save_menu.menuAction(), SAVE)
        self.reopen_actions = self._fill(self.reopen_menu, documents.reopen_with, False)
        self.save_actions = self._fill(self.save_menu, self._save_with, True)
        self.reopen_menu.aboutToShow.connect(self._mark)
        self.save_menu.aboutToShow.connect(self._mark)
        self.button = QToolButton(parent)
        self.button.setAutoRaise(True)
        self.button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        both = QMenu(parent)
        both.addMenu(self.reopen_menu)
        both.addMenu(self.save_menu)
        self.button.setMenu(both)
        documents.format_changed.connect(lambda _fmt: self.show_format())
        self.retranslate()

    def _fill(self, menu: QMenu, slot, with_bom: bool) -> dict[str, QAction]:
        group = QActionGroup(menu)
        found: dict[str, QAction] = {}
        for encoding in NAMES:
            if encoding == BOM_UTF8 and not with_bom:
                continue  # (reading UTF-8 finds its BOM by itself)
            action = QAction(menu)
            action.setCheckable(True)
            action.setData(encoding)
            mark_source(action, NAMES[encoding])
            group.addAction(action)
            action.triggered.connect(lambda _checked=False, e=encoding: slot(e))
            menu.addAction(action)
            found[encoding] = action
        return found

    def _save_with(self, key: str) -> bool:
        if key == BOM_UTF8:
            return self.documents.save_with("utf-8", bom=True)
        return self.documents.save_with(key)

    def _mark(self) -> None:
        """The document's encoding checked; Reopen's entries only for a document with a file.
        The Reopen menu itself stays enabled: a disabled submenu never showed again (and
        never marked its entries again) once the window had a file, and held the keyboard
        while open."""
        fmt = self.documents.format
        current = BOM_UTF8 if fmt.encoding == "utf-8" and fmt.bom else fmt.encoding
        for encoding, action in self.save_actions.items():
            action.setChecked(encoding == current)
        for encoding, action in self.reopen_actions.items():
            action.setChecked(encoding == fmt.encoding)
            action.setEnabled(self.documents.path is not None)

    def show_format(self) -> None:
        name = short_name(self.documents.format)
        self.button.setText(name)
        self.button.setVisible(bool(name))

    def retranslate(self) -> None:
        self.reopen_menu.setTitle(_tr(REOPEN))
        self.save_menu.setTitle(_tr(SAVE))
        for actions in (self.reopen_actions, self.save_actions):
            for encoding, action in actions.items():
                action.setText(encoding_name(encoding))
        self.button.setToolTip(_tr(TIP))
        self.show_format()
