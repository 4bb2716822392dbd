"""A Hunspell dictionary (`NAME.aff` and `NAME.dic`, as Linux desktops, LibreOffice and Firefox
ship them) read and used to check words and suggest others, without Qt.

Nothing is expanded at load: the `.dic`'s roots go into a table with their flags as written, and
a word is checked by taking affixes off it (a suffix, a suffix under a suffix, a prefix, a
prefix with a suffix) until a root that takes them is found. The subset read is what real
dictionaries need to check prose: SET, FLAG (one character, `long`, `num`, `UTF-8`), AF, PFX and
SFX (strip, add, condition, cross product, a suffix's own flags: a suffix under it, or a prefix
it takes, as French's "l'"), NEEDAFFIX (PSEUDOROOT),
FORBIDDENWORD, KEEPCASE, NOSUGGEST, ONLYINCOMPOUND (such roots are never a word alone), ICONV,
TRY, REP and WORDCHARS. Compounding is not read (a word with digits is never checked: see
writer/documents/spelling.py).

Case: a root in lower case is right as written, capitalised or in capitals (unless KEEPCASE);
a capitalised root (a name) is right capitalised or in capitals, never in lower case; a root
in mixed case (iPhone) only as written or in capitals.

The files are outside data: `read` takes any bytes and gives a `Dictionary` or raises
`DictionaryError`, whose text is one sentence for the writer; a line it cannot read is passed
over, and every loop is bounded by the files' size (a condition is a plain class of
characters, never a pattern that can backtrack; one that is not even that matches nothing).
Checks run on the window's thread, so what one word may cost is bounded whatever the files
say: an affix that strips or adds more than MAX_WORD letters is passed over (it could never
make a word that is checked, and made every stem as long as itself), MAX_STEPS counts each
ending and beginning looked up as well as each affix tried, REP, ICONV and WORDCHARS are read
only so far (MAX_REPLACEMENTS, MAX_CONVERSIONS, MAX_WORD_CHARS), and suggestions have their
deadline checked inside every loop. `python -m writer.bench.panels` measures the load of en_US
and a check.
"""

from __future__ import annotations

import codecs
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from writer.documents.ends import shared_ends
from writer.sentences import said

MAX_AFF_BYTES = 16 << 20
MAX_DIC_BYTES = 64 << 20
MAX_SUGGESTIONS = 7
LIKELY = 1.5  # the unlikeliness of a vowel for another (see `_one_edit`): a likely slip
MAX_WORD = 100  # a longer "word" is never a dictionary's: not checked (it is right)
SUGGEST_S = 0.05  # two edits are tried for at most this long
MAX_STEPS = 20_000  # endings looked up and affixes tried for one word, at most (real: hundreds)
SUGGEST_MOST_S = 0.5  # suggestions are looked for at most this long in all
MAX_TRIED = 40  # TRY's letters put in and replaced, at most (the commonest first)
MAX_REPLACEMENTS = 5_000  # REP's entries read, at most (a real dictionary's: hundreds)
MAX_CONVERSIONS = 500  # ICONV's, at most (each word checked goes through them all)
MAX_WORD_CHARS = 500  # WORDCHARS' characters read, at most (its pattern is built at each load)
MAX_FLAGS = 1_000_000  # the flags of `long` and `num` roots held in their distinct sets, at most

Flags = str | frozenset[str]  # a root's flags: a string of one-character flags, or a set


class _TooMuch(Exception):
    """A word took more than MAX_STEPS affixes to try."""


class DictionaryError(Exception):
    """A dictionary that cannot be read; its text is a sentence for the writer."""


@dataclass(frozen=True)
class Affix:
    flag: str
    strip: str
    add: str
    condition: re.Pattern[str] | None  # None: any
    cross: bool
    flags: Flags  # the affix's own flags (a suffix's suffixes, NEEDAFFIX)


