"""Find in Project: every match of a query in the project's documents, without Qt.

`search(query, texts)` is a pure function over (path, text) pairs: for each text, each match of
the query on each of its lines, at most `limit` in all (the first ones, in the order the texts
come), as `Match`es whose `found` is always the line's own slice:
`line[column:column + len(found)] == found`. Lines are the text's "\\n"-separated lines, as the
editor counts its blocks (Go to Line's numbers), from 1; a column is a character's index in its
line (Python's, not Qt's: an emoji counts one here, two in a QTextDocument).

The query's rules:

- **Match Case** off, letters match whatever their case (`re.IGNORECASE`).
- **Whole Word**: a match may not begin or end inside a word of a spaced script. A boundary is
  needed only where a letter or digit of such a script meets another one, so "Ann" does not
  find "Anna" but finds "Ann" in "是Ann说"; Chinese and Japanese have no spaces between words,
  so a query of Han characters is found inside any run of them, Whole Word or not (the project's
  index and the banned phrases read CJK text by characters for the same reason).
- **Regular Expression**: Python's `re`, matched within one line (so `^` and `$` are a line's
  ends); a pattern that does not compile raises `QueryError` with `re`'s reason (the interface
  says it in its own words: writer/ui/i18n.py `regex_reason`); empty matches are skipped.

Replace in Project changes the same matches: `replacements(query, text, replacement)` lists each
match of a text with what takes its place, `replaced(text, found)` makes the new text from them
(the text between the matches as it was). In a regular expression the replacement is a `re`
template (`\\1`, `\\g<name>`, `\\n`: Python's `re.sub`), one that does not expand raising
`TemplateError` with `re`'s reason before any text is touched; otherwise it is taken as written,
backslashes and all. The replacement is written as typed whatever the case of the match (Match
Case off finds "ruth" and "RUTH" and writes "Hannah" over both).

`documents_of(project, unsaved, skipped)` gives the pairs the window searches: the project's
documents (writer/project/project.py `Project.documents`) in the encoding the windows read them
in, or the text a window shows where it has edits not saved yet; a document that cannot be read
(binary data, gone, too large) goes into `skipped` with the project's sentence why.

A search over 40 documents of 4 MB, their reading included, takes 30 to 45 ms on this project's
two-core machine, a regular expression about 40 ms (`python -m writer.project.search FOLDER
QUERY` measures a folder).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from writer.patterns import SLOW, slow_pattern
from writer.project.project import Project, file_key
from writer.project.words import CJK_RANGES

MAX_MATCHES = 2000
# a letter or digit of a script written with spaces between words (not CJK): Whole Word's unit
_LETTER = f"[^\\W{CJK_RANGES}]"
# a match's edge is a word's edge: the character beside it is no letter, or the match's own
# character at that edge is none (a Han character, a comma)
_START = f"(?:(?<!{_LETTER})|(?!{_LETTER}))"
_END = f"(?:(?!{_LETTER})|(?<!{_LETTER}))"
_IS_LETTER = re.compile(_LETTER)
_FLAGS = re.compile(r"(?:\(\?[aiLmsux]+\))+")  # a pattern's global flags, at its start


class QueryError(ValueError):
    """A regular expression that does not compile, or one that could take minutes on a line
    (writer/patterns.py); `reason` is `re`'s, or `patterns.SLOW`."""

    def __init__(self, reason: str) -> None:
        super().__init__(f"not a valid regular expression ({reason})")
        self.reason = reason


