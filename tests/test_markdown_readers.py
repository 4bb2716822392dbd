"""The Markdown readers read one way: a line's state (`line_state`), its spans (`line_spans`,
`read_line`) and a whole text's outline (`outline`) enter a line with one opening (`_entered`:
a comment left open above, a quotation's fence) and give the same answers on any text."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from tests.conftest import fuzz_examples
from writer.documents import markdown as md
from writer.documents.markdown import Kind

# pieces of lines: quotations, lists, fences, comments, HTML, headings, underlines, tables
_PIECES = (">", "> ", "> >", ">>", "- ", "* ", "1. ", "2) ", "  ", "    ", "\t", "```", "````",
           "~~~", "<!--", "-->", "<!-- x -->", "w", "word", "# ", "## h", "---", "===", "-",
           "<div>", "</div>", "<pre>", "</pre>", "`", "|", "| a | b |", "|---|---|", "*e*", " ",
           "`x`", "9. ")
LINE = st.lists(st.sampled_from(_PIECES), max_size=4).map("".join)
TEXT = st.lists(LINE, min_size=1, max_size=12).map("\n".join)
STATES = st.one_of(
    st.integers(0, 200),
    st.sampled_from(sorted(md.OPENED_STATES)),
    st.builds(md.fence_state, st.sampled_from(["```", "~~~~"]), st.integers(0, 3)),
)


def _laid_comments(text: str) -> list[tuple[int, int]]:
    """Where the comments of `text` are as the editor lays its lines (`read_line`), one over
    lines joined."""
    lines, state, at, found = text.split("\n"), md.NORMAL, 0, []
    for number, line in enumerate(lines):
        going_on = state == md.COMMENT or state in md.OPENED_STATES  # (a comment open above)
        spans, state = md.read_line(line, state, lines[number + 1 :])
        for span in spans:
            if span.kind != md.Kind.COMMENT:
                continue
            if going_on and span.start == 0:
                found[-1] = (found[-1][0], at + span.end)
            else:
                found.append((at + span.start, at + span.end))
            going_on = False
        at += len(line) + 1
    return found


@settings(max_examples=fuzz_examples(300), deadline=None)
@given(st.lists(LINE, min_size=1, max_size=6), STATES)
@example([">", "> ````<!--## h"], md.NORMAL)  # (a quotation's fence whose info holds "<!--")
def test_a_lines_state_is_its_spans_state(lines: list[str], state: int) -> None:
    for line in lines:
        assert md.line_state(line, state) == md.line_spans(line, state)[1], (line, state)
        state = md.line_state(line, state)


@settings(max_examples=fuzz_examples(300), deadline=None)
@given(TEXT)
@example("> ````<!--## h\n\nw -->")
@example("w\n> >````<!-- x -->\n>> w")
def test_the_outlines_comments_are_the_laid_ones(text: str) -> None:
    if md.front_matter_lines(text):
        return
    assert md.outline(text).comments == _laid_comments(text)


@given(st.sampled_from(["w", "- w", "# w", "<!-- w", "```", "    w", ""]))
def test_a_line_of_fewer_marks_leaves_a_quotations_fence(line: str) -> None:
    """Out of the quotation, out of its code: read as after NORMAL, by all three readers."""
    fence = md.fence_state("```", 1)
    assert md.line_state(line, fence) == md.line_state(line, md.NORMAL)
    assert md.line_spans(line, fence) == md.line_spans(line, md.NORMAL)
    alone, after = md.outline(line), md.outline("> ```\n" + line)
    assert [h.level for h in after.headings] == [h.level for h in alone.headings]
    assert len(after.comments) == len(alone.comments)


def test_a_lazy_line_that_begins_an_item_ends_a_quotations_paragraph() -> None:
    """CommonMark: "> Title" over "9. item" (or "-") is a quotation, then a list (the line
    states read so: no paragraph out of the quotation for the item to break into), so the
    setext reading ends the quotation's paragraph there; an item's underline indented to its
    text with a tab ("9. w" over "  \\t---") is one as with spaces."""
    assert md.under_paragraph("9. w", 1) is False
    assert md.under_paragraph("-", 2) is False
    assert md.under_paragraph("> 9. w", 2) is False
    assert md.under_paragraph("    9. w", 1) is None  # (indented four: lazy text)
    assert md.under_paragraph("> 9. w", 1) is None  # (in the quotation: no break)
    assert md.under_paragraph("    - w", 1) is None  # (any marker: lazy text)
    assert md.under_paragraph("\t- w", 1) is None
    assert md.under_paragraph("> \t- w", 2) is False  # (the tab from column 2: two columns)
    item = md.item_state(3)
    assert md.line_state("  \t---", item) == md.line_state("   ---", item) != item


def test_a_fence_in_a_list_item_is_code_for_the_preview() -> None:
    """`contained_fences` stays: the line states follow a fence in a quotation, not one opened
    on a list item's marker line ("- ```"), whose lines of HTML are code, not a block (without
    it the preview escaped the info string's "<!--" and closed a "<div>" after the fence); and
    a quotation's fence after a comment left open in an indented line kept its line."""
    text = "- ```<!-- a\n  <div>\n  ```"
    assert md.mended(text) == text
    assert md.html_apart(text) == text
    assert md.mended("\n\n> > <b>\n  <!-- a\n\n> ```").endswith("\n> ```")


