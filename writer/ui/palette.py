"""View → Command Palette (Ctrl+Shift+P): every menu command of the window, found by typing
part of its name, as in VS Code; Edit → Go to Heading (Ctrl+R, the palette with "#"): the
document's Markdown headings; and Edit → Go to Line (Ctrl+L, the palette with ":"): a line by
its number.

The commands are the window's menus as they are when the palette opens, walked then: each
menu is first told that it is about to show, as opening it would (Open Recent fills itself,
the encoding menus mark the document's), so a new action in a menu is in the palette by itself
and nothing lists the commands a second time. As in VS Code, a disabled command is left out
(and one disabled while the palette is open is greyed and does not run); a switch shows
whether it is on. Each shows where it is in the menus ("File › Save As…", "File › Open
Recent: chapter-01.md") and its key.

Typing filters: every typed word begins a word of the command's place, in any order and any
case, and a Chinese word may be anywhere in it; in a Chinese interface the English names match
too (`actions.source_of`), so "save" finds 保存. A word may also begin a word of the command's
description (its status tip, in either language: "full" finds Distraction-Free Writing); the
commands whose name holds every word come first, then those whose place does, then those
found by their description. With nothing typed, the commands run last come
first (`Settings.recent_commands`), and a submenu's (the encodings, the recent files) after the
others as good. Up and Down move, Enter or a click runs the command once
the palette has closed, with the keyboard back in the text; Esc closes.

"#" lists the document's headings, ATX ("## Title") and setext (a paragraph over a line of
`===` or `---`), not those in code or in an HTML comment, read as the highlighting and the
project's notes read them (`documents.markdown.headings_of`), indented by level; Enter puts the
cursor on the heading's line, in the middle of the view. The text is read once a palette, when
"#" is first typed, in one pass (a 2 MB manuscript in some tens of milliseconds); each key
after filters what was read.

In a project "#" lists the headings of every document of the project too, as VS Code's "#"
finds a symbol in the whole workspace (`OtherHeadings`): the open document's first, then each
other document's in the Project panel's order, each row naming its document (dimmed, with the
line). None of these is read on the window's thread: the project's files are read and their
headings kept by the pass that counts the Project panel's words (writer/ui/project_words.py,
the same rule `headings_of`), which "#" asks to look again (a file changed since is read
again); a document another window shows is read as that window shows it, unsaved edits too; the
rows are made on a thread, and come a moment after the open document's (the list says while
they are still being read), the row under the cursor staying where it is. Enter on another
document's heading opens that document as the Project panel would (here, or in the window
that shows it) with the cursor on the heading (found again by its level and title where the
document changed since it was listed).

Edit → Go to File (Ctrl+P, VS Code's Quick Open) opens it to find a document: what is typed
(without ">", "#" or ":") is matched against the names of the recent files and the project's
documents (`files_of`), each word as a command's words are, or at least its letters in order
("ch2" finds chapter-02.md); the closer matches first, the recent ones first among them. ">"
then lists the commands. Enter opens the document as the Project panel or Open Recent would
(`MainWindow.go_to_file`).

":" and a number is a line (a paragraph: the document's lines, as a heading's "line 12"
counts them; past the last, the last); Enter puts the cursor at its start, in the middle of
the view, as for a heading.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import (
    QAbstractListModel,
    QCoreApplication,
    QEvent,
    QModelIndex,
    QObject,
    QPoint,
    QRect,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QPalette, QTextCursor
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QLineEdit,
    QListView,
    QMainWindow,
    QMenu,
    QMenuBar,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from writer.documents.markdown import Heading, headings_of
from writer.project.project import place_in
from writer.project.words import CJK
from writer.tasks import TaskHandle
from writer.ui import project_words
from writer.ui.actions import key_name, on_a_keyboard, plain_label, source_of, tip_source
from writer.ui.collector import while_alive

CONTEXT = "CommandPalette"
PALETTE_WIDTH = 640  # pixels, at most (a narrow window: its width less a margin)
ROWS_SHOWN = 14
RECENT_COMMANDS = 8  # remembered in the settings, most recent first
# the project's other documents' headings listed at most, then a note (a list of 8,000 rows
# held the window's thread 40 to 130 ms at each key: its view lays out every row; 1,000, 6 to
# 15 ms a key and 55 to 73 ms to move to the first)
OTHER_ROWS = 200
STEP = " › "  # between a menu and its command
MARGIN = 6  # pixels inside a row, at each side and between its parts
ENTRY = Qt.ItemDataRole.UserRole  # a row's Command, Heading or note (str)
KEY = Qt.ItemDataRole.UserRole + 1  # its key, or a heading's line
SWITCH = Qt.ItemDataRole.UserRole + 2  # None, or whether the command is on
INDENT = Qt.ItemDataRole.UserRole + 3  # a heading's level less one


def _t(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


# the commands ------------------------------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class Command:
    """A menu command as the palette lists it."""

    action: QAction
    label: str  # where it is, in the interface's language: "File › Save As…"
    english: str  # the same in English: matched in any language, and remembered
    key: str  # its key as the system writes it ("" for none)
    on: bool | None  # a switch's state; None for a command that is not one
    nested: bool = False  # in a submenu (an encoding, a recent file): after the others
    tips: tuple[str, ...] = ()  # its description (status tip), shown and in English

    def runnable(self) -> bool:
        """Whether it can run now (a command may be disabled while the palette is open)."""
        return _alive(self.action) and self.action.isEnabled() and self.action.isVisible()


def _place(names: list[str], submenu: str) -> str:
    """Where a command is: "File › Save As…"; a submenu's command after the submenu's name,
    written by the pattern `submenu` ("{0}: {1}"): "File › Open Recent: chapter-01.md"."""
    inner = names[1] if len(names) > 1 else ""
    for name in names[2:]:
        inner = submenu.format(inner, name)
    return names[0] + STEP + inner if inner else names[0]


def _key(action: QAction) -> str:
    return next((key_name(k) for k in action.shortcuts() if on_a_keyboard(k)), "")


def commands_of(bar: QMenuBar) -> list[Command]:
    """Every enabled command of the menus of `bar`, in their order, each menu told first that
    it is about to show (so that it fills or marks itself as when it opens)."""
    found: list[Command] = []
    submenu = _t("{0}: {1}")

    def walk(menu: QMenu, shown: list[str], english: list[str]) -> None:
        for action in menu.actions():
            sub = action.menu()
            if isinstance(sub, QMenu):
                sub.aboutToShow.emit()
            if action.isSeparator() or not action.isVisible() or not action.isEnabled():
                continue
            names = [*shown, plain_label(action.text())]
            sources = [*english, source_of(action)]
            if isinstance(sub, QMenu):
                walk(sub, names, sources)
                continue
            on = action.isChecked() if action.isCheckable() else None
            place = _place(names, submenu)
            english_place = _place(sources, "{0}: {1}")
            nested = len(names) > 2
            tips = tuple(t for t in (action.statusTip(), tip_source(action)) if t)
            command = Command(action, place, english_place, _key(action), on, nested, tips)
            found.append(command)

    for top in bar.actions():
        menu = top.menu()
        if not isinstance(menu, QMenu):
            continue
        menu.aboutToShow.emit()
        if top.isVisible() and top.isEnabled():
            walk(menu, [plain_label(top.text())], [source_of(top)])
    return found


# the headings ------------------------------------------------------------------------------------
def lines_of(document) -> str:
    """A document's text with one line a block, as Go to Line and the highlighting count its
    lines: a line broken with Shift+Enter (U+2028, in its block) stays one, where toPlainText
    writes a line end."""
    return document.toRawText().replace("\u2029", "\n")


def go_to_heading(editor, heading: Heading) -> None:
    """The cursor at the start of the heading's line, in the middle of the view."""
    # by its line: Qt's positions count an emoji as two, Python's index as one (the cursor
    # landed a character further for each one before the heading)
    go_to_line(editor, heading.line, heading.position)


