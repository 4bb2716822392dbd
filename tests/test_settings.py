"""Settings.update: the one way to change a setting (Qt-free; plain pytest)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from writer import settings as settings_module
from writer.settings import RELOAD_KEYS, Change, Settings


@pytest.fixture
def writes(monkeypatch) -> list[Path]:
    """Every write of a settings file."""
    seen: list[Path] = []
    real = settings_module.replace_file

    def counting(target, data, **kwargs):
        seen.append(Path(target))
        return real(target, data, **kwargs)

    monkeypatch.setattr(settings_module, "replace_file", counting)
    return seen


def test_update_announces_exactly_the_changed_keys_and_saves_once(
    tmp_path: Path, writes: list[Path]
) -> None:
    path = tmp_path / "settings.json"
    settings = Settings.load(path)
    heard: list[Change] = []
    settings.subscribe(heard.append)
    change = settings.update(debounce_ms=220, theme="dark", stop_at="sentence")  # stop_at as is
    assert change.keys == {"debounce_ms", "theme"}
    assert heard == [change]
    assert change.affects("theme", "n_ctx")
    assert not change.affects("stop_at")
    assert writes == [path]
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert (saved["debounce_ms"], saved["theme"]) == (220, "dark")
    assert Settings.load(path).debounce_ms == 220


def test_an_update_that_changes_nothing_saves_and_announces_nothing(
    tmp_path: Path, writes: list[Path]
) -> None:
    settings = Settings.load(tmp_path / "settings.json")
    heard: list[Change] = []
    settings.subscribe(heard.append)
    assert not settings.update(debounce_ms=settings.debounce_ms).keys
    assert heard == []
    assert writes == []


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"n_ctx": 10}, "n_ctx: a number from 256"),
        ({"theme": "purple"}, "one of 'system', 'light', 'dark'"),
        ({"n_gpu_layers": "lots"}, "auto, all or a number"),
        ({"suggestions_enabled": "yes"}, "true or false"),
        ({"colour": "red"}, "no setting called 'colour'"),
        ({"rewrite_presets": [["only a name"]]}, "[name, instruction] pairs"),
        ({"export_titles": "Marrow Bay"}, "project folders and their titles"),
        ({"export_folders": ["/out"]}, "project folders and the folders their exports"),
        ({"cursor_positions": 12}, "file names and numbers"),
    ],
)
def test_a_bad_value_is_refused_in_words_and_nothing_is_applied(
    tmp_path: Path, writes: list[Path], changes: dict, words: str
) -> None:
    settings = Settings.load(tmp_path / "settings.json")
    heard: list[Change] = []
    settings.subscribe(heard.append)
    with pytest.raises(ValueError, match="valid|no setting") as caught:
        settings.update(debounce_ms=300, **changes)  # a good change beside the bad one
    assert words in str(caught.value)
    assert settings.debounce_ms == 150
    assert settings == Settings()
    assert heard == []
    assert writes == []


def test_reload_keys_are_the_ones_the_backend_is_opened_with() -> None:
    assert Change(frozenset({"n_ctx"})).needs_reload()
    assert Change(frozenset({"offline", "theme"})).needs_reload()
    assert not Change(frozenset({"debounce_ms", "font_size", "recent_files"})).needs_reload()
    assert {"model_path", "n_gpu_layers", "server_url", "use_server", "local_only"} <= RELOAD_KEYS


def test_an_unsubscribed_listener_hears_nothing_and_a_failing_one_stops_no_other(
    tmp_path: Path,
) -> None:
    settings = Settings.load(tmp_path / "settings.json")
    heard: list[Change] = []

    def broken(_change: Change) -> None:
        raise RuntimeError("a listener with a bug")

    settings.subscribe(broken)
    settings.subscribe(heard.append)
    settings.update(text_width=50)
    settings.unsubscribe(heard.append)
    settings.update(text_width=60)
    assert [c.keys for c in heard] == [{"text_width"}]
    assert settings.text_width == 60


def test_remember_file_keeps_the_recent_files_and_cursor_places(tmp_path: Path) -> None:
    settings = Settings.load(tmp_path / "settings.json")
    settings.update(cursor_positions={f"/notes/{i}.md": i for i in range(200)})
    heard: list[Change] = []
    settings.subscribe(heard.append)
    for name in ("a", "b", "a"):
        settings.remember_file(f"/notes/{name}.md", 7)
    assert settings.recent_files == ["/notes/a.md", "/notes/b.md"]
    assert len(settings.cursor_positions) == 200
    assert settings.cursor_positions["/notes/a.md"] == 7
    assert "/notes/0.md" not in settings.cursor_positions  # the oldest place went
    assert heard[0].keys == {"recent_files", "cursor_positions"}
    again = Settings.load(settings.path)
    assert again.recent_files == settings.recent_files


def test_a_file_written_before_update_existed_still_loads(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    old = {
        "model_path": "",
        "n_gpu_layers": "auto",
        "max_suggestion_tokens": 30,
        "confidence_cutoff": 0.25,
        "recent_files": ["/notes/a.md"],
        "cursor_positions": {"/notes/a.md": 12},
    }
    path.write_text(json.dumps(old), encoding="utf-8")
    settings = Settings.load(path)
    assert settings.problems == []
    assert (settings.max_suggestion_tokens, settings.confidence_cutoff) == (30, 0.25)
    assert settings.update(max_suggestion_tokens=31).keys == {"max_suggestion_tokens"}
    assert "_subscribers" not in json.loads(path.read_text(encoding="utf-8"))


def test_the_projects_export_titles_keep_their_words_and_drop_what_is_not_a_title(
    tmp_path: Path,
) -> None:
    path = tmp_path / "settings.json"
    titles = {"/books/bay": "The Keeper", "/books/moor": 3, "/books/fen": None}
    path.write_text(json.dumps({"export_titles": titles}), encoding="utf-8")
    assert Settings.load(path).export_titles == {"/books/bay": "The Keeper"}
    assert Settings.load(path).cursor_positions == {}