@dataclass(frozen=True)
class Query:
    """What Find in Project looks for, and how."""

    text: str
    match_case: bool = False
    whole_word: bool = False
    regex: bool = False
    preserve_case: bool = False  # a replacement takes each match's case (`cased`)

    def pattern(self) -> re.Pattern[str]:
        """The query as one pattern; QueryError for a regular expression that does not compile."""
        flags = 0 if self.match_case else re.IGNORECASE
        if self.regex:
            # compiled alone first: its own reason for a pattern that does not compile ("[ab"
            # in Whole Word's brackets was "unbalanced parenthesis"), and none compiles only
            # within them ("a)|(b")
            own = _compile(self.text, flags)
            if slow_pattern(self.text, flags):  # (it would hold every thread, the window's too)
                raise QueryError(SLOW)
            if not self.whole_word:
                return own
            flags_at = _FLAGS.match(self.text)  # ("(?i)" must stay at the very start)
            cut = flags_at.end() if flags_at else 0
            body = f"{self.text[:cut]}{_START}(?:{self.text[cut:]}){_END}"
        else:
            body = re.escape(self.text)
            if self.whole_word and self.text:
                # a boundary where the query's own edge is a letter; the one at its start is
                # looked for from its end, so that the pattern starts with the query's text,
                # which `re` searches for at C speed (a pattern that starts with a look-behind
                # is tried at each character: 4 MB took 80 ms, not 20)
                if _IS_LETTER.fullmatch(self.text[0]):
                    body += f"(?<!{_LETTER}[\\s\\S]{{{len(self.text)}}})"
                if _IS_LETTER.fullmatch(self.text[-1]):
                    body += f"(?!{_LETTER})"
        return _compile(body, flags)


def _compile(pattern: str, flags: int) -> re.Pattern[str]:
    try:
        return re.compile(pattern, flags)
    except re.error as exc:
        raise QueryError(exc.msg) from None
    except (RecursionError, OverflowError) as exc:  # (a pattern nested a thousand deep)
        raise QueryError(str(exc)) from None


@dataclass(frozen=True)
class Match:
    """One match: its line (from 1), its column in that line, the line and what was found."""

    line: int
    column: int
    found: str
    text: str  # the whole line


@dataclass
class FileMatches:
    """A document's matches, in the order of its lines."""

    path: str
    matches: list[Match] = field(default_factory=list)


@dataclass
class Found:
    """What a search found: the documents with matches, in the order searched."""

    files: list[FileMatches] = field(default_factory=list)
    count: int = 0
    capped: bool = False  # stopped at `limit` matches: there may be more
    searched: int = 0  # documents read


def search(
    query: Query,
    texts: Iterable[tuple[str, str]],
    limit: int = MAX_MATCHES,
    cancelled: Callable[[], bool] | None = None,
) -> Found:
    """Every match of `query` in `texts`, the first `limit` of them; stops early (with what it
    found so far) once `cancelled()` says so, asked between documents. An empty query finds
    nothing; a regular expression that does not compile raises QueryError."""
    found = Found()
    if not query.text:
        return found
    pattern = query.pattern()
    # a literal query cannot find a line's match that the whole text does not have: most
    # documents are passed over at the speed of one search (a pattern may not, with `$` or a
    # look-ahead at a line's end)
    whole_first = not query.regex
    for path, text in texts:
        if cancelled is not None and cancelled():
            break
        found.searched += 1
        if whole_first and pattern.search(text) is None:
            continue
        matches: list[Match] = []
        for number, _at, hit in line_matches(pattern, text):
            matches.append(Match(number, hit.start(), hit.group(), hit.string))
            found.count += 1
            if found.count >= limit:
                found.capped = True
                break
        if matches:
            found.files.append(FileMatches(path, matches))
        if found.capped:
            break
    return found


def line_matches(
    pattern: re.Pattern[str], text: str, ends: bool = False
) -> Iterator[tuple[int, int, re.Match[str]]]:
    """The matches of `pattern` in `text`, read a line at a time (none spans two lines, and ^
    and $ are a line's ends, as VS Code's search reads), none empty, each with its line's
    number (from 1) and where that line begins in `text`. Find and Find in Project both match
    so. With `ends` (Find's, in one document), an empty one at a line's start or end too, but
    for one where a match before it ended ("^" replaced by "> " quotes every line, as in VS
    Code, and ".*" replaces a line once; one at every character is none). Find in Project
    lists no empty one (a line each of every document for "^")."""
    at = 0
    for number, line in enumerate(text.split("\n"), 1):
        last = -1  # where the match before ended (".*" then found "" at the line's end too)
        for hit in pattern.finditer(line):
            start, end = hit.span()
            if end > start or (ends and start in (0, len(line)) and start != last):
                yield number, at, hit
            last = end
        at += len(line) + 1


