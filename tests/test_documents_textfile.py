"""Opening and saving text files keeps their bytes; what is not text is refused in a sentence."""

from __future__ import annotations

import codecs
import os
import shutil
import tempfile
import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.as_user import as_ordinary_user
from writer.documents.errors import DocumentError, EncodingError
from writer.documents.textfile import (
    BOMS,
    ENCODINGS,
    FILE_NAME_CHARS,
    MAX_BYTES,
    MOSTLY_UTF8,
    NEWLINES,
    TextFormat,
    decode_text,
    encode_text,
    file_name_for,
    file_signature,
    guess_encoding,
    read_text_file,
    save_text_file,
    text_for_reading,
    text_of,
)

CHINESE = "第一章\n她推开门，外面下着雨。\n“你来了。”他说。\n"


def _round_trip(path: Path, data: bytes) -> bytes:
    path.write_bytes(data)
    loaded = read_text_file(path)
    save_text_file(path, loaded.text, loaded.format)
    return path.read_bytes()


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("plain.md", b"# Title\n\nSome text.\n"),
        ("bom.txt", b"\xef\xbb\xbfFirst line\nSecond line\n"),
        ("crlf.txt", b"one\r\ntwo\r\n\r\nthree"),
        ("cr.txt", b"old mac\rline endings\r"),
        ("chinese.md", CHINESE.encode()),
        ("chinese-bom-crlf.md", b"\xef\xbb\xbf" + CHINESE.replace("\n", "\r\n").encode()),
        ("empty.txt", b""),
        ("bom-only.txt", b"\xef\xbb\xbf"),
        ("no-final-newline.txt", b"a\r\nb"),
    ],
)
def test_open_and_save_is_byte_identical(tmp_path: Path, name: str, data: bytes) -> None:
    assert _round_trip(tmp_path / name, data) == data


def test_editor_sees_only_newlines_and_no_bom(tmp_path: Path) -> None:
    path = tmp_path / "notes.md"
    path.write_bytes(b"\xef\xbb\xbf" + "标题\r\n\r\n正文".encode())
    loaded = read_text_file(path)
    assert loaded.text == "标题\n\n正文"
    assert loaded.format == TextFormat(bom=True, newline="\r\n")
    assert not loaded.mixed_newlines


def test_edited_text_is_saved_with_the_files_line_endings(tmp_path: Path) -> None:
    path = tmp_path / "letter.txt"
    path.write_bytes(b"Dear Ann,\r\n")
    loaded = read_text_file(path)
    save_text_file(path, loaded.text + "Thank you.\n", loaded.format)
    assert path.read_bytes() == b"Dear Ann,\r\nThank you.\r\n"


def test_mixed_line_endings_become_the_dominant_kind(tmp_path: Path) -> None:
    path = tmp_path / "mixed.txt"
    path.write_bytes(b"a\r\nb\r\nc\nd\r\n")
    loaded = read_text_file(path)
    assert loaded.mixed_newlines
    assert loaded.format.newline == "\r\n"
    assert loaded.text == "a\nb\nc\nd\n"
    assert encode_text(loaded.text, loaded.format) == b"a\r\nb\r\nc\r\nd\r\n"


def test_pasted_carriage_returns_do_not_mix_line_endings() -> None:
    assert encode_text("x\r\ny\rz\n", TextFormat(newline="\n")) == b"x\ny\nz\n"


