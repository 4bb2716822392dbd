"""The editor widget: a centred text column for prose and Markdown, what the assist layer
shows painted in the line, and keys routed to the assist layer.

It is a view. What a suggestion or a rewrite says, when to ask for one and what accepting does
belong to the controllers of `writer.assist`; what is shown at the cursor belongs to the editor's
`InlineSurface`. `KEYMAP` is the one key map of the assist layer: the editor turns a key into an
action name and the assistant does it (Tab, Enter at a rewrite, Ctrl+Right, Esc, typing through,
Alt+] and Alt+[, Ctrl+Enter, Alt+Down, a rewrite's Alt+R and Alt+S), or says it does not apply.
What the writer types goes back a word at a time with Ctrl+Z (`typing`, writer/ui/steps.py).
A click on the ghost text goes to the assistant too (`ghost_clicked`, with the character's
offset in it) and moves no cursor. Without an assistant it is a plain text editor.

A Markdown document (`set_markdown`) is highlighted, and Enter in a list item or a quotation
starts the next one, a numbered list's items after it numbered on (writer/ui/markdown.py);
Enter goes to the assist layer first, and to neither while an input method composes. Ctrl+click
on a link follows it (`link_opened`); Ctrl held over one, the pointer is a pointing hand.

With a speller (`set_speller`) misspelled words are underlined (the Markdown highlighting does
it, or, in a plain text, a highlighter for the spelling alone), and the context menu offers,
on such a word, what to write instead (one undo step), Add to Dictionary and Ignore, which the
editor asks of whoever owns the writer's words (`word_added`, `word_ignored`: the window's
`writer.ui.spelling.WindowSpelling`). The context menu key and Shift+F10 open the menu at the
cursor.
"""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Protocol

from PySide6.QtCore import QEvent, QLocale, QMimeData, QPoint, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QColor,
    QContextMenuEvent,
    QCursor,
    QFont,
    QFontDatabase,
    QImage,
    QInputMethodEvent,
    QKeyEvent,
    QPalette,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextDocumentFragment,
    QTextOption,
    QWheelEvent,
)
from PySide6.QtWidgets import QApplication, QMenu, QPlainTextEdit, QTextEdit, QToolTip, QWidget

from writer.assist.context import PARAGRAPH_SEPARATOR, char_index, qt_length
from writer.documents import html_markdown
from writer.documents import markdown as markdown_text
from writer.documents.spelling import Speller
from writer.generation.text import curly_quotes, sentence_around
from writer.tasks import TaskHandle
from writer.ui import markdown, steps
from writer.ui.actions import menu_text
from writer.ui.collector import while_alive
from writer.ui.surface import InlineSurface, Shown
from writer.ui.token_list import TokenList

log = logging.getLogger(__name__)

TEXT_COLUMN_EM = 40
# The narrowest text column the window's panels may leave, in the same em as the column's
# width: with the project and context panels open, a narrow window squeezed the text to a
# dozen characters a line; now the window cannot be made narrower than this beside them.
MIN_COLUMN_EM = 15
MIN_POINTS, MAX_POINTS = 4.0, 200.0  # the text's size, zoomed
# A run of this many characters with no space in it (an image embedded in Markdown as base64)
# makes Qt's wrap at word boundaries quadratic: a megabyte took 50 s to open and froze every
# window at each key. A document that holds one wraps at any character instead.
LONG_RUN = 20_000
# matched from a run's start only: tried at every character, a search over Chinese (a
# paragraph is one run without spaces) cost the square of each paragraph's length
_LONG_RUN = re.compile(r"(?<!\S)\S{" + str(LONG_RUN) + "}")
# HTML pasted into a Markdown document longer than this is made Markdown on a thread (a
# megabyte took a second of the window's; this much takes about 15 ms), and goes in where the
# paste was asked for when it is ready (`_PendingPaste`)
HTML_AT_ONCE = 20_000
SERIFS = ("Noto Serif", "Source Serif 4", "Georgia", "DejaVu Serif", "Noto Serif CJK SC", "Serif")
_TYPING_MODIFIERS = (
    Qt.KeyboardModifier.NoModifier,
    Qt.KeyboardModifier.ShiftModifier,
    Qt.KeyboardModifier.KeypadModifier,
)
_ALT = Qt.KeyboardModifier.AltModifier
# Where Alt is no key for characters (Linux's is AltGr, without Alt's flag; macOS's Option and
# Windows's Alt+digits of the keypad type characters with it)
_STRAY_ALT = sys.platform.startswith("linux")
_CTRL = Qt.KeyboardModifier.ControlModifier
_NONE = Qt.KeyboardModifier.NoModifier
_KEYPAD = Qt.KeyboardModifier.KeypadModifier
_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
# (key, modifiers) -> an action: the surface's while a rewrite is open (InlineSurface.perform),
# else the assistant's; an action that does not apply now returns False and the key does what it
# does in any editor
KEYMAP = {
    (Qt.Key.Key_Tab, _NONE): "accept",
    (Qt.Key.Key_Return, _NONE): "accept_change",
    (Qt.Key.Key_Enter, _NONE): "accept_change",
    (Qt.Key.Key_Enter, _KEYPAD): "accept_change",
    (Qt.Key.Key_Right, _CTRL): "accept_word",
    (Qt.Key.Key_Escape, _NONE): "dismiss",
    (Qt.Key.Key_BracketRight, _ALT): "next_alternative",
    (Qt.Key.Key_BracketLeft, _ALT): "previous_alternative",
    (Qt.Key.Key_Return, _CTRL): "list_alternatives",
    (Qt.Key.Key_Enter, _CTRL): "list_alternatives",
    (Qt.Key.Key_Enter, _CTRL | _KEYPAD): "list_alternatives",  # (the keypad's Enter: its flag)
    (Qt.Key.Key_Down, _ALT): "choose_token",
    (Qt.Key.Key_R, _ALT): "retry_change",
    (Qt.Key.Key_S, _ALT): "stop_change",
}



def span_mark(doc: QTextDocument, start: int, end: int,
              fmt: QTextCharFormat) -> QTextEdit.ExtraSelection:  # fmt: skip
    """An extra selection (`Editor.set_marks`) of `fmt` over `start`..`end` of `doc` (Qt's
    positions)."""
    selection = QTextEdit.ExtraSelection()
    cursor = QTextCursor(doc)
    cursor.setPosition(start)
    cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
    selection.cursor = cursor
    selection.format = fmt
    return selection


# `set_marks`' layers, the first on top: Qt paints a line's text once, in the first extra
# selection over it (with Focus listed first, the rewrite's original lost its strike-through)
MARK_LAYERS = ("found", "rewrite", "focus")
# of the way from the text's colour to the background, outside the focus: fainter than the
# ghost (GHOST_SHARE, 0.55 of the way up from the background), which shows inside the focus with
# dimmed text after it in its line (at 0.6 the two greys were alike, in the dark theme most)
FOCUS_DIM = 0.72
# an address a paste over selected words links them to (`_paste_link`)
_ADDRESS = re.compile(r"(?:https?://|mailto:)[^\s<>\[\]()]+", re.IGNORECASE)
FOCUS_BLOCKS = 200  # a paragraph's lines looked through each way (a file of no blank lines)
HARD_WRAPPED = 100  # characters at most of a line that is part of a paragraph's lines
# a line that is a paragraph alone (a heading, a rule, a fence) and one that starts one (an item)
_PARAGRAPH_ALONE = re.compile(r"\s{0,3}(#{1,6}(\s|$)|([-*_]\s*){3,}$|```|~~~)")
_PARAGRAPH_START = re.compile(r"\s*([-*+]|\d{1,9}[.)]|>)\s")


def _joined(block) -> bool:
    """Whether a line may be one of several making a paragraph (View → Focus): not blank, not
    a heading, rule or fence, and hard-wrapped (at most HARD_WRAPPED characters: a paragraph
    written on one long line is a paragraph alone, and its neighbours are others)."""
    text = block.text()
    return 0 < len(text) <= HARD_WRAPPED and bool(text.strip()) and not _PARAGRAPH_ALONE.match(text)


