"""Reading and writing text files faithfully: the encoding, its BOM and the line endings kept as
found.

Most files are UTF-8. The others a writer meets are UTF-16 (Windows Notepad's "Unicode", with a
BOM), and files from older tools in a legacy encoding: GB18030/GBK in mainland China, Big5 in
Taiwan and Hong Kong, Windows-1252 in the West. Opening one guesses its encoding
(`guess_encoding`: a BOM first, then UTF-8, then the Chinese encodings where nearly every
character decoded is a common one, then Windows-1252, then ISO 8859-1, which reads any bytes);
the writer can open it again in another (`read_text_file(path, encoding=...)`). Saving writes
the encoding the file was read in, so an unedited file is written back byte for byte (but for
the few characters Shift JIS and Big5 have two codes for, written back with their standard
one: the same character); a character the encoding has no room for is refused with
`EncodingError`, which names it and where it is, and nothing is written.
"""

from __future__ import annotations

import codecs
import contextlib
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

from writer.documents.atomic import save_atomic
from writer.documents.errors import DocumentError, EncodingError
from writer.sentences import said

MAX_BYTES = 200 * 1024 * 1024
SNIFF_BYTES = 64 * 1024
NEWLINES = ("\n", "\r\n", "\r")

_ACCEPTED = said("Writer opens plain text and Markdown")

# The encodings Writer reads and writes: Python's codec → the name writers know it by.
ENCODINGS: dict[str, str] = {
    "utf-8": "UTF-8",
    "utf-16-le": "UTF-16 LE",
    "utf-16-be": "UTF-16 BE",
    "utf-32-le": "UTF-32 LE",
    "utf-32-be": "UTF-32 BE",
    "gb18030": "GB18030",
    "big5": "Big5",
    "cp932": "Shift JIS",
    "cp949": "EUC-KR",
    "cp1252": "Windows-1252",
    "cp1250": "Windows-1250",
    "cp1251": "Windows-1251",
    "latin-1": "ISO 8859-1",
}
# The byte order marks, longest first (UTF-32 LE's begins with UTF-16 LE's).
BOMS: dict[str, bytes] = {
    "utf-32-le": codecs.BOM_UTF32_LE,
    "utf-32-be": codecs.BOM_UTF32_BE,
    "utf-8": codecs.BOM_UTF8,
    "utf-16-le": codecs.BOM_UTF16_LE,
    "utf-16-be": codecs.BOM_UTF16_BE,
}
WIDE = ("utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be")  # NUL bytes are text in these
# A guess of a Chinese encoding holds where at least this share of the characters decoded
# from the first SNIFF_BYTES past the first non-ASCII byte are common ones (GB2312's; Big5's
# frequently used block): a Windows-1252 file read as GBK gives mostly rare characters (an
# accented letter and the ASCII letter after it make one), real Chinese nearly none.
COMMON_SHARE = 0.9
_HIGH = re.compile(rb"[\x80-\xff]")
_HIGH_RUN = re.compile(rb"[\x80-\xff]+")
KOREAN_MIN = 20  # Hangul syllables, at least, for a guess of EUC-KR
CYRILLIC_MIN = 16  # Cyrillic letters, at least, for a guess of Windows-1251
# Signs of Windows-1250 (Polish, Czech, Slovak, Slovenian, Croatian), at least, for its guess
# (`_central_european`), and their least share of the bytes where the two encodings differ
CENTRAL_MIN = 3
CENTRAL_SHARE = 0.25
CENTRAL_INSIDE = 2  # of them, at least, before a letter ("m³" and a note's "claim¹" end a word)
# Bytes Windows-1250 reads as a letter that Windows-1252 reads as a sign or not at all (Ť Ź ť
# undefined; £ ¥ ¯ ³ ¹ ¼ ¾ for Ł Ą Ż ł ą Ľ ľ): beside a letter, no Western text has them
# ("1¼", "£5" have a digit); Spanish's ¿ (ż) comes before a word, never after a letter
# ("¿Dónde", "już"); ª º (Ş ş) are Portuguese's after one too ("nº"): between two letters only.
_SIGN_IN_1252 = frozenset(b"\x8d\x8f\x9d\xa3\xa5\xaf\xb3\xb9\xbc\xbe")
_SIGN_AFTER = frozenset(b"\xbf")
_SIGN_BETWEEN = frozenset(b"\xaa\xba")
# č (Czech's, Croatian's, Slovenian's) and ř (Czech's), è and ø in Windows-1252, before a
# vowel are those languages' ("večer", "čitala", "tři"); French's è comes before a consonant
# ("très"), and Danish's and Norwegian's ø too but for e, y and a ("søster", "søen", "øye",
# "øya"), which ř is not counted before (Czech writes ře and řa seldom, never ry).
_CZECH = {
    0xE8: frozenset(b"aeiouyAEIOUY\xe1\xe9\xed\xf3\xfa\xfd\xc1\xc9\xcd\xd3\xda\xdd"),
    0xF8: frozenset(b"iouIOU\xe1\xed\xf3\xfa\xc1\xcd\xd3\xda"),
}
_CZECH[0xC8], _CZECH[0xD8] = _CZECH[0xE8], _CZECH[0xF8]  # (Č, Ř)
# Polish letters Windows-1252 reads as Western ones, where no Western language writes those:
# ń (ñ) not before a vowel ("dzień"; Spanish's ñ always is: "año"), ę (ê) ending a word after
# i or z ("się", "proszę"; Portuguese's "você", "lê" after others), ć (æ) ending one after a
# vowel or ś ("mieć", "zrobić", "jeść"; Danish's "træ", "knæ" after a consonant), ś (œ) ending
# one or before a consonant French's œ never comes before ("kiedyś", "świat", "śnieg"; French
# "cœur", "œil", "fœtus"), ź (Ÿ) beside a small letter ("później", "jaźń"). One is enough, in a
# line of Polish with no ł, ą or ż ("Chcę to zrobić jutro.": `_central_european`).
_VOWELS = frozenset(b"aeiouyAEIOUY\xe1\xe9\xed\xf3\xfa\xfd\xc1\xc9\xcd\xd3\xda\xdd")
_POLISH_N = frozenset(b"\xf1\xd1")
_POLISH_E = frozenset(b"\xea\xca")
_POLISH_C = frozenset(b"\xe6\xc6")
_POLISH_S = frozenset(b"\x9c\x8c")
_POLISH_S_BEFORE = frozenset(b"ckmnprwCKMNPRW\xe6")
_SMALL = frozenset(b"abcdefghijklmnopqrstuvwxyz")
# Hungarian's ő and ű (õ and û in Windows-1252, Estonian's, Portuguese's and French's letters):
# Windows-1250 where the text's other letters are all Hungarian's, with its "sz", "gy", "zs"
# or "cs", an ő among them (French has û alone) and a second one or an ö or ü (`_hungarian`);
# õ before an e is Portuguese's ("põe", "lições") and not counted.
_O_DOUBLE_ACUTE = frozenset(b"\xf5\xd5")
_DOUBLE_ACUTE = frozenset(b"\xf5\xfb\xd5\xdb")
_HUNGARIAN_LETTERS = frozenset("áéíóöúüőűÁÉÍÓÖÚÜŐŰ".encode("cp1250"))
_UMLAUTS = frozenset("öüÖÜ".encode("cp1250"))
_HUNGARIAN_PAIRS = re.compile(rb"[sS][zZ]|[gG][yY]|[zZ][sS]|[cC][sS]")
PAIRED_SHARE = 0.7  # of the non-ASCII bytes, at least, in runs of two or more for GBK or Big5
# A file with at most this many bytes that are not UTF-8 for each multi-byte UTF-8 character
# is a damaged UTF-8 file (refused as UTF-8), not a legacy encoding's text.
DAMAGED_SHARE = 0.05
MAX_SNIFF_UTF8 = 1024 * 1024
# For reading alone (`text_for_reading`), a file is UTF-8 with bad bytes where it has at least
# this many bytes of valid multi-byte UTF-8 characters for each byte that is not.
MOSTLY_UTF8 = 4
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)