def expanded(query: Query, hit: re.Match[str], replacement: str) -> str:
    """What replaces `hit`: a regular expression's template expanded, in the found text's case
    with Preserve Case (`cased`). TemplateError for a template that does not expand."""
    new = replacement
    if query.regex:
        try:
            new = hit.expand(_dollars(replacement, hit.re.groups))
        except re.error as exc:
            raise TemplateError(exc.msg) from None
        except IndexError as exc:  # (an unknown group's name, in 3.11)
            raise TemplateError(str(exc.args[0]) if exc.args else str(exc)) from None
    return cased(hit.group(), new) if query.preserve_case else new


# a "\\" and what it escapes; a "$" and what follows it (VS Code's: "$$", "$&", "$0", "${n}",
# "$n" and "$nn")
_DOLLAR = re.compile(r"\\.|\$(?:\$|&|0|\{(\d+)\}|([1-9]\d?))")


def _dollars(replacement: str, groups: int) -> str:
    """`replacement` with VS Code's (and most editors') groups written as Python's: `$1`,
    `${1}`, `$0` and `$&` (the whole match) as `\\g<1>` and `\\g<0>`, `$$` as "$"; a `$5` of a
    pattern with fewer groups stays as it is (VS Code's: a price is no group), and a `$10` of
    one with fewer than ten is `$1` then "0" (VS Code's: "$100" after "(\\d+)" wrote "$100",
    not the number and two noughts). Python's own `\\1` and `\\g<name>` work as ever, and `\\0`
    is the whole match, as sed's and `$0` (Python's octal: it wrote a NUL character, unseen,
    into the text); any other escape is Python's (`\\n` a new line, `\\\\` a backslash, `\\$` as
    typed, as VS Code's)."""
    if "$" not in replacement and "\\0" not in replacement:
        return replacement

    def group(found: re.Match[str]) -> str:
        mark = found[0]
        if mark == "\\0":
            return "\\g<0>"
        if mark.startswith("\\"):
            return mark
        if mark == "$$":
            return "$"
        if mark in ("$&", "$0"):
            return "\\g<0>"
        if found[1] is not None:  # ("${n}": that group, or as typed)
            number = int(found[1])
            return f"\\g<{number}>" if number <= groups else mark
        digits = found[2]
        if int(digits) <= groups:
            return f"\\g<{int(digits)}>"
        if len(digits) == 2 and int(digits[0]) <= groups:
            return f"\\g<{digits[0]}>{digits[1]}"
        return mark

    return _DOLLAR.sub(group, replacement)


class TemplateError(ValueError):
    """A replacement that does not expand as a regular expression's template (a group it names
    that the pattern lacks, a bad escape); `reason` is `re`'s."""

    def __init__(self, reason: str) -> None:
        super().__init__(f"not a valid replacement ({reason})")
        self.reason = reason


@dataclass(frozen=True)
class Replacement:
    """One match and what takes its place: its line (from 1), its column in that line (a
    Python index), what was found and what is written instead."""

    line: int
    column: int
    found: str
    new: str