def test_a_lazy_line_that_begins_an_item_ends_a_quotations_paragraph_for_its_comment() -> None:
    """CommonMark: "> W <!-- x" over "9. b -->" is a quotation, then a list (the item is out of
    the quotation: no paragraph there for it to break into), so the "<!--" left open in the
    quotation's paragraph is text, as the setext reading ends the paragraph there; with the
    quotation's mark the item breaks in no paragraph and the comment runs on."""
    for after in ("9. b -->", "- b -->", "-"):
        assert md.comment_ends(after, md.OPENED_QUOTED), after
        assert md.comment_ends(after, md.OPENED_QUOTED_ITEM), after
        assert md.outline(f"> W <!-- x\n{after}").comments == [], after
    assert md.comment_ends("> 9. b", md.quoted_item(2) + 1)  # (opened in "> > - a")
    assert not md.comment_ends("> 9. b -->", md.OPENED_QUOTED)
    assert not md.comment_ends("    9. b -->", md.OPENED_QUOTED)  # (indented four: lazy text)
    assert md.outline("> W <!-- x\n> 9. b -->").comments == [(4, 21)]
    assert "&lt;!-- x" in md.mended("> W <!-- x\n9. b -->")


def test_a_line_left_of_an_items_text_after_a_blank_line_ends_a_list_no_item_is_outside(
) -> None:
    """CommonMark: "1. W", a blank line, "  W" (left of the item's text, column 3) and "==="
    is a list, then a heading: no item can hold "  W" (an outer item's text is left of an
    inner item's marker, at column 2 at least, so the inner item's text is at column 4 at
    least). The line states read it as an outer item's text at column 2, whose "===" was no
    underline. Where an outer item may be ("  1. W" in "- a"), it stays that item's text."""
    assert md.state_after(["1. W", "", "  W"]) == md.PARAGRAPH
    assert md.state_after([" - W", "", "  W"]) == md.PARAGRAPH
    assert [(h.level, h.text, h.line) for h in md.outline("1. W\n\n  W\n===").headings] == [
        (1, "W", 3)]
    assert [h.level for h in md.outline("1) W\n\n  W\n  x\n---").headings] == [2]
    assert md.state_after(["- a", "  1. W", "", "  W"]) == md.ITEM  # (the outer item's)
    assert md.outline("- a\n  1. W\n\n  W\n  ===").headings == []  # (in an item: not listed)
    assert md.state_after(["1. W", "", "   W"]) == md.item_state(3)  # (the item's own)


def test_a_thematic_break_in_a_list_item_is_no_paragraph_an_underline_goes_under() -> None:
    """CommonMark: "1. ----" is an item holding a thematic break, no paragraph, so "   ---"
    under it (indented to its text) is another break in it, no underline (the editor laid
    both lines as a heading's); a line not indented under it begins a paragraph out of the
    list, which its own underline makes a heading."""
    after = md.state_after(["1. ----"])
    assert after == md.state_after(["1. # h"])  # (as after a heading in the item)
    assert md.line_state("   ---", after) == after  # (a break in the item: it goes on)
    for under in ("   ---", " \t---"):  # (with a tab: the item's text, no underline either)
        assert Kind.HEADING not in {span.kind for span in md.line_spans(under, after)[0]}
    assert [h.level for h in md.outline("1. ***\nW\n===").headings] == [1]