@dataclass(frozen=True)
class TextFormat:
    """How a file's text is stored on disk; new documents get UTF-8 without BOM and '\\n'."""

    bom: bool = False
    newline: str = "\n"
    encoding: str = "utf-8"  # a key of ENCODINGS

    def __post_init__(self) -> None:
        if self.newline not in NEWLINES:
            raise ValueError(f"newline must be one of {NEWLINES!r}, not {self.newline!r}")
        if self.encoding not in ENCODINGS:
            raise ValueError(f"encoding must be one of {tuple(ENCODINGS)!r}, not {self.encoding!r}")
        if self.bom and self.encoding not in BOMS:
            raise ValueError(f"{self.encoding} has no byte order mark")

    @property
    def encoding_name(self) -> str:
        """The encoding as writers know it ("UTF-8 with BOM", "GB18030")."""
        name = ENCODINGS[self.encoding]
        return f"{name} with BOM" if self.bom and self.encoding == "utf-8" else name


@dataclass(frozen=True)
class FileSignature:
    """What a file looked like on disk, to notice when another program changes it."""

    size: int
    mtime_ns: int
    inode: int


@dataclass(frozen=True)
class LoadedText:
    """A text file as the editor wants it: `text` has '\\n' line endings only.

    `mixed_newlines` is true when the file used more than one kind of line ending; saving writes
    the dominant kind (`format.newline`) throughout, so the UI may want to say so.
    """

    path: Path
    text: str
    format: TextFormat = field(default_factory=TextFormat)
    mixed_newlines: bool = False
    signature: FileSignature | None = None
    guessed: bool = False  # the encoding is a guess: no BOM, and the bytes are not UTF-8


