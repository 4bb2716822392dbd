"""The status bar's word count: words of English, characters of Chinese, the selection's, and a
long manuscript counted a piece at a time without holding up the keys."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QLocale, Qt, QTimer
from PySide6.QtGui import QTextCursor

from tests.conftest import fuzz_examples, wait_until
from writer.project.words import count_paragraphs, count_words, text_counts
from writer.ui import word_count
from writer.ui.editor import Editor
from writer.ui.word_count import WordCount


def test_words_are_counted_as_a_writer_counts_them() -> None:
    assert count_words("") == (0, 0, 0)
    # a word keeps its apostrophe and hyphen; a dash and a number alone: the number counts
    assert count_words("The well-known fox doesn't — 42 times.")[0] == 6
    # Chinese by characters (字), punctuation not
    assert count_words("晓晓在码头等老陈。")[0] == 8
    assert count_words("Mara 说：“走吧。”") == (4, 12, 11)
    assert count_words("# Chapter One\n\n*She* ran.")[0] == 4
    # Japanese by characters too; Korean by its words, which it spaces (each syllable was one)
    assert count_words("吾輩は猫である。")[0] == 7
    assert count_words("오늘 항구는 조용하다.")[0] == 3


@given(st.text(max_size=80), st.text(max_size=80))
def test_pieces_counted_apart_add_up(a: str, b: str) -> None:
    whole = count_words(a + "\n" + b)
    first, second = count_words(a), count_words(b)
    assert whole[0] == first[0] + second[0]
    assert whole[2] == first[2] + second[2]


def test_a_long_manuscript_is_counted_in_steps_and_again_after_typing(
    qtbot, monkeypatch
) -> None:
    monkeypatch.setattr(word_count, "CHUNK_CHARS", 500)
    editor = Editor()
    qtbot.addWidget(editor)
    text = "\n".join(f"Line {i} of the well-known story, 第{i}章。" for i in range(400))
    editor.setPlainText(text)
    steps: list[int] = []  # (each step counts its piece with count_words)
    real = word_count.count_words
    monkeypatch.setattr(word_count, "count_words", lambda t: steps.append(1) or real(t))
    label = WordCount(editor)
    wait_until(lambda: not label.counting, 5000)
    assert len(steps) > 20  # (a step each 500 characters: the keys get through between)
    words, _chars, letters = count_words(text)
    assert (label.words, label.characters, label.letters) == (words, len(text), letters)
    assert label.text() == f"{QLocale().toString(words)} words"
    editor.moveCursor(QTextCursor.MoveOperation.End)
    editor.insertPlainText(" And one more.")
    wait_until(lambda: label.words == words + 3, 5000)
    assert label.text() == f"{QLocale().toString(words + 3)} words"


def test_the_selection_is_counted_of_the_whole(qtbot) -> None:
    editor = Editor()
    qtbot.addWidget(editor)
    editor.setPlainText("One two three.\nFour five.\n晓晓笑了。")
    label = WordCount(editor)
    assert label.text() == "9 words"
    cursor = editor.textCursor()
    cursor.setPosition(4)
    cursor.setPosition(20, QTextCursor.MoveMode.KeepAnchor)  # "two three.\nFour "
    editor.setTextCursor(cursor)
    assert label.text() == "3 of 9 words"
    assert label.toolTip().splitlines()[0] == "Selected: 3 words, 16 characters (13 without spaces)"
    editor.moveCursor(QTextCursor.MoveOperation.End)
    assert label.text() == "9 words"
    # an emoji is one character in the document's count as in the selection's
    editor.setPlainText("😀😀 𠮷野家")
    wait_until(lambda: label.words == 3, 5000)
    assert label.toolTip().splitlines()[0] == "3 words, 6 characters (5 without spaces)"
    editor.selectAll()
    assert label.toolTip().splitlines()[0] == "Selected: 3 words, 6 characters (5 without spaces)"
    editor.setPlainText("Alone")
    wait_until(lambda: label.text() == "1 word", 5000)


def test_the_window_shows_the_count_in_chinese_too(qtbot, state) -> None:
    window = state.new_window()
    window.suggestions.set_enabled(False)
    qtbot.keyClicks(window.editor, "Dear Ann, it rained.")
    wait_until(lambda: window.word_count.text() == "4 words", 5000)
    state.settings.language = "zh_CN"
    state.apply_appearance()
    try:
        wait_until(lambda: window.word_count.text() == "字数 4", 5000)
    finally:  # (the next tests are in English)
        state.settings.language = "en"
        state.apply_appearance()


def test_a_long_selection_is_counted_once_the_selecting_rests_in_steps(
    qtbot, monkeypatch
) -> None:
    """Shift+Up after Ctrl+A in a 2 MB manuscript recounted the whole selection at each key."""
    monkeypatch.setattr(word_count, "CHUNK_CHARS", 300)
    editor = Editor()
    qtbot.addWidget(editor)
    text = "\n".join(f"Line {i} of 3.14 words, 1,000 of them." for i in range(200))
    editor.setPlainText(text)
    label = WordCount(editor)
    wait_until(lambda: not label.counting, 5000)
    counted: list[int] = []
    real = word_count.count_words
    monkeypatch.setattr(word_count, "count_words", lambda t: counted.append(len(t)) or real(t))
    editor.selectAll()
    for _ in range(5):
        editor.moveCursor(QTextCursor.MoveOperation.Up, QTextCursor.MoveMode.KeepAnchor)
    assert counted == []  # nothing counted (nor copied) while the selection moves
    cursor = editor.textCursor()
    selected = cursor.selectedText().replace("\u2029", "\n")
    wait_until(lambda: label.selected is not None, 5000)
    assert max(counted) < 400
    assert len(counted) > 5
    assert label.selected[:3] == (real(selected)[0], len(selected), real(selected)[2])
    assert real("3.14 and 1,000 items, 3, 4.")[0] == 6


def test_the_words_written_today_toward_the_goal_and_the_statistics(
    qtbot, state, monkeypatch, tmp_path
) -> None:
    """With a daily goal the status bar shows today's words toward it once each count is
    through; reaching it is said once; a file opened is not written; the popup shows the
    numbers and sets the goal; the day's tally is on disk after a quit's flush."""
    import json

    from writer.documents.tally import TALLY_FILE
    from writer.paths import state_dir

    monkeypatch.setattr(word_count, "COUNT_DELAY_MS", 20)
    state.settings.update(daily_goal=5)
    window = state.new_window()
    window.show()
    window.suggestions.set_enabled(False)
    said: list[str] = []
    window.statusBar().messageChanged.connect(said.append)
    assert window.word_count.text() == "0 words · 0/5 today"
    qtbot.keyClicks(window.editor, "One two three")
    wait_until(lambda: window.word_count.text() == "3 words · 3/5 today", 5000)
    qtbot.keyClicks(window.editor, " four five")
    wait_until(lambda: window.word_count.text() == "5 words · 5/5 today", 5000)
    for _ in range(2):
        qtbot.keyClick(window.editor, Qt.Key.Key_Return)
    qtbot.keyClicks(window.editor, "Six.")
    wait_until(lambda: window.word_count.text() == "6 words · 6/5 today", 5000)
    assert said.count("Today's goal reached: 5 words.") == 1
    # a file opened in another window: its words are not today's
    chapter = tmp_path / "chapter.md"
    chapter.write_text("Words that were written on another day. " * 10, encoding="utf-8")
    other = state.new_window(str(chapter))
    wait_until(lambda: other.word_count.text() == "70 words · 6/5 today", 5000)
    assert window.word_count.text() == "6 words · 6/5 today"
    # nor when another program adds to it and it is read again
    chapter.write_text("Words that were written on another day. " * 20, encoding="utf-8")
    assert other.documents.reload()
    wait_until(lambda: other.word_count.text() == "140 words · 6/5 today", 5000)

    window.editor.selectAll()
    popup = window.show_statistics()
    cells = [cell.text() for cell in popup.document_cells]
    assert cells == ["6", str(len(window.editor.toPlainText())), "23", "2", "Under a minute"]
    assert [cell.text() for cell in popup.selection_cells][:4] == cells[:4]
    assert (popup.today_cell.text(), popup.share_cell.text()) == ("6", "6")
    popup.goal.setValue(1000)  # (as the arrows or Enter do)
    assert state.settings.daily_goal == 1000
    thousand = QLocale().toString(1000)
    assert window.word_count.text() == f"6 of 6 words · 6/{thousand} today"
    assert other.word_count.text() == f"140 words · 6/{thousand} today"
    assert popup.progress.text() == f"6 of {thousand} words (0%)"
    popup.close()

    for closing in (window, other):  # (as a quit closes them, then keeps the tally)
        closing.editor.document().setModified(False)
        closing.close()
    state.keep_tally()
    state.journal_writer.flush_and_stop()
    kept = json.loads((state_dir() / TALLY_FILE).read_text(encoding="utf-8"))
    (counts,) = kept["days"].values()
    assert list(counts.values()) == [[0, 6]]  # (the file opened moved nothing)


def test_the_statistics_stay_above_the_word_count_as_their_rows_come_and_go(qtbot, state) -> None:
    """Setting a goal in the popup adds the progress bar, a selection adds its column: the
    popup grew down over the status bar (and the word count it opened from) and stayed so."""
    from PySide6.QtCore import QPoint

    state.settings.update(daily_goal=0)
    window = state.new_window()
    window.resize(1000, 700)
    window.show()
    window.suggestions.set_enabled(False)
    qtbot.waitExposed(window)
    popup = window.show_statistics()
    anchor = window.word_count

    def above_the_count() -> bool:
        top = anchor.mapToGlobal(QPoint(0, 0)).y()
        right = anchor.mapToGlobal(QPoint(anchor.width(), 0)).x()
        frame = popup.frameGeometry()
        return frame.bottom() < top and frame.right() <= right

    assert above_the_count()
    assert not popup.progress.isVisible()
    popup.goal.setValue(1000)
    assert popup.progress.isVisible()
    assert above_the_count()
    # the goal's words beside the fill, as the downloads' percentage (the status bar's bar,
    # PercentBar): centred over it, the fill's edge cut through them; the bar keeps its length
    # as the words grow to the goal reached
    bar = popup.progress
    bar.setValue(bar.maximum() * 48 // 100)
    groove, room = bar.parts()
    fill = groove.adjusted(0, 0, -groove.width() * 52 // 100, 0)
    text = bar.fontMetrics().boundingRect(room, Qt.AlignmentFlag.AlignCenter, bar.text())
    assert bar.text().endswith(" words (0%)")  # (the words written today: the bar's text)
    assert room.contains(text)
    assert not fill.intersects(text)
    assert not groove.intersects(room)
    thousand = QLocale().toString(1000)
    reached = bar.fontMetrics().horizontalAdvance(f"{thousand} of {thousand} words (100%)")
    assert room.width() > reached
    popup.goal.setValue(0)
    assert above_the_count()
    popup.close()


def test_the_goals_bar_keeps_its_length_above_the_goal_in_english_and_chinese(
    qtbot, state
) -> None:
    """Above the goal, the bar's words ("1,234 of 500 words (246%)") grew wider than the room
    kept beside the bar, which grew shorter: above it the bar says the goal is reached, and
    its room fits the widest of its texts, whatever the words written and the language."""
    from writer.ui import i18n

    state.settings.update(daily_goal=500)
    window = state.new_window()
    window.resize(1000, 700)
    window.show()
    window.suggestions.set_enabled(False)
    qtbot.waitExposed(window)
    state.tally.report("a chapter", 0, loaded=True)
    try:
        for language in ("en", "zh_CN"):
            i18n.install(language)
            popup = window.show_statistics()
            bar = popup.progress
            lengths = set()
            for words in (0, 120, 499, 500, 501, 1_234, 98_765_432):
                state.tally.report("a chapter", words)
                groove, room = bar.parts()
                lengths.add(groove.width())
                assert bar.fontMetrics().horizontalAdvance(bar.text()) < room.width(), words
            assert len(lengths) == 1, (language, lengths)
            assert QLocale().toString(500) in bar.text()  # (the goal, reached)
            popup.close()
    finally:
        i18n.install("en")


def test_the_goals_bar_says_it_is_reached_when_the_window_says_so(qtbot, state) -> None:
    """The window says "Today's goal reached" at the goal's own word (the tally's rule); the
    statistics' bar said "500 of 500 words (100%)" there, and the goal reached only a word
    later: it says so from the same word."""
    state.settings.update(daily_goal=500)
    window = state.new_window()
    window.suggestions.set_enabled(False)
    state.tally.report("a chapter", 0, loaded=True)
    popup = window.show_statistics()
    state.tally.report("a chapter", 499)
    assert popup.progress.text() == "499 of 500 words (99%)"
    assert state.tally.report("a chapter", 500, goal=500)  # (the window's message: reached)
    assert popup.progress.text() == "Goal of 500 words reached"
    popup.close()


def test_a_front_matter_is_no_words_written(qtbot) -> None:
    """A Jekyll post's front matter ("title: …", "tags: …") was counted as words written; no
    reader sees it. A chapter that only begins with a scene break counts all its words."""
    from writer.ui.editor import Editor

    editor = Editor()
    qtbot.addWidget(editor)
    editor.set_markdown(True)
    editor.setPlainText("---\ntitle: The Long Night\ntags: [sea, storm]\n---\nOne two three.")
    label = WordCount(editor)
    wait_until(lambda: not label.counting and label.words == 3, 5000)
    # nor a selection's (all of a post selected said "10 of 3 words"), a long one's too
    for chunk in (word_count.CHUNK_CHARS, 8):
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(word_count, "CHUNK_CHARS", chunk)
            editor.selectAll()
            wait_until(lambda: label.text() == "3 of 3 words", 5000)
            cursor = editor.textCursor()
            cursor.setPosition(4)
            cursor.setPosition(editor.toPlainText().index("two"), QTextCursor.MoveMode.KeepAnchor)
            editor.setTextCursor(cursor)  # (from "title" to "One ")
            wait_until(lambda: label.text() == "1 of 3 words", 5000)
            cursor.setPosition(4)
            cursor.setPosition(20, QTextCursor.MoveMode.KeepAnchor)  # (in the front matter)
            editor.setTextCursor(cursor)
            wait_until(lambda: label.text() == "0 of 3 words", 5000)
            editor.moveCursor(QTextCursor.MoveOperation.End)
    # a blank line between the front matter and the text, as Jekyll's posts have
    editor.setPlainText("---\nlayout: post\ntitle: A Post\n---\n\nOne two three.\n\n## Four\n")
    wait_until(lambda: not label.counting and label.words == 4, 5000)
    assert label.paragraphs == 2
    editor.selectAll()
    wait_until(lambda: label.text() == "4 of 4 words", 5000)
    editor.moveCursor(QTextCursor.MoveOperation.End)
    editor.setPlainText("---\nOne two three.\n\n---\nFour five.")
    wait_until(lambda: not label.counting and label.words == 5, 5000)
    editor.setPlainText("---\ntitle: The Long Night of Many Words\n---")  # (a new post)
    wait_until(lambda: not label.counting and label.words == 0, 5000)


def test_html_comments_are_no_words_written(qtbot) -> None:
    """A Markdown document's HTML comments, which neither the preview nor an export shows,
    were counted as words written; a plain text's "<!--" is text, and so is a comment left
    open in its paragraph, as the preview reads it."""
    from writer.ui.editor import Editor

    editor = Editor()
    qtbot.addWidget(editor)
    editor.set_markdown(True)
    editor.setPlainText("One two <!-- a note to self -->three.\n\n<!--\nTODO: cut the storm "
                        "scene\n-->\nFour five.")  # fmt: skip
    label = WordCount(editor)
    wait_until(lambda: not label.counting and label.words == 5, 5000)
    assert label.paragraphs == 2  # (a line of a comment is no paragraph)
    editor.selectAll()
    assert label.text() == "5 of 5 words"
    cursor = editor.textCursor()
    cursor.setPosition(4)
    cursor.setPosition(editor.toPlainText().index("three") + 5, QTextCursor.MoveMode.KeepAnchor)
    editor.setTextCursor(cursor)  # "two <!-- a note to self -->three"
    assert label.text() == "2 of 5 words"
    editor.setPlainText("Alpha <!-- beta\n\nGamma.")  # (open in its paragraph: text)
    wait_until(lambda: not label.counting and label.words == count_words(editor.toPlainText())[0],
               5000)  # fmt: skip
    plain = Editor()
    qtbot.addWidget(plain)
    plain.setPlainText("One <!-- two -->")
    assert WordCount(plain).words == count_words("One <!-- two -->")[0]


PIECES = ["ab", "c ", " ", "\n", "\n\n", "<!--", "-->", "`", "# ", "    ", "```\n", "- ", "|"]


@given(st.lists(st.sampled_from(PIECES), max_size=30).map("".join))
def test_the_count_leaves_out_the_comments_the_outline_reads(qapp, text: str) -> None:
    """The words and characters counted are those of the text less what `outline` reads as
    comments (their line breaks kept), a few lines at a time (a comment goes on from one step
    to the next)."""
    from writer.documents.markdown import outline
    from writer.ui.editor import Editor

    text = "x\n" + text  # (no front matter)
    editor = Editor()
    editor.set_markdown(True)
    editor.setPlainText(text)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(word_count, "CHUNK_CHARS", 8)
        label = WordCount(editor)
        label.count_now()
    label.deleteLater()
    editor.deleteLater()
    inside = set()
    for a, b in outline(text).comments:
        inside.update(range(a, b))
    left = "".join(c for i, c in enumerate(text) if i not in inside or c == "\n")
    assert (label.words, label.characters) == count_words(left)[:2]


COUNTED = ["ab", "c ", " ", "\n", "\n\n", "<!--", "-->", "<!-- x -->", "`", "# ", "    ", "```\n",
           "- ", "> ", "> ```\n", "| a | b |\n", "|---|---|\n", "==="]


@settings(max_examples=fuzz_examples(100), deadline=None)
@given(st.lists(st.sampled_from(COUNTED), max_size=30).map("".join))
@example("a <!-- x\ny --> b")  # (a comment over lines: the project's count joined them)
@example("<!-- x\n-->\n| a | b |\n|---|---|\n| c | d |")
def test_the_projects_count_is_the_editors(qapp, text: str) -> None:
    """The project's count of a text (`text_counts`, on a thread, of a file) is the status
    bar's of the same text in the editor: its words, characters and paragraphs, less its
    comments line by line with one rule (`markdown.line_comments`), in pieces or at once."""
    text = "x\n" + text  # (no front matter)
    editor = Editor()
    editor.set_markdown(True)
    editor.setPlainText(text)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(word_count, "CHUNK_CHARS", 8)
        label = WordCount(editor)
        label.count_now()
    label.deleteLater()
    editor.deleteLater()
    assert text_counts(text, True) == label.counts
    assert text_counts(text, True, piece_chars=8) == label.counts


def test_the_counts_and_the_outline_take_a_lines_comments_out_with_one_helper() -> None:
    """The status bar's count, the project's and the outline take a text less its comments
    with one helper (`markdown.outside`): the change moved the count's copy to the project,
    beside the outline's (`markdown._outside`), the same rule twice."""
    from writer.documents import markdown
    from writer.project import words

    assert word_count.outside is markdown.outside
    assert not hasattr(words, "outside")
    line = "a <!-- x --> b <!-- y"
    assert markdown.outside(line, 0, len(line), [(2, 12), (15, 21)]) == "a  b "
    assert markdown.outside(line, 4, 14, [(2, 12), (15, 21)]) == " b"


