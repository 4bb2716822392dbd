"""Which model to suggest: the catalog's best model for a language that fits this machine.

The starter model writes English only (asked to translate into Chinese it answers in English),
so a writer who works in another language is pointed to a catalog model that writes it, with
the reason. Which language a text is in (`language_of`) goes first by its scripts: Hangul is
Korean; Han characters with kana among them are Japanese (Japanese writes Han characters too,
and was taken for Chinese); Han characters alone are Chinese; then Cyrillic, Greek, Hebrew,
Arabic, Devanagari and Thai (SCRIPTS). Text in Latin letters is told by its commonest short
words (`latin_language`): French, German, Spanish, Italian, Portuguese and Dutch, each by a
short list of its articles, prepositions, pronouns and conjunctions, with the letters only
some of them write to settle close ones. It is cautious on purpose: English, and English that
quotes a foreign sentence or names a foreign place, is "" (English to every caller), since a
wrong answer silences an English writer's suggestions. It takes about 0.2 ms for a
4000-character sample, measured with `python -m timeit -s "from writer.models.advice import
language_of; t=open('README.md').read()" "language_of(t)"`.
"""

from __future__ import annotations

import re
from collections import Counter
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
# any letter of the scripts above: a text with none is told by its words alone, without
# counting each script's letters (which took most of the time)
OTHER_SCRIPTS = re.compile(
    "[" + "".join(p.pattern[1:-1] for p in (CJK, KANA, HANGUL, *(s for s, _ in SCRIPTS))) + "]"
)
# the languages of `language_of`, none written in Latin letters
NOT_LATIN = frozenset({CHINESE, JAPANESE, KOREAN, "uk", *(language for _, language in SCRIPTS)})

# The commonest short words of each language told in Latin letters, English among them: a word
# several languages write counts for each a share (1/n). Left out: "a" (English, French,
# Spanish, Italian and Portuguese all write it often) and words English writes as other words
# ("man", "war" and "door" would make an English story German or Dutch).
FUNCTION_WORDS = {
    "en": "the and of to in is that it was for on with as he she his her they at be this have "
    "from or by not but what were we when there which their you i are had been would will "
    "them then so into has my an if no do our who its than him could about these those your me",
    "fr": "le la les l' un une des du de d' et est sont il ils elle elles je j' nous vous tu ne "
    "n' pas que qu' qui dans pour sur avec par au aux ce cette cet ces c' se s' son sa ses leur "
    "mais ou où très plus était avait été à en y lui moi même aussi sans sous chez vers mon ma "
    "mes notre nos votre tout tous toute comme quand m'",
    "de": "der die das den dem des ein eine einen einem einer und ist sind waren nicht zu zum zur "
    "im in auf für mit von bei aus nach um an es er sie wir ich ihr sich auch als wie aber oder "
    "wenn noch nur schon so dass daß sehr hat haben wird wurde kann über unter vor was doch dann",
    "es": "el la los las un una unos unas del al de y en que se no es son está están era fue por "
    "para con su sus lo le les mi pero muy más como cuando donde esta este esto ese esa hay ha "
    "han sin sobre entre también ya o yo tú él ella ellos nosotros nos porque todo cada hasta "
    "desde",
    "it": "il lo la gli le l' un uno una un' di del dello della dei degli delle da dal dalla in "
    "nel nella nei nelle con su sul sulla per tra fra e è ed che chi non si ci ne ma anche come "
    "più perché quando dove questo questa quello quella sono era erano ha hanno io tu lui lei "
    "noi voi loro mi ti suo sua mio mia molto già poi dell' all' nell' c' alla al alle ai",
    "pt": "o os as um uma uns umas do da dos das no na nos nas ao aos à às de e em que se não é "
    "são está era foi por para pelo pela pelos pelas seu sua seus suas ele ela eles elas eu "
    "nós mas muito mais como quando onde também já isso isto esse essa este esta sem sobre "
    "entre porque todo cada até desde ou lhe mesmo há tem",
    "nl": "de het een en van dat die niet is zijn op te met voor er maar om hij zij ze ik je wat "
    "ook naar aan bij nog dan als wel geen uit haar hem deze dit wordt werd kan heeft hebben zo "
    "tot al was waren worden meer mijn ons onze wij jullie zich omdat toen",
}
ENGLISH = "en"
LATIN = ("fr", "de", "es", "it", "pt", "nl")
_CODES = (ENGLISH, *LATIN)
# Words that begin many names ("José de la Vega", "Van Gogh", "Da Vinci"): they count, but
# a text needs other words of its language too.
PARTICLES = frozenset(
    "de del della di da das dos do du des la le las los van von der den y e el al d' l'".split()
)
# What only some of them write, to settle two whose words score alike (Spanish's ñ,
# Portuguese's ã and õ, Italian's ì and ò, Dutch's ij...): a letter several write counts for each.
TELLING = {
    "fr": "ç è ê ë î ï ô ù û œ".split(),
    "de": "ß ä ö ü".split(),
    "es": "ñ ¿ ¡ á í ó ú".split(),
    "it": "è ì ò ù".split(),
    "pt": "ã õ â ê ô ç".split(),
    "nl": "ij ĳ ë".split(),
}
MIN_WORDS = 8  # fewer words tell nothing ("Bonjour à tous", "Hola amigos")
MIN_SHARE = 0.15  # of the words, the language's own (prose has 0.2 to 0.4)
MIN_DISTINCT = 3  # different words of the language, beyond PARTICLES
OVER_ENGLISH = 3  # times what English words score (prose scores 5 to 20 times)
CLOSE = 0.8  # a second language scoring this share of the first is settled by the letters


