"""Banned phrases: the matcher and its held-back text (generation/bans.py), the engine's rewinds
on the starter model (engine/bans.py, decode.py), the server backend's cut, the setting and its
page in Settings."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from tests.conftest import fuzz_examples
from tests.scripted_server import ScriptedServer, chunk, send_json, start_events, write
from writer.generation.bans import (
    COMMON_CLICHES,
    MAX_REWINDS_AT,
    BanError,
    BanGuard,
    ChunkCut,
    banned_in,
    check_bans,
    compile_bans,
)
from writer.generation.requests import ContinuationRequest, RewriteRequest
from writer.generation.results import FinishReason
from writer.patterns import SLOW
from writer.settings import Settings

GIRL = "Once upon a time, there was a little girl named"


# the matcher ------------------------------------------------------------------------------------
def feed(bans: list[str], units: list[str]) -> tuple[str, list[int]]:
    """What a guard lets out of `units` when the backend goes on after a ban (dropping the unit
    that began it), and the banned units' indexes."""
    guard = BanGuard(compile_bans(bans))
    out, held, banned = [], [], []
    for i, unit in enumerate(units):
        held.append(unit)
        verdict = guard.push(unit)
        if verdict.banned is not None:
            banned.append(i)
            guard.rewind(verdict.banned)
            del held[verdict.banned :]
            continue
        out += held[: verdict.release]
        del held[: verdict.release]
        if verdict.stop:  # too many rewinds at one point: the text ends before the phrase
            return "".join(out), banned
    verdict = guard.finish()
    if verdict.stop:
        return "".join(out + held[: verdict.release]), banned
    if verdict.banned is not None:
        banned.append(len(units))
        del held[verdict.banned :]
    out += held
    return "".join(out), banned


def test_a_phrase_is_held_until_it_is_complete_and_then_banned_where_it_began() -> None:
    guard = BanGuard(compile_bans(["a tapestry of"]))
    assert guard.push("It was").release == 1  # nothing banned begins here
    assert guard.push(" a").release == 0  # " a" may begin the phrase
    assert guard.push(" tap").release == 0
    assert guard.push("estry").release == 0
    assert guard.push(" of").banned is None  # " often" would be no ban: wait for what follows
    verdict = guard.push(" light")
    assert verdict.banned == 0  # the phrase began in " a"
    assert verdict.keep == " "
    guard.rewind(0)
    assert guard.units == []
    assert guard.push(" story").release == 1


def test_words_match_whole_and_ignore_case() -> None:
    bans = ["very", "Tapestry"]
    # found when the character after it comes; the backend goes back to where it began
    assert feed(bans, ["Every", " day", " is", " TAPESTRY", "."]) == ("Every day is", [4])
    assert feed(bans, ["The", " very", " end"]) == ("The", [2])
    assert feed(bans, ["Every", "thing"]) == ("Everything", [])
    # a match that reaches the end of the text counts when the generation ends there
    guard = BanGuard(compile_bans(bans))
    guard.push(" very")
    assert guard.finish().banned == 0


def test_regular_expressions_ban_every_form() -> None:
    bans = ["/delv(e|es|ing)/", "/colou?r/"]
    text, banned = feed(bans, ["We", " delve", " into", " the", " colour", "s", "."])
    assert banned == [2, 5]
    assert banned_in(text, compile_bans(bans)) == []


def test_chinese_phrases_are_banned_at_once() -> None:
    guard = BanGuard(compile_bans(["夜色如墨"]))
    units = ["他", "说", "夜", "色", "如"]
    out = []
    for unit in units:
        verdict = guard.push(unit)
        assert verdict.banned is None
        out += units[len(out) : len(out) + verdict.release]
    assert "".join(out) == "他说"
    verdict = guard.push("墨")  # no letter can follow and undo it: banned without waiting
    assert verdict.banned == 0
    assert verdict.keep == ""