def file_signature(path: str | Path) -> FileSignature | None:
    """The file's current size, modification time and inode, or None when it is gone."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return FileSignature(st.st_size, st.st_mtime_ns, st.st_ino)


def read_text_file(path: str | Path, encoding: str | None = None) -> LoadedText:
    """Read a text file, or raise DocumentError with a sentence saying why it cannot be.

    `encoding` (a key of ENCODINGS) reads it in that encoding, strictly; without one the
    encoding is guessed (`guess_encoding`). Refused: files over 200 MB, anything that is not a
    regular file, files with a NUL byte in their first 64 KiB that are not UTF-16 or UTF-32
    (binary data), and bytes the encoding asked for cannot read.
    """
    path = Path(path)
    name = path.name or str(path)
    try:
        st = path.stat()
    except FileNotFoundError:
        missing = _missing_folder(path)
        if missing is not None:
            raise DocumentError(
                said("Could not open {0}: the folder {1} does not exist.", name, missing), path
            ) from None
        raise DocumentError(
            said(
                "Could not open {0}: there is no such file (it may have been moved, renamed or "
                "deleted).",
                name,
            ),
            path,
        ) from None
    except OSError as exc:
        raise _open_error(path, exc) from exc
    if stat.S_ISDIR(st.st_mode):
        raise DocumentError(said("Could not open {0}: it is a folder, not a file.", name), path)
    if not stat.S_ISREG(st.st_mode):
        raise DocumentError(
            said(
                "Could not open {0}: it is not an ordinary file (it is a device or a pipe).", name
            ),
            path,
        )
    if st.st_size > MAX_BYTES:
        raise DocumentError(
            said(
                "Could not open {0}: it is {1:.0f} MB, and Writer opens files up to {2} MB.",
                name,
                st.st_size / 1_048_576,
                MAX_BYTES // 1_048_576,
            ),
            path,
        )
    try:
        with open(path, "rb") as f:
            data = f.read(MAX_BYTES + 1)
    except OSError as exc:
        raise _open_error(path, exc) from exc
    if len(data) > MAX_BYTES:
        raise DocumentError(
            said("Could not open {0}: it is larger than {1} MB.", name, MAX_BYTES // 1_048_576),
            path,
        )
    try:
        text, fmt, mixed, guessed = _decode(data, name, encoding)
    except DocumentError as exc:
        exc.path = path
        raise
    signature = FileSignature(st.st_size, st.st_mtime_ns, st.st_ino)
    return LoadedText(path, text, fmt, mixed, signature, guessed)


def decode_text(
    data: bytes, name: str = "This file", encoding: str | None = None
) -> tuple[str, TextFormat, bool]:
    """Turn file bytes into editor text, its TextFormat and whether its line endings were mixed;
    `encoding` as `read_text_file` takes it."""
    text, fmt, mixed, _guessed = _decode(data, name, encoding)
    return text, fmt, mixed


def guess_encoding(data: bytes, whole: bool = True) -> tuple[str, bool]:
    """The encoding of a file's bytes (a key of ENCODINGS) and whether they begin with its BOM.

    A BOM says it; else UTF-16 where NUL bytes fall on every other byte (`_wide_without_bom`);
    else UTF-8 where the bytes are valid UTF-8, or nearly (`_damaged_utf8`: a UTF-8 file with a
    byte cut or damaged is UTF-8, which then refuses it, rather than Windows-1252 mojibake a
    save would write back over it); else, where the non-ASCII bytes come in pairs and runs
    (`_paired`) and are valid in it: EUC-KR where nearly all are Hangul syllables (`_korean`),
    GB18030 or Big5 where nearly every character is a common one (COMMON_SHARE), Shift JIS
    where they read as Japanese with kana among them (`_japanese`); else Windows-1251 where
    they make Cyrillic words (`_cyrillic`); else Windows-1250 where they are Central European
    letters inside words (`_central_european`) or Hungarian's ő and ű (`_hungarian`); else
    Windows-1252 where it reads them (five bytes
    are undefined in it); else ISO 8859-1, which reads any bytes. Binary data is not told
    apart here (`decode_text` refuses it). Where `whole` is false, `data` is the beginning of a
    file, and a character cut at its end counts as valid."""
    for encoding, bom in BOMS.items():
        if data.startswith(bom):
            return encoding, True
    wide = _wide_without_bom(data[:SNIFF_BYTES], whole)
    if wide:
        return wide, False
    if _valid(data, "utf-8", whole) or _damaged_utf8(data[:MAX_SNIFF_UTF8]):
        return "utf-8", False
    sample = data[:SNIFF_BYTES]
    paired = _paired(sample)
    if paired and _korean(sample) and _valid(data, "cp949", whole):
        return "cp949", False  # (before GBK, which reads Hangul's bytes as common characters)
    for encoding in ("gb18030", "big5"):
        if paired and _mostly_common(data, encoding) and _valid(data, encoding, whole):
            return encoding, False
    if paired and _japanese(data) and _valid(data, "cp932", whole):
        return "cp932", False
    if _cyrillic(sample) and _valid(data, "cp1251", whole):
        return "cp1251", False
    if (_central_european(sample) or _hungarian(sample)) and _valid(data, "cp1250", whole):
        return "cp1250", False
    if _valid(data, "cp1252", whole):
        return "cp1252", False
    return "latin-1", False


def text_of(data: bytes, whole: bool = False, encoding: str | None = None) -> str | None:
    """The text of a file's first bytes whatever its encoding, line ends as "\\n"; None for
    binary data (`text_for_reading`, its text alone)."""
    read = text_for_reading(data, whole, encoding)
    return None if read is None else read.text


@dataclass(frozen=True)
class ReadText:
    """A file's text as `text_for_reading` reads it."""

    text: str
    encoding: str  # a key of ENCODINGS
    unreadable: int  # bytes the encoding could not read, each a "\ufffd" in `text`