@dataclass
class Dictionary:
    """One language's words (see the module's docstring)."""

    name: str = ""
    roots: dict[str, list[Flags]] = field(default_factory=dict)
    prefixes: dict[str, list[Affix]] = field(default_factory=dict)  # by what they add
    suffixes: dict[str, list[Affix]] = field(default_factory=dict)
    try_chars: str = ""
    replacements: list[tuple[str, str]] = field(default_factory=list)
    conversions: list[tuple[str, str]] = field(default_factory=list)  # ICONV, longest first
    word_chars: str = ""
    need_affix: str = "\0"
    forbidden: str = "\0"
    keep_case: str = "\0"
    no_suggest: str = "\0"
    only_in_compound: str = "\0"
    continued: set[str] = field(default_factory=set)  # the flags in some affix's own flags
    _steps: int = field(default=0, repr=False)

    # checking -----------------------------------------------------------------------------
    def check(self, word: str) -> bool:
        """Whether `word` is right (its case read as the module's docstring says)."""
        return self._found(word) is not None

    def _found(self, word: str) -> Flags | None:
        """The flags of the root that makes `word` right, or None."""
        if not word or len(word) > MAX_WORD:
            return "" if word else None
        self._steps = 0
        try:
            return self._found_as(self.convert(word))
        except _TooMuch:  # (a dictionary made to make a word cost too much: not found)
            return None

    def _found_as(self, word: str) -> Flags | None:
        exact = self.roots.get(word)
        if exact and any(self.forbidden in f for f in exact):
            return None
        found = self._affixed(word)
        if found is not None:
            return found
        lower = word.lower()
        if word == lower:
            return None
        title = word[0] + word[1:].lower()
        variants: list[str] = []
        if word == title:  # Capitalised: the lower-case root
            variants = [lower]
        elif word == word.upper():  # CAPITALS: a name's root, a lower-case root, a mixed one
            variants = [title, lower]
        for variant in variants:
            found = self._affixed(variant)
            if found is not None and self.keep_case not in found:
                return found
        if word == word.upper() and len(word) > 1:  # a mixed root (McDonald, iPhone) in capitals
            for root, entries in self._upper_roots().get(word, ()):
                if self._affixed(root) is not None:
                    return entries[0]
        return None

    def _upper_roots(self) -> dict[str, list[tuple[str, list[Flags]]]]:
        """The roots in mixed case by their capitals (made when first asked)."""
        table = getattr(self, "_upper", None)
        if table is None:
            table = {}
            for root, entries in self.roots.items():
                if root != root.lower() and root[1:] != root[1:].lower():
                    table.setdefault(root.upper(), []).append((root, entries))
            self._upper = table
        return table

    def _root(self, word: str, flag: str | None = None, flag2: str | None = None) -> Flags | None:
        """The flags of a root `word` that is a word as it stands (`flag` None) or takes the
        affix `flag` (and `flag2`)."""
        for flags in self.roots.get(word, ()):
            if self.forbidden in flags or self.only_in_compound in flags:
                continue
            if flag is None:
                if self.need_affix not in flags:
                    return flags
            elif flag in flags and (flag2 is None or flag2 in flags):
                return flags
        return None

    def _affixed(self, word: str) -> Flags | None:
        found = self._root(word)
        if found is not None:
            return found
        for stem, sfx in self._strip_suffixes(word):
            if self.need_affix in sfx.flags:
                continue
            found = self._root(stem, sfx.flag)
            if found is not None:
                return found
            # a suffix under a suffix: the inner one's flags hold the outer one's
            if sfx.flag not in self.continued:
                continue
            for inner_stem, inner in self._strip_suffixes(stem):
                if sfx.flag in inner.flags:
                    found = self._root(inner_stem, inner.flag)
                    if found is not None:
                        return found
        for stem, pfx in self._strip_prefixes(word):
            if self.need_affix in pfx.flags:
                continue
            found = self._root(stem, pfx.flag)
            if found is not None:
                return found
            for root, sfx in self._strip_suffixes(stem):
                if pfx.flag in sfx.flags:  # a suffix that takes the prefix (French's l')
                    found = self._root(root, sfx.flag)
                elif pfx.cross and sfx.cross and self.need_affix not in sfx.flags:
                    found = self._root(root, pfx.flag, sfx.flag)
                else:
                    continue
                if found is not None:
                    return found
        return None

    def _strip_suffixes(self, word: str) -> Iterable[tuple[str, Affix]]:
        n = len(word)
        for length in range(0, n + 1):  # (the whole word: a stem made of what is stripped)
            found = self.suffixes.get(word[n - length :] if length else "", ())
            self._steps += 1 + len(found)
            if self._steps > MAX_STEPS:
                raise _TooMuch
            for sfx in found:
                stem = word[: n - length] + sfx.strip
                if stem and (sfx.condition is None or sfx.condition.search(stem)):
                    yield stem, sfx

    def _strip_prefixes(self, word: str) -> Iterable[tuple[str, Affix]]:
        for length in range(0, len(word) + 1):
            found = self.prefixes.get(word[:length], ())
            self._steps += 1 + len(found)
            if self._steps > MAX_STEPS:
                raise _TooMuch
            for pfx in found:
                stem = pfx.strip + word[length:]
                if stem and (pfx.condition is None or pfx.condition.match(stem)):
                    yield stem, pfx

    def convert(self, word: str) -> str:
        """`word` with the dictionary's ICONV conversions (’ to ')."""
        for old, new in self.conversions:
            if old in word:
                word = word.replace(old, new)
        return word

    # suggesting ---------------------------------------------------------------------------
    def suggest(self, word: str, most: int = MAX_SUGGESTIONS) -> list[str]:
        """Up to `most` right words near `word`, the likeliest first, in its case: the word in
        another case (a name typed in lower case second to a word one LIKELY slip away), REP's
        replacements, then one edit (two letters swapped, one taken out, one replaced or put
        in with TRY's letters in TRY's order, the word split in two), then two edits while
        that takes under SUGGEST_S."""
        if not word or len(word) > MAX_WORD:
            return []
        word = self.convert(word)
        lower = word.lower()
        capitals = len(word) > 1 and word == word.upper() and word != lower
        title = word[0] != word[0].lower() and word[1:] == word[1:].lower()
        found: dict[str, float] = {}  # a word and how unlikely it is

        def offer(candidate: str, cost: float) -> bool:
            if candidate == word or (candidate in found and found[candidate] <= cost):
                return False
            if candidate not in found:
                if " " in candidate:
                    ok = all(p and self._suggestible(p) for p in candidate.split(" "))
                else:
                    ok = self._suggestible(candidate)
                if not ok:
                    return False
            found[candidate] = cost
            return True

        base = lower if (capitals or title) else word
        if capitals or title:
            for variant in (word[0] + word[1:].lower(), lower):
                if variant != word and self.check(variant) and not self.check(word):
                    offer(variant, 0.0)
        name = ""  # the word as a name, typed in lower case ("london")
        if not (capitals or title) and self._suggestible(word[0].upper() + word[1:]):
            name = word[0].upper() + word[1:]
            offer(name, 0.0)
        latest = time.perf_counter() + SUGGEST_MOST_S
        for candidate in self._replaced(base, latest):
            offer(candidate, 0.5)
        # (TRY's capitals are of no use to a word in lower case, and its last letters rare)
        letters = self.try_chars
        if base == base.lower():
            letters = "".join(c for c in letters if c == c.lower())
        letters = letters[:MAX_TRIED]
        for candidate, cost in _one_edit(base, letters):
            offer(candidate, cost)
            if time.perf_counter() > latest:
                break
        if not found:
            deadline = min(latest, time.perf_counter() + SUGGEST_S)
            for first, cost in _one_edit(base, letters, splits=False):
                for candidate, more in _one_edit(first, letters, splits=False):
                    offer(candidate, cost + more)
                    if time.perf_counter() > deadline:
                        break
                if len(found) >= most or time.perf_counter() > deadline:
                    break
        # (among equals, the one that keeps more of the word's start and end; then TRY's order)
        ranked = sorted(found, key=lambda c: (found[c], -_kept(base, c)))
        if name and ranked[0] == name and len(ranked) > 1 and found[ranked[1]] <= LIKELY:
            # a name second to a word one likely slip away: "grey" in an American dictionary
            # is "gray" before the surname "Grey" (and "paris" "pairs" before "Paris")
            ranked[:2] = ranked[1::-1]
        shown: list[str] = []
        for candidate in ranked:
            if capitals:
                candidate = candidate.upper()
            elif title and candidate[:1] == candidate[:1].lower():
                candidate = candidate[0].upper() + candidate[1:]
            if candidate.lower() not in {c.lower() for c in shown}:
                shown.append(candidate)
            if len(shown) == most:
                break
        return shown

    def _suggestible(self, word: str) -> bool:
        if len(word) > MAX_WORD:  # (right only in that it is never checked)
            return False
        flags = self._found(word)
        return flags is not None and self.no_suggest not in flags

    def _replaced(self, word: str, deadline: float) -> Iterable[str]:
        """REP's replacements of `word` (`^` and `$` anchor, `_` is a space), those found
        before `deadline` (`time.perf_counter`)."""
        for old, new in self.replacements:
            if time.perf_counter() > deadline:
                return
            new = new.replace("_", " ")
            start, end = old.startswith("^"), old.endswith("$") and len(old) > 1
            core = old[1 if start else 0 : -1 if end else None]
            if not core:
                continue
            if start or end:
                if (not start or word.startswith(core)) and (not end or word.endswith(core)):
                    if start and end:
                        if word == core:
                            yield new
                    elif start:
                        yield new + word[len(core) :]
                    else:
                        yield word[: len(word) - len(core)] + new
                continue
            at = word.find(core)
            while at >= 0:
                yield word[:at] + new + word[at + len(core) :]
                at = word.find(core, at + 1)


