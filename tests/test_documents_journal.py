"""The recovery journal gives back what a crashed or killed Writer had not saved, and only that."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from writer.documents.errors import DocumentError, JournalError
from writer.documents.journal import Journal
from writer.documents.textfile import FileSignature, TextFormat

REPO = Path(__file__).resolve().parents[1]

CHILD = """
import json, os, sys, time
from writer.documents.journal import Journal
from writer.documents.textfile import FileSignature, TextFormat

journal = Journal(sys.argv[1])
for doc in json.loads(sys.argv[2]):
    if doc.get("discard"):
        journal.discard(doc["doc_id"])
        continue
    fmt = TextFormat(**doc["fmt"]) if "fmt" in doc else None
    signature = FileSignature(*doc["signature"]) if "signature" in doc else None
    journal.write(doc["doc_id"], doc["text"], path=doc.get("path"), cursor=doc.get("cursor", 0),
                  title_hint=doc.get("title_hint", ""), fmt=fmt, signature=signature,
                  project=doc.get("project"))
print("ready", flush=True)
if sys.argv[3] == "sleep":
    time.sleep(60)
os._exit(1)
"""


def _child(folder: Path, docs: list[dict], mode: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.Popen(
        [sys.executable, "-c", CHILD, str(folder), json.dumps(docs), mode],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )


def crashed_writer(folder: Path, docs: list[dict]) -> None:
    """A Writer process that journals `docs` and dies without closing its journal."""
    proc = _child(folder, docs, "exit")
    out, _ = proc.communicate(timeout=30)
    assert out.strip() == "ready"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return tmp_path / "state" / "journal"


@pytest.fixture
def journal(folder: Path) -> Iterator[Journal]:
    j = Journal(folder)
    yield j
    j.close()


def _entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("session-*/*.entry"))


def _entry_for(folder: Path, doc_id: str) -> Path:
    for file in _entries(folder):
        if json.loads(file.read_bytes().split(b"\n", 1)[0])["doc_id"] == doc_id:
            return file
    raise AssertionError(f"no entry for {doc_id}")


def test_crashed_writer_offers_its_unsaved_documents_back(folder: Path) -> None:
    before = time.time()
    crashed_writer(
        folder,
        [
            {
                "doc_id": "a",
                "text": "Chapter\r\n草稿",
                "path": "/home/ann/book.md",
                "cursor": 7,
                "fmt": {"bom": True, "newline": "\r\n"},
                "signature": [120, 1_700_000_000_000_000_000, 42],
            },
            {"doc_id": "b", "text": "\n\n  Dear Bob,\nthanks", "title_hint": "Untitled 2"},
            {
                "doc_id": "c",
                "text": "第一章",
                "path": "/home/ann/旧稿.txt",
                "fmt": {"bom": False, "newline": "\r\n", "encoding": "gb18030"},
            },
        ],
    )
    recovery = Journal(folder).orphans()
    assert recovery.problems == []
    docs = {d.doc_id: d for d in recovery.documents}
    assert set(docs) == {"a", "b", "c"}
    # a GBK file's draft is saved back in GBK (it became UTF-8 after a crash)
    assert docs["c"].format == TextFormat(newline="\r\n", encoding="gb18030")
    assert docs["a"].text == "Chapter\r\n草稿"
    assert docs["a"].path == "/home/ann/book.md"
    assert docs["a"].name == "book.md"
    assert docs["a"].cursor == 7
    assert docs["a"].format == TextFormat(bom=True, newline="\r\n")
    assert docs["a"].signature == FileSignature(120, 1_700_000_000_000_000_000, 42)
    assert docs["b"].format is None
    assert docs["b"].path is None
    assert docs["b"].name == "Dear Bob,"
    assert docs["b"].title_hint == "Untitled 2"
    assert before <= docs["a"].modified <= time.time()


def test_untitled_names_are_a_trimmed_first_line_or_the_title_hint(folder: Path) -> None:
    long_line = "It was the best of times, it was the worst of times, it was the age"
    crashed_writer(
        folder,
        [
            {"doc_id": "long", "text": f"\n   \n{long_line}\nmore"},
            {"doc_id": "blank", "text": "\n \n", "title_hint": "Untitled 3"},
        ],
    )
    docs = {d.doc_id: d for d in Journal(folder).orphans().documents}
    assert docs["long"].name == "It was the best of times, it was the wo…"
    assert len(docs["long"].name) == 40
    assert docs["blank"].name == "Untitled 3"


def test_an_untitled_window_is_named_after_the_title_save_as_offers() -> None:
    """An untitled window (and its recovered document) was named after its first line's
    characters: "<!-- note to self -->" for a document that opens with a private comment,
    "---" for a pasted post, "[The Harbour](http://x.org/a)" for a linked heading, where
    Save As offers "The Harbour.md". Both read the title one way (`title_of`)."""
    from writer.documents.journal import display_name
    from writer.documents.textfile import file_name_for

    for text in (
        "<!-- note to self -->\n# The Harbour\n",
        "---\ntitle: The Harbour\n---\nText.",
        "# [The Harbour](http://x.org/a)",
        "## The Harbour ##",
    ):
        assert display_name(None, text) == "The Harbour"
        assert file_name_for(text) == "The Harbour.md"
    assert display_name(None, "Hello: a story?") == "Hello: a story?"  # (its own characters)


def test_clean_close_leaves_nothing_to_recover(folder: Path) -> None:
    first = Journal(folder)
    first.write("a", "typed", path=None, cursor=5)
    first.close()
    assert list(folder.iterdir()) == []
    second = Journal(folder)
    assert second.orphans().documents == []
    second.close()


def test_a_session_kept_for_the_next_start_is_restored_as_kept_not_as_a_crash(
    folder: Path,
) -> None:
    """The system ended Writer: its documents stay, marked as left on purpose (restored
    without a question), until restored; a crash's are not marked; an empty one is removed."""
    ended = Journal(folder)
    ended.write("a", "kept text", path="/home/ann/book.md", cursor=4)
    ended.keep_for_next_start()
    ended.write("b", "after the end", path=None, cursor=0)  # (ignored: the session ended)
    crashed_writer(folder, [{"doc_id": "c", "text": "crashed text"}])
    empty = Journal(folder)
    empty.keep_for_next_start()
    assert not empty.session_dir.exists()

    second = Journal(folder)
    assert second.politely_ended_windows() == []
    docs = {d.doc_id: d for d in second.orphans().documents}
    assert {k: (d.text, d.polite) for k, d in docs.items()} == {
        "a": ("kept text", True),
        "c": ("crashed text", False),
    }
    second.adopt(docs["a"])
    second.close()
    third = Journal(folder)
    assert third.politely_ended_windows() is None, "restored: nothing left to bring back"
    third.close()