def test_the_statistics_count_the_projects_manuscript(qtbot, state, tmp_path) -> None:
    """In a project the popup has a Project column: its documents but the notes, an open one
    with its unsaved words, a Markdown one's front matter and comments left out: the project's
    counts, which the Project panel shows (one owner: the two say the same); without a project
    there is none."""
    book = tmp_path / "book"
    book.mkdir()
    (book / "notes.md").write_text("Mara: the keeper's daughter.\n", encoding="utf-8")
    (book / "one.md").write_text("---\ntitle: One\n---\nThe lamp was lit.\n", encoding="utf-8")
    (book / "two.md").write_text("Rain fell. <!-- fix this -->\n\n林间小路。\n", encoding="utf-8")
    (book / "three.txt").write_text("Three more words\n", encoding="utf-8")
    window = state.new_window()
    window.show()
    window.suggestions.set_enabled(False)
    plain = window.show_statistics()
    assert not plain.project_head.isVisible()  # (no project)
    plain.close()
    assert state.open_folder(book, window) == ""
    window.open_project_document(str(book / "one.md"))
    wait_until(lambda: window.documents.path == book / "one.md", 5000)
    turned: list[bool] = []  # (what opening the document left for the event loop, done)
    QTimer.singleShot(50, lambda: turned.append(True))
    wait_until(lambda: bool(turned), 5000)
    window.editor.moveCursor(QTextCursor.MoveOperation.End)
    window.editor.insertPlainText("Unsaved words here.")
    popup = window.show_statistics()
    assert popup.project_head.isVisible()
    # "The lamp was lit." 4 + "Unsaved words here." 3 + "Rain fell." 2 + 林间小路 4 + 3 (the
    # open one's as its status bar counts it once the typing pauses; the Project panel's)
    wait_until(lambda: popup.project_counts is not None and popup.project_counts[0] == 16,
               10_000)  # fmt: skip
    assert window.project_panel.manuscript_words == 16
    assert popup.project_cells[0].text() == "16"
    # paragraphs: one.md's two lines are one (a single line break), two.md's 2, three.txt's 1
    assert popup.project_counts[3] == 4
    assert "3 documents" in popup.project_head.toolTip()
    popup.close()
    window.editor.document().setModified(False)


