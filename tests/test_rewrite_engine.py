"""Rewriting a selection: prompt, limits, output tidying, and prompt-lookup decoding that gives
exactly the plain greedy text."""

from __future__ import annotations

import re
import time
from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from writer.assist.presets import PRESETS
from writer.bench.rewrite import plain_rewrite
from writer.bench.samples import BENCH_PARAGRAPH, sample_document
from writer.engine.rewrite import Drafter, RewriteTooLong
from writer.generation.requests import CancelToken, ContinuationRequest, RewriteRequest
from writer.generation.results import FinishReason, GenerationStats, Piece
from writer.generation.rewrite import (
    Tidy,
    context_after,
    context_before,
    rewrite_messages,
    shown_context,
    tidied,
)


def tidy(
    selection: str, pieces: list[str], stop: tuple[str, ...] = (), after: str = ""
) -> tuple[str, list[str]]:
    t = Tidy(selection, stop, after)
    shown = [t.feed(p) for p in pieces]
    shown.append(t.finish())
    return "".join(shown), shown


# the request and the prompt ----------------------------------------------------------------------
def test_presets() -> None:
    assert list(PRESETS) == [
        "Improve",
        "Shorter",
        "Longer",
        "Simpler",
        "More formal",
        "More casual",
        "Fix spelling and grammar",
        "Translate to English",
        "Translate to Chinese",
    ]
    assert all(text.strip() for text in PRESETS.values())


def test_too_long_message_states_the_limit() -> None:
    assert str(RewriteTooLong(9812, 3947)) == (
        "The selection is about 9,800 tokens; this model can rewrite at most 3,900 at a time. "
        "Select less text."
    )


def test_context_is_a_paragraph_each_side() -> None:
    before = "Old chapter.\n\nThe paragraph before.\n\nStart of this one, "
    after = " end of this one.\n\nThe paragraph after.\n\nMuch later."
    assert context_before(before) == "The paragraph before.\n\nStart of this one,"
    assert context_after(after) == "end of this one.\n\nThe paragraph after."
    assert context_before("Whole paragraph before.\n\n") == "Whole paragraph before."
    assert context_after("") == ""
    long = "word " * 1000
    assert len(context_before(long)) <= 1200
    assert len(context_after(long)) <= 1200


def test_messages_carry_instruction_context_and_passage() -> None:
    request = RewriteRequest("the passage", "Make it shorter.", "Before it.\n\n", "\n\nAfter it.")
    system, user = rewrite_messages(request)
    assert system["role"] == "system"
    assert "only" in system["content"]
    text = user["content"]
    assert text.startswith("Make it shorter.")
    assert text.index("Before it.") < text.index("After it.") < text.rindex("the passage")
    assert text.endswith("the passage")


def test_too_long_selection_is_refused_before_any_work(engine) -> None:
    cached = list(engine.cached_tokens)
    selection = "The harbour was quiet that morning, and the boats rocked by the pier. " * 700
    started = time.perf_counter()
    with pytest.raises(RewriteTooLong) as info:
        engine.rewrite(RewriteRequest(selection, PRESETS["Improve"]))
    assert time.perf_counter() - started < 5
    assert list(engine.cached_tokens) == cached
    err = info.value
    assert err.tokens > err.limit > 1000
    assert err.limit < engine.n_ctx // 2
    assert f"at most {err.limit // 100 * 100:,} at a time" in str(err)


def test_plan_leaves_room_for_the_answer(engine) -> None:
    plan = engine.rewrite_plan(RewriteRequest(BENCH_PARAGRAPH, PRESETS["Shorter"]))
    assert plan.prompt.used_template
    assert len(plan.prompt.tokens) + plan.max_tokens < engine.n_ctx
    assert plan.max_tokens > len(plan.source)


# tidying the output ----------------------------------------------------------------------------
def test_tidy_keeps_the_selection_whitespace() -> None:
    assert tidy(" two words\n", ["\n", "Two", " words", ".", "\n\n"])[0] == " Two words.\n"
    assert tidy("x", ["  A", " b  "])[0] == "A b"


def test_tidy_removes_wrapping_quotes_only() -> None:
    assert tidy("Hello there", ['"Hello', " there", '."'])[0] == "Hello there."
    assert tidy("Hello there", ["“Hello", " there.”"])[0] == "Hello there."
    assert tidy("Hello, she said", ['"Hello,"', " she said."])[0] == '"Hello," she said.'
    assert tidy('"Hello"', ['"Hi', '"'])[0] == '"Hi"'
    assert tidy("Hello", ['"Hello'])[0] == '"Hello'


def test_tidy_removes_a_code_fence_and_the_echoed_label() -> None:
    assert tidy("text", ["```", "markdown\nNew", " text\n``", "`\n"])[0] == "New text"
    assert tidy("```py\nx\n```", ["```py\ny\n```"])[0] == "```py\ny\n```"
    assert tidy("a b", ["The passage", ":\n", "A b."])[0] == "A b."


