"""The project's notes file: Markdown sections that are always in the prompt, and lore entries
that come in only when one of their keywords is near the cursor.

- **Sections** start at headings, ATX (`#` to `######`) and setext (a paragraph over a line of
  `===` or `---`), read as the editor's Go to Heading reads them (`documents.markdown.outline`):
  a heading in code or in a comment is text. A section's `body` runs to the next heading of the
  same or higher level, so it holds its subsections; `own` stops at the first subheading and is
  what goes into a prompt, so that a parent and its children never put the same text in twice.
  Text before the first heading is an always-in section named after the file.
- **Lore entries.** A heading that ends in a parenthesised list, `## Ruth Okafor (Ruth, the
  detective)`, names its keywords: the heading's own name and the listed ones (ASCII or
  fullwidth parentheses; separated by `,` `，` `、` `;` `；`). A subsection without keywords of a
  lore entry belongs to that entry and takes its keywords: `### Her past` under Ruth Okafor comes
  in with her, never on its own.
- **Comments.** What is between `<!--` and `-->` (outside code: fenced and indented blocks and
  code spans, where `<!--` is text, as the highlighting shows it) is for the writer alone:
  the model never reads it, and a heading inside a comment is no section. The template that
  View → Edit Project Notes writes keeps its examples there. A line that holds only a comment
  goes with the blank line after it; line numbers in sentences stay those of the file.
- **Never raises.** Whatever the text, the writer gets sections and sentences (`problems`) that
  say what was cut or dropped: a file over MAX_CHARS, more than MAX_SECTIONS sections, a keyword
  over MAX_KEYWORD_CHARS, a keyword used by two entries (both come in when it appears), a CJK
  keyword of one character (it matches inside other words: 林 is in 森林).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from writer.documents.markdown import Outline, outline
from writer.project.words import has_cjk
from writer.sentences import said

# the headings of the style note: a section without keywords under one of these names (cased
# as the writer likes) is placed a few lines before the cursor (writer/project/context.py)
STYLE_HEADINGS = frozenset({"style", "style note", "author's note", "authors note", "风格", "文风"})

MAX_CHARS = 1024 * 1024
MAX_SECTIONS = 1000
MAX_KEYWORD_CHARS = 64

KEYWORD_LIST = re.compile(r"^(.*?)[ \t]*[(（]([^()（）]*)[)）][ \t]*$")
SEPARATORS = re.compile(r"[,，、;；]")
UNCLOSED = re.compile(r"[(（][^)）]*$")  # a list of keywords begun at the heading's end


@dataclass(frozen=True)
class Section:
    """One section of the notes file; `keywords` is () for a section that is always in."""

    heading: str
    keywords: tuple[str, ...]
    body: str
    line: int
    level: int = 0  # 1 to 6 for `#` to `######`; 0 for the text before the first heading
    own: str = ""  # `body` up to the first subheading: what this section puts into a prompt

    @property
    def always(self) -> bool:
        """Whether the section is in every prompt (it has no keywords)."""
        return not self.keywords

    @property
    def text(self) -> str:
        """The section's own text, for a prompt (its body when built without `own`)."""
        return self.own or self.body


@dataclass(frozen=True)
class Notes:
    """A parsed notes file: its sections in file order, and what the writer should be told."""

    sections: tuple[Section, ...]
    problems: tuple[str, ...] = ()

    @property
    def lore(self) -> tuple[Section, ...]:
        """The sections with keywords, in file order."""
        return tuple(s for s in self.sections if s.keywords)

    @property
    def always(self) -> tuple[Section, ...]:
        """The sections without keywords, in file order."""
        return tuple(s for s in self.sections if not s.keywords)


@dataclass
class _Heading:
    line: int
    level: int
    title: str
    start: int  # character offset of the heading line


def parse_notes(text: str, name: str = "notes.md") -> Notes:
    """The sections of a notes file and the sentences about what was cut or dropped."""
    problems: list[str] = []
    if len(text) > MAX_CHARS:
        cut = text.rfind("\n", 0, MAX_CHARS)
        text = text[: cut + 1 if cut > 0 else MAX_CHARS]
        line = text.count("\n") + 1
        problems.append(
            said(
                "{0} is longer than 1 MB: only its first {1:,} characters are read (up to line "
                "{2}).",
                name,
                MAX_CHARS,
                line,
            )
        )
    read = outline(text)
    lines, origin = _without_comments(text, read, name, problems)
    text = "\n".join(lines)
    offsets = [0] * (len(lines) + 1)
    for i, line in enumerate(lines):
        offsets[i + 1] = offsets[i] + len(line) + 1
    headings = []
    for heading in read.headings:  # (by the file's own line, for the sentences)
        kept = bisect.bisect_left(origin, heading.line - 1)
        if kept < len(origin) and origin[kept] == heading.line - 1:  # (not a line of comments)
            headings.append(_Heading(heading.line - 1, heading.level, heading.text, offsets[kept]))

    sections: list[Section] = []
    first = headings[0].start if headings else len(text)
    if text[:first].strip():
        preface = text[:first]
        sections.append(Section(name, (), preface, 0, 0, preface))
    if len(headings) + len(sections) > MAX_SECTIONS:
        keep = MAX_SECTIONS - len(sections)
        problems.append(
            said(
                "{0} has more than {1:,} sections: the ones from line {2} on are left out.",
                name,
                MAX_SECTIONS,
                headings[keep].line + 1,
            )
        )
        end_of_text = headings[keep].start
        headings = headings[:keep]
    else:
        end_of_text = len(text)

    parents: list[tuple[int, tuple[str, ...]]] = []  # (level, keywords) of the open headings
    owners: dict[str, int] = {}  # case-folded keyword -> index of the first entry naming it
    reported: set[str] = set()
    ends = _ends(headings, end_of_text)
    for i, heading in enumerate(headings):
        end = ends[i]
        own_end = headings[i + 1].start if i + 1 < len(headings) else end_of_text
        title, keywords = _keywords(heading.title, name, heading.line, problems)
        if keywords and title.strip().casefold() in STYLE_HEADINGS:
            # "## Style (present tense, short sentences)": the style written in the brackets
            # made a lore entry that came in only where "Style" was written, and no style note
            problems.append(
                said(
                    "{0} line {1}: “{2}” has keywords in brackets, so it is a lore entry, not "
                    "the style note: write the style on the lines under a heading “{3}” alone.",
                    name,
                    heading.line + 1,
                    heading.title.strip(),
                    title.strip(),
                )
            )
        while parents and parents[-1][0] >= heading.level:
            parents.pop()
        inherited = not keywords and bool(parents) and bool(parents[-1][1])
        if inherited:
            keywords = parents[-1][1]
        else:
            for keyword in keywords:
                folded = keyword.casefold()
                if folded not in owners:
                    owners[folded] = len(sections)
                elif folded not in reported:
                    reported.add(folded)
                    other = sections[owners[folded]]
                    problems.append(
                        said(
                            "{0} line {1}: the keyword “{2}” is also a keyword of “{3}” (line "
                            "{4}); both entries come in when it appears.",
                            name,
                            heading.line + 1,
                            keyword,
                            other.heading,
                            other.line + 1,
                        )
                    )
        parents.append((heading.level, keywords))
        body = text[heading.start : end]
        own = text[heading.start : own_end]
        sections.append(Section(title, keywords, body, heading.line, heading.level, own))
    return Notes(tuple(sections), tuple(problems))