@dataclass(frozen=True)
class FileHeading:
    """A heading of another document of the project, as "#" lists it: the document's path, its
    name in the project ("drafts/old scene.md", shown dimmed) and the heading."""

    path: str
    name: str
    heading: Heading


def same_heading(editor, heading: Heading) -> Heading:
    """`heading` (listed from a document's file or another window) as the document `editor`
    shows it now: the heading of that level and title nearest its line; `heading` itself where
    there is none (its line is gone to, as Find in Project goes to a match's)."""
    found = [
        own
        for own in headings_of(lines_of(editor.document()), project_words.MOST_HEADINGS)
        if (own.level, own.text) == (heading.level, heading.text)
    ]
    return min(found, key=lambda own: abs(own.line - heading.line), default=heading)


@dataclass(frozen=True)
class Line:
    """A line of the document, by its number (from 1), as ":12" asks for it."""

    number: int


@dataclass(frozen=True)
class FileRow:
    """A document Go to File lists: its path, its name, and where it is (shown dimmed: its
    folder in the project, or a recent file's folder)."""

    path: str
    name: str
    folder: str


def folder_in(path: str, root: str | os.PathLike | None) -> str | None:
    """The folder of the document at `path` in the project at `root`, as the palette names it
    ("drafts/old", "" at the project's top); None where it is not in `root` (or no project).
    By the project's one rule (`place_in`: compared as the system compares paths, resolved
    where a link or ".." may lead elsewhere; its strings compared, a recent file spelt
    through a link was "not in the project" and "drafts/../x" was in "drafts/.."); it names
    hundreds of documents on a thread, written inside the folder: no file system call."""
    if root is None:
        return None
    inside = place_in(path, root)
    if inside is None or not inside.parts:
        return None
    return "/".join(inside.parent.parts)  # ("" at the top: its parent is ".", of no parts)


def name_in(path: str, root: str | os.PathLike | None) -> str:
    """A document's name in the project, its folder in it first ("drafts/old scene.md"); only
    the file's name where it is not in `root`."""
    folder = folder_in(path, root)
    name = os.path.basename(path)
    return f"{folder}/{name}" if folder else name


def files_of(window) -> list[FileRow]:
    """The documents Go to File offers in `window` (a MainWindow): the recent files first, as
    recently opened, then the project's others in the Project panel's order; not the one the
    window shows, nor a file that is gone."""
    current = str(window.documents.path) if window.documents.path is not None else None
    panel = window.project_panel
    project = [] if panel is None else panel.documents()
    root = window.project.folder if window.project is not None else None
    rows: list[FileRow] = []
    # (by the file each path names: a recent file opened through a linked folder is the
    # project's document, listed once, and the one shown is not listed)
    seen = {Path(current).resolve()} if current is not None else set()
    for path in [*window.settings.recent_files, *project]:
        if not Path(path).is_file() or Path(path).resolve() in seen:
            continue
        seen.add(Path(path).resolve())
        folder = folder_in(path, root)
        if folder is None:
            folder = str(Path(path).parent).replace(str(Path.home()), "~", 1)
        rows.append(FileRow(path, Path(path).name, folder))
    return rows