def test_the_writers_own_word_passes_but_a_ban_it_begins_ends_the_text() -> None:
    guard = BanGuard(compile_bans(["tapestry"]), skip=len(" tapestry"))
    for unit in [" tap", "estry", " was", " old"]:
        assert guard.push(unit).banned is None
    guard = BanGuard(compile_bans(["tapestry"]), skip=len(" tap"))
    guard.push(" tap")
    verdict = guard.push("estry ")
    assert verdict.stop  # nobody goes back into what the writer typed: the text ends
    assert verdict.banned is None


def test_a_ban_that_would_loop_forever_stops() -> None:
    guard = BanGuard(compile_bans(["/\\w/"]))
    verdicts = []
    for _ in range(20):
        verdict = guard.push(" x.")
        verdicts.append(verdict)
        if verdict.stop:
            break
        guard.rewind(verdict.banned)
    assert verdicts[-1].stop
    assert guard.rewinds == MAX_REWINDS_AT


@pytest.mark.parametrize(
    ("line", "kind"),
    [("/a(b/", "regex"), ("/[z-a]/", "regex"), ("/a*/", "empty"), ("x" * 201, "long")],
)
def test_a_line_that_cannot_be_banned_is_named(line: str, kind: str) -> None:
    with pytest.raises(BanError) as caught:
        check_bans(f"fine\n\n{line}")
    assert caught.value.line == 3
    assert caught.value.kind == kind
    assert str(caught.value).endswith(".")


def test_the_common_cliches_compile_and_hold_chinese() -> None:
    bans = compile_bans(COMMON_CLICHES)
    assert bans
    assert any("\u4e00" <= ch <= "\u9fff" for line in COMMON_CLICHES for ch in line)
    assert banned_in("A rich tapestry of sound.", bans) == ["rich tapestry"]


@settings(max_examples=fuzz_examples(150), deadline=None)
@given(st.lists(st.text(max_size=30), max_size=6))
def test_any_list_compiles_or_names_its_line(lines: list[str]) -> None:
    try:
        bans = compile_bans(lines)
    except BanError as exc:
        error = exc
    else:
        error = None
    if error is not None:
        assert 1 <= error.line <= len(lines)
        return
    assert bans.lines == tuple(dict.fromkeys(ln.strip() for ln in lines if ln.strip()
                                             and not ln.strip().startswith("#")))  # fmt: skip


WORDS = ["a", " a", " tap", "estry", " of", " very", "Very", " every", " 夜", "色", "如墨", ".",
         " colour", " color", "s", " the", "", "\n", " delving", " day"]  # fmt: skip
BANS = ["a tapestry of", "very", "夜色如墨", "/colou?r/", "/delv\\w*/"]


@settings(max_examples=fuzz_examples(300), deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=30))
def test_a_cut_stream_never_shows_a_banned_phrase_and_loses_nothing_else(
    units: list[str],
) -> None:
    bans = compile_bans(BANS)
    cut = ChunkCut(bans, cut_extra="cut")
    out: list[str] = []
    for unit in units:
        out += [text for text, _extra in cut.push(unit, "x")]
    out += [text for text, _extra in cut.finish()]
    shown, whole = "".join(out), "".join(units)
    assert whole.startswith(shown)
    assert banned_in(shown, bans) == []
    if not cut.cut:
        assert shown == whole
    else:
        # cut where the first banned phrase begins (a space before it goes with it)
        first = bans.pattern.search(whole)
        assert first is not None
        assert len(shown) <= first.start()
        assert whole[len(shown) : first.start()].strip() == ""


@settings(max_examples=fuzz_examples(300), deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=30))
# five rewinds at one point: the guard stops at the end (the helper once let the phrase out)
@example([" colour", "a", " very", " a", " colour", "a", " colour", "a", " very"])
def test_a_rewinding_guard_lets_out_no_banned_phrase(units: list[str]) -> None:
    text, _banned = feed(BANS, units)
    assert banned_in(text, compile_bans(BANS)) == []


# the engine, on the starter model ---------------------------------------------------------------
def continue_(engine, before: str, banned: tuple[str, ...] = (), tokens: int = 32):
    stream = engine.continuation(
        ContinuationRequest(before, max_tokens=tokens, stop_at="none", banned=banned)
    )
    return stream.text(), stream.stats


