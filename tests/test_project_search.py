"""Find in Project's search (writer/project/search.py), on (path, text) pairs, without Qt: Match
Case, Whole Word (and Chinese, which has no spaces between words), regular expressions and
their reasons, the cap, the documents read from disk, and that any query on any text reports
only matches that are where it says; Replace in Project's replacements of the same matches."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from writer.patterns import SLOW, slow_pattern
from writer.project.project import Project, file_key
from writer.project.search import Query, QueryError, documents_of, excerpt, search

TEXTS = [
    ("a.md", "Ann met Anna.\n是Ann说 annex ANN\n李明和李四"),
    ("b.txt", "nothing here\n\tann, again"),
]


def found(query: Query, texts=TEXTS) -> list[tuple[str, int, int, str]]:
    result = search(query, texts)
    return [(f.path, m.line, m.column, m.found) for f in result.files for m in f.matches]


def test_case_whole_words_chinese_regular_expressions_and_the_cap() -> None:
    assert len(found(Query("ann"))) == 6
    assert found(Query("Ann", match_case=True)) == [
        ("a.md", 1, 0, "Ann"), ("a.md", 1, 8, "Ann"), ("a.md", 2, 1, "Ann")]  # fmt: skip
    # Whole Word: not inside Anna or annex; beside Chinese characters a word ends
    assert found(Query("ann", whole_word=True)) == [
        ("a.md", 1, 0, "Ann"), ("a.md", 2, 1, "Ann"), ("a.md", 2, 12, "ANN"),
        ("b.txt", 2, 1, "ann")]  # fmt: skip
    # Chinese has no spaces between words: a name is found inside a run, Whole Word or not
    assert found(Query("李", whole_word=True)) == [("a.md", 3, 0, "李"), ("a.md", 3, 3, "李")]
    assert found(Query("李明", whole_word=True)) == found(Query("李明")) == [("a.md", 3, 0, "李明")]
    # a regular expression, on one line at a time (^ a line's start); empty matches skipped
    assert found(Query(r"^\w+", regex=True)) == [
        ("a.md", 1, 0, "Ann"), ("a.md", 2, 0, "是Ann说"), ("a.md", 3, 0, "李明和李四"),
        ("b.txt", 1, 0, "nothing")]  # fmt: skip
    assert found(Query("z*", regex=True)) == []  # (an empty match at every character)
    assert found(Query("a.d", regex=False)) == []  # (literal: the dot is a dot)
    with pytest.raises(QueryError) as caught:
        search(Query("[ab", regex=True), TEXTS)
    assert caught.value.reason == "unterminated character set"
    with pytest.raises(QueryError) as caught:  # (its own reason, not Whole Word's brackets')
        search(Query("[ab", regex=True, whole_word=True), TEXTS)
    assert caught.value.reason == "unterminated character set"
    # a pattern that could hold every thread for minutes on a line of thirty a's and a b (the
    # window froze) is refused before it runs; one that cannot divide a text two ways runs
    for slow in (r"(a+)+$", r"(\w+\s?)*x", r"((ab)*)*c"):
        with pytest.raises(QueryError) as caught:
            search(Query(slow, regex=True), [("d.md", "a" * 30 + "b")])
        assert caught.value.reason == SLOW
    assert search(Query(r"\w+(\s\w+)*", regex=True), TEXTS).count == 6
    assert search(Query(r"(a++)+$", regex=True), [("d.md", "a" * 30 + "b")]).count == 0
    # the first `limit` matches, and says there may be more
    capped = search(Query("ann"), TEXTS, limit=3)
    assert (capped.count, capped.capped, len(capped.files)) == (3, True, 1)
    assert not search(Query("ann"), TEXTS).capped
    assert search(Query(""), TEXTS).count == 0
    # a long line is trimmed around the match
    long = search(Query("needle"), [("c.md", "x" * 300 + "needle" + "y" * 400)]).files[0]
    head, middle, tail = excerpt(long.matches[0])
    assert (head[0], len(head), middle, tail[-1]) == ("…", 40, "needle", "…")


def test_documents_come_from_disk_in_their_encoding_or_unsaved_and_binary_ones_are_skipped(
    tmp_path: Path,
) -> None:
    (tmp_path / "gbk.txt").write_bytes("李明走进了灯塔。\n".encode("gbk"))
    (tmp_path / "open.md").write_text("on disk\n", encoding="utf-8")
    (tmp_path / "photo.md").write_bytes(b"\x89PNG\r\n\x00\x00\x00")
    project = Project(tmp_path, encodings={file_key(tmp_path / "gbk.txt"): "gbk"})
    skipped: list[tuple[str, str]] = []
    unsaved = {file_key(tmp_path / "open.md"): "李明 in the editor\n"}
    result = search(Query("李明"), documents_of(project, unsaved, skipped))
    assert [(Path(f.path).name, f.matches[0].text) for f in result.files] == [
        ("gbk.txt", "李明走进了灯塔。"), ("open.md", "李明 in the editor")]  # fmt: skip
    assert [(Path(p).name, why) for p, why in skipped] == [
        ("photo.md", "photo.md holds binary data, not text; it is left out.")]  # fmt: skip


QUERY = st.text(st.sampled_from("aAbß李明 .*+?()[]\\^$|\n_-é"), max_size=6)
TEXT = st.text(st.sampled_from("aAbß李明 .,\n\t_é-😀"), max_size=80)


@settings(max_examples=200, deadline=None)
@example(query="(?a)a", text="a", case=False, word=True, regex=True)  # (a flag stays first)
@given(query=QUERY, text=TEXT, case=st.booleans(), word=st.booleans(), regex=st.booleans())
def test_any_query_on_any_text_finds_only_what_is_where_it_says(
    query: str, text: str, case: bool, word: bool, regex: bool
) -> None:
    q = Query(query, match_case=case, whole_word=word, regex=regex)
    try:
        re.compile(query)
    except re.error:
        if regex:  # a regular expression that does not compile fails, Whole Word or not
            with pytest.raises(QueryError):
                search(q, [("a.md", text)])
            return
    if regex and slow_pattern(query, 0 if case else re.IGNORECASE):
        with pytest.raises(QueryError):  # (refused before it runs)
            search(q, [("a.md", text)])
        return
    result = search(q, [("a.md", text)], limit=50)  # (and nothing else raises)
    lines = text.split("\n")
    pattern = q.pattern()
    for match in (m for f in result.files for m in f.matches):
        line = lines[match.line - 1]
        assert match.text == line
        assert match.found
        assert line[match.column : match.column + len(match.found)] == match.found
        # the pattern matches there, that text (with what is before it: a look-behind, a word;
        # "|A" matches "" first, and "A" at the same place after it)
        end = match.column + len(match.found)
        at = pattern.match(line, match.column)
        assert at.group() == match.found or pattern.fullmatch(line, match.column, end)
        if not regex:
            assert match.found.casefold() == query.casefold() if not case else match.found == query
        if word:  # no letter of a spaced script on both sides of an edge
            assert not (letter(line[match.column - 1 : match.column]) and letter(match.found[0]))
            assert not (letter(line[end : end + 1]) and letter(match.found[-1]))
    if not regex and query and "\n" not in query:  # and every literal one
        flags = 0 if case else re.IGNORECASE
        if word:  # (as the same query written as a regular expression finds them)
            same = Query(re.escape(query), match_case=case, whole_word=True, regex=True)
            expected = search(same, [("a.md", text)], limit=50).count
        else:
            expected = sum(len(re.findall(re.escape(query), line, flags)) for line in lines)
        assert result.count == min(expected, 50)


def letter(char: str) -> bool:
    """A letter or digit of a script written with spaces (not Chinese)."""
    return bool(char) and (char.isalnum() or char == "_") and ord(char) < 0x2E80


def test_a_regular_expression_runs_apart_and_one_that_never_ends_is_stopped() -> None:
    """`(a|aa)+b$` on a long line of a's tries more ways than there is time (slow_pattern
    does not know that shape), and `re` holds every thread meanwhile, the window's too: a
    regular expression is searched in a child process, which is stopped after its time or
    when the search is abandoned, while this thread goes on."""
    import threading
    import time

    from writer.project.search_apart import TOO_LONG, search_apart

    query = Query(r"An+\w*", regex=True)
    assert search_apart(query, TEXTS) == search(query, TEXTS)
    outcome: list[object] = []

    def run() -> None:
        try:
            search_apart(Query(r"(a|aa)+b$", regex=True), [("d.md", "a" * 80 + "c")],
                         seconds=0.6)  # fmt: skip
        except QueryError as exc:
            outcome.append(exc.reason)

    searching = threading.Thread(target=run)
    searching.start()
    longest, last = 0.0, time.perf_counter()
    while searching.is_alive():  # (this thread is not held)
        time.sleep(0.005)
        now = time.perf_counter()
        longest, last = max(longest, now - last), now
    assert outcome == [TOO_LONG]
    assert longest < 0.2
    asked = time.perf_counter()
    found = search_apart(Query(r"(a|aa)+b$", regex=True), [("d.md", "a" * 80 + "c")],
                         cancelled=lambda: time.perf_counter() - asked > 0.2)  # fmt: skip
    assert found.count == 0
    assert time.perf_counter() - asked < 2


def test_a_search_child_that_dies_or_answers_nonsense_is_said(monkeypatch) -> None:
    """A child that died (an import error, the memory) or printed something else was taken for
    a pattern that tries too many ways, or raised JSONDecodeError (the reviewer's)."""
    import sys

    from writer.project import search_apart

    for script in ("print('not the answer')", "import sys; sys.exit(3)"):
        monkeypatch.setattr(search_apart, "child_command",
                            lambda script=script: [sys.executable, "-c", script])  # fmt: skip
        with pytest.raises(QueryError) as caught:
            search_apart.search_apart(Query("R.th", regex=True), TEXTS)
        assert caught.value.reason == search_apart.FAILED


# Replace in Project ----------------------------------------------------------------------------
def test_replacing_literally_by_whole_words_with_groups_and_a_bad_template() -> None:
    from writer.project.search import TemplateError, replaced, replacements  # (fails alone)

    text = "Ruth met ruth.\nRUTH and Ruthless 是Ruth说 😀Ruth"

    def replace(query: Query, new: str) -> str:
        return replaced(text, replacements(query, text, new))

    # literal: as typed whatever the case found, backslashes and all
    assert replace(Query("ruth"), "Hannah") == (
        "Hannah met Hannah.\nHannah and Hannahless 是Hannah说 😀Hannah")
    assert replace(Query("Ruth", match_case=True, whole_word=True), r"H\1") == (
        "H\\1 met ruth.\nRUTH and Ruthless 是H\\1说 😀H\\1")
    # a regular expression: re.sub's template, groups by number and by name
    assert replace(Query(r"(R)(?P<rest>uth)\b", regex=True, match_case=True), r"\g<rest>-\1") == (
        "uth-R met ruth.\nRUTH and Ruthless 是Ruth说 😀uth-R")
    assert [(r.line, r.column, r.found, r.new) for r in replacements(
        Query(r"(\w)uth", regex=True, whole_word=True), text, r"\1annah")] == [
        (1, 0, "Ruth", "Rannah"), (1, 9, "ruth", "rannah"), (2, 0, "RUTH", "Rannah"),
        (2, 19, "Ruth", "Rannah"), (2, 26, "Ruth", "Rannah")]  # fmt: skip
    # VS Code's groups too: $1, ${2}, $& (the match), $$ (a "$"); a $9 of no group as typed
    assert replace(Query(r"(R)(uth)\b", regex=True, match_case=True), "${2}$1 ($&) $$ $9") == (
        "uthR (Ruth) $ $9 met ruth.\nRUTH and Ruthless 是Ruth说 😀uthR (Ruth) $ $9")
    # "\0" the whole match, as "$0" (Python's octal wrote a NUL character); "$10" of fewer
    # groups "$1" and a "0" (VS Code's); "\$" as typed (VS Code's too)
    assert replace(Query(r"(R)uth\b", regex=True, match_case=True), r"[\0|$0|$10|\$1]") == (
        "[Ruth|Ruth|R0|\\$1] met ruth.\nRUTH and Ruthless 是Ruth说 😀[Ruth|Ruth|R0|\\$1]")
    for template, reason in ((r"\2", "invalid group reference 2"),
                             (r"\g<who>", "unknown group name 'who'"),
                             ("a\\", "bad escape (end of pattern)")):  # fmt: skip
        with pytest.raises(TemplateError) as caught:  # (even where nothing matches)
            replacements(Query("(R)uth", regex=True), "nothing", template)
        assert caught.value.reason == reason
    assert replacements(Query(""), text, "x") == []
    # Preserve Case: each match's case (VS Code's): capitals, small letters, a capital first
    assert replace(Query("ruth", whole_word=True, preserve_case=True), "hannah Lee") == (
        "Hannah Lee met hannah lee.\nHANNAH LEE and Ruthless 是Hannah Lee说 😀Hannah Lee")
    assert replace(Query("R", match_case=True, preserve_case=True), "李x") == (
        "李Xuth met ruth.\n李XUTH and 李Xuthless 是李Xuth说 😀李Xuth")


@settings(max_examples=200, deadline=None)
@given(query=QUERY, text=TEXT, new=st.text(st.sampled_from("xé李\\1😀$&0{}"), max_size=4),
       case=st.booleans(), word=st.booleans())  # fmt: skip
def test_a_literal_replacement_replaces_what_the_search_finds_and_nothing_else(
    query: str, text: str, new: str, case: bool, word: bool
) -> None:
    from writer.project.search import replaced, replacements

    q = Query(query, match_case=case, whole_word=word)
    found = search(q, [("a.md", text)], limit=10**6)
    done = replacements(q, text, new)
    assert len(done) == found.count
    # the text between the matches the search reports is as it was
    lines = text.split("\n")
    matches = [m for f in found.files for m in f.matches]
    for match in sorted(matches, key=lambda m: (m.line, -m.column)):  # (a line's from its end)
        line = lines[match.line - 1]
        lines[match.line - 1] = line[: match.column] + new + line[match.column + len(match.found) :]
    assert replaced(text, done) == "\n".join(lines)


def test_replace_all_writes_a_file_only_as_it_was_read_and_keeps_it_first(tmp_path: Path) -> None:
    """The reviewer's: with one version kept, the version before the replacement gave way to
    the one after it; a file with mixed line endings was rewritten throughout; another
    program's edit of the same size in the same clock tick was written over; a replacement
    beyond ASCII went into a file whose encoding was only guessed; a link and its file were
    two documents, the second refused with a false sentence."""
    import os

    from writer.documents.history import BEFORE_REPLACE, LocalHistory
    from writer.project import replace

    def plan() -> replace.Plan:
        return replace.plan(Project(tmp_path), Query("Ruth", match_case=True), "Hannah", {})

    one = tmp_path / "one.md"
    one.write_text("Ruth went home.\n", encoding="utf-8")
    (tmp_path / "link.md").symlink_to(one)
    mixed = tmp_path / "mixed.md"
    mixed.write_bytes(b"Ruth\r\none\ntwo\rthree\r\n")
    found = plan()
    assert [c.name for c in found.on_disk] == ["link.md"]  # (one file, by its first name)
    assert found.problems == [
        "mixed.md is left as it was: its line endings or characters would not be written back "
        "exactly as they are. Open it to replace in it."]  # fmt: skip
    history = LocalHistory(tmp_path / ".history")
    assert replace.write(found.on_disk[0], history, 1) == ""
    assert one.read_text(encoding="utf-8") == "Hannah went home.\n"
    assert [v.kind for v in history.versions(one)] == [BEFORE_REPLACE]
    assert mixed.read_bytes() == b"Ruth\r\none\ntwo\rthree\r\n"
    # another program's edit of the same size, within the clock's tick: not written over
    one.write_text("Ruth went home.\n", encoding="utf-8")
    mixed.unlink()
    (tmp_path / "link.md").unlink()
    [change] = plan().on_disk
    st = os.stat(one)
    with open(one, "r+b") as handle:
        handle.write(b"RUTH WENT HOME.\n")
    os.utime(one, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert "changed by another program" in replace.write(change, None, 0)
    assert one.read_bytes() == b"RUTH WENT HOME.\n"
    # an encoding guessed, not confirmed by a window: nothing beyond ASCII goes in
    one.write_bytes("Ruth sah die Brücke.\n".encode("cp1252"))
    guessed = replace.plan(Project(tmp_path), Query("Ruth"), "Hänna", {})
    assert guessed.on_disk == []
    assert "guessed its encoding" in guessed.problems[0]
    assert len(replace.plan(Project(tmp_path), Query("Ruth"), "Hanna", {}).on_disk) == 1
