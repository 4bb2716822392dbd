"""Spell checking without Qt: which words of a line are checked, where the dictionaries are and
which one a language takes, the writer's own words, and `Speller`, which says which words of a
line are misspelled (writer/ui/spelling.py puts it on the editor).

A word is a run of letters (and the dictionary's WORDCHARS), with an apostrophe between
letters ("don't", "writer’s"). Never checked: a word with a digit or an underscore (a code's
name), a single letter, a word in a run of characters that is a URL, an e-mail address or a
file's name ("notes.md"), and Chinese, Japanese and Korean text (not words in this sense at
all). A hyphenated word is right when its parts are.

Dictionaries are looked for in Writer's own data folder first (`dictionaries/` under
writer.paths.data_dir: a `NAME.aff` beside its `NAME.dic`), then the system's. The personal
dictionary (PERSONAL_FILE in the data folder, one word a line) holds the words the writer adds;
`Words` holds them with the words ignored this session and the names the project knows, one
object for the application whose `generation` tells each `Speller` to forget its verdicts.
"""

from __future__ import annotations

import logging
import os
import re
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

from writer.documents.atomic import replace_file, set_aside
from writer.documents.history import reason_of
from writer.documents.hunspell import MAX_WORD, Dictionary
from writer.project.notes import Section
from writer.project.words import CJK_RANGES
from writer.sentences import said

log = logging.getLogger(__name__)

PERSONAL_FILE = "personal-words.txt"
MAX_PERSONAL_BYTES = 4 << 20
CACHED_VERDICTS = 50_000  # words' verdicts a speller keeps (cleared whole when full)
# a language's dictionaries, the likeliest first (else NAME, then NAME_XX, then any NAME_…)
PREFERRED = {
    "en": ("en_US", "en_GB", "en_CA", "en_AU"),
    "fr": ("fr_FR", "fr"),
    "de": ("de_DE", "de_DE_frami", "de_AT", "de_CH"),
    "es": ("es_ES", "es"),
    "pt": ("pt_PT", "pt_BR"),
    "nl": ("nl_NL", "nl"),
    "it": ("it_IT",),
}
NOT_CHECKED = frozenset({"zh", "ja", "ko"})  # no words to check between spaces
# what a speaker of each language installs (Debian's and Fedora's package names)
PACKAGES = {
    "en": "hunspell-en-us",
    "fr": "hunspell-fr",
    "de": "hunspell-de-de",
    "es": "hunspell-es",
    "it": "hunspell-it",
    "pt": "hunspell-pt-pt",
    "nl": "hunspell-nl",
    "ru": "hunspell-ru",
}

_LETTERS = f"[^\\W\\d_{CJK_RANGES}]"
# a run that is a URL, an address, a file's name or a path: its words are not checked
_NOT_PROSE = re.compile(r"(?<!\S)\S*?(?:://|www\.|@|\w\.\w|\w/\w|\\)\S*")


def system_folders() -> list[Path]:
    """Where this system keeps Hunspell dictionaries (Linux desktops, LibreOffice, macOS)."""
    home = Path.home()
    folders = [
        Path("/usr/share/hunspell"),
        Path("/usr/share/myspell"),
        Path("/usr/share/myspell/dicts"),
        Path("/usr/local/share/hunspell"),
        Path("/usr/lib/libreoffice/share/extensions"),
        Path("/opt/homebrew/share/hunspell"),
        home / "Library/Spelling",
        home / ".local/share/hunspell",
    ]
    if sys.platform == "win32":
        program_files = Path(os.environ.get("PROGRAMFILES", "C:/Program Files"))
        folders.append(program_files / "LibreOffice/share/extensions")
    return folders


