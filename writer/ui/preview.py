"""View → Markdown Preview (Ctrl+Shift+V): the document rendered beside the text, read-only,
following the part of it the editor shows.

`MarkdownPreview` is one window's panel; it reads the editor's document and never writes it.
The text is set by Qt's Markdown reader in the GitHub dialect, as File → Export sets it, in the
editor's font and the theme's colours; the ghost text is never in it (it is laid out in the
editor's pre-edit area, not in the document). A .txt has no preview: the window hides the panel
and disables its action, as it does the Format menu. Esc in the preview gives the keys back to
the text (`left`).

**Typing never waits.** The preview is rendered RENDER_AFTER_MS after the last change (each
change starts the wait again), only while it is shown, on the window's thread, and never more
than WINDOW_CHARS of the text at once: Qt reads and lays out Markdown at about half a
millisecond a kilobyte on a shared two-core machine, so a 2 MB manuscript would hold the window
for a second. A longer document is rendered around the editor's first line on screen (`span`):
from the heading above it (the section it is in, and the sections before it within a quarter of
the budget) to a heading or a blank line about WINDOW_CHARS on; the panel says so in a line at
its top, and renders another part once the editor leaves the one shown. `python -m
writer.bench.panels preview [FILE.md] [--middle]` types at the end of a 2 MB manuscript (or
FILE; in its middle, where the part rendered is the longest) and prints the longest the
window's thread was held, with the preview closed and open.

**Following the editor.** The editor's top line is mapped to the preview by the headings they
share (matched by their words, in order), and between two headings in proportion to the text
between them; the preview follows when the editor scrolls or its cursor moves, and after each
rendering. Once the writer scrolls the preview itself (wheel, scroll bar or keys: the scroll
bar's `actionTriggered`) it stays where they put it, through renderings too, until the editor
moves again.

**Nothing is fetched.** An image is shown only from this computer: a path relative to the
document's folder, an absolute path or a file: URL (`PreviewView.loadResource`, the one way Qt
asks for one; anything else, an http image too, is never fetched and shows as Qt's missing
image). A picture is read once while its file stays as it is, a photo scaled down as it is read
(decoding one is the one cost of a rendering that WINDOW_CHARS does not bound). A link does
nothing until it is clicked: a web or mail link opens in the system's browser
(`QDesktopServices`), a Markdown or text document beside this one opens in Writer
(`document_clicked`), and anything else is said, not opened (writer/ui/links.py, the text's
Ctrl+click's rule too).
"""

from __future__ import annotations

import bisect
import re
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import (
    QFont,
    QImage,
    QPalette,
    QTextBlock,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextLength,
    QTextOption,
)
from PySide6.QtWidgets import QDockWidget, QLabel, QTextBrowser, QVBoxLayout, QWidget

from writer.assist.context import qt_length
from writer.documents.markdown import for_qt, note_numbers, note_words, outline
from writer.ui import links
from writer.ui.collector import while_alive
from writer.ui.images import image_file, local_file, read_image, refused, shown, words_for
from writer.ui.markdown import mix
from writer.ui.odt import is_code, mend_tables

RENDER_AFTER_MS = 300  # after the writer's last change
# the most of the text rendered at once, in characters: up to about 20 ms to read and lay out
# on a shared two-core machine (60,000 took 30)
WINDOW_CHARS = 32_000
MAX_IMAGE_WIDTH = 1600  # pixels: a larger photo is read scaled down (a JPEG reads faster so)
KEPT_IMAGE_BYTES = 128 << 20  # the images read kept for the next renderings, at most
QUOTE_INDENT = 24  # pixels, at each level of a quotation
OPENS_AT = 0.4  # of the window's width
DOCUMENT_MARGIN = 16  # pixels around the text
_HEADING = re.compile(r" {0,3}#{1,6}(?=[ \t]|$)")  # an ATX heading's marks
_LINK_TARGET = re.compile(r"\]\([^)]*\)")
HEADING_WORDS = 80  # the letters of a heading compared, at most (it may be very long)