@given(
    st.text(alphabet=st.sampled_from(list("ab c-'\n\t林间。1,.")), max_size=200),
    st.integers(min_value=1, max_value=20),
)
def test_a_text_counted_in_pieces_counts_as_at_once(text: str, size: int) -> None:
    """A long document is counted a piece at a time (a thread counting it lets the window's
    through between the pieces): the same numbers, wherever the pieces are cut."""
    at_once = (*count_words(text), count_paragraphs(text))
    assert text_counts(text, False, piece_chars=size) == at_once
    assert text_counts(text, False) == at_once


def test_a_table_is_one_paragraph(qtbot) -> None:
    """A Markdown table's delimiter row (`|---|---|`) and its rows were counted as paragraphs
    (a table of two rows under a paragraph: five). Its rows are no paragraphs of prose: a
    table counts one, as a block of the text, in the status bar's count (and so in Writing
    Statistics), a selection's and the project's; a plain text's lines are its paragraphs."""
    from writer.ui.editor import Editor

    text = "Cast:\n\n| Name | Part |\n|------|------|\n| Ann  | Lead |\n| Ben  | Foil |\n\nEnd.\n"
    assert count_paragraphs(text, markdown=True) == 3
    assert count_paragraphs(text) == 6
    assert text_counts(text, True)[3] == 3
    assert text_counts(text, True, piece_chars=20)[3] == 3  # (cut inside the table)
    # (a table under a paragraph's line, and rows without their outer bars: GitHub's)
    assert count_paragraphs("Cast:\nName | Part\n--- | ---\nAnn | Lead\n", markdown=True) == 2
    # (no delimiter row, no table: the lines of bars are a paragraph's text)
    assert count_paragraphs("| a | b |\n| c | d |\n", markdown=True) == 1
    # (no table: a setext heading, one, as "# One." is)
    assert count_paragraphs("One.\n---\nTwo.\n", markdown=True) == 2
    # a table in code, in a comment or in an HTML block is no table (nor the preview's): its
    # lines count as a code block's do, each line with text one (it counted one)
    fenced = "```\n| a | b |\n|---|---|\n| c | d |\n```\n"
    assert count_paragraphs(fenced, markdown=True) == 5 == count_paragraphs(fenced)
    assert text_counts("Cast:\n\n" + fenced, True, piece_chars=6)[3] == 6
    assert count_paragraphs("<!--\n| a | b |\n|---|---|\n-->\n", markdown=True) == 4
    assert count_paragraphs("<pre>\n| a | b |\n|---|---|\n</pre>\n", markdown=True) == 4
    assert count_paragraphs("~~~\n```\n~~~\n| a | b |\n|---|---|\n", markdown=True) == 4
    editor = Editor()
    qtbot.addWidget(editor)
    editor.set_markdown(True)
    editor.setPlainText(text)
    label = WordCount(editor)
    wait_until(lambda: not label.counting and label.words == 8, 5000)
    assert label.paragraphs == 3
    editor.selectAll()
    wait_until(lambda: label.selected[3] == 3, 5000)
    # a table selected in a fence is code as the whole count reads it: each line one (the
    # selection's count started from no state: the table counted one); a long one too
    editor.setPlainText(fenced)
    wait_until(lambda: not label.counting and label.paragraphs == 5, 5000)
    cursor = editor.textCursor()
    cursor.setPosition(4)
    cursor.setPosition(len(fenced) - 5, QTextCursor.MoveMode.KeepAnchor)
    editor.setTextCursor(cursor)
    wait_until(lambda: label.selected is not None and label.selected[3] == 3, 5000)
    label._selection.start(4, len(fenced) - 5, label._state_at(4))
    label._selection.finish()
    assert label.selected[3] == 3


