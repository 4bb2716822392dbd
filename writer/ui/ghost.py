"""Ghost text: a suggestion laid out inside the editor's text, but never part of the document.

It uses the block layout's pre-edit area, the mechanism input methods use for text being
composed: Qt lays the suggestion out in the line, wraps it like real text and pushes the rest of
the line along, while the document, its undo stack and its signals see nothing. The layout's
other format ranges are a highlighter's (writer/ui/markdown.py): `restyle`, when set, lays them
again around the area each time it changes.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import (
    QColor,
    QTextBlock,
    QTextCharFormat,
    QTextDocument,
    QTextFormat,
    QTextLayout,
)

from writer.assist.context import qt_length
from writer.ui import relayout

LINE_SEPARATOR = "\u2028"  # a line break inside one block's layout
# a layout range that others lay again must keep (View → Focus's dimming after the ghost)
KEPT = QTextFormat.Property.UserProperty + 7


# the ghost's opacity by confidence (fifths): the least sure words stay readable, about 3:1
# against the page (they were 1.6:1)
FADE = (195, 210, 225, 240, 255)

class GhostText:
    """The suggestion shown at one document position, and its per-character confidence."""

    def __init__(self, document: QTextDocument) -> None:
        self._doc = document
        self.position = -1
        self.text = ""
        self.probs: list[float] = []  # one per character of text
        self._block_pos = -1
        self.color = QColor(128, 128, 128)
        self.background: QColor | None = None
        self.fade = True
        # lays a block's highlight again around its pre-edit area, as it is now (or None)
        self.restyle: Callable[[QTextBlock], None] | None = None
        # where in the ghost's block (from its start, after the ghost) the text is dimmed, and
        # how (View → Focus: the editor's extra selections cannot follow the ghost there)
        self.dim_from: Callable[[QTextBlock], int | None] | None = None
        self.dim_format = QTextCharFormat()

    @property
    def visible(self) -> bool:
        return self.position >= 0 and bool(self.text)

    def show(self, position: int, text: str, probs: list[float] | None = None) -> None:
        self.position = position
        self.text = text
        self.probs = list(probs) if probs else [1.0] * len(text)
        self._apply()

    def clear(self) -> None:
        if self.position < 0 and self._block_pos < 0:
            return
        self.position = -1
        self.text = ""
        self.probs = []
        self._apply()

    def _apply(self) -> None:
        """The area laid out where the ghost is now, taken from where it was; the lines of
        those blocks repainted alone (`relayout`: the whole view where one wraps into more
        or fewer lines, or is another height, now), not the whole view at each change."""
        doc = self._doc
        old = doc.findBlock(self._block_pos) if self._block_pos >= 0 else QTextBlock()
        if not old.isValid() or old.layout() is None:
            old = QTextBlock()
        block = doc.findBlock(self.position) if self.visible else QTextBlock()
        blocks = [b for b in (old, block) if b.isValid()]
        if len(blocks) == 2 and blocks[0] == blocks[1]:
            blocks.pop()
        before = relayout.heights(doc, blocks)  # (as painted: before the area changes)
        if old.isValid():
            old.layout().setPreeditArea(-1, "")
            old.layout().setFormats([])
            if self.restyle is not None:
                self.restyle(old)
        self._block_pos = -1
        if block.isValid():
            self._lay(block)
            self._block_pos = block.position()
        ranges = [(b.position(), b.position() + b.length()) for b in blocks]
        for first, end in ranges:
            relayout.mark(doc, first, end)
        relayout.repaint(doc, before, ranges)

    def _lay(self, block: QTextBlock) -> None:
        """The ghost's text laid in `block`'s pre-edit area, in its shades."""
        layout = block.layout()
        offset = self.position - block.position()
        # the same length as the text, so formats and probabilities index both alike
        shown = self.text.replace("\n", LINE_SEPARATOR)
        layout.setPreeditArea(offset, shown)
        ranges = self._formats(offset, shown)
        dim = self.dim_from(block) if self.dim_from is not None else None
        if dim is not None:
            start = dim + qt_length(shown) if dim >= offset else dim
            fr = QTextLayout.FormatRange()
            fr.start, fr.length = start, block.length() + qt_length(shown) - start
            fr.format = QTextCharFormat(self.dim_format)
            fr.format.setProperty(KEPT, True)
            ranges.append(fr)
        layout.setFormats(ranges)
        if self.restyle is not None:
            self.restyle(block)

    def _formats(self, offset: int, shown: str) -> list[QTextLayout.FormatRange]:
        """One range for each run of characters of one shade, in the layout's positions (an
        emoji takes two: counted as one, every shade after it fell a character early)."""
        ranges = []
        start = 0
        at = offset  # where `start` is in the layout
        while start < len(shown):
            alpha = self._alpha(start)
            end = start + 1
            while end < len(shown) and self._alpha(end) == alpha:
                end += 1
            length = qt_length(shown[start:end])
            fmt = QTextCharFormat()
            color = QColor(self.color)
            color.setAlpha(alpha)
            fmt.setForeground(color)
            if self.background is not None:
                fmt.setBackground(self.background)
            fr = QTextLayout.FormatRange()
            fr.start = at
            fr.length = length
            fr.format = fmt
            ranges.append(fr)
            start, at = end, at + length
        return ranges

    def _alpha(self, index: int) -> int:
        if not self.fade or index >= len(self.probs):
            return 255
        p = self.probs[index]
        # Quantised so that runs of similar confidence share one format range.
        level = min(4, int(p * 5))
        return FADE[level]
