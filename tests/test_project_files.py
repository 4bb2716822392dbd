"""A project's documents as files (writer.project.files): the names New Document and Rename
accept, and what they refuse in words with nothing changed on the disk."""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import IS_ROOT
from writer.project.files import (
    NAME_BYTES,
    FileNameError,
    create_document,
    document_name,
    file_stem,
    natural_order,
    rename_document,
)
from writer.project.project import DOCUMENT_SUFFIXES, Project


@given(st.text(max_size=300))
def test_a_typed_name_is_a_listed_document_name_or_a_sentence(typed: str) -> None:
    """Whatever is typed: a name the project lists (a document's suffix, not hidden, in the
    folder itself, short enough for a file), or a refusal that says why."""
    try:
        name = document_name(typed)
    except FileNameError as exc:
        refusal = str(exc)
    else:
        refusal = ""
    if refusal:
        assert refusal.endswith(".")
        assert len(refusal) > 10
        return
    assert name.lower().endswith(DOCUMENT_SUFFIXES)
    assert not name.startswith(".")
    assert name == name.strip()
    assert "/" not in name
    assert "\\" not in name
    assert "\0" not in name
    assert len(os.fsencode(name)) <= NAME_BYTES
    assert name.startswith(typed.strip())


def test_a_title_becomes_a_file_name_with_its_words() -> None:
    """Export Project's file is named after the manuscript's title as typed: the characters
    no file name may hold left out (one between two words a dash), no hidden or device name,
    the project folder's name where nothing is left."""
    assert file_stem("The Lamp", "Marrow Bay") == "The Lamp"
    assert file_stem("Part One: The Lamp?", "Marrow Bay") == "Part One The Lamp"
    assert file_stem("AC/DC  and  \"Friends\"", "Marrow Bay") == "AC-DC and Friends"
    assert file_stem("灯塔/第一部", "Marrow Bay") == "灯塔-第一部"
    assert file_stem(".hidden.", "Marrow Bay") == "hidden"
    assert file_stem("con", "Marrow Bay") == "con_"
    assert file_stem("NUL.draft", "Marrow Bay") == "NUL_.draft"
    assert file_stem(" ?*: ", "Marrow Bay") == "Marrow Bay"
    assert file_stem("", "Marrow Bay") == "Marrow Bay"


@given(st.text(max_size=400))
def test_any_title_gives_a_file_name(title: str) -> None:
    """Whatever is typed as the title: a name in the folder itself, that no system refuses,
    with room for the export's ending."""
    stem = file_stem(title, "Marrow Bay")
    assert stem
    assert stem.strip(". ") == stem
    assert not set(stem) & set('<>:"/\\|?*')
    assert not any(unicodedata.category(ch) in ("Cc", "Cs", "Zl", "Zp") for ch in stem)
    assert len(os.fsencode(stem + ".docx")) <= NAME_BYTES
    assert stem.partition(".")[0].casefold() not in ("con", "prn", "aux", "nul", "com1")


def test_names_keep_what_was_typed_and_add_the_suffix() -> None:
    assert document_name("03 storm") == "03 storm.md"
    assert document_name("  Notes.TXT ") == "Notes.TXT"
    assert document_name("Chapter 1.5", ".txt") == "Chapter 1.5.txt"
    assert document_name("风暴") == "风暴.md"
    for typed, why in [
        ("", "Type a name"),
        ("part 2/ch1", "cannot hold"),
        (".draft", "hidden file"),
        ("a" * 300, "too long"),
    ]:
        with pytest.raises(FileNameError, match=why):
            document_name(typed)


def test_create_never_replaces_a_file(tmp_path: Path) -> None:
    made = create_document(tmp_path, "one")
    assert made == tmp_path / "one.md"
    assert made.read_bytes() == b""
    made.write_text("kept\n")
    with pytest.raises(FileNameError, match="There is already a file named one.md"):
        create_document(tmp_path, "one.md")
    assert made.read_text() == "kept\n"


