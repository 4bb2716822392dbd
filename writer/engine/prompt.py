"""The tokens a continuation is generated from.

- **The window.** The text before the cursor, from a start that moves in whole chunks (see
  window.py), so that its tokens are the same from one keystroke to the next and the KV cache
  holds them.
- **The head.** When the window no longer reaches the document's start, the document's title
  (its first line) and its Markdown headings before the window go first, then "…": a
  suggestion on page 20 still knows what the document is about. The head changes only when
  the window's start moves or a heading is written, so it costs nothing while the writer types.
- **Fill in the middle.** For a model with fill-in-the-middle tokens, and text after the
  cursor, the prompt is the model's prefix token, the head and window, its suffix token, a
  window of the text after the cursor (SUFFIX_TOKENS at most, cut at a word), and its middle
  token: `<PRE> before <SUF> after <MID>`. The prefix part keeps its bytes while the writer
  types; the suffix part after it is evaluated again at each keystroke.
- A trailing space is left off (BPE vocabularies attach it to the next word) and the first
  token is limited to those that start with one (`first_mask`, `skip_prefix`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from writer.engine.window import fit_window

SUFFIX_CHARS = 800
SUFFIX_TOKENS = 48
HEAD_LINES = 24
HEAD_CHARS = 1200
HEADING = re.compile(r"^#{1,6}[ \t]+\S.*$", re.MULTILINE)
ELLIPSIS = "\n\n…\n\n"

Tokenize = Callable[..., list[int]]


@dataclass
class ContinuationPrompt:
    tokens: list[int]
    window_start: int = 0
    first_mask: np.ndarray | None = None
    skip_prefix: str = ""
    head: str = ""
    fim: bool = False


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


def continuation_prompt(
    before: str,
    after: str,
    extra_head: str,
    budget: int,
    tokenize: Tokenize,
    tokenize_document: Tokenize,
    bos: int | None,
    fim: tuple[int, int, int] | None,
    space_mask: Callable[[], np.ndarray],
) -> ContinuationPrompt:
    """See the module docstring. `tokenize_document(text, bos=...)` tokenizes with paragraph
    reuse; `bos` is the token the model starts with (None if it adds none)."""
    prompt = ContinuationPrompt(tokens=[])
    if before.endswith(" ") and not before.endswith("  ") and len(before) > 1:
        before = before[:-1]
        prompt.first_mask = space_mask()
        prompt.skip_prefix = " "
    suffix: list[int] = []
    if fim is not None and after.strip():
        suffix = tokenize(suffix_window(after), add_bos=False)[:SUFFIX_TOKENS]
        prompt.fim = True
        budget -= len(suffix) + 3
    start, window = fit_window(before, budget, tokenize_document)
    tokens = window
    for _round in range(2):  # the head takes room, which may move the window's start on
        if start == 0 and not extra_head:
            break
        prompt.head = head_text(outline(extra_head + before[:start]))
        head = tokenize(prompt.head, add_bos=bos is not None)
        start, window = fit_window(
            before, budget - len(head), lambda text: tokenize_document(text, bos=False)
        )
        tokens = head + window
    prompt.window_start = start
    if prompt.fim:
        pre, suf, mid = fim
        lead = [bos] if bos is not None and tokens[:1] == [bos] else []
        tokens = [*lead, pre, *tokens[len(lead) :], suf, *suffix, mid]
    prompt.tokens = tokens
    return prompt