def text_for_reading(
    data: bytes, whole: bool = False, encoding: str | None = None
) -> ReadText | None:
    """The text of a file's first bytes whatever its encoding (`encoding` where the writer chose
    one, else guessed as `read_text_file` guesses it, or UTF-8 where nearly all of its
    non-ASCII bytes are UTF-8's, `_mostly_utf8`), bytes the encoding cannot read replaced and
    counted, line ends as "\\n"; None for binary data. Where `whole` is false, `data` is the
    beginning of a file: a character cut at its end is left out. For reading, never for saving
    back (a document opened in the editor is `read_text_file`'s, which refuses damaged UTF-8 so
    that no save writes over its bytes): the project's memory reads its documents and notes with
    it, some only their beginning, and says where bytes could not be read."""
    if encoding is None:
        encoding, bom = guess_encoding(data, whole)
        if encoding != "utf-8" and not bom and _mostly_utf8(data[:MAX_SNIFF_UTF8]):
            encoding = "utf-8"  # (a notes file with a few bad bytes was read whole as Latin-1)
    else:
        bom = encoding in BOMS and data.startswith(BOMS[encoding])
    body = _body(data, encoding, bom)
    if body is None:
        return None
    text = codecs.getincrementaldecoder(encoding)(errors="replace").decode(body, final=whole)
    unreadable = text.count("\ufffd")
    if unreadable:
        with contextlib.suppress(UnicodeEncodeError):  # (a "\ufffd" in the file is its text)
            unreadable -= body.count("\ufffd".encode(encoding))
    return ReadText(text.replace("\r\n", "\n").replace("\r", "\n"), encoding, unreadable)


def _body(data: bytes, encoding: str, bom: bool) -> bytes | None:
    """The bytes of the text after its BOM; None where they are binary data (a NUL byte in
    the first SNIFF_BYTES, except in UTF-16 and UTF-32, whose text has them)."""
    body = data[len(BOMS[encoding]) :] if bom else data
    if encoding not in WIDE and b"\0" in body[:SNIFF_BYTES]:
        return None
    return body


def _wide_without_bom(sample: bytes, whole: bool) -> str | None:
    """UTF-16 without a BOM, told by its NUL bytes: text of Latin letters in UTF-16 has one in
    nearly every other byte, on one side (it was refused as binary data, so Reopen with
    Encoding could not reach it)."""
    if len(sample) < 8 or b"\0" not in sample:
        return None
    pairs = len(sample) // 2
    even, odd = sample[0 : 2 * pairs : 2].count(0), sample[1 : 2 * pairs : 2].count(0)
    for encoding, zeros, others in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        if zeros >= 0.4 * pairs and others <= 0.02 * pairs:
            body = sample if whole and len(sample) % 2 == 0 else sample[: 2 * pairs]
            if _valid(body, encoding, whole=False):
                return encoding
    return None


def _valid(data: bytes, encoding: str, whole: bool = True) -> bool:
    try:
        codecs.getincrementaldecoder(encoding)().decode(data, final=whole)
    except UnicodeDecodeError:
        return False
    return True


def _damaged_utf8(data: bytes) -> bool:
    """Nearly valid UTF-8: a few bytes that are not, among many multi-byte characters that are
    (a legacy text has few sequences that happen to be valid UTF-8, and many that are not)."""
    valid = len(_UTF8_SEQUENCE.findall(data))
    if valid < 4:
        return False
    bad = data.decode("utf-8", errors="replace").count("\ufffd") - data.count(
        "\ufffd".encode()
    )
    return bad <= max(2, DAMAGED_SHARE * valid)


