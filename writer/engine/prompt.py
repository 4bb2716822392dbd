"""The tokens a continuation is generated from.

- **The window and the head.** The text before the cursor, from a start that moves in whole
  chunks, so that its tokens are the same from one keystroke to the next and the KV cache holds
  them; when it no longer reaches the document's start, the document's title and headings go
  first (see generation/window.py).
- **Fill in the middle.** For a model with fill-in-the-middle tokens, and text after the
  cursor, the prompt is the model's prefix token, the head and window, its suffix token, a
  window of the text after the cursor (SUFFIX_TOKENS at most, cut at a word), and its middle
  token: `<PRE> before <SUF> after <MID>`. The prefix part keeps its bytes while the writer
  types; the suffix part after it is evaluated again at each keystroke.
- A trailing space is left off (BPE vocabularies attach it to the next word) and the first
  token is limited to those that start with one (`first_mask`, `skip_prefix`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from writer.generation.window import (
    fit_window,
    head_text,
    outline,
    suffix_window,
    trailing_space,
)

SUFFIX_TOKENS = 48

Tokenize = Callable[..., list[int]]


@dataclass
class ContinuationPrompt:
    tokens: list[int]
    window_start: int = 0
    first_mask: np.ndarray | None = None
    skip_prefix: str = ""
    head: str = ""
    fim: bool = False


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
    before, prompt.skip_prefix = trailing_space(before)
    if prompt.skip_prefix:
        prompt.first_mask = space_mask()
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