def heading_words(text: str) -> str:
    """A heading's letters and digits, lower case: what its Markdown and its rendered text
    share ("The *big* [day](x.md)" and "The big day")."""
    text = _LINK_TARGET.sub("", text[: HEADING_WORDS * 4])
    return "".join(ch for ch in text if ch.isalnum())[:HEADING_WORDS].lower()


class PreviewView(QTextBrowser):
    """The rendered text: read-only, its images read from this computer only, its links
    followed by no one but the panel (see the module's docstring); Esc goes back to the text
    (`escaped`)."""

    escaped = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        # a word longer than the panel is broken (it ran off the right edge, unseen)
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.setUndoRedoEnabled(False)
        self.folder: Path | None = None  # the document's, for relative images
        self._images: dict[Path, tuple[float, int, QImage]] = {}

    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        if event.key() == Qt.Key.Key_Escape and not event.modifiers():
            self.escaped.emit()
            return
        super().keyPressEvent(event)

    def loadResource(self, kind: int, url: QUrl):  # noqa: N802 (Qt's name)
        """An image from this computer, or nothing: the one place Qt asks for a resource. A
        refusal is an empty value, never None: given None, Qt reads the file itself (a style
        sheet an HTML tag names, or `![x](/dev/zero)`, read until the memory ran out)."""
        if kind != QTextDocument.ResourceType.ImageResource.value:
            return refused(kind)
        path = local_file(url, self.folder)
        image = self._image(path) if path is not None else None
        return image if image is not None else refused(kind)

    def _image(self, path: Path) -> QImage | None:
        """The image at `path`, read once while the file stays as it is (a rendering after each
        pause in typing would read and decode every photo again)."""
        stat = image_file(path)
        if stat is None:
            return None
        kept = self._images.get(path)
        if kept is not None and kept[:2] == (stat.st_mtime, stat.st_size):
            return kept[2]
        image = read_image(path, MAX_IMAGE_WIDTH)
        if image is None:
            return None
        self._images.pop(path, None)
        self._images[path] = (stat.st_mtime, stat.st_size, image)
        kept = sum(i.sizeInBytes() for _m, _s, i in self._images.values())
        while kept > KEPT_IMAGE_BYTES and len(self._images) > 1:  # (the oldest go first)
            kept -= self._images.pop(next(iter(self._images)))[2].sizeInBytes()
        return image

    def forget_images(self) -> None:
        self._images.clear()

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        """Two fifths of the window, where the panel opens."""
        hint = super().sizeHint()
        window = self.window()
        if window is not self:
            hint.setWidth(max(hint.width(), round(window.width() * OPENS_AT)))
        return hint