def in_order(word: str, text: str) -> int | None:
    """How far apart the letters of `word` are in `text` where they come in their order ("ch2"
    in "chapter02": 9, the characters from its first letter to its last), the closest of the
    places its first letter starts; None where they do not come so. VS Code's Quick Open finds
    a file so, the closer letters first."""
    best = None
    start = text.find(word[:1]) if word else -1
    while start >= 0:
        at = start + 1
        for letter in word[1:]:
            at = text.find(letter, at) + 1
            if not at:
                return best
        if best is None or at - start < best:
            best = at - start
        start = text.find(word[:1], start + 1)
    return best


def line_asked(typed: str, count: int) -> Line | None:
    """The line that ":" and a number ask for (the last, past it); None where no number is
    typed."""
    number = typed.strip()
    if not number.isascii() or not number.isdigit():
        return None
    digits = number.lstrip("0")
    if not digits:
        return None  # (line 0)
    last = max(count, 1)
    # (a number of thousands of digits, pasted, is past the end: int() refuses it)
    return Line(min(int(digits), last) if len(digits) <= 18 else last)


def go_to_line(editor, line: int, fallback: int = 0) -> None:
    """The cursor at the start of the document's line `line` (from 1; else at `fallback`, a
    position), in the middle of the view."""
    document = editor.document()
    cursor = QTextCursor(document)
    block = document.findBlockByNumber(line - 1)
    if block.isValid():
        cursor.setPosition(block.position())
    else:
        cursor.setPosition(max(0, min(fallback, document.characterCount() - 1)))
    editor.setTextCursor(cursor)
    editor.centerCursor()
    editor.setFocus(Qt.FocusReason.OtherFocusReason)


# matching ----------------------------------------------------------------------------------------
_WORD = re.compile(r"[^\W_]+")


# a text as the filter reads it: folded, its words, those run together, and where each word
# begins in them; plain tuples of strings and numbers, which the garbage collector stops
# following (the headings of a project's 400 documents made as objects set off a full
# collection of 70 ms on the window's thread)
Fields = tuple[str, tuple[str, ...], str, tuple[int, ...]]


def fields_of(text: str) -> Fields:
    folded = text.casefold()
    words = tuple(_WORD.findall(folded))
    starts, at = [], 0
    for own in words:
        starts.append(at)
        at += len(own)
    return folded, words, "".join(words), tuple(starts)


def quality_of(fields: Fields, word: str, run_together: bool = True) -> int | None:
    """0: `word` is one of the text's words; 1: it begins one (or, Chinese, is in it); 2: it
    is in the text once its spaces and marks are gone ("saveas", "utf8" for "UTF-8": a VS
    Code user's habits, which found nothing), unless not `run_together`; None."""
    folded, words, squashed, starts = fields
    if CJK.search(word):
        return 1 if word in folded else None
    best = None
    for own in words:
        if own == word:
            return 0
        if own.startswith(word):
            best = 1
    if best is None and run_together:
        bare = "".join(_WORD.findall(word))
        at = squashed.find(bare) if bare else -1
        while at >= 0:
            if at in starts:  # (from a word's beginning: "ave" still finds nothing)
                return 2
            at = squashed.find(bare, at + 1)
    return best


class _Text:
    """A text as the filter reads it (`fields_of`)."""

    __slots__ = ("fields",)

    def __init__(self, text: str) -> None:
        self.fields = fields_of(text)

    @property
    def squashed(self) -> str:
        """Its words run together."""
        return self.fields[2]

    def quality(self, word: str, run_together: bool = True) -> int | None:
        """See `quality_of`."""
        return quality_of(self.fields, word, run_together)


class _Searchable:
    """A command's texts: its place and its name (the place after the menu), and its
    description, shown and in English."""

    def __init__(self, command: Command) -> None:
        self.names = [_Text(t.partition(STEP)[2]) for t in (command.label, command.english)]
        self.places = [_Text(t) for t in (command.label, command.english)]
        self.tips = [_Text(t) for t in command.tips]

    def rank(self, words: list[str]) -> tuple[int, int] | None:
        """None where a word is missing; else (0 when every word is in the command's name, 1
        in its place, 2 when one is only in its description; how many words only begin one
        of its words): lower first. In a description a word is one of its words or begins
        one (run together, "the n" of a sentence found "then")."""
        outside = partial = 0
        for word in words:
            best = None
            for where, texts in ((0, self.names), (1, self.places), (2, self.tips)):
                for text in texts:
                    quality = text.quality(word, run_together=where < 2)
                    if quality is not None and (best is None or (where, quality) < best):
                        best = (where, quality)
            if best is None:
                return None
            outside = max(outside, best[0])
            partial += best[1]
        return outside, partial


def typed_words(typed: str) -> list[str]:
    return _WORD.findall(typed.casefold())


