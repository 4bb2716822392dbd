"""Generated inputs for every parser of outside data: the GGUF header reader, the recovery
journal, the settings file, the model catalog, the remembered download queue (the
server-sent-events parser has its own in test_remote_protocol.py).

For each: only the module's own error (with a sentence) may escape, and each input is handled
within TIME_S seconds of CPU time and MEMORY_BYTES of Python allocations beyond the input itself
(measured with tracemalloc, which slows Python several times). Every
failure these found became an example below (`test_..._regressions`).
"""

from __future__ import annotations

import functools
import json
import re
import shutil
import struct
import tempfile
import time
import tracemalloc
import zlib
from contextlib import contextmanager
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.conftest import fuzz_examples
from writer.documents.journal import Journal
from writer.engine.gguf_header import ModelFileError, read_gguf_header
from writer.models.catalog import parse_catalog
from writer.settings import STOP_AT, Settings

TIME_S = 1.0
MEMORY_BYTES = 64 * 1024 * 1024
EXAMPLES = fuzz_examples(200)
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


@contextmanager
def bounded(extra: int = 0, timed: bool = True):
    """The block takes at most TIME_S of this thread's CPU time (other processes on a busy
    machine do not count) and allocates at most MEMORY_BYTES + extra. (tracemalloc slows
    Python several times: a parser that is slow anyway is timed in a run of its own.)"""
    tracemalloc.start()
    started = time.thread_time()
    try:
        yield
    finally:
        elapsed = time.thread_time() - started
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        assert not timed or elapsed < TIME_S, f"took {elapsed:.2f} s"
        assert peak < MEMORY_BYTES + extra, f"allocated {peak:,} bytes"


def is_sentence(message: str) -> bool:
    """A sentence for the writer: it starts with a capital or with the name of the file it is
    about, and ends with a full stop."""
    message = re.sub(r"^[\w.-]+\.(gguf|json|entry)(: )?", "X", message.strip())
    return bool(message) and message[0].isupper() and message.endswith((".", ")"))


# GGUF headers ----------------------------------------------------------------------------------
@cache
@functools.cache
def header() -> tuple[bytes, int]:
    """The starter model's header (metadata and tensor descriptions, no tensor data) and its
    file size. Not a fixture: Hypothesis would print all of it with every failing example."""
    from writer.paths import starter_model_path

    path = starter_model_path()
    info = read_gguf_header(path)
    with path.open("rb") as f:
        data = f.read(info.data_start)
    return data, path.stat().st_size


def write_model(data: bytes, size: int) -> Path:
    """`data` followed by a sparse rest up to `size` (the tensors' bytes cost no disk)."""
    folder = Path(tempfile.mkdtemp(prefix="gguf-fuzz-"))
    path = folder / "model.gguf"
    with path.open("wb") as f:
        f.write(data)
        f.truncate(max(len(data), size))
    return path


def check_header(data: bytes, size: int) -> None:
    path = write_model(data, size)

    def read() -> str:
        try:
            info = read_gguf_header(path)
        except ModelFileError as exc:
            return str(exc)
        assert info.tensor_count > 0
        _ = (info.name, info.chat_template, info.context_length, info.layer_count)
        info.kv_bytes_per_token()
        return ""

    try:
        started = time.thread_time()
        refusal = read()  # timed without tracemalloc (a vocabulary is 1.8 MB of header)
        assert time.thread_time() - started < TIME_S
        with bounded(extra=len(data), timed=False):
            assert read() == refusal
        assert not refusal or is_sentence(refusal), refusal
    finally:
        shutil.rmtree(path.parent)


HUGE = [2**64 - 1, 2**63, 2**40, 2**32 - 1, 2**31, 10**9, 0]
# where to change a header: its first entries (counts, types, scalars), its tensor descriptions
# at the end, or anywhere (taken modulo the header's length)
offsets = st.integers(0, 4095) | st.integers(-16384, -1) | st.integers(0, 1 << 22)


