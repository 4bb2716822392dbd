"""The local model store, the fit estimate and the `writer models` command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.hubserver import STARTER_NAME, TEST_REPO, HubServer
from writer.cli import main
from writer.models import fit, store
from writer.models.catalog import load_catalog
from writer.models.errors import ModelsError
from writer.network import NetworkPolicy
from writer.settings import Settings


@pytest.fixture
def settings() -> Settings:
    """The one settings object, as the app passes it around (saved to the test's folder)."""
    return Settings.load()


ONLINE = NetworkPolicy()  # only HF_HUB_OFFLINE counts: the hub fixture unsets it

def test_the_starter_model_is_listed_and_active_by_default(starter_model: Path, settings: Settings):
    models = store.installed(settings)
    assert [(m.path, m.source, m.active) for m in models] == [(starter_model, "starter", True)]


def test_the_catalog_lists_the_starter_and_several_sizes(starter_model: Path):
    entries = load_catalog()
    starter = [e for e in entries if e.bundled]
    assert [e.filename for e in starter] == [STARTER_NAME]
    assert starter[0].size == starter_model.stat().st_size
    assert min(e.size for e in entries) < 1e9 < 4e9 < max(e.size for e in entries) < 6e9
    for e in entries:
        assert e.licence
        assert e.languages
        assert e.good_at
        assert "/" in e.repo_id
        assert e.filename.endswith(".gguf")


def test_import_use_and_forget_a_file(tmp_path: Path, starter_model: Path, settings: Settings):
    mine = tmp_path / "my-model.gguf"
    mine.symlink_to(starter_model)
    store.import_file(mine)
    chosen = store.use("my-model", settings)
    assert Settings.load().model_path == str(mine)
    listed = {m.name: m for m in store.installed(settings)}
    assert listed["my-model.gguf"].active
    assert not listed[STARTER_NAME].active
    assert chosen.source == "imported"

    message = store.delete(listed["my-model.gguf"], settings)
    assert "still at" in message
    assert mine.exists()
    assert Settings.load().model_path == ""
    assert [m.name for m in store.installed(settings)] == [STARTER_NAME]


def test_a_file_that_is_not_a_model_is_refused(tmp_path: Path, settings: Settings):
    notes = tmp_path / "notes.gguf"
    notes.write_text("hello")
    with pytest.raises(ModelsError, match="not a GGUF model file"):
        store.import_file(notes)
    with pytest.raises(ModelsError, match="No installed model is called 'nothing'"):
        store.use("nothing", settings)


def test_the_starter_cannot_be_deleted(settings: Settings):
    with pytest.raises(ModelsError, match="comes with Writer"):
        store.delete(store.installed(settings)[0], settings)


def test_delete_a_downloaded_model_frees_the_cache(hub: HubServer, settings: Settings):
    from writer.models.download import download

    path = download(TEST_REPO, STARTER_NAME, policy=ONLINE)
    blob = path.resolve()
    model = next(m for m in store.installed(settings) if m.source == "hub")
    assert model.label == f"{TEST_REPO}/{STARTER_NAME}"
    store.use(model, settings)
    assert "Deleted" in store.delete(model, settings)
    assert not path.exists()
    assert not blob.exists()
    assert Settings.load().model_path == ""


def test_a_delete_says_nothing_freed_where_another_name_keeps_the_file(
    hub: HubServer, settings: Settings
):
    """Two names of a repository with the same bytes share one file in the cache (its blob):
    deleting one said "(98.4 MB freed)" while the blob stayed for the other name."""
    from writer.models.download import download

    twin = "SmolLM2-135M-Instruct.Q8_0.gguf"  # (the test repository's copy of the starter)
    path = download(TEST_REPO, STARTER_NAME, policy=ONLINE)
    other = download(TEST_REPO, twin, policy=ONLINE)
    blob = path.resolve()
    assert other.resolve() == blob
    model = next(m for m in store.installed(settings) if m.source == "hub")
    said = store.delete(model, settings)
    assert said == (f"Deleted {model.label}; nothing is freed: {TEST_REPO}/"
                    f"{other.name if model.path == path else path.name} holds the same file.")
    assert blob.exists()
    model = next(m for m in store.installed(settings) if m.source == "hub")
    assert store.delete(model, settings) == f"Deleted {model.label} (98.4 MB freed)."
    assert not blob.exists()


def test_a_model_in_two_revisions_is_deleted_from_both(settings: Settings):
    """The same file in two snapshots (two revisions sharing one stored copy) is listed once;
    deleting it said "nothing is freed: <itself> holds the same file" and it stayed listed."""
    import os

    from writer.models import cache

    top = cache.repo_folder("org/tiny-GGUF")
    blob = top / "blobs" / "abc123"
    blob.parent.mkdir(parents=True)
    blob.write_bytes(b"GGUF" + bytes(60))
    for commit in ("a" * 40, "b" * 40):
        snap = top / "snapshots" / commit / "q4"
        snap.mkdir(parents=True)
        (snap / "tiny.gguf").symlink_to(os.path.relpath(blob, snap))
    (top / "refs").mkdir()
    (top / "refs" / "main").write_text("b" * 40)
    (model,) = [m for m in store.installed(settings) if m.source == "hub"]
    assert model.label == "org/tiny-GGUF/q4/tiny.gguf"
    assert store.delete(model, settings) == "Deleted org/tiny-GGUF/q4/tiny.gguf (64 bytes freed)."
    assert [m for m in store.installed(settings) if m.source == "hub"] == []
    assert not top.exists()


def test_a_delete_or_discard_removes_the_folders_it_left_empty_and_nothing_else(
    hub: HubServer, settings: Settings
):
    """Deleting a repository's last model left its empty folders in the Hugging Face cache
    (snapshots/<commit>, blobs, refs/main pointing at nothing), and so did discarding an
    unfinished download."""
    from tests.hubserver import HubFile
    from writer.models import cache
    from writer.models import partial as partials
    from writer.models.download import download
    from writer.models.errors import NetworkError

    hub.add_repo("writer-test/other", [HubFile("tiny.gguf", data=b"GGUF" + bytes(60))])
    twin = "SmolLM2-135M-Instruct.Q8_0.gguf"  # the same bytes: one blob, two entries
    for name in (STARTER_NAME, twin):
        download(TEST_REPO, name, policy=ONLINE)
    other = download("writer-test/other", "tiny.gguf", policy=ONLINE)
    top = cache.repo_folder(TEST_REPO)

    def left(folder: Path) -> list[str]:
        return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))

    others = left(cache.repo_folder("writer-test/other"))

    def delete(name: str) -> None:
        store.delete(next(m for m in store.installed(settings) if m.label == f"{TEST_REPO}/{name}"),
                     settings)

    delete(STARTER_NAME)  # the snapshot still holds the twin, whose link keeps the blob
    blob = hub.repos[TEST_REPO].files[STARTER_NAME].sha256
    commit = "0123456789abcdef0123456789abcdef01234567"
    assert left(top) == ["blobs", f"blobs/{blob}", "refs", "refs/main", "snapshots",
                         f"snapshots/{commit}", f"snapshots/{commit}/{twin}"]
    delete(twin)
    assert not top.exists()
    assert left(cache.repo_folder("writer-test/other")) == others
    assert other.read_bytes() == b"GGUF" + bytes(60)

    hub.drop_after = 1_000_000
    with pytest.raises(NetworkError):
        download(TEST_REPO, STARTER_NAME, retries=0, policy=ONLINE)
    assert left(top) == ["blobs", f"blobs/{blob}.incomplete"]
    partials.discard(partials.find(TEST_REPO, STARTER_NAME))
    assert not top.exists()
    assert cache.hub_cache().is_dir()