def test_new_document_format_is_plain_utf8() -> None:
    assert encode_text("é\n", TextFormat()) == "é\n".encode()


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\x00\x00<<>>",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        codecs.BOM_UTF8 + b"a\x00b",
    ],
)
def test_binary_files_are_refused(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "report.pdf"
    path.write_bytes(data)
    with pytest.raises(DocumentError) as caught:
        read_text_file(path)
    message = str(caught.value)
    assert message == (
        "report.pdf is not a text file (it contains binary data); Writer opens plain text and "
        "Markdown."
    )
    assert path.read_bytes() == data


LEGACY = [
    # (encoding of the bytes, text, what Writer finds, whether it is a guess)
    ("gb18030", "第一章\n她推开门，外面下着雨。“你来了。”他说。\n", "gb18030", True),
    ("big5", "第一章\n她推開門，外面下著雨。「你來了。」他說。\n", "big5", True),
    ("cp1252", "Café déjà vu — the “naïve” façade, Größe, 20 €.\n", "cp1252", True),
    ("latin-1", "Caf\xe9 \x81 au lait\n", "latin-1", True),  # (0x81: no Windows-1252)
    ("utf-16", "hello 世界\r\nagain\r\n", "utf-16-le", False),
    # without its BOM: its Latin letters are valid UTF-8, NULs and all (refused as binary)
    ("utf-16-le", "Dear Ann,\r\nthanks for the letter.\r\n", "utf-16-le", True),
    ("utf-16-be", "\ufeffhello 世界\n", "utf-16-be", False),
    ("utf-32", "hello 世界\n", "utf-32-le", False),
    ("utf-8-sig", "hello 世界\n", "utf-8", False),
]


@pytest.mark.parametrize(("codec", "text", "encoding", "guessed"), LEGACY)
def test_files_in_other_encodings_open_and_save_back_byte_for_byte(
    tmp_path: Path, codec: str, text: str, encoding: str, guessed: bool
) -> None:
    """They were refused ("Convert it to UTF-8 in another editor"): a Chinese writer's GBK
    chapters, Notepad's "Unicode" files, an old Windows-1252 letter."""
    path = tmp_path / "old.txt"
    data = text.encode(codec)
    path.write_bytes(data)
    loaded = read_text_file(path)
    assert loaded.text == text.lstrip("\ufeff").replace("\r\n", "\n")
    assert loaded.format.encoding == encoding
    assert loaded.guessed is guessed
    save_text_file(path, loaded.text, loaded.format)
    assert path.read_bytes() == data


def test_a_file_can_be_read_in_the_encoding_the_writer_names(tmp_path: Path) -> None:
    path = tmp_path / "list.txt"
    text = "Mă duc acasă.\n"  # (Romanian's ă: Windows-1252's ã, not told)
    data = text.encode("cp1250")
    path.write_bytes(data)
    assert read_text_file(path).text != text  # (not guessed: read as Windows-1252)
    loaded = read_text_file(path, encoding="cp1250")
    assert loaded.text == text
    assert (loaded.format.encoding, loaded.guessed) == ("cp1250", False)
    assert encode_text(loaded.text, loaded.format) == data
    with pytest.raises(DocumentError, match=r"list\.txt cannot be read as UTF-8: its byte 2 "):
        read_text_file(path, encoding="utf-8")


def test_japanese_korean_and_russian_files_are_guessed_and_saved_back(tmp_path: Path) -> None:
    """Shift JIS, EUC-KR and Windows-1251 files were never guessed: Japanese and Russian read
    as Windows-1252 mojibake, and Korean as Chinese (GBK reads Hangul's bytes as common Chinese
    characters); Western and Chinese texts are still read as before."""
    texts = {
        "cp932": "吾輩は猫である。名前はまだ無い。どこで生れたかとんと見当がつかぬ。\n",
        "cp949": "오늘은 날씨가 정말 좋습니다. 우리는 공원에 가서 산책을 하고 점심을 먹었어요.\n",
        "cp1251": "Сегодня очень хорошая погода. Мы пошли в парк и погуляли.\n",
        "gb18030": "今天天气很好。我们去公园散步，然后吃了午饭。\n",
        "cp1252": "Café déjà vu: naïve Ärger über 25°C, résumé.\n",
    }
    for encoding, text in texts.items():
        path = tmp_path / f"{encoding}.txt"
        path.write_bytes(text.encode(encoding))
        loaded = read_text_file(path)
        assert (loaded.text, loaded.format.encoding) == (text, encoding)
        assert encode_text(loaded.text, loaded.format) == text.encode(encoding)
    # too little to tell: a short Korean greeting is still taken for Chinese (pick EUC-KR)
    assert guess_encoding("안녕하세요".encode("cp949"))[0] == "gb18030"
    assert guess_encoding("ÄÖÜ äöü ßßß".encode("cp1252"))[0] == "cp1252"


def test_a_character_the_encoding_cannot_hold_is_refused_and_nothing_is_written(
    tmp_path: Path,
) -> None:
    path = tmp_path / "letter.txt"
    path.write_bytes("Dear Ann,\r\nthe café\r\n".encode("cp1252"))
    loaded = read_text_file(path)
    with pytest.raises(EncodingError) as caught:
        save_text_file(path, loaded.text + "she wrote 你好\n", loaded.format)
    assert (caught.value.char, caught.value.line, caught.value.encoding) == (
        "你",
        3,
        "Windows-1252",
    )
    assert str(caught.value) == (
        "Windows-1252 has no character “你” (line 3), so the text cannot be saved in it; save it "
        "in UTF-8, which holds every character."
    )
    assert path.read_bytes() == "Dear Ann,\r\nthe café\r\n".encode("cp1252")
    # a codec that writes a look-alike for a character it lacks is refused too (Shift JIS
    # wrote "¢" as "￠", and the file read back another character)
    with pytest.raises(EncodingError, match="Shift JIS has no character “¢” \\(line 2\\)"):
        encode_text("値段\n5¢", TextFormat(encoding="cp932"))


def test_a_chinese_guess_needs_common_characters() -> None:
    """Windows-1252 bytes are valid GBK where an accented letter is followed by an ASCII one;
    the characters that makes are rare ones, and the guess stays Windows-1252."""
    french = "Son élève était très célèbre".encode("cp1252")
    french.decode("gb18030")  # (valid GBK)
    assert guess_encoding(french) == ("cp1252", False)
    assert guess_encoding("中文".encode("gb18030")) == ("gb18030", False)
    assert guess_encoding(b"plain ascii") == ("utf-8", False)
    # short texts, found by a tester: "Größe" and Big5's "中文" were both guessed as GB18030
    assert guess_encoding("Größe".encode("cp1252")) == ("cp1252", False)
    assert guess_encoding("中文".encode("big5")) == ("big5", False)
    assert guess_encoding("我們在碼頭等電車".encode("big5")) == ("big5", False)
    assert guess_encoding("“你来了。”他说。".encode("gb18030")) == ("gb18030", False)
    # a Western text's accented letters stand alone: Big5 read "25°C" as "25蚓" (a reviewer's)
    for western in ("Die Temperatur war 25°C.", "Ärger mit Äpfeln", "¡Hola!", "Âge"):
        assert guess_encoding(western.encode("cp1252")) == ("cp1252", False), western
    # UTF-16 without its BOM was refused as binary data, out of Reopen with Encoding's reach
    assert guess_encoding("Dear Ann,\nthanks".encode("utf-16-le")) == ("utf-16-le", False)
    assert guess_encoding("Dear Ann,\nthanks".encode("utf-16-be")) == ("utf-16-be", False)
    # the beginning of a file: a character cut at the end is no reason to doubt UTF-8
    assert guess_encoding("笔记".encode()[:-1], whole=False) == ("utf-8", False)


@given(st.text(max_size=200), st.sampled_from(sorted(ENCODINGS)), st.sampled_from(NEWLINES))
def test_any_text_an_encoding_holds_reads_back_the_same(
    text: str, encoding: str, newline: str
) -> None:
    text = text.replace("\r", "").replace("\0", "")  # (a NUL is binary data, tested above)
    bom = encoding in BOMS and encoding != "utf-8"
    fmt = TextFormat(bom=bom, newline=newline, encoding=encoding)
    try:
        data = encode_text(text, fmt)
    except DocumentError:
        return  # (a character it cannot hold, or a lone surrogate: said, tested above)
    read, read_fmt, _mixed = decode_text(data, "x.txt", encoding)
    if fmt.bom or not text.startswith("\ufeff"):
        assert read == text
    assert read_fmt.encoding == encoding


@given(st.binary(max_size=600))
def test_any_bytes_are_refused_in_a_sentence_or_read_and_written_back(data: bytes) -> None:
    try:
        text, fmt, mixed = decode_text(data, "x.txt")
    except DocumentError as error:
        said = str(error)
        assert said.startswith("x.txt ")  # noqa: PT017 (a refusal is one of the two outcomes)
        return
    again = encode_text(text, fmt)
    assert decode_text(again, "x.txt", fmt.encoding)[0] == text
    # (Big5 has two codes for two characters, and Windows' Japanese for the IBM ones: "\xfa\x80"
    # is written "\xed\x63", the same character; the text is the same, as asserted above)
    if not mixed and fmt.encoding not in ("big5", "cp932"):
        assert again == data


def test_missing_file_is_explained(tmp_path: Path) -> None:
    with pytest.raises(DocumentError, match=r"Could not open gone\.md: there is no such file"):
        read_text_file(tmp_path / "gone.md")
    # `writer /nowhere/y.md`: it said "no such file (it may have been moved...)"
    with pytest.raises(DocumentError, match=r"y\.md: the folder .*nowhere does not exist"):
        read_text_file(tmp_path / "nowhere" / "y.md")


def test_folder_is_explained(tmp_path: Path) -> None:
    (tmp_path / "chapters").mkdir()
    with pytest.raises(DocumentError, match="it is a folder, not a file"):
        read_text_file(tmp_path / "chapters")


def test_pipe_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(DocumentError, match="not an ordinary file"):
        read_text_file(fifo)


def _open_as_ordinary_user(path: Path) -> str:
    """Open `path` as nobody; return "opened" or the error's message."""

    def open_it() -> str:
        read_text_file(path)
        return "opened"

    return as_ordinary_user(open_it)


def test_unreadable_file_is_explained() -> None:
    folder = Path(tempfile.mkdtemp(prefix="writer-user-"))
    try:
        folder.chmod(0o755)
        path = folder / "secret.md"
        path.write_text("private")
        path.chmod(0o600 if os.geteuid() == 0 else 0)
        answer = _open_as_ordinary_user(path)
        assert answer == "Could not open secret.md: you do not have permission to read it."
    finally:
        shutil.rmtree(folder)


def test_file_over_200_mb_is_refused_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "huge.log"
    with open(path, "wb") as f:
        f.truncate(MAX_BYTES + 1)
    with pytest.raises(DocumentError, match=r"huge\.log: it is 200 MB, and Writer opens files up"):
        read_text_file(path)


def test_nul_after_the_first_64_kib_does_not_make_a_file_binary(tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    data = b"x" * 70_000 + b"\x00end"
    path.write_bytes(data)
    assert _round_trip(path, data) == data


def test_ten_megabytes_open_and_encode_fast(tmp_path: Path) -> None:
    path = tmp_path / "novel.md"
    data = ("她推开门，外面下着雨。Rain, and more rain.\r\n" * 200_000).encode()
    assert len(data) > 10_000_000
    path.write_bytes(data)
    start = time.perf_counter()
    loaded = read_text_file(path)
    encoded = encode_text(loaded.text, loaded.format)
    elapsed = time.perf_counter() - start
    assert encoded == data
    assert elapsed < 1.0


def test_signature_changes_when_another_program_writes(tmp_path: Path) -> None:
    path = tmp_path / "shared.md"
    path.write_text("one")
    loaded = read_text_file(path)
    assert file_signature(path) == loaded.signature
    path.write_text("two, longer")
    assert file_signature(path) != loaded.signature
    path.unlink()
    assert file_signature(path) is None


@given(st.text(max_size=300), st.sampled_from(["Untitled", "未命名"]))
def test_a_suggested_file_name_is_always_one_name_of_the_first_line(
    text: str, fallback: str
) -> None:
    name = file_name_for(text, fallback)
    assert name.endswith(".md")
    stem = name[: -len(".md")]
    assert stem
    assert len(stem) <= FILE_NAME_CHARS
    assert not set(stem) & set('/\\:*?"<>|…')
    assert all(ord(ch) >= 32 and ord(ch) != 127 for ch in stem)
    assert stem == stem.strip(" .")
    assert Path(name).name == name


def test_a_suggested_file_name_is_the_title_without_its_marks() -> None:
    assert file_name_for("\n# Hello: a story?\n\nText.") == "Hello a story.md"
    assert file_name_for("   \n\n", "未命名") == "未命名.md"
    assert file_name_for("第一章 港口") == "第一章 港口.md"
    assert file_name_for("傍晚的散步。\n正文") == "傍晚的散步.md"  # it kept the 。
    assert file_name_for("Dear Ann,\nText") == "Dear Ann.md"


def test_a_long_first_line_gives_a_name_of_whole_words() -> None:
    """A first sentence longer than a name ended its name in the middle of a word ("…the
    spiral staircase to th.md"); Chinese, written without spaces, is cut where it reaches the
    length."""
    line = "The old lighthouse keeper climbed the spiral staircase to the top of the tower."
    assert file_name_for(line) == "The old lighthouse keeper climbed the spiral staircase to.md"
    chinese = "老灯塔看守人" * 20
    assert file_name_for(chinese) == chinese[:FILE_NAME_CHARS] + ".md"
    assert file_name_for("第一章 " + chinese) == ("第一章 " + chinese)[:FILE_NAME_CHARS] + ".md"


def test_a_long_first_line_is_cut_where_its_words_end_in_every_script() -> None:
    """The whole-word cut saw only spaces and letters: "第一章 " and fifty characters of
    Chinese before an English word cut at the length gave "第一章.md" (the Chinese dropped to
    the space), "ChatGPT" after Chinese without a space gave "…Chat", Korean (written with
    spaces) was cut inside a word, and "well-known" or "don't" at the cut left "well-" or
    "don'". A word is what the word count reads as one (writer/project/words.py)."""
    chinese = "老灯塔看守人" * 9  # (54 characters)
    assert file_name_for("第一章 " + chinese + "Python编程") == "第一章 " + chinese + ".md"
    assert file_name_for("我们" * 28 + "ChatGPT是") == "我们" * 28 + ".md"
    korean = "오늘 " * 19 + "항구는조용하다"  # (the cut at 60 falls inside the last word)
    assert file_name_for(korean) == ("오늘 " * 19).strip() + ".md"
    assert file_name_for("a" * 54 + " well-known thing") == "a" * 54 + ".md"
    assert file_name_for("b" * 55 + " don't go") == "b" * 55 + ".md"
    assert file_name_for("Hello" * 11 + " Ann, we") == "Hello" * 11 + " Ann.md"  # (no ",")
    assert file_name_for("x" * 80) == "x" * FILE_NAME_CHARS + ".md"  # (one word: cut in it)


def test_a_markdown_opening_gives_the_name_a_reader_sees() -> None:
    """The name was the first line's characters less a heading's opening marks: a private
    comment at the top named the file ("-- note --.md"), a Jekyll post's front matter "---.md",
    a link its address ("[The Harbour](http x.org a).md"), a heading's closing marks stayed
    ("Chapter 1 ##.md"). The name is the front matter's title, else the first line's words
    as the preview shows them."""
    assert file_name_for("<!-- note to self -->\n# The Harbour\n") == "The Harbour.md"
    assert file_name_for("---\ntitle: The Road\nlayout: post\n---\nText.") == "The Road.md"
    assert file_name_for("---\nlayout: post\n---\n\n# Dawn\n") == "Dawn.md"
    assert file_name_for("# [The Harbour](http://x.org/a)") == "The Harbour.md"
    assert file_name_for("## Chapter 1 ##\nText") == "Chapter 1.md"
    assert file_name_for("# The **harbour** at dusk") == "The harbour at dusk.md"
    assert file_name_for("# C#") == "C#.md"  # (its own mark kept)


@given(st.lists(st.sampled_from(["well-known", "don't", "港口", "항구는", "Ann,", "a", "—", "。"]),
                min_size=1, max_size=40))  # fmt: skip
def test_a_suggested_file_name_ends_where_a_word_of_the_line_ends(words: list[str]) -> None:
    """Whatever the line, its name is some of its first words, whole (a Chinese one may end
    after any character)."""
    ends = " .,;:!。！？，、；："
    whole = {"Untitled"}
    for count in range(len(words) + 1):
        some = " ".join(words[:count])
        whole.add(some.strip(ends))
        if count < len(words) and words[count] == "港口":
            whole.add((some + " 港").strip(ends))
    assert file_name_for(" ".join(words))[: -len(".md")] in whole


def test_a_damaged_utf8_file_is_refused_not_read_as_a_legacy_encoding(tmp_path: Path) -> None:
    """A UTF-8 chapter with its last character cut opened as ISO 8859-1 mojibake, and the
    next save in UTF-8 wrote the mojibake over the whole chapter (a reviewer's find)."""
    path = tmp_path / "第一章.md"
    data = "第一章\n她推开门，外面下着雨。".encode()[:-1]
    path.write_bytes(data)
    with pytest.raises(DocumentError) as caught:
        read_text_file(path)
    assert str(caught.value) == (
        "第一章.md is UTF-8 text with damaged bytes (the first is byte 41, of 42). Writer does "
        "not open it, so that no save writes over them: mend it in another program first."
    )
    assert path.read_bytes() == data
    # the project's memory reads it as UTF-8, the damaged character replaced
    assert text_of(data, whole=True) == "第一章\n她推开门，外面下着雨\ufffd"


@given(
    st.lists(st.sampled_from(["灯塔", "café", "naïve", "ö", "的", " ", "a", "\n", "—"]),
             min_size=1, max_size=40),  # fmt: skip
    st.lists(st.tuples(st.integers(0, 40), st.sampled_from([b"\x80", b"\xbf", b"\xc3",
                                                            b"\xe4", b"\xf5", b"\xff"]))),
)
def test_utf8_with_a_few_bad_bytes_is_read_as_utf8_for_the_memory(
    pieces: list[str], damage: list[tuple[int, bytes]]
) -> None:
    """A notes file or a chapter that is UTF-8 but for a few bad bytes is read as UTF-8 for the
    project's memory, each bad byte a "\ufffd" and counted, all else as written (a notes file
    with too many for the document's guess was read whole as Latin-1: every Chinese or
    accented character mojibake)."""
    encoded = [piece.encode() for piece in pieces]
    multi = sum(len(ch.encode()) for ch in "".join(pieces) if ord(ch) > 127)
    damage = [(at % len(pieces), bad) for at, bad in damage][: multi // MOSTLY_UTF8]
    for at, bad in sorted(damage, reverse=True):  # (between characters: each one "\ufffd")
        encoded.insert(at, bad)
    read = text_for_reading(b"".join(encoded), whole=True)
    assert read is not None
    if damage:
        assert read.encoding == "utf-8"
    assert read.unreadable == len(damage)
    assert read.text.replace("\ufffd", "") == "".join(pieces)


def test_central_european_files_are_guessed_and_western_ones_stay_windows_1252() -> None:
    """A Polish, Czech, Slovak, Croatian or Slovenian file in Windows-1250 was read as
    Windows-1252 ("by³o", "veèer") or, with a ť in it, as ISO 8859-1 with control characters;
    Western texts whose accented letters Windows-1250 reads as others stay Windows-1252."""
    central = (
        "Wczoraj było bardzo zimno. Poszliśmy do sklepu, żeby kupić chleb i masło. Już późno.",
        "Včera večer jsme šli do kina. Příliš žluťoučký kůň úpěl ďábelské ódy. Řekl, že přijde.",
        "Tři přátelé šli přes řeku. Večer bylo moře klidné a čistá voda tekla do údolí.",
        "Ľudia v meste hovorili o novom moste. Ďalší deň bol teplý, ľahký vietor fúkal. Čakali "
        "sme na vlak a ľudia sa smiali.",
        "Čovjek je šetao gradom. Žena je čitala knjigu u parku. Večeras ćemo ići u kino.",
        "Včeraj sem šel v mesto. Človek je rekel, da bo jutri lepo vreme. Večer je bil čudovit.",
    )
    for text in central:
        assert guess_encoding(text.encode("cp1250"))[0] == "cp1250", text
    western = (
        "Très bien, a dit la mère. Après le dîner, nous sommes allés à la plage, près du père.",
        "¿Dónde está el niño? ¡Qué año! ¿Vienes? ¿Quién? El señor comió jamón en España.",
        "È così bello. Perché non vieni? Il caffè è caldo, la città è lì. È vero, è arrivato.",
        "Søster købte brød. Øen ligger i søen, og frøerne hopper. Øer og øen. Rødgrød med fløde.",
        "Jeg så en bjørn i skogen. Dør og øye. Bjørnen og øya, høyre, gøy, løype og bøye.",
        "As ações e lições da nação. Ele põe o pão na mesa. Nº 5, 1ª vez, Sr.ª Ana, nº 7.",
        "Take 1¼ cups of flour, 3¾ l of milk, £5 of butter and ¾ cup of sugar. Price: £12.",
        "Der Tank fasst 20 m³, der zweite 40 m³ und der dritte 3 m³. Schöne Grüße.",
        "A claim¹ and another³ and yet one more¹, as the notes² say.",
        "Vi gikk til øya og Øya, og så båten på øya ved Øyane.",
    )
    for text in western:
        assert guess_encoding(text.encode("cp1252"))[0] == "cp1252", text


# a line or two of Hungarian (ő, ű: õ, û in Windows-1252) and of Polish without ł, ą or ż (ń, ę,
# ć, ś, ź: ñ, ê, æ, œ, Ÿ), which Windows-1252 read as its own letters ("Dzieñ", "siê", "erdõ")
SHORT_CENTRAL = (
    "Árvíztűrő tükörfúrógép, mondta az őr. Egy szép napon elment.",
    "Az erdő szélén egy öreg fűzfa állt.",
    "Ő is jött, hogy lássa a hűvös őszi estét.",
    "ŐSZI ESTE. A szél hűvös volt, de ő mégis kiment.",
    "Dzień dobry, jak się masz?",
    "Nie wiem, co się stało.",
    "Chcę to zrobić jutro, dziś nie.",
    "Kiedyś wrócę.",
    "Proszę pani, gdzie jest dworzec?",
    "Później pójdziemy na spacer.",
)
# Western languages' words with the letters those are read as, where they write them
WESTERN_WORDS = {
    "French": ("très", "mère", "à", "où", "cœur", "sœur", "œuvre", "l'œil", "fœtus", "fête",
               "être", "sûr", "goût", "août", "brûlé", "ça", "garçon", "naïve", "Noël", "déjà",
               "L'HAŸ", "et", "la", "le", "du", "mûr", "dû", "flûte", "île", "plutôt", "Phœbé",
               "cœlacanthe"),
    "Spanish": ("año", "niño", "señor", "España", "¿Qué", "mañana", "Muñoz", "el", "y", "de",
                "está", "¡Hola!", "pequeño", "sueño"),
    "Portuguese": ("não", "põe", "lições", "canções", "você", "três", "lê", "vê", "dê",
                   "mercê", "e", "o", "ação", "compõe", "mês", "pão", "nº", "1ª", "fazê-lo",
                   "dizê-lo", "trazê-la", "amanhã"),
    "Latin": ("Mariæ", "gloriæ", "ecclesiæ", "et", "in", "Deo", "Cæsar", "præter"),
    "Danish and Norwegian": ("træ", "knæ", "søster", "øen", "æble", "blå", "øya", "og", "i",
                             "være", "hær", "søen", "Øyane", "gøy"),
    "Estonian": ("õhtu", "sõna", "kõik", "jõgi", "või", "mõte", "hästi", "ja", "on", "üks",
                 "öö", "pärast", "tõi", "õnn"),
    "German": ("Grüße", "schön", "Straße", "m³", "für", "und", "der", "Größe", "Tür"),
    "English": ("claim¹", "1¼", "£5", "café", "the", "and", "energy", "physics", "of",
                "szechuan", "gymnastics", "crème", "brûlée", "naïve", "Cæsar", "m³", "cœur",
                "piñata", "jalapeño", "façade"),
}  # fmt: skip


def test_a_line_of_hungarian_or_polish_is_guessed_windows_1250() -> None:
    """Hungarian in Windows-1250 was never told from Windows-1252 (ő and ű are letters in both:
    "erdõ", "fûzfa"), nor a line or two of Polish without ł, ą or ż ("Dzieñ dobry", "siê")."""
    for text in SHORT_CENTRAL:
        assert guess_encoding(text.encode("cp1250"))[0] == "cp1250", text
    for text in ("Õhtu oli ilus, õues sõin õuna.", "Bien sûr, il a dû le faire au lycée.",
                 "Você está bem? Você vê. Você lê.", "Jeg så et træ og et knæ.",
                 "Le cœur de ma sœur, un œuf, l'œil du bœuf.", "El niño come. ¡Qué año!",
                 "The physics of szechuan goût, and a sûr thing.",
                 "Você pode fazê-lo amanhã?", "Phœbé saw a cœlacanthe.",
                 "Ave Mariæ gloriæ."):  # fmt: skip
        assert guess_encoding(text.encode("cp1252"))[0] == "cp1252", text


@given(
    st.sampled_from(sorted(WESTERN_WORDS)).flatmap(
        lambda language: st.lists(st.sampled_from(WESTERN_WORDS[language]), max_size=30)
    )
)
def test_western_words_stay_windows_1252_however_they_are_put_together(words: list[str]) -> None:
    """Whatever words of a Western language a text puts together, and however few, its
    letters that Windows-1250 reads as Polish or Hungarian ones are not taken for them."""
    text = " ".join(words) + "."
    assert guess_encoding(text.encode("cp1252"))[0] in ("cp1252", "utf-8"), text  # (ASCII)


def test_a_suggested_file_name_is_one_windows_can_save() -> None:
    """A first line "Con", "aux.md" or "COM1" named the file after a device, which Windows
    refuses ("CON.md" cannot be saved there, in any case, with an ending or not): such a name
    is told apart. A name ending in a point or a space (Windows refuses it too) is trimmed."""
    assert file_name_for("Con") == "Con (1).md"
    assert file_name_for("# aux.md\n\nText") == "aux (1).md.md"
    assert file_name_for("NUL.") == "NUL (1).md"
    assert file_name_for("prn") == "prn (1).md"
    assert file_name_for("com1\nText") == "com1 (1).md"
    assert file_name_for("LPT9.txt") == "LPT9 (1).txt.md"
    assert file_name_for("Con artist") == "Con artist.md"  # (a name that begins so is one)
    assert file_name_for("COM10") == "COM10.md"
    assert file_name_for("Dusk. ") == "Dusk.md"
    assert file_name_for("Con" + " " + "x" * 70) == "Con (1).md"  # (the long word left out)


@given(st.sampled_from(["con", "PRN", "Aux", "nUl", "com7", "LPT1", "conin$"]),
       st.sampled_from(["", ".", ".txt", " .md", ". ", "..x", "." + "y" * 70]))  # fmt: skip
def test_no_suggested_file_name_is_a_windows_device(device: str, ending: str) -> None:
    stem = file_name_for(device + ending)[: -len(".md")]
    windows = {"CON", "PRN", "AUX", "NUL", "COM7", "LPT1", "CONIN$"}
    assert stem.split(".")[0].rstrip().upper() not in windows
    assert stem == stem.strip(" .")
    assert len(stem) <= FILE_NAME_CHARS