@given(
    st.lists(st.sampled_from(["a", "| a | b |", "|---|---|", "a | b", "--|--", "", "# a",
                              "> a", "---", "```", "~~~", "<pre>", "</pre>"]),
             max_size=30),  # fmt: skip
    st.integers(min_value=1, max_value=40),
)
def test_a_markdown_text_counted_in_pieces_counts_its_tables_as_at_once(
    lines: list[str], size: int
) -> None:
    """Cut anywhere, a table's rows included, a Markdown text's paragraphs add up to the
    count at once, and a table is at most one of them."""
    text = "\n".join(lines)
    at_once = count_paragraphs(text, markdown=True)
    assert at_once <= count_paragraphs(text)
    text = "a\n" + text  # (a first "---" would open a front matter: its lines are no text)
    assert text_counts(text, True, piece_chars=size)[3] == count_paragraphs(text, True)


# (a comment over several lines keeps its line breaks in the status bar's characters, not in
# the project's: `test_the_count_leaves_out_the_comments_the_outline_reads`)
LINES = ["a", "| a | b |", "|---|---|", "a | b", "", "# a", "> a", "---", "```", "~~~",
         "<pre>", "</pre>", "<!-- a -->", "b <!-- c --> | d |", "-->", "- a"]


@given(st.lists(st.sampled_from(LINES), max_size=24), st.integers(min_value=1, max_value=40))
def test_the_status_bars_paragraphs_read_each_lines_state_once(
    qapp, lines: list[str], size: int
) -> None:
    """The status bar's count read each line's state twice, for its comments (`line_comments`)
    and again for its paragraphs (`paragraphs_in`): a 530 KB text's count went from 95 to 142
    ms. The states are read once, and the numbers are the project's count of the same text
    (`text_counts`), in pieces of any size."""
    from writer.documents import markdown
    from writer.ui.editor import Editor

    text = "x\n" + "\n".join(lines)  # (no front matter)
    editor = Editor()
    editor.set_markdown(True)
    editor.setPlainText(text)
    read: list[str] = []
    real = markdown.line_state
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(word_count, "CHUNK_CHARS", size)
        patch.setattr(markdown, "line_state", lambda line, state: read.append(line)
                      or real(line, state))  # fmt: skip
        label = WordCount(editor)
        label.count_now()
    label.deleteLater()
    editor.deleteLater()
    assert label.counts == text_counts(text, True)
    assert len(read) <= editor.document().blockCount()  # (each line's once at most)


