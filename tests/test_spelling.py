"""Spell checking without Qt: a Hunspell dictionary made here (its affix rules, case rules,
forbidden words, suggestions), any bytes read as a dictionary, and the personal dictionary
(writer/documents/hunspell.py, writer/documents/spelling.py)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.conftest import fuzz_examples
from writer.documents import hunspell, spelling
from writer.documents.hunspell import DictionaryError
from writer.project.notes import parse_notes

AFF = """SET UTF-8
TRY eaoilnrtsd
ICONV 1
ICONV ’ '
REP 1
REP ph f
NEEDAFFIX X
FORBIDDENWORD !
KEEPCASE K
WORDCHARS '

PFX U Y 1
PFX U 0 un .

SFX S Y 3
SFX S 0 s [^sy]
SFX S y ies y
SFX S 0 es s

SFX D Y 2
SFX D 0 ed [^e]
SFX D 0 d e

SFX N Y 1
SFX N 0 ness/S .

PFX E Y 1
PFX E 0 d' .

SFX P Y 1
SFX P 0 0/E .

SFX Z Y 1
SFX Z etre serait etre
"""
DIC = """11
ombre/P
etre/Z
walk/DS
bake/D
glory/S
kind/UN
Ysolde
wend/X
wended/!
gaf/K
don't
"""


def make(tmp_path: Path, aff: str = AFF, dic: str = DIC) -> hunspell.Dictionary:
    (tmp_path / "xx_XX.aff").write_text(aff, encoding="utf-8")
    (tmp_path / "xx_XX.dic").write_text(dic, encoding="utf-8")
    return hunspell.load(tmp_path / "xx_XX.aff", tmp_path / "xx_XX.dic")


def test_a_dictionary_checks_by_its_affixes_and_case_and_suggests(tmp_path: Path) -> None:
    d = make(tmp_path)
    right = ["walk", "walks", "walked", "baked", "glories", "unkind", "kindness", "kindnesses",
             "unkindness", "Walked", "WALKS", "Ysolde", "YSOLDE", "don't", "don’t",
             "gaf", "d'ombre", "d’ombre", "serait"]  # fmt: skip
    wrong = ["walkd", "bakeed", "glorys", "unwalk", "ysolde", "wend", "wended", "Gaf", "GAF",
             "kindnessed", "xyzzy", "d'walk"]  # fmt: skip
    assert [w for w in right if not d.check(w)] == []
    assert [w for w in wrong if d.check(w)] == []
    assert d.suggest("wlak")[0] == "walk"  # two letters swapped
    assert d.suggest("Walkd")[0] == "Walked"  # in the typed word's case
    assert d.suggest("kindnes")[0] == "kindness"  # a doubled letter left out
    assert d.suggest("unkindphul") == []  # nothing near
    assert "glory" in d.suggest("glohry")
    assert d.suggest("walkbaked")[0] == "walk baked"  # run together
    assert d.suggest("ysolde")[0] == "Ysolde"  # a name typed in lower case
    # ...but not before a word a vowel away ("grey" in an American dictionary; its last
    # letter changed is less likely)
    names = make(tmp_path, dic="4\nGrey\ngray\ngree\ngrew\n")
    assert names.suggest("grey")[:3] == ["gray", "Grey", "gree"]
    assert "wended" not in d.suggest("wendeds")  # a forbidden word is never offered
    # a word too long to be checked is not offered either
    assert [w for w in d.suggest("k" * hunspell.MAX_WORD) if len(w) > hunspell.MAX_WORD] == []
    # a speller over a line: what it leaves out, and the writer's words
    words = spelling.Words()
    speller = spelling.Speller(d, words)
    line = "Walkd `wlak` https://wlak.example/x notes.md walk3 x wlak_it 中文 glorys"
    assert [line[a:b] for a, b in speller.misspelled(line, [(6, 12)])] == ["Walkd", "glorys"]
    words.add("glorys")
    assert [line[a:b] for a, b in speller.misspelled(line)] == ["Walkd", "wlak"]
    # the names of a project's lore entries are words
    notes = parse_notes("# Notes\n\n## Aldric Vane (Aldric, the smith)\n\nA smith.\n")
    words.set_names(spelling.names_in(notes.lore))
    assert speller.misspelled("Aldric Vane walked; Vaen walks.") == [(20, 24)]
    # their possessives, with either apostrophe; a word added with one, typed with the other
    assert speller.misspelled("Aldric’s walk, Vane's glory, Vaen’s") == [(29, 35)]
    words.add("O’Dowd")
    assert speller.misspelled("O'Dowd walks, O’Dowd’s glory") == []


def test_the_names_of_the_notes_are_words_as_the_speller_reads_them(tmp_path: Path) -> None:
    """A name with an apostrophe in the lore ("Siobhan O'Dowd", "T’Challa") was cut there
    ("Dowd", "Challa" known) while the speller checks it whole: it was underlined in every
    chapter. A thing's keyword in lower case ("skyglass") was left out."""
    speller = spelling.Speller(make(tmp_path), spelling.Words())
    notes = parse_notes("## Siobhan O'Dowd (Siobhan, O'Dowd)\n\n## T’Challa (T’Challa)\n\n"
                        "## Jean-Luc Marrow (Jean-Luc)\n\n## The Skyglass (skyglass)\n\nIt glows.\n"
                        "\n## Walking Notes\n\nWlak kind.\n")  # fmt: skip
    speller.words.set_names(spelling.names_in(notes.lore))
    line = "Siobhan O'Dowd walks; T'Challa, Jean-Luc, skyglass, O’Dowd’s glory; Marow, Wlak."
    assert [line[a:b] for a, b in speller.misspelled(line)] == ["Marow", "Wlak"]


