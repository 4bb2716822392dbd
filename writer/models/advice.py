"""Which model to suggest: the catalog's best model for a language that fits this machine.

The starter model writes English only (asked to translate into Chinese it answers in English),
so a writer who works in Chinese is pointed to a multilingual catalog model, with the reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from writer.models import fit
from writer.models.catalog import CatalogEntry, load_catalog

CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
LETTER = re.compile(r"[^\W\d_]")


@dataclass
class Advice:
    entry: CatalogEntry
    fit: fit.Fit


def is_chinese(text: str, sample: int = 4000) -> bool:
    """Whether `text` is mostly Chinese (a third of its letters or more are Han characters)."""
    head = text[:sample]
    letters = len(LETTER.findall(head))
    return letters >= 4 and len(CJK.findall(head)) * 3 >= letters


def languages_of(model: Path | None, entries: list[CatalogEntry] | None = None) -> tuple[str, ...]:
    """The languages the catalog says the model file writes (empty when it is not listed)."""
    if model is None:
        return ()
    for entry in entries if entries is not None else load_catalog():
        if entry.filename == Path(model).name:
            return entry.languages
    return ()


def lacking_language(model: Path | None, text: str) -> str:
    """The language of `text` when the catalog says the model cannot write it ("zh"), else ""
    (also when the catalog does not list the model)."""
    languages = languages_of(model)
    if not languages or "zh" in languages:
        return ""
    return "zh" if is_chinese(text) else ""


def recommend(
    language: str,
    n_ctx: int,
    offload: bool = False,
    entries: list[CatalogEntry] | None = None,
    ram: int | None = None,
) -> Advice | None:
    """The largest catalog model that writes `language` and fits (comfortably, else tightly),
    among those whose licence allows commercial use where one of them fits: a writer may
    publish what they write with it (Qwen2.5 3B's research licence does not allow that, while
    the 1.5B, under Apache-2.0, writes Chinese too)."""
    found: list[Advice] = []
    for entry in entries if entries is not None else load_catalog():
        if language not in entry.languages or entry.bundled:
            continue
        verdict = fit.check(entry.size, n_ctx, offload=offload, ram=ram,
                            kv_per_token=entry.kv_bytes_per_token)  # fmt: skip
        if verdict.verdict in (fit.FITS, fit.TIGHT_FIT):
            found.append(Advice(entry, verdict))
    if not found:
        return None
    found = [a for a in found if a.entry.commercial_use] or found
    comfortable = [a for a in found if a.fit.verdict == fit.FITS] or found
    return max(comfortable, key=lambda a: a.entry.size)
