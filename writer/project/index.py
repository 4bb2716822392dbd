"""A lexical index (BM25) over the paragraphs of a project's documents, to find the passages of
other chapters that share names and rare words with the text near the cursor.

- **Paragraphs** are separated by blank lines; a long one is split near PARAGRAPH_CHARS at a
  sentence end, and one under TINY_CHARS (a heading, a line of dialogue) joins the next. A
  passage's text is always the document's own slice: `text == document[start:start + len(text)]`.
- **Terms** are the case-folded words of spaced scripts, less English function words and the
  commonest words of narrative, and overlapping character bigrams of CJK text (Chinese has no
  spaces between words).
- **Only rare terms count.** A query is the text before the cursor, full of ordinary words; a
  query term found in more than COMMON_SHARE of the paragraphs that may be found (those of the
  other documents) is dropped, and stop words are no
  terms, so what matches is names and rare words. A term in the headings of more than
  COMMON_SHARE of the project's documents (two at least: "chapter", "章") is the project's
  way of naming its parts, not what a passage is about, and never counts in a heading (it
  sits in one paragraph of each document, and so looked rare: a chapter was pulled in by its
  heading's "Chapter" alone); where a paragraph has it in its text, it counts there (in a
  project of two documents a name in both headings was dropped everywhere, and its notes
  never came). A name (a word the project writes with a
  capital inside sentences) weighs NAME_WEIGHT times more, and a query term weighs more the nearer
  it is to the query's end, where the cursor is: the passage wanted is about what is being
  written now, not what was written a page ago. A passage's `score` is its BM25 score divided
  by what one word found in no other paragraph scores (so 1.0 is about one such word, whatever
  the project's size), and a passage below `min_score` is not returned: when nothing really
  matches, nothing comes.
- **Updates cost one document.** Postings are kept per paragraph, so `add` (again, after a save)
  and `remove` touch only that document's paragraphs; the totals are kept as running sums.
- **Deterministic:** ties are broken by path, then offset.
"""

from __future__ import annotations

import bisect
import math
import re
from collections import Counter
from dataclasses import dataclass

from writer.documents.markdown import outline
from writer.generation.text import PASSAGE_CUT
from writer.project.words import CJK_RANGES, CJK_RUN

K1 = 1.2
B = 0.75
PARAGRAPH_CHARS = 800
TINY_CHARS = 40
COMMON_SHARE = 0.5
MIN_SCORE = 0.5

BLANK_LINES = re.compile(r"\n[ \t]*\n\s*")
# a document's headings: Markdown's "#" lines (those the outline reads as headings: none in code
# or comments, `_atx_starts`), and its first line where it is as short as a title (a plain
# text's "Chapter 3"); HEADING tells an outline's ATX heading from a setext one
HEADING = re.compile(r"^ {0,3}#{1,6}(?:[ \t].*)?$", re.MULTILINE)
TERM = re.compile(f"[^\\W{CJK_RANGES}]{{2,}}|[{CJK_RANGES}]+")
NAME_WEIGHT = 2.0
FAR_WEIGHT = 0.25
NEAR_CHARS = 400  # about a paragraph
# Function words and the commonest words of narrative: in a small project every word is "rare"
# by its document frequency, so these never count.
STOP_WORDS = frozenset(
    """a about above across after again against ago all almost along already also although always
    am among an and another any anyone anything are around as asked at away back be became because
    become been before began behind being below between both but by came can cannot come could
    day did didn do does doesn doing don done down during each either else enough even ever every
    everything few first for from further get gets getting give go goes going gone got had hadn
    has have having he her here hers herself him himself his how however if in instead into is
    isn it its itself just knew know last let like ll long look looked made make many may me
    might more most much must my myself never next no nobody nor not nothing now of off often on
    once one only onto or other others our ours ourselves out over own put quite rather re really
    said same saw say says see seemed seen shall she should since so some someone something soon
    still such take than that the their theirs them themselves then there these they thing things
    this those though thought through time to told too took toward two under until up upon us ve
    very was wasn way we well went were what when where whether which while who whole whom why
    will with without won would yet you your yours yourself yourselves""".split()
)
# A word is a name when it is written with a capital inside sentences at least as often as not.
SENTENCE_OPENERS = frozenset(".!?:;\"“”‘’'«»—–-#*>([")