def test_a_phrase_the_model_writes_is_banned_by_rewinding(engine) -> None:
    plain, _ = continue_(engine, GIRL)
    assert plain.startswith(" Emma")  # what the starter model writes here, greedily
    text, stats = continue_(engine, GIRL, ("emma",))
    assert "emma" not in text.lower()
    assert stats.rewinds >= 1
    assert text.strip()  # it went on with another name
    assert stats.finish_reason == FinishReason.LENGTH
    # the cache still holds what it says: the same request without the ban gives the same text
    assert continue_(engine, GIRL)[0] == plain


def test_a_regular_expression_bans_every_form(engine) -> None:
    plain, _ = continue_(engine, "The capital of France is")
    assert "Paris" in plain
    text, stats = continue_(engine, "The capital of France is", ("/par(is|isian)?\\b/",))
    assert not re.search(r"par(is|isian)?\b", text, re.IGNORECASE)
    assert stats.rewinds >= 1


def test_a_chinese_phrase_is_banned(engine) -> None:
    plain, _ = continue_(engine, "我们今天去公园")
    assert "美食" in plain
    text, stats = continue_(engine, "我们今天去公园", ("美食",))
    assert "美食" not in text
    assert stats.rewinds >= 1
    assert "\ufffd" not in text  # whole characters after a rewind into a character's bytes


def test_a_ban_that_could_loop_forever_stops_the_suggestion(engine) -> None:
    text, stats = continue_(engine, "The capital of France is Paris.", ("/[a-z]/",))
    assert not re.search("[a-z]", text, re.IGNORECASE)
    assert stats.finish_reason == FinishReason.STOP
    assert MAX_REWINDS_AT <= stats.rewinds <= 64
    # it ended right after a rewind: the logits it left have banned tokens taken out, so they
    # are not kept for the next request (which may not ban them)
    row = engine.cache.kept_row(engine.cached_tokens)
    assert row is None or not np.isneginf(row).any()


def test_a_rewrite_never_writes_a_banned_phrase(engine) -> None:
    from writer.assist.presets import PRESETS

    sentence = "The harbour was quiet because nobody had come back from the storm yet."
    plain = engine.rewrite(RewriteRequest(sentence, PRESETS["Improve"])).text()
    assert "passage" in plain.lower()  # the starter model talks about the passage
    stream = engine.rewrite(RewriteRequest(sentence, PRESETS["Improve"], banned=("passage",)))
    text = stream.text()
    assert "passage" not in text.lower()
    assert stream.stats.rewinds >= 1
    assert text.strip()


def test_alternatives_holding_a_banned_phrase_are_left_out(engine) -> None:
    """Beam search does not rewind: an alternative that holds a banned phrase is dropped."""
    request = ContinuationRequest(GIRL, max_tokens=8, stop_at="none")
    plain = [alt.text for alt in engine.alternatives(request, 4).items]
    assert any("Emma" in text for text in plain)
    request.banned = ("emma",)
    found = [alt.text for alt in engine.alternatives(request, 4).items]
    assert found == [text for text in plain if "emma" not in text.lower()]


# the server backend -----------------------------------------------------------------------------
def test_a_servers_stream_is_cut_before_a_banned_phrase(tmp_path: Path) -> None:
    from writer.remote.backend import ServerBackend
    from writer.remote.client import Endpoint

    def no_extras(handler, _body) -> None:
        send_json(handler, {"choices": [{"index": 0, "text": " x", "finish_reason": "length"}]})

    def script(handler, _body) -> None:
        start_events(handler)
        words = [" It", " was", " a", " tap", "estry", " of", " light", "."]
        write(handler, b"".join(chunk(w, -0.1) for w in words) + b"data: [DONE]\n\n")

    with ScriptedServer() as server:
        server.route("POST", "/v1/completions", no_extras, no_extras, script)
        backend = ServerBackend(Endpoint.parse(server.url))
        request = ContinuationRequest("Once", stop_at="none", banned=("a tapestry of",))
        stream = backend.continuation(request)
        assert stream.text() == " It was"
        assert stream.stats.finish_reason == FinishReason.STOP