def _kept(word: str, other: str) -> int:
    """How many of `word`'s first and last letters `other` has as they are."""
    return sum(shared_ends(word, other))


_VOWELS = frozenset("aeiouyàáâäèéêëìíîïòóôöùúûü")


def _one_edit(word: str, try_chars: str, splits: bool = True) -> Iterable[tuple[str, float]]:
    """The words one edit from `word`, each with how unlikely the slip is (1 for the likeliest:
    two letters swapped, a letter doubled or not; 1.5 a vowel for another; 2 a letter left out,
    a little more one too many; 3 another letter; a changed first letter half more, a changed
    last letter a quarter more: the writer knows how a word starts, and mostly how it ends)."""
    n = len(word)
    for i in range(n - 1):  # two letters swapped
        if word[i] != word[i + 1]:
            yield word[:i] + word[i + 1] + word[i] + word[i + 2 :], 1.0 + 0.5 * (i == 0)
    for i in range(n):  # a letter too many
        doubled = (i > 0 and word[i - 1] == word[i]) or (i + 1 < n and word[i + 1] == word[i])
        yield word[:i] + word[i + 1 :], (1.0 if doubled else 2.2) + 0.5 * (i == 0)
    for ch in try_chars:  # a wrong letter (TRY: the commonest first)
        for i in range(n):
            if word[i] != ch:
                vowels = ch.lower() in _VOWELS and word[i].lower() in _VOWELS
                ends = 0.5 * (i == 0) + 0.25 * (i == n - 1)
                yield word[:i] + ch + word[i + 1 :], (1.5 if vowels else 3.0) + ends
    for ch in try_chars:  # a letter left out
        for i in range(n + 1):
            doubled = (i > 0 and word[i - 1] == ch) or (i < n and word[i] == ch)
            yield word[:i] + ch + word[i:], (1.0 if doubled else 2.0) + 0.5 * (i == 0)
    if splits:
        for i in range(3, n - 2):  # two words run together (of three letters or more)
            yield word[:i] + " " + word[i:], 3.5


