"""The find bar's Replace in a long document: it reads again only the lines it changed."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from writer.ui.editor import Editor
from writer.ui.find_bar import MOST_COUNTED, FindBar


def _bar(qtbot, text: str, find: str, replacement: str, regex: bool = False) -> FindBar:
    editor = Editor()
    qtbot.addWidget(editor)
    editor.setPlainText(text)
    bar = FindBar(editor)
    bar.open_replace()
    bar.switches.regex.setChecked(regex)
    bar.field.setText(find)
    bar.replace_field.setText(replacement)
    return bar


def _qt(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _fresh(bar: FindBar) -> tuple[list[int], list[int]]:
    """Every match's place, read from the whole document as a new search reads it."""
    found = list(bar._read(bar._pattern()))
    return [at for at, _e, _h in found], [till for _a, till, _h in found]


def _kept(bar: FindBar) -> tuple[list[int], list[int]]:
    spans = bar._spans
    spans.read()
    return list(spans.starts), list(spans.ends)


@pytest.mark.parametrize(
    ("line", "find", "replacement", "regex", "written"),
    [
        ("🐟 a fox, the fox.", "fox", "wolf", False, "wolf"),  # longer, after an emoji
        ("🐟 a fox, the fox.", "fox", "", False, ""),  # shorter: taken out
        ("🐟 a fox, the fox.", r"f(o)x", r"$1\n🦊", True, "o\n🦊"),  # a new line in it
        ("🐟 a fox, the fox.", r"f(o)x", r"$1\r\n🦊", True, "o\n🦊"),  # "\r\n": one line end
        ("🐟 a fox, the fox.", r"fox\b", "foxfox", True, "foxfox"),  # a new match, not found
        ("ab ab ab", r"(?<=a)b", "", True, ""),  # the line's next match changes ("aab")
    ],
)
def test_replace_reads_again_only_the_lines_it_changed_and_counts_right(
    qtbot, monkeypatch, line: str, find: str, replacement: str, regex: bool, written: str
) -> None:
    """Replace near the end of a 2 MB manuscript took 355 ms a press: each read the whole
    document again, twice (the selection's match, then the next one's place). It reads the
    lines it changed now, and moves the places of the matches after them: the match
    replaced is the one selected, the next is selected, the count is the document's, and
    Undo takes each back."""
    lines = [f"{n} {line}" for n in range(40)]
    text = "\n".join(lines)
    bar = _bar(qtbot, text, find, replacement, regex)
    editor = bar.editor
    cursor = editor.textCursor()
    cursor.setPosition(_qt("\n".join(lines[:30])))
    editor.setTextCursor(cursor)
    assert bar.find_next()  # (the first Replace only finds: this reads the document)
    reads = []
    whole = FindBar._read
    monkeypatch.setattr(FindBar, "_read", lambda self, p: reads.append(p) or whole(self, p))
    expected = text
    for _press in range(6):
        before = editor.textCursor()
        at, till = before.selectionStart(), before.selectionEnd()
        read = len(reads)
        assert bar.replace()
        assert len(reads) == read, "a Replace read the whole document again"
        # the selected match replaced (Qt's places: the emoji counts two)
        head = editor.toPlainText()
        plain_at = len(expected.encode("utf-16-le")[: at * 2].decode("utf-16-le"))
        plain_till = len(expected.encode("utf-16-le")[: till * 2].decode("utf-16-le"))
        expected = expected[:plain_at] + written + expected[plain_till:]
        assert head == expected
        starts, ends = _fresh(bar)
        after = at + _qt(written)
        chosen = next(i for i, s in enumerate(starts) if s >= after)
        selected = editor.textCursor()
        assert (selected.selectionStart(), selected.selectionEnd()) == (starts[chosen],
                                                                        ends[chosen])  # fmt: skip
        assert bar.status.text() == f"{chosen + 1} of {len(starts)}"
        assert _kept(bar) == (starts, ends)
    doc = editor.document()
    while doc.isUndoAvailable():
        doc.undo()
    assert editor.toPlainText() == text


