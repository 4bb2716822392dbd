"""The quality bench's simulated writer: it types through the real editor and controller, takes a
ghost only word by word where it is exactly the text, counts what it saved, commits Chinese as an
input method does, and counts the seam errors of what Tab would insert in the middle of a text.

The scripted backend answers each suggestion request with what a test enqueued; a long pause cap
makes the writer's pauses end on what it sees, never on the clock."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import wait_until
from writer.bench.quality import (
    SimulatedWriter,
    Tally,
    cases,
    held_out,
    keys,
    passages,
    pauses,
    read,
    seam_errors,
    strokes,
)
from writer.generation.requests import ContinuationRequest

LONG = 30.0  # a pause cap no test reaches
AT_ONCE = 0.0  # a word and the key that ends it at once: the scripted requests come in order


@pytest.fixture
def writer(scripted_worker):
    from writer.assist.suggestions import SuggestionSettings

    sim = SimulatedWriter(
        scripted_worker,
        settings=SuggestionSettings(debounce_ms=10),
        pause_s=LONG,
        key_interval_s=AT_ONCE,
    )
    yield sim
    sim.close()


def continuations(backend) -> list[ContinuationRequest]:
    return [r for kind, r in backend.history if kind == "continuation"]


def test_the_oracle_takes_an_exact_ghost_word_by_word_and_stops_at_the_first_wrong_word(
    writer, scripted
):
    text = "The cat sat on the mat.\n"
    scripted.enqueue("continuation", ["cat", " sat", " on", " a", " rug"])
    tally = writer.type_text(text, "en")
    assert writer.editor.toPlainText() == text  # nothing lost, nothing doubled
    assert continuations(scripted)[0].before == "The "
    assert (tally.accepted, tally.presses) == (len("cat sat on"), 3)
    assert (tally.ghosts, tally.useful) == (1, 1)
    result = keys({"en": tally})
    assert result["keystroke_savings_en"] == round((10 - 3) / len(text), 4)
    assert result["chars_per_accept_en"] == round(10 / 3, 2)
    assert result["useful_ghost_ratio_en"] == 1.0


def test_a_wrong_ghost_costs_nothing_but_is_counted(writer, scripted):
    text = "The cat sat.\n"
    scripted.enqueue("continuation", ["dog", " ran", " away"])
    tally = writer.type_text(text, "en")
    assert writer.editor.toPlainText() == text
    assert (tally.accepted, tally.presses, tally.useful) == (0, 0, 0)
    assert tally.ghosts == 1
    assert tally.word_ends_with_ghost >= 1
    assert keys({"en": tally})["keystroke_savings_en"] == 0.0


def test_a_word_the_text_continues_is_not_taken(writer, scripted):
    """ "the" is not "theory": an exact word, not a prefix of one."""
    text = "A theory of light.\n"
    scripted.enqueue("continuation", ["the", " way"])
    tally = writer.type_text(text, "en")
    assert writer.editor.toPlainText() == text
    assert tally.presses == 0


def test_chinese_goes_in_as_input_method_commits_of_phrases(writer, scripted):
    text = "我们今天去公园散步。\n"
    assert [text[a:b] for a, b in zip([0, *strokes(text)], strokes(text), strict=False)][:3] == [
        "我们",
        "今天去",
        "公",
    ]
    scripted.enqueue("continuation", ["今天", "去", "海边"])
    tally = writer.type_text(text, "zh")
    assert writer.editor.toPlainText() == text
    first = continuations(scripted)[0]
    assert first.before == "我们"  # asked after the phrase's commit, not after each character
    assert tally.accepted == len("今天去")
    assert 1 <= tally.presses <= 3
    assert tally.words == 5  # 我们 今天去 公 园散 步: one commit a word
    assert tally.useful == 1


def test_a_seam_error_is_counted_on_what_tab_would_insert(writer, scripted):
    text = "The quick brown fox jumps over the lazy dog.\n"
    start, end = text.index("brown"), text.index("jumps")
    scripted.enqueue("continuation", ["fox", " leaped", " across", " the", " street."])
    tally = writer.type_passage(text, start, end, "en")
    assert writer.editor.toPlainText() == text
    assert (tally.mid_accepted, tally.mid_presses) == (3, 1)  # "fox", then " leaped" is wrong
    assert tally.seams == {"missing_space": 1, "sentence_end": 1}
    assert (tally.mid_ghosts, tally.mid_useful, tally.ghosts) == (1, 1, 0)
    assert keys({"en": tally})["seam_errors"] == 2


@pytest.mark.parametrize(
    ("before", "ghost", "after", "inside", "found"),
    [
        ("a lantern at", " dawn.", "Much later", False, ["missing_space"]),
        ("a lantern at", " dawn. ", "Much later", False, []),
        (
            "The quick brown fox ",
            "leaped across the street.",
            "jumps over",
            True,
            ["missing_space", "sentence_end"],
        ),  # fmt: skip
        ("the door and ", " stepped in", "walked", True, ["missing_space", "double_space"]),
        ("the door and ", "stepped into the room and ", "walked", True, []),
        ("the door and ", "slowly ", " walked", True, ["double_space"]),
        ("我们今天", "去公园。", "散步", True, ["sentence_end"]),
        ("我们今天", "去了", "公园", True, []),
    ],
)
def test_seam_errors(before, ghost, after, inside, found):
    assert seam_errors(before, ghost, after, inside) == found


def test_the_writer_pauses_at_word_ends_and_inside_some_long_words():
    text = "Yesterday, the wonderful weather returned.\n"
    stops = pauses(text)
    assert stops[text.index("the ")] == "word"
    assert stops[text.index("wonderful")] == "word"
    inside = sorted(p for p, kind in stops.items() if kind == "inside")
    # every other long word: "Yes|terday" (3 letters), not "wonderful", "weat|her" (4 letters)
    assert inside == [3, text.index("weather") + 4]


def test_the_texts_and_passages_the_section_types():
    for lang in ("en", "zh"):
        assert sum(len(read(p)) for p in held_out(lang)) >= 2000
    for case in cases():
        if case["kind"] == "passage":
            text = read(Path(case["path"]))
            assert (case["start"], case["end"]) in passages(text, case["lang"])
    calibration = cases(calibrate=True)
    assert {c["lang"] for c in calibration} == {"en", "zh"}
    assert not {c["path"] for c in calibration} & {c["path"] for c in cases()}


def test_the_key_that_ends_a_word_comes_a_key_interval_after_the_last_letter(
    scripted_worker, scripted
):
    """A steady typist's interval before the space: the product has the time it would have
    (here its ask after a pause inside a word, 10 ms, comes before the space), and nothing is
    lost or doubled."""
    from writer.assist.suggestions import SuggestionSettings

    sim = SimulatedWriter(
        scripted_worker,
        settings=SuggestionSettings(debounce_ms=10),
        pause_s=LONG,
        key_interval_s=0.5,
    )
    try:
        scripted.enqueue("continuation", [" cat"])
        text = "The cat.\n"
        sim.type_text(text, "en")
        assert sim.editor.toPlainText() == text
        assert continuations(scripted)[0].before == "The"  # asked while the space was coming
    finally:
        sim.close()


def test_tallies_add_up():
    a = Tally(chars=10, accepted=4, presses=1, seams={"missing_space": 1}, ghost_ms=[5.0])
    a.merge(Tally(chars=5, accepted=2, presses=1, seams={"missing_space": 2}, ghost_ms=[7.0]))
    assert (a.chars, a.accepted, a.presses, a.seams, a.ghost_ms) == (
        15, 6, 2, {"missing_space": 3}, [5.0, 7.0]
    )  # fmt: skip


@pytest.mark.slow
def test_the_simulated_writer_on_the_starter_model(loaded_worker):
    """End to end: the real engine's ghosts, read and taken by the oracle; the document ends as
    the text, whatever was taken."""
    text = read(held_out("en")[0])[:240].rsplit(" ", 1)[0] + "\n"
    sim = SimulatedWriter(loaded_worker, pause_s=5.0)
    try:
        tally = sim.type_text(text, "en")
        assert sim.editor.toPlainText() == text
    finally:
        sim.close()
    wait_until(lambda: loaded_worker.idle, 10_000)
    assert tally.word_ends > 20
    assert tally.ghosts >= 1
    assert tally.accepted >= tally.presses
    result = keys({"en": tally})
    assert 0 <= result["keystroke_savings_en"] < 1


def _bench(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "writer", "bench", *args],
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )


@pytest.mark.parametrize("option", [["--calibrate", "c.jsonl"], ["--ceiling"]])
def test_against_calibrate_and_ceiling_belong_to_the_quality_section(option) -> None:
    result = _bench("--only", "engine", *option)
    assert result.returncode != 0
    assert result.stderr.strip() == (
        "writer bench: --against, --calibrate, --ceiling and --pause-ms belong to the quality "
        "section; add --only quality"
    )


def test_the_ceiling_writer_sees_every_ghost_the_model_makes(scripted_worker, scripted):
    """`--ceiling` types the English texts again with the gate and trim off: a ghost the
    calibrated gate would hide is shown, and taken where it is right."""
    from writer.assist.suggestions import SuggestionSettings

    settings = SuggestionSettings(debounce_ms=10, show_first_prob=0.9)
    for gate, taken in ((True, 0), (False, len("cat sat"))):
        sim = SimulatedWriter(
            scripted_worker, settings=settings, pause_s=LONG, gate=gate, key_interval_s=AT_ONCE
        )
        try:
            scripted.enqueue("continuation", [("cat", 0.3), (" sat", 0.3), (" down", 0.3)])
            text = "The cat sat on a mat.\n"
            tally = sim.type_text(text, "en")
            assert sim.editor.toPlainText() == text
            assert tally.accepted == taken
        finally:
            sim.close()
            settings = SuggestionSettings(debounce_ms=10, show_first_prob=0.9)


def test_a_pause_must_be_one_a_writer_makes() -> None:
    result = _bench("--only", "quality", "--pause-ms", "5")
    assert result.returncode != 0
    assert result.stderr.strip() == (
        "writer bench: --pause-ms 5 is not a pause a writer makes; give 50 to 10000 milliseconds"
    )


def test_against_must_be_a_writer_source_tree(tmp_path: Path) -> None:
    result = _bench("--only", "quality", "--against", str(tmp_path))
    assert result.returncode != 0
    assert result.stderr.strip() == (
        f"writer bench: {tmp_path} is not a Writer source tree (it has no writer/__init__.py)"
    )


def test_calibration_records_each_ghost_shown_and_what_was_taken(scripted_worker, scripted):
    from writer.assist.suggestions import SuggestionSettings

    settings = SuggestionSettings(debounce_ms=10, confidence_cutoff=0.5)
    sim = SimulatedWriter(
        scripted_worker, calibrate=True, settings=settings, pause_s=LONG, key_interval_s=AT_ONCE
    )
    try:
        assert sim.s.settings.confidence_cutoff == 0.0  # the gate off
        assert sim.s.settings.show_first_prob == 0.0
        assert sim.s.settings.trim_run_prob == 0.0
        scripted.enqueue("continuation", [("cat", 0.9), (" sat", 0.8), (" down", 0.2)])
        text = "The cat sat on a mat.\n"
        tally = sim.type_text(text, "en")
        assert sim.editor.toPlainText() == text
    finally:
        sim.close()
    first = tally.records[0]
    assert (first["lang"], first["mid"], first["pause"]) == ("en", False, "word")
    assert first["ghost"] == "cat sat down"
    assert (first["first_word_taken"], first["chars_taken"]) == (True, len("cat sat"))
    assert first["before"] == "The "
    assert first["char_probs"] == [0.9] * 3 + [0.8] * 4 + [0.2] * 5
    assert len(tally.records) == tally.ghosts  # one line a ghost shown
    assert all(set(r) >= {"token_probs", "ghost", "chars_taken"} for r in tally.records)