@settings(
    max_examples=fuzz_examples(60),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    st.lists(
        st.sampled_from(
            ["SET UTF-8", "SET KOI8-R", "SET nonsense", "FLAG long", "FLAG num", "FLAG UTF-8",
             "AF 2", "AF AB", "AF 1,2", "PFX A Y 1", "PFX A 0 re .", "SFX B Y 2",
             "SFX B y ies [^aeiou]y", "SFX B 0 s [", "SFX B 0 s/AB ]]", "SFX 1 0 x .",
             "SFX AB 0 en .", "REP 1", "REP ^ $", "REP a _", "ICONV 1", "ICONV  x", "TRY ab",
             "NEEDAFFIX A", "FORBIDDENWORD", "KEEPCASE 12", "WORDCHARS -'", "SFX B 0 s []",
             "PFX A 0 re [^]", "SFX B 0 s [^]y", "PFX A 0 re [^", "SFX B 0 s [[]"]  # fmt: skip
        )
        | st.text(max_size=30),
        max_size=12,
    ),
    st.lists(st.text(max_size=20) | st.sampled_from(["1", "cat/AB", "cy/B", "x/1,2", "\\/a/A"]),
             max_size=12),  # fmt: skip
    st.binary(max_size=40),
)
@example(["SET UTF-8", "SFX B Y 1", "SFX B 0 s/B ."], ["1", "cat/B"], b"")
@example(["SFX A Y 3000"] + ["SFX A 0 0/A ."] * 3000, ["cat/A"], b"")  # (each word: 9M tries)
@example(["SFX B Y 2", "SFX B 0 s []", "PFX A Y 1", "PFX A 0 re [^]"], ["cat/AB"], b"")
@example(["SET UTF-8"], [], b"\0")  # (the encoding's name with a NUL)
def test_any_bytes_give_a_dictionary_or_a_sentence(aff: list[str], dic: list[str], noise: bytes):
    try:
        d = hunspell.read("\n".join(aff).encode() + noise, "\n".join(dic).encode() + noise, "xx")
    except DictionaryError as exc:
        said = str(exc)
    else:
        said = ""
    if said:
        assert said.endswith(".")
        return
    started = time.process_time()
    for word in ("cats", "Cat", "recy", "cies", "a", "x"):
        d.check(word)
    assert len(d.suggest("cats")) <= hunspell.MAX_SUGGESTIONS
    assert time.process_time() - started < 2.0


def test_a_dictionary_made_to_cost_much_costs_a_check_little() -> None:
    """Checks run on the window's thread: an affix that strips 200,000 letters from any word,
    20,000 suffixes that add nothing, 200,000 REP lines and a WORDCHARS of 600,000 characters
    (each of them seconds of a frozen window) cost a check, a speller and suggestions little."""
    aff = "\n".join([
        "SET UTF-8", "TRY esianrtolcdugmphbyfvkwz", "PFX B Y 1", f"PFX B {'x' * 200_000} 0 .",
        "SFX S Y 20000", *["SFX S 0 0 ."] * 20_000, *(f"REP q qz{i}" for i in range(200_000)),
        "WORDCHARS " + "".join(map(chr, range(0x10000, 0x10000 + 600_000))),
    ])  # fmt: skip
    d = hunspell.read(aff.encode(), b"2\nwalk/SB\nkind\n", "xx")
    started = time.process_time()
    assert not d.check("qwertyuiop")
    spelling.Speller(d, spelling.Words())
    assert time.process_time() - started < 0.5  # (3 s, and 1.8 s, before)
    d.suggest("qwertyuiopasdfghjk")
    assert time.process_time() - started < 1.5  # (suggestions: 1.5 to 3 s before)


