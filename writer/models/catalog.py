"""The curated catalog of models for writing, read from resources/catalog.json."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import writer


@dataclass(frozen=True)
class CatalogEntry:
    id: str
    name: str
    repo_id: str
    filename: str
    size: int
    sha256: str | None
    licence: str
    languages: tuple[str, ...]
    good_at: str
    bundled: bool = False
    notes: str = ""
    params: str = ""
    kv_bytes_per_token: int | None = None


def resources_dir() -> Path:
    """resources/ inside a bundle, beside the writer package (a checkout or editable install),
    else the copy a wheel installs under <prefix>/share/writer/resources."""
    for candidate in (
        Path(getattr(sys, "_MEIPASS", "/nonexistent")) / "resources",  # a bundle
        Path(writer.__file__).resolve().parent.parent / "resources",
        Path(sys.prefix) / "share" / "writer" / "resources",
    ):
        if (candidate / "catalog.json").is_file():
            return candidate
    return Path(writer.__file__).resolve().parent.parent / "resources"


@cache
def load_catalog() -> tuple[CatalogEntry, ...]:
    """The catalog's entries, smallest first; empty if the file is missing or unreadable."""
    try:
        raw = json.loads((resources_dir() / "catalog.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ()
    entries = []
    for item in raw.get("models", []):
        try:
            entries.append(CatalogEntry(
                id=item["id"], name=item["name"], repo_id=item["repo_id"],
                filename=item["filename"], size=int(item["size"]), sha256=item.get("sha256"),
                licence=item.get("licence", ""), languages=tuple(item.get("languages", [])),
                good_at=item.get("good_at", ""), bundled=bool(item.get("bundled", False)),
                notes=item.get("notes", ""), params=item.get("params", ""),
                kv_bytes_per_token=item.get("kv_bytes_per_token"),
            ))
        except (KeyError, TypeError, ValueError):
            continue
    return tuple(sorted(entries, key=lambda e: e.size))


def find_entry(name: str) -> CatalogEntry | None:
    key = name.strip().lower()
    for entry in load_catalog():
        if key in (entry.id.lower(), entry.name.lower(), entry.filename.lower(),
                   f"{entry.repo_id}/{entry.filename}".lower()):
            return entry
    return None
