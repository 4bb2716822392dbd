"""Chat prompts in llama.cpp tokens: the model's chat template (from its GGUF header) rendered by
generation/chat_template.py, then the template's own text tokenized with special tokens and each
message's content on its own without, so a document that mentions `<|im_end|>` cannot end the
turn. The tokens that end the model's turn are found in its vocabulary.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from writer.generation.chat_template import MARK, TURN_END_TOKENS, render_chat

if TYPE_CHECKING:
    from writer.engine.runtime import LlamaRuntime


@dataclass
class ChatPrompt:
    """A prompt ready to evaluate, with what ends the model's turn."""

    tokens: list[int]
    text: str
    stop_tokens: list[int]
    stop_text: tuple[str, ...] = ()
    used_template: bool = False
    template_refused: str = ""
    content_spans: list[tuple[int, int]] = field(default_factory=list)


def _special_text(runtime: LlamaRuntime, token: int | None) -> str:
    if token is None or token < 0:
        return ""
    return runtime.piece(token, special=True).decode("utf-8", errors="ignore")


def turn_end_tokens(runtime: LlamaRuntime, template: str | None, eos: int | None) -> list[int]:
    """Tokens that end the assistant's turn: the template's end marker(s) and the EOS token.
    (End-of-generation tokens are also checked by the generator itself.)"""
    found: list[int] = []
    for text in TURN_END_TOKENS:
        if template is None or text in template:
            tok = runtime.token_id(text)
            if tok is not None:
                found.append(tok)
    if eos is not None and eos >= 0:
        found.append(eos)
    return list(dict.fromkeys(found))


def _tokenize_marked(
    runtime: LlamaRuntime, text: str, contents: Sequence[str], bos: str
) -> tuple[list[int], list[tuple[int, int]]] | None:
    """Tokens of a text rendered with content markers: the template's own text with special
    tokens, each content as plain text. None if the markers did not survive in order."""
    tokens: list[int] = []
    spans: list[tuple[int, int]] = []
    rest = text
    add_bos = runtime.add_bos and not (bos and text.startswith(bos))
    for i, content in enumerate(contents):
        mark = MARK.format(i)
        head, sep, tail = rest.partition(mark)
        if not sep or mark in tail:
            return None
        tokens += runtime.tokenize(head, add_bos=add_bos, special=True) if head else []
        if add_bos and not head:
            tokens.append(runtime.bos)
        add_bos = False
        start = len(tokens)
        tokens += runtime.tokenize(content, add_bos=False, special=False)
        spans.append((start, len(tokens)))
        rest = tail
    if "\ue000" in rest:
        return None
    tokens += runtime.tokenize(rest, add_bos=add_bos, special=True) if rest else []
    return tokens, spans


def _marked_tokens(
    runtime: LlamaRuntime, marked: str, contents: Sequence[str], bos: str
) -> tuple[list[int], list[tuple[int, int]], str]:
    filled = marked
    used = []
    for i, content in enumerate(contents):
        mark = MARK.format(i)
        if mark in filled:
            used.append(content)
            filled = filled.replace(mark, content)
    result = _tokenize_marked(runtime, marked, used, bos)
    if result is None:
        add_bos = runtime.add_bos and not (bos and filled.startswith(bos))
        return runtime.tokenize(filled, add_bos=add_bos, special=True), [], filled
    return result[0], result[1], filled


def chat_prompt(
    runtime: LlamaRuntime,
    template: str | None,
    messages: Sequence[dict[str, str]],
    eos: int | None = None,
) -> ChatPrompt:
    """The prompt for `messages` in the model's chat format, or the plain format when the model
    has no template or its template is refused (`template_refused` then says so)."""
    bos = _special_text(runtime, runtime.bos)
    rendered = render_chat(template, messages, bos, _special_text(runtime, eos))
    contents = [m["content"] for m in messages]
    used = rendered.used_template
    tokens, spans, filled = _marked_tokens(runtime, rendered.text, contents, bos if used else "")
    return ChatPrompt(
        tokens=tokens,
        text=filled,
        stop_tokens=turn_end_tokens(runtime, template if used else None, eos),
        stop_text=rendered.stop_text,
        used_template=used,
        template_refused=rendered.refused,
        content_spans=spans,
    )