# (no "-->" nor an HTML block: a comment over lines counts its line breaks apart, as above)
OPEN_LINES = ["a", "| a | b |", "|---|---|", "a | b", "", "# a", "> a", "---", "```", "<pre>",
              "</pre>", "- a", "a <!-- b", "| q <!-- r", "    c | d |"]


@given(st.lists(st.sampled_from(OPEN_LINES), max_size=16), st.integers(min_value=1, max_value=40))
@settings(max_examples=fuzz_examples(100))
@example(["a <!-- b", "| a | b |", "|---|---|"], 40)
def test_a_comment_left_open_in_a_paragraph_is_text_in_both_counts(
    qapp, lines: list[str], size: int
) -> None:
    """The status bar reads a "<!--" its paragraph ends before as text (the states the
    highlighting lays), the project's count read it as a comment over the lines after it: a
    table under "a <!-- b" was one paragraph in the status bar and two in the Project panel.
    Both read it as the editor does."""
    from writer.ui.editor import Editor

    text = "x\n" + "\n".join(lines)
    editor = Editor()
    editor.set_markdown(True)
    editor.setPlainText(text)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(word_count, "CHUNK_CHARS", size)
        label = WordCount(editor)
        label.count_now()
    label.deleteLater()
    editor.deleteLater()
    assert label.counts == text_counts(text, True)
    if text == "x\na <!-- b\n| a | b |\n|---|---|":
        assert label.counts[3] == 2  # ("x" with "a <!-- b", one paragraph, and the table)


