"""The words written each day (writer/documents/tally.py): net words across documents, a file's
own words never counted as written, the day turning, a year kept."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from writer.documents.tally import KEEP_DAYS, WordTally


def test_words_written_are_net_across_documents_and_not_what_a_file_brings(
    tmp_path: Path,
) -> None:
    day = [date(2025, 3, 1)]
    tally = WordTally(lambda: day[0])
    heard: list[int] = []
    tally.subscribe(heard.append)
    tally.report("/a.md", 1200, loaded=True)  # opened: its words are not today's
    tally.report("doc-1", 0, loaded=True)  # an untitled window
    assert tally.today_words() == 0
    tally.report("/a.md", 1300)
    tally.report("doc-1", 40)
    assert tally.today_words() == 140
    tally.report("/a.md", 1250)  # a paragraph cut counts against the day
    assert (tally.today_words(), tally.written("/a.md")) == (90, 50)
    # another program adds 500 words: reloaded, the 50 written stay and the 500 are not counted
    tally.report("/a.md", 1750, loaded=True)
    assert tally.written("/a.md") == 50
    # saved as /b.md: its day goes with it
    tally.report("/b.md", 45, was="doc-1")
    assert (tally.written("/b.md"), tally.written("doc-1"), tally.today_words()) == (45, 0, 95)
    assert heard[-1] == 95
    # the goal reached: said once, not again at the next word nor after a cut and a rewrite
    assert tally.report("/b.md", 50, goal=100) is True
    assert tally.report("/b.md", 55, goal=100) is False
    tally.report("/a.md", 1000)  # a chapter cut
    assert tally.today_words() == 0  # (net words shown not below 0)
    assert tally.report("/a.md", 1750, goal=100) is False
    # past midnight: the new day starts where the document stood
    day[0] = date(2025, 3, 2)
    tally.report("/a.md", 1760)
    assert (tally.today_words(), tally.written("/b.md")) == (10, 0)
    path = tmp_path / "words-written.json"
    WordTally.write(path, tally.data())
    again = WordTally.read(path, lambda: day[0])
    assert again.problem == ""
    assert again.days["2025-03-01"]["/a.md"] == [1200 + 500, 1750]
    assert again.today_words() == 10
    assert "doc-1" not in again.days["2025-03-01"]  # (moved, and none of its own left)


def test_the_last_366_days_are_kept(tmp_path: Path) -> None:
    start = date(2024, 1, 1)
    day = [start]
    tally = WordTally(lambda: day[0])
    for n in range(KEEP_DAYS + 10):
        day[0] = start + timedelta(days=n)
        tally.report("/a.md", n, loaded=True)
        tally.report("/a.md", n + 1)
    assert len(tally.days) == KEEP_DAYS
    assert min(tally.days) == (day[0] - timedelta(days=KEEP_DAYS - 1)).isoformat()
    path = tmp_path / "words-written.json"
    WordTally.write(path, tally.data())
    day[0] += timedelta(days=5)  # a file read days later keeps the days still within a year
    assert len(WordTally.read(path, lambda: day[0]).days) == KEEP_DAYS - 5


def test_a_damaged_record_is_set_aside_beside_the_ones_set_aside_before(tmp_path: Path) -> None:
    """A damaged record was moved to NAME.damaged over the one set aside before (the
    reviewer's): a year's record set aside once was lost when the fresh one broke too."""
    path = tmp_path / "words-written.json"
    path.write_text("{ a year's record, damaged", encoding="utf-8")
    first = WordTally.read(path)
    assert "words-written.json.damaged" in first.problem
    path.write_text("[] and again", encoding="utf-8")
    second = WordTally.read(path)
    assert "words-written.json.damaged-2" in second.problem
    assert (tmp_path / "words-written.json.damaged").read_text(encoding="utf-8") == (
        "{ a year's record, damaged")
    assert not path.exists()
