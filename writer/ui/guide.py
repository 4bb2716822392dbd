"""Help → Writer Help (F1): the user's guide, in a window of its own beside the text.

The guide is Markdown, one file per language (resources/help/en.md and zh_CN.md), shown in the
interface's language. Each `## Title {#id}` heading starts a section; the contents at the left
list them, and the text shows one at a time (Up and Down in the contents go through them, Tab
goes to the text). The line `{{keys}}` becomes the keys: the welcome's list
(`welcome.key_rows`), those of a rewrite, the lists and the find bar (`more_key_rows`), and every
menu command that has one (`actions.menu_keys`), so that a key is written in one place and a new
action's key is in the guide by itself. Every key is named by `actions.key_name`, as the guide's
prose names it.

One window for the application: F1 in any window brings it forward where it is; Esc closes it.
Ctrl+F goes to the find field, whose Enter (Shift+Enter back) finds in every section.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, QUrl
from PySide6.QtGui import (
    QDesktopServices,
    QKeySequence,
    QShortcut,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextTable,
)
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from writer.models.catalog import resources_dir
from writer.ui import i18n
from writer.ui.collector import while_alive
from writer.ui.screens import resize_within

KEYS_MARK = "{{keys}}"
CONTENTS_WIDTH = 210
_HEADING = re.compile(r"^## +(.+?)\s*\{#([\w-]+)\}\s*$")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    markdown: str  # with its heading

    def plain(self) -> str:
        """The section's text as the window shows it, without the marks (for finding)."""
        document = QTextDocument()
        document.setMarkdown(self.markdown)
        return document.toPlainText()


def guide_file(language: str) -> Path:
    return resources_dir() / "help" / f"{language}.md"


def sections_of(markdown: str) -> list[Section]:
    """The `## Title {#id}` sections of a guide (what comes before the first is its own
    title, not shown)."""
    found: list[Section] = []
    current: tuple[str, str] | None = None
    lines: list[str] = []

    def close() -> None:
        if current is not None:
            body = "\n".join(lines).strip("\n")
            found.append(Section(current[0], current[1], f"## {current[1]}\n\n{body}\n"))

    for line in markdown.splitlines():
        heading = _HEADING.match(line)
        if heading:
            close()
            current, lines = (heading[2], heading[1]), []
        else:
            lines.append(line)
    close()
    return found


def _escaped(text: str) -> str:
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def _keys(keys: list[str] | tuple[str, ...]) -> str:
    """Keys as the tables write them: in bold, in the text's own font. In a code span's fixed
    pitch font, which has no Chinese and no arrows, "Ctrl+回车" and "Ctrl+→" came tiny from a
    fallback font beside the Latin letters."""
    between = QCoreApplication.translate("GuideWindow", ", ")  # (Chinese lists with "、")
    return between.join(f"**{_escaped(key)}**" for key in keys if key)


def more_key_rows() -> list[tuple[tuple[str, ...], str]]:
    """The keys of what opens over the text, as the code gives them: a rewrite's (Enter and
    Tab accept, Esc rejects: `RewriteSession.perform`), its presets' digits (`RewritePalette`),
    the list of other words (`TokenList`), the find bar's (`FindBar`)."""
    from writer.ui.actions import key_name

    tr = QCoreApplication.translate
    enter, esc = key_name("Return"), key_name("Esc")
    return [
        (
            (enter, key_name("Tab")),
            tr("GuideWindow", "accept the rewrite shown (one step for Undo)"),
        ),
        ((esc,), tr("GuideWindow", "reject the rewrite: the original comes back, selected")),
        (
            (f"{key_name('1')}–{key_name('9')}",),
            tr("GuideWindow", "in the list of presets, with nothing typed: run that preset"),
        ),
        (
            (enter, f"{key_name('1')}–{key_name('8')}"),
            tr("GuideWindow", "in the list of other words: write on from the one picked"),
        ),
        (
            (enter, key_name("Shift+Return")),
            tr("GuideWindow", "in the find bar: the next match, the previous one"),
        ),
        ((enter,), tr("GuideWindow", "in the replace field: replace the match, find the next")),
        ((esc,), tr("GuideWindow", "close the find bar, back to the text")),
    ]