def test_tidy_streams_and_stops_at_stop_text() -> None:
    words = ["The", " keeper", " climbed", " the", " steps", " every", " evening"]
    text, shown = tidy("a", words)
    assert text == "".join(words)
    # the first few words wait until they cannot be a label line ("The revised text:"),
    # then it streams word by word
    assert shown[:4] == ["", "", "", ""]
    assert shown[4] == "The keeper climbed the steps"
    assert shown[5:7] == [" every", " evening"]
    assert tidy("a", ["One\n#", "## Instruction: more"], ("\n### ",))[0] == "One"
    assert tidy("a", ["One\n#", "# Two"], ("\n### ",))[0] == "One\n## Two"


# drafting ----------------------------------------------------------------------------------------
def test_drafter_follows_the_source_and_finds_it_again() -> None:
    source = [10, 11, 12, 13, 14, 15, 16, 17, 12, 13, 20, 21]
    drafter = Drafter(source)
    drafter.hits = 50.0  # a long copying run: drafts as long as allowed
    assert drafter.propose(8) == []
    drafter.push(10)
    drafter.push(11)
    assert drafter.propose(4) == [12, 13, 14, 15]
    for token in (12, 13, 14):
        drafter.push(token)
    assert drafter.propose(3) == [15, 16, 17]
    drafter.push(99)
    drafter.push(12)
    drafter.push(13)
    assert drafter.propose(2) == [20, 21]  # the occurrence after where the copy left off


def test_drafter_length_follows_acceptance_and_row_cost() -> None:
    def copied(drafter: Drafter, n: int = 30) -> Drafter:
        for token in range(n):
            drafter.propose(1)
            drafter.push(token)
        return drafter

    assert Drafter(list(range(100))).best_length() == 0  # nothing known about copying yet
    drafter = copied(Drafter(list(range(100))))
    long = drafter.best_length()
    assert long >= 5
    drafter.misses += 3.0
    assert 0 < drafter.best_length() < long
    assert copied(Drafter(list(range(100)), row_cost=0.1)).best_length() > long


# with the starter model -------------------------------------------------------------------------
SAME_OUTPUT_CASES = [
    RewriteRequest(
        BENCH_PARAGRAPH,
        PRESETS["Fix spelling and grammar"],
        before="Chapter one.\n\n",
        after="\n\nChapter two.",
        max_tokens=320,
    ),
    RewriteRequest(
        "Teh quick brown fox jumpd over the lazy dog, and then it runned away into the forrest.",
        PRESETS["Improve"],
        max_tokens=60,
    ),
    RewriteRequest(
        "他推开门，外面的雨已经停了，街上的人们慢慢地走着，空气里有泥土的味道。",
        PRESETS["Translate to English"],
        max_tokens=80,
    ),
    RewriteRequest(
        "The meeting is moved to Thursday because the manager is sick.",
        PRESETS["Translate to Chinese"],
        max_tokens=80,
    ),
    RewriteRequest(
        "我今天很高兴，因为我们一起去公园散步了，天气非常好。",
        PRESETS["Fix spelling and grammar"],
        max_tokens=80,
    ),
]


@pytest.mark.slow
@pytest.mark.parametrize(
    "request_", SAME_OUTPUT_CASES, ids=["para", "typos", "zh-en", "en-zh", "zh"]
)
def test_lookup_gives_the_plain_greedy_text(engine, request_: RewriteRequest) -> None:
    engine.reset_cache()
    plain = plain_rewrite(engine, request_)
    plain_text = plain.text()
    engine.reset_cache()
    fast = engine.rewrite(request_)
    fast_text = fast.text()
    assert fast_text == plain_text
    assert fast.stats.generated_tokens == plain.stats.generated_tokens
    assert "\ufffd" not in fast_text
    assert fast_text.strip()
    stats = fast.stats
    assert stats.decodes < stats.generated_tokens or stats.drafted == 0
    cache, seq = engine.rewrite_cache()
    held = cache.of(seq)
    assert len(held) <= len(engine.rewrite_plan(request_).prompt.tokens) + stats.generated_tokens


@pytest.mark.slow
def test_copying_rewrite_accepts_most_drafts(engine) -> None:
    request = RewriteRequest(BENCH_PARAGRAPH, PRESETS["Fix spelling and grammar"], max_tokens=120)
    gen = engine.rewrite(request)
    gen.text()
    stats = gen.stats
    assert stats.accepted > 40
    assert stats.acceptance > 0.6
    assert stats.decodes < 0.8 * stats.generated_tokens
    assert stats.rows == stats.decodes + stats.drafted  # each batch: a token and its draft


@pytest.mark.slow
def test_cache_stays_consistent_after_lookup(engine) -> None:
    """After a rewrite the cache holds exactly its tokens: a continuation reusing it gives what
    a cold one gives."""
    request = RewriteRequest(BENCH_PARAGRAPH, PRESETS["Fix spelling and grammar"], max_tokens=60)
    follow = ContinuationRequest("The lighthouse keeper", max_tokens=12, stop_at="none")
    engine.rewrite(request).text()
    warm = engine.continuation(follow).text()
    engine.reset_cache()
    assert engine.continuation(follow).text() == warm


