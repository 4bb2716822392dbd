"""The seam with the text after the cursor: what Tab inserts reads on into the following words
(one space, never two, never none), a model that cannot fill in the middle does not end a
sentence inside one, and a suggestion never repeats the word that follows the cursor."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import fuzz_examples, wait_until
from tests.test_middle import shown
from writer.generation.alternatives import within_rules
from writer.generation.requests import ContinuationRequest
from writer.generation.results import Alternative, FinishReason, GenerationStats
from writer.generation.rules import GenerationRules, Limits
from writer.generation.text import SuggestionText


def seam_errors(before: str, inserted: str, after: str) -> list[str]:
    """The seam errors the quality bench counts where `inserted` goes between `before` and
    `after`: a missing space, a doubled space, a sentence end right before lowercase words."""
    if not inserted:
        return []
    errors = []
    left, right = (before + inserted)[-2:], after[:1]
    if re.fullmatch(r"[^\W_]?[.!?,;:]|.?[^\W_]", left, re.ASCII) and re.match(
        r"[^\W_]", right, re.ASCII
    ):
        errors.append(f"missing space: {left!r}|{right!r}")
    if after and ((inserted[-1:] in " \t" and right in (" ", "\t")) or inserted.endswith("  ")):
        errors.append("doubled space at the end")
    if before[-1:] in (" ", "\t") and inserted[:1] in (" ", "\t"):
        errors.append("doubled space at the start")
    if re.search(r"[.!?][\"')\]]*\s*$", inserted) and re.match(r"\s*[a-z]", after):
        errors.append("sentence end before lowercase words")
    return errors


# the rules, with given streams -----------------------------------------------------------------
LETTER = "Much later, a letter arrived."


@pytest.mark.parametrize(
    ("before", "after", "pieces", "expected"),
    [
        # a new sentence follows: the sentence ends, and a space joins them
        (
            "The keeper slept. ",
            LETTER,
            [" He", " lit", " the", " lantern", " at", " dawn", ".", " Then"],
            "He lit the lantern at dawn. ",
        ),
        # ... and where the following text brings its own space, none is added
        (
            "The keeper slept.",
            " " + LETTER,
            [" He", " lit", " the", " lantern", ".", " Then"],
            " He lit the lantern.",
        ),
        # inside a sentence, a model that never saw the rest does not end it
        (
            "The quick brown fox",
            " jumps over the lazy dog.",
            [" leaped", " across", " the", " street", ".", " The"],
            " leaped across the street",
        ),
        (
            "She opened the door and ",
            "walked into the garden.",
            [" stepped", " into", " the", " room", ".", " She"],
            "stepped into the room ",
        ),
        # the sentence end at the very end of the generation is dropped too
        (
            "The quick brown fox",
            " jumps over the lazy dog.",
            [" leaped", " away", "."],
            " leaped away",
        ),
        # a line break inside a sentence ends the suggestion before it
        ("The quick brown fox", " jumps over.", [" ran", "\n", "And"], " ran"),
        # a suggestion that is all sentence end is nothing
        ("The quick brown fox", " jumps over the lazy dog.", [".", " The"], ""),
        # before a comma, no space of the suggestion's own stays
        ("The fox", ", quick as ever, jumped.", [" ran", " home", " ", "\n"], " ran home"),
        # the following text continues with a full stop: the suggestion does not bring one
        ("He was tired", ".", [" and", " hungry", ".", " He"], " and hungry"),
        # a suggestion ending with spaces before a following word keeps exactly one
        ("The fox", "jumps.", [" ran", " away", "   ", "\t"], " ran away "),
        # the model's first word is the word after the cursor: nothing
        ("She opened the ", "door and walked in.", [" door", " to", " the", " lounge"], ""),
        ("She opened the", " door and walked in.", [" Door", " to", " the"], ""),
        # its last word is: that word is left out
        ("She walked", " the garden path.", [" into", " the"], " into"),
        # another form of the following word is the same word again ("short sentence)
        # sentences)" was offered in the app), first or last
        ("Style (present tense, short ", "sentences)", [" sentence", ")", "\n"], ""),
        ("She opened the", " doors and walked in.", [" door", " to", " the"], ""),
        ("She painted", " doors red.", [" the", " front", " door"], " the front"),
        # an ending that makes another word is no form of it
        ("She saw", " then the sea.", [" the", " ship"], " the ship"),
        # before a new sentence, the same first word is fine; across a line break, the last too
        (
            "He slept.",
            " The sun rose.",
            [" The", " night", " passed", ".", " It"],
            " The night passed.",
        ),
        ("He slept.", "\nThe sun rose.", [" It", " was", " The"], " It was The"),
        # in the middle of a line, no line break: a paragraph break offered before the rest of
        # the paragraph split it ("dusk.\n\nThe next He carried a lamp", from Ctrl+Space)
        ("He slept at dusk.", " He carried a lamp.", ["\n", "\n", "The", " next"], ""),
        ("He slept at dusk. ", "He carried a lamp.", ["\n\n", "The", " next", " day"], ""),
        # Chinese: no sentence end inside a sentence, and no space at all
        (
            "灯塔看守人每天晚上都",
            "爬上螺旋楼梯，",
            ["慢", "慢", "地", "走", "。", "他"],
            "慢慢地走",
        ),
        ("他离开了家。", "后来，她哭了。", ["她", "哭", "了", "。", "然"], "她哭了。"),
    ],
)
def test_the_seam(before, after, pieces, expected) -> None:
    rules = SuggestionText("sentence", " " if before.endswith(" ") else "", before, after)
    text, parts, _stopped = shown(rules, pieces)
    assert text == expected
    # shown text is never taken back
    assert all(expected.startswith("".join(parts[: i + 1])) for i in range(len(parts)))
    assert not seam_errors(before, text, after)


def test_a_model_that_fills_in_the_middle_may_end_the_sentence() -> None:
    after = " jumps over the lazy dog."
    pieces = [" leaped", " across", " the", " street", ".", " The"]
    fim = SuggestionText("sentence", "", "The quick brown fox", after, fim=True)
    assert shown(fim, pieces)[0] == " leaped across the street."
    plain = SuggestionText("sentence", "", "The quick brown fox", after)
    assert shown(plain, pieces)[0] == " leaped across the street"


def test_a_full_stop_that_is_no_sentence_end_is_shown_when_the_next_character_comes() -> None:
    rules = SuggestionText("none", "", "The price rose by", " percent in a year.")
    assert rules.add(" 3")[0] == " 3"
    assert rules.add(".")[0] == ""  # a sentence end, or a decimal point?
    assert rules.add("5")[0] == ".5"
    assert rules.flush() == ""  # "3.5" then " percent": one space, the following text's


@pytest.mark.parametrize(
    ("after", "continues"),
    [
        ("jumps over", True),
        (" jumps over", True),
        (", said he", True),
        ("1990 was", True),
        (". Then", True),
        ("Much later", False),
        (" Much later", False),
        ("\nand then", False),  # a new line: ending the sentence before it is right
        ("", False),
    ],
)
def test_what_continues_the_sentence(after, continues) -> None:
    pieces = [" ran", " away", ".", " The"]
    text = shown(SuggestionText("sentence", "", "The fox", after), pieces)[0]
    assert text.rstrip().endswith(".") != continues


def test_the_joining_space_comes_with_the_last_piece_whatever_ends_the_generation() -> None:
    after = "Much later, a letter arrived."
    for reason in (FinishReason.END, FinishReason.LENGTH, FinishReason.UNSURE):
        stats = GenerationStats()
        rules = GenerationRules(Limits(max_tokens=3, min_prob=0.1, after=after), stats)
        out = rules.token(" He", 0.9) + rules.token(" slept", 0.9)
        if reason == FinishReason.UNSURE:
            assert rules.token(" well", 0.01) == ""
        elif reason == FinishReason.LENGTH:
            out += rules.token(" well", 0.9)
        else:
            rules.end(reason)
        out += rules.finish()
        rules.close()
        assert stats.finish_reason == reason
        assert out.endswith(" "), (reason, out)
        assert not seam_errors("The keeper waited.", out, after)
    # a stop rule's last piece brings it
    stats = GenerationStats()
    rules = GenerationRules(Limits(max_tokens=9, stop_at="sentence", after=after), stats)
    pieces = [rules.token(p) for p in (" He", " slept", ".", " Then")]
    assert pieces == [" He", " slept", ".", " "]
    assert stats.finish_reason == FinishReason.STOP
    assert rules.finish() == ""
    # a cancel brings nothing
    stats = GenerationStats()
    rules = GenerationRules(Limits(max_tokens=9, after=after), stats)
    rules.token(" He")
    rules.end(FinishReason.CANCELLED)
    assert rules.finish() == ""


def test_the_limits_of_a_suggestion_carry_whether_the_model_saw_the_following_text() -> None:
    request = ContinuationRequest("The quick brown fox", " jumps over the lazy dog.")
    assert Limits.suggestion(request, fim=True).fim
    assert not Limits.suggestion(request).fim
    stats = GenerationStats()
    rules = GenerationRules(Limits.suggestion(request, fim=True), stats)
    out = "".join(rules.token(p) for p in (" leaped", ".", " It"))
    assert out == " leaped."


def test_an_alternative_meets_the_following_text_at_the_seam() -> None:
    request = ContinuationRequest("The keeper slept.", after="Much later, a letter arrived.")
    ends = [3, 8, 11, 16]
    alt = Alternative(" He woke at dawn", -0.5, [0.9] * 4, tokens=[1, 2, 3, 4], token_ends=ends)
    kept = within_rules(alt, request)
    assert kept is not None
    assert kept.text == " He woke at dawn "
    assert kept.token_ends == ends
    inside = ContinuationRequest("The quick brown fox", after=" jumps over the lazy dog.")
    cut = within_rules(Alternative(" leaped away. Then", 0.0, []), inside)
    assert cut is not None
    assert cut.text == " leaped away"


# any stream, any following text ----------------------------------------------------------------
PIECES = st.sampled_from(
    [" the", " keeper", "lamp", "ed", ".", ",", "!", " ", "  ", "\t", "\n", " Much", "?", "3", '"']
    + ["灯塔", "。", "，"]
)
BEFORE = st.sampled_from(
    ["The keeper", "The keeper ", "The keeper slept. ", "The keeper slept.", "He said,", "Light\n"]
    + ["灯塔看守人", "灯塔亮了。"]
)
AFTER = st.sampled_from(
    [
        "jumps over the lazy dog.",
        " jumps over the lazy dog.",
        "Much later, a letter arrived.",
        " Much later, a letter arrived.",
        ", and then",
        ".",
        "\nNext day",
        "\n\nMuch later",
        "the lamp was lit.",
        " the lamp",
        "keeper",
        "(and then)",
        "楼梯，然后",
        "",
    ]
)


@settings(max_examples=fuzz_examples(400), deadline=None)
@given(
    BEFORE,
    AFTER,
    st.lists(st.lists(PIECES, min_size=1, max_size=3).map("".join), max_size=24),
    st.sampled_from(["none", "sentence", "line"]),
)
def test_any_suggestion_reads_on_into_any_following_text(before, after, pieces, stop_at) -> None:
    skip = " " if before.endswith(" ") and not before.endswith("  ") else ""
    rules = SuggestionText(stop_at, skip, before, after)
    text, parts, _stopped = shown(rules, pieces)
    assert not seam_errors(before, text, after), (before, text, after)
    assert "".join(parts) == text
    if not after.strip() or not text:
        return
    # in the middle of a line it stays on the line
    if after.split("\n", 1)[0].strip():
        assert "\n" not in text, (text, after)
    # inside a sentence, it does not begin with the word that follows it
    first_after = re.match(r"[ \t]*([a-z]\w*)", after)
    words = re.findall(r"\w+", text)
    if first_after and words:
        assert words[0].casefold() != first_after.group(1).casefold()
    # inside a sentence no sentence end at all
    if re.match(r"[ \t]*[a-z,.]", after):
        assert not re.search(r"[.!?](\s|$)", text), (text, after)


# in the editor, with the real model ------------------------------------------------------------
def ghost_and_tab(qtbot, editor, suggestions, text: str, pos: int) -> tuple[str, str]:
    """Ask for a suggestion at `pos` of `text`, take it with Tab: the ghost and the result."""
    editor.setPlainText(text)
    cursor = editor.textCursor()
    cursor.setPosition(pos)
    editor.setTextCursor(cursor)
    handle = suggestions.request_now()
    assert handle is not None
    wait_until(lambda: handle.done, 30_000)
    ghost = editor.ghost_text
    if ghost:
        qtbot.keyClick(editor, "\t")
        wait_until(lambda: editor.toPlainText() != text)
    result = editor.toPlainText()
    assert result == text[:pos] + ghost + text[pos:]
    return ghost, result


def test_before_a_new_sentence_tab_leaves_a_space(qtbot, editor, suggestions) -> None:
    text = "The keeper climbed the stairs every evening. Much later, a letter arrived."
    pos = text.index("Much later")
    ghost, result = ghost_and_tab(qtbot, editor, suggestions, text, pos)
    assert ghost.strip()
    assert not seam_errors(text[:pos], ghost, text[pos:]), result
    assert re.search(r"[.!?]\"? Much later", result)


def test_inside_a_sentence_the_ghost_does_not_end_it(qtbot, editor, suggestions) -> None:
    text = "The quick brown fox jumps over the lazy dog."
    pos = text.index(" jumps")
    ghost, result = ghost_and_tab(qtbot, editor, suggestions, text, pos)
    assert not re.search(r"[.!?]", ghost), ghost
    assert not seam_errors(text[:pos], ghost, text[pos:]), result
    assert "jumps over the lazy dog." in result


def test_after_a_space_the_ghost_does_not_run_into_the_next_word(
    qtbot, editor, suggestions
) -> None:
    text = "She opened the door and walked into the garden."
    pos = text.index("walked")
    ghost, result = ghost_and_tab(qtbot, editor, suggestions, text, pos)
    assert not re.search(r"[.!?]", ghost), ghost
    assert not seam_errors(text[:pos], ghost, text[pos:]), result


def test_the_ghost_does_not_begin_with_the_next_word(qtbot, editor, suggestions) -> None:
    """The model, not seeing the text after the cursor, would write "door to ..." here."""
    text = "She opened the door and walked into the garden."
    pos = text.index("door")
    ghost, result = ghost_and_tab(qtbot, editor, suggestions, text, pos)
    assert not ghost.lstrip().casefold().startswith("door"), ghost
    assert result.count("door") == 1


def test_a_left_out_prefix_that_is_no_space_keeps_the_space_after_it() -> None:
    """A prompt that leaves out a typed word ("the", completed by the model) keeps the space
    the model writes after that word; where the text before ends with a space, none is doubled."""
    word = SuggestionText("none", "the", "It was the", "")
    assert shown(word, ["the", " cat"])[0] == " cat"
    spaced = SuggestionText("none", "", "It was  ", "")
    assert shown(spaced, [" the", " cat"])[0] == "the cat"