# the list ----------------------------------------------------------------------------------------
_SAID = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole)
# a str: a note that cannot be chosen ("No …")
Row = Command | Heading | FileHeading | Line | FileRow | str


class _Rows(QAbstractListModel):
    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.rows: list[Row] = []

    def show(self, rows: list[Row]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def flags(self, index: QModelIndex) -> Qt.ItemFlag:
        row = self.rows[index.row()]
        if isinstance(row, str) or (isinstance(row, Command) and not row.runnable()):
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        row = self.rows[index.row()]
        if role == ENTRY:
            return row
        if isinstance(row, str):
            return row if role == Qt.ItemDataRole.DisplayRole else None
        if isinstance(row, Heading):
            if role == Qt.ItemDataRole.DisplayRole:
                return row.text
            if role == KEY:
                return _t("line {0}").format(row.line)
            if role == INDENT:
                return row.level - 1
            return None
        if isinstance(row, FileHeading):
            if role == Qt.ItemDataRole.DisplayRole:
                return row.heading.text
            if role == KEY:
                return _t("{0}, line {1}").format(row.name, row.heading.line)
            if role == INDENT:
                return row.heading.level - 1
            if role == Qt.ItemDataRole.AccessibleTextRole:
                where = _t("{0}, line {1}").format(row.name, row.heading.line)
                return f"{row.heading.text}, {where}"
            if role == Qt.ItemDataRole.ToolTipRole:
                return row.path
            return None
        if isinstance(row, Line):
            return _t("Go to line {0}").format(row.number) if role in _SAID else None
        if isinstance(row, FileRow):
            if role == Qt.ItemDataRole.DisplayRole:
                return row.name
            if role == KEY:
                return row.folder
            if role == Qt.ItemDataRole.AccessibleTextRole:
                return ", ".join(part for part in (row.name, row.folder) if part)
            if role == Qt.ItemDataRole.ToolTipRole:
                return row.path
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return row.label
        if role == KEY:
            return row.key
        if role == SWITCH:
            return row.on
        if role == Qt.ItemDataRole.AccessibleTextRole:
            state = "" if row.on is None else _t("on") if row.on else _t("off")
            return ", ".join(part for part in (row.label, state, row.key) if part)
        return None


class _RowDelegate(QStyledItemDelegate):
    """A row: a switch's check box (room for one in every row, as in a menu), the command's
    place (a heading indented by its level), its key at the right, dimmed."""

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        size = super().sizeHint(option, index)
        height = max(option.fontMetrics.height(), self._box(option)) + MARGIN + 2
        return QSize(size.width(), max(size.height(), height))

    @staticmethod
    def _box(option: QStyleOptionViewItem) -> int:
        style = option.widget.style() if option.widget else QApplication.style()
        return style.pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth, option, option.widget)

    def paint(self, painter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        widget = opt.widget
        style = widget.style() if widget else QApplication.style()
        label, key = opt.text, index.data(KEY) or ""
        opt.text = ""
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        rect = opt.rect.adjusted(MARGIN, 0, -MARGIN, 0)
        box = self._box(opt)
        on = index.data(SWITCH)
        if on is not None:
            check = QStyleOptionViewItem(opt)
            check.rect = QRect(rect.left(), rect.top() + (rect.height() - box) // 2, box, box)
            check.state &= ~(QStyle.StateFlag.State_On | QStyle.StateFlag.State_Off)
            check.state |= QStyle.StateFlag.State_On if on else QStyle.StateFlag.State_Off
            style.drawPrimitive(
                QStyle.PrimitiveElement.PE_IndicatorItemViewItemCheck, check, painter, widget
            )
        metrics = opt.fontMetrics
        indent = (index.data(INDENT) or 0) * metrics.horizontalAdvance("M") * 2
        rect.setLeft(rect.left() + box + MARGIN + indent)
        enabled = bool(opt.state & QStyle.StateFlag.State_Enabled)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        group = QPalette.ColorGroup.Normal if enabled else QPalette.ColorGroup.Disabled
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        painter.save()
        painter.setFont(opt.font)
        if key:
            # (at most half the row: a long folder or document name leaves the title room)
            key = metrics.elidedText(key, Qt.TextElideMode.ElideMiddle, rect.width() // 2)
            roles = QPalette.ColorRole
            dim = roles.HighlightedText if selected else roles.PlaceholderText
            painter.setPen(opt.palette.color(group, dim))
            align = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
            painter.drawText(rect, align, key)
            rect.setRight(rect.right() - metrics.horizontalAdvance(key) - 2 * MARGIN)
        painter.setPen(opt.palette.color(group, role))
        shown = metrics.elidedText(label, Qt.TextElideMode.ElideRight, max(0, rect.width()))
        painter.drawText(rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, shown)
        painter.restore()


# the project's other documents ------------------------------------------------------------------
# a document's name in the project, its headings, each as (level, text, position, line) (the
# project pass's own tuples, or a window's), and their titles folded and run together, one
# list of strings each: no tuple a heading made for the palette (34,000 of them, for 8,400
# headings, made on the thread, were walked by the first collections on the window's thread:
# 27 to 38 ms, then 20 to 30); a title's whole Fields are made for those its needle finds
_Made = tuple[str, tuple[tuple, ...], list[str], list[str]]


class OtherHeadings(QObject):
    """The headings of a project's documents but the one the palette's window shows, for one
    palette: `rows()` in the Project panel's order. `start()` (at the first "#") makes the rows
    of the documents already read on a thread and asks the project's pass (`words`, a
    ProjectWords) to look at the files again; `arrived` says rows came or changed."""

    arrived = Signal()

    def __init__(
        self,
        documents: list[str],
        words,
        root: Path | None,
        shown: dict[str, str],
        parent: QObject | None = None,
    ) -> None:
        """`documents`: the project's documents in the Project panel's order, the palette's
        own left out; `shown`: the texts other windows show, by their paths (each spelling:
        as the window has it and the real one)."""
        super().__init__(parent)
        self._order = documents
        self._listed = set(documents)
        self._words = words
        self._root = root
        self._shown = shown
        self._rows: dict[str, _Made] = {}
        self._made_from: dict[str, object] = {}  # what each document's rows were made from
        self._wanted: set[str] = set()
        self.version = 0  # one more each time rows came
        self._task: TaskHandle | None = None
        self._started = self._stopped = False
        # the project's pass may go while the palette is open (its project closed): then no
        # more rows come, and nothing asks it or lets go of it again (which raised)
        words.destroyed.connect(self._words_gone)

    def _words_gone(self) -> None:
        self._words = None
        self._passed()  # (no more rows come: a list that said "still being read" says so)

    @property
    def busy(self) -> bool:
        """Whether rows may still come: the files being read, or rows being made."""
        return not self._stopped and (
            not self._started
            or self._task is not None
            or bool(self._wanted)
            or (self._words is not None and self._words.busy)
        )

    def rows(self) -> list[tuple[str, _Made]]:
        """Each document read, in order: (its path, its name and its headings)."""
        return [(path, self._rows[path]) for path in self._order if path in self._rows]

    def count(self) -> int:
        """How many headings are listed."""
        return sum(len(made[1]) for made in self._rows.values())

    def start(self) -> None:
        if self._started:
            return
        self._started = True
        words = self._words
        if words is not None:
            words.changed.connect(self._changed)
            words.passed.connect(self._passed)
        self._make(set(self._order))
        if words is not None:
            words.count()  # (a file changed since it was read is read again)

    def stop(self) -> None:
        """The palette closed: nothing more is made."""
        if self._stopped:
            return
        self._stopped = True
        if self._started and self._words is not None:
            self._words.changed.disconnect(self._changed)
            self._words.passed.disconnect(self._passed)
        if self._task is not None:
            self._task.abandon()
            self._task = None

    def _changed(self, paths: set[str]) -> None:
        wanted = {path for path in paths if path in self._listed}
        if wanted:
            self._make(wanted)

    def _passed(self) -> None:
        if self._task is None and not self._wanted:
            self.arrived.emit()  # (nothing is being read now: the list says so)

    def _make(self, paths: set[str]) -> None:
        """Make the rows of `paths` whose text or headings changed, on a thread."""
        self._wanted |= paths
        if self._task is not None or self._stopped:
            return
        jobs: list[tuple[str, str, object]] = []
        for path in self._order:
            if path not in self._wanted:
                continue
            source = self._shown.get(path)
            if source is None and self._words is not None:
                source = self._words.headings(path)  # (None: not read yet; it comes)
            if source is not None and source is not self._made_from.get(path):
                jobs.append((path, source))
        self._wanted.clear()
        if not jobs:
            self.arrived.emit()
            return
        root = self._root

        def work(handle: TaskHandle) -> dict[str, tuple[object, _Made]]:
            made: dict[str, tuple[object, _Made]] = {}
            for path, source in jobs:
                if handle.cancel_event.is_set():
                    break
                name = name_in(path, root)
                if isinstance(source, str):  # (a window's text)
                    found = headings_of(source, project_words.MOST_HEADINGS)
                    rows = tuple((h.level, h.text, h.position, h.line) for h in found)
                else:
                    rows = source
                folded = [row[1].casefold() for row in rows]
                squashed = ["".join(_WORD.findall(title)) for title in folded]
                made[path] = (source, (name, rows, folded, squashed))
            return made

        task = TaskHandle(work, "palette headings")
        task.finished.connect(self._made)
        task.failed.connect(lambda _why: self._made({}))
        self._task = task
        task.start()

    def _made(self, made: dict[str, tuple[object, _Made]]) -> None:
        if self._stopped:
            return
        self._task = None
        for path, (source, rows) in made.items():
            self._made_from[path] = source
            self._rows[path] = rows
        self.version += bool(made)
        if self._wanted:
            self._make(set())
        else:
            self.arrived.emit()


def other_headings(window, parent: QObject | None = None) -> OtherHeadings | None:
    """The other documents' headings for the palette of `window` (a MainWindow); None outside
    a project."""
    session, panel = window.project, window.project_panel
    if session is None or session.folder is None or panel is None:
        return None
    # (the panel's paths as they are, the windows' in each spelling: a real path for each of
    # 400 documents took 270 ms of the window's thread)
    own = window.documents.path
    mine = {str(own), os.path.realpath(own)} if own is not None else set()
    documents = [path for path in panel.documents() if path not in mine]
    shown: dict[str, str] = {}
    for other in window.app_state.windows:
        path = other.documents.path
        if other is not window and path is not None:
            text = lines_of(other.editor.document())
            shown[str(path)] = shown[os.path.realpath(path)] = text
    return OtherHeadings(documents, session.words, session.folder, shown, parent)


# the palette -------------------------------------------------------------------------------------
class CommandPalette(QFrame):
    """The field and the list, in a popup at the top of the window. `chosen` gives the Command,
    Heading or Line the writer picked, after the palette has closed."""

    chosen = Signal(object)

    def __init__(
        self,
        commands: list[Command],
        recent: list[str],
        read_headings: Callable[[], list[Heading]],
        parent: QWidget,
        count_lines: Callable[[], int] = lambda: 1,
        files: Callable[[], list[FileRow]] | None = None,
        others: Callable[[QObject], OtherHeadings | None] | None = None,
        files_key: str = "",
        reading_files: bool = False,
    ) -> None:
        """`others(parent)`: the project's other documents' headings (None: no project);
        `files_key`: Go to File's key as the system writes it ("Ctrl+P", on macOS "⌘P"; ""
        where it has none), which the list names where no command matches; `reading_files`:
        the project's folder is not listed yet (its documents come with `files_listed`)."""
        super().__init__(parent, Qt.WindowType.Popup)
        self.setObjectName("command-palette")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.commands = commands
        self._searchable = [_Searchable(command) for command in commands]
        order = {english: i for i, english in enumerate(recent)}
        self._recency = [order.get(command.english, len(order)) for command in commands]
        self._read_headings = read_headings
        self._count_lines = count_lines
        self.headings: list[Heading] | None = None  # read at the first "#"
        self._heading_texts: list[_Text] = []
        self._make_others = others
        self.others: OtherHeadings | None = None  # (in a project) made at the first "#"
        self._listed_version = -1  # the `others.version` listed
        self._said_busy = False  # whether the list says they are still being read
        # Go to File: what is typed without ">", "#" or ":" finds a document (read once)
        self._read_files = files
        self._files_key = files_key
        self.files: list[FileRow] | None = None
        self._file_texts: list[tuple[_Text, _Text]] = []
        self.reading_files = reading_files
        self.unlisted = ""  # why the project's folder could not be listed (`files_failed`)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(MARGIN, MARGIN, MARGIN, MARGIN)
        self.field = QLineEdit(self)
        self.field.setPlaceholderText(
            self.tr("Type part of a command's name, # for a heading, or : and a line's number")
            if files is None
            else self.tr("Type part of a document's name; > for a command, # for a heading, "
                         ": and a line's number")  # fmt: skip
        )
        self.field.setAccessibleName(self.tr("Command"))
        self.field.setClearButtonEnabled(True)
        self.model = _Rows(self)
        self.list = QListView(self)
        self.list.setModel(self.model)
        self.list.setItemDelegate(_RowDelegate(self.list))
        self.list.setAccessibleName(self.tr("Commands"))
        self.list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.list.setUniformItemSizes(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setMouseTracking(True)
        layout.addWidget(self.field)
        layout.addWidget(self.list)
        self.field.textChanged.connect(self._fill)
        self.field.installEventFilter(self)
        self.list.clicked.connect(self._run)
        self._fill("")

    # what is listed ------------------------------------------------------------------------------
    def rows(self) -> list[Row]:
        return list(self.model.rows)

    def current(self) -> Row | None:
        index = self.list.currentIndex()
        return self.model.rows[index.row()] if index.isValid() else None

    def _fill(self, typed: str, keep: Row | None = None) -> None:
        """The rows for `typed`, the first that can be chosen current (`keep` where listed)."""
        self._said_busy = False
        if typed.lstrip().startswith(":"):
            count = self._count_lines()
            line = line_asked(typed.lstrip()[1:], count)
            rows: list[Row] = [line or self.tr("Type a line's number, from 1 to {0}").format(count)]
        elif typed.lstrip().startswith("#"):
            rows = list(self._matching_headings(typed.lstrip()[1:]))
            if not rows:
                rows = [self._no_heading()]
        elif self._read_files is not None and not typed.lstrip().startswith(">"):
            rows = list(self._matching_files(typed))
            if self.reading_files:  # (the project's documents come once listed)
                rows.append(self.unlisted or self.tr("Reading the project…"))
            elif not rows:
                none = self.tr("No documents to go to: open a folder as a project (File → "
                               "Open Folder) or a document, and they are listed here")  # fmt: skip
                rows = [self.tr("No document matches") if self.files else none]
        else:
            rows = list(self._matching_commands(typed)) or [self._no_command()]
        self.model.show(rows)
        self._move_to(rows.index(keep) if keep is not None and keep in rows else 0, 1)
        self._fit()

    def files_failed(self, sentence: str) -> None:
        """The project's folder could not be listed (`ProjectSession.list_failed`; it is tried
        again): why, where "Reading the project…" was, rather than a wait without end."""
        if not self.reading_files:
            return
        self.unlisted = sentence
        if self._read_files is not None and self.isVisible():
            self._fill(self.field.text(), self.current())

    def files_listed(self) -> None:
        """The project's folder listed (on a thread: Go to File opened before had only the
        recent files): its documents are read again, the current row kept."""
        if not self.reading_files:
            return
        self.reading_files, self.files = False, None
        if self._read_files is not None and self.isVisible():
            self._fill(self.field.text(), self.current())

    def _no_command(self) -> str:
        """What an empty list of commands says: in the command palette, where documents are
        found (a chapter's name typed here found nothing, and nothing said where it would)."""
        if self._read_files is not None:  # (Go to File with ">": deleting it finds documents)
            return self.tr("No command matches")
        if not self._files_key:
            return self.tr("No command matches: Go to File goes to a document, # to a heading")
        # (its key as the system writes it: "Ctrl+P" was written on macOS too, where it is ⌘P)
        return self.tr("No command matches: {0} goes to a document, # to a heading").format(
            self._files_key
        )

    def _no_heading(self) -> str:
        others = self.others
        if others is None:
            if self.headings:
                return self.tr("No heading matches")
            return self.tr("This document has no headings (lines such as “## Chapter One”)")
        if others.busy:
            self._said_busy = True
            return self.tr("No heading matches yet: the project's documents are still being read…")
        if self.headings or others.count():
            return self.tr("No heading matches")
        return self.tr("The project's documents have no headings (lines such as “## Chapter One”)")

    def _others_arrived(self) -> None:
        """Rows of the project's other documents came: listed, the current row kept."""
        if not self.isVisible() or not self.field.text().lstrip().startswith("#"):
            return
        if self.others.version != self._listed_version or self._said_busy:
            self._fill(self.field.text(), self.current())

    def _matching_commands(self, typed: str) -> list[Command]:
        words = typed_words(typed)
        ranked = []
        for i, searchable in enumerate(self._searchable):
            rank = searchable.rank(words) if words else (0, 0)
            if rank is not None:
                ranked.append((rank, self._recency[i], self.commands[i].nested, i))
        return [self.commands[i] for *_order, i in sorted(ranked)]

    def _matching_headings(self, typed: str) -> list[Heading | FileHeading | str]:
        """The document's headings whose title holds every typed word, then (in a project)
        the other documents' headings that do, OTHER_ROWS at most (then a note)."""
        if self.headings is None:
            self.headings = self._read_headings()
            self._heading_texts = [_Text(h.text) for h in self.headings]
            if self._make_others is not None:
                self.others = self._make_others(self)
                if self.others is not None:
                    self.others.arrived.connect(self._others_arrived)
                    self.others.start()
        words = typed_words(typed)
        texts = self._heading_texts
        found: list[Heading | FileHeading | str] = [
            heading
            for heading, text in zip(self.headings, texts, strict=True)
            if all(text.quality(word) is not None for word in words)
        ]
        listed = 0
        if self.others is None:
            return found
        self._listed_version = self.others.version
        if not words:  # (as VS Code's "#": the workspace's symbols once something is typed)
            if self.others.count():
                found.append(self.tr("Type words of a title to find the headings of the "
                                     "project's other documents"))  # fmt: skip
            return found
        # what each word needs to be in a title at all (its letters in the words run together;
        # a Chinese word in the text), looked for before the word itself: a few hundred
        # documents' 8,000 headings each weighed held the window's thread 50 to 100 ms a key
        needles = [(True, word) if CJK.search(word) else (False, "".join(_WORD.findall(word)))
                   for word in words]  # fmt: skip
        for path, (name, rows, folded, squashed) in self.others.rows():
            for i, row in enumerate(rows):
                if not all(needle and needle in (folded[i] if cjk else squashed[i])
                           for cjk, needle in needles):  # fmt: skip
                    continue
                fields = fields_of(row[1])
                if all(quality_of(fields, word) is not None for word in words):
                    if listed == OTHER_ROWS:
                        found.append(self.tr("More headings of the project's other documents "
                                             "match: type more of a title"))  # fmt: skip
                        return found
                    found.append(FileHeading(path, name, Heading(*row)))
                    listed += 1
        return found

    def _matching_files(self, typed: str) -> list[FileRow]:
        """The documents whose name (or folder) holds every typed word, as a command's does,
        or at least its letters in order ("ch2" finds chapter-02.md, as VS Code's Quick Open);
        the closer matches first, and among them the recent ones first."""
        if self.files is None:
            self.files = self._read_files() if self._read_files is not None else []
            self._file_texts = [(_Text(f.name), _Text(f.folder)) for f in self.files]
        words = typed_words(typed)
        if not words:
            return list(self.files)
        ranked = []
        for i, (name, folder) in enumerate(self._file_texts):
            total = spread = 0
            for word in words:
                quality = name.quality(word)
                if quality is None:
                    quality = 3 if folder.quality(word) is not None else None
                if quality is None:
                    apart = in_order(word, name.squashed)
                    if apart is None:
                        break
                    quality, spread = 4, spread + apart
                total += quality
            else:
                ranked.append((total, spread, i))
        return [self.files[i] for *_order, i in sorted(ranked)]

    def _fit(self) -> None:
        rows = min(max(self.model.rowCount(), 1), ROWS_SHOWN)
        height = self.list.sizeHintForRow(0) if self.model.rowCount() else 24
        self.list.setFixedHeight(height * rows + 2 * self.list.frameWidth())
        self.layout().activate()  # (its least height too, which resize() keeps to)
        # its own height: adjustSize keeps a window 100 pixels high at least, and the one row
        # of Go to Line had blank space under it
        self.resize(self.width(), self.sizeHint().height())

    # keys and clicks -----------------------------------------------------------------------------
    def _move_to(self, row: int, step: int) -> None:
        """The first row that can be chosen from `row` on in the direction `step` (round the
        end and the start, as VS Code); none where none can."""
        count = self.model.rowCount()
        for turn in range(count):
            index = self.model.index((row + step * turn) % count, 0)
            if self.model.flags(index) & Qt.ItemFlag.ItemIsSelectable:
                self.list.setCurrentIndex(index)
                return
        self.list.setCurrentIndex(QModelIndex())

    @while_alive
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if watched is self.field and event.type() == QEvent.Type.KeyPress:
            key = event.key()
            here = max(self.list.currentIndex().row(), 0)
            count = self.model.rowCount()
            if key in (Qt.Key.Key_Up, Qt.Key.Key_Down) and count:
                step = -1 if key == Qt.Key.Key_Up else 1
                start = here + step if self.list.currentIndex().isValid() else 0
                self._move_to(start, step)
                return True
            if key in (Qt.Key.Key_PageUp, Qt.Key.Key_PageDown) and count:
                page = ROWS_SHOWN - 1
                target = here - page if key == Qt.Key.Key_PageUp else here + page
                target = max(0, min(count - 1, target))
                self._move_to(target, -1 if key == Qt.Key.Key_PageUp else 1)
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._run(self.list.currentIndex())
                return True
            if key == Qt.Key.Key_Escape:
                self.close()
                return True
            if key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
                return True  # the keyboard stays in the field
        return super().eventFilter(watched, event)

    def hideEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        if self.others is not None:
            self.others.stop()  # (closed: no more rows made)
        super().hideEvent(event)

    def _run(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        row = self.model.rows[index.row()]
        if isinstance(row, str):
            return
        if isinstance(row, Command) and not row.runnable():  # disabled since it was listed
            self.list.viewport().update()  # greyed now
            return
        self.close()
        self.chosen.emit(row)

    # where it shows ------------------------------------------------------------------------------
    def place(self, window: QMainWindow) -> None:
        """At the top of the window's text, in the middle."""
        frame = QRect(window.mapToGlobal(QPoint(0, 0)), window.size())
        width = min(PALETTE_WIDTH, frame.width() - 16)
        self.setFixedWidth(width)
        central = window.centralWidget() or window
        top = central.mapToGlobal(QPoint(0, 0)).y() + 4
        self.move(frame.left() + (frame.width() - width) // 2, top)


def _alive(qobject) -> bool:
    """Whether the Qt object behind `qobject` is still there (an action of a menu filled
    again, a popup already deleted)."""
    try:
        qobject.objectName()
    except RuntimeError:  # "Internal C++ object already deleted"
        return False
    return True


def open_palette(window, typed: str = "", files: bool = False) -> CommandPalette:
    """The palette of `window` (a MainWindow), with `typed` in its field ("#": the headings,
    ":" a line); with `files`, Go to File's (a name finds a document, ">" a command)."""
    old = getattr(window, "palette_popup", None)
    if old is not None and _alive(old):
        old.close()
        old.deleteLater()
    editor = window.editor
    session = window.project
    # (the project's documents come once its folder is listed, on a thread)
    reading = files and session is not None and session.reading
    palette = CommandPalette(
        commands_of(window.menuBar()),
        window.settings.recent_commands,
        lambda: headings_of(lines_of(editor.document()), project_words.MOST_HEADINGS),
        window,
        lambda: editor.document().blockCount(),
        (lambda: files_of(window)) if files else None,
        lambda parent: other_headings(window, parent),
        _key(window.act_go_to_file),
        reading,
    )
    palette.chosen.connect(lambda row: _chosen(window, row))
    if reading:
        session.listed.connect(palette.files_listed)
        session.list_failed.connect(palette.files_failed)
        if session.failure is not None:
            palette.files_failed(session.failure)
    window.palette_popup = palette
    palette.field.setText(typed)
    palette.place(window)
    palette.show()
    palette.field.setFocus(Qt.FocusReason.PopupFocusReason)
    return palette


def _chosen(window, row: Command | Heading | FileHeading | Line | FileRow) -> None:
    if isinstance(row, FileRow):
        QTimer.singleShot(0, window, lambda: window.go_to_file(row.path))  # (a question may come)
        return
    if isinstance(row, FileHeading):
        QTimer.singleShot(0, window, lambda: _go_to_other_heading(window, row))  # (as a file)
        return
    if isinstance(row, Heading):
        go_to_heading(window.editor, row)
        return
    if isinstance(row, Line):
        go_to_line(window.editor, row.number)
        return
    recent = [row.english] + [r for r in window.settings.recent_commands if r != row.english]
    window.settings.update(recent_commands=recent[:RECENT_COMMANDS])

    def run() -> None:  # after the palette's own events: a dialog opens over the window
        window.editor.setFocus(Qt.FocusReason.OtherFocusReason)
        if row.runnable():
            row.action.trigger()

    QTimer.singleShot(0, window, run)


def _go_to_other_heading(window, row: FileHeading) -> None:
    """Another document's heading chosen: the document opened as the Project panel opens it
    (the window showing it comes forward), the cursor on the heading."""
    if not window.open_project_document(row.path):
        return  # (cancelled, or it could not be opened: the window said why)
    shown = window.app_state.window_showing(row.path)
    if shown is not None:
        go_to_heading(shown.editor, same_heading(shown.editor, row.heading))
        QTimer.singleShot(0, shown.editor.centerCursor)  # (a window just shown: its real size)
