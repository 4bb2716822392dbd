"""User settings: a small JSON file in the platformdirs config folder, with one owner.

The app loads `Settings` once and passes that object to whoever reads or changes it (windows,
dialogs, the model store). Changes go through `update(**changes)`: it checks every value with
the rules loading uses (a bad one raises ValueError and nothing is applied), saves once and tells
each subscriber which keys changed (`Change.affects`). Nobody else saves the file or pushes a
change into a window. `RELOAD_KEYS` are the settings the backend is opened with: a change to
one of them reopens the model. Loading never fails: a value of the wrong type or out of range
falls back to its default, and `problems` says which, in sentences.
"""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from writer import paths
from writer.documents.atomic import replace_file
from writer.engine.gpu import GpuLayers, parse_gpu_layers
from writer.generation.backend import DEFAULT_CONTEXT
from writer.generation.bans import BanError, check_bans
from writer.generation.confidence import SHOW_FIRST_PROB
from writer.sentences import said

log = logging.getLogger(__name__)

MAX_FILE_BYTES = 1 << 20  # a settings file is a few KB; a larger one is not read
STOP_AT = ("sentence", "line", "none")
THEMES = ("system", "light", "dark")
LANGUAGES = ("", "en", "zh_CN")
PROJECT_OPEN_IN = ("same", "new")  # the project panel opens a document here or in a new window
# what the backend is opened with: a change to one of these opens the model (or server) again
RELOAD_KEYS = frozenset(
    {
        "model_path",
        "n_gpu_layers",
        "n_ctx",
        "n_threads",
        "server_url",
        "server_model",
        "use_server",
        "local_only",
        "offline",
    }
)
# View → Zoom In and Zoom Out go from one step to the next (VS Code's and the browsers' steps)
ZOOM_STEPS = (0.5, 0.67, 0.75, 0.8, 0.9, 1.0, 1.1, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0)
LIMITS = {
    "n_ctx": (256, 1 << 20),
    "n_threads": (0, 1024),
    "debounce_ms": (0, 10_000),
    "max_suggestion_tokens": (1, 4096),
    "confidence_cutoff": (0.0, 1.0),
    "show_first_prob": (0.0, 1.0),
    "font_size": (0.0, 96.0),
    "zoom": (ZOOM_STEPS[0], ZOOM_STEPS[-1]),
    "text_width": (10, 400),
    "memory_budget": (0, 1 << 18),
    "keep_versions": (0, 1000),
    "daily_goal": (0, 1_000_000),
}
CHOICES = {
    "stop_at": STOP_AT,
    "theme": THEMES,
    "language": LANGUAGES,
    "project_open_in": PROJECT_OPEN_IN,
    "focus_text": ("", "sentence", "paragraph"),
}
MAX_RECENT_FILES = 12
MAX_RECENT_FOLDERS = 12
MAX_CURSOR_POSITIONS = 200


@dataclass(frozen=True)
class Change:
    """The keys one `Settings.update` changed."""

    keys: frozenset[str]

    def affects(self, *keys: str) -> bool:
        """Whether any of `keys` changed."""
        return not self.keys.isdisjoint(keys)

    def needs_reload(self) -> bool:
        """Whether the backend must be opened again."""
        return not self.keys.isdisjoint(RELOAD_KEYS)