def test_a_writers_own_variety_without_its_dictionary_is_named() -> None:
    """A writer in Britain with only en_US here: "grey" and "colour" were marked wrong without
    a word of why; the variety missing is named (none where it, or the plain language, is)."""
    missing = spelling.regional_missing
    assert missing("en", ["en_US", "fr"], "en_GB") == "en_GB"
    assert missing("en", ["en_US", "en_GB"], "en_GB") == ""
    assert missing("en", ["en_US", "en_GB-ize", "en_GB-ise"], "en_GB") == ""  # (Arch's names)
    assert spelling.dictionary_for("en", ["en_US", "en_GB-ize", "en_GB-ise"], "en_GB") == (
        "en_GB-ise"
    )
    assert missing("en", ["en_US"], "C") == ""
    assert missing("fr", ["fr"], "fr_CA") == ""  # (a French dictionary for any country)
    assert missing("de", ["de_DE_frami"], "de_DE") == ""
    assert missing("en", ["fr_FR"], "en_GB") == ""  # (none at all: said otherwise)
    assert missing("fr", ["en_US"], "en_GB") == ""  # (not the text's language)


def test_a_folder_that_cannot_be_read_is_passed_over(tmp_path: Path, monkeypatch) -> None:
    for folder in ("locked", "open"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / f"{folder}.dic").write_text("1\nword\n", encoding="utf-8")
        (tmp_path / folder / f"{folder}.aff").write_text("SET UTF-8\n", encoding="utf-8")
    is_file = Path.is_file

    def refused(path: Path) -> bool:
        if path.parent.name == "locked":
            raise PermissionError(13, "Permission denied")
        return is_file(path)

    monkeypatch.setattr(Path, "is_file", refused)  # (as Python 3.11 raises EACCES)
    found = spelling.find_dictionaries([tmp_path / "locked", tmp_path / "open"])
    assert list(found) == ["open"]


def test_names_that_link_to_the_same_files_are_one_choice(tmp_path: Path) -> None:
    """Debian links fr_BE, fr_CA, … to fr: the settings list it once, as "français — fr"."""
    from writer.ui.settings_dialog import dictionary_label

    for name in ("fr", "en_US", "en_GB"):
        (tmp_path / f"{name}.dic").write_text("1\nword\n", encoding="utf-8")
        (tmp_path / f"{name}.aff").write_text("SET UTF-8\n", encoding="utf-8")
    for name in ("fr_BE", "fr_CA", "fr_FR"):
        for ext in (".aff", ".dic"):
            (tmp_path / f"{name}{ext}").symlink_to(tmp_path / f"fr{ext}")
    found = spelling.find_dictionaries([tmp_path])
    assert len(found) == 6  # (each name still finds its files: Automatic picks fr_CA in Canada)
    assert spelling.distinct_names(found) == ["en_GB", "en_US", "fr"]
    assert dictionary_label("fr") == "français — fr"
    assert dictionary_label("fr_BE") == "français (Belgique) — fr_BE"


def test_a_dictionary_of_too_many_flags_is_too_large(monkeypatch) -> None:
    """Roots that share their flags share one set; more flags than MAX_FLAGS in sets of their
    own (a 16 MB `.dic` of `FLAG long` took 900 MB) is a dictionary too large."""
    monkeypatch.setattr(hunspell, "MAX_FLAGS", 100, raising=False)
    shared = "".join(f"w{i}/AABBCCDD\n" for i in range(1000)).encode()
    assert len(hunspell.read(b"FLAG long\n", shared, "xx").roots) == 1000
    each = "".join(f"w{i}/AABB{i:04}\n" for i in range(1000)).encode()
    with pytest.raises(DictionaryError, match="xx.dic is too large"):
        hunspell.read(b"FLAG long\n", each, "xx")


def test_a_damaged_personal_dictionary_is_set_aside_and_said(tmp_path: Path) -> None:
    """Its good words are written back at once (the next start has them), and a byte order
    mark (Notepad's) is no damage."""
    path = tmp_path / spelling.PERSONAL_FILE
    path.write_bytes(b"Ysolde\nTrevail\n\xff\xfebroken\nbad\tword\n")
    words, problem = spelling.read_personal(path)[:2]
    assert words == {"Ysolde", "Trevail"}
    assert "personal dictionary" in problem
    assert f"{path.name}.damaged" in problem
    assert (tmp_path / f"{path.name}.damaged").read_bytes().endswith(b"\xff\xfebroken\nbad\tword\n")
    assert spelling.read_personal(path)[:2] == ({"Ysolde", "Trevail"}, "")  # (the next start)
    kept = spelling.Words(words)
    kept.add("Okafor")
    spelling.write_personal(path, "\ufeff".encode() + kept.data())  # (a byte order mark)
    assert spelling.read_personal(path)[:2] == ({"Ysolde", "Trevail", "Okafor"}, "")