# reading ----------------------------------------------------------------------------------
def load(aff: Path, dic: Path) -> Dictionary:
    """The dictionary in `aff` and `dic`; raises DictionaryError."""
    name = dic.stem
    data = []
    for path, most in ((aff, MAX_AFF_BYTES), (dic, MAX_DIC_BYTES)):
        try:
            if path.stat().st_size > most:
                raise DictionaryError(
                    said("The dictionary {0} cannot be used: {1} is too large.", name, path.name)
                )
            data.append(path.read_bytes())
        except OSError as exc:
            raise DictionaryError(
                said("The dictionary {0} cannot be read: {1}.", name, exc.strerror or str(exc))
            ) from exc
    return read(data[0], data[1], name)


_FLAG_OPTIONS = {
    "NEEDAFFIX": "need_affix",
    "PSEUDOROOT": "need_affix",
    "FORBIDDENWORD": "forbidden",
    "KEEPCASE": "keep_case",
    "NOSUGGEST": "no_suggest",
    "ONLYINCOMPOUND": "only_in_compound",
}
_SET = re.compile(rb"^[ \t]*SET[ \t]+(\S+)", re.MULTILINE)
_ENCODINGS = {"microsoft-cp1251": "cp1251", "iscii-devanagari": "iscii", "tis620-2533": "tis620"}


