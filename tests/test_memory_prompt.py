"""The project's memory in the prompt: first, before the head and the window; the style note a
few lines before the cursor; and a lore entry that switches on costs a keystroke no re-read."""

from __future__ import annotations

from writer.engine.engine import FRUGAL_NEW_TOKENS, Engine
from writer.generation.requests import ContinuationRequest, RewriteRequest
from writer.generation.results import FinishReason
from writer.generation.rewrite import rewrite_messages
from writer.generation.window import STYLE_STEP, place_style, style_anchor, style_note

NOTES = (
    "[Notes]\nThe detective is Ruth Okafor. The town is Marrow Bay, on a cold northern coast.\n"
)
LORE = "## The lighthouse\nThe lighthouse burned in chapter 3; its keeper, Abel Stroud, vanished.\n"


def text_of(engine: Engine, tokens) -> str:
    return b"".join(engine.runtime.piece(t) for t in tokens).decode("utf-8", "replace")


def document(engine: Engine, tokens: int = 700) -> str:
    from writer.bench.samples import sample_document

    return "# Marrow Bay\n\n" + sample_document(tokens, engine.runtime.tokenize)


def asked(text: str, memory: str = "", style: str = "") -> ContinuationRequest:
    return ContinuationRequest(
        text, max_tokens=4, stop_at="none", short_first=True, memory=memory, style=style
    )


def test_memory_goes_first_then_the_head_and_window(engine: Engine) -> None:
    doc = document(engine, 300)
    plain = engine.continuation_prompt(asked(doc))
    with_memory = engine.continuation_prompt(asked(doc, memory=NOTES))
    memory = engine.runtime.tokenize(NOTES, add_bos=engine.runtime.add_bos)
    assert with_memory.tokens[: len(memory)] == memory
    assert with_memory.memory == NOTES
    assert with_memory.memory_tokens == len(memory)
    # the document's tokens follow, as without memory (less the BOS, which the memory carries)
    rest = plain.tokens[1:] if engine.runtime.add_bos else plain.tokens
    assert with_memory.tokens[len(memory) :] == rest
    # a short window read first goes without it
    assert engine.continuation_prompt(asked(doc, memory=NOTES), budget=64).memory == ""


def test_memory_larger_than_half_the_budget_is_left_out(engine: Engine) -> None:
    prompt = engine.continuation_prompt(asked("Some text.", memory=NOTES * 40), budget=200)
    assert prompt.memory == ""
    assert prompt.memory_tokens == 0


def test_style_note_sits_a_few_lines_back_and_stays_put_while_typing() -> None:
    paragraphs = "\n".join(f"Paragraph {i} tells of the bay and the boats." for i in range(40))
    anchors = {style_anchor(paragraphs + "x" * n) for n in range(0, 40)}
    assert len(anchors) == 1  # 40 keystrokes: the note does not move
    text = place_style(paragraphs, "present tense, short sentences")
    note = style_note("present tense, short sentences")
    assert note in text
    assert text.replace(note, "") == paragraphs
    at = text.index(note)
    assert at == 0 or text[at - 1] == "\n"
    assert len(paragraphs) - at <= 3 * STYLE_STEP
    assert place_style(paragraphs, "  ") == paragraphs


def test_style_note_reaches_the_model(engine: Engine) -> None:
    doc = document(engine, 300)
    prompt = engine.continuation_prompt(asked(doc, style="present tense"))
    text = text_of(engine, prompt.tokens)
    assert "[Style: present tense]" in text
    assert text.rstrip().endswith(doc.rstrip()[-20:])


def ask(engine: Engine, request: ContinuationRequest):
    stream = engine.continuation(request)
    stream.text()
    return stream.stats


def test_a_lore_switch_costs_a_keystroke_then_the_new_memory_is_adopted(engine: Engine) -> None:
    engine.reset_cache()
    doc = document(engine)
    first = asked(doc, memory=NOTES)
    ask(engine, first)  # a cold start: the short window first, the wide one in the warm-up
    assert list(engine.warm(first)) == []
    assert not ask(engine, first).short_window  # the writer has been here a while
    switched = NOTES + LORE
    typed = doc + " the"

    # the keystroke after the switch: the memory sequence 0 holds, a few new tokens
    stats = ask(engine, asked(typed, memory=switched))
    assert stats.evaluated_tokens <= FRUGAL_NEW_TOKENS
    assert stats.short_window  # the new memory is still to be read: a warm-up reads it
    held = engine.cache.of(0)
    assert text_of(engine, held[:40]).count("Ruth") == 1
    assert "lighthouse" not in text_of(engine, held)

    # the warm-up reads the new memory in the widening sequence, from the cells it shares
    # with sequence 0 (the notes before the switched entry are not read again)
    warm = engine.warm(asked(typed, memory=switched))
    assert list(warm) == []
    assert warm.stats.finish_reason == FinishReason.WARMED
    notes_tokens = len(engine.runtime.tokenize(NOTES, add_bos=engine.runtime.add_bos))
    assert warm.stats.reused_tokens >= notes_tokens - 2

    # the next keystroke adopts it: the new memory, a few new tokens
    stats = ask(engine, asked(typed + " old", memory=switched))
    assert stats.evaluated_tokens <= FRUGAL_NEW_TOKENS
    assert not stats.short_window
    held = text_of(engine, engine.cache.of(0))
    assert "Abel Stroud" in held


def test_rewrite_messages_carry_the_memory_first() -> None:
    request = RewriteRequest("He met ruth okafor.", "Fix the names.", memory=NOTES)
    system = rewrite_messages(request)[0]["content"]
    assert "Ruth Okafor" in system
    assert "Ruth Okafor" not in rewrite_messages(RewriteRequest("x", "y"))[0]["content"]