def test_replace_keeps_the_places_not_yet_read_right(qtbot) -> None:
    """With more matches than the count reads at first (9,999), those not yet read are read
    after a Replace where the text then puts them."""
    text = "\n".join(f"🐟 e{n % 10} e" for n in range(MOST_COUNTED + 500))
    bar = _bar(qtbot, text, r"e(\d)", r"[$1]", regex=True)
    assert bar.find_next()
    assert not bar._spans.whole
    for _press in range(3):
        assert bar.replace()
    assert bar.editor.toPlainText().startswith("🐟 [0] e\n🐟 [1] e\n🐟 [2] e\n🐟 e3 e")
    assert _kept(bar) == _fresh(bar)
    count = len(re.findall(r"e\d", bar.editor.toPlainText()))
    assert bar.find_next()
    assert bar.status.text() == f"2 of {count:,}"
    # a match selected by hand past those read: the places are read again
    doc = bar.editor.document()
    bar._forget()  # (as after an edit: read again from the start)
    bar.editor.moveCursor(QTextCursor.MoveOperation.Start)
    assert bar.find_next()
    assert not bar._spans.whole
    assert bar._spans.starts[-1] < doc.findBlockByNumber(MOST_COUNTED + 300).position()
    cursor = QTextCursor(doc.findBlockByNumber(MOST_COUNTED + 300))
    cursor.movePosition(QTextCursor.MoveOperation.NextWord)
    cursor.movePosition(QTextCursor.MoveOperation.EndOfWord, QTextCursor.MoveMode.KeepAnchor)
    assert cursor.selectedText() == "e9"
    bar.editor.setTextCursor(cursor)
    assert bar.replace()
    assert doc.findBlockByNumber(MOST_COUNTED + 300).text() == "🐟 [9] e"
    assert bar.editor.textCursor().selectedText() == "e0"  # (the next line's)
    assert _kept(bar) == _fresh(bar)


@pytest.mark.parametrize(
    ("regex", "replacement", "written"),
    [
        # without Regular Expression: as typed, every "$" and "\" of it
        (False, r"$1 \1 \$ $$ $& \0 \\ \n", r"$1 \1 \$ $$ $& \0 \\ \n"),
        # with it: VS Code's "$" (groups, "$$" a dollar, "$&" and "$0" the match) and Python's
        # "\" (groups, "\n", "\\" a backslash, "\$" as typed)
        (True, r"$2$1 $$ $& $0 \2\1", "oxf $ fox fox oxf"),
        (True, r"\$ \$1 \\ US$ 5 $9", r"\$ \$1 \ US$ 5 $9"),
        (True, r"\0!", "fox!"),  # (Python's octal: a NUL character, unseen, in the text)
        (True, "$100", "f00"),  # (VS Code's: group 1, then "00"; it wrote "$100")
        (True, r"\t|\n|", "\t|\n|"),
    ],
)
def test_a_replacement_writes_what_the_help_says(qtbot, regex: bool, replacement: str,
                                                written: str) -> None:  # fmt: skip
    """A "$" or a "\\" in the replacement: as typed without Regular Expression; with it, as
    the guide says (VS Code's "$" and Python's "\\"), in Replace and in Replace All."""
    bar = _bar(qtbot, "a fox.", r"(f)(ox)" if regex else "fox", replacement, regex)
    assert bar.find_next()
    bar.replace()
    assert bar.editor.toPlainText() == f"a {written}."
    bar.editor.setPlainText("a fox. a fox.")
    assert bar.replace_all() == 2
    assert bar.editor.toPlainText() == f"a {written}. a {written}."


# find as the writer types ------------------------------------------------------------------
def _typed_bar(qtbot, text: str, at: int = 0) -> tuple[Editor, FindBar, object]:
    """An editor and its find bar in one shown window (the third), the cursor at `at`, the
    bar open."""
    from PySide6.QtWidgets import QVBoxLayout, QWidget

    window = QWidget()
    qtbot.addWidget(window)
    layout = QVBoxLayout(window)
    editor = Editor(window)
    bar = FindBar(editor, window)
    layout.addWidget(editor)
    layout.addWidget(bar)
    editor.setPlainText(text)
    cursor = editor.textCursor()
    cursor.setPosition(at)
    editor.setTextCursor(cursor)
    window.resize(700, 400)
    window.show()
    qtbot.waitExposed(window)
    bar.open_bar()
    return editor, bar, window