def _encoding(aff: bytes, name: str) -> str:
    found = _SET.search(aff[:65536])
    if not found:
        return "iso8859-1"  # (Hunspell's default)
    label = found[1].decode("latin-1").strip().lower()
    label = _ENCODINGS.get(label, label)
    try:
        return codecs.lookup(label).name
    except (LookupError, ValueError):  # (ValueError: a NUL in the name)
        raise DictionaryError(
            said("The dictionary {0} cannot be used: its encoding {1} is unknown.", name, label)
        ) from None


def read(aff: bytes, dic: bytes, name: str = "") -> Dictionary:
    """A dictionary from the bytes of its `.aff` and `.dic` files; raises DictionaryError."""
    encoding = _encoding(aff, name)
    try:
        aff_text = aff.decode(encoding, errors="replace")
        dic_text = dic.decode(encoding, errors="replace")
    except (LookupError, ValueError) as exc:  # (a codec that cannot decode at all)
        raise DictionaryError(
            said("The dictionary {0} cannot be used: its encoding {1} is unknown.", name, encoding)
        ) from exc
    d = Dictionary(name=name)
    flag_type = "char"
    aliases: list[Flags] = []
    affix_lines: list[list[str]] = []
    for raw in aff_text.splitlines():
        parts = raw.split()
        if not parts or parts[0].startswith("#"):
            continue
        key = parts[0]
        if key == "FLAG" and len(parts) > 1:
            flag_type = parts[1].lower().replace("utf-8", "char")
        elif key in ("PFX", "SFX"):
            affix_lines.append(parts)
        elif len(parts) < 2:
            continue
        elif key == "AF":
            aliases.append(parts[1])  # (the count line's number too: replaced below)
        elif key == "TRY":
            d.try_chars = "".join(dict.fromkeys(parts[1]))
        elif key == "WORDCHARS":
            d.word_chars = "".join(dict.fromkeys(parts[1]))[:MAX_WORD_CHARS]
        elif key == "REP" and len(parts) >= 3 and len(d.replacements) < MAX_REPLACEMENTS:
            d.replacements.append((parts[1], parts[2]))
        elif key == "ICONV" and len(parts) >= 3 and len(d.conversions) < MAX_CONVERSIONS:
            d.conversions.append((parts[1], parts[2]))
        elif key in _FLAG_OPTIONS:
            flag = _flags(parts[1], flag_type)
            if flag:
                setattr(d, _FLAG_OPTIONS[key], flag[0] if isinstance(flag, str) else min(flag))
    # AF's first line is its count: the aliases are numbered from 1 after it
    read_flags = _FlagSets(flag_type, name)
    read_flags.reading(f"{name}.aff", [])
    aliases = [read_flags(a) for a in aliases[1:]] if aliases else []
    d.conversions = sorted(
        ((a, b) for a, b in d.conversions if a and not a.isdigit()), key=lambda p: -len(p[0])
    )
    d.replacements = [(a, b) for a, b in d.replacements if a and not a.isdigit()]
    _read_affixes(d, affix_lines, flag_type, aliases)
    read_flags.reading(f"{name}.dic", aliases)
    _read_roots(d, dic_text, read_flags)
    if not d.roots:
        raise DictionaryError(said("The dictionary {0} cannot be used: it holds no words.", name))
    return d


def _flags(text: str, flag_type: str, aliases: list[Flags] | None = None) -> Flags:
    if aliases and text.isdigit():
        index = int(text) - 1 if len(text) < 9 else -1
        return aliases[index] if 0 <= index < len(aliases) else ""
    if flag_type == "long":
        return frozenset(text[i : i + 2] for i in range(0, len(text) - 1, 2))
    if flag_type == "num":
        return frozenset(p.strip() for p in text.split(",") if p.strip().isdigit())
    return text