def find_dictionaries(folders: Iterable[Path]) -> dict[str, tuple[Path, Path]]:
    """Each dictionary found in `folders` by its name ("en_US"): its `.aff` and `.dic`; a name
    found in an earlier folder is that folder's. LibreOffice keeps them one folder down (its
    extensions' `dict-fr/`)."""
    found: dict[str, tuple[Path, Path]] = {}
    for folder in folders:
        try:  # (a folder that cannot be read, any of it, is passed over)
            files = list(folder.glob("*.dic")) + list(folder.glob("*/*.dic"))
            pairs = []
            for dic in sorted(files):
                aff = dic.with_suffix(".aff")
                if dic.stem != Path(PERSONAL_FILE).stem and aff.is_file():
                    pairs.append((dic.stem, aff, dic))
        except OSError:
            continue
        for name, aff, dic in pairs:
            found.setdefault(name, (aff, dic))
    return found


def distinct_names(found: dict[str, tuple[Path, Path]]) -> list[str]:
    """The names of `found` (`find_dictionaries`) to offer a choice among: one for each pair of
    files, where several names lead to the same ones (Debian's `fr_BE`, `fr_CA`, … are links
    to `fr`: seven entries alike in a list); the name the files have themselves where it is one
    of them, else the first. Sorted."""
    groups: dict[tuple[Path, Path], list[str]] = {}
    for name, (aff, dic) in found.items():
        try:
            key = (aff.resolve(), dic.resolve())
        except (OSError, RuntimeError):  # (a loop of links: a name of its own)
            key = (aff, dic)
        groups.setdefault(key, []).append(name)
    names = []
    for (_aff, dic), alike in groups.items():
        names.append(dic.stem if dic.stem in alike else min(alike))
    return sorted(names)


def dictionary_for(language: str, names: Iterable[str], region: str = "") -> str | None:
    """The dictionary of `names` for `language` ("en", "fr"), or None: the one of `region`
    ("en_GB" for a writer in Britain) where there is one, else the likeliest."""
    names = set(names)
    if not language or language in NOT_CHECKED:
        return None
    if region.split("_")[0] == language and "_" in region:
        regional = sorted(n for n in names if of_variety(n, region))
        if regional:  # (the variety's own: "en_GB", else "en_GB-ise", as some systems name it)
            return region if region in regional else regional[0]
    ranked = list(PREFERRED.get(language, ())) + [language, f"{language}_{language.upper()}"]
    for name in ranked:
        if name in names:
            return name
    alike = sorted(n for n in names if n.split("_")[0].split("-")[0] == language)
    return alike[0] if alike else None


# words of a line ----------------------------------------------------------------------------
def regional_missing(language: str, names: Iterable[str], region: str) -> str:
    """The writer's own variety of `language` ("en_GB" for a writer in Britain) where no
    dictionary of it is among `names` but another of the language checks the text in its
    place (British English against en_US: "grey" and "colour" marked wrong); '' otherwise."""
    names = set(names)
    if "_" not in region or region.split("_")[0] != language or language in names:
        return ""
    if any(of_variety(n, region) for n in names):
        return ""
    return region if dictionary_for(language, names, region) else ""


def of_variety(name: str, variety: str) -> bool:
    """Whether the dictionary `name` is of `variety` ("en_GB", "en_GB-ize" and
    "en_GB_oxendict" are en_GB's, as systems name them)."""
    return name == variety or name.startswith((f"{variety}_", f"{variety}-"))


def word_pattern(word_chars: str = "") -> re.Pattern[str]:
    """A word: letters (and `word_chars`, a dictionary's WORDCHARS, digits among them),
    apostrophes between them; digits and underscores are taken in so as to pass the word over."""
    extra = "".join(re.escape(c) for c in dict.fromkeys(word_chars + "0123456789_") if c != "’")
    unit = f"(?:{_LETTERS}|[{extra}])"
    return re.compile(f"{unit}+(?:['’]{unit}+)*")


_PLAIN = word_pattern()