@example(flips=[(-3280, 0)], cut=None, overwrite=[], types=[])  # a 300 MB tensor name, found
@example(flips=[], cut=None, overwrite=[], types=[(96, 2)])  # a 64 MB string value, found
@settings(FUZZ, max_examples=fuzz_examples(80))  # each reads a 1.8 MB header twice (~0.2 s)
@given(
    flips=st.lists(st.tuples(offsets, st.integers(0, 7)), max_size=8),
    cut=st.none() | offsets,
    overwrite=st.lists(st.tuples(offsets, st.sampled_from(HUGE)), max_size=3),
    types=st.lists(st.tuples(offsets, st.integers(0, 40)), max_size=3),
)
def test_a_mutated_gguf_header_is_read_or_refused_in_a_sentence(
    flips, cut, overwrite, types
) -> None:
    data, size = header()
    mutated = bytearray(data)
    for offset, bit in flips:
        mutated[offset % len(mutated)] ^= 1 << bit
    for offset, value in overwrite:
        at = offset % (len(mutated) - 8)
        mutated[at : at + 8] = struct.pack("<Q", value)
    for offset, vtype in types:  # value types, item types, tensor types and dimensions
        at = offset % (len(mutated) - 4)
        mutated[at : at + 4] = struct.pack("<I", vtype)
    total = size
    if cut is not None:
        mutated = mutated[: cut % len(mutated)]
        total = len(mutated)
    check_header(bytes(mutated), total)


@FUZZ
@given(st.binary(max_size=4096))
def test_any_bytes_are_refused_in_a_sentence(data: bytes) -> None:
    check_header(data, len(data))


@pytest.mark.parametrize(
    ("offset", "value"),
    [(8, 2**64 - 1), (16, 2**64 - 1), (24, 2**64 - 1), (32, 2**40), (8, 0)],
)
def test_gguf_header_regressions(offset: int, value: int) -> None:
    """Counts and lengths far beyond the file: refused without allocating them."""
    data, size = header()
    mutated = bytearray(data)
    mutated[offset : offset + 8] = struct.pack("<Q", value)
    check_header(bytes(mutated), size)


# the recovery journal --------------------------------------------------------------------------
def entry_bytes(doc_id: str, text: str, changes: dict | None = None) -> bytes:
    body = text.encode("utf-8")
    header = {
        "format": "writer-journal",
        "version": 1,
        "doc_id": doc_id,
        "path": None,
        "cursor": 0,
        "title_hint": "",
        "saved_at": 1_700_000_000.0,
        "text_format": None,
        "signature": None,
        "length": len(body),
        "crc32": zlib.crc32(body),
        **(changes or {}),
    }
    return json.dumps(header).encode() + b"\n" + body


def orphan_journal(entries: dict[str, bytes]) -> Path:
    """A journal folder holding one session of a Writer that is gone, with these entries."""
    folder = Path(tempfile.mkdtemp(prefix="journal-fuzz-")) / "journal"
    session = folder / f"session-{2**22 + 7}-1-dead"
    session.mkdir(parents=True)
    (folder / f"session-{2**22 + 7}-1-dead.lock").write_text("")
    for name, data in entries.items():
        (session / f"{name}.entry").write_bytes(data)
    return folder


def recover(entries: dict[str, bytes]) -> tuple[list[str], list[str]]:
    folder = orphan_journal(entries)
    try:
        with bounded(extra=sum(map(len, entries.values()))):
            journal = Journal(folder)
            try:
                recovery = journal.orphans()
                docs = [(d.doc_id, d.text, d.name, d.modified, d.cursor)
                        for d in recovery.documents]  # fmt: skip
                for doc in recovery.documents:  # the project an untitled draft goes back to
                    assert doc.project is None or isinstance(doc.project, str) and doc.project
                for _doc_id, _text, name, modified, _cursor in docs:
                    assert isinstance(name, str)
                    time.localtime(modified)  # the recovery dialog shows it as a date
            finally:
                journal.close()
        return [d[0] for d in docs], recovery.problems
    finally:
        shutil.rmtree(folder.parent)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=12,
)
HEADER_KEYS = ["format", "version", "doc_id", "path", "cursor", "title_hint", "saved_at",
               "text_format", "signature", "length", "crc32", "project"]  # fmt: skip


@FUZZ
@given(
    damaged=st.one_of(
        st.binary(max_size=600),
        st.builds(
            lambda key, value: entry_bytes("bad", "some text", {key: value}),
            st.sampled_from(HEADER_KEYS),
            json_values,
        ),
        st.builds(
            lambda cut, flip: bytes(
                b ^ (0x20 if i == flip else 0)
                for i, b in enumerate(entry_bytes("bad", "Ein Text, 一段文字")[:cut])
            ),
            st.integers(0, 300),
            st.integers(0, 300),
        ),
    )
)
def test_a_damaged_entry_never_stops_recovery_nor_loses_the_others(damaged: bytes) -> None:
    good = {
        "a": entry_bytes("first", "The first document."),
        "b": entry_bytes("second", "第二个文档。"),
    }
    ids, problems = recover({**good, "z": damaged})
    assert {"first", "second"} <= set(ids)
    for problem in problems:
        assert is_sentence(problem), problem