def keys_markdown() -> str:
    """The keys as three tables: the welcome's, the keys of a rewrite, the lists and the find
    bar, then every menu command with keys."""
    from writer.ui.actions import menu_keys
    from writer.ui.welcome import key_rows

    tr = QCoreApplication.translate
    head = f"| {tr('GuideWindow', 'Keys')} | {tr('GuideWindow', 'What they do')} |"
    lines = [head, "| --- | --- |"]
    lines += [f"| {_keys(keys)} | {_escaped(what)} |" for keys, what in key_rows()]
    lines += ["", _escaped(tr("GuideWindow", "In a rewrite, the lists and the find bar:")), ""]
    lines += [head, "| --- | --- |"]
    lines += [f"| {_keys(keys)} | {_escaped(what)} |" for keys, what in more_key_rows()]
    lines += ["", _escaped(tr("GuideWindow", "The menu commands that have keys:")), ""]
    lines += [f"| {tr('GuideWindow', 'Keys')} | {tr('GuideWindow', 'Command')} |", "| --- | --- |"]
    lines += [f"| {_keys(keys)} | {_escaped(where)} |" for keys, where in menu_keys()]
    return "\n".join(lines)


def guide_markdown(language: str) -> str:
    """The guide in `language` (English where it has none), its keys in place."""
    for candidate in (guide_file(language), guide_file(i18n.ENGLISH)):
        try:
            text = candidate.read_text(encoding="utf-8")
        except (OSError, ValueError):
            continue
        return text.replace(KEYS_MARK, keys_markdown())
    missing = QCoreApplication.translate(
        "GuideWindow", "The guide is missing from this installation of Writer ({0} cannot be read)."
    ).format(guide_file(i18n.ENGLISH))
    title = QCoreApplication.translate("GuideWindow", "Writer Help")
    return f"## {title} {{#missing}}\n\n{_escaped(missing)}\n"


def _cells_centred(document: QTextDocument) -> None:
    """The tables' cells centred top to bottom. At the top, a key alone ("Tab") sat a few
    pixels above its Chinese description, whose line is taller (the Chinese font's); rich text
    aligns no cells by their baselines, and centred their lines are level."""
    for frame in document.rootFrame().childFrames():
        if not isinstance(frame, QTextTable):
            continue
        for row in range(frame.rows()):
            for column in range(frame.columns()):
                cell = frame.cellAt(row, column)
                shape = cell.format()
                shape.setVerticalAlignment(QTextCharFormat.VerticalAlignment.AlignMiddle)
                cell.setFormat(shape)