# the setting and its page -----------------------------------------------------------------------
def test_banned_phrases_round_trip_and_a_bad_regex_is_refused(tmp_path: Path) -> None:
    settings_ = Settings.load(tmp_path / "settings.json")
    lines = ["# mine", "  a tapestry of ", "/colou?r/", "夜色如墨", "", "/colou?r/"]
    change = settings_.update(banned_phrases=lines)
    assert change.affects("banned_phrases")
    again = Settings.load(settings_.path)
    assert again.banned_phrases == ["# mine", "a tapestry of", "/colou?r/", "夜色如墨"]
    assert compile_bans(again.banned_phrases).lines == ("a tapestry of", "/colou?r/", "夜色如墨")
    with pytest.raises(ValueError, match="banned_phrases"):
        settings_.update(banned_phrases=["/a(b/"])
    with pytest.raises(BanError) as caught:  # (it would hold every suggestion for minutes)
        compile_bans(["/(a+)+b/"])
    assert caught.value.reason == SLOW
    assert Settings.load(settings_.path).banned_phrases == again.banned_phrases
    raw = json.loads(settings_.path.read_text(encoding="utf-8"))
    raw["banned_phrases"] = ["/(/"]
    settings_.path.write_text(json.dumps(raw), encoding="utf-8")
    loaded = Settings.load(settings_.path)
    assert loaded.banned_phrases == []
    assert "banned_phrases" in loaded.problems[0]


def test_a_presets_instruction_wraps_in_its_box(qtbot, tmp_path: Path) -> None:
    """Settings → Rewrite Presets → Edit: the instruction's box wraps its lines (Qt's own
    multi-line input ran a long instruction off to the right on one line)."""
    from PySide6.QtWidgets import QPlainTextEdit

    from writer.ui.settings_dialog import SettingsDialog

    dialog = SettingsDialog(Settings.load(tmp_path / "settings.json"))
    qtbot.addWidget(dialog)
    asked = dialog.instruction_dialog("Rewrite it in a plainer way, keeping every name. " * 4)
    asked.show()
    box = asked.findChild(QPlainTextEdit)
    qtbot.waitUntil(lambda: box.document().firstBlock().layout().lineCount() > 1)
    assert box.horizontalScrollBar().maximum() == 0
    asked.reject()


def test_the_banned_phrases_page(qtbot, tmp_path: Path) -> None:
    from PySide6.QtCore import Qt

    from writer.ui.settings_dialog import SettingsDialog

    settings_ = Settings.load(tmp_path / "settings.json")
    dialog = SettingsDialog(settings_)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.tabs.setCurrentIndex(dialog.tabs.indexOf(dialog.bans.parentWidget()))
    assert dialog.bans.toPlainText() == ""  # the clichés are off until the writer adds them
    dialog.bans.setFocus()
    qtbot.keyClicks(dialog.bans, "delve")
    qtbot.keyClick(dialog.bans, Qt.Key.Key_Return)
    qtbot.keyClicks(dialog.bans, "/colou(r/")
    assert "line 2" in dialog.bans_problem.text()
    assert "regular expression" in dialog.bans_problem.text()
    with pytest.raises(ValueError, match="Nothing was saved"):
        dialog.apply()
    assert settings_.banned_phrases == []
    assert not Settings.load(settings_.path).banned_phrases
    dialog.bans.setPlainText("delve\n/colou?r/")
    assert dialog.bans_problem.text() == ""
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    qtbot.keyClick(dialog.bans, Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)  # A&dd common …
    qtbot.waitUntil(lambda: "夜色如墨" in dialog.bans.toPlainText())  # a mnemonic animates a click
    lines = dialog.bans.toPlainText().splitlines()
    assert lines[:2] == ["delve", "/colou?r/"]
    assert "a tapestry of" in lines
    assert "夜色如墨" in lines
    dialog.apply()
    assert settings_.banned_phrases == lines
    assert Settings.load(settings_.path).banned_phrases == lines