@pytest.mark.parametrize(
    "changes",
    [
        {"saved_at": float("inf")},
        {"saved_at": float("nan")},
        {"saved_at": 1e300},
        {"cursor": -5},
        {"cursor": 10**30},
        {"saved_at": True},
    ],
)
def test_journal_regressions(changes: dict) -> None:
    ids, problems = recover(
        {"a": entry_bytes("first", "Kept."), "z": entry_bytes("bad", "Odd.", changes)}
    )
    assert set(ids) == {"first", "bad"}  # an odd date or cursor is no reason to lose the text
    assert all(is_sentence(p) for p in problems)


def test_deeply_nested_json_in_an_entry_is_refused_in_a_sentence() -> None:
    deep = b"[" * 100_000 + b"]" * 100_000 + b"\nbody"
    ids, problems = recover({"a": entry_bytes("first", "Kept."), "z": deep})
    assert ids == ["first"]
    assert len(problems) == 1


# the settings file -----------------------------------------------------------------------------
def load_settings(data: bytes) -> Settings:
    folder = Path(tempfile.mkdtemp(prefix="settings-fuzz-"))
    path = folder / "settings.json"
    path.write_bytes(data)
    try:
        with bounded(extra=len(data)):
            loaded = Settings.load(path)
    finally:
        shutil.rmtree(folder)
    fresh = Settings()
    for name, value in loaded.to_dict().items():
        assert type(value) is type(getattr(fresh, name)), name
    assert loaded.stop_at in STOP_AT
    assert all(isinstance(p, str) and is_sentence(p) for p in loaded.problems)
    return loaded


@FUZZ
@given(st.dictionaries(st.sampled_from(list(Settings().to_dict())), json_values, max_size=8))
def test_any_settings_values_load_with_defaults_for_the_bad_ones(values: dict) -> None:
    load_settings(json.dumps(values).encode())


@FUZZ
@given(st.binary(max_size=2000) | json_values.map(lambda v: json.dumps(v).encode()))
def test_any_settings_file_loads(data: bytes) -> None:
    load_settings(data)


@pytest.mark.parametrize(
    "data",
    [b"[" * 100_000 + b"]" * 100_000, b'{"n_ctx": 1e400}', b" " * (2 << 20), b'{"n_ctx": NaN}'],
)
def test_settings_regressions(data: bytes) -> None:
    load_settings(data)


# the model catalog -----------------------------------------------------------------------------
ENTRY_KEYS = ["id", "name", "repo_id", "filename", "size", "sha256", "licence", "languages",
              "good_at", "bundled", "notes", "params", "kv_bytes_per_token",
              "commercial_use"]  # fmt: skip
GOOD = {"id": "m", "name": "M", "repo_id": "org/m", "filename": "m.gguf", "size": 10}


@FUZZ
@given(
    st.one_of(
        json_values,
        st.lists(
            st.dictionaries(st.sampled_from(ENTRY_KEYS), json_values, max_size=14), max_size=5
        ).map(lambda models: {"version": 1, "models": [GOOD, *models]}),
    )
)
def test_any_catalog_gives_only_well_formed_entries(raw) -> None:
    with bounded():
        entries = parse_catalog(json.dumps(raw))
    for entry in entries:
        assert isinstance(entry.size, int)
        assert entry.size > 0
        assert all(isinstance(lang, str) for lang in entry.languages)
        assert isinstance(entry.bundled, bool)
        assert isinstance(entry.commercial_use, bool)
    if isinstance(raw, dict) and raw.get("models", [None])[0] == GOOD:
        assert any(e.id == "m" for e in entries)


@example(b"\xff\xfe")
@FUZZ
@given(st.binary(max_size=1000))
def test_any_catalog_bytes_are_read_or_ignored(data: bytes) -> None:
    with bounded():
        parse_catalog(data.decode("utf-8", "replace"))


def test_the_real_catalog_parses_whole() -> None:
    from writer.models.catalog import load_catalog, resources_dir

    raw = json.loads((resources_dir() / "catalog.json").read_text(encoding="utf-8"))
    assert len(load_catalog()) == len(raw["models"])