def test_fit_verdicts_say_why(starter_model: Path):
    small = fit.check(100_000_000, 2048, ram=8_000_000_000)
    assert small.verdict == "fits"
    assert "Fits" in small.sentence
    big = fit.check(5_000_000_000, 8192, ram=4_000_000_000)
    assert big.verdict == "too large"
    assert "smaller file" in big.sentence
    tight = fit.check(3_000_000_000, 2048, ram=3_800_000_000)
    assert tight.verdict == "tight"
    gpu = fit.check(2_000_000_000, 4096, offload=True, ram=1_000_000_000, vram=2_000_000_000)
    assert gpu.verdict == "tight"
    assert "GPU" in gpu.sentence
    real = fit.check_file(starter_model, n_ctx=8192)
    from writer.engine.gguf_header import read_gguf_header

    per_token = read_gguf_header(starter_model).kv_bytes_per_token()
    assert real.need == starter_model.stat().st_size + per_token * 8192 + fit.OVERHEAD
    assert fit.free_ram() is None or fit.free_ram() > 0


def test_cli_list_use_search_and_download(hub: HubServer, capsys: pytest.CaptureFixture[str]):
    assert main(["models", "search", "smollm2", "--files"]) == 0
    out = capsys.readouterr().out
    assert TEST_REPO in out
    assert "Q4_1" in out

    assert main(["models", "download", TEST_REPO]) == 0
    assert "Q8_0" in capsys.readouterr().out

    assert main(["models", "download", TEST_REPO, "Q4_1", "--use"]) == 0
    captured = capsys.readouterr()
    assert "98.4 MB of 98.4 MB" in captured.err
    assert f"Active model: {TEST_REPO}/{STARTER_NAME}" in captured.out

    assert main(["models", "list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert any(line.startswith(f"* {TEST_REPO}/{STARTER_NAME}") for line in lines)

    assert main(["models", "use", STARTER_NAME]) == 1
    assert "could mean several models" in capsys.readouterr().err


def test_cli_failures_are_one_line(
    hub: HubServer, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
):
    assert main(["models", "download", "nobody/nothing", "x.gguf"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [
        "writer models download: There is no model repository nobody/nothing on the "
        f"Hub at {hub.url} (or it is private and you are not logged in)."
    ]
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    hub.requests.clear()
    assert main(["models", "search", "smollm2"]) == 1
    assert "offline mode" in capsys.readouterr().err
    assert main(["models", "list", "--catalog"]) == 0
    assert "mistral-7b" in capsys.readouterr().out
    assert hub.requests == []


def test_cli_use_a_path_imports_it(
    tmp_path: Path, starter_model: Path, capsys: pytest.CaptureFixture[str]
):
    mine = tmp_path / "draft-model.gguf"
    mine.symlink_to(starter_model)
    assert main(["models", "use", str(mine)]) == 0
    out = capsys.readouterr().out
    assert "Active model: draft-model.gguf" in out
    assert "needs about" in out
    assert Settings.load().model_path == str(mine)
    assert main(["models", "use", str(tmp_path / "missing.gguf")]) == 1
    assert "No installed model" in capsys.readouterr().err


def test_the_recommended_model_for_a_language_allows_commercial_use_where_one_fits() -> None:
    """A writer who works in Chinese is pointed to the largest catalog model that writes it and
    whose licence lets them publish what they write; a research-only model only where nothing
    else fits. The real catalog: Qwen2.5 1.5B (Apache-2.0), not the 3B (research licence)."""
    from writer.models.advice import recommend
    from writer.models.catalog import parse_catalog

    def entry(name: str, size: int, commercial: bool) -> dict:
        return {"id": name, "name": name, "repo_id": f"org/{name}", "filename": f"{name}.gguf",
                "size": size, "languages": ["en", "zh"], "licence": "L",
                "commercial_use": commercial}  # fmt: skip

    both = parse_catalog(json.dumps({"models": [entry("open", 10**9, True),
                                                entry("research", 2 * 10**9, False)]}))  # fmt: skip
    assert recommend("zh", 4096, entries=list(both), ram=64 * 2**30).entry.name == "open"
    only = [e for e in both if not e.commercial_use]
    assert recommend("zh", 4096, entries=only, ram=64 * 2**30).entry.name == "research"
    catalog = load_catalog()
    advice = recommend("zh", 4096, entries=list(catalog), ram=64 * 2**30)
    assert advice.entry.commercial_use
    assert [e.name for e in catalog if not e.commercial_use] == ["Qwen2.5 3B Instruct"]


def test_an_unfinished_downloads_note_waits_for_its_file_and_an_old_revision_goes() -> None:
    """A note written at a transfer's start was deleted by any listing made before the Hub's
    answer created its file (the download then went unlisted after a crash); a partial file
    of a revision the Hub has since replaced stayed listed beside the new one."""
    import os
    import time

    from writer.models import partial as partials

    def unfinished(etag: str) -> partials.PartialDownload:
        return partials.PartialDownload("me/model", "m.gguf", ["m.gguf"], None, 1000, etag)

    early = unfinished("a" * 40)
    partials.remember(early)
    assert partials.listed() == []  # no file yet: not listed...
    note = next(partials.notes_dir().glob("*.json"))
    assert note.exists()  # ...and its note kept
    early.path.parent.mkdir(parents=True, exist_ok=True)
    early.path.write_bytes(b"x" * 300)
    assert [p.etag for p in partials.listed()] == [early.etag]
    newer = unfinished("b" * 40)
    partials.remember(newer)  # the Hub's file changed: the old partial cannot be continued
    assert not early.path.exists()
    newer.path.parent.mkdir(parents=True, exist_ok=True)  # (the discard removed it, empty)
    newer.path.write_bytes(b"y" * 10)
    assert [p.etag for p in partials.listed()] == [newer.etag]
    newer.path.unlink()
    old = time.time() - partials.NOTE_GRACE_S - 60
    for stale in partials.notes_dir().glob("*.json"):
        os.utime(stale, (old, old))
    assert partials.listed() == []
    assert list(partials.notes_dir().glob("*.json")) == []  # an hour on, a dead note goes


def test_discarding_another_programs_partial_file_keeps_writers_note_of_the_same_file() -> None:
    """Discarding huggingface_hub's <etag>.<8 hex>.incomplete deleted the note of Writer's own
    unfinished download of that file: it was then listed as a file whose name is not known, and
    could no longer be resumed."""
    from writer.models import partial as partials

    mine = partials.PartialDownload("me/model", "m.gguf", ["m.gguf"], None, 1000, "a" * 64)
    partials.remember(mine)
    mine.path.parent.mkdir(parents=True)
    mine.path.write_bytes(b"x" * 10)
    theirs = mine.path.with_name(f"{'a' * 64}.0badf00d.incomplete")
    theirs.write_bytes(b"y" * 5)
    found = partials.listed()
    assert [(p.label, p.have, p.known) for p in found] == [
        ("me/model (a file whose name is not known)", 5, False), ("me/model/m.gguf", 10, True)]
    partials.discard(found[0])
    assert not theirs.exists()
    assert [(p.label, p.have) for p in partials.listed()] == [("me/model/m.gguf", 10)]


def test_the_language_of_a_text_by_its_script_and_which_models_cannot_write_it(
    starter_model: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The English-only starter answered a Russian, Greek or Thai text in English and was never
    quiet there (only Chinese, Japanese and Korean were told); a multilingual model is not made
    quiet where the catalog's short list of its languages leaves a script out. A language in
    Latin letters makes only a model that writes English alone quiet (tests/test_languages.py
    tells them)."""
    from writer.models import advice

    texts = {
        "ru": "Сегодня очень хорошая погода, мы пошли гулять.",
        "uk": "Сьогодні їхав додому через парк.",
        "el": "Καλημέρα κόσμε, τι κάνεις σήμερα;",
        "he": "שלום עולם, מה שלומך היום",
        "ar": "مرحبا بالعالم الجميل اليوم",
        "hi": "नमस्ते दुनिया, आज आप कैसे हैं",
        "th": "สวัสดีชาวโลก วันนี้อากาศดี",
        "": "Hello world, with one word of Russian: Привет.",
    }
    for language, text in texts.items():
        assert advice.language_of(text) == language, text
        assert advice.lacking_language(starter_model, text) == language
    assert advice.language_of("灯塔看守人每天晚上都点灯。") == "zh"
    french = "Je suis arrivé à la gare trop tard, et le train était déjà parti sans moi."
    portuguese = "Cheguei atrasado à estação e o comboio já tinha partido sem mim."
    assert advice.lacking_language(starter_model, french) == "fr"
    assert advice.lacking_language(starter_model, portuguese) == "pt"
    monkeypatch.setattr(advice, "languages_of", lambda _model: ("en", "zh", "ru", "th"))
    assert advice.lacking_language(starter_model, texts["el"]) == ""  # (it writes Chinese)
    assert advice.lacking_language(starter_model, "오늘 항구는 조용하다") == "ko"
    assert advice.lacking_language(starter_model, french) == ""
    # Mistral 7B lists English, French, German, Spanish and Italian: it goes on suggesting in
    # French, and in Portuguese, which its list leaves out
    mistral = next(e.languages for e in load_catalog() if e.id == "mistral-7b-v0.3")
    monkeypatch.setattr(advice, "languages_of", lambda _model: mistral)
    assert advice.lacking_language(starter_model, french) == ""
    assert advice.lacking_language(starter_model, portuguese) == ""


def test_a_models_hash_is_read_once_and_known_until_the_file_changes(tmp_path: Path) -> None:
    """The Search tab tells a file the Hub offers under another name from one here by its
    sha256: a Hugging Face cache blob is named by it (nothing read); another file is read once
    and remembered by its path, size and time, so a changed file is read again."""
    import hashlib
    import os

    from writer.models import hashes

    model = tmp_path / "mine.gguf"
    model.write_bytes(b"GGUF" + bytes(3000))
    assert hashes.known(model) is None
    sha = hashes.compute(model)
    assert sha == hashlib.sha256(model.read_bytes()).hexdigest()
    assert hashes.known(model) == sha
    status = model.stat()
    model.write_bytes(b"GGUF" + bytes(2999) + b"x")  # (the same size)
    os.utime(model, ns=(status.st_atime_ns, status.st_mtime_ns + 1_000_000_000))
    assert hashes.known(model) is None  # (changed since: read again)
    assert hashes.compute(model, cancelled=lambda: True) is None
    blob = tmp_path / "blobs" / ("ab" * 32)
    blob.parent.mkdir()
    blob.write_bytes(b"GGUF")
    (tmp_path / "link.gguf").symlink_to(blob)
    assert hashes.known(tmp_path / "link.gguf") == "ab" * 32


def test_a_model_replaced_by_another_of_its_size_and_time_is_hashed_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two fine-tunes of one base at one quantisation are often of one size, and a copy that
    keeps its time (cp -p, rsync -t) left the size and time the remembered hash was of: the
    new file was taken for the old one, and a download of its bytes refused as "already on
    this computer". A damaged model-hashes.json is read as none (hashed again), no error."""
    import hashlib
    import os

    from writer.models import hashes

    monkeypatch.setattr(hashes, "hashes_file", lambda: tmp_path / "model-hashes.json")
    model = tmp_path / "mine.gguf"
    model.write_bytes(b"GGUF" + bytes(3000))
    assert hashes.compute(model) == hashlib.sha256(model.read_bytes()).hexdigest()
    status = model.stat()
    other = tmp_path / "other.gguf"
    other.write_bytes(b"GGUF" + bytes(2999) + b"x")
    os.utime(other, ns=(status.st_atime_ns, status.st_mtime_ns))
    other.replace(model)  # (the same size, the same time)
    assert (model.stat().st_size, model.stat().st_mtime_ns) == (
        status.st_size, status.st_mtime_ns)  # fmt: skip
    assert hashes.known(model) is None
    (tmp_path / "model-hashes.json").write_text("{ damaged", encoding="utf-8")
    assert hashes.known(model) is None
    assert hashes.compute(model) == hashlib.sha256(model.read_bytes()).hexdigest()
    assert hashes.known(model) == hashlib.sha256(model.read_bytes()).hexdigest()