def test_a_writer_ended_politely_is_brought_back_by_one_writer_only(folder: Path) -> None:
    """Whether a Writer was ended politely was read in two places: the start's reopening of
    its windows looked at every session's mark, the documents' restoring only at those of
    dead sessions it could lock. A Writer starting beside one that had taken the ended
    session reopened its windows all the same, without their unsaved text."""
    ended = Journal(folder)
    ended.write("a", "kept text", path="/home/ann/book.md", cursor=4)
    ended.keep_for_next_start([["/home/ann/book.md", ""]])
    first = Journal(folder)
    assert first.politely_ended_windows() == [["/home/ann/book.md", ""]]
    beside = Journal(folder)
    try:
        assert beside.politely_ended_windows() is None, "the first one's to bring back"
        assert beside.orphans().documents == []
        assert [d.text for d in first.orphans().documents] == ["kept text"]
    finally:
        beside.close()
        first.close()


def test_the_windows_of_every_writer_ended_politely_come_back(folder: Path) -> None:
    """Two Writers ended together (a logout) each kept their windows, a saved document's too:
    the second one's overwrote the first one's in the settings, and the next start reopened
    only its windows. Each session's mark names its own; the next start reads them all."""
    first = Journal(folder)
    first.write("a", "a draft", path=None, cursor=0)
    second = Journal(folder)
    first.keep_for_next_start([["/home/ann/book/one.md", "/home/ann/book"], ["/tmp/b.md", ""]])
    second.keep_for_next_start([["/tmp/b.md", ""], ["/home/ann/letter.md", ""]])  # (saved)
    assert second.session_dir.is_dir(), "kept for its window, though it has no document"
    start = Journal(folder)
    try:
        assert start.politely_ended_windows() == [
            ["/home/ann/book/one.md", "/home/ann/book"],
            ["/tmp/b.md", ""],
            ["/home/ann/letter.md", ""],
        ]
        assert [(d.text, d.polite) for d in start.orphans().documents] == [("a draft", True)]
        assert not second.session_dir.exists(), "nothing left in it to restore"
    finally:
        start.close()