# the probe's verdict file ----------------------------------------------------------------------
VERDICT_JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.text(max_size=12)
    | st.sampled_from(["{0}: {1}", "{0:>99999999}", "{0!r:>5000}", "{1:,}", "{0.__class__}"]),
    lambda inner: st.lists(inner, max_size=4)
    | st.dictionaries(
        st.sampled_from(["ok", "message", "template", "values"]) | st.text(max_size=4),
        inner,
        max_size=4,
    ),
    max_leaves=24,
)


@settings(max_examples=fuzz_examples(300), deadline=None)
@given(entry=VERDICT_JSON)
@example(entry={"ok": False, "message": "x", "template": "{0:>99999999}", "values": ["a"]})
@example(entry={"ok": False, "template": "{0}", "values": [{"template": "{0}", "values": [{}]}]})
def test_any_remembered_verdict_is_read_or_forgotten(entry) -> None:
    """A damaged entry of the probe's verdict file (model-verdicts.json) is a verdict with a
    short message, or none (the model is probed again); never an exception or a huge text."""
    from writer.engine import probe

    folder = Path(tempfile.mkdtemp(prefix="verdicts-fuzz-"))
    try:
        path = folder / "model-verdicts.json"
        path.write_text(json.dumps({"k": entry}), encoding="utf-8")
        with pytest.MonkeyPatch.context() as patch, bounded(extra=path.stat().st_size):
            patch.setattr(probe, "_verdict_file", lambda: path)
            verdict = probe.remembered("k")
    finally:
        shutil.rmtree(folder)
    if verdict is not None:
        assert isinstance(verdict.ok, bool)
        assert isinstance(verdict.message, str)
        assert len(verdict.message) < 10_000


# the remembered download queue ------------------------------------------------------------------
QUEUE_ENTRY = st.fixed_dictionaries(
    {},
    optional={
        "repo_id": st.sampled_from(["org/model", "../x", "a/b/c", ""]) | json_values,
        "files": st.lists(st.sampled_from(["m.gguf", "../m.gguf", "/etc/passwd", "d/m.gguf"])
                          | json_values, max_size=3) | json_values,
        "sha256": st.sampled_from(["a" * 64, "A" * 64, "x" * 64, "a" * 63]) | json_values,
        "size": st.integers() | json_values,
    },
)


@FUZZ
@given(downloads=st.lists(QUEUE_ENTRY, max_size=4) | json_values, hub=st.booleans())
@example(downloads=5, hub=True)
@example(downloads="m.gguf", hub=True)
@example(downloads=[{"repo_id": "org/m", "files": ["m.gguf"], "sha256": [1]}], hub=True)
def test_any_remembered_download_queue_is_read_or_forgotten(downloads, hub: bool) -> None:
    """download-queue.json, damaged by hand or by a disk: its well-formed downloads come back
    (repository names and file names that could be a repository's, a sha256 or none, a size of
    0 or more), the others are left out; never an exception."""
    from writer.models import cache, queued

    folder = Path(tempfile.mkdtemp(prefix="queue-fuzz-"))
    try:
        path = folder / "download-queue.json"
        where = str(cache.hub_cache()) if hub else "/elsewhere"
        path.write_text(json.dumps({"hub_cache": where, "downloads": downloads}), "utf-8")
        with pytest.MonkeyPatch.context() as patch, bounded(extra=path.stat().st_size):
            patch.setattr(queued, "queue_file", lambda: path)
            found = queued.remembered()
    finally:
        shutil.rmtree(folder)
    for waiting in found:
        assert cache.check_repo_id(waiting.repo_id) == waiting.repo_id
        assert waiting.files
        assert all(cache.check_relative(f) == f for f in waiting.files)
        assert waiting.sha256 is None or re.fullmatch("[0-9a-f]{64}", waiting.sha256)
        assert isinstance(waiting.size, int)
        assert waiting.size >= 0
    if not hub:
        assert found == []


def test_a_text_said_as_its_own_value_is_stored_with_a_verdict() -> None:
    """said("{0}", text) remembers `text` as said with itself: storing a verdict whose message
    was that text recursed without end (the fuzzing of verdicts above said such texts, and the
    next model load in the same process failed with "maximum recursion depth exceeded")."""
    from writer.engine import probe
    from writer.sentences import said

    text = said("{0}", "a loop of its own")
    kept = probe._as_said(text)
    assert kept["template"] == "{0}"
    assert probe._said_again(kept) == text