class MarkdownPreview(QDockWidget):
    """See the module's docstring."""

    message = Signal(str)  # a sentence for the status bar
    document_clicked = Signal(str)  # the path of a document a link names
    closed = Signal()  # the writer closed the panel with its own button
    left = Signal()  # Esc in the preview: the keys go back to the text

    def __init__(self, editor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("markdown-preview")
        # beside the text, in the window (a floating panel closed with the window's others)
        features = QDockWidget.DockWidgetFeature
        self.setFeatures(features.DockWidgetClosable | features.DockWidgetMovable)
        self.editor = editor
        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.note = QLabel("", body)  # a long document: only a part is shown
        self.note.setWordWrap(True)
        self.note.setContentsMargins(8, 4, 8, 4)
        self.note.hide()
        layout.addWidget(self.note)
        self.view = PreviewView(body)
        layout.addWidget(self.view, 1)
        self.setWidget(body)
        self.markdown = True
        # the editor's blocks shown (first and last block numbers); None: nothing yet
        self.shown: tuple[int, int] | None = None
        self._start = 0  # where the first of them starts in the editor's document
        self._length = 0  # the text shown, in the document's positions
        self._anchors: list[tuple[float, float]] = []  # (place in the text, preview's y)
        self._stale = True  # the text changed since it was rendered
        self._notes_at = -1  # the document's revision `_notes` were read at
        self._notes_words: dict[str, list[str]] = {}  # their first lines (`note_words`)
        self._notes: dict[str, int] | None = None
        self.held = False  # the writer scrolled the preview: it stays there
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(RENDER_AFTER_MS)
        self._timer.timeout.connect(self.render)
        editor.document().contentsChange.connect(self._changed)
        editor.verticalScrollBar().valueChanged.connect(self._editor_moved)
        editor.cursorPositionChanged.connect(self._editor_moved)
        editor.installEventFilter(self)
        self.view.verticalScrollBar().actionTriggered.connect(self._scrolled_by_hand)
        self.view.anchorClicked.connect(self._link_clicked)
        self.view.escaped.connect(self.left)
        self.visibilityChanged.connect(self._visibility_changed)
        self.retranslate()

    # texts --------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Preview"))
        self.note.setText(
            self.tr("A long document: the preview shows the part around the text on screen.")
        )

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        elif event.type() == QEvent.Type.PaletteChange:
            self._redo()  # (the colours are the theme's, mixed when rendered)
        super().changeEvent(event)

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        self.closed.emit()
        super().closeEvent(event)

    @while_alive
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.editor and event.type() == QEvent.Type.FontChange:
            self._redo()
        return super().eventFilter(watched, event)

    # what is shown ------------------------------------------------------------------------
    def set_markdown(self, on: bool) -> None:
        """The document is Markdown (rendered) or plain text (shown as its lines)."""
        if on != self.markdown:
            self.markdown = on
            self._redo()

    def set_folder(self, folder: Path | None) -> None:
        """The document's folder, where its relative images are."""
        if folder != self.view.folder:
            self.view.folder = folder
            self.view.forget_images()
            self._redo()

    def _redo(self) -> None:
        self._stale = True
        if self.isVisible():
            self._timer.start()

    def _changed(self, _position: int, removed: int, added: int) -> None:
        if removed or added:
            self._redo()

    def _visibility_changed(self, shown: bool) -> None:
        if shown and (self._stale or self.shown is None):
            self._timer.stop()
            QTimer.singleShot(0, self, self.render)  # once the panel has its width

    @property
    def pending(self) -> bool:
        """A rendering is owed to a change."""
        return self._stale

    def render(self) -> None:
        """Render the text around the editor's first line on screen (all of it if it is short)
        and follow the editor there, or stay where the writer scrolled."""
        self._timer.stop()
        if not self.isVisible():
            return
        first, last = span(self.editor.document(), self.editor.firstVisibleBlock(),
                           self._in_code)  # fmt: skip
        doc = self.editor.document()
        start, end = doc.findBlockByNumber(first), doc.findBlockByNumber(last)
        text, headings = self._source(start, end)
        bar = self.view.verticalScrollBar()
        kept = bar.value()
        # a new document, laid out once it is whole: edited in the view's, each style laid
        # out its block again and stopped Qt's layout of the rest (the paragraphs after the
        # first screen were never laid out, and showed blank)
        shown = QTextDocument(self.view)
        shown.setUndoRedoEnabled(False)
        shown.setDocumentMargin(DOCUMENT_MARGIN)
        shown.setDefaultFont(self.editor.font())
        if self.markdown:
            whole, ends = None, last == doc.blockCount() - 1
            if (first > 0 or not ends) and ("[^" in text or "^[" in text):
                # (a part with a note's mark or its text: numbered as in the whole, which is
                # read only then: copying 2 MB out of the document costs 8 ms a rendering)
                whole = self._note_numbers(doc)
            words = self._notes_words if whole else None
            shown.setMarkdown(for_qt(text, whole, ends, words=words),
                              QTextDocument.MarkdownFeature.MarkdownDialectGitHub)  # fmt: skip
            mend_tables(shown)
            self._style(shown, text)
        else:
            shown.setPlainText(text)
        old = self.view.document()
        mine = old.parent() is self.view  # (Qt deletes only the one it made itself)
        self.view.setDocument(shown)
        if mine:
            old.deleteLater()
        layout = shown.documentLayout()
        height = layout.blockBoundingRect(shown.lastBlock()).bottom()  # laid out whole, now
        self._anchors = [(0.0, 0.0)] + self._match(headings, shown)
        self._length = end.position() + end.length() - start.position()
        self._anchors.append((float(self._length), max(height, self._anchors[-1][1])))
        self._start = start.position()
        self.shown = (first, last)
        self._stale = False
        self.note.setVisible(first > 0 or last < doc.blockCount() - 1)
        if self.held:
            bar.setValue(kept)
        else:
            self.follow()

    def _note_numbers(self, doc: QTextDocument) -> dict[str, int] | None:
        """The numbers of the whole document's footnotes, read again only after an edit
        (`note_numbers`: a few milliseconds for 2 MB); None where it has none."""
        revision = doc.revision()
        if self._notes_at != revision:
            self._notes_at = revision
            text = doc.toPlainText()
            notes = "[^" in text or "^[" in text
            self._notes = note_numbers(text) or None if notes else None
            self._notes_words = note_words(text) if self._notes else {}
        return self._notes

    def _in_code(self, block: QTextBlock) -> bool:
        highlighter = self.editor.markdown
        return highlighter is not None and highlighter.in_code(block)

    def _source(self, start: QTextBlock, end: QTextBlock) -> tuple[str, list[tuple[int, str]]]:
        """The Markdown of the blocks from `start` to `end`, and its headings as the shared
        reader finds them (`outline`: ATX and setext, none in code or comments): where each
        starts in the shown text (in the document's positions) and its words."""
        lines: list[str] = []
        starts: list[int] = []  # where each block starts in the text
        places: list[int] = []  # and in the document, from `start`
        block, origin, at = start, start.position(), 0
        while block.isValid():
            line = block.text()[:WINDOW_CHARS]  # (a picture inlined as base64 is one line)
            lines.append(line)
            starts.append(at)
            places.append(block.position() - origin)
            at += len(line) + 1
            if block == end:
                break
            block = block.next()
        # (a line broken with Shift+Enter is one block: its break is a line's end, as Export reads)
        text = "\n".join(lines).replace("\u2028", "\n")
        headings: list[tuple[int, str]] = []
        if self.markdown:
            for heading in outline(text).headings:
                i = bisect.bisect_right(starts, heading.position) - 1
                place = places[i] + qt_length(text[starts[i] : heading.position])
                headings.append((place, heading_words(heading.text)))
        return text, headings

    @staticmethod
    def _match(headings: list[tuple[int, str]], shown: QTextDocument) -> list[tuple[float, float]]:
        """(place in the text, y in the preview) of each heading found in both, in order: a
        heading one of them has and the other not (one in a quotation, say) is passed
        over."""
        rendered: list[tuple[str, float]] = []
        layout = shown.documentLayout()
        block = shown.begin()
        while block.isValid():
            if block.blockFormat().headingLevel() > 0:
                rendered.append((heading_words(block.text()),
                                 layout.blockBoundingRect(block).top()))  # fmt: skip
            block = block.next()
        anchors: list[tuple[float, float]] = []
        at = 0
        for place, words in headings:
            for i in range(at, min(at + 4, len(rendered))):
                if rendered[i][0] == words:
                    anchors.append((float(place), rendered[i][1]))
                    at = i + 1
                    break
        return anchors

    def _style(self, doc: QTextDocument, text: str) -> None:
        """What Qt's reader leaves plain: a heading's size and weight on its emphasis and what
        follows it, a quotation indented and in the editor's quotation colour, code on a faint
        ground, and images no wider than the panel."""
        palette = self.view.palette()
        roles = QPalette.ColorRole
        ink, page, link = (palette.color(r) for r in (roles.Text, roles.Base, roles.Link))
        ground = mix(page, ink, 0.07)
        quote = QTextCharFormat()
        quote.setForeground(mix(ink, link, 0.4))
        code = QTextCharFormat()
        code.setBackground(ground)
        inline = "`" in text or "![" in text or "<img" in text.lower()
        pieces: list[tuple[int, int, QTextCharFormat | None]] = []  # (None: an image)
        block = doc.begin()
        while block.isValid():
            fmt = block.blockFormat()
            heading = fmt.headingLevel()
            if heading > 0:  # (Qt's reader sets a heading's size on its text up to a span only)
                size = QTextCharFormat()
                size.setProperty(QTextFormat.Property.FontSizeAdjustment, 4 - heading)
                size.setFontWeight(QFont.Weight.Bold)
                pieces.append((block.position(), block.length() - 1, size))
            level = int(fmt.property(QTextFormat.Property.BlockQuoteLevel) or 0)
            in_code = is_code(fmt)
            if level > 0:
                fmt.setLeftMargin(QUOTE_INDENT * level)
                pieces.append((block.position(), block.length() - 1, quote))
            elif in_code:
                fmt.setBackground(ground)
            if level > 0 or in_code:
                QTextCursor(block).setBlockFormat(fmt)
            it = block.begin()
            while inline and not in_code and not it.atEnd():
                fragment = it.fragment()
                fmt = fragment.charFormat()
                if fmt.isImageFormat():
                    pieces.append((fragment.position(), fragment.length(), None))
                elif fmt.fontFixedPitch():
                    pieces.append((fragment.position(), fragment.length(), code))
                it += 1
            block = block.next()
        cursor = QTextCursor(doc)
        for position, length, fmt in pieces:
            if fmt is not None:
                cursor.setPosition(position)
                cursor.setPosition(position + length, QTextCursor.MoveMode.KeepAnchor)
                cursor.mergeCharFormat(fmt)
        missing = QTextCharFormat()
        missing.setFontItalic(True)
        missing.setForeground(palette.color(roles.PlaceholderText))
        for position, length, fmt in reversed(pieces):  # (from the end: a text moves the rest)
            if fmt is not None:
                continue
            cursor.setPosition(position)
            cursor.setPosition(position + length, QTextCursor.MoveMode.KeepAnchor)
            image = cursor.charFormat().toImageFormat()  # (the format before the anchor's end)
            if shown(doc, image):
                image.setMaximumWidth(QTextLength(QTextLength.Type.PercentageLength, 100))
                cursor.setCharFormat(image)
            else:
                cursor.insertText(words_for(image), missing)

    # following the editor -----------------------------------------------------------------
    def _editor_moved(self, *_args) -> None:
        self.held = False
        if not self.isVisible() or self._stale:
            return
        first = self.editor.firstVisibleBlock().blockNumber()
        if not self._inside(first):
            self._timer.start()  # another part, once the editor stops
            return
        self.follow()

    def _inside(self, number: int) -> bool:
        """Whether the editor's first block on screen is in the part shown, with a screen of it
        left after it (or the document's end)."""
        if self.shown is None:
            return False
        first, last = self.shown
        doc = self.editor.document()
        if number < first or number > last:
            return False
        if last >= doc.blockCount() - 1:
            return True
        end = doc.findBlockByNumber(last)
        left = end.position() + end.length() - doc.findBlockByNumber(number).position()
        return left >= WINDOW_CHARS // 8

    def place(self) -> float:
        """Where the editor's first line on screen is in the text shown (in the document's
        positions from the first block shown; a block's part scrolled away counted in)."""
        editor = self.editor
        top = editor.firstVisibleBlock()
        box = editor.blockBoundingGeometry(top).translated(editor.contentOffset())
        hidden = min(1.0, max(0.0, -box.top() / box.height())) if box.height() > 0 else 0.0
        return top.position() - self._start + hidden * top.length()

    def y_of(self, place: float) -> float:
        """The preview's y for a place in the text shown, between the headings around it."""
        anchors = self._anchors
        i = bisect.bisect_right([a[0] for a in anchors], place) - 1
        i = max(0, min(i, len(anchors) - 2))
        (p0, y0), (p1, y1) = anchors[i], anchors[i + 1]
        share = (place - p0) / (p1 - p0) if p1 > p0 else 0.0
        return y0 + min(1.0, max(0.0, share)) * (y1 - y0)

    def follow(self) -> None:
        """Scroll the preview to the editor's first line on screen."""
        if self.held or self._stale or self.shown is None or len(self._anchors) < 2:
            return
        bar = self.view.verticalScrollBar()
        editor_bar = self.editor.verticalScrollBar()
        at_end = editor_bar.value() >= editor_bar.maximum() > 0
        if at_end and self.shown[1] >= self.editor.document().blockCount() - 1:
            bar.setValue(bar.maximum())
        else:
            bar.setValue(round(self.y_of(self.place())))

    def _scrolled_by_hand(self, _action: int) -> None:
        self.held = True

    # links --------------------------------------------------------------------------------
    def _link_clicked(self, url: QUrl) -> None:
        """A link clicked: a place in this document scrolled to, else `links.follow`'s rule."""
        if not url.scheme() and url.path() == "" and url.hasFragment():
            self.view.scrollToAnchor(url.fragment())
            return
        followed = links.follow(url, self.view.folder)
        if isinstance(followed, Path):
            self.document_clicked.emit(str(followed))
        elif followed:
            self.message.emit(followed)


def _heading_line(block: QTextBlock) -> bool:
    """`block` is an ATX heading's line ("## Title"; where a part to render may begin)."""
    text = block.text()
    return "#" in text[:4] and _HEADING.match(text) is not None


def span(doc: QTextDocument, top: QTextBlock, in_code=lambda _block: False) -> tuple[int, int]:
    """The first and last block numbers to render for the editor's first block on screen,
    `top`: the whole document up to WINDOW_CHARS. Else from the document's start if it is
    within a quarter of the budget above `top`, else from the furthest heading within that
    quarter, else the nearest within half of the budget, else a paragraph's start; to the line
    before a heading (in the budget's second half) or a blank line, at most WINDOW_CHARS from
    the start and at least an eighth of it after `top`. `in_code`: a block is in a fenced code
    block or a comment (its "#" lines are not headings)."""
    if doc.characterCount() <= WINDOW_CHARS:
        return 0, doc.blockCount() - 1
    if not top.isValid():
        top = doc.begin()
    quarter, half = WINDOW_CHARS // 4, WINDOW_CHARS // 2
    heading = None
    paragraph = top
    block, used = top, 0
    while block.isValid() and used < half and not (heading is not None and used > quarter):
        if _heading_line(block) and not in_code(block):
            heading = block if used <= quarter or heading is None else heading
        elif used <= quarter and not block.text().strip() and block.next().isValid():
            paragraph = block.next()
        used += block.length()
        block = block.previous()
    if not block.isValid() and used <= quarter:
        start = doc.begin()
    else:
        start = heading if heading is not None else paragraph
    top_at = top.position()
    heading_cut = blank_cut = last = None
    block, total = start, 0
    while block.isValid():
        if total + block.length() > WINDOW_CHARS and block.position() > top_at:
            break
        if block.position() - top_at >= WINDOW_CHARS // 8:
            if _heading_line(block) and not in_code(block):
                if total >= half:
                    heading_cut = block.previous()
            elif not block.text().strip():
                blank_cut = block
        total += block.length()
        last = block
        block = block.next()
    else:
        return start.blockNumber(), doc.blockCount() - 1
    end = heading_cut or blank_cut or last or start
    return start.blockNumber(), end.blockNumber()