@dataclass
class Settings:
    """Everything the user can set."""

    model_path: str = ""
    n_gpu_layers: str = "auto"  # "auto", "all" or a number
    n_ctx: int = DEFAULT_CONTEXT
    n_threads: int = 0  # 0: as many as suit this machine
    suggestions_enabled: bool = True
    debounce_ms: int = 150
    max_suggestion_tokens: int = 48
    stop_at: str = "sentence"  # "sentence", "line" or "none"
    confidence_cutoff: float = 0.0  # cut a suggestion at its first token below this probability
    show_first_prob: float = SHOW_FIRST_PROB  # show a suggestion from this first-token probability
    # work ahead while the writer types: each word read as it would end where it may, and the
    # next suggestion asked before this one is taken (sooner ghosts for more processor time)
    look_ahead: bool = True
    recent_files: list[str] = field(default_factory=list)
    recent_folders: list[str] = field(default_factory=list)  # projects, most recent first
    project_open_in: str = "same"  # "same" or "new": where the project panel opens a document
    auto_save: bool = False  # File → Auto Save: a document with a file is saved as typing pauses
    reopen_last: bool = True  # a plain start opens again the windows open when Writer last quit
    # those windows, in order: [file, project folder] ("" for none), kept as they change
    last_session: list[list[str]] = field(default_factory=list)
    cursor_positions: dict[str, int] = field(default_factory=dict)
    recent_instructions: list[str] = field(default_factory=list)
    recent_commands: list[str] = field(default_factory=list)  # the command palette's, in English
    rewrite_presets: list[list[str]] = field(default_factory=list)  # [name, text]; []: built-in
    server_url: str = ""  # an OpenAI-compatible server, used while use_server is on
    server_model: str = ""  # "" : the server's first model
    use_server: bool = False
    local_only: bool = False  # never send text to a server, not even one on this computer
    offline: bool = False  # no network: no Hub, no server outside this computer
    theme: str = "system"  # "system", "light" or "dark"
    font_family: str = ""  # "": a serif the system has
    font_size: float = 0.0  # 0: the default
    typewriter: bool = False  # View → Typewriter Scrolling: the line written stays mid-view
    focus_text: str = ""  # View → Focus on Sentence / Paragraph: the rest dimmed ("": off)
    smart_quotes: bool = False  # Format → Typographic Quotes: quotes typed (and taken) curly
    zoom: float = 1.0  # View → Zoom In/Out: the text at this times `font_size`
    window_geometry: str = ""  # the last window's size and place (Qt's, in base64)
    text_width: int = 40  # the text column, in ems
    language: str = ""  # "": the system's; "en" or "zh_CN"
    markdown_preview: bool = False  # View → Markdown Preview: a new window opens with it
    outline_panel: bool = False  # View → Outline: a new window opens with it
    context_panel: bool = False  # View → Context Panel: a new window opens with it
    find_in_project_panel: bool = False  # Find in Project: a project's new window opens with it
    # and searches this again: [the project's folder, the query last searched there]
    find_in_project_query: list[str] = field(default_factory=list)
    welcomed: bool = False  # the first-run welcome was shown
    # a project's memory (writer/project): which parts go into requests, and its budget
    memory_notes: bool = True  # the notes' sections without keywords, always
    memory_lore: bool = True  # the notes' sections whose keywords are near the cursor
    memory_passages: bool = True  # passages of the project's other documents
    memory_style: bool = True  # the notes' "Style" section, a few lines before the cursor
    memory_budget: int = 0  # tokens; 0: a quarter of the context
    notes_file: str = "notes.md"  # the project's notes document, in its folder
    keep_versions: int = 50  # each saved document's earlier versions kept (0: none)
    # words to write each day, in all documents (writer/documents/tally.py); 0: no goal
    daily_goal: int = 0
    # what no suggestion or rewrite may write: phrases, /regular expressions/ (generation/bans.py)
    banned_phrases: list[str] = field(default_factory=list)
    spell_check: bool = True  # Edit → Check Spelling: misspelled words underlined
    spell_dictionary: str = ""  # "": the document's language's; else a dictionary's name (en_US)
    # File → Export Project: the author's name, and what comes before the text (writer/ui/front.py)
    export_author: str = ""
    # and each project's title, where the writer typed one: {the project's folder: the title}
    export_titles: dict[str, str] = field(default_factory=dict)
    # where each project's last export went (File → Export, Export Project): {the project's
    # folder ("" for the documents outside any project): the folder}; the next export's file
    # dialog opens there
    export_folders: dict[str, str] = field(default_factory=dict)
    export_title_page: bool = True
    export_contents: bool = True
    path: Path | None = field(default=None, repr=False, compare=False)
    problems: list[str] = field(default_factory=list, repr=False, compare=False)
    _subscribers: list[Callable[[Change], None]] = field(
        default_factory=list, repr=False, compare=False
    )

    @classmethod
    def file(cls) -> Path:
        return paths.config_dir() / "settings.json"

    @classmethod
    def load(cls, path: Path | None = None) -> Settings:
        path = path or cls.file()
        settings = cls(path=path)
        try:
            if path.stat().st_size > MAX_FILE_BYTES:
                raise ValueError(f"it is larger than {MAX_FILE_BYTES // 1024} KB")
            raw = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return settings
        except (OSError, ValueError, RecursionError) as exc:
            log.warning("settings file %s unreadable (%s); using defaults", path, exc)
            settings.problems.append(
                said(
                    "The settings file {0} could not be read ({1}); Writer uses its defaults.",
                    path,
                    exc,
                )
            )
            return settings
        if not isinstance(raw, dict):
            settings.problems.append(
                said("The settings file {0} holds no settings; Writer uses its defaults.", path)
            )
            return settings
        bad: list[str] = []
        for f in _saved_fields():
            if f.name not in raw:
                continue
            value = _checked(f.name, raw[f.name], getattr(settings, f.name))
            if value is _BAD:
                bad.append(f.name)
            else:
                setattr(settings, f.name, value)
        if bad:
            settings.problems.append(
                said(
                    "Some settings were not valid and are back to their defaults: {0}.",
                    ", ".join(bad),
                )
            )
        return settings

    # changing ------------------------------------------------------------------------------
    def update(self, **changes: Any) -> Change:
        """Check, apply and save `changes`, then tell the subscribers which keys changed.

        A value the file could not hold (wrong type, out of range, unknown key) raises
        ValueError with a sentence, and no value is applied. Values equal to the current ones
        are not changes; with no change, nothing is saved or announced."""
        checked: dict[str, Any] = {}
        for name, value in changes.items():
            if name not in _SAVED_NAMES:
                raise ValueError(f"Writer has no setting called {name!r}.")
            good = _checked(name, value, _DEFAULTS[name])
            if good is _BAD:
                raise ValueError(f"{value!r} is not a valid {name}: {_rule(name)}.")
            checked[name] = good
        changed = {name for name, value in checked.items() if getattr(self, name) != value}
        if not changed:
            return Change(frozenset())
        for name in changed:
            setattr(self, name, checked[name])
        self.save()
        change = Change(frozenset(changed))
        for callback in list(self._subscribers):
            try:
                callback(change)
            except Exception:
                log.exception("a settings subscriber failed on %s", sorted(changed))
        return change

    def subscribe(self, callback: Callable[[Change], None]) -> None:
        """Call `callback(change)` after each update that changes something."""
        if callback not in self._subscribers:
            self._subscribers.append(callback)

    def unsubscribe(self, callback: Callable[[Change], None]) -> None:
        if callback in self._subscribers:
            self._subscribers.remove(callback)

    def remember_file(self, file: str, cursor: int | None = None) -> Change:
        """Put `file` first in the recent files, with the cursor's place in it if given."""
        recent = [file] + [f for f in self.recent_files if f != file]
        changes: dict[str, Any] = {"recent_files": recent[:MAX_RECENT_FILES]}
        if cursor is not None:
            changes["cursor_positions"] = latest(
                self.cursor_positions, file, cursor, MAX_CURSOR_POSITIONS
            )
        return self.update(**changes)

    def file_renamed(self, old: str, new: str) -> Change:
        """The file `old` is named `new` now (renamed in Writer, or followed): the recent
        files and the cursor's place in it go with it."""
        recent: list[str] = []
        for f in self.recent_files:
            f = new if f == old else f
            if f not in recent:
                recent.append(f)
        positions = {(new if k == old else k): v for k, v in self.cursor_positions.items()}
        return self.update(recent_files=recent, cursor_positions=positions)

    def remember_folder(self, folder: str) -> Change:
        """Put the project `folder` first in the recent folders."""
        recent = [folder] + [f for f in self.recent_folders if f != folder]
        return self.update(recent_folders=recent[:MAX_RECENT_FOLDERS])

    def save(self) -> None:
        """Write the file atomically (a crash leaves the old or the new one); a failure is
        logged, never raised: settings are not worth stopping the writer for. Changes go
        through `update`, which calls this."""
        target = self.path or self.file()
        try:
            data = json.dumps(self.to_dict(), indent=2, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError:
            # a file name that is not UTF-8 (its bytes kept as lone surrogates by Python) in
            # the recent files or the session: written as \u escapes, which read back the same
            # (it raised, and no setting was saved again for the rest of the session)
            data = json.dumps(self.to_dict(), indent=2).encode("ascii")
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            replace_file(target, data, durable=False)
        except OSError as exc:
            log.warning("could not save settings to %s: %s", target, exc)

    def memory_parts(self) -> frozenset[str]:
        """The parts of a project's memory that go into requests (writer/project/memory.py)."""
        switches = {
            "notes": self.memory_notes,
            "lore": self.memory_lore,
            "passage": self.memory_passages,
            "style": self.memory_style,
        }
        return frozenset(kind for kind, on in switches.items() if on)

    def memory_tokens(self) -> int:
        """The memory's budget in tokens: the writer's, or a quarter of the context."""
        return self.memory_budget or max(64, self.n_ctx // 4)

    def gpu_layers(self) -> GpuLayers:
        return parse_gpu_layers(self.n_gpu_layers)

    def to_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in _saved_fields()}


_BAD = object()


def latest(table: dict[str, Any], key: str, value: Any, most: int) -> dict[str, Any]:
    """`table` (a setting of one entry a file or project, the latest last) with `key`'s entry
    last and holding `value` (none where `value` is None), its last `most` entries kept."""
    kept = {k: v for k, v in table.items() if k != key}
    if value is not None:
        kept[key] = value
    return dict(list(kept.items())[-most:])


def valid_file_name(text: str) -> bool:
    """A file name in a folder: not empty, no folder part, no control characters."""
    name = text.strip()
    return (
        bool(name)
        and name not in (".", "..")
        and len(name) <= 255
        and not any(ch in "/\\" or ord(ch) < 32 for ch in name)
    )


def valid_gpu_layers(text: str) -> bool:
    """Whether `text` is a GPU layers setting: auto, all or a number."""
    try:
        parse_gpu_layers(text)
    except ValueError:
        return False
    return True


def _saved_fields():
    return [f for f in fields(Settings) if f.name not in ("path", "problems", "_subscribers")]


_SAVED_NAMES = frozenset(f.name for f in _saved_fields())
_DEFAULTS = {name: getattr(Settings(), name) for name in _SAVED_NAMES}


def _rule(name: str) -> str:
    """What a valid value of the setting `name` is, in words."""
    default = _DEFAULTS[name]
    if name in LIMITS:
        low, high = LIMITS[name]
        return f"a number from {low} to {high}"
    if name in CHOICES:
        return "one of " + ", ".join(repr(c) for c in CHOICES[name])
    if name == "n_gpu_layers":
        return "auto, all or a number of layers"
    if name == "rewrite_presets":
        return "a list of [name, instruction] pairs"
    if name == "notes_file":
        return "a file name (no folder)"
    if name == "banned_phrases":
        return "a list of phrases and valid /regular expressions/"
    if isinstance(default, bool):
        return "true or false"
    if isinstance(default, str):
        return "a text"
    if isinstance(default, list):
        return "a list of texts"
    if name == "export_titles":
        return "a table of project folders and their titles"
    if name == "export_folders":
        return "a table of project folders and the folders their exports went to"
    return "a table of file names and numbers"


def _bans(lines: list[str]) -> Any:
    """The banned phrases, tidied (generation/bans.py `ban_lines`), or _BAD when one is not a
    valid regular expression."""
    try:
        return check_bans("\n".join(lines))
    except BanError:
        return _BAD


def _checked(name: str, value: Any, default: Any) -> Any:
    """`value` if it fits the setting `name` (converted where harmless), else _BAD."""
    if isinstance(default, bool):
        return value if isinstance(value, bool) else _BAD
    if isinstance(default, int | float):
        if isinstance(value, bool) or not isinstance(value, int | float):
            return _BAD
        if not math.isfinite(value):
            return _BAD
        value = type(default)(value)
        limits = LIMITS.get(name)
        if limits and not limits[0] <= value <= limits[1]:
            return _BAD
        return value
    if isinstance(default, str):
        if not isinstance(value, str):
            return _BAD
        if name == "n_gpu_layers":
            try:
                parse_gpu_layers(value)
            except ValueError:
                return _BAD
        if name in CHOICES and value not in CHOICES[name]:
            return _BAD
        if name == "notes_file" and not valid_file_name(value):
            return _BAD
        return value
    if isinstance(default, list):
        if name in ("rewrite_presets", "last_session"):
            ok = isinstance(value, list) and all(
                isinstance(v, list) and len(v) == 2 and all(isinstance(x, str) for x in v)
                for v in value
            )
            return [list(v) for v in value] if ok else _BAD
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            return _BAD
        if name == "banned_phrases":
            return _bans(value)
        return list(value)
    if isinstance(default, dict):
        if not isinstance(value, dict):
            return _BAD
        kind = str if name in ("export_titles", "export_folders") else int
        return {
            k: v
            for k, v in value.items()
            if isinstance(k, str) and isinstance(v, kind) and not isinstance(v, bool)
        }
    return _BAD
