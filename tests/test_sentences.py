"""The sentence around a place of a text (View → Focus's sentence, a rewrite's sentence at the
cursor): writer/generation/text.py `sentence_around`."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import fuzz_examples
from writer.generation.text import sentence_around

TEXT = "Dr. Smith came in. “Stop!” she cried. J. R. Hale left. It was late. 风来了。雨也来了！好。"


def _around(text: str, word: str) -> str:
    low, high = sentence_around(text, text.index(word))
    return text[low:high]


def test_a_titles_abbreviation_an_initial_or_words_in_lower_case_end_no_sentence() -> None:
    """(review32's.) "Dr. Smith" was cut after "Dr." and `“Stop!” she cried.` gave "she
    cried.": a rewrite of the cursor's sentence took half of it."""
    assert _around(TEXT, "Smith") == "Dr. Smith came in."
    assert _around(TEXT, "Stop") == "“Stop!” she cried."
    assert _around(TEXT, "cried") == "“Stop!” she cried."
    assert _around(TEXT, "Hale") == "J. R. Hale left."
    assert _around(TEXT, "late") == "It was late."
    assert _around(TEXT, "也") == "雨也来了！"
    assert _around("Hello there. How are you?", "How") == "How are you?"
    assert _around("I said no. Then I left.", "said") == "I said no."  # ("no." ends one)


@settings(max_examples=fuzz_examples(60), deadline=None)
@given(text=st.text(alphabet="ab D.!? “”。\n", max_size=40), data=st.data())
def test_the_sentence_holds_its_place(text: str, data) -> None:
    """The sentence holds the place, or the place is in the spaces before or after it."""
    pos = data.draw(st.integers(0, len(text)))
    low, high = sentence_around(text, pos)
    assert 0 <= low <= high <= len(text)
    inside = low <= pos <= high
    before = pos < low and not text[pos:low].strip()
    after = pos > high and not text[high:pos].strip()
    assert inside or before or after


def test_a_lines_text_starts_after_its_markdown_marks() -> None:
    from writer.documents.markdown import text_start

    for line, text in [("## Chapter one", "Chapter one"), ("> He said.", "He said."),
                       ("- [ ] Call.", "Call."), ("3. Then.", "Then."),
                       ("1984 came.", "1984 came."), ("> ## Part", "Part"),
                       ("Plain.", "Plain.")]:  # fmt: skip
        assert line[text_start(line):] == text