def _mostly_utf8(data: bytes) -> bool:
    """UTF-8 with some bytes damaged, for reading: at least MOSTLY_UTF8 bytes of valid
    multi-byte characters for each byte that is not UTF-8 (a legacy encoding's text has a
    valid sequence here and there by chance, and many more that are not: GBK's two-byte
    characters are valid UTF-8 about one time in seven)."""
    valid = sum(len(run) for run in _UTF8_SEQUENCE.findall(data))
    if not valid:
        return False
    bad = data.decode("utf-8", errors="replace").count("\ufffd") - data.count("\ufffd".encode())
    return valid >= MOSTLY_UTF8 * bad


def _paired(sample: bytes) -> bool:
    """Whether the non-ASCII bytes come in runs, as Chinese characters of two bytes do in
    GBK and Big5; a Western text's accented letters stand alone between ASCII ones (Big5 read
    "25°C" as "25蚓", "Ärger" as "礪ger")."""
    runs = _HIGH_RUN.findall(sample)
    high = sum(len(r) for r in runs)
    return high > 0 and sum(len(r) for r in runs if len(r) > 1) >= PAIRED_SHARE * high


def _mostly_common(data: bytes, encoding: str) -> bool:
    """Whether the characters `encoding` reads from a sample of `data` (from its first
    non-ASCII byte, which begins a character in both encodings) are nearly all common ones."""
    found = _HIGH.search(data)
    if found is None:
        return False
    sample = data[found.start() : found.start() + SNIFF_BYTES]
    decoder = codecs.getincrementaldecoder(encoding)()
    try:
        text = decoder.decode(sample, final=False)  # (a character cut at the end waits)
    except UnicodeDecodeError:
        return False
    wide = [c for c in text if ord(c) >= 0x80]
    if not wide:
        return False
    common = sum(1 for c in wide if _common(c, encoding))
    return common >= COMMON_SHARE * len(wide)


def _korean(sample: bytes) -> bool:
    """Whether the non-ASCII bytes are EUC-KR's: pairs of bytes from 0xA1 up, nearly all of them
    Hangul syllables (a first byte from 0xB0 to 0xC8), at least KOREAN_MIN of those. GBK reads
    the same pairs as common Chinese characters, but a Chinese text's characters come from rows
    up to 0xF7 and its punctuation from 0xA1 and 0xA3: one of KOREAN_MIN characters all from
    the Hangul rows is a chance of about 0.6 ** 20."""
    pairs = syllables = 0
    for found in _HIGH_RUN.finditer(sample):
        run = found.group()
        if len(run) % 2:
            if found.end() != len(sample):
                return False  # (a byte alone; only the sample's cut end may hold half a pair)
            run = run[:-1]
        for i in range(0, len(run), 2):
            lead, trail = run[i], run[i + 1]
            if lead < 0xA1 or trail < 0xA1 or lead == 0xFF or trail == 0xFF:
                return False
            pairs += 1
            syllables += 0xB0 <= lead <= 0xC8
    return syllables >= KOREAN_MIN and syllables >= COMMON_SHARE * pairs


def _japanese(data: bytes) -> bool:
    """Whether Shift JIS reads a sample of `data` as Japanese: nearly every character kana, a
    Han character, or Japanese punctuation and full-width forms, and a fifth of them kana or
    more (Japanese prose is about half kana)."""
    found = _HIGH.search(data)
    if found is None:
        return False
    decoder = codecs.getincrementaldecoder("cp932")()
    try:  # (from the first non-ASCII byte, which begins a character in Shift JIS)
        text = decoder.decode(data[found.start() : found.start() + SNIFF_BYTES], final=False)
    except UnicodeDecodeError:
        return False
    wide = [c for c in text if ord(c) >= 0x80]
    kana = sum(1 for c in wide if "\u3041" <= c <= "\u30ff" or "\uff66" <= c <= "\uff9f")
    japanese = sum(
        1
        for c in wide
        if "\u3000" <= c <= "\u30ff" or "\u4e00" <= c <= "\u9fff" or "\uff01" <= c <= "\uff9f"
    )
    return kana >= 5 and kana * 5 >= len(wide) and japanese >= COMMON_SHARE * len(wide)


def _cyrillic(sample: bytes) -> bool:
    """Whether the non-ASCII bytes are Windows-1251's Cyrillic words: in runs of three or more
    (whole words of letters, where a Western text's accented letters stand alone between ASCII
    ones) and read by it as Cyrillic letters, at least CYRILLIC_MIN of them."""
    runs = _HIGH_RUN.findall(sample)
    high = sum(len(r) for r in runs)
    if high < CYRILLIC_MIN or sum(len(r) for r in runs if len(r) >= 3) < PAIRED_SHARE * high:
        return False
    read = b"".join(runs).decode("cp1251", "replace")
    return sum(1 for c in read if "\u0400" <= c <= "\u04ff") >= COMMON_SHARE * high