@dataclass(frozen=True)
class Passage:
    """A paragraph of a document that shares rare terms with a query."""

    path: str
    start: int
    text: str
    score: float
    words: tuple[str, ...] = ()  # the shared terms that count most, best first


def terms(text: str) -> list[str]:
    """The index terms of a text, in order: folded words less stop words, CJK bigrams."""
    return _scan(text)[0]


def _scan(text: str) -> tuple[list[str], Counter[str], Counter[str]]:
    """The terms of a text, and for the words: how often each is written with a capital inside
    a sentence, and how often in lower case."""
    found: list[str] = []
    capital: Counter[str] = Counter()
    lower: Counter[str] = Counter()
    for match in TERM.finditer(text):
        run = match.group()
        if CJK_RUN.fullmatch(run):
            if len(run) == 1:
                found.append(run)
            else:
                found.extend(run[i : i + 2] for i in range(len(run) - 1))
            continue
        term = run.casefold()
        if term in STOP_WORDS:
            continue
        found.append(term)
        if run[0].islower():
            lower[term] += 1
        elif run[0].isupper():
            before = text[max(0, match.start() - 3) : match.start()].rstrip()
            if before and before[-1] not in SENTENCE_OPENERS:
                capital[term] += 1
    return found, capital, lower


def paragraphs(text: str) -> list[tuple[int, str]]:
    """The document's paragraphs as (offset, text), as the index cuts them."""
    pieces: list[tuple[int, int]] = []
    start = 0
    for gap in BLANK_LINES.finditer(text):
        pieces.append((start, gap.start()))
        start = gap.end()
    pieces.append((start, len(text)))
    split: list[tuple[int, int]] = []
    for begin, end in pieces:
        while begin < end and text[begin].isspace():
            begin += 1
        while end > begin and text[end - 1].isspace():
            end -= 1
        while end - begin > PARAGRAPH_CHARS * 3 // 2:
            cut = _sentence_cut(text, begin, end)
            split.append((begin, cut))
            begin = cut
            while begin < end and text[begin].isspace():
                begin += 1
        if end > begin:
            split.append((begin, end))
    merged: list[tuple[int, int]] = []
    pending: int | None = None
    for begin, end in split:
        if pending is not None:
            begin, pending = pending, None
        if end - begin < TINY_CHARS:
            pending = begin
            continue
        merged.append((begin, end))
    if pending is not None:
        if merged:
            merged[-1] = (merged[-1][0], split[-1][1])
        else:
            merged.append((pending, split[-1][1]))
    return [(begin, text[begin:end]) for begin, end in merged]


def _sentence_cut(text: str, begin: int, end: int) -> int:
    """Where to cut a long paragraph: the sentence end nearest PARAGRAPH_CHARS, else a space,
    else PARAGRAPH_CHARS itself."""
    low, high = begin + PARAGRAPH_CHARS // 2, min(end, begin + PARAGRAPH_CHARS * 3 // 2)
    best: int | None = None
    target = begin + PARAGRAPH_CHARS
    for match in PASSAGE_CUT.finditer(text, low, high):
        if best is None or abs(match.end() - target) < abs(best - target):
            best = match.end()
    if best is None:
        space = text.rfind(" ", low, target)
        best = space + 1 if space > 0 else target
    return best


# A paragraph is a plain tuple of strings and numbers: (path, start, text, its distinct terms,
# length in terms, the words written with a capital inside a sentence, once each time, and those
# in lower case). The garbage collector stops following such a tuple, where it
# walked an object and three Counters for each paragraph (90,000 for 2,000 documents) at every
# full collection, on the build's thread holding Python's lock while the window waited.
_PATH, _START, _TEXT, _TERMS, _LENGTH, _CAPITAL, _LOWER = range(7)
_Paragraph = tuple  # (see above)