def test_a_table_under_a_comment_left_open_is_one_paragraph_in_the_projects_count() -> None:
    # ("x" with "a <!-- b": one paragraph, a single line break between them; the table one)
    assert count_paragraphs("x\na <!-- b\n| a | b |\n|---|---|\n| c | d |", True) == 2
    assert text_counts("x\na <!-- b\n| a | b |\n|---|---|", True)[3] == 2


def test_a_table_after_a_quotations_code_is_one_paragraph() -> None:
    """A fence in a quotation ends with the quotation: a table on the line after it (fewer
    marks) is a table, one paragraph, as the preview shows it. The count took its lines for
    the code's, each one."""
    text = "> ```\n> code\n| a | b |\n|---|---|\n| 1 | 2 |\n"
    assert count_paragraphs(text, True) == 3  # ("> ```", "> code", the table)
    assert count_paragraphs(text.replace("| a", "\n| a"), True) == 3


def test_lines_a_single_line_break_joins_are_one_paragraph_in_markdown(
    qtbot, state, tmp_path
) -> None:
    """Writing Statistics counted "Maren lit the lamp.\n晓晓站在门口。" as two paragraphs:
    in Markdown a single line break goes on with the paragraph. The status bar's count (which
    the popup shows), a selection's and the project's read it with one rule
    (`words.paragraphs_in`); a plain text's lines stay its paragraphs, as a word processor's."""
    text = "Maren lit the lamp.\n晓晓站在门口。\n\n# Two\n- an item\n  goes on\n- another\n"
    assert count_paragraphs(text, markdown=True) == 4  # (the heading one, each item one)
    assert text_counts(text, True)[3] == 4
    assert text_counts(text, True, piece_chars=5)[3] == 4  # (cut between the two lines)
    assert count_paragraphs(text) == 6
    chapter = tmp_path / "chapter.md"
    chapter.write_text("Maren lit the lamp.\n晓晓站在门口。\n", encoding="utf-8")
    window = state.new_window(str(chapter))
    window.show()
    window.suggestions.set_enabled(False)
    popup = window.show_statistics()
    wait_until(lambda: popup.document_cells[3].text() == "1", 5000)
    window.editor.selectAll()
    wait_until(lambda: window.word_count.selected is not None, 5000)
    assert window.word_count.selected[3] == 1
    popup.close()