def test_rename_never_replaces_a_file_and_keeps_the_suffix(tmp_path: Path) -> None:
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("A\n")
    b.write_text("B\n")
    with pytest.raises(FileNameError, match="There is already a file named b.txt"):
        rename_document(a, "b")
    assert a.read_text() == "A\n"
    assert b.read_text() == "B\n"
    assert rename_document(a, "a.txt") == a  # its own name: nothing to do
    c = rename_document(a, "c")
    assert c == tmp_path / "c.txt"
    assert c.read_text() == "A\n"
    assert not a.exists()
    with pytest.raises(FileNameError, match="Could not rename a.txt: the file or its folder"):
        rename_document(a, "d")


def test_a_name_with_folders_moves_the_document_within_the_project(tmp_path: Path) -> None:
    root = tmp_path / "book"
    (root / "part 1").mkdir(parents=True)
    a = root / "part 1" / "a.md"
    a.write_text("A\n")
    (root / "b.md").write_text("B\n")
    (root / "file").write_text("not a folder\n")
    moved = rename_document(a, "drafts/", root)  # (a folder made; its own name kept)
    assert moved == root / "part 1" / "drafts" / "a.md"
    assert moved.read_text() == "A\n"
    assert not a.exists()
    assert rename_document(moved, "../.MD", root) == root / "part 1" / "a.md"  # (F2's ".md")
    moved = rename_document(a, "drafts/", root)
    assert rename_document(moved, "../../a2", root) == root / "a2.md"
    assert rename_document(root / "a2.md", "/part 1/a", root) == a
    for typed, why in [
        ("../../x", "cannot be moved out of the project's folder"),
        ("/../x", "cannot be moved out of the project's folder"),
        ("/.hidden/x", "is hidden"),
        ("/1/2/3/4/5/x", "at most 4 folders deep"),
        ("/b", "There is already a file named b.md"),
        ("/file/x", "file is a file, not a folder"),
        ("/new/.x", "hidden file"),
    ]:
        with pytest.raises(FileNameError, match=why):
            rename_document(a, typed, root)
        assert a.read_text() == "A\n"
    # a refused move leaves no folder of its own behind
    with pytest.raises(FileNameError, match="There is already a file named"):
        rename_document(a, "/made/../b", root)
    assert not (root / "made").exists()
    assert sorted(p.relative_to(root).as_posix() for p in root.rglob("*")) == [
        "b.md", "file", "part 1", "part 1/a.md", "part 1/drafts"
    ]


@given(st.text(alphabet="ab./\\ \0", max_size=16))  # (a NUL pasted: ValueError)
def test_a_name_with_folders_is_a_listed_place_in_the_project_or_a_sentence(
    tmp_path_factory, typed: str
) -> None:
    """Whatever is typed with "/": the document stays one the project lists, moved or not,
    or a refusal says why and the document is where it was."""
    root = tmp_path_factory.mktemp("p")
    (root / "a").mkdir()
    doc = root / "a" / "c.md"
    doc.write_text("C\n")
    try:
        new = rename_document(doc, typed + "/x", root)
    except FileNameError as exc:
        refusal = str(exc)
        new = None
    if new is None:
        assert refusal
        assert doc.read_text() == "C\n"
    else:
        assert new.read_text() == "C\n"
        assert new in Project(root).documents()


@pytest.mark.skipif(IS_ROOT, reason="root writes in any folder")
def test_a_folder_not_writable_is_a_sentence(tmp_path: Path) -> None:
    doc = tmp_path / "a.md"
    doc.write_text("A\n")
    tmp_path.chmod(0o500)
    try:
        with pytest.raises(FileNameError, match="Writer is not allowed to change this folder"):
            rename_document(doc, "b")
        with pytest.raises(FileNameError, match="Could not create b.md"):
            create_document(tmp_path, "b")
    finally:
        tmp_path.chmod(0o700)
    assert doc.read_text() == "A\n"