def test_an_empty_item_or_quotation_in_a_list_item_is_no_paragraph_for_a_lazy_line() -> None:
    """CommonMark: "1. 9." (an item holding an empty item) or "1. >" (an empty quotation)
    holds no paragraph, so "W" under it is no lazy line of the item but a paragraph of its
    own, which "===" makes a heading (the line states read "9." as the item's text, and "W"
    as going on with it); indented under the item, a line is still the item's."""
    for item in ("1. 9. ", "- * ", "1. > ", "- >>"):
        assert md.state_after([item]) == md.state_after(["1. # h" if item[0] == "1" else "- # h"])
        assert [h.level for h in md.outline(f"{item}\nW\n===").headings] == [1], item
        under = " " * (3 if item[0] == "1" else 2)  # (indented to the item's text)
        assert md.outline(f"{item}\n{under}W\n{under}===").headings == []  # (not listed)
    assert md.state_after(["- - W", "x"]) in md.ITEM_STATES  # (a paragraph: "x" goes on)
    # (items and quotations in the item, as deep as they go; in a quotation, an item that
    # holds no paragraph leaves none for a lazy line either)
    for text in ("1. - > \nW\n===", "9. - * \nW\n===", "> 1. # h\nW\n===", "> - >\nW\n==="):
        assert [h.line for h in md.outline(text).headings] == [2], text


def test_code_in_a_quotation_in_a_list_item_is_no_paragraph_for_a_lazy_line() -> None:
    """CommonMark: "1. >     x" is an item holding a quotation that holds indented code, no
    paragraph, so "W" under it is a paragraph of its own, which "===" makes a heading: the
    item's line is read by the rule a quotation's line is (`_quotes_paragraph`: code in it
    holds none), not by a second, shorter copy of it that took the code for text."""
    for item in ("1. >     x", "- >     x", "1. > >     x"):
        assert md.state_after([item]) == md.state_after(["1. # h" if item[0] == "1" else "- # h"])
        assert [h.level for h in md.outline(f"{item}\nW\n===").headings] == [1], item
        assert [h.level for h in md.outline(f"{item}\nW\n---").headings] == [2], item


def test_an_item_numbered_but_1_holding_no_paragraph_is_a_quoted_paragraphs_text() -> None:
    """CommonMark: under "> W", "> 9. >" is the quotation's paragraph's text (an item numbered
    but 1 breaks in no paragraph), so "W", "9." and "---" after it go on with it lazily and
    "9." ends it (a lazy item): no heading. The change read "> 9. >" as an item holding an
    empty quotation, which ended the paragraph, and laid "9." and "---" as a heading."""
    text = "> W\n> 9. > \nW\n9. \n---"
    assert md.state_after(["> W", "> 9. > "]) == md.QUOTED
    assert md.outline(text).headings == []
    assert md.outline("> W> >\nW\n> 9. > \nW> \nW  \n9. \n---").headings == []
    assert md.state_after(["> W", "> - >"]) == md.NORMAL  # (a bullet breaks in: an item)


def test_an_items_text_five_columns_after_its_marker_is_code_no_paragraph() -> None:
    """CommonMark: "-      W" is an item whose text is indented code (five spaces or more
    after the marker: the item's text starts one past it), no paragraph, so "x" under it is a
    paragraph of its own, which "===" makes a heading (the line states read "W" as the item's
    text, and "x" and "===" as going on with it)."""
    assert md.state_after(["-      W"]) == md.state_after(["- # h"])
    assert md.state_after(["-    W"]) == md.item_state(5)  # (four: the item's text)
    assert [(h.level, h.line) for h in md.outline("-      W\nx\n===").headings] == [(1, 2)]
    assert [h.level for h in md.outline("1.\t     W\nx\n---").headings] == [2]


def test_a_comment_written_empty_ends_at_once() -> None:
    """CommonMark: "<!-->" and "<!--->" are whole HTML comments (their "-->" shares the
    opener's dashes), so "W" under one is a paragraph, which "===" makes a heading; the
    readers took each for a comment left open to a "-->" further on ("W" and "===" in it),
    and the preview hid the text after it."""
    assert [(h.level, h.line) for h in md.outline("<!-->\nW\n===").headings] == [(1, 2)]
    assert md.outline("a <!--> b <!---> c").comments == [(2, 7), (10, 16)]
    assert md.state_after(["<!--->"]) == md.NORMAL
    assert md.mended("a <!---> b\nc -->").endswith("b\nc -->")


def test_an_empty_items_text_starts_a_space_after_its_marker() -> None:
    """CommonMark: the text of an empty item ("1.", its marker alone) starts a space after its
    marker, at column 3, so "  W" under it (column 2) is none of it: the list has ended, and
    "W" is a paragraph, which "  ===" makes a heading (the line states took every empty
    item's text to start at column 2)."""
    assert md.state_after(["1.", "  W"]) == md.PARAGRAPH
    assert md.state_after(["1. ", "   W"]) == md.item_state(3)  # (indented to it: its text)
    assert [(h.level, h.line) for h in md.outline("1.\n  W\n  ===").headings] == [(1, 2)]
    assert md.outline("1.\n   W\n   ===").headings == []