# the local history's list of versions ---------------------------------------------------------
VERSION_ENTRY = st.fixed_dictionaries(
    {},
    optional={
        "time": st.floats() | st.integers() | json_values,
        "digest": st.sampled_from(["a" * 64, "A" * 64, "g" * 64, "a" * 65]) | json_values,
        "size": st.integers() | json_values,
        "kind": st.sampled_from(["saved", "replaced", "other"]) | json_values,
    },
)


@FUZZ
@given(
    listed=st.fixed_dictionaries({"versions": st.lists(VERSION_ENTRY, max_size=5) | json_values})
    | json_values,
    raw=st.none() | st.binary(max_size=300),
)
@example(listed={"versions": [{"time": 1e308, "digest": "a" * 64, "size": 1}]}, raw=None)
def test_any_list_of_versions_is_read_or_said(listed, raw: bytes | None) -> None:
    """versions.json of the local history, damaged: the entries that read as versions (a date
    the interface can show, a sha256, a size, a kind), newest first, or none with a sentence;
    never an exception."""
    import math

    from writer.documents.history import LocalHistory, folder_name

    folder = Path(tempfile.mkdtemp(prefix="history-fuzz-"))
    try:
        history = LocalHistory(folder)
        place = folder / folder_name(folder / "doc.md")
        place.mkdir()
        data = raw if raw is not None else json.dumps(listed).encode()
        (place / "versions.json").write_bytes(data)
        with bounded(extra=len(data)):
            found = history.versions(folder / "doc.md")
            problem = history.problem(folder / "doc.md")
    finally:
        shutil.rmtree(folder)
    for version in found:
        assert math.isfinite(version.time)
        time.localtime(version.time)  # (the list shows it as a date)
        assert re.fullmatch("[0-9a-f]{64}", version.digest)
        assert isinstance(version.size, int)
        assert version.size >= 0
        assert version.kind in ("saved", "replaced")
    assert [v.time for v in found] == sorted((v.time for v in found), reverse=True)
    assert problem == "" or is_sentence(problem)


# the words written each day -------------------------------------------------------------------
TALLY_DAY = st.sampled_from(["2025-03-01", "2024-03-01", "2025-02-30", "2025-3-1", "2026-01-01"])
TALLY_COUNTS = st.dictionaries(
    st.sampled_from(["/a.md", "doc-1", ""]) | st.text(max_size=8),
    st.lists(st.integers() | st.booleans() | st.floats(), min_size=2, max_size=2) | json_values,
    max_size=3,
)


@FUZZ
@given(
    kept=st.fixed_dictionaries(
        {"days": st.dictionaries(TALLY_DAY | st.text(max_size=12), TALLY_COUNTS | json_values,
                                 max_size=4) | json_values},  # fmt: skip
        optional={"version": json_values},
    )
    | json_values,
    raw=st.none() | st.binary(max_size=300),
)
@example(kept={"days": {"2025-03-01": {"/a.md": [1, 10**400]}}}, raw=None)
@example(kept={"days": {"2025-03-01": {"/a.md": [True, 3]}}}, raw=None)
def test_any_record_of_words_written_is_read_or_said(kept, raw: bytes | None) -> None:
    """words-written.json, damaged by hand or by a disk: the days that read as days of counts
    within the last year (a date, a document's key, two whole numbers) are kept, the rest left
    out with one sentence; never an exception, and today's words are a number of 0 or more."""
    from datetime import date

    from writer.documents.tally import KEEP_DAYS, WordTally

    today = date(2025, 3, 1)
    folder = Path(tempfile.mkdtemp(prefix="tally-fuzz-"))
    try:
        path = folder / "words-written.json"
        data = raw if raw is not None else json.dumps(kept).encode()
        path.write_bytes(data)
        with bounded(extra=len(data)):
            tally = WordTally.read(path, lambda: today)
        # a damaged record is set aside as it was, for mending by hand (the next write
        # replaced it); a sound one stays where it is
        kept_as = path if not tally.problem else folder / "words-written.json.damaged"
        assert kept_as.read_bytes() == data
    finally:
        shutil.rmtree(folder)
    assert len(tally.days) <= KEEP_DAYS
    for day, counts in tally.days.items():
        assert 0 <= (today - date.fromisoformat(day)).days < KEEP_DAYS or day > str(today)
        assert all(isinstance(k, str) and k for k in counts)
        assert all(type(n) is int for entry in counts.values() for n in entry)
    assert tally.today_words() >= 0
    assert tally.problem == "" or is_sentence(tally.problem)
    tally.report("/a.md", 5)  # (what was read counts on)
    assert json.loads(tally.data())["version"] == 1