def test_a_folder_that_cannot_be_looked_into_is_a_sentence(
    tmp_path: Path, monkeypatch
) -> None:
    """A move into a folder under one Writer may not enter ("locked/inner/"): looking for
    "inner" raised PermissionError past the refusals, unsaid. A sentence now, nothing moved,
    no folder made left behind. (As root the folder would open: the system's refusal is
    made where the test runs as root.)"""
    root = tmp_path / "book"
    (root / "locked" / "inner").mkdir(parents=True)
    doc = root / "a.md"
    doc.write_text("A\n")
    inner = root / "locked" / "inner"
    if IS_ROOT:
        is_dir = Path.is_dir

        def refused(self: Path) -> bool:
            if self == inner:
                raise PermissionError(13, "Permission denied", str(self))
            return is_dir(self)

        monkeypatch.setattr(Path, "is_dir", refused)
    (root / "locked").chmod(0o600)
    try:
        with pytest.raises(FileNameError, match=r"Could not look into the folder locked: "
                           "Writer is not allowed to open it"):  # fmt: skip
            rename_document(doc, "/locked/inner/deeper/", root)
    finally:
        (root / "locked").chmod(0o700)
    assert doc.read_text() == "A\n"
    monkeypatch.undo()
    assert sorted(p.relative_to(root).as_posix() for p in root.rglob("*")) == [
        "a.md", "locked", "locked/inner"
    ]


def test_the_notes_name_in_another_case_is_refused_only_where_the_disk_ignores_case(
    tmp_path: Path, monkeypatch
) -> None:
    """"NOTES.md" beside the notes "notes.md" was refused as "would become them" on every
    disk: on one that tells cases apart (Linux's) it is another file, which the project does
    not read as its notes. Refused where the disk takes it for the notes (macOS's, Windows')."""
    from writer.project import files

    root = tmp_path / "book"
    root.mkdir()
    doc = root / "a.md"
    doc.write_text("A\n")
    with pytest.raises(FileNameError, match="is the name of the project's notes"):
        rename_document(doc, "notes", root, "notes.md")
    # (macOS's, Windows')
    monkeypatch.setattr(files, "_ignores_case", lambda _path: True, raising=False)
    with pytest.raises(FileNameError, match="is the name of the project's notes"):
        rename_document(doc, "NOTES", root, "notes.md")
    monkeypatch.undo()
    if doc.with_name("A.MD").exists():
        pytest.skip("this disk ignores case")
    # (with no "notes.md", "NOTES.md" is what the project reads as its notes: refused)
    with pytest.raises(FileNameError, match="is the name of the project's notes"):
        rename_document(doc, "NOTES", root, "notes.md")
    assert Project(root, notes_name="notes.md").notes_path() is None
    (root / "notes.md").write_text("Mara: the keeper's daughter.\n")
    assert rename_document(doc, "NOTES", root, "notes.md") == root / "NOTES.md"
    assert (root / "NOTES.md").read_text() == "A\n"


def test_a_new_document_named_as_the_notes_is_refused_as_a_rename_is(tmp_path: Path) -> None:
    """New Document "notes" at the top of a project with no notes file silently became the
    notes the model always reads: refused, with Rename's rule and a sentence that says so;
    in a folder of the project, or where the notes exist already (then the name is taken),
    as before."""
    root = tmp_path / "book"
    (root / "drafts").mkdir(parents=True)
    for typed in ("notes", "notes.md", "Notes"):
        with pytest.raises(FileNameError, match="a new document so named would become them"):
            create_document(root, typed, root, "notes.md")
    assert list(root.iterdir()) == [root / "drafts"]
    assert create_document(root / "drafts", "notes", root, "notes.md") == root / "drafts/notes.md"
    assert create_document(root, "notes", None, None) == root / "notes.md"  # (no project)
    with pytest.raises(FileNameError, match="There is already a file named notes.md"):
        create_document(root, "notes", root, "notes.md")


