"""User settings: a small JSON file in the platformdirs config folder."""

from __future__ import annotations

import json
import logging
import os
import tempfile
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from writer import paths

log = logging.getLogger(__name__)


@dataclass
class Settings:
    """Everything the user can set. Unknown or malformed values fall back to the defaults."""

    model_path: str = ""
    n_gpu_layers: str = "auto"  # "auto", "all" or a number
    n_ctx: int = 8192
    suggestions_enabled: bool = True
    debounce_ms: int = 150
    max_suggestion_tokens: int = 48
    stop_at: str = "sentence"  # "sentence", "line" or "none"
    confidence_cutoff: float = 0.0  # cut a suggestion at its first token below this probability
    recent_files: list[str] = field(default_factory=list)
    cursor_positions: dict[str, int] = field(default_factory=dict)
    recent_instructions: list[str] = field(default_factory=list)

    @classmethod
    def file(cls) -> Path:
        return paths.config_dir() / "settings.json"

    @classmethod
    def load(cls) -> Settings:
        path = cls.file()
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return cls()
        except (OSError, ValueError) as exc:
            log.warning("settings file %s unreadable (%s); using defaults", path, exc)
            return cls()
        settings = cls()
        if not isinstance(raw, dict):
            return settings
        for f in fields(cls):
            if f.name in raw:
                default = getattr(settings, f.name)
                value = raw[f.name]
                if isinstance(default, bool) != isinstance(value, bool):
                    continue
                if isinstance(default, int | float) and isinstance(value, int | float):
                    setattr(settings, f.name, type(default)(value))
                elif type(value) is type(default):
                    setattr(settings, f.name, value)
        return settings

    def save(self) -> None:
        path = self.file()
        data = json.dumps(asdict(self), indent=2, ensure_ascii=False)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".settings-", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                f.write(data)
            os.replace(tmp, path)
        except OSError as exc:
            log.warning("could not save settings to %s: %s", path, exc)
            Path(tmp).unlink(missing_ok=True)

    def remember_file(self, file: str, limit: int = 12) -> None:
        self.recent_files = [file] + [f for f in self.recent_files if f != file]
        del self.recent_files[limit:]

    def gpu_layers(self) -> int | str:
        value = self.n_gpu_layers.strip().lower()
        if value in ("auto", "all"):
            return value
        try:
            return max(0, int(value))
        except ValueError:
            return "auto"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