def _marked(editor: Editor) -> list[str]:
    return [mark.cursor.selectedText() for mark in editor.marks("found")]


def test_a_search_is_found_as_it_is_typed_from_the_cursor_and_its_matches_in_view_marked(
    qtbot,
) -> None:
    """The find bar searched only when Enter was pressed, and marked nothing but the match
    selected: as in VS Code, each key typed in the field selects the first match from the
    cursor (going round the end), says the count, and marks every match in view; the match
    selected stays while the search still matches it; Enter then goes on to the next."""
    text = "The fox ran. A fox sat.\nThe Fog came.\nA fox and a foxglove.\n"
    start = text.index("A fox sat")
    editor, bar, _window = _typed_bar(qtbot, text, at=start)
    qtbot.keyClicks(bar.field, "fo")
    qtbot.waitUntil(lambda: bar.status.text() == "2 of 5")
    assert editor.textCursor().selectionStart() == start + 2
    assert editor.textCursor().selectedText() == "fo"
    assert _marked(editor) == ["fo", "fo", "Fo", "fo", "fo"]
    assert bar.field.hasFocus() or not bar.field.isActiveWindow()  # (the keys stay there)
    qtbot.keyClicks(bar.field, "x")  # still a match where it is: kept
    qtbot.waitUntil(lambda: bar.status.text() == "2 of 4")
    assert editor.textCursor().selectionStart() == start + 2
    assert _marked(editor) == ["fox"] * 4
    qtbot.keyClicks(bar.field, "g")  # the next that matches, after the cursor
    qtbot.waitUntil(lambda: bar.status.text() == "1 of 1")
    assert editor.textCursor().selectionStart() == text.index("foxglove")
    qtbot.keyClick(bar.field, Qt.Key.Key_Backspace)
    qtbot.waitUntil(lambda: bar.status.text() == "4 of 4")  # (kept: "fox" of "foxglove")
    qtbot.keyClick(bar.field, Qt.Key.Key_Return)  # Enter: the next one, round the end
    assert bar.status.text() == "1 of 4"
    bar.switches.case.setChecked(True)  # a switch searches again
    bar.field.setText("Fo")
    qtbot.waitUntil(lambda: _marked(editor) == ["Fo"])
    assert editor.textCursor().selectedText() == "Fo"  # the only one: gone round the end
    bar.field.clear()  # nothing searched: nothing marked, the selection left
    qtbot.waitUntil(lambda: _marked(editor) == [])
    assert editor.textCursor().selectedText() == "Fo"
    bar.field.setText("fox")
    qtbot.waitUntil(lambda: len(_marked(editor)) == 4)
    bar.close_bar()  # shut: the marks go with it
    assert _marked(editor) == []


def test_the_marks_follow_the_view_and_the_text(qtbot) -> None:
    """Only the matches in view are marked (a search for "e" in a long text marks a screen's
    worth, not the book's): scrolling marks the ones that come into view, a match typed into
    the text is marked, one taken out is not, and a pattern that does not compile marks none
    and says so."""
    lines = [f"line {n} with a fox" for n in range(400)]
    editor, bar, _window = _typed_bar(qtbot, "\n".join(lines))
    bar.field.setText("fox")
    qtbot.waitUntil(lambda: bar.status.text() == "1 of 400")
    first = len(_marked(editor))
    assert 3 < first < 100
    top = editor.firstVisibleBlock().blockNumber()
    assert editor.marks("found")[0].cursor.block().blockNumber() == top
    editor.verticalScrollBar().setValue(editor.verticalScrollBar().maximum())
    qtbot.waitUntil(lambda: editor.marks("found")[-1].cursor.block().blockNumber() == 399)
    assert len(_marked(editor)) < 100
    cursor = QTextCursor(editor.document())
    cursor.movePosition(QTextCursor.MoveOperation.End)
    cursor.insertText(" and a second fox")
    qtbot.waitUntil(lambda: _marked(editor)[-2:] == ["fox", "fox"]
                    and editor.marks("found")[-2].cursor.block().blockNumber() == 399)
    bar.switches.regex.setChecked(True)
    bar.field.setText("fox(")
    qtbot.waitUntil(lambda: bar.status.text() == "Not a valid pattern")
    assert _marked(editor) == []