def test_discarded_documents_are_not_offered(folder: Path) -> None:
    crashed_writer(
        folder,
        [
            {"doc_id": "saved", "text": "saved later"},
            {"doc_id": "open", "text": "still unsaved"},
            {"doc_id": "saved", "discard": True},
        ],
    )
    assert [d.doc_id for d in Journal(folder).orphans().documents] == ["open"]


def test_latest_write_wins(folder: Path) -> None:
    crashed_writer(
        folder, [{"doc_id": "a", "text": "first"}, {"doc_id": "a", "text": "first, then more"}]
    )
    assert [d.text for d in Journal(folder).orphans().documents] == ["first, then more"]


def test_restored_or_discarded_documents_are_gone_next_time(folder: Path) -> None:
    crashed_writer(folder, [{"doc_id": "a", "text": "keep me"}, {"doc_id": "b", "text": "drop"}])
    second = Journal(folder)
    docs = {d.doc_id: d for d in second.orphans().documents}
    new_id = second.adopt(docs["a"])
    docs["b"].discard()
    assert new_id == "a"
    assert [p.parent for p in _entries(folder)] == [second.session_dir]
    second.close()
    third = Journal(folder)
    assert third.orphans().documents == []
    third.close()
    assert list(folder.iterdir()) == []


def test_undecided_documents_are_offered_again(folder: Path) -> None:
    crashed_writer(folder, [{"doc_id": "a", "text": "not decided yet"}])
    second = Journal(folder)
    assert len(second.orphans().documents) == 1
    second.close()
    third = Journal(folder)
    assert [d.text for d in third.orphans().documents] == ["not decided yet"]
    third.close()


def test_documents_left_for_later_stay_recoverable_for_the_session(folder: Path) -> None:
    """Decide Later kept the drafts locked to this Writer and out of reach until it quit:
    `recoverable` offers them again (with those of a Writer that died since), until each is
    restored or discarded."""
    crashed_writer(folder, [{"doc_id": "a", "text": "later"}, {"doc_id": "b", "text": "too"}])
    second = Journal(folder)
    assert not second.undecided
    assert len(second.orphans().documents) == 2  # offered; the writer decides later
    assert second.orphans().documents == []  # (never offered twice as new)
    assert second.undecided
    crashed_writer(folder, [{"doc_id": "c", "text": "died since"}])
    docs = {d.doc_id: d for d in second.recoverable().documents}
    assert sorted(docs) == ["a", "b", "c"]
    assert [d.text for d in second.recoverable().documents].count("later") == 1
    second.adopt(docs["a"])
    docs["b"].discard()
    assert second.undecided  # c
    docs["c"].discard()
    assert not second.undecided
    assert second.recoverable().documents == []
    second.close()
    assert [p.name for p in folder.iterdir()] == []


def test_two_writers_starting_together_do_not_both_offer_a_document(folder: Path) -> None:
    crashed_writer(folder, [{"doc_id": "a", "text": "only once"}])
    second, third = Journal(folder), Journal(folder)
    assert len(second.orphans().documents) == 1
    assert third.orphans().documents == []
    assert second.orphans().documents == []
    second.close()
    third.close()


