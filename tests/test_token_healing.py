"""Token healing: a pause inside a word brings a ghost that completes the word.

The prompt reaching llama.cpp ends at the token boundary before the typed fragment, and the
answer's first tokens must spell the fragment again (engine/prompt.py, engine/tokens.py); a server
backend, which cannot mask tokens, shows an answer only when it begins with the typed word
(generation/window.py `heal_text`).
"""

from __future__ import annotations

import re

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import fuzz_examples
from writer.engine.engine import end_odds
from writer.engine.tokens import Vocabulary
from writer.generation.requests import ContinuationRequest
from writer.generation.text import SuggestionText
from writer.generation.window import heal_text, word_fragment

# the issue's broken ghosts ("stairo", "cofemin.", a full stop after "beau") and the brief's case
WORDS = [
    ("It was a wonderf", {"wonderful", "wonderfully"}),
    ("She climbed the spiral stai", {"stair", "stairs", "staircase", "stairway", "stairwell"}),
    ("He sat down with a cup of cof", {"coffee"}),
    ("The children played along the beau", {"beautiful", "beauty", "beautifully"}),
]


def pieces(engine, tokens) -> bytes:
    return b"".join(engine.runtime.piece(t) for t in tokens)


@pytest.mark.parametrize(("before", "words"), WORDS)
def test_a_pause_inside_a_word_gets_a_ghost_that_completes_it(engine, before, words) -> None:
    request = ContinuationRequest(before, max_tokens=8, stop_at="sentence")
    fragment = word_fragment(before)
    prompt = engine.continuation_prompt(request)
    whole = engine.runtime.tokenize(before)
    # the prompt ends at the token boundary before the fragment: the tokens that cover it are
    # left off, and they are what the answer must spell again (the fragment's space included)
    assert len(prompt.tokens) < len(whole)
    assert whole[: len(prompt.tokens)] == prompt.tokens
    assert pieces(engine, whole[len(prompt.tokens) :]).decode() == prompt.skip_prefix
    assert prompt.skip_prefix.strip() == fragment
    ghost = engine.continuation(request).text()
    rest = re.match(r"[a-z]*", ghost).group(0)
    assert rest, ghost  # the ghost goes on with the word, not after it
    assert fragment + rest in words, ghost


def test_the_completion_of_wonderf_starts_with_ul(engine) -> None:
    ghost = engine.continuation(ContinuationRequest("It was a wonderf", max_tokens=6)).text()
    assert ghost.startswith("ul"), ghost


def test_a_complete_word_without_a_space_is_followed_by_one(engine) -> None:
    """A pause after a whole word: the ghost is the rest of a longer word or a space and the
    next word, never the next word glued on."""
    ghost = engine.continuation(
        ContinuationRequest("The keeper climbed the stairs", max_tokens=6)
    ).text()
    assert ghost, "no ghost"
    assert not ghost[0].isalpha() or ghost.startswith(("way", "case", "well")), ghost


def test_a_chinese_fragment_is_healed_at_a_character_boundary(engine) -> None:
    before = "我们今天下午去公"
    request = ContinuationRequest(before, max_tokens=8)
    prompt = engine.continuation_prompt(request)
    whole = engine.runtime.tokenize(before)
    assert whole[: len(prompt.tokens)] == prompt.tokens
    cut = pieces(engine, whole[len(prompt.tokens) :])
    assert cut.decode() == prompt.skip_prefix  # whole characters: the cut is at a boundary
    assert prompt.skip_prefix.endswith("公")
    assert before.endswith(prompt.skip_prefix)
    stream = engine.continuation(request)
    ghost = stream.text()
    assert "\ufffd" not in ghost
    spelled = pieces(engine, engine.cached_tokens[len(prompt.tokens) :])
    assert spelled.startswith(cut)  # the answer spelled the cut characters again first


def test_alternatives_inside_a_word_complete_it(engine) -> None:
    found = engine.alternatives(ContinuationRequest("It was a wonderf", max_tokens=6), 3).items
    assert found
    for alt in found:
        assert alt.text.startswith("ul"), alt.text


# the masks ------------------------------------------------------------------------------------
FRAGMENT_TEXT = st.text(
    alphabet=st.sampled_from(list("abcdefghijklmnopqrstuvwxyzAEIOU'  -.é公园散步我们天")),
    min_size=1,
    max_size=12,
)