@pytest.mark.slow
def test_cancel_mid_rewrite_leaves_the_engine_usable(engine) -> None:
    request = RewriteRequest(BENCH_PARAGRAPH, PRESETS["Fix spelling and grammar"], max_tokens=80)
    engine.reset_cache()
    expected = engine.rewrite(request).text()
    cancel = CancelToken()
    gen = engine.rewrite(request, cancel)
    got = ""
    for piece in gen:
        got += piece.text
        if len(got) > 40:
            cancel.cancel()
    assert gen.stats.finish_reason == FinishReason.CANCELLED
    assert expected.startswith(got)
    assert len(got) < len(expected)
    assert engine.rewrite(request).text() == expected


def test_rewrite_leaves_the_documents_cached_prefix(tiny_engine) -> None:
    """A rewrite runs in a sequence of its own: the next suggestion after it evaluates only
    what was typed, not the whole document again (counted: the tiny model, conftest)."""
    engine = tiny_engine
    doc = sample_document(600, engine.runtime.tokenize)
    engine.continuation(ContinuationRequest(doc, max_tokens=2, stop_at="none")).text()
    request = RewriteRequest(doc.split("\n\n")[0], PRESETS["Shorter"], max_tokens=16)
    assert engine.rewrite(request).text().strip()
    after = engine.continuation(ContinuationRequest(doc + " an", max_tokens=2, stop_at="none"))
    after.text()
    assert after.stats.evaluated_tokens <= 3
    assert after.stats.reused_tokens > 500


def test_a_full_context_frees_the_other_sequence(tiny_model) -> None:
    """Where the document and rewrites share one context (with GPU offload), they do not fit
    together in a small one: each frees the other's cells, and the bookkeeping matches what
    llama.cpp holds (the tiny model's cells, conftest)."""
    import llama_cpp

    from writer.engine.cache import KVCache
    from writer.engine.runtime import ContextConfig, LlamaRuntime

    with LlamaRuntime(tiny_model) as rt:
        ctx = rt.context(ContextConfig(n_ctx=512, n_seq_max=8))
        cache = KVCache(ctx, evictable=(7, 0))

        def held(seq: int) -> int:
            return llama_cpp.llama_memory_seq_pos_max(ctx.memory, seq) + 1

        doc = rt.tokenize(sample_document(380, rt.tokenize))[:380]
        other = rt.tokenize(BENCH_PARAGRAPH * 2)[:300]
        cache.prepare(doc, CancelToken(), GenerationStats())
        assert held(0) == len(cache.of(0)) == 380
        cache.prepare(other, CancelToken(), GenerationStats(), seq=7)
        assert cache.of(0) == []  # the document made room
        assert held(0) == 0
        assert held(7) == len(cache.of(7)) == 300
        cache.prepare(doc, CancelToken(), GenerationStats())
        assert cache.of(7) == []  # and the other way round
        assert held(7) == 0
        assert held(0) == len(cache.of(0)) == 380


def test_on_a_cpu_a_rewrite_never_takes_the_documents_cells(starter_model) -> None:
    """On a CPU rewrites run in a context of their own: even in a small context the document's
    prefix stays cached through a rewrite."""
    from writer.engine.engine import Engine

    with Engine.load(starter_model, n_ctx=512, probe=False) as small:
        doc = sample_document(380, small.runtime.tokenize)
        follow = ContinuationRequest(doc, max_tokens=6, stop_at="none")
        first = small.continuation(follow).text()
        cached = list(small.cached_tokens)
        paragraphs = doc.split("\n\n")
        request = RewriteRequest(
            "\n\n".join(paragraphs[:2]),
            PRESETS["Shorter"],
            after="\n\n" + "\n\n".join(paragraphs[2:]),
            max_tokens=24,
        )
        assert small.rewrite(request).text().strip()
        assert list(small.cached_tokens) == cached
        again = small.continuation(follow)
        assert again.text() == first
        assert again.stats.evaluated_tokens <= 1


def test_label_lines_are_dropped_at_the_start_and_end_the_answer_after_it() -> None:
    cases = {
        "Here's a revised version:\n\nThe keeper climbed.": "The keeper climbed.",
        "The keeper climbed.\n\nI made the following changes:\n- fixed it": "The keeper climbed.",
        "The keeper climbed.\n\nA rewritten passage:\nThe keeper climbed.": "The keeper climbed.",
        "修改后的文本：\n他推开门。\n\n译文：\nHe opened the door.": "他推开门。",
        # not labels: a sentence with a colon, and a heading the selection already has
        "The keeper climbed.\n\nHe saw three things: fog, rain and a ship.": (
            "The keeper climbed.\n\nHe saw three things: fog, rain and a ship."
        ),
    }
    for raw, shown in cases.items():
        pieces = [raw[i : i + 3] for i in range(0, len(raw), 3)]
        assert tidy("The keepr climbed.", pieces)[0] == shown, raw
    heading = "Changes:\n\nWe moved the date."
    assert tidy(heading, [heading])[0] == heading
    # context the model repeats instead of answering ends the answer before it starts
    context = "Text after the passage (context only, do not rewrite it):\nOn weekends"
    assert tidy("a", [context])[0] == ""