def test_live_writer_is_not_an_orphan_until_it_is_killed(folder: Path) -> None:
    proc = _child(folder, [{"doc_id": "a", "text": "being typed"}], "sleep")
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "ready"
        other = Journal(folder)
        recovery = other.orphans()
        assert recovery.documents == []
        assert recovery.problems == []
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
        assert [d.text for d in other.orphans().documents] == ["being typed"]
        other.close()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def test_an_entry_keeps_the_project_its_window_showed(folder: Path) -> None:
    """An untitled draft has no other tie to its project: the entry names the project's
    folder; an entry of an earlier Writer (no project) or with a project that is not a folder's
    name is no damage, and has none."""
    crashed_writer(
        folder,
        [
            {"doc_id": "draft", "text": "A scene.", "project": "/books/lighthouse"},
            {"doc_id": "old", "text": "Older."},
            {"doc_id": "odd", "text": "Odd."},
        ],
    )
    for doc_id, project in (("old", None), ("odd", ["not", "a", "folder"])):
        file = _entry_for(folder, doc_id)
        head, body = file.read_bytes().split(b"\n", 1)
        header = json.loads(head)
        if project is None:
            del header["project"]
        else:
            header["project"] = project
        file.write_bytes(json.dumps(header).encode() + b"\n" + body)
    journal = Journal(folder)
    recovery = journal.orphans()
    docs = {d.doc_id: d for d in recovery.documents}
    assert recovery.problems == []
    assert docs["draft"].project == "/books/lighthouse"
    assert docs["old"].project is None
    assert docs["odd"].project is None
    journal.close()


def test_damaged_entries_are_reported_set_aside_and_skipped(folder: Path) -> None:
    crashed_writer(
        folder,
        [
            {"doc_id": "good", "text": "intact"},
            {"doc_id": "cut", "text": "this text will be cut short " * 20},
            {"doc_id": "header", "text": "bad header"},
            {"doc_id": "bytes", "text": "bad bytes"},
        ],
    )
    cut, bad_header, undecodable = (_entry_for(folder, d) for d in ("cut", "header", "bytes"))
    cut.write_bytes(cut.read_bytes()[:-100])
    bad_header.write_bytes(b'{"format": "writer-jou\nbad header')
    header = json.loads(undecodable.read_bytes().split(b"\n", 1)[0])
    body = b"\xff\xfe not utf-8"
    header.update(length=len(body), crc32=zlib.crc32(body))
    undecodable.write_bytes(json.dumps(header).encode() + b"\n" + body)
    (folder / "session-garbage").write_bytes(b"not a folder")

    journal = Journal(folder)
    recovery = journal.orphans()
    assert [d.doc_id for d in recovery.documents] == ["good"]
    assert len(recovery.problems) == 3
    reasons = " ".join(recovery.problems)
    for reason in ("its text is cut short", "its description is unreadable", "not valid UTF-8"):
        assert reason in reasons
    for problem in recovery.problems:
        assert problem.startswith("An unsaved document from ")
        assert "could not be restored" in problem
        assert problem.endswith(".")
    assert len(list((folder / "damaged").iterdir())) == 3
    journal.close()
    again = Journal(folder)
    assert again.orphans().problems == []
    again.close()


def test_write_after_discard_of_an_older_snapshot_does_not_resurrect(journal: Journal) -> None:
    stale = journal.snapshot("a", "before saving", path="/x/a.md", cursor=0)
    journal.discard("a")
    journal.write_entry(stale)
    assert list(journal.session_dir.iterdir()) == []
    journal.write("a", "typed after saving", path="/x/a.md", cursor=0)
    assert len(list(journal.session_dir.iterdir())) == 1


def test_older_snapshot_never_overwrites_a_newer_one(journal: Journal, folder: Path) -> None:
    old = journal.snapshot("a", "old", path=None, cursor=0)
    new = journal.snapshot("a", "new", path=None, cursor=0)
    journal.write_entry(new)
    journal.write_entry(old)
    assert _entry_for(folder, "a").read_bytes().endswith(b"\nnew")


def test_writes_after_close_are_ignored(folder: Path) -> None:
    journal = Journal(folder)
    late = journal.snapshot("a", "late", path=None, cursor=0)
    journal.close()
    journal.write_entry(late)
    assert list(folder.iterdir()) == []


def test_ten_megabyte_document_is_journaled_quickly(journal: Journal, folder: Path) -> None:
    text = "她推开门，外面下着雨。Rain, and more rain.\n" * 200_000
    start = time.perf_counter()
    journal.write("big", text, path=None, cursor=len(text))
    journal.write("big", text + "x", path=None, cursor=len(text))
    assert time.perf_counter() - start < 2.0
    assert _entry_for(folder, "big").stat().st_size > 10_000_000