class ProjectIndex:
    """BM25 over the paragraphs of a project's documents."""

    def __init__(self) -> None:
        self._paragraphs: dict[int, _Paragraph] = {}
        self._postings: dict[str, dict[int, int]] = {}
        self._by_path: dict[str, tuple[int, ...]] = {}
        self._next_id = 0
        self._total_length = 0
        self._capital: Counter[str] = Counter()  # see _scan
        self._lower: Counter[str] = Counter()
        # each document's heading terms (a tuple of strings: the collector stops following it)
        self._headings: dict[str, tuple[str, ...]] = {}
        self._heading_documents: Counter[str] = Counter()  # in how many documents' headings
        # the terms a paragraph has in its heading's line only (`_heading_only`), where any
        self._heading_only: dict[int, frozenset[str]] = {}

    def __len__(self) -> int:
        """How many paragraphs the index holds."""
        return len(self._paragraphs)

    def paths(self) -> list[str]:
        """The documents in the index, sorted."""
        return sorted(self._by_path)

    def is_name(self, term: str) -> bool:
        """Whether the project writes a term with a capital inside sentences at least as often
        as without: a name, which weighs NAME_WEIGHT times more."""
        capital = self._capital.get(term, 0)
        return capital > 0 and capital >= self._lower.get(term, 0)

    def add(self, path: str, text: str) -> None:
        """Index a document's paragraphs, replacing what the index held for `path`."""
        self.remove(path)
        ids: list[int] = []
        atx = _atx_starts(text)
        for number, (start, paragraph) in enumerate(paragraphs(text)):
            found, capital, lower = _scan(paragraph)
            counts = Counter(found)
            pid = self._next_id
            self._next_id += 1
            length = sum(counts.values())
            self._paragraphs[pid] = (
                path,
                start,
                paragraph,
                tuple(counts),
                length,
                tuple(capital.elements()),
                tuple(lower.elements()),
            )
            within = _within(text, start, paragraph, atx)
            heading_only = _heading_only(paragraph, number == 0, within)
            if heading_only:
                self._heading_only[pid] = heading_only
            self._total_length += length
            self._capital.update(capital)
            self._lower.update(lower)
            for term, count in counts.items():
                self._postings.setdefault(term, {})[pid] = count
            ids.append(pid)
        self._by_path[path] = tuple(ids)
        heading = _heading_terms(text, atx)
        self._headings[path] = heading
        self._heading_documents.update(heading)

    def is_common_heading(self, term: str) -> bool:
        """Whether `term` is in the headings of more than COMMON_SHARE of the documents, two
        at least ("chapter"): it tells no document from another."""
        count = self._heading_documents.get(term, 0)
        return count >= 2 and count > len(self._by_path) * COMMON_SHARE

    def remove(self, path: str) -> None:
        """Forget a document (nothing happens when the index does not hold it)."""
        self._heading_documents.subtract(self._headings.pop(path, ()))
        for pid in self._by_path.pop(path, ()):
            self._heading_only.pop(pid, None)
            paragraph = self._paragraphs.pop(pid)
            self._total_length -= paragraph[_LENGTH]
            self._capital.subtract(paragraph[_CAPITAL])
            self._lower.subtract(paragraph[_LOWER])
            for term in paragraph[_TERMS]:
                posting = self._postings[term]
                del posting[pid]
                if not posting:
                    del self._postings[term]

    def release(self) -> None:
        """Forget everything, a paragraph at a time: a thread's work when a new index replaces
        this one (freeing 2,000 documents' paragraphs at once is one long step that holds
        Python's lock, the window's thread's included, 30–100 ms; between small steps other
        threads run)."""
        while self._paragraphs:
            self._paragraphs.popitem()
        while self._postings:
            self._postings.popitem()
        self._by_path.clear()
        self._headings.clear()
        self._heading_documents.clear()
        self._heading_only.clear()
        self._capital.clear()
        self._lower.clear()
        self._total_length = 0

    def search(
        self, query: str, exclude: str | None = None, k: int = 3, min_score: float = MIN_SCORE
    ) -> list[Passage]:
        """The `k` best passages for `query` from documents other than `exclude`, best first;
        none scoring below `min_score` (see the module's docstring for the scale)."""
        n = len(self._paragraphs)
        if n == 0 or k <= 0:
            return []
        average = max(self._total_length / n, 1.0)
        # how common a term is, among the paragraphs that may be found (the query's own
        # document's do not count: in a project of two short chapters every shared name was
        # "common", being in the chapter written now too, and nothing came)
        own = set(self._by_path.get(exclude, ())) if exclude else set()
        n_other = n - len(own)
        if n_other <= 0:
            return []
        unit = _idf(n_other, 1)  # a word in this paragraph only
        scores: dict[int, float] = {}
        shares: dict[int, list[tuple[float, str]]] = {}
        for term, nearness in sorted(_nearness(query).items()):
            posting = self._postings.get(term)
            if not posting:
                continue
            df = len(posting) - (len(own.intersection(posting)) if own else 0)
            if df == 0 or df > max(1.0, n_other * COMMON_SHARE):
                continue
            in_headings = self.is_common_heading(term)  # (counts only in a paragraph's text)
            idf = _idf(n_other, df) * nearness
            if self.is_name(term):
                idf *= NAME_WEIGHT
            for pid, count in posting.items():
                paragraph = self._paragraphs[pid]
                if paragraph[_PATH] == exclude:
                    continue
                if in_headings and term in self._heading_only.get(pid, ()):
                    continue
                norm = K1 * (1 - B + B * paragraph[_LENGTH] / average)
                gain = idf * count * (K1 + 1) / (count + norm) / unit
                scores[pid] = scores.get(pid, 0.0) + gain
                shares.setdefault(pid, []).append((gain, term))
        ranked = sorted(
            (pid for pid, score in scores.items() if score >= min_score),
            key=lambda pid: (
                -scores[pid],
                self._paragraphs[pid][_PATH],
                self._paragraphs[pid][_START],
            ),
        )
        found = []
        for pid in ranked[:k]:
            paragraph = self._paragraphs[pid]
            words = tuple(t for _, t in sorted(shares[pid], key=lambda g: (-g[0], g[1])))
            found.append(
                Passage(paragraph[_PATH], paragraph[_START], paragraph[_TEXT], scores[pid], words)
            )
        return found