def _in_open_front_matter(block, before: str | None = None) -> bool:
    """Whether `block` is within a YAML front matter still being written: the document's first
    line opens it, no line after it, up to `block`, closes it (within FRONT_MATTER_MOST lines), and
    they are YAML's (`markdown.yaml_lines`; `before`, the part of `block` before the cursor,
    stands for its line): after a first scene break, "She said "" is prose. The opening and
    closing lines are read as the front matter's other readers read them (`markdown_text.
    front_matter_opens`, `front_matter_closes`; "--- " opened one for them and none here)."""
    number = block.blockNumber()
    if number == 0 or number >= markdown_text.FRONT_MATTER_MOST:
        return number == 0 and markdown_text.front_matter_opens(block.text())
    first = block.document().firstBlock()
    if not markdown_text.front_matter_opens(first.text()):
        return False
    lines = []
    line = first.next()
    while line.isValid() and line.blockNumber() < number:
        if markdown_text.front_matter_closes(line.text()):
            return False
        lines.append(line.text())
        line = line.next()
    lines.append(block.text() if before is None else before)
    return markdown_text.yaml_lines(lines)


def _blocks(first, last) -> Iterator:
    block = first
    while True:
        yield block
        if block == last:
            return
        block = block.next()


GHOST_SHARE = 0.55  # of the way from the background to the text's colour


def plain_text(document: QTextDocument | QTextDocumentFragment) -> str:
    """`document`'s text (or a selection's) as a file holds it: each character as it is, a
    paragraph's end and a line broken with Shift+Enter as a line end. What is saved, journaled,
    exported or copied is this: toPlainText writes a no-break space as a space, and a French
    text's "«\u00a0Bonjour\u00a0!\u00a0»" would lose them unseen."""
    return document.toRawText().replace("\u2029", "\n").replace("\u2028", "\n")


def ghost_color(text: QColor, base: QColor) -> QColor:
    """The ghost's colour: a little past halfway from the background to the text, which reads
    as "not yet written" in light and dark and keeps a contrast of about 4.5:1 (with the
    least sure words faded to about 3:1, ghost.FADE); halfway and fainter fell to 1.6:1."""
    mix = [round(b + (t - b) * GHOST_SHARE) for t, b in zip(
        (text.red(), text.green(), text.blue()), (base.red(), base.green(), base.blue()),
        strict=True,
    )]
    return QColor(*mix)


def default_serif() -> str:
    """The serif the text is shown in when no font is chosen: the first of SERIFS the system
    has ("" when none)."""
    families = set(QFontDatabase.families())
    return next((name for name in SERIFS if name in families), "")


# The faces Chinese, Japanese and Korean characters are shown in after the text's font, of its
# kind: a Song (Ming) face after a serif, a Hei (Gothic) one after a sans; the first the system
# has (Noto's, Adobe's, macOS's, Windows's, Linux's older ones), in the script of the system's
# language (simplified Chinese by default). Left to Qt's fallback, Chinese came in the first CJK
# face fontconfig listed, a Japanese sans beside a serif's Latin: heavy, and Japanese shapes.
CJK_FACES = {
    True: ("Noto Serif CJK {0}", "Source Han Serif {0}", "Songti {0}", "SimSun", "MingLiU",
           "MS Mincho", "Batang", "AR PL UMing CN"),
    False: ("Noto Sans CJK {0}", "Source Han Sans {0}", "PingFang {0}", "Microsoft YaHei",
            "Microsoft JhengHei", "Yu Gothic", "Malgun Gothic", "WenQuanYi Micro Hei"),
}  # fmt: skip
_SERIF_WORDS = (
    "serif", "song", "ming", "times", "georgia", "garamond", "roman", "baskerville", "palatino",
    "caslon", "cambria", "charter", "minion", "literata",
)  # fmt: skip


def cjk_fallbacks(family: str, script: str | None = None) -> list[str]:
    """The CJK faces the system has for text in `family`, the best first (see CJK_FACES), in
    `script` ("SC", "TC", "JP" or "KR"; None: the system language's)."""
    name = family.lower()
    serif = any(word in name for word in _SERIF_WORDS) and "sans" not in name
    script = script or _system_script()
    installed = set(QFontDatabase.families())
    faces = [face.format(script) for face in CJK_FACES[serif]]
    return [face for face in faces if face in installed and face != family]


def _system_script() -> str:
    """The CJK script of the system's language: simplified Chinese where it is none of them."""
    locale = QLocale.system()
    language = locale.language()
    if language == QLocale.Language.Japanese:
        return "JP"
    if language == QLocale.Language.Korean:
        return "KR"
    if language == QLocale.Language.Chinese and (
        locale.script() == QLocale.Script.TraditionalHanScript
        or locale.territory() in (QLocale.Country.Taiwan, QLocale.Country.HongKong)
    ):
        return "TC"
    return "SC"


class Assistant(Protocol):
    """What the editor routes keys to (writer.assist.inline.InlineAssist)."""

    def perform(self, action: str) -> bool: ...
    def type_through(self, typed: str, insert) -> bool: ...
    def set_composing(self, composing: bool) -> None: ...
    def focus_lost(self) -> None: ...


@contextmanager
def from_elsewhere(editor: QPlainTextEdit) -> Iterator[None]:
    """Edits made in this block come from elsewhere than the writer's keys in `editor` (a
    Replace All, a reload, a version restored): its ghost goes, and no suggestion is asked for
    until the writer types there again (one came after a Replace All while the keys were in
    the panel). A plain QPlainTextEdit has no suggestions: nothing to mark."""
    marked = isinstance(editor, Editor)
    if marked:
        editor.elsewhere += 1
    try:
        yield
    finally:
        if marked:
            editor.elsewhere -= 1


def replacing_text(editor: QPlainTextEdit, text: str) -> None:
    """`editor`'s whole text is about to be replaced by `text` from elsewhere (the file
    reloaded, a version restored): the app's editor chooses its wrapping for `text` (see
    LONG_RUN) and drops the long pastes still being made Markdown (`Editor.drop_pastes`: their
    places go with the text they were in). A plain QPlainTextEdit has neither."""
    if isinstance(editor, Editor):
        editor.fit_wrap_for(text)
        editor.drop_pastes()


def land_pastes(editor: QPlainTextEdit) -> None:
    """The long pastes still being made Markdown in `editor` go in now (`Editor.land_pastes`:
    its unsaved changes are about to be asked about). A plain QPlainTextEdit has none."""
    if isinstance(editor, Editor):
        editor.land_pastes()


def _markdown_of(html: str, text: str) -> str:
    """Pasted HTML made Markdown; its plain `text` where that says nothing Markdown keeps or
    cannot be made (a paste is never lost: its text goes in). HTML copied without a plain
    text (`text` blank) is made Markdown whatever it says: that is all there is of it."""
    try:
        if not text.strip() or html_markdown.worth_converting(html):
            converted = html_markdown.markdown_from_html(html)
            if converted:
                return converted
    except Exception:  # noqa: BLE001 - a paste is never lost: its text goes in
        log.exception("HTML pasted could not be made Markdown")
    return text


