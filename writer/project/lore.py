"""Which lore entries of the notes are on, as the writer types.

An entry comes on when one of its keywords appears in the last `near_chars` of the text before the
cursor (or the first AFTER_CHARS after it), and stays on until none of its keywords is left in the
last `release_chars`: the prompt does not change, and the cache is not lost, each time a name
scrolls just past the edge of the near window. The result is in notes order, never by recency, so
that the memory block changes only where an entry switches.

Matching is case-folded. A keyword with CJK characters matches as a plain substring (Chinese puts
no spaces between words); any other keyword matches whole words only ("Ruth" is not in "truth",
but is in "Ruth说"), and its last word in the plural or possessive too: "Trevail" is in "the
Trevails", "Trevail's", "the Trevails'", "Bush" in "Bushes", but "Hale" is not in "Haley".
`update` runs on each keystroke: the keywords are compiled once per notes version into a set of
words and a few patterns, and a window is scanned once with one regex.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from writer.project.notes import Notes, Section
from writer.project.words import CJK_RANGES, CJK_RUN, WORD, has_cjk, is_word_char

AFTER_CHARS = 400
LETTER = f"[^\\W{CJK_RANGES}]"


@dataclass(frozen=True)
class Triggered:
    """A lore entry that is on, and the keyword (as written in the notes) that put it on."""

    section: Section
    keyword: str


def _fold(keyword: str) -> str:
    """A keyword as matched: case-folded, its inner spaces as one."""
    return " ".join(keyword.split()).casefold()


@lru_cache(maxsize=4096)
def _pattern(folded: str) -> re.Pattern[str]:
    """A whole-word pattern for a case-folded keyword of a spaced script: no word character of
    a spaced script may touch it (a CJK character may)."""
    body = r"\s+".join(re.escape(part) for part in folded.split())
    left = f"(?<!{LETTER})" if is_word_char(folded[0]) else ""
    # -es only where English writes it (bushes, boxes, churches): "Tim" is not in "times",
    # "Lin" not in "lines"
    plural = r"(?:s|(?:(?<=[sxz])|(?<=ch)|(?<=sh))es)?"
    right = f"{plural}(?!{LETTER})" if is_word_char(folded[-1]) else ""
    return re.compile(left + body + right)


def _forms(word: str) -> tuple[str, ...]:
    """A folded word and what it may be the plural of: "trevails" -> "trevail", "bushes" ->
    "bush" (and "bushe": a keyword is matched, never made)."""
    if len(word) > 3 and word.endswith("es") and word[:-2].endswith(("s", "x", "z", "ch", "sh")):
        return (word, word[:-1], word[:-2])
    if len(word) > 2 and word.endswith("s"):
        return (word, word[:-1])
    return (word,)


class _Matcher:
    """The keywords of one notes version, compiled to find which are present in a text."""

    def __init__(self, keywords: list[str]) -> None:
        self.words: set[str] = set()  # one-word keywords
        # The other keywords by their first two words (CJK ones by their first two characters):
        # a text is searched only for those whose start it holds, so many names that share a
        # word or a surname cost no more than a few.
        self.phrases: dict[tuple[str, ...], list[str]] = {}
        self.cjk: dict[str, list[str]] = {}
        for keyword in dict.fromkeys(_fold(k) for k in keywords):
            if not keyword:
                continue
            if has_cjk(keyword):
                self.cjk.setdefault(keyword[:2], []).append(keyword)
            elif WORD.fullmatch(keyword):
                self.words.add(keyword)
            else:
                self.phrases.setdefault(tuple(WORD.findall(keyword))[:2], []).append(keyword)

    def present(self, text: str) -> set[str]:
        """The case-folded keywords that appear in `text`."""
        folded = text.casefold()
        found: set[str] = set()
        if self.words or self.phrases:
            tokens = WORD.findall(folded)
            single = {form for token in set(tokens) for form in _forms(token)}
            found.update(single.intersection(self.words))
            if self.phrases:
                starts = {(t,) for t in single}
                pairs = zip(tokens, tokens[1:], strict=False)
                starts.update((a, form) for a, b in pairs for form in _forms(b))
                starts.add(())
                for start in starts.intersection(self.phrases):
                    found.update(k for k in self.phrases[start] if _pattern(k).search(folded))
        if self.cjk:
            starts = set()
            for run in CJK_RUN.finditer(folded):
                chars = run.group()
                starts.update(chars)
                starts.update(chars[i : i + 2] for i in range(len(chars) - 1))
            for start in starts.intersection(self.cjk):
                found.update(k for k in self.cjk[start] if k in folded)
        return found


def find_keywords(section: Section, text: str) -> str | None:
    """The first keyword of `section` (in the order written) present in `text`, or None."""
    present = _Matcher(list(section.keywords)).present(text)
    for keyword in section.keywords:
        if _fold(keyword) in present:
            return keyword
    return None


def _tail(text: str, chars: int) -> str:
    """The last `chars` of `text`, without the word the cut would split."""
    if len(text) <= chars:
        return text
    start = len(text) - chars
    while start < len(text) and is_word_char(text[start]) and is_word_char(text[start - 1]):
        start += 1
    return text[start:]


def _head(text: str, chars: int) -> str:
    """The first `chars` of `text`, without the word the cut would split."""
    if len(text) <= chars:
        return text
    end = chars
    while end > 0 and is_word_char(text[end - 1]) and is_word_char(text[end]):
        end -= 1
    return text[:end]


class LoreTracker:
    """Which lore entries are on, with hysteresis so they do not flap while the writer types."""

    def __init__(self, notes: Notes, near_chars: int = 2000, release_chars: int = 4000) -> None:
        self.near_chars = near_chars
        self.release_chars = max(release_chars, near_chars)
        self._on: dict[tuple[str, tuple[str, ...], str], str] = {}  # entry -> its trigger
        self.set_notes(notes)

    def set_notes(self, notes: Notes) -> None:
        """Follow a new version of the notes; entries that are on and unchanged stay on."""
        self._entries = [
            (s, (s.heading, s.keywords, s.text), tuple(_fold(k) for k in s.keywords))
            for s in notes.lore
        ]
        self._owners: dict[str, list[int]] = {}  # folded keyword -> entries naming it
        for i, (_, _, folded) in enumerate(self._entries):
            for keyword in dict.fromkeys(folded):
                self._owners.setdefault(keyword, []).append(i)
        self._matcher = _Matcher(list(self._owners))
        keys = {key for _, key, _ in self._entries}
        self._on = {key: keyword for key, keyword in self._on.items() if key in keys}

    def update(self, before: str, after: str = "") -> tuple[Triggered, ...]:
        """The entries on for a cursor with `before` and `after` it, in notes order."""
        if not self._entries:
            return ()
        near = self._matcher.present(
            _tail(before, self.near_chars) + "\n" + _head(after, AFTER_CHARS)
        )
        held = self._matcher.present(_tail(before, self.release_chars)) if self._on else set()
        candidates = {i for keyword in near for i in self._owners[keyword]}
        candidates.update(i for keyword in held for i in self._owners[keyword])
        on: dict[tuple[str, tuple[str, ...], str], str] = {}
        result: list[Triggered] = []
        for i in sorted(candidates):
            section, key, folded = self._entries[i]
            keyword = None
            previous = self._on.get(key)
            if previous is not None:
                # The same trigger while it is still there, for a steady Context panel.
                if _fold(previous) in near or _fold(previous) in held:
                    keyword = previous
                else:
                    keyword = _first(section.keywords, folded, held)
            if keyword is None:
                keyword = _first(section.keywords, folded, near)
            if keyword is not None:
                on[key] = keyword
                result.append(Triggered(section, keyword))
        self._on = on
        return tuple(result)


def _first(keywords: tuple[str, ...], folded: tuple[str, ...], present: set[str]) -> str | None:
    """The first keyword (as written) whose folded form is present."""
    for keyword, fold in zip(keywords, folded, strict=True):
        if fold in present:
            return keyword
    return None