def test_full_disk_raises_a_sentence_and_keeps_the_previous_entry(small_disk: Path) -> None:
    journal = Journal(small_disk / "journal")
    journal.write("a", "short and safe", path=None, cursor=0)
    with pytest.raises(JournalError) as caught:
        journal.write("a", "long " * 100_000, path=None, cursor=0)
    assert "the disk is full" in str(caught.value)
    assert "save them to keep them safe" in str(caught.value)
    assert _entry_for(small_disk / "journal", "a").read_bytes().endswith(b"short and safe")
    journal.close()


def test_a_journal_the_disk_refused_text_is_not_marked_as_ended_politely(
    small_disk: Path,
) -> None:
    """The disk full when the system ended Writer: the last text of a document could not be
    journaled, the mark (a few bytes) still fitted, and the next start restored the older
    text without a question, as the text left. No mark while a document's last text is not
    on disk: the next start says so and asks, naming when each was last journaled (the
    windows still come back)."""
    folder = small_disk / "journal"
    ended = Journal(folder)
    ended.write("a", "short and safe", path="/home/ann/book.md", cursor=0)
    ended.write("b", "a draft", path=None, cursor=0)
    with pytest.raises(JournalError):
        ended.write("a", "long " * 100_000, path="/home/ann/book.md", cursor=0)
    ended.keep_for_next_start([["/home/ann/book.md", ""]])
    start = Journal(folder)
    try:
        assert start.politely_ended_windows() == [["/home/ann/book.md", ""]]
        recovery = start.orphans()
        assert len(recovery.problems) == 1
        assert "the disk refused the last changes" in recovery.problems[0]
        docs = recovery.documents
        assert sorted((d.text, d.polite) for d in docs) == [
            ("a draft", False), ("short and safe", False)
        ]
    finally:
        start.close()


def test_a_draft_the_disk_never_took_at_the_systems_end_is_said_at_the_next_start(
    small_disk: Path,
) -> None:
    """An untitled draft whose every write the disk refused, no window naming a file: the
    session held nothing, was removed at the system's end, and the next start said nothing
    of the draft. It is kept, marked incomplete, and the next start says so."""
    folder = small_disk / "journal"
    ended = Journal(folder)
    with pytest.raises(JournalError):
        ended.write("a", "long " * 100_000, path=None, cursor=0)
    ended.keep_for_next_start()
    start = Journal(folder)
    try:
        assert start.politely_ended_windows() == []
        recovery = start.orphans()
        assert recovery.documents == []
        assert len(recovery.problems) == 1
        assert "the disk refused the last changes" in recovery.problems[0]
        assert [p.name for p in folder.iterdir() if not p.name.endswith(".lock")] == [
            start.session_dir.name
        ], "said once: nothing left of it"
    finally:
        start.close()


def test_a_document_written_or_discarded_after_the_disk_refused_it_is_marked_again(
    small_disk: Path,
) -> None:
    """A refused write followed by one that fits, or by the document's save (discarded),
    leaves nothing older than the text: the session is marked as ended politely."""
    folder = small_disk / "journal"
    ended = Journal(folder)
    for doc_id in ("a", "b"):
        with pytest.raises(JournalError):
            ended.write(doc_id, "long " * 100_000, path=None, cursor=0)
    ended.write("a", "it fits", path=None, cursor=0)
    ended.discard("b")
    ended.keep_for_next_start()
    start = Journal(folder)
    try:
        assert start.politely_ended_windows() == []
        recovery = start.orphans()
        assert [(d.text, d.polite) for d in recovery.documents] == [("it fits", True)]
        assert recovery.problems == []
    finally:
        start.close()


def test_unusable_journal_folder_is_a_document_error(tmp_path: Path) -> None:
    blocker = tmp_path / "state"
    blocker.write_text("a file where the folder should be")
    with pytest.raises(DocumentError, match="Writer could not keep a recovery copy"):
        Journal(blocker / "journal")


def test_saving_while_a_worker_thread_journals_leaves_no_entry(journal: Journal) -> None:
    snapshots = [journal.snapshot("a", f"draft {i}", path="/x/a.md", cursor=i) for i in range(50)]
    worker = threading.Thread(target=lambda: [journal.write_entry(s) for s in snapshots])
    worker.start()
    journal.discard("a")
    worker.join()
    assert list(journal.session_dir.iterdir()) == []
