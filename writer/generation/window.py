"""Which text of the document goes to the model: the window before the cursor, the head that
stands for what the window left out, and the text after the cursor.

- **The window.** A backend's prefix cache is reused for the longest common prefix between
  requests, so the window's start must not move while the writer types. When the text before
  the cursor exceeds the budget, the start advances in whole chunks (a quarter of the budget):
  it moves once every few thousand characters of typing, not at every keystroke.
- **Short first, wide in the background.** A cold cache evaluates a full window (8,000 tokens)
  at about 200 tokens a second on a two-core CPU with the starter model: 40 s before the first
  suggestion in a long document. A request therefore reads a short window of SHORT_WINDOW_TOKENS
  (about 1.5 s there, leaving room for the first piece within 2 s) unless the cache already
  holds the wide one; a warm-up reads the wide window beside it, in another sequence of the same
  context, and the next request adopts it. Both must fit in the context's cells at once, so the
  wide budget leaves room for the short window and its answer (`wide_budget`).
- **The head.** When the window no longer reaches the document's start, the document's title
  (its first line) and its Markdown headings before the window go first, then "…": a
  suggestion on page 20 still knows what the document is about. The head changes only when the
  window's start moves or a heading is written, so it costs nothing while the writer types.
- **The text after the cursor** goes to a model that fills in the middle: SUFFIX_CHARS of it at
  most, cut at a word.
- **The project's memory** (notes, lore entries, passages of other chapters: writer/project)
  goes first, before the head: it changes least, so typing changes only the prompt's end. A short
  window read first (above) goes without it.
- **The style note** goes into the window a few lines before the cursor (`place_style`), at a
  paragraph start that moves once per STYLE_STEP characters typed, not at every keystroke.
- **A trailing space** is left off the text before the cursor (tokenizers attach it to the next
  word), and the answer's own space before its first word is left out of the suggestion.
- **Typing in the middle.** A fill-in-the-middle prompt reads `<PRE> before <SUF> after <MID>`:
  a keystroke before the cursor changes the prefix, and everything after it (the suffix) would
  be read again. Instead the prefix stays where an earlier prompt ended it (the anchor) and what
  the writer typed since goes after the middle token, as the start of the middle the model is to
  write: `<PRE> before-the-anchor <SUF> after <MID> typed`. That is the same question (the
  middle's rest, given the text on both sides, the document split at another place), and its
  cells are exact. Where the typed part would split a word across the anchor, or grows past
  MIDDLE_CHARS, the prompt is made afresh (`middle_text`). (llama.cpp's server documents its
  `/infill` `prompt` as going after the middle token, but the one Writer builds appends it to
  the prefix, so a server backend reads the suffix again.)
- **The word being typed** (`word_fragment`: the trailing run of word characters, or the last
  character of CJK text) is where a prompt would end inside a token. The local engine ends the
  prompt at the token boundary before it and makes the answer spell it again (token healing,
  engine/prompt.py); a backend that cannot constrain tokens sends the text without the word
  (`heal_text`) and shows an answer only when it begins with the typed word, so a suggestion
  inside a word completes the word or does not come.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable

CHARS_PER_TOKEN_GUESS = 3  # generous for English (about 4); CJK text takes the token check below
SUFFIX_CHARS = 800
MEMORY_SHARE = 0.5  # of a prompt's budget the memory may take, whatever the writer's budget says
HEAD_LINES = 24
HEAD_CHARS = 1200
HEADING = re.compile(r"^#{1,6}[ \t]+\S.*$", re.MULTILINE)
ELLIPSIS = "\n\n…\n\n"


def prompt_budget(n_ctx: int, max_tokens: int) -> int:
    """How many tokens of a context of `n_ctx` the prompt may take, leaving room for the answer."""
    return max(16, n_ctx - max_tokens - 8)


SHORT_WINDOW_TOKENS = 320


def wide_budget(n_ctx: int, max_tokens: int) -> int:
    """The prompt budget of the wide window: the context less the answer's room and, when a
    short window is used at all, less the short window and its answer, which share the cells."""
    budget = prompt_budget(n_ctx, max_tokens)
    if short_budget(n_ctx, max_tokens) is None:
        return budget
    return budget - SHORT_WINDOW_TOKENS - max_tokens


def short_budget(n_ctx: int, max_tokens: int) -> int | None:
    """The prompt budget of the short window read first; None in a context too small to hold
    a short and a wide window side by side (it then reads one window)."""
    if prompt_budget(n_ctx, max_tokens) < 4 * SHORT_WINDOW_TOKENS + max_tokens:
        return None
    return SHORT_WINDOW_TOKENS


def window_start(text: str, budget_chars: int, chunk_chars: int) -> int:
    """A stable start offset such that text[start:] has at most budget_chars characters."""
    excess = len(text) - budget_chars
    if excess <= 0:
        return 0
    start = -(-excess // chunk_chars) * chunk_chars
    return snap_forward(text, start, chunk_chars // 2)


def snap_forward(text: str, start: int, reach: int) -> int:
    """Move start to the next line start (or word start) within reach, so no word is cut."""
    limit = min(len(text), start + reach)
    newline = text.find("\n", start, limit)
    if newline >= 0:
        return newline + 1
    for i in range(start, limit):
        if text[i].isspace():
            return i + 1
    return start


def _chunk(budget_chars: int) -> int:
    return max(256, budget_chars // 4)


def fit_window(
    text: str, budget_tokens: int, count_tokens: Callable[[str], list[int]]
) -> tuple[int, list[int]]:
    """The window's start and its tokens: at most budget_tokens, start moved in whole chunks."""
    budget_chars = budget_tokens * CHARS_PER_TOKEN_GUESS
    chunk_chars = _chunk(budget_chars)
    start = window_start(text, budget_chars, chunk_chars)
    while True:
        tokens = count_tokens(text[start:])
        if len(tokens) <= budget_tokens or start >= len(text):
            return start, tokens
        start = snap_forward(text, start + chunk_chars - start % chunk_chars, chunk_chars // 2)


# ASCII digits and punctuation: many tokenizers give each of them a token of its own
_ONE_EACH = str.maketrans("", "", "0123456789!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")


def tokens_guess(text: str) -> int:
    """A cautious count of `text`'s tokens for a backend that counts none: CHARS_PER_TOKEN_GUESS
    ASCII letters and spaces a token, a token for each ASCII digit or punctuation mark, and one
    for each byte of any other character (a tokenizer never takes more tokens than bytes:
    Chinese text is counted three tokens a character, where a tokenizer made for it takes
    about one, and one made for English up to three)."""
    ascii_text = text.encode("ascii", "ignore")
    plain = len(ascii_text.decode("ascii").translate(_ONE_EACH))
    one_each = len(ascii_text) - plain
    other = len(text.encode("utf-8")) - len(ascii_text)
    return -(-plain // CHARS_PER_TOKEN_GUESS) + one_each + other


def text_window(text: str, budget_tokens: int, grid_tokens: int | None = None) -> int:
    """The window's start for a backend that counts no tokens, from the cautious count of
    `tokens_guess` (a server refuses a prompt longer than its context: llama-server answers
    HTTP 400): as many characters a token as that count gives the text before the cursor, then
    moved in whole chunks as `fit_window` moves it while the window's count does not fit.
    `grid_tokens` (`budget_tokens` when None) places the chunks: a budget scaled past the
    cautious count (`GuessScale`) keeps the grid of the unscaled one, so a larger budget never
    gives a later start."""
    grid_tokens = grid_tokens or budget_tokens
    # characters a token near the cursor by that count, on a ladder of steps of a tenth (the
    # start stays put while the writer types: the mix of the text changes slowly)
    tail = text[-max(1, grid_tokens) * CHARS_PER_TOKEN_GUESS :]
    density = len(tail) / max(1, tokens_guess(tail))
    per_token = float(CHARS_PER_TOKEN_GUESS)
    while per_token > density and per_token > 0.1:
        per_token *= 0.9
    budget_chars = max(256, int(budget_tokens * per_token))
    chunk_chars = _chunk(max(256, int(grid_tokens * per_token)))
    start = window_start(text, budget_chars, chunk_chars)
    while start < len(text) and tokens_guess(text[start:]) > budget_tokens:
        start = snap_forward(text, start + chunk_chars - start % chunk_chars, chunk_chars // 2)
    return start


SCALE_STEP = 2**0.25  # the scale's ladder: the window's start moves when the scale does
SCALE_MARGIN = 1.15  # the server's count may grow by this over the largest ratio seen
SCALE_MAX = 4.0  # a token a byte against a tokenizer that takes a Chinese character in one
SCALE_SEEN = 8  # prompts whose ratio the scale keeps
SCALE_RISE = 1.05  # a step up wants this much room more than the step
SCALE_MIN_GUESS = 256  # prompts shorter than this (by the cautious count) teach nothing


class GuessScale:
    """How far past `tokens_guess` a backend that counts no tokens may fill its context: the
    cautious count takes three tokens for a Chinese character that a tokenizer made for it
    reads in about one, so a window would use a third of the context. The server's own count
    of the prompts it was sent (`seen`) says how cautious the count was; the budget the count
    may use is then the context's times `value`: one over the largest ratio of the last
    SCALE_SEEN prompts, less a margin, on a ladder of SCALE_STEP steps (the window's start
    stays put while the ratio wanders within a step; a step up wants SCALE_RISE more room than
    the step). A prompt the server refuses as too long (`refused`) puts the scale back to the
    cautious count at once (the backend then asks again), and the scale never again rises to
    within a step of where it was refused: a text whose mix changes within the window cannot
    make it go up and down (each move of the window's start reads the window again).
    Thread-safe: a backend's requests may run on more than one thread (each reads `value` once
    and says which value a refused prompt was made at)."""

    def __init__(self) -> None:
        self.value = 1.0
        self.ceiling = SCALE_MAX
        self._ratios: list[float] = []
        self._last = (0, 0)
        self._lock = threading.Lock()

    def seen(self, guessed: int, counted: int) -> None:
        """A prompt of `guessed` tokens by the cautious count was `counted` by the server."""
        if guessed < SCALE_MIN_GUESS or counted <= 0:
            return
        with self._lock:
            if (guessed, counted) == self._last:
                return  # the same prompt again (a warm-up's, then its suggestion's)
            self._last = (guessed, counted)
            self._ratios = [*self._ratios[-(SCALE_SEEN - 1) :], counted / guessed]
            fit = 1.0 / (max(self._ratios) * SCALE_MARGIN)
            value = self.value
            while value > 1.0 and value > fit:
                value /= SCALE_STEP  # down at once: the margin is being spent
            while value * SCALE_STEP <= min(fit / SCALE_RISE, self.ceiling * 1.000001):
                value *= SCALE_STEP
            self.value = max(1.0, value)

    def refused(self, at: float) -> bool:
        """The server refused a prompt made at scale `at` as longer than its context: the
        cautious count again (unless the scale is below `at` already: another request's
        refusal), and never again within a step of `at`. Whether the prompt went past the
        cautious count (made again now, it may fit); a prompt made at 1.0 changes nothing."""
        if at <= 1.0:
            return False
        with self._lock:
            self.ceiling = min(self.ceiling, max(1.0, at / SCALE_STEP))
            if self.value >= at:
                self.value, self._ratios, self._last = 1.0, [], (0, 0)
            self.value = min(self.value, self.ceiling)
        return True


def trailing_space(before: str) -> tuple[str, str]:
    """The text to continue and a prefix to leave out of the answer: a single trailing space
    is left off the text, and the answer's space before its first word is not shown twice."""
    if before.endswith(" ") and not before.endswith("  ") and len(before) > 1:
        return before[:-1], " "
    return before, ""


CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
FRAGMENT_CHARS = 32  # a longer run of word characters is no word being typed (a hash, a URL)


def word_fragment(before: str) -> str:
    """The part of a word the text ends in: its trailing run of word characters (letters,
    digits, apostrophes, "_"), or its last character where that is CJK (no spaces there: the
    characters a token covers around it are found by the tokenizer); "" when it ends elsewhere
    or the run is longer than FRAGMENT_CHARS."""
    if not before:
        return ""
    if CJK.match(before[-1]):
        return before[-1]
    i = len(before)
    while i > 0 and _word_char(before[i - 1]) and not CJK.match(before[i - 1]):
        i -= 1
    fragment = before[i:]
    return fragment if len(fragment) <= FRAGMENT_CHARS else ""


def _word_char(ch: str) -> bool:
    return ch.isalnum() or ch in "_'’"


def heal_text(before: str) -> tuple[str, str]:
    """For a backend that cannot constrain tokens: the text to continue and the prefix the
    answer must begin with (and that is left out of what it shows). Inside a word (not CJK) the
    text ends before the word and a space before it, and the answer must spell them again;
    elsewhere it is `trailing_space`."""
    fragment = word_fragment(before)
    if not fragment or CJK.match(fragment) or len(fragment) == len(before):
        return trailing_space(before)
    cut = len(before) - len(fragment)
    if before[cut - 1] == " " and cut > 1 and before[cut - 2] != " ":
        cut -= 1
    return before[:cut], before[cut:]


def outline(text: str) -> list[str]:
    """The document's title (its first non-empty line) and its Markdown headings, in order."""
    lines: list[str] = []
    stripped = text.lstrip()
    if stripped:
        lines.append(stripped.split("\n", 1)[0].strip())
    for match in HEADING.finditer(text):
        line = match.group(0).strip()
        if not lines or line != lines[0]:
            lines.append(line)
    return lines


def head_text(lines: list[str]) -> str:
    """The head that stands for the text before the window: title, then the latest headings
    that fit, then an ellipsis."""
    if not lines:
        return ""
    title, rest = lines[0][:200], lines[1:][-HEAD_LINES:]
    while rest and len(title) + sum(len(r) + 1 for r in rest) > HEAD_CHARS:
        rest.pop(0)
    return "\n".join([title, *rest]) + ELLIPSIS


def suffix_window(after: str) -> str:
    """The text after the cursor that goes into a fill-in-the-middle prompt, cut at a word."""
    text = after[:SUFFIX_CHARS]
    if len(after) > SUFFIX_CHARS and " " in text:
        text = text[: text.rfind(" ")]
    return text


MIDDLE_CHARS = 480


def middle_text(anchor: str, before: str) -> str | None:
    """What was typed after `anchor` (the text before the cursor an earlier fill-in-the-middle
    prompt's prefix spells) where a prompt can carry it after its middle token (module
    docstring): None when `before` does not go on from the anchor, when the typed part is longer
    than MIDDLE_CHARS, or when the anchor would split a word (or a run of CJK characters, whose
    tokens may span the boundary)."""
    if not before.startswith(anchor):
        return None
    typed = before[len(anchor) :]
    if len(typed) > MIDDLE_CHARS:
        return None
    if typed and anchor and _word_char(anchor[-1]) and _word_char(typed[0]):
        return None
    return typed


STYLE_STEP = 512


def style_note(style: str) -> str:
    """The line a style note puts into the text ("" for none)."""
    style = " ".join(style.split())
    return f"[Style: {style}]\n" if style else ""


def style_anchor(before: str, start: int = 0) -> int:
    """Where the style note goes in `before` (whose window starts at `start`): the last
    paragraph start at or before the last multiple of STYLE_STEP characters, so it stays put
    while the writer types and moves once per STYLE_STEP characters; in a paragraph longer than
    two steps, the last sentence start before that point; never before `start`."""
    cut = max(start, len(before) - len(before) % STYLE_STEP)
    anchor = before.rfind("\n", start, cut) + 1
    if anchor < start or cut - anchor > 2 * STYLE_STEP:
        sentence = max(before.rfind(mark, start, cut) for mark in (". ", "! ", "? ", "。"))
        anchor = sentence + (1 if before[sentence] == "。" else 2) if sentence >= 0 else start
    return max(start, anchor)


def place_style(before: str, style: str, start: int = 0) -> str:
    """`before` with the style note at `style_anchor` (unchanged when there is no note)."""
    note = style_note(style)
    if not note:
        return before
    at = style_anchor(before, start)
    return before[:at] + note + before[at:]