def test_the_window_follows_the_setting(qtbot, state, window) -> None:
    from PySide6.QtGui import QTextCursor

    from tests.conftest import wait_until

    editor = window.editor
    editor.setPlainText(GIRL)
    cursor = editor.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.End)
    editor.setTextCursor(cursor)
    assert window.suggestions.request_here().banned == ()
    state.settings.update(banned_phrases=["emma"])
    assert window.suggestions.request_here().banned == ("emma",)
    window.suggestions.request_now(asked=True)
    wait_until(lambda: editor.ghost_visible and window.worker.idle, 60_000)
    assert editor.ghost_text.strip()
    assert "emma" not in editor.ghost_text.lower()


def test_a_preset_is_added_with_the_keyboard_alone(qtbot, tmp_path: Path, monkeypatch) -> None:
    """Tab in the instruction's box goes on to OK (it typed a tab, and Enter a new line: the
    keyboard could not reach OK, and a preset could not be added without the mouse)."""
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtWidgets import QApplication, QInputDialog, QPlainTextEdit

    from writer.ui.settings_dialog import SettingsDialog

    dialog = SettingsDialog(Settings.load(tmp_path / "settings.json"))
    qtbot.addWidget(dialog)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Darker", True))

    def by_keys(asked: QInputDialog) -> int:
        asked.show()
        asked.activateWindow()
        qtbot.waitUntil(asked.isActiveWindow)
        box = asked.findChild(QPlainTextEdit)
        box.setFocus()
        box.setPlainText("Make it darker.")
        qtbot.keyClick(box, Qt.Key.Key_Tab)
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)  # OK
        return asked.result()

    monkeypatch.setattr(QInputDialog, "exec", by_keys)
    # (a dialog of Qt's own making would wait for the mouse: Esc for it after a while)
    give_up = QTimer(dialog)
    give_up.setSingleShot(True)
    give_up.timeout.connect(lambda: (w := QApplication.activeModalWidget()) and w.reject())
    give_up.start(3000)
    dialog._new_preset()
    give_up.stop()  # (it fired in a later test)
    assert dialog.preset_rows()[-1] == ["Darker", "Make it darker."]


def test_a_second_preset_of_one_name_is_asked_another(qtbot, tmp_path: Path, monkeypatch) -> None:
    """Add… with the name Shorter listed a second Shorter beside the first, and the rewrite
    menu showed both alike. The name is asked again with a sentence, the name typed kept;
    editing a preset keeps its own name."""
    from PySide6.QtWidgets import QInputDialog

    from writer.ui.settings_dialog import SettingsDialog

    dialog = SettingsDialog(Settings.load(tmp_path / "settings.json"))
    qtbot.addWidget(dialog)
    answers = iter(["shorter", "Briefer"])
    asked: list[tuple[str, str]] = []

    def get_text(_parent, _title, label, text=""):
        asked.append((label, text))
        return next(answers), True

    monkeypatch.setattr(QInputDialog, "getText", get_text)
    monkeypatch.setattr(QInputDialog, "exec", lambda box: (box.setTextValue("Half as long."), 1)[1])
    before = dialog.preset_rows()
    dialog._new_preset()
    assert len(asked) == 2
    assert asked[0][0] == "&Name:"
    assert "A preset is already named “shorter”" in asked[1][0]
    assert asked[1][0].endswith("&Name:")
    assert asked[1][1] == "shorter"  # the name typed, kept to mend
    assert dialog.preset_rows() == [*before, ["Briefer", "Half as long."]]
    names = [row[0].casefold() for row in dialog.preset_rows()]
    assert len(names) == len(set(names))
    # editing a preset under its own name is no clash
    answers = iter(["Briefer"])
    asked.clear()
    dialog.presets.setCurrentRow(dialog.presets.count() - 1)
    dialog._edit_preset()
    assert len(asked) == 1
    assert dialog.preset_rows()[-1] == ["Briefer", "Half as long."]