def test_a_status_with_no_room_is_cut_with_a_mark_and_said_whole(qtbot) -> None:
    """A bar narrower than its least cut a long status where the label ended ("Not a valid
    p"): it is cut with "…", and its whole sentence is in its tooltip (above why) and in what
    a screen reader reads."""
    from PySide6.QtWidgets import QLabel

    bar = _bar(qtbot, "apple banana apple", "apple", "pear")
    bar.show()
    qtbot.waitExposed(bar)
    bar.resize(bar.minimumSizeHint().width() // 2, bar.sizeHint().height())
    bar.switches.regex.setChecked(True)
    bar.field.setText("(apple")
    status = bar.status
    qtbot.waitUntil(lambda: status.text() == "Not a valid pattern")
    qtbot.waitUntil(lambda: QLabel.text(status).endswith("…"))
    shown = QLabel.text(status)
    assert "Not a valid pattern".startswith(shown[:-1])
    assert status.fontMetrics().horizontalAdvance(shown) <= status.contentsRect().width()
    assert status.toolTip().startswith("Not a valid pattern\n")
    assert len(status.toolTip()) > len("Not a valid pattern\n")  # (and why, under it)
    assert status.accessibleName() == "Not a valid pattern"
    bar.resize(1600, bar.sizeHint().height())  # room: the sentence whole, its tip why alone
    qtbot.waitUntil(lambda: QLabel.text(status) == "Not a valid pattern")
    assert not status.toolTip().startswith("Not a valid pattern")


def test_in_a_long_text_the_search_typed_waits_for_a_pause_of_the_keys(qtbot) -> None:
    """A key in the field never waits for a long manuscript to be read: past LONG_TEXT the
    search typed is found when the keys pause (at once in a short one), and Enter pressed
    before that finds it then."""
    from writer.ui.find_bar import LONG_TEXT, PAUSE_MS

    editor, bar, _window = _typed_bar(qtbot, "a fox. " * (LONG_TEXT // 6))
    qtbot.keyClicks(bar.field, "fox")
    assert bar._typed.isActive()
    assert bar._typed.interval() == PAUSE_MS
    assert not editor.textCursor().hasSelection()
    qtbot.keyClick(bar.field, Qt.Key.Key_Return)
    assert not bar._typed.isActive()
    assert editor.textCursor().selectionStart() == 2
    _editor, short_bar, _short = _typed_bar(qtbot, "a fox. " * 10)
    short_bar.field.setText("fox")
    assert short_bar._typed.interval() == 0


@pytest.mark.parametrize(
    ("text", "find", "replacement", "selections", "written"),
    [
        # each line's start, then the next line's: every line quoted once, then round again
        ("one\ntwo\nthree", "^", "> ", [(4, 4), (10, 10), (0, 0), (6, 6)],
         "> one\n> two\n> three"),  # fmt: skip
        ("one\ntwo", "$", ";", [(3, 3), (8, 8), (4, 4)], "one;\ntwo;"),
        # a line break at the end of a line of its own: the new line's end next (it found
        # the first line's new end each time, and wrote line break after line break there)
        ("Title", "$", r"\n", [(5, 5), (6, 6), (5, 5)], "Title\n\n"),
    ],
)
def test_replace_on_an_empty_match_moves_on_to_the_next(
    qtbot, text: str, find: str, replacement: str, selections: list, written: str
) -> None:
    """Replace pressed again and again on "^" or "$" (VS Code's): the first press finds the
    match after the cursor, each press after it replaces the match selected and selects the
    next one, never the place it has just written at while another match is left."""
    bar = _bar(qtbot, text, find, replacement, regex=True)
    cursor = bar.editor.textCursor()
    cursor.setPosition(1)
    bar.editor.setTextCursor(cursor)
    seen = []
    for _press in selections:
        assert bar.replace()
        cursor = bar.editor.textCursor()
        seen.append((cursor.selectionStart(), cursor.selectionEnd()))
    assert seen == selections
    assert bar.editor.toPlainText() == written


def test_the_matches_places_show_beside_the_scroll_bar(qtbot) -> None:
    """Where in a long text the name searched for comes: a tick over the scroll bar's groove
    for each line with a match (VS Code's overview ruler), by its line among the document's;
    they follow an edit once typing pauses, go with a search that finds nothing, and with the
    bar; the mouse goes through them to the scroll bar."""
    lines = [f"line {n}" + (" Hannah" if n in (10, 200, 390) else "") for n in range(400)]
    editor, bar, _window = _typed_bar(qtbot, "\n".join(lines))
    ruler = bar._ruler
    assert ruler.testAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
    bar.field.setText("hannah")
    qtbot.waitUntil(lambda: len(ruler.fractions) == 3)
    assert ruler.fractions == [10 / 400, 200 / 400, 390 / 400]
    assert ruler.isVisible()
    assert ruler.geometry() == editor.verticalScrollBar().rect()
    image = ruler.grab().toImage()  # (painted: the tick's colour at the second's height)
    assert any(image.pixelColor(x, y).red() > 200 and image.pixelColor(x, y).blue() < 60
               for x in range(image.width()) for y in range(image.height()))  # fmt: skip
    cursor = QTextCursor(editor.document().findBlockByNumber(0))
    cursor.insertText("Hannah ")
    qtbot.waitUntil(lambda: len(ruler.fractions) == 4)
    assert ruler.fractions[0] == 0
    bar.field.setText("nobody")
    qtbot.waitUntil(lambda: bar.status.text() == "Not found")
    assert ruler.fractions == []
    assert not ruler.isVisible()
    bar.field.setText("hannah")
    qtbot.waitUntil(lambda: len(ruler.fractions) == 4)
    bar.close_bar()
    assert not ruler.isVisible()


def test_replace_all_in_a_long_text_takes_the_replaced_matches_ticks_away(qtbot) -> None:
    """Replace All in a 1.6 MB manuscript left a tick beside the scroll bar at each match it
    had replaced (a long text's ticks wait for the next search): the ticks after it are those
    of the matches left."""
    from writer.ui.find_bar import LONG_TEXT

    filler = "x" * 200
    lines = [f"line {n} {filler}" + (" Hannah" if n in (10, 200, 390) else "") for n in range(400)]
    editor, bar, _window = _typed_bar(qtbot, "\n".join(lines))
    assert editor.document().characterCount() > LONG_TEXT
    ruler = bar._ruler
    bar.field.setText("hannah")
    qtbot.waitUntil(lambda: len(ruler.fractions) == 3)
    bar.replace_field.setText("Ruth")
    assert bar.replace_all() == 3
    assert ruler.fractions == []
    assert not ruler.isVisible()
    bar.field.setText("line 2")  # a replacement that leaves matches: theirs are ticked
    qtbot.waitUntil(lambda: len(ruler.fractions) == 111)
    bar.replace_field.setText("line 2 line 2")
    assert bar.replace_all() == 111
    assert len(ruler.fractions) == 111


def test_replace_all_writes_a_carriage_return_and_line_feed_as_one_line_end(qtbot) -> None:
    """A template's "\\r\\n" is one line's end in the document, one position, as Qt writes
    it: Replace All counted it as two and wrote each replacement after the first a position
    early, into the text around it ("line 1 Hannah" came out "line 1 \\nRuthh", a letter of
    the text eaten each time). Each is written where its match was, the rest of the text
    kept, and one Undo takes them all back."""
    text = "\n".join(f"line {n} Hannah an 🐟" for n in range(12))
    bar = _bar(qtbot, text, "Hannah", r"\r\nRuth", regex=True)
    assert bar.replace_all() == 12
    assert bar.editor.toPlainText() == text.replace("Hannah", "\nRuth")
    bar.editor.undo()
    assert bar.editor.toPlainText() == text


@pytest.mark.parametrize(("find", "replacement", "regex", "few"), [
    ("hannah", "Ruth", False, True),  # none left
    ("line 2", "line 2 line 2", False, False),  # two where each was (in 111 lines of 400)
    ("an", "a", False, True),  # "Hannah" made "Haah"... and "an" again where "aan" was
    (r"(\d+) x", r"$1\n🐟 $1 x", True, False),  # a new line in each, an emoji before the match
    ("^", "> ", True, False),  # an empty match at each line's start
    (r"(Hannah) (an)", r"$2\r\n$1 an", True, True),  # "\r\n": one line's end, as Qt writes it
    (r"(\d+) x", r"\r\n$1 x", True, False),  # one in each line
])
def test_replace_all_takes_the_ticks_from_its_replacements(
    qtbot, find: str, replacement: str, regex: bool, few: bool
) -> None:
    """Replace All in a long text read the whole document again for the ticks beside the
    scroll bar, on the window's thread (1.7 MB: 47 ms of its 103). Where it replaced in few
    lines (a tenth of the text at most) they are read from those lines, as it wrote them (a
    line it did not touch held no match and holds none); in more, from the text, as far as
    the ticks need, as a search reads it (reading the lines took longer: "e", 292 ms against
    101). They and the places kept for the next search are a fresh reading's."""
    from writer.ui.find_bar import LONG_TEXT

    filler = "x" * 200
    lines = [f"line {n} {filler}" + (" Hannah an" if n % 40 == 10 else "") for n in range(400)]
    editor, bar, _window = _typed_bar(qtbot, "\n".join(lines))
    assert editor.document().characterCount() > LONG_TEXT
    bar.switches.regex.setChecked(regex)
    bar.field.setText(find)
    qtbot.waitUntil(lambda: len(bar._ruler.fractions) > 0)
    edited: list[int] = []
    editor.document().contentsChanged.connect(lambda: edited.append(1))
    read_after: list[bool] = []
    read = bar._read
    bar._read = lambda pattern: read_after.append(bool(edited)) or read(pattern)
    bar.replace_field.setText(replacement)
    assert bar.replace_all() > 0
    assert (True in read_after) is not few  # (read again once replaced: in many lines)
    ticks = list(bar._ruler.fractions)
    assert _kept(bar) == _fresh(bar)
    bar._spans = None
    spans = bar._places(bar._pattern())
    spans.read(MOST_COUNTED + 1)
    bar._rule(spans)
    assert ticks == bar._ruler.fractions


def test_the_selection_taken_as_the_search_is_counted_at_once(qtbot) -> None:
    """Ctrl+F over a selected word searched it only at Enter: its count shows at once now
    ("2 of 3"), the selection left where it is, the other matches marked."""
    text = "a fox, the fox, no fox"
    editor, bar, _window = _typed_bar(qtbot, text)
    bar.close_bar()
    cursor = editor.textCursor()
    cursor.setPosition(text.index("fox", 5))
    cursor.setPosition(text.index("fox", 5) + 3, QTextCursor.MoveMode.KeepAnchor)
    editor.setTextCursor(cursor)
    bar.open_bar()
    qtbot.waitUntil(lambda: bar.status.text() == "2 of 3")
    assert editor.textCursor().selectionStart() == text.index("fox", 5)
    assert _marked(editor) == ["fox"] * 3


def test_no_mark_is_laid_over_a_ghosts_words(qtbot) -> None:
    """(The review's.) Qt lays a line's marks by the text's places, and a ghost suggestion
    in the line sits among its letters: the marks after it fell on the ghost's words. They
    are left out while the ghost shows, and come back when it goes."""
    text = "The fox ran to the fox den. A fox.\nAnd a fox below."
    editor, bar, _window = _typed_bar(qtbot, text, at=0)
    bar.field.setText("fox")
    qtbot.waitUntil(lambda: len(editor.marks("found")) == 4)
    editor.show_ghost(8, "quickly and far away ")
    qtbot.waitUntil(lambda: len(editor.marks("found")) == 2)
    places = sorted(mark.cursor.selectionStart() for mark in editor.marks("found"))
    assert places == [text.index("fox"), text.index("fox below")]  # (before it; other lines)
    editor.clear_ghost()
    qtbot.waitUntil(lambda: len(editor.marks("found")) == 4)


def test_the_ticks_are_placed_by_the_lines_a_paragraph_wraps_into(qtbot) -> None:
    """(The review's.) A tick was placed by its paragraph's number among the paragraphs, the
    scroll bar by the lines on the screen: in prose of long wrapped paragraphs a tick stood
    far from where the bar goes for its match. It is placed by its paragraph's first line."""
    long = "word " * 400
    text = "\n".join([long] * 10 + ["short"] * 40 + ["a Hannah line"])
    editor, bar, _window = _typed_bar(qtbot, text)
    bar.field.setText("hannah")
    qtbot.waitUntil(lambda: len(bar._ruler.fractions) == 1)
    doc = editor.document()
    block = doc.findBlockByNumber(50)
    assert bar._ruler.fractions[0] == block.firstLineNumber() / doc.lineCount()
    assert bar._ruler.fractions[0] > 0.8  # (by paragraphs: 50 / 51 ~ 0.98; by lines: more
    # than ten long paragraphs' worth above it)
    assert doc.lineCount() > 100


def test_replace_before_a_long_texts_search_is_found_finds_it_first(qtbot) -> None:
    """(The review's.) In a long text the search typed waits for a pause: Replace pressed
    before it passed over the match at the cursor to the one after. It finds the search from
    the cursor, as the typing would have, and the next Replace replaces it there (none is
    replaced before the writer has seen it selected)."""
    from writer.ui.find_bar import LONG_TEXT

    text = "a fox. " * (LONG_TEXT // 6)
    editor, bar, _window = _typed_bar(qtbot, text)
    bar.open_replace()
    bar.replace_field.setText("cat")
    qtbot.keyClicks(bar.field, "fo")
    qtbot.waitUntil(lambda: editor.textCursor().selectedText() == "fo")  # (after the pause)
    qtbot.keyClicks(bar.field, "x")
    assert bar._typed.isActive()
    assert bar.replace()
    assert editor.textCursor().selectionStart() == len("a ")
    assert editor.toPlainText().startswith("a fox. a fox. ")
    assert bar.replace()
    assert editor.toPlainText().startswith("a cat. a fox. ")
    assert editor.textCursor().selectionStart() == len("a cat. a ")


def test_the_count_follows_the_text_edited_with_the_bar_open(qtbot) -> None:
    """"1 of 3" stayed when a match was typed into the text, or the selected one typed over,
    with the bar open: the count is said again as the text is (VS Code's "? of 3" where the
    selection is no match now), when the keys pause (counting at each key held typing up in
    a long text); Replace All's "3 replaced" stays."""
    from writer.ui.find_bar import LONG_TEXT, RECOUNT_MS

    editor, bar, _window = _typed_bar(qtbot, "a fox, a fox, a fox")
    bar.field.setText("fox")
    qtbot.waitUntil(lambda: bar.status.text() == "1 of 3")
    cursor = QTextCursor(editor.document())
    cursor.movePosition(QTextCursor.MoveOperation.End)
    cursor.insertText(", a fox")  # the selection stays on the first
    qtbot.waitUntil(lambda: bar.status.text() == "1 of 4")
    editor.setFocus()
    qtbot.keyClicks(editor, "cat")  # over the selected match
    assert editor.toPlainText() == "a cat, a fox, a fox, a fox"
    assert bar._recount.isActive()  # (counted when the keys pause, not at each key)
    assert bar.status.text() == "1 of 4"
    qtbot.waitUntil(lambda: bar.status.text() == "? of 3")
    editor.selectAll()
    qtbot.keyClicks(editor, "no more")
    qtbot.waitUntil(lambda: bar.status.text() == "Not found")
    qtbot.keyClicks(editor, ", a fox")
    qtbot.waitUntil(lambda: bar.status.text() == "? of 1")
    bar.open_replace()
    bar.replace_field.setText("wolf")
    assert bar.replace_all() == 1
    cursor.insertText(" fox")
    assert bar.status.text() == "1 replaced"
    assert not bar._recount.isActive()
    _long, long_bar, _w = _typed_bar(qtbot, "a fox. " * (2 * LONG_TEXT // 6))
    long_bar.field.setText("fox")
    qtbot.waitUntil(lambda: long_bar.status.text().endswith(" of 9,999+"))
    QTextCursor(_long.document()).insertText("fox ")
    assert long_bar._recount.isActive()
    assert long_bar._recount.interval() == RECOUNT_MS


def test_the_count_says_which_match_the_selection_is_as_the_cursor_moves(qtbot) -> None:
    """A click or an arrow off the match left "2 of 3" said: it says "? of 3" (VS Code's),
    and which one again where the writer selects a match; Find Next's wrap is still said."""
    editor, bar, _window = _typed_bar(qtbot, "a fox, a fox, a fox")
    bar.field.setText("fox")
    qtbot.waitUntil(lambda: bar.status.text() == "1 of 3")
    assert bar.find_next()
    assert bar.status.text() == "2 of 3"
    cursor = editor.textCursor()
    cursor.setPosition(0)
    editor.setTextCursor(cursor)
    qtbot.waitUntil(lambda: bar.status.text() == "? of 3")
    cursor.setPosition(16)
    cursor.setPosition(19, QTextCursor.MoveMode.KeepAnchor)
    editor.setTextCursor(cursor)
    qtbot.waitUntil(lambda: bar.status.text() == "3 of 3")
    assert bar.find_next()  # round the end
    assert bar.status.text() == "1 of 3"
    assert bar.status.toolTip() == "Wrapped around"
    assert not bar._recount.isActive()


@pytest.mark.parametrize(("find", "replacement"), [("x*", "-"), ("$|^", ";"), ("^|$", r"\n")])
def test_a_round_of_replace_on_empty_matches_writes_what_replace_all_writes(
    qtbot, find: str, replacement: str
) -> None:
    """Replace pressed once for each match (after the press that finds the first) writes
    each once, as Replace All does: a place it has written at is passed over in its round.
    (Round after round, the places the text still matches are written at again, as Replace
    All pressed again writes them, and VS Code's Replace does.)"""
    text = "ab xx\n\ncd"
    whole = _bar(qtbot, text, find, replacement, regex=True)
    count = whole.replace_all()
    bar = _bar(qtbot, text, find, replacement, regex=True)
    for _press in range(count + 1):
        assert bar.replace()
    assert bar.editor.toPlainText() == whole.editor.toPlainText()


def test_in_a_narrow_bar_the_status_gives_way_before_the_fields(qtbot) -> None:
    """With the Context or Project panel open the bar is narrow, and the find and replace
    fields were squeezed to their least (twelve letters, five Chinese characters) while the
    status beside them kept the width of its longest sentence ("Not a valid pattern") to say
    "1 of 2" (look38's). The status gives way to its common sentences first; with room, it
    has its longest again."""
    bar = _bar(qtbot, "apple banana apple", "apple", "pear")
    bar.show()
    qtbot.waitExposed(bar)
    least = bar.field.minimumWidth()
    for width in (690, 1200):
        bar.resize(width, bar.sizeHint().height())
        qtbot.waitUntil(lambda: bar.field.width() > least + 40)  # (a phrase's room)
        assert bar.status.width() >= bar.status.least
        assert bar.status.fontMetrics().horizontalAdvance(bar.status.text()) <= bar.status.width()
    qtbot.waitUntil(lambda: bar.status.width() >= bar.status.wide)  # (room: its longest)
    bar.resize(690, bar.sizeHint().height())
    bar.switches.regex.setChecked(True)
    bar.field.setText("(apple")  # a longer sentence is whole while it shows
    status = bar.status
    qtbot.waitUntil(lambda: status.text() == "Not a valid pattern")
    qtbot.waitUntil(lambda: status.fontMetrics().horizontalAdvance(status.text()) <= status.width())