@pytest.mark.parametrize(
    ("text", "paragraphs"),
    [
        ("Title\n=====\nThe harbour.", 2),  # (a setext heading is one, as "# Title" is)
        ("Two lines of\na title\n---\nThe harbour.", 2),
        ("> Quoted title\n> ===\n> The harbour.", 2),
        ("- an item\n  ===", 1),  # (the item's heading)
        ("- an item\n===", 1),  # ("===" left of the item's text: its lazy text)
        ("> quoted\n===", 1),  # (the same in a quotation)
        ("- an item\n---", 2),  # (a thematic break under an item: no underline of it)
        ("> quoted\n---", 2),
        ("# Heading\n===", 2),  # (under a heading: a paragraph of its own)
        ("> One paragraph.\n>\n> And another.", 2),  # (">" alone: the quotation's blank line)
        ("> > One.\n> >\n> > Two.", 2),
        ("```\n>\n```", 3),  # (in code a ">" is a line of it, as every line of code is)
    ],
)  # fmt: skip
def test_a_setext_underline_and_a_quotations_blank_line_are_no_paragraphs(
    text: str, paragraphs: int
) -> None:
    """A setext heading counted two paragraphs (its underline one) and a quotation of two
    paragraphs three (its ">" line between them one), where CommonMark (and the preview) reads
    one heading and two paragraphs; the status bar, a selection and the project count alike."""
    assert count_paragraphs(text, markdown=True) == paragraphs
    assert text_counts(text, True)[3] == paragraphs
    assert text_counts(text, True, piece_chars=3)[3] == paragraphs  # (a line a piece)