def test_an_echo_of_the_prompts_layout_ends_the_answer() -> None:
    pieces = ["He believed", " it.\n", "\nThe pass", "age:\nHe believed it."]
    text, shown = tidy("He beleived it.", pieces)
    assert text == "He believed it."
    assert "\n" not in "".join(shown[:2])  # the blank line is held until it is seen to be an echo
    t = Tidy("Old text.")
    t.feed("New text.\n\nThe original passage:\nOld text.")
    assert t.stopped
    # a paragraph break that is not an echo goes through
    assert tidy("One. Two.", ["One.\n", "\nTwo."])[0] == "One.\n\nTwo."
    # a selection that has the label keeps it
    quoted = "The passage:\nQuoted."
    assert tidy(quoted, ["The passage:\nQuoted.\n\nThe passage:\nMore."])[0].endswith("More.")


def test_a_note_about_the_answer_after_it_ends_the_answer() -> None:
    """The starter model went on past its answer with its remark: 'Note:' and on the next line
    'The original passage has been rewritten without a specific context...'; Accept would
    have put the remark into the story ('Note:' names nothing the label lines name)."""
    for raw in (
        "The sailor was found.\n\nNote:\nThe original passage has been rewritten without a "
        "specific context, and no details have been added.",
        "The sailor was found.\n\nNote: I made it shorter and removed the adverb.",
        "The sailor was found.\n\n**Explanation:** the verb is stronger.",
        "The sailor was found.\n\n说明：我改短了句子。",
    ):
        pieces = [raw[i : i + 3] for i in range(0, len(raw), 3)]
        text, shown = tidy("His coat was torn.", pieces)
        assert text == "The sailor was found.", raw
        assert "".join(shown) == text  # nothing of the note was shown, then taken back
    # a selection with a note of its own keeps the answer's
    kept = "Fog.\n\nNote: the light was out."
    assert tidy(kept, [kept])[0] == kept
    # a paragraph that only begins like one is the answer's
    notable = "The sailor was found.\n\nNothing: that was what she saw."
    assert tidy("a", [notable])[0] == notable


def test_a_remark_about_the_passage_after_the_answer_ends_the_answer() -> None:
    """The starter model, asked for Longer, gave the sentence back and went on, after a blank
    line, with a remark that had no "Note:": "The original passage is a continuation of the
    previous one, but it's a bit longer... Here's a rewritten version with some additional
    details:"; Accept put it into the story. A paragraph that opens by speaking of the passage
    or of what the model did to it ends the answer, and none of it is shown."""
    answer = "The sea below was black and the wind was cold."
    for remark in (
        "The original passage is a continuation of the previous one, but it's a bit longer "
        "and has a few extra details. Here's a rewritten version with some additional details:",
        "This revised version keeps the tone of the original.",
        "The rewritten text is longer and has more detail.",
        "I made the sentence longer and added a detail about the wind.",
        "I've kept the meaning and changed the rhythm.",
        "**The revised passage** adds the smell of salt.",
    ):
        raw = f"{answer}\n\n{remark}"
        pieces = [raw[i : i + 3] for i in range(0, len(raw), 3)]
        text, shown = tidy("The sea was black.", pieces)
        assert text == answer, remark
        assert "".join(shown) == text  # nothing of the remark shown, then taken back
    # a story's own paragraph is the answer's, and a selection with such a line keeps it
    story = f"{answer}\n\nThe original owner of the boat had drowned in it."
    assert tidy("a", [story])[0] == story
    kept = "Fog.\n\nI made the tea and waited."
    assert tidy(kept, [kept])[0] == kept


def test_an_answer_that_says_a_sentence_again_ends_before_it() -> None:
    """The starter's Translate to Chinese wrote "The passage is in Simplified Chinese (简体中文)."
    over and over to its token limit (look33's). A sentence the answer wrote before ends it
    where it begins again, in a Chinese answer too; nothing of it is shown and taken back; a
    sentence cut off by the limit on its way to saying one again is left out. A refrain the
    selection says twice may come twice, and a sentence that only begins as one said before
    is the answer's."""
    loop = "The passage is in Simplified Chinese (简体中文). "
    for raw, expected in (
        (loop * 4 + "The passage is in Simpl", loop.strip()),
        (loop + "\n\n" + loop, loop.strip()),
        ("雾来了。雾从海上来了。雾从海上来了。雾从", "雾来了。雾从海上来了。"),
        ("The bell rang twice. The bell rang out again.",
         "The bell rang twice. The bell rang out again."),
        ("Go. Go. Go now.", "Go. Go. Go now."),  # (too short to count as said again)
    ):  # fmt: skip
        pieces = [raw[i : i + 3] for i in range(0, len(raw), 3)]
        text, shown = tidy("The fog came in.", pieces)
        assert text == expected, raw
        assert "".join(shown) == text
        assert tidy("The fog came in.", [raw])[0] == expected
    refrain = "Row, row, row your boat. Merrily down the stream. Row, row, row your boat."
    assert tidy(refrain, [refrain.replace("Merrily", "Gently")])[0] == refrain.replace(
        "Merrily", "Gently"
    )