def test_documents_sort_as_a_file_manager_sorts_them() -> None:
    names = ["Chapter 10.md", "chapter 2.md", "Chapter 1.md", "Appendix.md", "part 2/a.md",
             "Part 10/a.md", "part 1/b.md", "b.md"]  # fmt: skip
    assert [str(p) for p in sorted(map(Path, names), key=natural_order)] == [
        "part 1/b.md", "part 2/a.md", "Part 10/a.md",
        "Appendix.md", "b.md", "Chapter 1.md", "chapter 2.md", "Chapter 10.md",
    ]  # fmt: skip


def test_folders_come_before_documents_at_each_level() -> None:
    """As in VS Code's explorer and a file manager: files and folders were interleaved by
    name ("a.md", "b/", "c.md"), at the top and inside each folder."""
    names = ["c.md", "b/z.md", "a.md", "b/y/x.md", "b/a.md", "d/e.md", "b/y/w/v.md",
             "b/y.md"]  # fmt: skip
    assert [str(p) for p in sorted(map(Path, names), key=natural_order)] == [
        "b/y/w/v.md", "b/y/x.md", "b/a.md", "b/y.md", "b/z.md", "d/e.md", "a.md", "c.md",
    ]  # fmt: skip


def test_a_document_sorts_by_its_name_before_its_suffix() -> None:
    """"." sorts before ".md": a chapter put between two as "Chapter 1.5" came before
    Chapter 1."""
    names = ["Chapter 2.md", "Chapter 1.5.md", "Chapter 1.md", "fn2.md", "fn.md", "fn.txt",
             "Chapter 1 draft.txt"]  # fmt: skip
    assert [str(p) for p in sorted(map(Path, names), key=natural_order)] == [
        "Chapter 1.md", "Chapter 1 draft.txt", "Chapter 1.5.md", "Chapter 2.md",
        "fn.md", "fn.txt", "fn2.md",
    ]  # fmt: skip


def test_chinese_chapters_sort_by_their_numerals() -> None:
    """By their characters' codes 三 came before 二, and 十 after 四: a manuscript of
    第一章 to 第十二章 was listed, and exported, out of order."""
    names = ["第十章.md", "第二章.md", "第三章.md", "第十二章.md", "第一章.md", "第四章.md",
             "第二十章.md", "第九章.md", "序章.md", "第一百零一章.md", "第2章 草稿.md"]  # fmt: skip
    assert [str(p) for p in sorted(map(Path, names), key=natural_order)] == [
        "序章.md", "第一章.md", "第二章.md", "第2章 草稿.md", "第三章.md", "第四章.md",
        "第九章.md", "第十章.md", "第十二章.md", "第二十章.md", "第一百零一章.md",
    ]  # fmt: skip
    volumes = ["第二卷/第一章.md", "第一卷/第十章.md", "第一卷/第二章.md"]
    assert [str(p) for p in sorted(map(Path, volumes), key=natural_order)] == [
        "第一卷/第二章.md", "第一卷/第十章.md", "第二卷/第一章.md"
    ]


def test_chinese_numerals_in_a_word_are_its_characters() -> None:
    """Numerals are a number where they stand as one (after 第, before a word that counts,
    apart from other Chinese characters); in a word ("一些", "百合") they sorted as a number,
    "百合" as 100 among the months and the chapters."""
    names = ["百合.md", "第三章.md", "十二月.md", "一些.md", "白色.md", "三月.md", "二月.md",
             "二〇二六.md", "十一 归来.md", "卷三.md", "卷十.md"]  # fmt: skip
    assert [str(p) for p in sorted(map(Path, names), key=natural_order)] == [
        "二月.md", "三月.md", "十一 归来.md", "十二月.md", "二〇二六.md",
        "一些.md", "卷三.md", "卷十.md", "白色.md", "百合.md", "第三章.md",
    ]  # fmt: skip