def _central_european(sample: bytes) -> bool:
    """Whether the non-ASCII bytes are Windows-1250's letters inside words, at least
    CENTRAL_MIN of them and CENTRAL_SHARE of the bytes where it and Windows-1252 read
    differently: a byte that Windows-1252 reads as a sign, or not at all, beside a letter
    (Polish "było", "już"; Slovak "ľud"; Czech "ťuk"), or č or ř before a vowel ("večer",
    "čitala", "tři"). A Western text's accented letters are letters in both, and its è and
    ø come before a consonant ("très", "søster"; Danish's "søen" is not counted). Polish letters
    that Windows-1252 reads as letters count where no Western language writes those (`_POLISH_N`
    and the others: "dzień", "się", "mieć", "kiedyś")."""
    signs = differ = inside = polish = 0
    for found in _HIGH_RUN.finditer(sample):
        start, end = found.span()
        before = sample[start - 1 : start]
        after = sample[end : end + 1]
        for at in range(start, end):
            byte = sample[at]
            if byte not in _DIFFERENT:
                continue
            differ += 1
            prev = sample[at - 1 : at] if at > start else before
            nxt = sample[at + 1 : at + 2] if at + 1 < end else after
            if (
                (byte in _SIGN_IN_1252 and (_letter(prev) or _letter(nxt)))
                or (byte in _SIGN_AFTER and _letter(prev))
                or (byte in _SIGN_BETWEEN and _letter(prev) and _letter(nxt))
                or (byte in _CZECH and nxt and nxt[0] in _CZECH[byte])
            ):
                signs += 1
                inside += _letter(nxt)
            elif _polish(byte, prev, nxt):
                signs += 1
                polish += 1
    if signs < CENTRAL_SHARE * differ:
        return False
    return polish > 0 or signs >= CENTRAL_MIN and inside >= CENTRAL_INSIDE


def _polish(byte: int, prev: bytes, nxt: bytes) -> bool:
    """Whether `byte`, between `prev` and `nxt`, is a Polish letter Windows-1252 reads as a
    Western one where no Western language writes that (`_POLISH_N`)."""
    end = not _letter(nxt)
    if nxt == b"-":  # (Portuguese "fazê-lo", "dizê-lo": a word goes on after the hyphen)
        return False
    if byte in _POLISH_N:
        return _letter(prev) and not (nxt and nxt[0] in _VOWELS)
    if byte in _POLISH_E:
        return end and bool(prev) and prev in (b"i", b"z")
    if byte in _POLISH_C:  # (ć, Windows-1252's æ: Latin's "Mariæ", "gloriæ" end so too)
        return False
    if byte in _POLISH_S:  # (French's œ before b or l: "Phœbé", "cœlacanthe")
        return _letter(prev) and (end or nxt[0] in _POLISH_S_BEFORE)
    if byte == 0x9F:  # (ź)
        return (bool(prev) and prev[0] in _SMALL) or (bool(nxt) and nxt[0] in _SMALL)
    return False


def _hungarian(sample: bytes) -> bool:
    """Whether the non-ASCII bytes are Hungarian's letters in Windows-1250, ő or ű among them
    (`_DOUBLE_ACUTE`): every letter Hungarian's, "sz", "gy", "zs" or "cs" in the text, an ő,
    and a second ő or ű or an ö or ü. Estonian's õ comes with ä, Portuguese's with ã or ç (and
    before an e), French's û with no õ."""
    acute = 0
    o_acute = umlaut = False
    for found in _HIGH_RUN.finditer(sample):
        for at in range(*found.span()):
            byte = sample[at]
            if byte in _DOUBLE_ACUTE:
                following = sample[at + 1 : at + 2]
                counted = byte not in _O_DOUBLE_ACUTE or following not in (b"e", b"E")
                acute += counted
                o_acute = o_acute or counted and byte in _O_DOUBLE_ACUTE
            elif byte not in _HUNGARIAN_LETTERS and _letter_in_either(byte):
                return False
            umlaut = umlaut or byte in _UMLAUTS
    enough = o_acute and (acute >= 2 or umlaut)
    return enough and _HUNGARIAN_PAIRS.search(sample) is not None


def _letter_in_either(byte: int) -> bool:
    """Whether Windows-1250 or Windows-1252 reads `byte` as a letter."""
    one = bytes([byte])
    return one.decode("cp1250", "replace").isalpha() or one.decode("cp1252", "replace").isalpha()


def _letter(byte: bytes) -> bool:
    """A byte that is a letter in Windows-1250 (ASCII's, or one of its own)."""
    return bool(byte) and byte.decode("cp1250", "replace").isalpha()


# the bytes Windows-1250 and Windows-1252 read as different characters
_DIFFERENT = frozenset(
    b for b in range(0x80, 0x100)
    if bytes([b]).decode("cp1250", "replace") != bytes([b]).decode("cp1252", "replace")
)


