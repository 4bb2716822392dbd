"""Blocks laid out again without the whole view repainted: the one rule for what changes a
block's layout and not its text (the highlight's formats, the ghost text's pre-edit area).

Such a change is marked with `QTextDocument.markContentsDirty`, and Qt lays out and repaints one
block alone only where the change marked is inside it, which a block's own mark never is (Qt
counts the span marked twice, once removed and once added: it reaches the next block), so each
mark repainted the whole view. Here the mark is made with the layout's repaint held back
(`mark`), and each block changed is repainted alone, as Qt repaints one (`repaint`): the whole
view where a block changed grew or shrank (the lines under it moved), as Qt does, which a
line's count alone does not say (a line laid as code is a pixel shorter than one of text).
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtGui import QTextBlock, QTextDocument
from PySide6.QtWidgets import QPlainTextEdit


def heights(document: QTextDocument,
            blocks: Iterable[QTextBlock]) -> list[tuple[QTextBlock, float]]:  # fmt: skip
    """Each of `blocks` with its height as laid out now (laid out first where it is not):
    taken before its layout changes, for `repaint`."""
    layout = document.documentLayout()
    return [(block, layout.blockBoundingRect(block).height()) for block in blocks]


def in_view(editor: QPlainTextEdit) -> list[tuple[QTextBlock, float]]:
    """The blocks in `editor`'s view, each with its height (`heights`)."""
    layout = editor.document().documentLayout()
    block, bottom = editor.firstVisibleBlock(), editor.viewport().height()
    if not block.isValid():
        return []
    top = editor.blockBoundingGeometry(block).translated(editor.contentOffset()).top()
    shown = []
    while block.isValid() and top < bottom:
        height = layout.blockBoundingRect(block).height()
        shown.append((block, height))
        top += height
        block = block.next()
    return shown


def mark(document: QTextDocument, first: int, end: int) -> None:
    """The blocks from position `first` to `end` marked for layout (which also takes the
    change each `setFormats` or pre-edit area left pending in the document: else the next
    edit's `contentsChange` would span it), the view not repainted: `repaint` says what is.
    Not within the document's `contentsChange`: there the mark joins the edit's change, which
    Qt lays out and repaints after it (mark it with `markContentsDirty`)."""
    layout = document.documentLayout()
    held = layout.blockSignals(True)
    try:
        document.markContentsDirty(first, end - first)
    finally:
        layout.blockSignals(held)


def repaint(document: QTextDocument, before: list[tuple[QTextBlock, float]],
            ranges: Iterable[tuple[int, int]]) -> None:  # fmt: skip
    """After `mark`: the blocks of `before` (each with its height before the change, `heights`)
    that start in one of `ranges` (positions from, to) repainted, each alone; the whole view
    where one of `before` is now another height (laid out again here, as the repaint would)."""
    layout = document.documentLayout()
    if any(not block.isValid() or layout.blockBoundingRect(block).height() != height
           for block, height in before):  # fmt: skip
        layout.update.emit()  # (the whole view: as Qt repaints a block grown or shrunk)
        return
    ranges = list(ranges)
    for block, _height in before:
        if any(first <= block.position() < end for first, end in ranges):
            layout.updateBlock.emit(block)