def replacements(query: Query, text: str, replacement: str) -> list[Replacement]:
    """Every match of `query` in `text`, the same as `search` finds (no cap), each with what
    replaces it, in the text's order. QueryError for a pattern that does not compile,
    TemplateError for a regular expression's replacement that does not expand."""
    if not query.text:
        return []
    pattern = query.pattern()
    if query.regex:
        try:  # (the template is parsed even where nothing matches: refused before any edit)
            pattern.sub(_dollars(replacement, pattern.groups), "")
        except re.error as exc:
            raise TemplateError(exc.msg) from None
        except IndexError as exc:  # (an unknown group's name, in 3.11)
            raise TemplateError(str(exc.args[0]) if exc.args else str(exc)) from None
    elif pattern.search(text) is None:  # (most documents: passed over at one search's speed)
        return []
    return [
        Replacement(number, hit.start(), hit.group(), expanded(query, hit, replacement))
        for number, _at, hit in line_matches(pattern, text)
    ]


def cased(found: str, new: str) -> str:
    """`new` in the case of `found` (Replace's Preserve Case, as VS Code's): in capitals where
    `found` is (RUTH → HANNAH), in small letters where it is (ruth → hannah), its first letter
    a capital where `found`'s is and the rest is not (Ruth → Hannah; McRuth keeps `new` as
    typed); as typed where `found` has no case (Chinese) or mixes it otherwise."""
    if found.upper() == found.lower():
        return new  # (no letter with a case)
    if found == found.upper():
        return new.upper()
    if found == found.lower():
        return new.lower()
    rest = found[1:]
    if found[0].isupper() and rest == rest.lower():
        return new[:1].upper() + new[1:]
    return new


def replaced(text: str, found: list[Replacement]) -> str:
    """`text` with each of `found` (`replacements` of it, in its order) replaced; what lies
    between them is kept as it is."""
    if not found:
        return text
    lines = text.split("\n")
    by_line: dict[int, list[Replacement]] = {}
    for one in found:
        by_line.setdefault(one.line, []).append(one)
    for number, ones in by_line.items():
        line, parts, at = lines[number - 1], [], 0
        for one in ones:
            parts.append(line[at : one.column])
            parts.append(one.new)
            at = one.column + len(one.found)
        parts.append(line[at:])
        lines[number - 1] = "".join(parts)
    return "\n".join(lines)


def documents_of(
    project: Project, unsaved: Mapping[str, str], skipped: list[tuple[str, str]]
) -> Iterator[tuple[str, str]]:
    """The project's documents as (path, text): `unsaved[file_key(path)]` where a window holds
    edits of it not saved yet, else the file read as the project reads it; one that cannot be
    read is added to `skipped` as (path, the sentence why). Lazy: a search that stops early
    reads no further."""
    for path in project.documents():
        key = file_key(path)
        if key in unsaved:
            yield str(path), unsaved[key]
            continue
        before = len(project.problems)
        text = project.read(path)
        if text is None:
            why = project.problems[-1] if len(project.problems) > before else ""
            skipped.append((str(path), why))
            continue
        yield str(path), text


def excerpt(match: Match, before: int = 40, after: int = 160) -> tuple[str, str, str]:
    """A match's line as a result row shows it: (the text before the match, the match, the text
    after it), trimmed around the match with "…" in a long line, tabs as spaces, and the
    line's indent dropped."""
    line = match.text.replace("\t", " ")
    start, end = match.column, match.column + len(match.found)
    head = line[:start].lstrip()
    if len(head) > before:
        head = "…" + head[-(before - 1) :]
    body = line[start:end]
    if len(body) > after:
        return head, body[: after - 1] + "…", ""
    tail = line[end:]
    room = max(after - len(body), 0)
    if len(tail) > room:
        tail = tail[: max(room - 1, 0)] + "…"
    return head, body, tail


if __name__ == "__main__":  # python -m writer.project.search FOLDER QUERY: time a search
    import sys
    import time

    start = time.perf_counter()
    project = Project(Path(sys.argv[1]))
    skipped: list[tuple[str, str]] = []
    result = search(Query(sys.argv[2]), documents_of(project, {}, skipped))
    elapsed = time.perf_counter() - start
    print(
        f"{result.count} matches in {len(result.files)} of {result.searched} documents "
        f"({len(skipped)} not read) in {elapsed * 1000:.0f} ms"
    )