def words_in(
    line: str,
    skip: Iterable[tuple[int, int]] = (),
    pattern: re.Pattern[str] = _PLAIN,
    among: set[str] | None = None,
) -> list[tuple[int, int]]:
    """Where the words to check are in `line` (Python indices), outside the spans `skip`
    (those of `among` only, where it is given)."""
    if not line:
        return []
    shut = sorted(skip)
    if "@" in line or "." in line or "/" in line or "\\" in line:
        shut += [m.span() for m in _NOT_PROSE.finditer(line)]
        shut.sort()
    found = []
    k = 0
    for match in pattern.finditer(line):
        if among is not None and match.group() not in among:
            continue
        start, end = match.span()
        while k < len(shut) and shut[k][1] <= start:
            k += 1
        if k < len(shut) and shut[k][0] < end:
            continue
        word = match.group()
        if end - start < 2 or end - start > MAX_WORD:
            continue
        if any(c.isdigit() or c == "_" for c in word):
            continue
        found.append((start, end))
    return found


# the writer's words -------------------------------------------------------------------------
class Words:
    """The words every speller takes as right besides its dictionary's: the personal
    dictionary's, those ignored this session, the project's names. One object for the
    application; each change adds one to `generation`."""

    def __init__(self, personal: Iterable[str] = ()) -> None:
        self.personal: set[str] = set(personal)
        self.ignored: set[str] = set()
        self.names: set[str] = set()
        self.generation = 0

    def __contains__(self, word: str) -> bool:
        """Whether `word` is one of these, with either apostrophe (added as “O’Dowd”, typed
        as "O'Dowd"), or its possessive (“Aldric’s”: a name of the writer's own was right
        and its possessive underlined, as Typographic Quotes writes it in every line)."""
        if word in self.personal or word in self.ignored or word in self.names:
            return True
        if "'" not in word and "’" not in word:
            return False  # (most words: no other form to look for)
        straight = word.replace("’", "'")
        forms = {straight, straight.replace("'", "’")}
        if straight.endswith("'s") and len(straight) > 3:
            stem = straight[:-2]
            forms |= {stem, stem.replace("'", "’")}
        return any(w in self.personal or w in self.ignored or w in self.names for w in forms)

    def add(self, word: str) -> None:
        self.personal.add(word)
        self.generation += 1

    def ignore(self, word: str) -> None:
        self.ignored.add(word)
        self.generation += 1

    def set_names(self, names: Iterable[str]) -> None:
        names = set(names)
        if names != self.names:
            self.names = names
            self.generation += 1

    def data(self) -> bytes:
        """The personal dictionary's file: its words, sorted, one a line."""
        return "".join(w + "\n" for w in sorted(self.personal)).encode("utf-8")


class Personal(NamedTuple):
    """The personal dictionary as read (`read_personal`)."""

    words: set[str]
    problem: str = ""  # a sentence, where it could not be read whole
    kept_apart: bool = False  # it could not be read whole nor set aside: never written over


def read_personal(path: Path) -> Personal:
    """The words of the personal dictionary at `path` and, where it could not be read whole, a
    sentence that says so: the file is then set aside as it was (`NAME.damaged`) and the
    words that could be read are written back at once (atomically), so that the next start
    has them too. A UTF-8 byte order mark at the start (Windows' Notepad writes one) is no
    damage. Where the file could not be set aside, nothing is written: it is `kept_apart`."""
    try:
        if path.stat().st_size > MAX_PERSONAL_BYTES:
            raise ValueError("too large")
        raw = path.read_bytes()
    except FileNotFoundError:
        return Personal(set())
    except (OSError, ValueError) as exc:
        log.warning("the personal dictionary %s cannot be read: %s", path, exc)
        reason = reason_of(exc) if isinstance(exc, OSError) else said("the file is too large")
        problem = _set_aside_said(path, reason)
        return Personal(set(), problem, path.exists())
    text = raw.decode("utf-8", errors="replace").removeprefix("\ufeff")
    words = {w.strip() for w in text.splitlines()}
    good = {w for w in words if _personal_word(w)}
    damaged = "\ufffd" in text or "\0" in text or any(w and w not in good for w in words)
    if not damaged:
        return Personal(good)
    problem = _set_aside_said(path, said("the file is damaged"))
    if path.exists():  # (it could not be set aside)
        return Personal(good, problem, True)
    if good:  # (the good words are the file now)
        try:
            write_personal(path, Words(good).data())
        except OSError as exc:  # (kept for the session; written again at the next word added)
            log.warning("the personal dictionary %s cannot be written: %s", path, exc)
    return Personal(good, problem)