class _FlagSets:
    """The AF aliases' and the roots' flags read as `_flags` reads them, each text once: the
    roots that have the same flags share one set, and the flags held in sets are counted (a
    `.dic` of roots with many flags each, all different, would take hundreds of megabytes:
    over MAX_FLAGS, the `file` being read is too large)."""

    def __init__(self, flag_type: str, name: str) -> None:
        self.flag_type, self.name, self.file = flag_type, name, ""
        self.aliases: list[Flags] = []
        self.known: dict[str, Flags] = {}
        self.held = 0

    def reading(self, file: str, aliases: list[Flags]) -> None:
        """Read the flags of `file` from now on, with `aliases` (AF's)."""
        self.file, self.aliases, self.known = file, aliases, {}

    def __call__(self, text: str) -> Flags:
        if self.flag_type not in ("long", "num"):
            return _flags(text, self.flag_type, self.aliases)
        found = self.known.get(text)
        if found is None:
            found = self.known[text] = _flags(text, self.flag_type, self.aliases)
            self.held += len(found)
            if self.held > MAX_FLAGS:
                raise DictionaryError(
                    said(
                        "The dictionary {0} cannot be used: {1} is too large.",
                        self.name,
                        self.file,
                    )
                )
        return found


def _condition(text: str, suffix: bool) -> re.Pattern[str] | None:
    """A PFX or SFX condition as a pattern of character classes (None: any; unreadable: a
    pattern nothing matches)."""
    if text in (".", ""):
        return None
    pieces, i = [], 0
    while i < len(text):
        ch = text[i]
        if ch == "[":
            end = text.find("]", i + 1)
            if end < 0:
                return re.compile(r"(?!)")
            inner = text[i + 1 : end]
            negated = inner.startswith("^")
            chars = inner[1:] if negated else inner
            if not chars:  # ("[]", "[^]": no class at all)
                return re.compile(r"(?!)")
            pieces.append("[" + ("^" if negated else "") + "".join(map(re.escape, chars)) + "]")
            i = end + 1
        else:
            pieces.append("." if ch == "." else re.escape(ch))
            i += 1
    pattern = "".join(pieces)
    try:
        return re.compile("(?:" + pattern + ")$" if suffix else pattern, re.DOTALL)
    except re.error:  # (whatever else a condition can be that is no class of characters)
        return re.compile(r"(?!)")


def _read_affixes(
    d: Dictionary, lines: list[list[str]], flag_type: str, aliases: list[Flags]
) -> None:
    cross: dict[tuple[str, str], bool] = {}
    for parts in lines:
        key = parts[0]
        if len(parts) == 4 and parts[3].lstrip("-").isdigit() and parts[2] in ("Y", "N"):
            cross[(key, parts[1])] = parts[2] == "Y"  # a header: "SFX flag Y count"
            continue
        if len(parts) < 4:
            continue
        flag, strip, add = parts[1], parts[2], parts[3]
        condition = parts[4] if len(parts) > 4 else "."
        strip = "" if strip == "0" else strip
        add, _, own = add.partition("/")
        add = "" if add == "0" else add
        if len(strip) > MAX_WORD or len(add) > MAX_WORD:  # (see the module's docstring)
            continue
        flag_set = _flags(flag, flag_type)
        if flag_type in ("long", "num"):
            flag = next(iter(flag_set), "") if flag_set else ""
        if not flag:
            continue
        affix = Affix(
            flag=flag,
            strip=strip,
            add=add,
            condition=_condition(condition, key == "SFX"),
            cross=cross.get((key, parts[1]), False),
            flags=_flags(own, flag_type, aliases) if own else "",
        )
        (d.suffixes if key == "SFX" else d.prefixes).setdefault(add, []).append(affix)
        d.continued.update(affix.flags)


def _read_roots(d: Dictionary, text: str, read_flags: _FlagSets) -> None:
    lines = text.splitlines()
    if lines and lines[0].strip().isdigit():
        lines = lines[1:]
    roots = d.roots
    for line in lines:
        word = line.split("\t", 1)[0].split(" ", 1)[0]  # (morphology after a space or tab)
        if not word:
            continue
        flags: Flags = ""
        slash = word.find("/", 1)
        while slash > 0 and word[slash - 1] == "\\":  # "\/" is a slash of the word
            slash = word.find("/", slash + 1)
        if slash > 0:
            word, flags = word[:slash], read_flags(word[slash + 1 :])
        if "\\/" in word:
            word = word.replace("\\/", "/")
        entries = roots.get(word)
        if entries is None:
            roots[word] = [flags]
        else:
            entries.append(flags)
