"""What Writer is and where it keeps things: versions, the llama.cpp build, folders.

Shown by Help → About, copied by Help → Report a problem and printed by `writer doctor`. No Qt
here; the Qt version is added by the caller that has Qt loaded.
"""

from __future__ import annotations

import platform
from pathlib import Path

from writer import __version__, paths


def llama_cpp_build() -> tuple[str, bool | None]:
    """llama-cpp-python's version, and whether its build offloads to a GPU (None when llama.cpp
    cannot be loaded)."""
    from writer.engine.probe import llama_cpp_version

    try:
        from writer.engine.runtime import supports_gpu_offload

        gpu: bool | None = supports_gpu_offload()
    except Exception:  # noqa: BLE001 - a broken build is reported, not raised
        gpu = None
    return llama_cpp_version(), gpu


def folders(settings_file: Path) -> list[tuple[str, str]]:
    from writer.logs import log_file
    from writer.models.cache import hub_cache

    return [
        ("Settings", str(settings_file)),
        ("Recovery journal", str(paths.state_dir() / "journal")),
        ("Log", str(log_file())),
        ("Models (Hugging Face cache)", str(hub_cache())),
        ("Model checks, quarantine", str(paths.cache_dir())),
    ]


def environment(settings_file: Path, extra: list[tuple[str, str]] = ()) -> list[tuple[str, str]]:
    """Label and value for each fact about this installation, `extra` (the Qt version, the
    model in use) after the versions."""
    llama, gpu = llama_cpp_build()
    gpu_text = {True: "yes", False: "no (CPU build)", None: "unknown (llama.cpp not loadable)"}
    rows = [
        ("Writer", __version__),
        ("llama-cpp-python", llama),
        ("GPU offload", gpu_text[gpu]),
        ("Python", platform.python_version()),
        ("System", f"{platform.system()} {platform.release()} ({platform.machine()})"),
        *extra,
    ]
    return rows + folders(settings_file)


def as_text(rows: list[tuple[str, str]]) -> str:
    width = max(len(label) for label, _value in rows)
    return "\n".join(f"{label + ':':<{width + 1}} {value}" for label, value in rows)
