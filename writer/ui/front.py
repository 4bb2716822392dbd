"""What File → Export Project puts before a manuscript's text, as Scrivener's Compile and
Pandoc's --toc do: a title page (the title and the author's name on a page of their own) and a
table of contents (the chapters' headings, the two highest levels the documents use), the text
then beginning on a new page. Each export writes them its own way (Word's TOC field,
LibreOffice's table of contents, a web page's links, a PDF's list with page numbers); this
module finds the headings and names their anchors, once for every kind.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from PySide6.QtGui import QTextBlock, QTextCursor, QTextDocument

CONTENTS_LEVELS = 2  # the table of contents lists the two highest levels the documents use


@dataclass(frozen=True)
class Manuscript:
    """The writer's choices for a project's export: the title and the author (the documents'
    metadata), and whether a title page and a table of contents come before the text;
    `contents_title`: the table's heading, in the interface's language."""

    title: str
    author: str = ""
    title_page: bool = False
    contents: bool = False
    contents_title: str = "Contents"


@dataclass(frozen=True)
class Entry:
    """A heading of the table of contents: its level (1-6, as the document has it), its
    words, its block's number in the document, its anchor in a word processor's file
    (a bookmark, `_Toc1`) and in a web page (an id, as GitHub names a heading's)."""

    level: int
    text: str
    block: int
    anchor: str
    slug: str


@dataclass(frozen=True)
class Front:
    """The front matter of one export: the manuscript's choices with the headings its table
    of contents lists (None: no table)."""

    manuscript: Manuscript
    entries: tuple[Entry, ...] | None

    @property
    def shows_something(self) -> bool:
        """Whether anything comes before the text (then it begins on a new page)."""
        return self.manuscript.title_page or bool(self.entries)

    @property
    def deepest(self) -> int:
        """The deepest level the table lists (Word's `\\o "1-2"`)."""
        return max((e.level for e in self.entries or ()), default=CONTENTS_LEVELS)

    def bookmarks(self) -> dict[int, str]:
        """A listed heading's block number -> its bookmark's name."""
        return {e.block: e.anchor for e in self.entries or ()}

    def ids(self) -> dict[int, str]:
        """A listed heading's block number -> its id in a web page."""
        return {e.block: e.slug for e in self.entries or ()}


def front_of(manuscript: Manuscript, doc: QTextDocument) -> Front:
    """The front matter of `doc` (a project's combined document) as `manuscript` asks (no
    table of contents where the documents have no headings)."""
    return Front(manuscript, (headings(doc) or None) if manuscript.contents else None)


def heading_ids(doc: QTextDocument) -> dict[int, str]:
    """Each heading's id, as GitHub gives a heading's (its words in lower case, punctuation
    dropped, spaces as hyphens; a second of the same words "-1", then "-2"), by its block's
    number: a link to "#part-two" goes to "Part Two" in every export that has such links."""
    ids: dict[int, str] = {}
    taken: set[str] = set()
    block = doc.begin()
    while block.isValid():
        if 1 <= block.blockFormat().headingLevel() <= 6:
            slug = base = _slug(" ".join(_words(block).split())) or "section"
            n = 0
            while slug in taken:
                n += 1
                slug = f"{base}-{n}"
            taken.add(slug)
            ids[block.blockNumber()] = slug
        block = block.next()
    return ids


def headings(doc: QTextDocument) -> tuple[Entry, ...]:
    """The headings of `doc` a table of contents lists: those of the two highest levels it
    uses (a project whose chapters begin with "##" lists those and their "###"), without
    those in a table, each with a bookmark's name and a web page's id of its own."""
    found: list[tuple[int, str, int]] = []
    block = doc.begin()
    while block.isValid():
        level = block.blockFormat().headingLevel()
        if 1 <= level <= 6 and QTextCursor(block).currentTable() is None:
            text = " ".join(_words(block).split())
            if text:
                found.append((level, text, block.blockNumber()))
        block = block.next()
    levels = sorted({level for level, _text, _block in found})[:CONTENTS_LEVELS]
    deepest = levels[-1] if levels else 0
    entries: list[Entry] = []
    ids = heading_ids(doc) if found else {}
    for level, text, number in found:
        if level > deepest:
            continue
        entries.append(Entry(level, text, number, f"_Toc{len(entries) + 1}", ids[number]))
    return tuple(entries)


def _words(block: QTextBlock) -> str:
    """A heading's words as a table of contents gives them: without its footnotes' marks
    (a raised number with its note over it) and its pictures."""
    from writer.ui.odt import runs  # (odt.py writes the contents this module reads)

    return "".join(
        run.text.replace("\ufffc", " ") for run in runs(block) if not (run.raised and run.tip)
    )


def _slug(text: str) -> str:
    """A heading's id as GitHub gives it: lower case, its punctuation dropped, spaces as
    hyphens (letters of every script kept)."""
    kept = "".join(
        ch for ch in text.lower()
        if ch in " -_" or unicodedata.category(ch)[0] in "LNM"
    )  # fmt: skip
    return re.sub(r" ", "-", kept.strip())
