"""The tokens a continuation is generated from.

- **The window and the head.** The text before the cursor, from a start that moves in whole
  chunks, so that its tokens are the same from one keystroke to the next and the KV cache holds
  them; when it no longer reaches the document's start, the document's title and headings go
  first (see generation/window.py).
- **Fill in the middle.** For a model with fill-in-the-middle tokens, and text after the
  cursor, the prompt is the model's prefix token, the head and window, its suffix token, a
  window of the text after the cursor (SUFFIX_TOKENS at most, cut at a word), and its middle
  token: `<PRE> before <SUF> after <MID>`. While the writer types there, the prefix stays where
  that prompt ended it (its `anchor`) and the text typed since goes after the middle token
  (`middle_prompt`, generation/window.py `middle_text`): a keystroke in the middle evaluates
  only its own tokens, as one at the end does, and every cell is exact.
- **Memory and style.** The project's memory (writer/project: notes, lore entries, other
  chapters) goes first, before the head, as text that changes least; the style note goes into
  the window a few lines before the cursor (generation/window.py `place_style`). Both take room
  from the window's budget; memory is held to MEMORY_SHARE of it.
- A trailing space is left off (BPE vocabularies attach it to the next word) and the first
  token is limited to those that start with one (`constraint`, `skip_prefix`).
- **Token healing.** Where the text ends inside a word (generation/window.py `word_fragment`),
  the prompt ends at the token boundary before it: the trailing tokens that cover the fragment
  (HEAL_TOKENS at most, starting on a character's first byte) are left off, and the answer's
  first tokens must spell their bytes again (tokens.Healing), which the suggestion does not
  show (`skip_prefix`). The shorter prompt is a prefix of what the cache holds from the last
  keystroke, so healing costs no prompt evaluation, only the steps that spell the fragment.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from writer.engine.tokens import FirstMask, Healing, TokenConstraint, Vocabulary
from writer.generation.window import (
    MEMORY_SHARE,
    fit_window,
    head_text,
    middle_text,
    outline,
    place_style,
    suffix_window,
    trailing_space,
    word_fragment,
)

SUFFIX_TOKENS = 48
HEAL_TOKENS = 8

Tokenize = Callable[..., list[int]]


@dataclass
class ContinuationPrompt:
    tokens: list[int]
    window_start: int = 0
    constraint: TokenConstraint | None = None
    skip_prefix: str = ""
    head: str = ""
    fim: bool = False
    memory: str = ""  # the memory text the prompt starts with
    memory_tokens: int = 0
    # fill in the middle: the text before the cursor the prefix part spells (see middle_prompt)
    anchor: str | None = None
    doc_at: int = 0  # where the window's tokens begin, after the memory and the head


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
    vocabulary: Callable[[], Vocabulary],
    memory: str = "",
    style: str = "",
    tokenize_memory: Tokenize | None = None,
    healing: bool = True,
) -> ContinuationPrompt:
    """See the module docstring. `tokenize_document(text, bos=...)` tokenizes with paragraph
    reuse; `bos` is the token the model starts with (None if it adds none); `vocabulary()` is
    the model's (built at its first use). Without `healing` a word at the end is not healed: the
    text ends with a suggestion taken whole, whose tokens the model chose and goes on from."""
    prompt = ContinuationPrompt(tokens=[])
    asked = before  # as the request has it (the style note goes into `before` below)
    before, prompt.skip_prefix = trailing_space(before)
    if prompt.skip_prefix:
        prompt.constraint = FirstMask(space_mask(), vocabulary())
    suffix: list[int] = []
    if fim is not None and after.strip():
        suffix = tokenize(suffix_window(after), add_bos=False)[:SUFFIX_TOKENS]
        prompt.fim = True
        budget -= len(suffix) + 3
    lead: list[int] = []  # the memory, with the BOS token
    if memory:
        lead = (tokenize_memory or tokenize)(memory, add_bos=bos is not None)
        if len(lead) > budget * MEMORY_SHARE:
            lead = []  # the writer's memory budget is larger than this context allows
        else:
            prompt.memory, prompt.memory_tokens = memory, len(lead)
            budget -= len(lead)

    def document(text: str) -> list[int]:  # the BOS token goes first: with the memory, if any
        return tokenize_document(text, bos=not lead)

    start, window = fit_window(before, budget, document)
    if style:
        before = place_style(before, style, start)
        start, window = fit_window(before, budget, document)
    tokens = lead + window
    for _round in range(2):  # the head takes room, which may move the window's start on
        if start == 0 and not extra_head:
            break
        prompt.head = head_text(outline(extra_head + before[:start]))
        head = tokenize(prompt.head, add_bos=bos is not None and not lead)
        start, window = fit_window(
            before, budget - len(head), lambda text: tokenize_document(text, bos=False)
        )
        tokens = lead + head + window
    prompt.window_start = start
    prompt.doc_at = len(tokens) - len(window)
    fragment = "" if prompt.skip_prefix or not healing else word_fragment(before)
    if fragment:
        cut = heal(prompt, window, fragment, before, vocabulary(), bos)
        tokens = tokens[: len(tokens) - cut]
    if prompt.fim:
        pre, suf, mid = fim
        lead = [bos] if bos is not None and tokens[:1] == [bos] else []
        tokens = [*lead, pre, *tokens[len(lead) :], suf, *suffix, mid]
        prompt.anchor = asked[: len(asked) - len(prompt.skip_prefix)]
    prompt.tokens = tokens
    return prompt


MIDDLE_TOKENS = 160


def middle_prompt(
    anchor: ContinuationPrompt,
    before: str,
    budget: int,
    tokenize: Tokenize,
    space_mask: Callable[[], np.ndarray],
    vocabulary: Callable[[], Vocabulary],
) -> ContinuationPrompt | None:
    """`anchor` (a fill-in-the-middle prompt, its text before the cursor `anchor.anchor`) with
    what was typed after that text in `before` after its middle token, the trailing space and
    the word being typed treated as at a window's end; None where the typed part cannot go
    there (generation/window.py `middle_text`), takes more than MIDDLE_TOKENS, cannot be healed,
    or would not fit `budget`."""
    if anchor.anchor is None:
        return None
    text, skip = trailing_space(before)
    typed = middle_text(anchor.anchor, text)
    if typed is None:
        return None
    tokens = tokenize(typed, add_bos=False) if typed else []
    if len(tokens) > MIDDLE_TOKENS or len(anchor.tokens) + len(tokens) > budget:
        return None
    prompt = ContinuationPrompt(
        tokens=[],
        window_start=anchor.window_start,
        head=anchor.head,
        fim=True,
        memory=anchor.memory,
        memory_tokens=anchor.memory_tokens,
        anchor=anchor.anchor,
        skip_prefix=skip,
    )
    if skip:
        prompt.constraint = FirstMask(space_mask(), vocabulary())
    elif fragment := word_fragment(text):
        mid = anchor.tokens[-1]  # never cut: the word being typed must lie in the middle
        cut = heal(prompt, [mid, *tokens], fragment, text, vocabulary(), mid)
        if not cut:
            return None
        tokens = tokens[:-cut]
    prompt.tokens = [*anchor.tokens, *tokens]
    return prompt


def heal(
    prompt: ContinuationPrompt,
    window: list[int],
    fragment: str,
    before: str,
    vocab: Vocabulary,
    stop: int | None,
) -> int:
    """Token healing at the end of `window` (see `heal_cut`; `stop` is a token never cut): how
    many of its last tokens the prompt leaves off (0: none), their bytes made `prompt`'s
    `skip_prefix` and the constraint that spells them again."""
    cut = heal_cut(window, fragment, before, vocab, stop)
    if cut:
        healed = b"".join(vocab.pieces[t] for t in window[-cut:])
        prompt.skip_prefix = healed.decode("utf-8")
        prompt.constraint = Healing(healed, vocab, window[-cut:])
    return cut


def heal_cut(
    window: list[int], fragment: str, before: str, vocab: Vocabulary, bos: int | None
) -> int:
    """How many of the window's last tokens to leave off so that the prompt ends at the token
    boundary before `fragment` (0: none can be, and the prompt is not healed). Their bytes must
    cover the fragment, start at a character's first byte, be the end of `before`, and leave a
    token (or the BOS token) in the window."""
    need = len(fragment.encode("utf-8"))
    tail = before[-(len(fragment) + 64) :].encode("utf-8")
    data = b""
    for cut in range(1, min(HEAL_TOKENS, len(window) - 1) + 1):
        token = window[-cut]
        if token == bos:
            return 0
        data = vocab.pieces[token] + data
        if len(data) >= need and data[:1] and not 0x80 <= data[0] < 0xC0:
            return cut if tail.endswith(data) else 0
    return 0