class _PendingPaste:
    """Long HTML pasted, being made Markdown on a thread. It goes in as a paste on the spot
    would, one undo step, where the paste was asked for, over what was selected then (`start`
    to `end`, following the edits made meanwhile); letters typed there meanwhile stay after it,
    as they would have come after a paste on the spot (typed at the start of what was selected,
    before it: nothing typed goes with the selection); letters typed strictly inside what was
    selected (`typed`) stay too, after it, in their order (they went with the selection). The
    writer's cursor ends after it when it is still where the paste was asked for; moved, it is
    left where the writer put it (in the letters kept, among them). A later paste goes in after
    it, whichever is ready first; a document replaced meanwhile drops it."""

    def __init__(self, document: QTextDocument, start: int, end: int, text: str) -> None:
        # letters typed at the start of what was selected go before it (they are not what
        # was selected: the paste took them with the selection), those typed at its end after
        self.start = self._place(document, start, keep=False)
        self.end = self._place(document, end, keep=True)
        self.text = text  # the text to paste: the plain text until the Markdown is ready
        self.html = ""  # the HTML it is made from
        self.ready = False
        self.handle: TaskHandle | None = None
        # what was typed inside the selection since: each insertion's start and end
        self.kept: list[tuple[QTextCursor, QTextCursor]] = []

    def typed(self, document: QTextDocument, position: int, added: int) -> None:
        """Text went in at `position` (`added` characters, in Qt's units): kept where it is
        inside what the paste goes over (at the selection's start or end it is outside)."""
        start, end = self.span()
        if added and start <= position and position + added <= end and start < end:
            self.kept.append((self._place(document, position, keep=True),
                              self._place(document, position + added, keep=False)))  # fmt: skip

    def kept_text(self, document: QTextDocument, place: int) -> tuple[str, int | None]:
        """The text typed inside what the paste goes over that is still there, in its order,
        and where the place `place` is in it (None: in none of it)."""
        start, end = self.span()
        spans = sorted((max(a.position(), start), min(b.position(), end)) for a, b in self.kept)
        merged: list[list[int]] = []
        for a, b in spans:
            if b <= a:
                continue
            if merged and a <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], b)
            else:
                merged.append([a, b])
        text, at = "", None
        for a, b in merged:
            if at is None and a <= place <= b:
                at = qt_length(text) + place - a
            cursor = QTextCursor(document)
            cursor.setPosition(a)
            cursor.setPosition(b, QTextCursor.MoveMode.KeepAnchor)
            text += plain_text(cursor.selection())
        return text, at

    @staticmethod
    def _place(document: QTextDocument, position: int, keep: bool) -> QTextCursor:
        """A place that letters typed at it go after (`keep`) or before (its `position()`)."""
        cursor = QTextCursor(document)
        cursor.setPosition(position)
        cursor.setKeepPositionOnInsert(keep)
        return cursor

    def span(self) -> tuple[int, int]:
        """What the paste goes over now: what was selected, with the edits made since. A
        start after the end: what was selected is gone (or was nothing) and letters were
        typed where it was: the paste goes before them."""
        start, end = self.start.position(), self.end.position()
        return (end, end) if start > end else (start, end)