class GuideWindow(QWidget):
    """The guide: contents at the left, one section's text at the right, a find field above."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("guide")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.sections: list[Section] = []
        self._plain: dict[str, str] = {}
        self.contents = QListWidget(self)
        self.contents.setObjectName("guide-contents")
        self.contents.setFixedWidth(CONTENTS_WIDTH)
        self.find_field = QLineEdit(self)
        self.find_field.setObjectName("guide-find")
        self.find_field.setClearButtonEnabled(True)
        self.find_field.installEventFilter(self)
        self.find_note = QLabel(self)
        self.text = QTextBrowser(self)
        self.text.setObjectName("guide-text")
        self.text.setOpenLinks(False)
        self.text.anchorClicked.connect(self._follow)
        self.text.document().setDocumentMargin(12)
        right = QVBoxLayout()
        find_row = QHBoxLayout()
        find_row.addWidget(self.find_field, 1)
        find_row.addWidget(self.find_note)
        right.addLayout(find_row)
        right.addWidget(self.text, 1)
        layout = QHBoxLayout(self)
        layout.addWidget(self.contents)
        layout.addLayout(right, 1)
        self.contents.currentRowChanged.connect(self._show_row)
        self.contents.itemActivated.connect(lambda _item: self.text.setFocus())
        self.find_field.returnPressed.connect(self.find_next)
        self.find_field.textChanged.connect(lambda _text: self.find_note.clear())
        for keys, slot in (
            (QKeySequence.StandardKey.Find, self.focus_find),
            (QKeySequence.StandardKey.FindNext, self.find_next),
            (QKeySequence.StandardKey.FindPrevious, self.find_previous),
            (QKeySequence.StandardKey.Close, self.close),
            (QKeySequence(Qt.Key.Key_Escape), self.close),
        ):
            QShortcut(keys, self, slot)
        self._retranslating = False
        resize_within(self, 860, 620)
        self.load()
        self.contents.setFocus()

    # the text ---------------------------------------------------------------------------------
    def load(self) -> None:
        """The guide in the interface's language now, at the section shown before (if any)."""
        shown = self.current_id()
        self.language = i18n.shown_language()
        self.setWindowTitle(self.tr("Writer Help"))
        self.find_field.setPlaceholderText(self.tr("Find in the guide (Enter: next)"))
        self.contents.setAccessibleName(self.tr("Contents"))
        self.text.setAccessibleName(self.tr("Guide"))
        self.sections = sections_of(guide_markdown(self.language))
        self._plain.clear()
        self.contents.blockSignals(True)
        self.contents.clear()
        self.contents.addItems([section.title for section in self.sections])
        self.contents.blockSignals(False)
        if not self.show_section(shown or "") and self.sections:
            self.contents.setCurrentRow(0)
            self._show_row(0)

    def current_id(self) -> str | None:
        row = self.contents.currentRow()
        return self.sections[row].id if 0 <= row < len(self.sections) else None

    def show_section(self, section_id: str) -> bool:
        """Show the section `section_id` ("keys"); False where the guide has none."""
        for row, section in enumerate(self.sections):
            if section.id == section_id:
                self.contents.setCurrentRow(row)
                self._show_row(row)
                return True
        return False

    def _show_row(self, row: int) -> None:
        if not 0 <= row < len(self.sections):
            return
        self.text.setMarkdown(self.sections[row].markdown)
        _cells_centred(self.text.document())
        self.text.verticalScrollBar().setValue(0)

    def shown_text(self) -> str:
        return self.text.toPlainText()

    def _follow(self, url: QUrl) -> None:
        """A link: to another section (`#keys`), or out to the system's browser."""
        if not url.scheme() and url.fragment():
            self.show_section(url.fragment())
        elif url.scheme() in ("http", "https"):
            QDesktopServices.openUrl(url)

    # finding ----------------------------------------------------------------------------------
    def focus_find(self) -> None:
        self.find_field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.find_field.selectAll()

    def find_next(self) -> bool:
        return self._find(backward=False)

    def find_previous(self) -> bool:
        return self._find(backward=True)

    def _find(self, backward: bool) -> bool:
        """The next (or previous) place the find field's words are, in this section and then
        in the others, round to where it began; the words selected in the text."""
        needle = self.find_field.text().strip()
        self.find_note.clear()
        if not needle or not self.sections:
            return False
        flags = QTextDocument.FindFlag.FindBackward if backward else QTextDocument.FindFlag(0)
        if self.text.find(needle, flags):
            return True
        here = max(0, self.contents.currentRow())
        count = len(self.sections)
        step = -1 if backward else 1
        for turn in range(1, count + 1):
            row = (here + step * turn) % count
            section = self.sections[row]
            plain = self._plain.setdefault(section.id, section.plain())
            if needle.casefold() not in plain.casefold():
                continue
            self.contents.setCurrentRow(row)
            self._show_row(row)
            cursor = self.text.textCursor()
            cursor.movePosition(
                QTextCursor.MoveOperation.End if backward else QTextCursor.MoveOperation.Start
            )
            self.text.setTextCursor(cursor)
            if self.text.find(needle, flags):
                return True
        # the match found before is no match of these words: it was left highlighted
        cursor = self.text.textCursor()
        cursor.clearSelection()
        self.text.setTextCursor(cursor)
        self.find_note.setText(self.tr("Not found"))
        return False

    @while_alive
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if (
            watched is self.find_field
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and event.modifiers() & Qt.KeyboardModifier.ShiftModifier
        ):
            self.find_previous()
            return True
        return super().eventFilter(watched, event)

    # the window -------------------------------------------------------------------------------
    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.LanguageChange and not self._retranslating:
            # one reload for the several changes a switch of language sends
            self._retranslating = True
            QTimer.singleShot(0, self, self._retranslate)
        super().changeEvent(event)

    def _retranslate(self) -> None:
        self._retranslating = False
        self.load()

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        global _last_section
        _last_section = self.current_id()
        _forget(self)
        super().closeEvent(event)


_window: GuideWindow | None = None
_last_section: str | None = None


def _forget(window: GuideWindow) -> None:
    global _window
    if _window is window:
        _window = None


def shown_guide() -> GuideWindow | None:
    """The guide's window while it is open."""
    return _window


def show_guide(near: QWidget | None = None) -> GuideWindow:
    """Open the guide (at the section read last), or bring it forward where it is: one for the
    application. A new one opens over `near`."""
    global _window
    window = _window
    if window is None:
        window = _window = GuideWindow()
        if _last_section:
            window.show_section(_last_section)
        if near is not None:
            window.move(near.frameGeometry().center() - window.rect().center())
    if window.isMinimized():
        window.showNormal()
    window.show()
    window.raise_()
    window.activateWindow()
    return window