@given(st.lists(st.text(alphabet="ab1203 二十〇万百两", min_size=1, max_size=6), max_size=8))
def test_any_names_have_a_natural_order(names: list[str]) -> None:
    """Numbers and words side by side never fail to compare, and equal keys are one name."""
    paths = [Path(n) for n in names if n.strip() and n not in (".", "..")]
    ordered = sorted(paths, key=natural_order)
    assert sorted(map(str, ordered)) == sorted(map(str, paths))
    keys = [natural_order(p) for p in ordered]
    assert keys == sorted(keys)


def test_a_move_within_the_project_whatever_path_the_document_was_opened_by(
    tmp_path: Path,
) -> None:
    """A window showing the chapter by a link to the project's folder (the recent files' path)
    moved it with "drafts/": refused as "out of the project's folder", which it never left."""
    real = tmp_path / "real"
    real.mkdir()
    (real / "a.md").write_text("A\n")
    (tmp_path / "Book").symlink_to(real, target_is_directory=True)
    assert rename_document(tmp_path / "Book" / "a.md", "./", real) == tmp_path / "Book" / "a.md"
    moved = rename_document(tmp_path / "Book" / "a.md", "drafts/", real)
    assert moved.resolve() == (real / "drafts" / "a.md").resolve()
    assert (real / "drafts" / "a.md").read_text() == "A\n"
    back = rename_document(real / "drafts" / "a.md", "../", tmp_path / "Book")
    assert (real / "a.md").read_text() == "A\n"
    assert back == tmp_path / "Book" / "a.md"  # (as the project spells it: its panel's row)
    with pytest.raises(FileNameError, match="out of the project's folder"):
        rename_document(real / "a.md", "../../x", tmp_path / "Book")


def test_a_document_that_is_a_relative_link_still_leads_to_its_text_when_moved(
    tmp_path: Path,
) -> None:
    """A chapter kept as a link ("../shared/ch.md") moved with "drafts/" was a link to nothing:
    the Project panel left it out ("a link to nothing") and the window showed a file that no
    longer led to the text."""
    root = tmp_path / "book"
    (tmp_path / "shared").mkdir()
    (tmp_path / "shared" / "ch.md").write_text("Shared.\n")
    root.mkdir()
    (root / "ch.md").symlink_to(Path("..") / "shared" / "ch.md")
    moved = rename_document(root / "ch.md", "drafts/", root)
    assert moved == root / "drafts" / "ch.md"
    assert moved.is_symlink()
    assert moved.read_text() == "Shared.\n"
    assert not os.path.lexists(root / "ch.md")
    assert moved in Project(root).documents()
    assert rename_document(moved, "../ch2", root).read_text() == "Shared.\n"


def test_a_document_in_a_linked_folder_moves_the_same_with_notes_as_without(
    tmp_path: Path,
) -> None:
    """`rename_document` worked out the new place twice: the notes' check through every link,
    the move through a link above the project only. A chapter in a folder the project reaches
    by a link ("shared", elsewhere on the disk) moved into a folder beside it was refused as
    "out of the project's folder" where the project names its notes (the window's Rename
    does), and moved where it names none. The place is worked out once, and both read it."""
    root, elsewhere = tmp_path / "book", tmp_path / "elsewhere"
    root.mkdir()
    elsewhere.mkdir()
    (root / "notes.md").write_text("Notes.\n")
    (root / "shared").symlink_to(elsewhere, target_is_directory=True)
    chapter = root / "shared" / "a.md"
    chapter.write_text("A\n")
    assert chapter in Project(root).documents()  # (the project lists it through its link)
    moved = rename_document(chapter, "drafts/", root, "notes.md")
    assert moved == root / "shared" / "drafts" / "a.md"
    assert (elsewhere / "drafts" / "a.md").read_text() == "A\n"
    with pytest.raises(FileNameError, match="name of the project's notes"):
        rename_document(moved, "/notes", root, "notes.md")
    assert rename_document(moved, "../b", root, "notes.md") == root / "shared" / "b.md"
