"""The window of document text sent to the model.

The KV cache is reused for the longest common token prefix between requests, so the window's
start must not move while the writer types. When the text before the cursor exceeds the budget,
the start advances in whole chunks (a quarter of the budget): it moves once every few thousand
characters of typing, not at every keystroke.
"""

from __future__ import annotations

from collections.abc import Callable

CHARS_PER_TOKEN_GUESS = 3  # generous for English (about 4); CJK text takes the token check below


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


def fit_window(
    text: str, budget_tokens: int, count_tokens: Callable[[str], list[int]]
) -> tuple[int, list[int]]:
    """The window's start and its tokens: at most budget_tokens, start moved in whole chunks."""
    budget_chars = budget_tokens * CHARS_PER_TOKEN_GUESS
    chunk_chars = max(256, budget_chars // 4)
    start = window_start(text, budget_chars, chunk_chars)
    while True:
        tokens = count_tokens(text[start:])
        if len(tokens) <= budget_tokens or start >= len(text):
            return start, tokens
        start = snap_forward(text, start + chunk_chars - start % chunk_chars, chunk_chars // 2)
