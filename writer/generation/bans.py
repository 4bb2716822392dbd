"""Banned phrases: the words, phrases and regular expressions that a suggestion or a rewrite must
never contain, and the guard that finds them in generated text as it grows. No model code here:
the engine's decode loop rewinds to where a phrase began (engine/bans.py), the server backend
asks again from there or cuts the text there (remote/backend.py); both use this one matcher.

One line, one ban. A line between slashes (`/colou?r/`) is a regular expression; any other line
is a phrase, matched literally, and as whole words where it begins or ends with a letter or digit
of an alphabetic script (so "very" never bans "every"; Chinese and Japanese, written without
spaces, match anywhere). Case is ignored. Blank lines and lines starting with `#` (comments; a
phrase that starts with # is written `/#.../`) ban nothing.

**Held-back text.** The guard lets out only text that no banned phrase can still turn out to
begin in: a tail that is the start of a phrase is held, and, while the list has regular
expressions, the last characters that one could still match (its longest match, at most
REGEX_REACH characters). A match that reaches the end of the text so far may still grow ("very"
before "everything"), so it counts once a character follows it or the generation ends (a
phrase that does not end with a letter, Chinese say, counts at once). A match
longer than what was held (a regular expression of unbounded length) is found where it ends,
after its start went out: the text then ends before the rest of that match (`Verdict.escaped`).

**Rewinds.** A backend that can rewind goes back to the unit (token or chunk) where the phrase
began, forbids what came there and goes on; after MAX_REWINDS_AT rewinds at one point, or
MAX_REWINDS in one generation, the guard says stop instead, so a model that insists never loops.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Generic, NamedTuple, TypeVar

from writer.patterns import SLOW, slow_pattern

T = TypeVar("T")

REGEX_REACH = 48  # characters held back for a regular expression of unbounded length
CONTEXT = 64  # characters of released text kept for the look-behind of word boundaries
MAX_REWINDS_AT = 4  # rewinds at one point before the text stops there
MAX_REWINDS = 64  # rewinds in one generation before it stops
MAX_LINES = 2000
MAX_CHARS = 200  # the longest line

# A starter list (Settings → Banned phrases → Add common clichés): off until the writer adds it.
COMMON_CLICHES = (
    "a testament to",
    "a tapestry of",
    "rich tapestry",
    "delve into",
    "in the realm of",
    "it's worth noting",
    "it is worth noting",
    "navigate the complexities",
    "a symphony of",
    "a dance of",
    "sent shivers down",
    "shivers down her spine",
    "shivers down his spine",
    "barely above a whisper",
    "a mix of",
    "palpable tension",
    "the air was thick with",
    "little did they know",
    "little did she know",
    "little did he know",
    "at the end of the day",
    "only time will tell",
    "in today's fast-paced world",
    "unbeknownst to",
    "a stark reminder",
    "breath she didn't know she was holding",
    "eyes sparkling with",
    "ministrations",
    "testament to the",
    "embark on a journey",
    "the journey of a lifetime",
    "the calm before the storm",
    "time stood still",
    "every fiber of her being",
    "every fiber of his being",
    "as an ai",
    "夜色如墨",
    "嘴角勾起一抹",
    "眼中闪过一丝",
    "心中五味杂陈",
    "不由得倒吸一口凉气",
    "时间仿佛静止了",
    "空气仿佛凝固了",
    "如同一幅画卷",
)


class BanError(ValueError):
    """A line of the list cannot be used: `line` (from 1), its `text`, the `kind` of fault
    ("regex": not a valid regular expression, `reason` in `re`'s words; "empty": a regular
    expression that matches empty text; "long": longer than MAX_CHARS; "many": more than
    MAX_LINES lines)."""

    def __init__(self, line: int, text: str, kind: str, reason: str = "") -> None:
        self.line = line
        self.text = text
        self.kind = kind
        self.reason = reason
        why = {
            "regex": f"it is not a valid regular expression ({reason})",
            "empty": "it is a regular expression that matches empty text",
            "long": f"it is longer than {MAX_CHARS} characters",
            "many": f"a list holds at most {MAX_LINES} lines",
        }[kind]
        super().__init__(f"Line {line}, {text}, cannot be banned: {why}.")


def _fold(text: str) -> str:
    """`text` case-folded character by character, keeping its length (so offsets agree)."""
    folded = text.casefold()
    if len(folded) == len(text):  # no character grew (casefold never shrinks one)
        return folded
    out = []
    for ch in text:
        low = ch.casefold()
        out.append(low if len(low) == 1 else ch.lower() if len(ch.lower()) == 1 else ch)
    return "".join(out)


def _alphabetic(ch: str) -> bool:
    """A letter or digit of a script with spaces between words (not CJK, kana or hangul)."""
    return ch.isalnum() and ord(ch) < 0x2E80


def _regex_of(line: str) -> str | None:
    """The regular expression of a line between slashes, else None."""
    return line[1:-1] if len(line) > 2 and line.startswith("/") and line.endswith("/") else None


def ban_lines(text: str) -> list[str]:
    """The lines of a text of bans as the settings keep them: stripped, without blank lines and
    repeats (comments stay: they are the writer's)."""
    return list(dict.fromkeys(line.strip() for line in text.splitlines() if line.strip()))


class Found(NamedTuple):
    """A banned phrase in a text: where it starts and ends, and whether a character after it
    may still undo it (a word's end) or make it longer (a regular expression)."""

    start: int
    end: int
    grows: bool


def _word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


@dataclass(frozen=True)
class BanList:
    """A compiled list: one pattern for every ban (None: nothing is banned), the starts of its
    literal phrases (folded), the phrases themselves (folded, and whether each must begin and
    end at a word's boundary), the regular expressions as one pattern, and how far back a
    regular expression may begin."""

    lines: tuple[str, ...] = ()
    pattern: re.Pattern[str] | None = None
    starts: frozenset[str] = field(default_factory=frozenset)
    phrases: tuple[tuple[str, bool, bool], ...] = ()
    regexes: re.Pattern[str] | None = None
    longest_start: int = 0
    reach: int = 0

    def __bool__(self) -> bool:
        return self.pattern is not None

    def search(self, text: str, start: int = 0) -> Found | None:
        """The banned phrase in `text` that begins first among those that end after `start`.

        Phrases are found with `str.find` in the folded text and their word boundaries checked
        here (one regular expression of fifty alternatives costs about ten times as much per
        token); the regular expressions are one pattern."""
        best: Found | None = None
        if self.phrases:
            folded = _fold(text)
            n = len(text)
            window = folded[max(0, start - self.longest_start + 1) :]
            for phrase, left, right in self.phrases:
                if phrase not in window:  # most are not: one test in C each
                    continue
                size = len(phrase)
                i = folded.find(phrase, max(0, start - size + 1))
                while i != -1 and (best is None or i < best.start):
                    end = i + size
                    if (left and i and _word(text[i - 1])) or (
                        right and end < n and _word(text[end])
                    ):
                        i = folded.find(phrase, i + 1)
                        continue
                    best = Found(i, end, right)
                    break
        if self.regexes is not None:
            for match in self.regexes.finditer(text):
                if match.end() > start:
                    if best is None or match.start() < best.start:
                        best = Found(match.start(), match.end(), True)
                    break
        return best

    def hold_from(self, text: str, floor: int = 0) -> int:
        """Where the tail of `text` that a banned phrase may still begin in starts (not before
        `floor`; len(text) when none may)."""
        n = len(text)
        hold = n
        if self.reach:
            hold = max(floor, n - self.reach)
        tail = _fold(text[max(floor, n - self.longest_start) :])
        for k in range(len(tail), 0, -1):
            if n - k >= hold:
                break
            if tail[-k:] in self.starts:
                hold = n - k
                break
        return hold


def compile_bans(lines: Sequence[str]) -> BanList:
    """The list of `lines` (see the module docstring); raises BanError naming the first line that
    is not a valid regular expression."""
    return _compile(tuple(lines))


@lru_cache(maxsize=8)
def _compile(lines: tuple[str, ...]) -> BanList:
    parts: list[str] = []
    regexes: list[str] = []
    phrases: list[tuple[str, bool, bool]] = []
    starts: set[str] = set()
    reach = 0
    kept: list[str] = []
    for number, raw in enumerate(lines, 1):
        line = raw.strip()
        if not line or line.startswith("#") or line in kept:
            continue
        if len(kept) == MAX_LINES:
            raise BanError(number, line[:40], "many")
        if len(line) > MAX_CHARS:
            raise BanError(number, line[:40] + "…", "long")
        kept.append(line)
        regex = _regex_of(line)
        if regex is not None:
            try:
                compiled = re.compile(regex, re.IGNORECASE)
            except (re.error, RecursionError, OverflowError) as exc:
                reason = exc.msg if isinstance(exc, re.error) else str(exc)
                raise BanError(number, line, "regex", reason) from None
            if compiled.match("") or _width(regex, low=True) == 0:
                raise BanError(number, line, "empty")
            if slow_pattern(regex, re.IGNORECASE):  # (it would hold the suggestions for minutes)
                raise BanError(number, line, "regex", SLOW)
            parts.append(f"(?:{regex})")
            regexes.append(f"(?:{regex})")
            reach = max(reach, _width(regex))
            continue
        literal = re.escape(line)
        left, right = _alphabetic(line[0]), _alphabetic(line[-1])
        if left:
            literal = r"(?<!\w)" + literal
        if right:
            literal += r"(?!\w)"
        folded = _fold(line)
        phrases.append((folded, left, right))
        parts.append(literal)
        starts.update(folded[:k] for k in range(1, len(folded) + 1))
    if not parts:
        return BanList(tuple(kept))
    pattern = re.compile("|".join(parts), re.IGNORECASE)
    longest = max((len(s) for s in starts), default=0)
    rx = re.compile("|".join(regexes), re.IGNORECASE) if regexes else None
    return BanList(
        tuple(kept), pattern, frozenset(starts), tuple(phrases), rx, longest, reach
    )


def _width(regex: str, low: bool = False) -> int:
    """The longest text `regex` matches, REGEX_REACH when longer or unbounded (with `low`, the
    shortest)."""
    try:
        from re import _parser  # the parser `re` itself uses; it knows a pattern's width
    except ImportError:  # pragma: no cover - Python 3.10 and earlier called it sre_parse
        return REGEX_REACH
    try:
        shortest, longest = _parser.parse(regex, re.IGNORECASE).getwidth()
    except Exception:  # noqa: BLE001 - a width we cannot tell is the longest we hold
        return REGEX_REACH
    return min(int(shortest if low else longest), REGEX_REACH)


def check_bans(text: str) -> list[str]:
    """The bans of a text of lines, checked (BanError for an invalid regular expression)."""
    compile_bans(text.splitlines())  # numbered as the writer sees the lines
    return ban_lines(text)


@dataclass
class Verdict:
    """What the guard says after a unit: how many held units may go out now (`release`), the
    held unit a banned phrase begins in (`banned`, None: none), and whether the text must end
    instead of rewinding (`stop`: too many rewinds, or a phrase that began in text already out,
    `escaped`). `keep` is the text of the banned unit before the phrase (what a backend that
    cuts instead of rewinding still shows)."""

    release: int = 0
    banned: int | None = None
    stop: bool = False
    escaped: bool = False
    keep: str = ""


class BanGuard:
    """One generation's guard: feed it the text of each unit as it is decided (`push`), let out
    the units its verdict releases, and on a ban either `rewind` to the unit it names or stop.

    Units are whatever a backend decides at once (a token, a server's chunk); their text may be
    empty (a token inside a character). The first `skip` characters are the writer's own (the
    typed part of a word that token healing spells again): a phrase wholly inside them is the
    writer's and passes; one that begins there and goes on ends the text. The guard counts
    rewinds (`rewinds`)."""

    def __init__(self, bans: BanList, skip: int = 0) -> None:
        self.bans = bans
        self.skip = skip
        self.emitted = 0  # characters let out
        self.context = ""  # the last CONTEXT characters let out
        self.units: list[str] = []  # the texts of the held units
        self.out = 0  # how many units were let out
        self.rewinds = 0
        self._at: dict[int, int] = {}  # rewinds at each point (the number of units before it)

    def push(self, text: str) -> Verdict:
        """One more unit's text; the verdict on what is held now."""
        self.units.append(text)
        return self._judge(final=False)

    def finish(self) -> Verdict:
        """The generation ends here: a phrase at the very end counts now."""
        return self._judge(final=True)

    def _judge(self, final: bool) -> Verdict:
        held = "".join(self.units)
        base = len(self.context)
        text = self.context + held
        writers = self.skip - (self.emitted - base)  # where the writer's characters end in text
        match = self.bans.search(text, max(base, writers))
        hold = len(text)
        if match is not None:
            if match.end == len(text) and not final and match.grows:
                hold = match.start  # it may still grow
            elif match.start < max(base, writers):
                return Verdict(stop=True, escaped=True)
            else:
                banned = self._unit_at(match.start - base)
                verdict = self._ban(banned)
                before = len("".join(self.units[:banned])) if not verdict.stop else 0
                verdict.keep = held[before : match.start - base] if not verdict.stop else ""
                return verdict
        if not final:
            hold = min(hold, self.bans.hold_from(text, base))
        release = self._before(max(0, hold - base))
        self._let_out(release)
        return Verdict(release=release)

    def _ban(self, banned: int) -> Verdict:
        point = self.out + banned
        if self.rewinds >= MAX_REWINDS or self._at.get(point, 0) >= MAX_REWINDS_AT:
            self._let_out(banned)
            return Verdict(release=banned, stop=True)
        return Verdict(banned=banned)

    def _before(self, chars: int) -> int:
        """How many held units end at or before `chars` characters into the held text (never
        one with no text of its own at the end: its bytes begin the next character)."""
        end = n = 0
        for unit in self.units:
            end += len(unit)
            if end > chars:
                break
            n += 1
        while n and not self.units[n - 1]:
            n -= 1
        return n

    def _unit_at(self, chars: int) -> int:
        """The held unit whose text holds the character at `chars` into the held text."""
        end = 0
        for i, unit in enumerate(self.units):
            end += len(unit)
            if end > chars:
                # a unit with no text of its own (bytes of an unfinished character) belongs
                # with the character it begins: go back to the first of them
                while i and not self.units[i - 1]:
                    i -= 1
                return i
        return len(self.units) - 1

    def _let_out(self, n: int) -> None:
        if n:
            out = "".join(self.units[:n])
            self.emitted += len(out)
            self.context = (self.context + out)[-CONTEXT:]
            del self.units[:n]
            self.out += n

    def rewind(self, banned: int) -> None:
        """Forget the held units from `banned` on: the backend goes back to where it began."""
        point = self.out + banned
        self._at = {p: n for p, n in self._at.items() if p <= point}
        self._at[point] = self._at.get(point, 0) + 1
        self.rewinds += 1
        del self.units[banned:]

    def release_all(self) -> list[str]:
        """What is still held, let out (the generation ended with no ban in it)."""
        units = list(self.units)
        self._let_out(len(units))
        return units


def banned_in(text: str, bans: BanList) -> list[str]:
    """The banned phrases that occur in `text` (a bench's and a test's count)."""
    if bans.pattern is None:
        return []
    return [m.group(0) for m in bans.pattern.finditer(text)]


class ChunkCut(Generic[T]):
    """A guard for a backend that cannot rewind (a server's stream): chunks of text in, each with
    something of the backend's (`extra`: its tokens' probabilities), held back while a banned
    phrase may begin in them; the text ends before the first banned phrase, the chunk it begins
    in cut there (with `cut_extra` instead of its own), and `cut` turns true."""

    def __init__(self, bans: BanList, skip: int = 0, cut_extra: T | None = None) -> None:
        self.guard = BanGuard(bans, skip)
        self.held: list[tuple[str, T]] = []
        self.cut = False
        self.cut_extra = cut_extra

    def push(self, text: str, extra: T) -> list[tuple[str, T | None]]:
        """What goes out after one more chunk (nothing more once `cut`)."""
        if self.cut:
            return []
        self.held.append((text, extra))
        return self._out(self.guard.push(text))

    def finish(self) -> list[tuple[str, T | None]]:
        """The stream ended: what is still held and no banned phrase, out."""
        if self.cut:
            return []
        out = self._out(self.guard.finish())
        if not self.cut:
            self.guard.release_all()
            out += self.held
            self.held = []
        return out

    def _out(self, verdict: Verdict) -> list[tuple[str, T | None]]:
        n = verdict.release
        out: list[tuple[str, T | None]] = list(self.held[:n])
        del self.held[:n]
        if verdict.banned is not None:
            out += self.held[: verdict.banned]
            if verdict.keep.rstrip():  # the space before the phrase goes with it
                out.append((verdict.keep.rstrip(), self.cut_extra))
        if verdict.banned is not None or verdict.stop:
            self.cut = True
            self.held = []
        return out