def _common(char: str, encoding: str) -> bool:
    if encoding == "gb18030":
        try:
            lead = char.encode("gb2312")[0]
        except UnicodeEncodeError:
            return False
        # punctuation and full-width forms, and the 3,755 most frequent characters (GB2312's
        # first level): not its kana, Greek and Cyrillic rows, which a short Big5 or
        # Windows-1252 text reads as ("中文" in Big5 is "いゅ" in GBK)
        return 0xA1 <= lead <= 0xA3 or 0xB0 <= lead <= 0xD7
    try:
        lead = char.encode("big5")[0]
    except UnicodeEncodeError:
        return False
    return 0xA1 <= lead <= 0xC6  # punctuation and the 5,401 frequently used characters


def _decode(
    data: bytes, name: str, encoding: str | None
) -> tuple[str, TextFormat, bool, bool]:
    guessed, guessed_utf8, text = False, False, None
    if encoding is None:
        try:  # (most files: decoded once, not once to guess and again to read)
            if b"\0" in data[:SNIFF_BYTES]:
                raise UnicodeDecodeError("utf-8", data, 0, 1, "NUL")  # (UTF-16's Latin is
                # valid UTF-8, NULs and all: guessed below, or refused as binary)
            text, encoding, bom = data.decode("utf-8"), "utf-8", False
        except UnicodeDecodeError:
            encoding, bom = guess_encoding(data)
            guessed = not bom and encoding != "utf-8"
            guessed_utf8 = not bom and encoding == "utf-8"
        if text is not None and any(data.startswith(m) for m in BOMS.values()):
            text = None  # a BOM says which (UTF-8's own BOM is valid UTF-8 too)
            encoding, bom = guess_encoding(data)
    else:
        if encoding not in ENCODINGS:
            raise ValueError(f"unknown encoding {encoding!r}")
        mark = BOMS.get(encoding)
        bom = mark is not None and data.startswith(mark)
    body = _body(data, encoding, bom)
    if body is None:
        raise DocumentError(
            said("{0} is not a text file (it contains binary data); {1}.", name, _ACCEPTED)
        )
    try:
        if text is None:
            text = body.decode(encoding)
    except UnicodeDecodeError as exc:
        at = exc.start + (len(data) - len(body)) + 1
        if guessed_utf8:
            raise DocumentError(
                said(
                    "{0} is UTF-8 text with damaged bytes (the first is byte {1}, of {2}). "
                    "Writer does not open it, so that no save writes over them: mend it in "
                    "another program first.",
                    name,
                    at,
                    len(data),
                )
            ) from None
        raise DocumentError(
            said(
                "{0} cannot be read as {1}: its byte {2} means nothing in {1}. Try another "
                "encoding.",
                name,
                ENCODINGS[encoding],
                at,
            )
        ) from None
    crlf = text.count("\r\n")
    counts = {"\n": text.count("\n") - crlf, "\r\n": crlf, "\r": text.count("\r") - crlf}
    newline = max(NEWLINES, key=lambda nl: counts[nl])
    if counts[newline] == 0:
        newline = "\n"
    mixed = sum(1 for n in counts.values() if n) > 1
    if crlf:
        text = text.replace("\r\n", "\n")
    if counts["\r"]:
        text = text.replace("\r", "\n")
    return text, TextFormat(bom=bom, newline=newline, encoding=encoding), mixed, guessed


def encode_text(text: str, fmt: TextFormat) -> bytes:
    """Turn editor text back into file bytes in the format's encoding, with its BOM and line
    endings.

    Any '\\r' the editor text still holds (a pasted CRLF, say) is treated as a line break too,
    so the saved file has one kind of line ending: the format's. For a file read with
    `read_text_file` and not edited, the result equals the original bytes, unless its line
    endings were mixed, in which case they all become the dominant kind. A character the
    encoding cannot hold raises EncodingError (a lone surrogate, which no encoding holds, a
    DocumentError).
    """
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if fmt.newline != "\n":
        text = text.replace("\n", fmt.newline)
    try:
        data = text.encode(fmt.encoding)
    except UnicodeEncodeError as exc:
        start = exc.start
        if 0xD800 <= ord(text[start]) <= 0xDFFF:
            raise DocumentError(
                said(
                    "The text contains a broken character at position {0} that cannot be saved; "
                    "delete it and save again.",
                    start,
                )
            ) from None
    else:
        start = _changed_by(text, data, fmt.encoding)
    if start is not None:
        char = text[start]
        line = text.count(fmt.newline, 0, start) + 1
        name = ENCODINGS[fmt.encoding]
        raise EncodingError(
            said(
                "{0} has no character “{1}” (line {2}), so the text cannot be saved in it; save it "
                "in UTF-8, which holds every character.",
                name,
                char,
                line,
            ),
            char,
            line,
            name,
        )
    return BOMS[fmt.encoding] + data if fmt.bom else data