@given(
    st.lists(st.sampled_from(["The bell ", "rang", ". ", "rang out", "。", "雾来了", "the fog ",
                              "came in", "\n", "! ", "3.1", "4 "])),  # fmt: skip
    st.lists(st.integers(min_value=1, max_value=7), min_size=1),
)
def test_an_answer_said_again_is_cut_the_same_however_it_streams(
    words: list[str], sizes: list[int]
) -> None:
    answer = "".join(words)
    pieces, at = [], 0
    while at < len(answer):
        size = sizes[len(pieces) % len(sizes)]
        pieces.append(answer[at : at + size])
        at += size
    text, shown = tidy("x", pieces)
    assert text == tidy("x", [answer])[0]  # however it streams
    assert "".join(shown) == text  # nothing shown is taken back
    assert answer.lstrip().startswith(text.strip()) or not text
    sentences = re.findall(r"\S[^.!?\n。！？]*?[.!?。！？]+", text)
    said = [" ".join(s.split()).casefold() for s in sentences]
    counted = [s for s in said if len(s) >= 12 or (len(s) >= 6 and "\u4e00" <= s[0] <= "\u9fff")]
    assert len(counted) == len(set(counted)) or not text.strip()


LAMP_AFTER = "\nthe lamp room and\nchecked the wick twice.\n\nDown on the rocks"


def test_an_answer_that_writes_on_into_the_text_after_ends_there() -> None:
    """The starter model, given a passage that ends mid-sentence, wrote the sentence's end too:
    after Accept the document had 'the lamp room and checked the wick twice.' twice."""
    selection = "The storm came in from the west before dark. Mara climbed the stairs to"
    answer = (
        "The storm came in from the west before dark. Mara climbed the stairs to the lamp "
        "room and checked the wick twice."
    )
    pieces = [answer[i : i + 4] for i in range(0, len(answer), 4)]
    text, shown = tidy(selection, pieces, after=LAMP_AFTER)
    assert text == "The storm came in from the west before dark. Mara climbed the stairs to"
    assert "lamp" not in "".join(shown)  # never shown, then taken back
    t = Tidy(selection, after=LAMP_AFTER)
    t.feed(answer)
    assert t.stopped  # the model is stopped there
    # a whole sentence whose rewrite goes on with the next one, case and line breaks aside
    after = " Then she lit the lamp and waited.\nNo ship came."
    text = tidy("It rained.", ["Rain fell hard. then she", "\nlit the lamp and waited."], (), after)
    assert text[0] == "Rain fell hard."
    # in Chinese, by characters
    text = tidy("雨下了。", ["大雨倾盆。她点亮了灯，", "等待着。"], (), "她点亮了灯，等待着。")
    assert text[0] == "大雨倾盆。"


def test_words_like_the_text_after_that_part_from_it_stay() -> None:
    # the same first words going elsewhere are the answer's own, held only while they may not be
    text, shown = tidy("x", ["It rained. She climbed to the lamp", " post."], after=LAMP_AFTER)
    assert text == "It rained. She climbed to the lamp post."
    assert shown[0] == "It rained. She climbed to"  # "the lamp" waits to be seen
    # inside a word it is no run: "bathe lamp room and..." is not "the lamp room and"
    words = "They bathe lamp room and checked the wick twice."
    assert tidy("x", [words], after=LAMP_AFTER)[0] == words
    # a passage that has the words itself may give them back
    selection = "She went to the lamp room and checked the wick twice."
    assert tidy(selection, [selection], after=LAMP_AFTER)[0] == selection
    # a text after too short to tell from the answer's own words is no run
    assert tidy("x", ["It was late."], after=" late.")[0] == "It was late."
    # nor are a few of its first words that a longer answer says in its own way
    longer = "He waited for the boat to come back."
    assert tidy("He waited.", [longer], after=" He waited for the tide to turn.")[0] == longer


@given(
    st.lists(st.sampled_from(["the ", "lamp ", "room ", "and\n", "she ", "ran", ". ", "灯"])),
    st.lists(st.integers(min_value=1, max_value=7), min_size=1),
)
def test_what_is_shown_is_never_taken_back_and_never_runs_into_the_text_after(
    words: list[str], sizes: list[int]
) -> None:
    answer = "".join(words)
    pieces, at = [], 0
    while at < len(answer):
        size = sizes[len(pieces) % len(sizes)]
        pieces.append(answer[at : at + size])
        at += size
    text, shown = tidy("x", pieces, after=LAMP_AFTER)
    whole = tidy("x", [answer], after=LAMP_AFTER)[0]
    assert text == whole  # however it streams
    assert "".join(shown) == text
    assert "the lamp room and checked" not in " ".join(text.split()).casefold()
    assert answer.startswith(text.rstrip()) or not text


@pytest.mark.slow
def test_retry_gives_another_version_from_the_cached_prompt(engine) -> None:
    request = RewriteRequest(BENCH_PARAGRAPH, PRESETS["Shorter"], max_tokens=40)
    engine.reset_cache()
    greedy = engine.rewrite(request)
    first = greedy.text()
    again = engine.rewrite(replace(request, attempt=1))
    second = again.text()
    assert second.strip()
    assert second != first
    assert again.stats.evaluated_tokens <= 1  # the prompt was still cached
    assert greedy.stats.evaluated_tokens > 100
    # the same attempt gives the same version
    assert engine.rewrite(replace(request, attempt=1)).text() == second