def _weights() -> dict[str, tuple[tuple[int, float], ...]]:
    """Each listed word: the languages (indexes in _CODES) it counts for, and its share."""
    where: dict[str, list[int]] = {}
    for index, code in enumerate(_CODES):
        for word in FUNCTION_WORDS[code].split():
            where.setdefault(word, []).append(index)
    return {w: tuple((i, 1 / len(found)) for i in found) for w, found in where.items()}


_WEIGHTS = _weights()
_WORD = re.compile(r"[^\W\d_]+'?")


@dataclass
class Advice:
    entry: CatalogEntry
    fit: fit.Fit


def language_of(text: str, sample: int = 4000) -> str:
    """The language of `text` where a third of its letters or more are of its script: "ko"
    (Hangul), "ja" (Han characters and kana, a fifth of them kana or more: Japanese prose is
    half kana, and a Chinese text may quote a Japanese title), "zh" (Han characters), then
    those of SCRIPTS ("ru", "uk", "el", "he", "ar", "hi", "th"); else, in Latin letters, one of
    LATIN by its words (`latin_language`), and "" for English and for what is not told."""
    head = text[:sample]
    if OTHER_SCRIPTS.search(head) is None:
        return latin_language(head)
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
    return latin_language(head)


def latin_language(text: str) -> str:
    """The language of a text in Latin letters by its commonest short words: one of LATIN where
    it has MIN_WORDS words or more, MIN_SHARE of them that language's (a shared word a share),
    MIN_DISTINCT different ones beyond the name particles, and OVER_ENGLISH times English's
    score; else "" (for English too). Two languages that score within CLOSE of each other are
    told by TELLING."""
    lowered = text.lower().replace("’", "'")
    words = _WORD.findall(lowered)
    if len(words) < MIN_WORDS:
        return ""
    scores = [0.0] * len(_CODES)
    distinct = [0] * len(_CODES)
    for word, count in Counter(words).items():
        for index, weight in _WEIGHTS.get(word, ()):
            scores[index] += count * weight
            if word not in PARTICLES:
                distinct[index] += 1
    best = max(range(1, len(_CODES)), key=scores.__getitem__)
    top = scores[best]
    if top < MIN_SHARE * len(words) or top <= OVER_ENGLISH * scores[0]:
        return ""
    if distinct[best] < MIN_DISTINCT:
        return ""
    told = [i for i in range(1, len(_CODES)) if distinct[i] >= MIN_DISTINCT]
    close = [i for i in told if scores[i] >= CLOSE * top]
    if len(close) > 1:
        best = max(close, key=lambda i: (_telling(lowered, _CODES[i]), scores[i]))
    return _CODES[best]


def _telling(text: str, language: str) -> int:
    return sum(text.count(letters) for letters in TELLING[language])


def languages_of(model: Path | None, entries: list[CatalogEntry] | None = None) -> tuple[str, ...]:
    """The languages the catalog says the model file writes (empty when it is not listed)."""
    if model is None:
        return ()
    for entry in entries if entries is not None else load_catalog():
        if entry.filename == Path(model).name:
            return entry.languages
    return ()


def lacking_language(model: Path | None, text: str) -> str:
    """The language of `text` ("zh", "ja", "ko", one of SCRIPTS' or of LATIN) when the catalog
    says the model cannot write it, else "" (also when the catalog does not list the model).
    For the others the catalog's short lists do not settle it: in a language of SCRIPTS, only
    a model that writes no language outside the Latin script (the starter) is taken to be
    unable (Qwen2.5 writes Greek, which its entry does not list); in one of LATIN, only a model
    that writes English alone (a multilingual model's short list, such as Mistral 7B's English,
    French, German, Spanish and Italian, leaves out languages it has read too)."""
    languages = languages_of(model)
    if not languages:
        return ""
    language = language_of(text)
    if not language or language in languages:
        return ""
    if language in (CHINESE, JAPANESE, KOREAN):
        return language
    if language in LATIN:
        return language if languages == (ENGLISH,) else ""
    return "" if set(languages) & NOT_LATIN else language


def in_latin_letters(text: str) -> bool:
    """Whether `text` has letters and all of them are Latin (no Han, kana, Hangul, Cyrillic,
    nor another script of SCRIPTS)."""
    return LETTER.search(text) is not None and OTHER_SCRIPTS.search(text) is None


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
