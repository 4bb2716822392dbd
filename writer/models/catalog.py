"""The curated catalog of models for writing, read from resources/catalog.json."""

from __future__ import annotations

import json
import logging
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import writer

log = logging.getLogger(__name__)


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
    # False where the licence forbids commercial use (a writer who publishes may not use the
    # model's text); such a model is listed but never the one recommended when another fits
    commercial_use: bool = True


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
        text = (resources_dir() / "catalog.json").read_text(encoding="utf-8")
    except (OSError, ValueError) as exc:
        log.warning("the model catalog cannot be read: %s", exc)
        return ()
    return parse_catalog(text)


MAX_CATALOG_CHARS = 4 * 1024 * 1024


def parse_catalog(text: str) -> tuple[CatalogEntry, ...]:
    """The well-formed entries of a catalog file's text, smallest first. An entry with a field
    of the wrong kind is left out (and logged); text that is not a catalog gives none. Never
    raises."""
    if len(text) > MAX_CATALOG_CHARS:
        log.warning("the model catalog is larger than %d characters; ignored", MAX_CATALOG_CHARS)
        return ()
    try:
        raw = json.loads(text)
    except (ValueError, RecursionError):
        log.warning("the model catalog is not JSON")
        return ()
    models = raw.get("models") if isinstance(raw, dict) else None
    entries = []
    for item in models if isinstance(models, list) else []:
        entry = _entry(item)
        if entry is None:
            log.warning("a model catalog entry is malformed and left out: %.200r", item)
        else:
            entries.append(entry)
    return tuple(sorted(entries, key=lambda e: e.size))


def _entry(item: object) -> CatalogEntry | None:
    if not isinstance(item, dict):
        return None
    text = {k: item.get(k) for k in ("id", "name", "repo_id", "filename")}
    if not all(isinstance(v, str) and v.strip() for v in text.values()):
        return None
    optional = {k: item.get(k, "") for k in ("licence", "good_at", "notes", "params")}
    languages = item.get("languages", [])
    size, kv, sha = item.get("size"), item.get("kv_bytes_per_token"), item.get("sha256")
    if not (
        all(isinstance(v, str) for v in optional.values())
        and isinstance(languages, list)
        and all(isinstance(lang, str) for lang in languages)
        and isinstance(size, int) and not isinstance(size, bool) and size > 0
        and (kv is None or (isinstance(kv, int) and not isinstance(kv, bool) and kv > 0))
        and (sha is None or (isinstance(sha, str) and len(sha) == 64))
        and isinstance(item.get("bundled", False), bool)
        and isinstance(item.get("commercial_use", True), bool)
    ):  # fmt: skip
        return None
    return CatalogEntry(
        id=text["id"], name=text["name"], repo_id=text["repo_id"], filename=text["filename"],
        size=size, sha256=sha, licence=optional["licence"], languages=tuple(languages),
        good_at=optional["good_at"], bundled=item.get("bundled", False),
        notes=optional["notes"], params=optional["params"], kv_bytes_per_token=kv,
        commercial_use=item.get("commercial_use", True),
    )  # fmt: skip


def find_entry(name: str) -> CatalogEntry | None:
    key = name.strip().lower()
    for entry in load_catalog():
        if key in (entry.id.lower(), entry.name.lower(), entry.filename.lower(),
                   f"{entry.repo_id}/{entry.filename}".lower()):
            return entry
    return None