def _changed_by(text: str, data: bytes, encoding: str) -> int | None:
    """Where `text` encoded as `data` reads back as another character, or None: some legacy
    codecs write a look-alike for a character they lack (Shift JIS writes "¢" as "￠")."""
    if encoding in BOMS:
        return None  # (the Unicode encodings hold every character as it is)
    back = data.decode(encoding)
    if back == text:
        return None
    return next(
        (i for i, (a, b) in enumerate(zip(text, back, strict=False)) if a != b),
        min(len(text), len(back)),
    )


def save_text_file(path: str | Path, text: str, fmt: TextFormat) -> None:
    """Encode `text` in `fmt` and save it atomically; raises SaveError (or DocumentError)."""
    save_atomic(path, encode_text(text, fmt))


FILE_NAME_CHARS = 60  # a suggested file name's stem, at most
_NOT_IN_NAMES = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|…]+')


# the characters of a document's opening read for its title, at most (a Jekyll post's front
# matter of some tens of lines is read past; one longer still names it nothing, not "---")
TITLE_READS = 4000


def title_of(text: str) -> str:
    """The title of a document that begins with `text` as a reader of its Markdown sees it:
    its front matter's title, else the heading it opens with, else its first line with
    words, outside the front matter and comments; in the words the preview shows (no
    heading or emphasis marks, a link's words without its address), on one line ("" where
    there is none). Save As names an untitled document after it, and its window shows it."""
    from writer.documents.markdown import (
        front_matter_fields,
        front_matter_lines,
        front_matter_opens,
        opening_heading,
        plain_words,
    )

    cut = len(text) > TITLE_READS
    text = text[:TITLE_READS]  # (a recovered document's whole text: its opening is enough)
    if cut and front_matter_opens(text.split("\n", 1)[0]) and not front_matter_lines(text):
        return ""  # (a front matter that goes on past what is read: its "---" is no title)
    title = front_matter_fields(text).get("title") or opening_heading(text)
    if not title:
        front = front_matter_lines(text)
        body = plain_words("".join(text.split("\n", front)[front:]))  # (after the front)
        title = next((line for line in body.splitlines() if line.strip()), "")
    return " ".join(plain_words(title).lstrip().lstrip("#").split())


def file_name_for(text: str, fallback: str = "Untitled") -> str:
    """A file name (stem and ".md") for a document that begins with `text`: its title
    (`title_of`) without characters a file name cannot hold on any system, whole words at
    most FILE_NAME_CHARS; `fallback` when none are left."""
    from writer.project.words import whole_words  # (writer.project reads files with this)

    words = " ".join(_NOT_IN_NAMES.sub(" ", title_of(text)).split())
    # whole words ("…staircase to", not "…staircase to th"; "第一章 …港口", not "第一章")
    # a sentence's end is no part of a name ("散步。.md", "Hello!.md"; and Windows refuses a
    # name that ends in a point or a space)
    stem = whole_words(words, FILE_NAME_CHARS).strip(_ENDS)
    device = _WINDOWS_DEVICE.match(stem)
    if device:  # ("Con", "nul.txt": Windows cannot save them) "Con (1)", "nul (1).txt"
        stem = device[1] + " (1)" + stem[device.end(1) :]
        stem = whole_words(stem, FILE_NAME_CHARS).strip(_ENDS)
    return (stem or fallback) + ".md"


_ENDS = " .,;:!。！？，、；："  # (`file_name_for`) what a name never ends with


# A device's name, what Windows refuses as a file's name in any case, with an ending or not
# ("CON", "aux.md", "Com1.txt.md")
_WINDOWS_DEVICE = re.compile(
    r"(CON|PRN|AUX|NUL|CONIN\$|CONOUT\$|COM[1-9¹²³]|LPT[1-9¹²³])\s*(?:\.|$)", re.IGNORECASE
)


def _missing_folder(path: Path) -> Path | None:
    """The outermost folder on the way to `path` that is not there (`writer /nowhere/y.md`
    said the file may have been moved), or None."""
    missing = None
    for parent in path.absolute().parents:
        if parent.exists():
            break
        missing = parent
    return missing


def _open_error(path: Path, exc: OSError) -> DocumentError:
    name = path.name or str(path)
    if isinstance(exc, PermissionError):
        return DocumentError(
            said("Could not open {0}: you do not have permission to read it.", name), path
        )
    if isinstance(exc, IsADirectoryError):
        return DocumentError(said("Could not open {0}: it is a folder, not a file.", name), path)
    if isinstance(exc, FileNotFoundError):
        missing = _missing_folder(path)
        if missing is not None:
            return DocumentError(
                said("Could not open {0}: the folder {1} does not exist.", name, missing), path
            )
        return DocumentError(said("Could not open {0}: there is no such file.", name), path)
    detail = exc.strerror or str(exc)
    return DocumentError(said("Could not open {0}: the system reported “{1}”.", name, detail), path)