def _without_comments(
    text: str, read: Outline, name: str, problems: list[str]
) -> tuple[list[str], list[int]]:
    """The lines of `text` with its HTML comments (`read.comments`) taken out, and the file's line
    number of each line kept. A line that was only a comment is dropped, and so is a blank line
    after it where one is left before it."""
    lines = text.split("\n")
    if not read.comments:
        return lines, list(range(len(lines)))
    comments = read.comments
    kept: list[str] = []
    origin: list[int] = []
    dropped = False  # the line before was a comment alone
    c = 0  # the first comment not passed yet
    at = 0  # where the line starts
    for i, raw in enumerate(lines):
        end = at + len(raw)
        pieces: list[str] = []
        start, touched = at, False
        while c < len(comments) and comments[c][0] <= end:
            a, b = comments[c]
            touched = True
            pieces.append(text[start : max(start, a)])
            if b > end:  # it goes on past this line
                start = end
                break
            start = b
            c += 1
        pieces.append(text[start:end])
        at = end + 1
        left = "".join(pieces)
        if touched and not left.strip():
            dropped = True  # a comment alone on its line
            continue
        if dropped and not left.strip() and (not kept or not kept[-1].strip()):
            dropped = False  # the blank line after it, where one is left before it
            continue
        dropped = False
        kept.append(left)
        origin.append(i)
    if read.open_comment >= 0:
        problems.append(
            said(
                "{0} line {1}: a comment opened with “<!--” is not closed with “-->”: the rest "
                "of the file is hidden from the model.",
                name,
                text.count("\n", 0, read.open_comment) + 1,
            )
        )
    return kept, origin


def _ends(headings: list[_Heading], end_of_text: int) -> list[int]:
    """Where each heading's section ends: at the next heading of the same or higher level."""
    ends = [end_of_text] * len(headings)
    waiting: list[int] = []  # indexes of headings whose end is not found yet, levels increasing
    for i, heading in enumerate(headings):
        while waiting and headings[waiting[-1]].level >= heading.level:
            ends[waiting.pop()] = heading.start
        waiting.append(i)
    return ends


def _keywords(title: str, name: str, line: int, problems: list[str]) -> tuple[str, tuple[str, ...]]:
    """A heading's name and its keywords: () unless it ends in a parenthesised list."""
    match = KEYWORD_LIST.match(title)
    if not match:
        if UNCLOSED.search(title):
            problems.append(
                said(
                    "{0} line {1}: the heading opens a list of keywords with “(” and does not "
                    "close it: “{2}” is a section without keywords.",
                    name,
                    line + 1,
                    title,
                )
            )
        return title, ()
    heading = match.group(1).strip()
    candidates = [heading, *SEPARATORS.split(match.group(2))]
    if not heading:
        # "## (Ruth)" or "## ()": named by what it holds (a section without a name showed as
        # a blank row), and said
        heading = title.strip()
        problems.append(
            said(
                "{0} line {1}: the heading “{2}” has no name before its keywords.",
                name,
                line + 1,
                heading,
            )
        )
    keywords: list[str] = []
    seen: set[str] = set()
    for candidate in candidates:
        keyword = " ".join(candidate.split())
        if not keyword or keyword.casefold() in seen:
            continue
        if len(keyword) > MAX_KEYWORD_CHARS:
            problems.append(
                said(
                    "{0} line {1}: a keyword longer than {2} characters (“{3}…”) is left out.",
                    name,
                    line + 1,
                    MAX_KEYWORD_CHARS,
                    keyword[:24],
                )
            )
            continue
        if len(keyword) == 1 and has_cjk(keyword):
            problems.append(
                said(
                    "{0} line {1}: the keyword “{2}” is a single character: with no spaces "
                    "between words, it also turns the entry on inside every other word that "
                    "holds it. A keyword of two characters or more is safer.",
                    name,
                    line + 1,
                    keyword,
                )
            )
        seen.add(keyword.casefold())
        keywords.append(keyword)
    return heading, tuple(keywords)
