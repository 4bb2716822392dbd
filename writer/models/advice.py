"""Which model to suggest: the catalog's best model for a language that fits this machine.

The starter model writes English only (asked to translate into Chinese it answers in English),
so a writer who works in Chinese, Japanese or Korean is pointed to a catalog model that writes
it, with the reason. Which of the three a text is in (`language_of`) goes by its scripts:
Hangul is Korean; Han characters with kana among them are Japanese (Japanese writes Han
characters too, and was taken for Chinese); Han characters alone are Chinese.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from writer.models import fit
from writer.models.catalog import CatalogEntry, load_catalog

CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")  # Han characters
# hiragana and katakana (not the middle dot ・, which Chinese writes too)
KANA = re.compile(
    r"[\u3041-\u3096\u309d-\u309f\u30a1-\u30fa\u30fc-\u30ff"
    r"\u31f0-\u31ff\uff66-\uff9d]"
)
HANGUL = re.compile(r"[\u1100-\u11ff\u3131-\u318e\uac00-\ud7a3]")
LETTER = re.compile(r"[^\W\d_]")
# the languages `language_of` tells apart (the catalog's codes)
CHINESE, JAPANESE, KOREAN = "zh", "ja", "ko"
# Scripts that name their language well enough to know a model cannot write it (the starter,
# English only, answered a Russian or Thai text in English): Cyrillic is Russian unless it has
# Ukrainian's own letters; the Arabic script is taken for Arabic, Devanagari for Hindi.
SCRIPTS = (
    (re.compile(r"[\u0400-\u04ff]"), "ru"),
    (re.compile(r"[\u0370-\u03ff\u1f00-\u1fff]"), "el"),
    (re.compile(r"[\u0590-\u05ff]"), "he"),
    (re.compile(r"[\u0600-\u06ff\u0750-\u077f]"), "ar"),
    (re.compile(r"[\u0900-\u097f]"), "hi"),
    (re.compile(r"[\u0e00-\u0e7f]"), "th"),
)
UKRAINIAN = re.compile(r"[іїєґІЇЄҐ]")
# the languages of `language_of`, none written in Latin letters
NOT_LATIN = frozenset({CHINESE, JAPANESE, KOREAN, "uk", *(language for _, language in SCRIPTS)})


@dataclass
class Advice:
    entry: CatalogEntry
    fit: fit.Fit


def language_of(text: str, sample: int = 4000) -> str:
    """The language of `text` where a third of its letters or more are of its script: "ko"
    (Hangul), "ja" (Han characters and kana, a fifth of them kana or more: Japanese prose is
    half kana, and a Chinese text may quote a Japanese title), "zh" (Han characters), then
    those of SCRIPTS ("ru", "uk", "el", "he", "ar", "hi", "th"); else "" (Latin letters, whose
    languages the script does not tell)."""
    head = text[:sample]
    letters = len(LETTER.findall(head))
    if letters < 4:
        return ""
    if len(HANGUL.findall(head)) * 3 >= letters:
        return KOREAN
    han, kana = len(CJK.findall(head)), len(KANA.findall(head))
    if kana and kana * 5 >= han + kana and (han + kana) * 3 >= letters:
        return JAPANESE
    if han * 3 >= letters:
        return CHINESE
    for script, language in SCRIPTS:
        if len(script.findall(head)) * 3 >= letters:
            if language == "ru" and UKRAINIAN.search(head):
                return "uk"
            return language
    return ""


def is_chinese(text: str, sample: int = 4000) -> bool:
    """Whether `text` is mostly Chinese (not Japanese, which writes Han characters too)."""
    return language_of(text, sample) == CHINESE


def languages_of(model: Path | None, entries: list[CatalogEntry] | None = None) -> tuple[str, ...]:
    """The languages the catalog says the model file writes (empty when it is not listed)."""
    if model is None:
        return ()
    for entry in entries if entries is not None else load_catalog():
        if entry.filename == Path(model).name:
            return entry.languages
    return ()


def lacking_language(model: Path | None, text: str) -> str:
    """The language of `text` ("zh", "ja", "ko", or one of SCRIPTS') when the catalog says the
    model cannot write it, else "" (also when the catalog does not list the model). For a
    language of SCRIPTS the catalog's short lists do not settle it: only a model that writes no
    language outside the Latin script (the starter) is taken to be unable (Qwen2.5 writes
    Greek, which its entry does not list)."""
    languages = languages_of(model)
    if not languages:
        return ""
    language = language_of(text)
    if not language or language in languages:
        return ""
    if language in (CHINESE, JAPANESE, KOREAN):
        return language
    return "" if set(languages) & NOT_LATIN else language


def writes_english_only(model: Path | None) -> bool:
    """Whether the catalog says the model writes English and nothing else (the starter)."""
    return languages_of(model) == ("en",)


def written_by_any(language: str, entries: list[CatalogEntry] | None = None) -> bool:
    """Whether some model of the catalog writes `language` (the starter aside)."""
    catalog = entries if entries is not None else load_catalog()
    return any(language in entry.languages and not entry.bundled for entry in catalog)


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