class Editor(QPlainTextEdit):
    """QPlainTextEdit with an inline surface (`surface`) painted in the line; `assistant` takes
    the suggestion and alternative keys."""

    rewrite_requested = Signal()
    alternative_picked = Signal(int)
    ghost_clicked = Signal(int)  # the offset of the character clicked in the ghost text
    token_picked = Signal(int)  # a row of the token list
    token_moved = Signal(int)  # the token list asks for the previous (-1) or next (1) word
    zoom_requested = Signal(int)  # Ctrl and the wheel: a step larger (1) or smaller (-1)
    word_added = Signal(str)  # the context menu's Add to Dictionary
    word_ignored = Signal(str)  # and its Ignore
    picture_pasted = Signal(QImage)  # a picture's pixels pasted into a Markdown document
    files_dropped = Signal(list)  # files dropped (or pasted as files): their paths
    escaped = Signal()  # Esc that took nothing away in the text (the find bar closes)
    link_opened = Signal(str)  # a link's address, Ctrl+clicked or opened from the menu

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.assistant: Assistant | None = None
        self.surface = InlineSurface(self.document(), self)
        self.surface.changed.connect(self._shown_changed)
        self.surface.ghost.dim_from = self._dim_from
        self._resizing = False
        self._margins_again = False
        self._bottom_reserve = 0
        self.text_width = TEXT_COLUMN_EM
        self._wheel_zoom = 0  # Ctrl and the wheel: the angle turned, not yet a step
        self.typewriter = False  # View → Typewriter Scrolling (`set_typewriter`)
        self.alternatives_menu: QMenu | None = None
        self.token_list: TokenList | None = None
        self.markdown: markdown.Highlighter | None = None  # a Markdown document's (set_markdown)
        self.elsewhere = 0  # >0 while the text changes from outside the keys (see `from_elsewhere`)
        self._marks: dict[str, list[QTextEdit.ExtraSelection]] = {}  # see `set_marks`
        self.focus_text = ""  # View → Focus: "sentence", "paragraph" or "" (`set_focus_text`)
        self.smart_quotes = False  # Format → Typographic Quotes (`typographic`)
        self.quiet = 0  # >0 while a typed quote is made typographic (`_smarten`)
        self._plain_paste = False  # `paste_plain` is pasting: no HTML converted
        self._pastes: list[_PendingPaste] = []  # long HTML being made Markdown, in paste order
        self._landing = False  # a long paste is going in (`_land_ready`)
        self._focus_span: tuple[int, int, int, int] | None = None  # span, ghost's place, width
        self.speller: Speller | None = None  # (set_speller)
        self._spelling_only: markdown.Highlighter | None = None  # a plain text's, for spelling
        self.typing = steps.Typing()  # the undo steps the writer's typing is cut into
        self.cursorPositionChanged.connect(self._cursor_moved)
        self.document().contentsChange.connect(self._typed_while_pasting)
        self._setup_appearance()
        self.verticalScrollBar().installEventFilter(self)
        self.viewport().setMouseTracking(True)  # (the pointer over a link with Ctrl: a hand)

    # wrapping -----------------------------------------------------------------------------
    def fit_wrap_for(self, text: str) -> bool:
        """Before `text` comes into the document: wrap at any character if it holds a run of
        LONG_RUN characters without a space (see LONG_RUN). Returns whether lines now wrap
        anywhere."""
        if _LONG_RUN.search(text):
            self.setWordWrapMode(QTextOption.WrapMode.WrapAnywhere)
            return True
        return self.wordWrapMode() == QTextOption.WrapMode.WrapAnywhere

    def setPlainText(self, text: str) -> None:
        """The whole document: wrapping chosen for it first (see LONG_RUN)."""
        wrap = QTextOption.WrapMode
        long_run = _LONG_RUN.search(text) is not None
        self.setWordWrapMode(wrap.WrapAnywhere if long_run else wrap.WrapAtWordBoundaryOrAnywhere)
        self.drop_pastes()  # (their places are gone with the text they were in)
        super().setPlainText(text)

    def insertFromMimeData(self, source) -> None:
        """A paste or a drop: wrapping chosen for its text first (see LONG_RUN). Into a
        Markdown document, HTML that carries what Markdown keeps (a web page's, a word
        processor's: headings, emphasis, links, lists) comes as Markdown
        (writer/documents/html_markdown.py), as one undo step; `paste_plain` pastes the text.
        Files (dropped, or copied in a file manager) go to the window (`files_dropped`), and
        a picture's pixels (a screenshot) too (`picture_pasted`)."""
        files = [url.toLocalFile() for url in source.urls() if url.isLocalFile()]
        if files and len(files) == len(source.urls()) and not self._plain_paste:
            self.files_dropped.emit(files)  # (the window links pictures, opens documents)
            return
        markdown = self.markdown is not None and not self._plain_paste  # (made Markdown)
        if markdown and self._paste_link(source):
            return
        if markdown and source.hasHtml():
            html = source.html()
            plain = source.text() if source.hasText() else ""
            if len(html) > HTML_AT_ONCE:  # (with or without a plain text beside it)
                self._paste_later(html, plain)
                return
            if not plain.strip() or html_markdown.worth_converting(html):
                # (HTML without a plain text: what it says, as Markdown, is all there is)
                text = html_markdown.markdown_from_html(html)
                if text:
                    self.fit_wrap_for(text)
                    self.paste_text(text)
                    return
        if markdown and source.hasImage() and not (source.hasText() and source.text().strip()):
            image = source.imageData()
            if isinstance(image, QImage) and not image.isNull():
                self.picture_pasted.emit(image)  # (the window keeps it beside the text)
                return
        if source.hasText():
            self.fit_wrap_for(source.text())
            self.paste_text(source.text())
            return
        super().insertFromMimeData(source)

    def _paste_later(self, html: str, text: str) -> None:
        """Long HTML pasted: made Markdown on a thread while the writer goes on (see
        `_PendingPaste`); `text` is pasted should it say nothing Markdown keeps."""
        cursor = self.textCursor()
        pending = _PendingPaste(
            self.document(), cursor.selectionStart(), cursor.selectionEnd(), text
        )
        pending.html = html

        def convert(_task: TaskHandle) -> tuple[_PendingPaste, str]:
            return pending, _markdown_of(html, text)

        pending.handle = TaskHandle(convert, name="paste")
        pending.handle.finished.connect(self._pasted_later)  # (gone with the editor)
        self._pastes.append(pending)
        pending.handle.start()

    @property
    def pasting(self) -> bool:
        """Whether a long HTML paste is still being made Markdown."""
        return bool(self._pastes)

    def _pasted_later(self, done: tuple[_PendingPaste, str]) -> None:
        """A paste made Markdown: it goes in, after those asked for before it."""
        pending, text = done
        if pending not in self._pastes:
            return  # (dropped: the document was replaced meanwhile)
        pending.text = text
        pending.ready = True
        self._land_ready()

    def _typed_while_pasting(self, position: int, _removed: int, added: int) -> None:
        """Text went in while long pastes are being made: what went inside what one goes over
        is kept (`_PendingPaste.typed`). Not what an undo brings back (the redo it leaves): the
        selected text a Backspace took out and Ctrl+Z put back stayed after the paste; the
        writer's own letters an undo brings back are where their kept places are already."""
        if self._pastes and not self._landing and not self.document().isRedoAvailable():
            for pending in self._pastes:
                pending.typed(self.document(), position, added)

    def land_pastes(self) -> None:
        """The long pastes still being made Markdown go in now, made so on this thread: the
        window is closing, or its unsaved changes are about to be asked about (an unmodified
        document closed a second after a long paste lost it, unasked: review33's)."""
        for pending in self._pastes:
            if not pending.ready:
                if pending.handle is not None:
                    pending.handle.abandon()
                pending.text = _markdown_of(pending.html, pending.text)
                pending.ready = True
        self._land_ready()

    def _land_ready(self) -> None:
        """The pastes made Markdown go in, in the order they were asked for."""
        self._landing = True  # (a paste going in is nobody's typing)
        try:
            self._land_each()
        finally:
            self._landing = False

    def _land_each(self) -> None:
        while self._pastes and self._pastes[0].ready:
            first = self._pastes.pop(0)
            if not first.text:
                continue  # (HTML of no text: nothing goes in, what was selected stays)
            self.fit_wrap_for(first.text)
            start, end = first.span()
            cursor = QTextCursor(self.document())
            cursor.setPosition(start)
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            current = self.textCursor()
            untouched = sorted((current.anchor(), current.position())) == [start, end]
            kept, writers = first.kept_text(self.document(), current.position())
            steps.insert_step(cursor, first.text + kept)
            after = cursor.position()
            if writers is not None and not current.hasSelection():  # (among the letters kept)
                cursor.setPosition(after - qt_length(kept) + writers)
                self.setTextCursor(cursor)
            for later in self._pastes:  # asked for at the same place: after this one
                # (its start went after this paste by itself; a later paste over what ends
                # here, selected before this one came, keeps its end: it does not take this one)
                if later.end.position() == start and later.start.position() >= after:
                    later.end.setPosition(after)
            if untouched:  # the writer's cursor is where the paste was asked: after it now
                self.setTextCursor(cursor)
                self.ensureCursorVisible()

    def drop_pastes(self) -> None:
        """The long pastes still being made Markdown go nowhere: the document's text is
        replaced (another file shown, the file reloaded, a version restored), and the places
        they were asked for are gone with the text they were in."""
        for pending in self._pastes:
            if pending.handle is not None:
                pending.handle.abandon()
        self._pastes.clear()

    def move_lines(self, up: bool) -> bool:
        """Edit → Move Line Up or Down: the cursor's line, or every line the selection touches
        (not the one it ends at the start of), goes past the line above or below it, as one
        undo step, the selection moving with it (VS Code's Alt+Up, Sublime Text's
        Ctrl+Shift+Up). False at the document's first or last line, and while a rewrite or
        an input method's composition holds the text."""
        if self.isReadOnly() or self.surface.rewriting or self.surface.composing:
            return False
        cursor = self.textCursor()
        doc = self.document()
        start, end = cursor.selectionStart(), cursor.selectionEnd()
        first, last = doc.findBlock(start), doc.findBlock(end)
        if last != first and end == last.position():
            last = last.previous()  # (a selection of whole lines ends at the next line's start)
        other = first.previous() if up else last.next()
        if not other.isValid():
            return False
        lines = []
        block = first
        while True:
            lines.append(block.text())
            if block == last:
                break
            block = block.next()
        moved = "\n".join(lines)
        shift = -other.length() if up else other.length()
        low = other.position() if up else first.position()
        high = (last.position() + last.length() - 1) if up else (other.position()
                                                                 + other.length() - 1)  # fmt: skip
        text = f"{moved}\n{other.text()}" if up else f"{other.text()}\n{moved}"
        anchor, position = cursor.anchor() + shift, cursor.position() + shift
        edit = QTextCursor(doc)
        edit.beginEditBlock()
        edit.setPosition(low)
        edit.setPosition(high, QTextCursor.MoveMode.KeepAnchor)
        edit.insertText(text)
        steps.end_step(edit, position)
        edit.endEditBlock()
        cursor.setPosition(anchor)
        cursor.setPosition(position, QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)
        self.ensureCursorVisible()
        return True

    def paste_text(self, text: str) -> None:
        """`text` written at the cursor (over its selection) as an undo step of its own: the
        letters typed after a paste are not taken back with it (Qt merged them)."""
        cursor = self.textCursor()
        self.insert_step(cursor, text)
        self.setTextCursor(cursor)
        self.ensureCursorVisible()

    def _paste_link(self, source) -> bool:
        """An address pasted over words selected in one line links them ("[words](address)",
        as GitHub and Obsidian do); False where the paste is anything else."""
        cursor = self.textCursor()
        if not cursor.hasSelection() or not source.hasText():
            return False
        address = source.text().strip()
        if not _ADDRESS.fullmatch(address):
            return False
        words = cursor.selectedText()
        if PARAGRAPH_SEPARATOR in words or not words.strip() or _ADDRESS.fullmatch(words.strip()):
            return False
        self.paste_text(f"[{words}]({address})")
        return True

    def canInsertFromMimeData(self, source) -> bool:
        """Files and a picture's pixels are taken too (`insertFromMimeData`)."""
        if source.hasUrls() or (self.markdown is not None and source.hasImage()):
            return True
        return super().canInsertFromMimeData(source)

    def paste_plain(self) -> None:
        """Edit → Paste as Plain Text: the clipboard's text as it is, never converted."""
        self._plain_paste = True
        try:
            self.paste()
        finally:
            self._plain_paste = False

    def createMimeDataFromSelection(self) -> QMimeData:
        """A copy or a drag of the text: its plain text alone (Qt adds HTML of the document's
        formats, which another Markdown editor, or this one, would read as formatting)."""
        data = QMimeData()
        data.setText(plain_text(self.textCursor().selection()))  # (its no-break spaces too)
        return data

    # appearance ---------------------------------------------------------------------------
    def _setup_appearance(self) -> None:
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.set_font()
        self.setCursorWidth(2)
        self.document().setDocumentMargin(12)
        # a frame format change is an undo step and a modification: not the writer's
        self.document().clearUndoRedoStacks()
        self.document().setModified(False)
        self._update_ghost_color()

    # marks over the text ------------------------------------------------------------------
    def set_marks(self, layer: str, selections: list) -> None:
        """The editor's extra selections of `layer` ("focus": the text dimmed around the
        sentence being written; "rewrite": the passage being rewritten, struck through;
        "found": the find bar's matches in view): one owner of Qt's single list, so that one
        layer never wipes another's."""
        if selections:
            self._marks[layer] = list(selections)
        elif self._marks.pop(layer, None) is None:
            return
        self.setExtraSelections([s for key in MARK_LAYERS for s in self._marks.get(key, ())])

    def marks(self, layer: str) -> list:
        return list(self._marks.get(layer, ()))

    # View → Focus ---------------------------------------------------------------------------
    def set_focus_text(self, kind: str) -> None:
        """View → Focus on Sentence / Paragraph: the rest of the text dimmed, the sentence (or
        paragraph) being written in full ink, as in iA Writer and ghostwriter; "" turns it off.
        It follows the cursor and the typing."""
        if kind == self.focus_text:
            return
        was = self.focus_text
        self.focus_text = kind
        if not was:
            self.cursorPositionChanged.connect(self._follow_focus)
            self.document().contentsChanged.connect(self._follow_focus)
        elif not kind:
            self.cursorPositionChanged.disconnect(self._follow_focus)
            self.document().contentsChanged.disconnect(self._follow_focus)
        self._focus_span = None
        self._follow_focus()

    def _shown_changed(self) -> None:
        if self.focus_text:
            self._follow_focus()
        if self.surface.visible:
            QTimer.singleShot(0, self._reveal_ghost)  # (once its line is laid out again)

    def _reveal_ghost(self) -> None:
        """A ghost that wraps below the view's bottom edge is scrolled into view, as far as
        the cursor's line stays in it (on the last line on screen its end went unseen)."""
        if not self.surface.visible or not self.isVisible():
            return
        block = self.document().findBlock(self.surface.position)
        self.document().documentLayout().blockBoundingRect(block)  # (laid out with the ghost)
        bottom = self.ghost_point(len(self.surface.text)).y()
        over = bottom - self.viewport().height()
        cursor = self.cursorRect()
        if over <= 0 or cursor.bottom() > self.viewport().height() or cursor.top() < 0:
            return  # (all shown, or the cursor is elsewhere: the writer scrolled away)
        line = max(1, cursor.height())
        lines = min(-(-over // line), max(0, cursor.top() // line))  # (the cursor stays)
        if lines:
            bar = self.verticalScrollBar()
            bar.setValue(bar.value() + lines)

    def focus_span(self) -> tuple[int, int] | None:
        """The document positions (Qt's) of the sentence or paragraph in focus, None with
        Focus off."""
        if not self.focus_text:
            return None
        return self.text_span(self.focus_text)

    def text_span(self, kind: str, position: int | None = None) -> tuple[int, int]:
        """The document positions (Qt's) of the sentence (`kind` "sentence") or the paragraph
        the cursor is in (or `position`): a paragraph's lines go up to a blank line or a line a
        Markdown mark starts (a heading, an item)."""
        cursor = self.textCursor()
        if position is not None:
            cursor.setPosition(position)
        block = cursor.block()
        first, last = block, block
        if _joined(block):
            for _ in range(FOCUS_BLOCKS):  # (a paragraph's lines, up to a blank line or a mark)
                before = first.previous()
                if not before.isValid() or not _joined(before):
                    break
                if _PARAGRAPH_ALONE.match(before.text()) or _PARAGRAPH_START.match(first.text()):
                    break
                first = before
            for _ in range(FOCUS_BLOCKS):
                after = last.next()
                if not after.isValid() or not _joined(after):
                    break
                if _PARAGRAPH_ALONE.match(after.text()) or _PARAGRAPH_START.match(after.text()):
                    break
                last = after
        start = first.position()
        end = last.position() + last.length() - 1
        if kind != "sentence":
            return start, end
        text = "\n".join(b.text() for b in _blocks(first, last))
        at = char_index(text, cursor.position() - start)
        low, high = sentence_around(text, at)
        return start + qt_length(text[:low]), start + qt_length(text[:high])

    def _dim_from(self, block) -> int | None:
        """Where in `block` (from its start) the text after the focus is dimmed by the ghost's
        layout (writer/ui/ghost.py), when the ghost shows there: QPlainTextEdit places extra
        selections by the document's positions alone, and the ghost, laid out inside the line,
        pushes the text after it along (the dimming fell on the focused sentence's end and
        left the paragraph's tail bright)."""
        span = self.focus_span()
        at = self.surface.position
        if span is None or not block.contains(at) or at > span[1]:
            return None
        if not block.contains(span[1]) and span[1] != block.position() + block.length() - 1:
            return None
        self.surface.ghost.dim_format = self._dim_format()
        return span[1] - block.position()

    def _dim_format(self) -> QTextCharFormat:
        dim = QTextCharFormat()
        pal = self.palette()
        dim.setForeground(markdown.mix(pal.color(QPalette.ColorRole.Text),
                                       pal.color(QPalette.ColorRole.Base), FOCUS_DIM))  # fmt: skip
        return dim

    def _follow_focus(self) -> None:
        """Dim the text around `focus_span` (in the ghost's block, after the ghost, the
        ghost's layout dims it: `_dim_from`)."""
        span = self.focus_span()
        surface = self.surface
        ghost = (surface.position, qt_length(surface.text)) if surface.visible else (-1, 0)
        key = None if span is None else (*span, *ghost)
        if key == self._focus_span and key is not None:
            return
        self._focus_span = key
        if span is None:
            self.set_marks("focus", [])
            return
        doc = self.document()
        after = span[1]
        at, width = ghost
        block = doc.findBlock(after)
        if width and block.contains(at) and at <= after:
            after = block.position() + block.length()  # (the rest of the block: the ghost's)
        dim = self._dim_format()
        selections = []
        for low, high in ((0, span[0]), (after, doc.characterCount() - 1)):
            if high <= low:
                continue
            selections.append(span_mark(doc, low, high, dim))
        self.set_marks("focus", selections)

    def _update_ghost_color(self) -> None:
        pal = self.palette()
        text = pal.color(QPalette.ColorRole.Text)
        base = pal.color(QPalette.ColorRole.Base)
        self.surface.ghost_color = ghost_color(text, base)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.StyleChange):
            self._update_ghost_color()
            if self.focus_text:
                self._focus_span = None  # (dimmed again in the new colours)
                self._follow_focus()
        if self.highlighter is not None and event.type() in (
            QEvent.Type.PaletteChange,
            QEvent.Type.FontChange,
        ):
            self.highlighter.follow_editor()
        super().changeEvent(event)

    # Markdown -----------------------------------------------------------------------------
    @property
    def highlighter(self) -> markdown.Highlighter | None:
        """What lays formats on the text: the Markdown highlighting, or a plain text's
        spelling alone (None: neither)."""
        return self.markdown or self._spelling_only

    def set_markdown(self, on: bool) -> None:
        """The document is Markdown (highlighted, lists continued on Enter) or plain text."""
        if on == (self.markdown is not None):
            return
        self._drop_highlighter()
        if on:
            self.markdown = markdown.Highlighter(self)
        self._follow_speller()

    def set_speller(self, speller: Speller | None) -> None:
        """Underline the words `speller` finds misspelled (None: check nothing)."""
        self.speller = speller
        self._follow_speller()

    def _follow_speller(self) -> None:
        if self.markdown is None and (self.speller is None) != (self._spelling_only is None):
            self._drop_highlighter()
            if self.speller is not None:
                self._spelling_only = markdown.Highlighter(self, plain=True)
        highlighter = self.highlighter
        self.surface.ghost.restyle = highlighter.restyle if highlighter is not None else None
        if highlighter is not None:
            highlighter.set_speller(self.speller)

    def _drop_highlighter(self) -> None:
        self.surface.ghost.restyle = None
        for highlighter in (self.markdown, self._spelling_only):
            if highlighter is not None:
                highlighter.close()
        self.markdown = self._spelling_only = None

    def respell(self) -> None:
        """The writer's words changed (one added or ignored): the text is checked again."""
        if self.highlighter is not None and self.speller is not None:
            self.highlighter.respell()

    def _cursor_moved(self) -> None:
        self.typing.moved()
        if self.highlighter is not None:
            self.highlighter.cursor_moved(self.textCursor().position())

    def misspelled_at(self, position: int) -> tuple[int, int] | None:
        """The misspelled word underlined at `position` (its start and end), or None."""
        highlighter = self.highlighter
        if highlighter is None or self.speller is None:
            return None
        block = self.document().findBlock(position)
        found = highlighter.misspelled_at(block, position - block.position())
        if found is None:
            return None
        return block.position() + found[0], block.position() + found[1]

    def next_misspelled(self) -> bool:
        """Select the next misspelled word after the cursor (from the start after the end);
        False when there is none."""
        highlighter = self.highlighter
        if highlighter is None or self.speller is None:
            return False
        found = highlighter.next_misspelled(self.textCursor().selectionEnd())
        if found is None:
            return False
        cursor = self.textCursor()
        cursor.setPosition(found[0])
        cursor.setPosition(found[1], QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)
        self.ensureCursorVisible()
        return True

    def resizeEvent(self, event) -> None:
        # Margins first: QPlainTextEdit lays text out for the viewport width it has now.
        self._apply_margins()
        super().resizeEvent(event)

    def _apply_margins(self) -> None:
        """A centred text column of a fixed width, and room kept under it (see
        `reserve_bottom`). Computed from the widget's own width (the viewport's changes with the
        margins themselves); the vertical scroll bar, when it shows, takes its width from the
        right margin, so the column neither moves nor re-wraps when it comes or goes. Setting
        the margins can itself show or hide the scroll bar: that asks again, and is answered
        once the margins in hand are set."""
        if self._resizing:
            self._margins_again = True
            return
        self._resizing = True
        try:
            for _ in range(3):
                self._margins_again = False
                column = self.fontMetrics().averageCharWidth() * self.text_width * 2
                side = max(0, (self.width() - 2 * self.frameWidth() - column) // 2)
                bar = self.verticalScrollBar()
                right = max(0, side - bar.sizeHint().width()) if bar.isVisible() else side
                margins = self.viewportMargins()
                wanted = (side, right, self._bottom_reserve)
                if (margins.left(), margins.right(), margins.bottom()) != wanted:
                    self.setViewportMargins(side, 0, right, self._bottom_reserve)
                if not self._margins_again:
                    break
        finally:
            self._resizing = False

    def reserve_bottom(self, height: int) -> None:
        """Keep `height` pixels under the text for a bar (a rewrite's), so it covers no text."""
        if height != self._bottom_reserve:
            self._bottom_reserve = height
            self._apply_margins()

    def set_font(self, family: str = "", size: float = 0.0, zoom: float = 1.0) -> None:
        """The text's font: `family` (else a serif the system has) at `size` points (else at
        least 12), times `zoom` (View → Zoom In and Out). With Typewriter Scrolling, a line
        being written in the middle of the view stays there (zooming in kept the view's first
        line and put the cursor's below the window, until a key was typed)."""
        centred = self.typewriter and self._line_centred(lines=1)
        families = QFontDatabase.families()
        if family in families:
            font = QFont(family)
        else:
            serif = default_serif()
            font = (
                QFont(serif) if serif
                else QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont)
            )
        size = size if size > 0 else max(12.0, font.pointSizeF())
        font.setPointSizeF(min(MAX_POINTS, max(MIN_POINTS, size * zoom)))
        font.setStyleHint(QFont.StyleHint.Serif)
        font.setFamilies([font.family(), *cjk_fallbacks(font.family())])
        self.setFont(font)
        self.updateGeometry()  # (the narrowest column is in the font's characters)
        self._apply_margins()
        if centred:
            self.centerCursor()

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        column = self.fontMetrics().averageCharWidth() * min(self.text_width, MIN_COLUMN_EM) * 2
        width = column + 2 * self.frameWidth() + self.verticalScrollBar().sizeHint().width()
        return QSize(max(hint.width(), width), hint.height())

    def set_text_width(self, em: int) -> None:
        """The text column's width, in average characters times two (about em)."""
        self.text_width = max(10, em)
        self._apply_margins()

    @while_alive
    def eventFilter(self, watched, event: QEvent) -> bool:
        if watched is self.verticalScrollBar() and event.type() in (
            QEvent.Type.Show,
            QEvent.Type.Hide,
        ):
            self._apply_margins()
        return super().eventFilter(watched, event)

    # ghost text ---------------------------------------------------------------------------
    def show_ghost(
        self,
        position: int,
        text: str,
        probs: list[float] | None = None,
        kind: Shown = Shown.SUGGESTION,
    ) -> bool:
        """Paint `text` at `position` as a suggestion (lighter where `probs` are low); False
        when the surface refuses it (a rewrite shows there)."""
        return self.surface.show(kind, position, text, probs)

    def clear_ghost(self) -> None:
        """Hide the suggestion or alternative shown (a rewrite's preview stays)."""
        self.surface.clear(Shown.SUGGESTION)
        self.surface.clear(Shown.ALTERNATIVE)

    @property
    def ghost_visible(self) -> bool:
        """A suggestion or an alternative shows."""
        return self.surface.visible and self.surface.shown in (Shown.SUGGESTION, Shown.ALTERNATIVE)

    @property
    def ghost_text(self) -> str:
        """The suggestion or alternative shown now ('' when none)."""
        return self.surface.text if self.ghost_visible else ""

    @property
    def ghost_position(self) -> int:
        return self.surface.position

    def show_alternatives_menu(self, labels: list[str], shown: int = -1) -> None:
        """All alternatives in a menu at the cursor, on the one `shown` (else the first); the
        one picked goes to alternative_picked."""
        menu = QMenu(self)
        menu.setObjectName("alternatives-menu")
        actions = []
        for i, label in enumerate(labels):
            action = menu.addAction(menu_text(label))  # ("Tom & Jerry" is the model's text)
            action.triggered.connect(lambda _c=False, i=i: self.alternative_picked.emit(i))
            actions.append(action)
        self.alternatives_menu = menu
        rect = self.cursorRect()
        menu.popup(self.viewport().mapToGlobal(rect.bottomLeft()))
        if actions:  # Enter takes it, the arrows move from it (none shown: the likeliest)
            menu.setActiveAction(actions[shown if 0 <= shown < len(actions) else 0])

    def show_token_list(self, labels: list[str], note: str, offset: int) -> TokenList:
        """The tokens offered at character `offset` of the ghost text, in a list under it; the
        row picked goes to `token_picked`, Left/Right to `token_moved`."""
        if self.token_list is None:
            self.token_list = TokenList(self)
            self.token_list.picked.connect(self.token_picked)
            self.token_list.moved.connect(self.token_moved)
            self.token_list.closed.connect(self._token_list_closed)
        self.token_list.show_at(
            labels,
            note,
            self.viewport().mapToGlobal(self.ghost_point(offset)),
            self.cursorRect().height(),
        )
        return self.token_list

    def _focus_in_token_list(self) -> bool:
        """Focus went to the token list (a window of its own where the platform makes popups
        so), which belongs to the ghost it lists."""
        focus = QApplication.focusWidget()
        view = self.token_list
        return view is not None and focus is not None and view.isAncestorOf(focus)

    def _token_list_closed(self) -> None:
        if self.isVisible() and not self.hasFocus():
            self.activateWindow()
            self.setFocus(Qt.FocusReason.PopupFocusReason)

    def hide_token_list(self) -> None:
        if self.token_list is not None and self.token_list.isVisible():
            self.token_list.hide()

    def _ghost_layout(self):
        """The ghost's block, its layout and where the ghost starts in it (None if none)."""
        if not self.ghost_visible:
            return None
        block = self.document().findBlock(self.ghost_position)
        if not block.isValid() or block.layout() is None:
            return None
        return block, block.layout(), self.ghost_position - block.position()

    def ghost_point(self, offset: int) -> QPoint:
        """Where, in the viewport, the line under character `offset` of the ghost text starts
        (the cursor's place when the ghost shows none). `offset` is the Python string's, as
        the suggestion's places count; the layout counts an emoji as two positions."""
        found = self._ghost_layout()
        if found is None:
            return self.cursorRect().bottomLeft()
        block, layout, start = found
        at = start + qt_length(self.ghost_text[: max(0, offset)])
        line = layout.lineForTextPosition(at)
        if not line.isValid():
            return self.cursorRect().bottomLeft()
        origin = self.blockBoundingGeometry(block).translated(self.contentOffset()).topLeft()
        x, _ = line.cursorToX(at)
        return QPoint(int(origin.x() + x), int(origin.y() + line.y() + line.height()))

    def ghost_offset_at(self, point: QPoint) -> int | None:
        """The offset in the ghost text (the Python string's, as the suggestion's places count)
        of the character at viewport `point` (None: no ghost character there). The layout
        counts an emoji as two positions: taken as it was, a click after one picked the next
        character, at a word's end the next word."""
        hit = self._ghost_hit(point)
        return None if hit is None else hit[0]

    def ghost_line_at(self, point: QPoint) -> QRect | None:
        """The viewport's rectangle of the line of the ghost text at `point` (None: no ghost
        character there): where the ghost's toolbar goes over it."""
        hit = self._ghost_hit(point)
        return None if hit is None else hit[1]

    def _ghost_hit(self, point: QPoint) -> tuple[int, QRect] | None:
        found = self._ghost_layout()
        if found is None:
            return None
        block, layout, start = found
        origin = self.blockBoundingGeometry(block).translated(self.contentOffset()).topLeft()
        x, y = point.x() - origin.x(), point.y() - origin.y()
        for i in range(layout.lineCount()):
            line = layout.lineAt(i)
            if line.y() <= y < line.y() + line.height():
                if not (line.x() <= x <= line.x() + line.naturalTextWidth()):
                    return None
                at = line.xToCursor(x, line.CursorPosition.CursorOnCharacter) - start
                text = self.ghost_text
                offset = char_index(text, at) if at >= 0 else -1
                if not 0 <= offset < len(text):
                    return None
                rect = QRect(int(origin.x() + line.x()), int(origin.y() + line.y()),
                             int(line.naturalTextWidth()), int(line.height()))  # fmt: skip
                return offset, rect
        return None

    def mousePressEvent(self, event) -> None:
        if (
            self.assistant is not None
            and event.button() == Qt.MouseButton.LeftButton
            and not self.surface.rewriting
        ):
            offset = self.ghost_offset_at(event.position().toPoint())
            if offset is not None:
                self.ghost_clicked.emit(offset)
                return
        if (
            event.button() == Qt.MouseButton.LeftButton
            and event.modifiers() == Qt.KeyboardModifier.ControlModifier
        ):
            address = self.link_at(self.cursorForPosition(event.position().toPoint()).position())
            if address is not None:  # Ctrl+click on a link follows it (VS Code's, Obsidian's)
                self.link_opened.emit(address)
                return
        super().mousePressEvent(event)

    def viewportEvent(self, event: QEvent) -> bool:
        """A pause of the pointer over a link says where it leads and that Ctrl+click opens
        it (VS Code's); Ctrl held over it, the pointer is a pointing hand (`_point_at_links`)."""
        kind = event.type()
        if kind == QEvent.Type.MouseMove:
            self._point_at_links(event.position().toPoint(), event.modifiers() == _CTRL)
        elif kind == QEvent.Type.Leave:
            self._point_at_links(None, False)
        if kind == QEvent.Type.ToolTip and self.markdown is not None:
            point = event.pos()
            address = self.link_at(self.cursorForPosition(point).position())
            if address is not None and self._over_text(point):
                QToolTip.showText(
                    event.globalPos(),
                    self.tr("{0}\nCtrl+click to open").format(address),
                    self.viewport(),
                )
                return True
        return super().viewportEvent(event)

    def _point_at_links(self, point: QPoint | None, ctrl: bool) -> None:
        """The pointer a pointing hand where Ctrl+click would follow a link (Ctrl held, over a
        link's text: VS Code's), else the text's I-beam. `point`: the pointer's, in the
        viewport (None: where it is now). Only with Ctrl held is the line read."""
        hand = False
        if ctrl and self.markdown is not None:
            if point is None:
                point = self.viewport().mapFromGlobal(QCursor.pos())
            hand = (
                self.viewport().rect().contains(point)
                and self._over_text(point)
                and self.link_at(self.cursorForPosition(point).position()) is not None
            )
        shape = Qt.CursorShape.PointingHandCursor if hand else Qt.CursorShape.IBeamCursor
        if self.viewport().cursor().shape() != shape:
            self.viewport().setCursor(shape)

    def _over_text(self, point: QPoint) -> bool:
        """Whether `point` (the viewport's) is over the text of a line, not beyond its end."""
        cursor = self.cursorForPosition(point)
        rect = self.cursorRect(cursor)
        return abs(rect.center().x() - point.x()) < self.fontMetrics().averageCharWidth() * 2

    def link_at(self, position: int) -> str | None:
        """The address of the Markdown link at `position` (`markdown.link_at`), None where there
        is none or the document is plain text."""
        if self.markdown is None:
            return None
        block = self.document().findBlock(position)
        line = block.text()
        return markdown_text.link_at(line, char_index(line, position - block.position()))

    def contextMenuEvent(self, event) -> None:
        from writer.ui.actions import shortcuts_of

        menu = self.createStandardContextMenu(event.pos())
        if event.reason() == QContextMenuEvent.Reason.Mouse:
            position = self.cursorForPosition(event.pos()).position()
        else:
            position = self.textCursor().position()
        word = self.misspelled_at(position)
        if word is not None:
            self._spelling_menu(menu, *word)
        address = self.link_at(position)
        if address is not None:
            first = menu.actions()[0] if menu.actions() else None
            action = QAction(self.tr("Open &Link"), menu)
            action.triggered.connect(lambda _c=False, a=address: self.link_opened.emit(a))
            menu.insertAction(first, action)
            menu.insertSeparator(first)
        if self.textCursor().hasSelection():
            menu.addSeparator()
            action = menu.addAction(self.tr("Re&write Selection…"))
            action.setShortcuts(shortcuts_of("rewrite"))
            action.triggered.connect(self.rewrite_requested.emit)
        menu.exec(event.globalPos())
        menu.deleteLater()

    def _spelling_menu(self, menu: QMenu, start: int, end: int) -> None:
        """The misspelled word from `start` to `end`: what to write instead, first in the menu
        (in bold, as word processors show them), Add to Dictionary and Ignore."""
        cursor = QTextCursor(self.document())
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        word = cursor.selectedText()
        first = menu.actions()[0] if menu.actions() else None
        added = []
        for suggestion in self.speller.suggest(word) if self.speller is not None else []:
            action = QAction(menu_text(suggestion), menu)
            font = action.font()
            font.setBold(True)
            action.setFont(font)
            action.triggered.connect(
                lambda _c=False, s=suggestion: self._replace_word(start, end, word, s)
            )
            added.append(action)
        if not added:
            none = QAction(self.tr("No suggestions"), menu)
            none.setEnabled(False)
            added.append(none)
        add = QAction(self.tr("&Add to Dictionary"), menu)
        add.triggered.connect(lambda: self.word_added.emit(word))
        ignore = QAction(self.tr("&Ignore"), menu)
        ignore.triggered.connect(lambda: self.word_ignored.emit(word))
        separator = QAction(menu)
        separator.setSeparator(True)
        added += [add, ignore, separator]
        menu.insertActions(first, added)

    def _replace_word(self, start: int, end: int, word: str, replacement: str) -> None:
        """Write `replacement` over `word` (from `start` to `end`), one undo step; nothing
        where the text there changed since the menu opened."""
        cursor = QTextCursor(self.document())
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        if cursor.selectedText() != word:
            return
        self.insert_step(cursor, self.typographic(replacement, start))  # ("don't": as typed)
        self.setTextCursor(cursor)

    # a suggestion taken, a spelling chosen, a rewrite accepted: one undo step of its own
    insert_step = staticmethod(steps.insert_step)

    def _menu_at_cursor(self) -> None:
        """The context menu where the cursor is (Shift+F10, as the menu key)."""
        point = self.cursorRect().center()
        self.contextMenuEvent(
            QContextMenuEvent(
                QContextMenuEvent.Reason.Keyboard, point, self.viewport().mapToGlobal(point)
            )
        )

    # keys ---------------------------------------------------------------------------------
    def wheelEvent(self, event: QWheelEvent) -> None:
        """Ctrl and the wheel zoom the text (as in a browser or VS Code), a step a notch: asked
        of the window (`zoom_requested`), which owns the setting; Qt's own zoom works in a
        read-only field only and would not be kept."""
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self._wheel_zoom += event.angleDelta().y()
            steps = int(self._wheel_zoom / 120)  # a notch; a touchpad sends smaller deltas
            if steps:
                self._wheel_zoom -= steps * 120
                self.zoom_requested.emit(1 if steps > 0 else -1)
            event.accept()
            return
        super().wheelEvent(event)

    def set_typewriter(self, on: bool) -> None:
        """View → Typewriter Scrolling: the line being written stays in the middle of the
        view as keys are typed (the last line too: the view scrolls past the end), as in iA
        Writer and ghostwriter; a click or the wheel moves the view as before."""
        self.typewriter = on
        self.setCenterOnScroll(on)
        if on:
            self.centerCursor()

    def _line_centred(self, lines: float = 0.5) -> bool:
        """Whether the cursor's line is within `lines` of a line of the view's middle
        (`centerCursor` scrolls by whole lines: it leaves the line up to one off)."""
        line = self.cursorRect()
        return abs(line.center().y() - self.viewport().height() / 2) <= line.height() * lines

    def _keep_line_centred(self) -> None:
        if self.typewriter and not self._line_centred():
            self.centerCursor()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Control:
            self._point_at_links(None, event.modifiers() | _CTRL == _CTRL)
        self._key(event)
        self._smarten(event)
        self._keep_line_centred()

    # Format → Typographic Quotes ----------------------------------------------------------
    def quotes_at(self, position: int) -> bool:
        """Whether quotes at `position` are made typographic: the setting on, and not in
        Markdown's code (a span, a block), an HTML comment or the YAML front matter."""
        if not self.smart_quotes:
            return False
        highlighter = self.markdown
        if highlighter is None:
            return True
        block = self.document().findBlock(position)
        if highlighter.in_code(block) or highlighter.in_front_matter(block):
            return False
        line = block.text()
        before = line[: char_index(line, position - block.position())]
        if _in_open_front_matter(block, before):
            return False  # (not closed yet: the highlighter knows it once it is)
        if before.rfind("<!--") > before.rfind("-->"):
            return False  # an HTML comment opened on this line
        return before.count("`") % 2 == 0

    def typographic(self, text: str, position: int | None = None) -> str:
        """`text` as it goes in at `position` (the cursor's by default): its straight quotes
        made typographic where `quotes_at` says (a suggestion taken, a rewrite accepted, a
        spelling chosen, as a quote typed)."""
        if '"' not in text and "'" not in text:
            return text
        if position is None:
            position = self.textCursor().position()
        if not self.quotes_at(position):
            return text
        block = self.document().findBlock(position)
        line = block.text()
        return curly_quotes(text, line[: char_index(line, position - block.position())])

    def _smarten(self, event: QKeyEvent) -> None:
        """A straight quote just typed made typographic, as its own undo step (Ctrl+Z gives
        the straight one back, as in a word processor); a digit typed right after an opening
        single quote makes it an apostrophe ("the ’90s"), a step of its own too. The
        suggestion showing stays: the change is the same length, before the cursor
        (`quiet`)."""
        typed = event.text()
        digit = len(typed) == 1 and typed.isdigit()
        if (typed not in ('"', "'") and not digit) or not self.smart_quotes:
            return
        if event.modifiers() not in _TYPING_MODIFIERS or self.isReadOnly():
            return
        if self.surface.composing or self.surface.rewriting:
            return
        cursor = self.textCursor()
        pos = cursor.position()
        doc = self.document()
        if cursor.hasSelection() or pos == 0 or doc.characterAt(pos - 1) != typed:
            return
        at = pos - 2 if digit else pos - 1  # where the quote to make typographic is
        if digit and (at < 0 or doc.characterAt(at) != "‘"):
            return
        if not self.quotes_at(at):
            return
        block = doc.findBlock(at)
        line = block.text()
        before = line[: char_index(line, at - block.position())]
        if digit:  # a digit right after a quote opened: the ’ of "the ’90s" (`curly_quotes`)
            if before[-1:].isdigit():
                return
            curly = "’"
        else:
            curly = curly_quotes(typed, before)
        edit = QTextCursor(doc)
        edit.setPosition(at)
        edit.setPosition(at + 1, QTextCursor.MoveMode.KeepAnchor)
        self.quiet += 1
        try:
            self.insert_step(edit, curly)  # (the letters typed next are a step of their own)
            if self.textCursor().position() != pos:
                moved = self.textCursor()
                moved.setPosition(pos)
                self.setTextCursor(moved)
        finally:
            self.quiet -= 1

    def _key(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_F10 and event.modifiers() == Qt.KeyboardModifier.ShiftModifier:
            self._menu_at_cursor()
            return
        assistant = self.assistant
        action = KEYMAP.get((Qt.Key(event.key()), event.modifiers()))
        if action is not None and self.surface.rewriting:
            if self.surface.perform(action):
                return
        elif action is not None and assistant is not None and assistant.perform(action):
            return
        if assistant is not None and not self.surface.rewriting:
            typed = event.text()
            if (
                typed
                and typed.isprintable()
                and event.modifiers() in _TYPING_MODIFIERS
                and self.ghost_visible
                and assistant.type_through(typed, lambda: self._type(event))
            ):
                return
        editing = self.markdown is not None and not (
            self.surface.composing or self.surface.rewriting or self.isReadOnly()
        )
        if (
            editing
            and event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab)
            and event.modifiers() in (_NONE, Qt.KeyboardModifier.ShiftModifier)
        ):
            back = (event.key() == Qt.Key.Key_Backtab
                    or event.modifiers() == Qt.KeyboardModifier.ShiftModifier)  # fmt: skip
            # a table's next cell (Obsidian's Advanced Tables'), a list item in or out a level
            # (Typora's, Obsidian's)
            if markdown.table_key(self, self.markdown, "back" if back else "tab"):
                return
            if markdown.nest(self, self.markdown, outdent=back):
                return
        if (
            editing
            and event.key() in _ENTER
            and event.modifiers() in (_NONE, _KEYPAD)
            and (markdown.table_key(self, self.markdown, "enter")
                 or markdown.enter(self, self.markdown))
        ):  # fmt: skip
            return
        if (
            editing
            and event.key() in _ENTER
            and event.modifiers() & ~_KEYPAD == Qt.KeyboardModifier.ShiftModifier
            and markdown.table_key(self, self.markdown, "break")
        ):
            return  # (a line break in a table's cell: "<br>", as Typora writes it)
        if (
            editing
            and event.text() == "|"
            and event.modifiers() in _TYPING_MODIFIERS
            and markdown.table_bar(self, self.markdown)
        ):
            return  # (a bar typed over the bar there already, in a table's row being filled)
        if action == "dismiss" and not (self.surface.composing or self.surface.rewriting):
            # Esc that took nothing away here (no suggestion showed): the find bar open under
            # the text closes, as VS Code's does from its editor (it stayed open while the
            # writer edited the text, whatever Esc was pressed)
            self.escaped.emit()
        typed = event.text()
        if _STRAY_ALT and event.modifiers() & _ALT and not event.modifiers() & _CTRL and (
            typed.lower() == chr(event.key()).lower() if 0x20 < event.key() < 0x7F else False
        ):  # (the key's own letter: a character a layout's AltGr makes goes in)
            event.ignore()  # (an Alt+letter no command has: Qt typed the letter, VS Code nothing)
            return
        self._type(event)

    def _type(self, event: QKeyEvent) -> None:
        """Qt's handling of the key; a character typed, in the undo step `typing` says."""
        typed = event.text()
        if (
            typed
            and typed.isprintable()
            and event.modifiers() in _TYPING_MODIFIERS
            and not self.isReadOnly()
        ):
            insert = super().keyPressEvent
            self.typing.key(self.textCursor(), typed, lambda: insert(event))
        else:
            super().keyPressEvent(event)

    def inputMethodEvent(self, event: QInputMethodEvent) -> None:
        # The input method uses the same pre-edit area: what the surface shows steps aside.
        composing = bool(event.preeditString())
        self.surface.set_composing(composing)
        if self.assistant is not None:
            self.assistant.set_composing(composing)
        super().inputMethodEvent(event)
        self._keep_line_centred()

    def keyReleaseEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Control:
            self._point_at_links(None, False)
        super().keyReleaseEvent(event)

    def focusOutEvent(self, event) -> None:
        self._point_at_links(None, False)
        if (
            self.assistant is not None
            and event.reason() != Qt.FocusReason.PopupFocusReason
            and not self._focus_in_token_list()
        ):
            self.assistant.focus_lost()
        super().focusOutEvent(event)

    def focusNextPrevChild(self, next: bool) -> bool:
        # Tab must reach keyPressEvent even where focus chains would take it. (Not an `event`
        # override: Qt repaints a window inside its `event`, which a Python override would run
        # holding the GIL, so the engine thread could not start a keystroke's request meanwhile.)
        if next and (self.surface.visible or self.surface.rewriting):
            return False
        return super().focusNextPrevChild(next)