def _personal_word(word: str) -> bool:
    return (
        0 < len(word) <= MAX_WORD
        and word.isprintable()
        and "\ufffd" not in word
        and not any(c.isspace() for c in word)
    )


def _set_aside_said(path: Path, reason: str) -> str:
    aside = set_aside(path)
    if aside:
        return said(
            "Writer could not read all of your personal dictionary ({0}: {1}); it keeps the "
            "words it could read, and the file as it was as {2}.",
            path.name,
            reason,
            aside,
        )
    return said(
        "Writer could not read all of your personal dictionary ({0}: {1}); it keeps the words "
        "it could read.",
        path.name,
        reason,
    )


def names_in(sections: Iterable[Section]) -> set[str]:
    """The names a project's notes know: the capitalised words of their lore entries' headings,
    and every word of their keywords, where a thing's name may be in lower case ("## Ysolde
    Trevail (Ysolde, the healer)", "## The Skyglass (skyglass)"). Words as the speller reads
    them (`word_pattern`): "O'Dowd" and "T’Challa" whole (cut at the apostrophe, "Dowd" was
    known and "O'Dowd", the word checked, underlined)."""
    names = set()
    for section in sections:
        names.update(w for w in _PLAIN.findall(section.heading) if len(w) > 1 and w[0].isupper())
        for keyword in section.keywords:
            names.update(w for w in _PLAIN.findall(keyword) if len(w) > 1)
    return names


def write_personal(path: Path, data: bytes) -> None:
    """Replace the personal dictionary with `data` (`Words.data`), atomically; raises OSError."""
    path.parent.mkdir(parents=True, exist_ok=True)
    replace_file(path, data, durable=False)


# checking -------------------------------------------------------------------------------------
class Speller:
    """A dictionary with the writer's `Words`: which words of a line are misspelled, and what
    to write instead. Verdicts are kept per word (CACHED_VERDICTS), forgotten when `words`
    change."""

    def __init__(self, dictionary: Dictionary, words: Words) -> None:
        self.dictionary = dictionary
        self.words = words
        self.pattern = word_pattern(dictionary.word_chars.replace("-", "").replace(".", ""))
        self._verdicts: dict[str, bool] = {}
        self._generation = words.generation

    @property
    def name(self) -> str:
        return self.dictionary.name

    def right(self, word: str) -> bool:
        """Whether `word` is spelt right (the dictionary's or the writer's)."""
        if self._generation != self.words.generation:
            self._verdicts.clear()
            self._generation = self.words.generation
        verdict = self._verdicts.get(word)
        if verdict is None:
            verdict = word in self.words or self._checked(word)
            if len(self._verdicts) >= CACHED_VERDICTS:
                self._verdicts.clear()
            self._verdicts[word] = verdict
        return verdict

    def _checked(self, word: str) -> bool:
        d = self.dictionary
        if d.check(word):
            return True
        words = self.words
        if word[:1].isupper() and word[1:] == word[1:].lower():  # a name's word at a sentence's
            return word.lower() in words  # start: the personal one in lower case
        return word.upper() == word and any(w.upper() == word for w in words.personal)

    def misspelled(
        self, line: str, skip: Iterable[tuple[int, int]] = ()
    ) -> list[tuple[int, int]]:
        """Where the misspelled words of `line` are (Python indices), outside `skip`."""
        if self._generation != self.words.generation:
            self.right("")  # (the verdicts forgotten)
        verdicts = self._verdicts
        wrong = {
            word
            for word in self.pattern.findall(line)
            if not verdicts.get(word) and not self.right(word)
        }
        # (most lines: every word known right, and nothing more to read)
        return words_in(line, skip, self.pattern, wrong) if wrong else []

    def suggest(self, word: str) -> list[str]:
        """What to write instead of `word`, the likeliest first."""
        return self.dictionary.suggest(word)