# the prompt's cached part ----------------------------------------------------------------------
PLACE_BEFORE = "The village sat at the edge of the sea, and its boats went out at dawn. " * 4
PLACE_AFTER = "\n\nThe next morning the boats went out again, one by one."
HARBOUR = "The harbour was quiet because nobody had come back from the storm yet."


def at_the_place(selection: str, preset: str) -> RewriteRequest:
    return RewriteRequest(
        selection, PRESETS[preset], PLACE_BEFORE + "\n\n", PLACE_AFTER, max_tokens=6
    )


def text_of(engine, tokens: list[int]) -> str:
    pieces = b"".join(engine.runtime.piece(t, special=True) for t in tokens)
    return pieces.decode("utf-8", errors="replace")


def test_the_shared_part_ends_where_the_passage_begins(engine) -> None:
    request = at_the_place(HARBOUR, "Improve")
    plan = engine.rewrite_plan(request)
    head = text_of(engine, plan.prompt.tokens[: plan.shared])
    rest = text_of(engine, plan.prompt.tokens[plan.shared :])
    assert "The passage:" in head
    assert "The next morning" in head  # the text after the passage comes before it
    assert HARBOUR not in head
    assert HARBOUR in rest
    # another passage ending at the same place shares the same part
    other = engine.rewrite_plan(at_the_place("Nobody came.", "Improve"))
    assert other.shared == plan.shared
    assert other.prompt.tokens[: other.shared] == plan.prompt.tokens[: plan.shared]


def test_a_rewrite_at_the_same_place_evaluates_only_the_passage(engine) -> None:
    """The presets tried in turn at one place: each instruction's last prompt is kept, so a
    rewrite evaluates the passage's tokens alone (another passage), or nothing but the last token
    (the same passage). Its text starts as a cold cache's does (llama.cpp's CPU kernels are not
    batch-invariant, engine/rewrite.py: a later near-tie may go the other way)."""
    engine.reset_cache()
    first = engine.rewrite(at_the_place(HARBOUR, "Improve"))
    first.text()
    assert first.stats.reused_tokens == 0
    engine.rewrite(at_the_place(HARBOUR, "Shorter")).text()
    engine.rewrite(at_the_place(HARBOUR, "Longer")).text()
    again = engine.rewrite(at_the_place(HARBOUR, "Improve"))
    again.text()
    assert again.stats.evaluated_tokens == 1  # the prompt's last token, for its logits
    edited = at_the_place("The harbour was silent: nobody had come back yet.", "Improve")
    plan = engine.rewrite_plan(edited)
    warm = engine.rewrite(edited)
    warm_text = warm.text()
    assert warm.stats.reused_tokens >= plan.shared > 100
    assert warm.stats.evaluated_tokens == len(plan.prompt.tokens) - warm.stats.reused_tokens
    assert warm.stats.evaluated_tokens <= len(plan.prompt.tokens) - plan.shared
    engine.reset_cache()
    cold_text = engine.rewrite(edited).text()
    assert warm_text.split()[:2] == cold_text.split()[:2]


NOTES = (
    "Mara Okafor keeps the lighthouse at Cape Wrath. She lost her brother Tom to the sea in the "
    "winter storm of 1962 and has never forgiven the harbour master.\n"
    "Earlier in this project: The fog came in over the rocks at dusk and the bell on the point "
    "rang for an hour before anyone heard it."
)


def test_an_answer_that_copies_the_notes_or_the_text_around_ends_where_the_copy_begins() -> None:
    """Given a chapter's notes, the starter model wrote a paragraph of them into a rewrite
    (look29): twelve words in a row of what the model was shown besides the passage end the
    answer there, never shown and taken back; a name or a phrase of the notes, and the
    passage's own words, stay; Chinese by characters; however the answer streams."""
    selection = "Mara climbed the stairs. The lamp was cold."
    answer = (
        "Mara Okafor climbed the winding stairs; the lamp was cold. The fog came in over the "
        "rocks at dusk and the bell on the point rang for an hour."
    )
    shown = NOTES
    for size in (1, 3, 7, len(answer)):
        t = Tidy(selection, shown=shown)
        out = [t.feed(answer[i : i + size]) for i in range(0, len(answer), size)]
        out.append(t.finish())
        assert "".join(out) == "Mara Okafor climbed the winding stairs; the lamp was cold."
        assert t.stopped
    # a phrase of the notes (a name, "the harbour master") is the answer's own
    own = "Mara Okafor glared at the harbour master and climbed on."
    t = Tidy(selection, shown=shown)
    assert t.feed(own) + t.finish() == own
    assert not t.stopped
    # the passage's own words may come back, even where the notes have them too
    passage = "The fog came in over the rocks at dusk and the bell on the point rang twice."
    t = Tidy(passage, shown=shown)
    assert t.feed(passage) + t.finish() == passage
    # the text around the passage counts as shown (shown_context)
    request = RewriteRequest(selection, "Improve", before="She woke before dawn and listened "
                             "to the gulls crying over the empty harbour below.")  # fmt: skip
    t = Tidy(selection, shown=shown_context(request))
    copied = "She climbed. She woke before dawn and listened to the gulls crying over the sea."
    assert t.feed(copied) + t.finish() == "She climbed."
    # Chinese: sixteen characters in a row
    notes = "玛拉是灯塔看守人，她的哥哥汤姆在一九六二年冬天的风暴中葬身大海。"
    t = Tidy("她爬上楼梯。", shown=notes)
    text = t.feed("她爬上了楼梯。她的哥哥汤姆在一九六二年冬天的风暴中葬身大海。") + t.finish()
    assert text == "她爬上了楼梯。"
    t = Tidy("她爬上楼梯。", shown=notes)
    own = "玛拉是灯塔看守人，她爬上了楼梯。"
    assert t.feed(own) + t.finish() == own