def _atx_starts(text: str) -> list[int]:
    """Where the ATX heading lines of `text` start, in order: the outline's (markdown.py's one
    rule: a "#" line in fenced or indented code, or in a comment, is none)."""
    if "#" not in text:
        return []  # (a plain text: no outline read)
    return [h.position for h in outline(text).headings if HEADING.match(text, h.position)]


def _within(text: str, start: int, paragraph: str, atx: list[int]) -> list[int]:
    """The starts of `atx` (`_atx_starts(text)`) on the lines of `paragraph` (at `start` in
    `text`), as offsets in `paragraph` (its first line's may be before it: its indent)."""
    if "#" not in paragraph:
        return []  # (most paragraphs: no heading, at a glance)
    line_start = text.rfind("\n", 0, start) + 1
    first = bisect.bisect_left(atx, line_start)
    last = bisect.bisect_right(atx, start + len(paragraph))
    return [max(at - start, 0) for at in atx[first:last]]


def _heading_lines(text: str, atx: list[int], first: bool = True) -> list[str]:
    """The lines of `text` that are headings (those starting at `atx`, `_atx_starts`), and its
    first where it is the document's `first` and as short as a title."""
    lines = []
    for at in atx:
        end = text.find("\n", at)
        lines.append(text[at:] if end < 0 else text[at:end])
    opening = text.lstrip().split("\n", 1)[0]
    if first and len(opening) <= TINY_CHARS and not HEADING.fullmatch(opening):
        lines.append(opening)
    return lines


def _heading_terms(text: str, atx: list[int]) -> tuple[str, ...]:
    """The terms of a document's headings (`_heading_lines`)."""
    return tuple(sorted(set(terms("\n".join(_heading_lines(text, atx))))))


def _heading_only(paragraph: str, first: bool, atx: list[int]) -> frozenset[str]:
    """The terms of `paragraph` (the document's `first` or not) that are in its heading's
    lines (those at `atx` in it, `_within`) and nowhere else in it (a tiny heading is merged
    with the paragraph under it)."""
    if not first and not atx:
        return frozenset()  # (most paragraphs: no heading)
    lines = _heading_lines(paragraph, atx, first)
    if not lines:
        return frozenset()
    headings = set(lines)
    rest = [line for line in paragraph.split("\n")
            if line not in headings and line.lstrip() not in headings]  # fmt: skip
    return frozenset(terms("\n".join(lines))) - set(terms("\n".join(rest)))


def _nearness(query: str) -> dict[str, float]:
    """The query's terms, each weighted by how near the query's end (the cursor) it last
    appears: 1 there, falling by half every NEAR_CHARS towards FAR_WEIGHT."""
    weights: dict[str, float] = {}
    for match in TERM.finditer(query):
        distance = len(query) - match.end()
        for term in terms(match.group()):
            weights[term] = FAR_WEIGHT + (1 - FAR_WEIGHT) * 0.5 ** (distance / NEAR_CHARS)
    return weights


def _idf(n: int, df: int) -> float:
    """BM25's inverse document frequency, never negative."""
    return math.log(1 + (n - df + 0.5) / (df + 0.5))
