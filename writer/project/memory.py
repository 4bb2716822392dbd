"""The memory block that goes before the document in a prompt, and the style note inside it.

- **Order: least changing first.** Always-in notes (file order), then the lore entries that are
  on (notes order), then passages of other documents (in the Project panel's order, then by
  offset: never by score, so a re-ranking does not reorder the prompt), then the line that opens
  the document. Typing changes only the end of a prompt, and a backend's prefix cache keeps the
  memory while the writer types; an entry switching on costs a re-read from that entry on, not of
  the whole block.
- **Framing for a completion model.** Plain bracketed headers, the way a manuscript file with
  notes pasted at the top would read: `[Notes]`, `[Earlier in this project: chapter-01.md]`,
  `[Document]`. A passage of a document after the one written in, in the Project panel's order
  (the manuscript's, `files.natural_order`), is `[Later in this project: chapter-09.md]`: called
  "earlier", chapter 9's events were told to the model as past while it wrote chapter 3.
- **Budget.** The always-in sections together take at most NOTES_SHARE of `budget_tokens` (by
  `count`, headers included), shared fairly: a short section goes in whole, a long one gets an
  equal part of what is left and is cut at a paragraph end with "…" (a section in which not even
  a paragraph fits is left out). Their share does not depend on which lore entries are on, so an
  entry switching on never changes the notes before it. The lore entries that are on take what
  the notes leave, then the passages; one that does not fit is left out whole. What the budget
  had no room for is `Memory.left_out`, for the Context panel: never left out silently.
- **The style note** (an author's note) is `Memory.style`; it goes into the text before the
  cursor, not into this block (generation/window.py `place_style`, used by every backend).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import PurePath

from writer.project.files import natural_order
from writer.project.index import Passage
from writer.project.lore import Triggered
from writer.project.notes import Notes
from writer.project.words import CJK

NOTES_HEADER = "[Notes]"
PASSAGE_HEADER = "[Earlier in this project: {label}]"
LATER_HEADER = "[Later in this project: {label}]"
DOCUMENT_HEADER = "[Document]"
ELLIPSIS = "…"
KINDS = frozenset({"notes", "lore", "passage", "style"})
NOTES_SHARE = 0.5  # of the budget, at most, for the always-in sections together


@dataclass(frozen=True)
class Part:
    """One piece of the memory block; `text` is exactly what it puts into the prompt (without
    the header it goes under). `trigger`: a lore entry's keyword, or a passage's shared words."""

    kind: str  # "notes" | "lore" | "passage"
    label: str
    text: str
    trigger: str = ""
    later: bool = False  # a passage of a document after the one written in

    def header(self) -> str:
        """A passage's header line, without its line's end ("" for the other kinds)."""
        if self.kind != "passage":
            return ""
        return (LATER_HEADER if self.later else PASSAGE_HEADER).format(label=self.label)


@dataclass(frozen=True)
class LeftOut:
    """A part the budget had no room for: `part` is what was left out of it, all of it, or,
    when `rest`, what followed the paragraph an always-in section was cut at."""

    part: Part
    rest: bool = False


@dataclass(frozen=True)
class Memory:
    """What the project adds to a prompt: parts before the document and a style note, and what
    the budget left out (which is not in the prompt)."""

    parts: tuple[Part, ...] = ()
    style: str = ""
    left_out: tuple[LeftOut, ...] = ()

    def text(self) -> str:
        """The block that goes before the document in a prompt ("" when there are no parts)."""
        if not self.parts:
            return ""
        blocks: list[str] = []
        notes_open = False
        for part in self.parts:
            if part.kind == "passage":
                blocks.append(part.header() + "\n" + part.text)
                notes_open = False
            elif not notes_open:
                blocks.append(NOTES_HEADER + "\n" + part.text)
                notes_open = True
            else:
                blocks.append(part.text)
        blocks.append(DOCUMENT_HEADER + "\n")
        return "\n\n".join(blocks)

    def __bool__(self) -> bool:
        return bool(self.parts or self.style)


def guess_tokens(text: str) -> int:
    """A token count without a tokenizer: a CJK character each, 3.5 other characters each;
    never 0 for a text that is not empty."""
    if not text:
        return 0
    cjk = len(CJK.findall(text))
    return max(1, cjk + math.ceil((len(text) - cjk) / 3.5))


def gather(
    notes: Notes | None,
    triggered: Sequence[Triggered],
    passages: Sequence[Passage],
    style: str,
    budget_tokens: int,
    count: Callable[[str], int] = guess_tokens,
    include: frozenset[str] = KINDS,
    current: str | None = None,
) -> Memory:
    """The memory for one request: the parts `include` switches on, within `budget_tokens`;
    `current`, the document written in (its passages after it are "later")."""
    place = natural_order(PurePath(current)) if current else None
    always: list[tuple[tuple[int, object, int], Part, int]] = []  # (place, part, heading level)
    if notes is not None and "notes" in include:
        for i, section in enumerate(notes.always):
            text = section.text.strip("\n")
            if _says_something(section.text, section.level):
                part = Part("notes", section.heading, text)
                always.append(((0, "", i), part, section.level))
    others: list[tuple[tuple[int, object, int], Part]] = []  # in priority order
    if "lore" in include:
        for i, entry in enumerate(triggered):
            text = entry.section.text.strip("\n")
            if text.strip():
                part = Part("lore", entry.section.heading, text, entry.keyword)
                others.append(((1, "", i), part))
    if "passage" in include:
        for passage in sorted(passages, key=lambda p: (-p.score, p.path, p.start)):
            text = passage.text.strip("\n")
            if text.strip():
                label = PurePath(passage.path).name or passage.path
                order = natural_order(PurePath(passage.path))  # (the manuscript's: "10" after "2")
                later = place is not None and order > place
                part = Part("passage", label, text, ", ".join(passage.words), later)
                others.append(((2, order, passage.start), part))

    left = budget_tokens - count(DOCUMENT_HEADER + "\n")
    taken: list[tuple[tuple[int, object, int], Part]] = []
    left_out: list[tuple[tuple[int, object, int], LeftOut]] = []
    notes_header = count(NOTES_HEADER + "\n")
    if always:
        # Each section's cost counts the blank line after it; the [Notes] header is paid once.
        room = min(left, int(max(0, budget_tokens) * NOTES_SHARE)) - notes_header
        used = 0

        def fit(place: tuple[int, object, int], part: Part, level: int, share: int) -> int:
            """Take the section whole or cut to `share`; the tokens it takes (0: none fits)."""
            cost = count(part.text) + 1
            if cost <= share:
                taken.append((place, part))
                return cost
            cut = _cut(part.text, share - 1, count, level)
            if not cut:
                return 0
            taken.append((place, Part(part.kind, part.label, cut, part.trigger)))
            rest = part.text[len(cut.removesuffix(ELLIPSIS).rstrip()) :].strip()
            left_out.append((place, LeftOut(Part(part.kind, part.label, rest), rest=True)))
            return count(cut) + 1

        missed: list[tuple[tuple[int, object, int], Part, int]] = []
        by_size = sorted(always, key=lambda a: count(a[1].text))
        for k, (place, part, level) in enumerate(by_size):
            took = fit(place, part, level, (room - used) // (len(by_size) - k))
            used += took
            if not took:
                missed.append((place, part, level))
        # what the sections with not a paragraph in their fair share left, in file order
        for place, part, level in sorted(missed, key=lambda m: m[0]):
            took = fit(place, part, level, room - used)
            used += took
            if not took:
                left_out.append((place, LeftOut(part)))
        if taken:
            left -= used + notes_header
            notes_header = 0
    for place, part in others:
        header = count(part.header() + "\n") if part.kind == "passage" else notes_header
        cost = count(part.text) + header + 1  # the blank line between parts
        if cost <= left:
            taken.append((place, part))
            left -= cost
            if part.kind != "passage":
                notes_header = 0  # one [Notes] header for notes and lore
        else:
            left_out.append((place, LeftOut(part)))
    style_text = " ".join(style.split()) if "style" in include else ""
    return Memory(
        tuple(part for _, part in sorted(taken, key=lambda t: t[0])),
        style_text,
        tuple(out for _, out in sorted(left_out, key=lambda t: t[0])),
    )


def _says_something(text: str, level: int) -> bool:
    """Whether a section holds more than its heading line (a bare `# People` above its lore
    entries tells the model nothing)."""
    body = text.split("\n", 1)[1] if level and "\n" in text else ("" if level else text)
    return bool(body.strip())


def _cut(text: str, budget: int, count: Callable[[str], int], level: int = 0) -> str:
    """The longest run of whole paragraphs of `text` that fits `budget` with "…" after it, or ""
    when not even the first paragraph under the section's heading (of `level`) fits."""
    if budget <= 0:
        return ""
    ends = [m.start() for m in re.finditer(r"\n[ \t]*\n", text)]
    best = ""
    for end in ends:
        if not _says_something(text[:end], level):
            continue  # the heading alone: a stub that tells the model nothing
        candidate = text[:end].rstrip() + "\n\n" + ELLIPSIS
        if count(candidate) > budget:
            break
        best = candidate
    return best