@given(
    st.lists(st.sampled_from(["the ", "fog ", "came ", "in ", "over ", "rocks ", "at ", "dusk ",
                              "and ", "bell ", "on ", "point ", "rang ", "Mara ", ". ", "雾",
                              "来了", "\n"])),  # fmt: skip
    st.lists(st.integers(min_value=1, max_value=9), min_size=1),
)
def test_what_is_shown_never_copies_the_notes_and_is_never_taken_back(
    words: list[str], sizes: list[int]
) -> None:
    answer = "".join(words)
    notes = "the fog came in over the rocks at dusk and the bell on the point rang and the fog " \
            "came in over the rocks at dusk 雾来了雾来了雾来了雾来了雾来了雾来了雾来了雾来了"
    pieces, at = [], 0
    while at < len(answer):
        size = sizes[len(pieces) % len(sizes)]
        pieces.append(answer[at : at + size])
        at += size
    t = Tidy("x", shown=notes)
    shown = [t.feed(p) for p in pieces] + [t.finish()]
    whole = Tidy("x", shown=notes)
    text = whole.feed(answer) + whole.finish()
    assert "".join(shown) == text  # however it streams, nothing taken back
    assert answer.lstrip().startswith(text.strip())
    def tokens(of: str) -> list[str]:
        return re.findall(r"[\u4e00-\u9fff]|[^\W\u4e00-\u9fff]+", of.casefold())

    said, known = tokens(text), tokens(notes)
    grams = {tuple(known[i : i + 4]) for i in range(len(known) - 3)}
    run = longest = 0
    for i in range(4, len(said) + 1):
        run = run + 1 if tuple(said[i - 4 : i]) in grams else 0
        longest = max(longest, run + 3 if run else 0)
    assert longest < 16  # (12 words; 16 where the run begins in Chinese)


def test_the_stream_says_when_the_answer_was_cut_for_copying() -> None:
    """`tidied` marks the stats of an answer cut where it copies what the model was shown
    (`copied`: the rewrite's bar says so), and not those of one that ends on its own."""
    notes = shown_context(RewriteRequest("x", "Improve", memory=NOTES))
    copying = "Mara rose. The fog came in over the rocks at dusk and the bell on the point rang."
    for answer, copied in ((copying, True), ("Mara rose.", False)):
        stats = GenerationStats()
        pieces = [Piece(word + " ") for word in answer.split()]
        text = "".join(p.text for p in tidied(iter(pieces), Tidy("x", shown=notes), stats))
        assert text.strip() == "Mara rose."
        assert stats.copied is copied


ADVICE_SEEN = (  # the starter model's answer to Longer (look35), and others of its kind
    "To enhance your passage, you may want to add a bit more detail on Mara and her thoughts. "
    "Let's expand on that for clarity:",
    "You could consider adding a sentence about the storm. I would suggest keeping the ending.",
    "建议你在这段文字中加入更多关于灯塔的细节。",
)


@pytest.mark.parametrize("answer", ADVICE_SEEN)
def test_an_answer_of_advice_about_the_passage_is_told_from_a_rewrite(answer: str) -> None:
    from writer.generation.rewrite import advice

    original = "Mara climbed the steps every evening and lit the lamp."
    assert advice(original, answer)
    assert not advice(original, "Every evening Mara climbed the narrow steps and lit the lamp.")
    # a passage that gives advice itself may be rewritten as advice
    how_to = "To polish your draft, you may want to read it aloud."
    assert not advice(how_to, "You might want to read your draft aloud to polish it.")


@given(st.text(max_size=200))
def test_a_passage_is_never_advice_about_itself(text: str) -> None:
    from writer.generation.rewrite import advice

    assert not advice(text, text)
    assert not advice(text, "")