_PROSE = st.lists(
    st.sampled_from(["Maren lit the lamp.", "晓晓站在门口。", "the harbour, and", "Gulls."]),
    min_size=1, max_size=4,
)  # (a paragraph's lines)


@st.composite
def _block(draw) -> str:
    """One paragraph (or heading, list item, quotation's paragraph) of Markdown, as a writer
    writes one, its lines joined by single line breaks."""
    lines = draw(_PROSE)
    kind = draw(st.sampled_from(["plain", "setext", "atx", "item", "quoted", "quoted setext"]))
    if kind == "setext":
        return "\n".join(lines) + "\n" + draw(st.sampled_from(["===", "---", "  ==="]))
    if kind == "atx":
        return "# " + lines[0]
    if kind == "item":
        return "- " + "\n  ".join(lines)
    if kind.startswith("quoted"):
        quoted = "\n".join("> " + line for line in lines)
        return quoted + ("\n> ===" if kind == "quoted setext" else "")
    return "\n".join(lines)


@given(st.lists(st.tuples(_block(), st.sampled_from(["\n\n", "\n\n\n", "\n>\n"])), max_size=8))
@settings(max_examples=fuzz_examples(200), deadline=None)
def test_each_block_a_writer_writes_is_one_paragraph(blocks: list[tuple[str, str]]) -> None:
    """Paragraphs, headings (ATX and setext), list items and a quotation's paragraphs, their
    lines joined by single line breaks and parted by blank lines (a quotation's ">" too where
    a quotation meets one): each is one paragraph, as CommonMark reads them, in one piece or a
    line a piece."""
    text = ""
    for n, (block, between) in enumerate(blocks):
        if between == "\n>\n" and not (block.startswith(">") and blocks[n - 1][0].startswith(">")):
            between = "\n\n"  # (">" alone parts two paragraphs of a quotation only)
        text += (between if n else "") + block
    assert count_paragraphs(text, markdown=True) == len(blocks), text
    assert text_counts(text, True, piece_chars=3)[3] == len(blocks), text