@settings(
    max_examples=fuzz_examples(150),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(text=FRAGMENT_TEXT)
def test_masks_never_contradict_the_fragment_and_allow_its_own_tokens(engine, text) -> None:
    from writer.engine.tokens import Healing

    vocab = engine.vocabulary()
    data = text.encode("utf-8")
    own = engine.runtime.tokenize(text, add_bos=False)
    healing = Healing(data, vocab, own)
    bare = Healing(data, vocab)  # without the text's own tokens: agreement alone
    written = b""
    for token in own:
        for constraint in (healing, bare):
            mask = constraint.mask(written)
            assert mask is not None
            for allowed in mask.nonzero()[0]:
                piece = vocab.pieces[allowed]
                rest = data[len(written) :]
                assert piece, allowed  # no token without bytes
                assert piece.startswith(rest) or rest.startswith(piece), (rest, piece)
        assert healing.mask(written)[token]
        if not vocab.pieces[token].isspace():
            assert bare.mask(written)[token]
        written += vocab.pieces[token]
    assert written == data
    assert healing.mask(written) is None  # free once the fragment is spelled


@settings(
    max_examples=fuzz_examples(120),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    start=st.sampled_from(["", "The river was high. ", "第一章\n\n我们", "A list:\n- one\n- tw"]),
    text=FRAGMENT_TEXT,
)
def test_a_healed_prompt_is_the_documents_tokens_up_to_a_boundary(engine, start, text) -> None:
    """Whatever the text, the prompt plus the tokens the answer must spell again are the
    document's own tokens, and the spelled part is whole characters at the text's end."""
    before = start + text
    if before.endswith(" "):
        return  # the trailing space's own rule
    prompt = engine.continuation_prompt(ContinuationRequest(before, max_tokens=4))
    whole = engine.tokenize_document(before)
    if prompt.skip_prefix:
        assert whole[: len(prompt.tokens)] == prompt.tokens
        assert pieces(engine, whole[len(prompt.tokens) :]) == prompt.skip_prefix.encode()
        assert before.endswith(prompt.skip_prefix)
        assert prompt.skip_prefix.endswith(word_fragment(before))
    else:
        assert prompt.tokens == whole


def test_the_probability_the_rules_see_is_renormalised_past_the_typed_text() -> None:
    """Greedy under token healing: a token that only spells typed text comes with 1.0; the first
    that goes past it with its probability among the allowed tokens."""
    import math

    import numpy as np

    from writer.engine.decode import Greedy
    from writer.engine.tokens import Healing, Vocabulary

    vocab = Vocabulary([b"", b" st", b"ai", b"airs", b" stairs", b" sun", b" ", b"x"])
    policy = Greedy(0, Healing(b" stai", vocab))

    def step(values: dict[int, float]) -> tuple[int, float]:
        row = np.full((1, vocab.size), -5.0, dtype=np.float32)
        for token, value in values.items():
            row[0, token] = value
        [decided] = policy.step(row, 0).tokens
        return decided

    # " sun" and the bare space disagree with " stai" (a space is never written alone before
    # a word), however likely
    assert step({5: 9.0, 6: 8.0, 1: 2.0, 4: 1.0}) == (1, 1.0)
    token, prob = step({2: 0.0, 3: math.log(3.0), 7: 9.0})
    assert token == 3
    assert prob == pytest.approx(0.75)  # among "ai" and "airs", not against "x"
    assert step({7: 9.0})[0] == 7  # free after the typed text


def test_a_mask_costs_a_fraction_of_a_millisecond(engine) -> None:
    """Not a timed assertion: the vocabulary is sorted once, and each step's mask reads a
    bisect range and a few exact look-ups (the sizes here show it does not scan the vocabulary)."""
    vocab = engine.vocabulary()
    assert vocab.size == engine.runtime.n_vocab
    ids = vocab.extending(b" stai")
    assert 0 < len(ids) < 50
    assert all(vocab.pieces[t].startswith(b" stai") for t in ids)
    assert vocab.extending(b"\xff\xff").size == sum(p.startswith(b"\xff\xff") for p in vocab.pieces)


# text rules, for every backend ------------------------------------------------------------------
@pytest.mark.parametrize(
    ("before", "fragment"),
    [
        ("climbed the spiral stai", "stai"),
        ("a cup of cof", "cof"),
        ("the end.", ""),
        ("the end ", ""),
        ("don't", "don't"),
        ("我们今天去公", "公"),
        ("see https://example.com/" + "a" * 40, ""),
        ("", ""),
    ],
)
def test_the_word_being_typed(before: str, fragment: str) -> None:
    assert word_fragment(before) == fragment


@pytest.mark.parametrize(
    ("before", "expected"),
    [
        ("climbed the spiral stai", ("climbed the spiral", " stai")),
        ('She said "Hel', ('She said "', "Hel")),
        ("Two  spaces", ("Two  ", "spaces")),  # as trailing_space: two spaces stay
        ("The end ", ("The end", " ")),
        ("我们今天去公", ("我们今天去公", "")),
        ("Alone", ("Alone", "")),
    ],
)
def test_a_server_prompt_ends_before_the_word(before: str, expected: tuple[str, str]) -> None:
    assert heal_text(before) == expected


def test_an_answer_that_does_not_spell_the_typed_word_shows_nothing() -> None:
    rules = SuggestionText("none", " stai", "climbed the spiral stai")
    assert rules.add(" stai") == ("", False)
    assert rules.add("ro to the top") == ("ro to the top", False)  # the engine's masks forbid it
    rules = SuggestionText("none", " stai", "climbed the spiral stai")
    assert rules.add(" steps") == ("", True)
    assert rules.flush() == ""


def test_a_healed_whole_word_keeps_the_space_before_the_next() -> None:
    rules = SuggestionText("none", " cat", "the cat")
    assert rules.add(" cat") == ("", False)
    assert rules.add(" sat") == (" sat", False)


# the editor -------------------------------------------------------------------------------------
def test_typing_through_a_healed_ghost_consumes_it_without_a_request(
    qtbot, editor, loaded_worker, monkeypatch
) -> None:
    from tests.test_editor import count_submits, type_text, wait_for_ghost

    type_text(qtbot, editor, "It was a wonderf")
    ghost = wait_for_ghost(qtbot, editor)
    assert ghost.startswith("ul"), ghost
    calls = count_submits(monkeypatch, loaded_worker)
    qtbot.keyClicks(editor, "u")
    assert calls == []
    assert not editor.assistant.suggestions.scheduled  # and none will be made: no timer runs
    assert editor.toPlainText() == "It was a wonderfu"
    assert editor.ghost_text == ghost[1:]  # the rest, in the same key event: no flicker
    qtbot.keyClicks(editor, "l")
    assert calls == []
    assert editor.ghost_text == ghost[2:]


SETTLE_BASE = "The ships came home at dusk, and the old keeper waved to the"


def _typed_word_end(
    engine, word: str, settle: bool, base: str = SETTLE_BASE, memory: tuple[str, str] = ("", "")
) -> tuple[int, str, list[int]]:
    """Type `word` after `base` (a suggestion made before it), with a settling warm-up after
    each letter (its last too, as the editor's timer makes one before the space) or none; the
    tokens the word's end evaluates and its suggestion. `memory`: a project's memory when the
    suggestion before the word was made, and while the word is typed."""
    engine.reset_cache()
    before, now = memory
    first = ContinuationRequest(base + " ", max_tokens=4, stop_at="none", memory=before)
    engine.continuation(first).text()
    settled = []
    for k in range(1, len(word) + 1):
        if settle:
            request = ContinuationRequest(f"{base} {word[:k]}", typing=True, memory=now)
            warm = engine.warm(request)
            warm.text()
            settled.append(warm.stats.evaluated_tokens)
    stream = engine.continuation(
        ContinuationRequest(f"{base} {word} ", max_tokens=6, stop_at="none", memory=now)
    )
    text = stream.text()
    return stream.stats.evaluated_tokens, text, settled


def test_a_word_typed_letter_by_letter_leaves_nothing_for_its_end(engine) -> None:
    """Warm-ups while a word is typed evaluate it as it would end (" harbour" and "m" for
    "harbourm"), keeping the logits after it, so that the space after the word evaluates
    nothing, and the suggestion is the one a cache that never saw the warm-ups gives."""
    word = "harbourmaster"
    tokens = engine.runtime.tokenize(" " + word, add_bos=False)
    assert len(tokens) >= 2  # a word of several tokens, or there is nothing to settle
    evaluated, text, settled = _typed_word_end(engine, word, settle=True)
    plain_evaluated, plain_text, _ = _typed_word_end(engine, word, settle=False)
    assert plain_evaluated == len(tokens)
    assert evaluated == 0
    assert sum(settled) >= len(tokens)  # each warm-up costs a step or nothing
    assert max(settled) <= 2
    assert text == plain_text


def test_a_word_is_read_as_it_would_end_where_it_may_end_not_at_every_letter(engine) -> None:
    """The warm-up inside a word evaluates it as it would end only where the model gives that
    fair odds (engine.SETTLE_END_ODDS): after "... waved to the w" the token " w" alone is
    unlikely, " window" is not; the space still finds the word ready."""
    evaluated, text, settled = _typed_word_end(engine, "window", settle=True)
    plain_evaluated, plain_text, _ = _typed_word_end(engine, "window", settle=False)
    assert evaluated == 0 < plain_evaluated
    assert text == plain_text
    assert settled[0] == 0  # " w"
    assert settled[-1] >= 1  # " window"
    assert sum(1 for n in settled if n) < len("window")


def test_with_a_project_memory_just_changed_a_word_is_read_with_the_memory_held(
    engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A lore entry switched on while the writer types: the word's end reads the prompt with
    the memory the cache holds (the new one is read when the writer pauses, engine `_plan`),
    and so do the warm-ups while the word is typed: the space evaluates nothing there either."""
    from writer.engine import engine as engine_module

    monkeypatch.setattr(engine_module, "SETTLE_END_ODDS", 0.0)  # every letter: not the gate
    held = "[Notes]\nThe keeper of the light is called Tomas. He has kept it for thirty years."
    memory = (held, held + "\n\n[Lore: the harbour]\nThe harbour lies below the lighthouse.")
    base = SETTLE_BASE + ". The boats were painted blue and red, and their sails were grey, and the"
    evaluated, text, settled = _typed_word_end(engine, "harbourmaster", True, base, memory)
    plain_evaluated, plain_text, _ = _typed_word_end(engine, "harbourmaster", False, base, memory)
    assert plain_evaluated >= 2  # the word's tokens (the memory held: not the new one's)
    assert evaluated == 0
    assert text == plain_text
    assert sum(settled) >= plain_evaluated


def test_end_odds_weigh_a_token_against_the_longer_ones_that_begin_like_it() -> None:
    vocabulary = Vocabulary([b" w", b" window", b" way", b"x", b" wind"])
    logits = np.log(np.array([[0.02, 0.3, 0.2, 0.4, 0.08]]))
    assert end_odds(logits, 0, vocabulary) == pytest.approx(0.02 / 0.6)
    assert end_odds(logits, 4, vocabulary) == pytest.approx(0.08 / 0.38)
    assert end_odds(logits, 1, vocabulary) == pytest.approx(1.0)
    assert end_odds(logits, 3, vocabulary) == pytest.approx(1.0)


def test_a_settling_warm_up_reads_nothing_the_cache_lacks(engine) -> None:
    """With the text before the word not cached (a new document), or in the middle of the
    text, a warm-up inside a word evaluates nothing: the next request reads it."""
    engine.reset_cache()
    warm = engine.warm(ContinuationRequest(SETTLE_BASE + " harbourm", typing=True))
    warm.text()
    assert warm.stats.evaluated_tokens == 0
    assert len(engine.cached_tokens) == 0


def test_a_pause_inside_a_word_after_its_warm_ups_evaluates_nothing(engine) -> None:
    """The completion asked when the writer pauses inside a word starts from the prompt before
    the word, whose logits were kept when the space before the word was answered; the word's
    warm-ups since then do not lose them. The suggestion is the one a fresh cache gives."""
    engine.reset_cache()
    engine.continuation(ContinuationRequest(SETTLE_BASE + " ", max_tokens=4, stop_at="none")).text()
    for k in range(1, 5):
        engine.warm(ContinuationRequest(f"{SETTLE_BASE} {'harbour'[:k]}", typing=True)).text()
    inside = ContinuationRequest(f"{SETTLE_BASE} harb", max_tokens=6, stop_at="none")
    paused = engine.continuation(inside)
    text = paused.text()
    assert paused.stats.evaluated_tokens == 0
    engine.reset_cache()
    fresh = engine.continuation(inside)
    assert fresh.text() == text
    assert fresh.stats.evaluated_tokens == fresh.stats.prompt_tokens