REWRITES_NOT_ADVICE = (  # (passage, a real rewrite of it): speech, a letter, translations
    ('"I read the message you sent," he said.', '"I read your text twice," he said, softly.'),
    ('She gave him the map. "Go north."', 'She gave him the map. "Go north. You might want to '
     'leave before dark."'),
    ("‘Sit,’ she said.", "‘You might want to sit down,’ she said. ‘Don’t argue.’"),
    ("Dear Anna, the inn was lovely.", "Dear Anna, the inn was lovely; I would recommend it."),
    ("“你的文字很美，”她说。", '"Your writing is beautiful," she said.'),  # (translated)
    ("Your writing moved me, I wrote back.", "我回信说，你的文字打动了我。"),
    ("You could try the back door, he said.", "他说，你可以试着走后门。"),
    ("“早点回家。”她说。", "“我建议你早点回家。”她说，语气比平时软。"),
    ("「早点回家。」她说。", "「建议你早点回家。」她说。"),
    ("„Sit,“ she said.", "„You might want to sit down,“ she said."),  # (German marks)
    ("«Sit», she said.", "«You might want to sit down», she said."),  # (French marks)
    ("They sailed at dawn.", "They hoped to make the passage to Dover before the storm."),
    ("他读完了。", "他把这段话又读了一遍，沉默了很久。"),
    ("The way was dark.", "The passage is narrow and the passage could be dangerous at night."),
)
ADVICE_OF_SMALL_MODELS = (  # shapes small instruct models answer "Longer" with
    "Consider adding more sensory details, such as the smell of the oil.",
    "To make this passage longer, you could add details about the storm.",
    "The passage is clear. You can add a sentence about the sea.",
    "Here are some suggestions:\n1. Describe the lamp.\n2. Add dialogue.",
    "This passage could be expanded by describing her thoughts.",
    "Sure! You could describe the lamp, the storm and her thoughts.",
    "Try adding a line about what she sees from the window.",
    "I would suggest adding a sentence about the storm.",
    "建议在这段文字中加入更多关于灯塔的细节。",
    "这段文字可以加入更多细节，例如海风的声音。",
    "为了让这段描写更生动，可以加入海风的声音。",
    # the starter model's own answers to Longer and Improve (attempts 0 to 3)
    "The passage is a testament to the dedication and passion of a skilled individual.",
    "The original passage conveys a vivid scene, but it can be made more engaging.",
    "The passage is clear and concise, with a polished tone.",
    "The passage could be reworded to improve clarity and flow.",
    "The passage conveys the idea that a meeting without a budget is unachievable.",
)


@pytest.mark.parametrize(("original", "version"), REWRITES_NOT_ADVICE)
def test_speech_a_letter_or_a_translation_is_not_taken_for_advice(
    original: str, version: str
) -> None:
    """What characters say, a letter's "I would recommend", and a translation whose words of
    advice are in another language than the passage's, were named advice (and a Retry that
    brought one threw it away)."""
    from writer.generation.rewrite import advice

    assert not advice(original, version)


@pytest.mark.parametrize("answer", ADVICE_OF_SMALL_MODELS)
def test_common_shapes_of_advice_are_told(answer: str) -> None:
    from writer.generation.rewrite import advice

    assert advice("Mara lit the lamp. 玛拉点亮了灯。", answer)


@given(st.lists(st.sampled_from(
    ['"', "“", "”", "「", "」", "‘", "’", " ", "\n", ".", "you might want to", "建议你",
     "your passage", "x", "Don’t", "consider adding", ": ", "you might", "want to", "your"]
), max_size=400))
def test_advice_reads_any_mix_of_quotes_and_phrases(parts: list[str]) -> None:
    """Quotation marks left open, nested or reversed, and phrases of advice in any order: an
    answer is read in one pass, and what a character says in quotes is never advice."""
    from writer.generation.rewrite import advice

    text = "".join(parts)
    advice("Mara lit the lamp.", text)  # (ends)
    assert not advice(text, text)
    assert not advice('You might "really" want to go.', 'You might "really" want to go.')
    spoken = '"' + text.replace('"', "") + '"'
    assert not advice("Mara lit the lamp.", spoken)


@pytest.mark.parametrize("instruction", ["Suggest what I could add here", "给这段文字提点建议"])
def test_advice_the_writer_asked_for_is_the_answer(instruction: str) -> None:
    """A typed instruction that asks for advice had its answer named advice, and Retry asked
    again until the model stopped giving what was asked."""
    from writer.generation.rewrite import advice

    answer = "You could add a sentence about the storm. 建议你加入海风的声音。"
    assert not advice("Mara lit the lamp.", answer, instruction)
    assert all(advice("Mara lit the lamp.", answer, i) for i in PRESETS.values())


def test_tidy_drops_a_long_preamble_over_the_answer() -> None:
    """The starter model answered Improve with "Here's a rewritten version of the passage with
    improved clarity…:" over its rewrite, and Enter put it in the manuscript (review35d's): a
    label line longer than twelve words opening the answer is a preamble too, in Chinese as
    well ("以下是扩写后的你的文字："); a line of the passage's own stays."""
    preamble = (
        "Here's a rewritten version of the passage with improved clarity, more vivid detail "
        "and a stronger ending:"
    )
    text, shown = tidy("a b", [preamble[:40], preamble[40:], "\n\n", "The keeper", " waited."])
    assert text == "The keeper waited."
    assert not any("rewritten" in piece for piece in shown)
    assert tidy("a b", ["以下是扩写后的你的文字：", "\n\n灯塔亮了。"])[0] == "灯塔亮了。"
    line = "He read the text of the letter again, slowly, and then he said it aloud to the sea:"
    assert tidy(line + "\nGo.", [line, "\nGo now."])[0] == line + "\nGo now."
