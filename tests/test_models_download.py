"""Downloading from a local stand-in for the Hub: progress, resume, hash check, failures."""

from __future__ import annotations

import contextlib
import hashlib
import os
import subprocess
import threading
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import fuzz_examples
from tests.hubserver import CHUNK, STARTER_NAME, TEST_REPO, HubFile, HubServer, go_online
from writer.models import cache, store
from writer.models.download import Progress, download
from writer.models.errors import (
    CancelledError,
    ChecksumError,
    DiskFullError,
    GatedError,
    ModelsError,
    NetworkError,
    NotFoundError,
    OfflineError,
)
from writer.network import NetworkPolicy
from writer.settings import Settings

ONLINE = NetworkPolicy()  # only HF_HUB_OFFLINE counts: the hub fixture unsets it

def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        while block := f.read(1 << 22):
            h.update(block)
    return h.hexdigest()


def test_download_reports_progress_into_the_hugging_face_cache(hub: HubServer, starter_model: Path):
    seen: list[Progress] = []
    path = download(TEST_REPO, STARTER_NAME, progress=seen.append, policy=ONLINE)

    assert path.is_relative_to(cache.hub_cache())
    assert path.is_symlink()
    assert path.resolve().parent.name == "blobs"
    assert sha256(path) == hub.repos[TEST_REPO].files[STARTER_NAME].sha256
    done = [p.done for p in seen if p.stage == "downloading"]
    assert done == sorted(done)
    assert done[-1] == starter_model.stat().st_size
    assert "of 98.4 MB" in seen[-1].describe()

    from huggingface_hub import hf_hub_download

    again = hf_hub_download(
        TEST_REPO, STARTER_NAME, cache_dir=cache.hub_cache(), local_files_only=True
    )
    assert Path(again) == path


@pytest.mark.slow
def test_the_downloaded_file_loads_in_the_engine(hub: HubServer):
    from writer.engine.engine import Engine

    path = download(TEST_REPO, STARTER_NAME, policy=ONLINE)
    with Engine.load(path, n_ctx=512) as engine:
        assert engine.info.n_ctx == 512
        assert engine.info.name


def test_a_second_download_uses_the_cache(hub: HubServer):
    download(TEST_REPO, STARTER_NAME, policy=ONLINE)
    before = len(hub.file_requests())
    download(TEST_REPO, STARTER_NAME, policy=ONLINE)
    assert len(hub.file_requests()) == before


def test_an_interrupted_transfer_resumes_where_it_stopped(hub: HubServer):
    hub.drop_after = 30_000_000
    with pytest.raises(NetworkError, match=r"stopped at 30.0 MB of 98.4 MB.*Retry"):
        download(TEST_REPO, STARTER_NAME, retries=0, policy=ONLINE)
    partial = next((cache.repo_folder(TEST_REPO) / "blobs").glob("*.incomplete"))
    assert partial.stat().st_size == 30_000_000

    path = download(TEST_REPO, STARTER_NAME, policy=ONLINE)
    gets = hub.file_requests()
    assert len(gets) == 2
    assert "Range" not in gets[0].headers
    assert gets[1].headers["Range"] == "bytes=30000000-"
    assert sha256(path) == hub.repos[TEST_REPO].files[STARTER_NAME].sha256
    assert not partial.exists()


def test_a_dropped_connection_is_resumed_automatically(hub: HubServer):
    hub.drop_after = 5_000_000
    path = download(TEST_REPO, STARTER_NAME, policy=ONLINE)
    assert [g.headers.get("Range") for g in hub.file_requests()] == [None, "bytes=5000000-"]
    assert sha256(path) == hub.repos[TEST_REPO].files[STARTER_NAME].sha256


def test_an_expired_download_link_is_asked_for_again(hub: HubServer):
    hub.expire_links = 1
    path = download(TEST_REPO, STARTER_NAME, policy=ONLINE)
    assert sha256(path) == hub.repos[TEST_REPO].files[STARTER_NAME].sha256
    heads = [r for r in hub.requests if r.method == "HEAD"]
    assert len(heads) == 2


def test_an_etag_that_is_not_a_hash_is_checked_against_the_listing(hub: HubServer):
    hub.opaque_etags = True
    hub.corrupt_at = 5
    with pytest.raises(ChecksumError, match="arrived damaged"):
        download(TEST_REPO, STARTER_NAME, policy=ONLINE)
    hub.corrupt_at = None
    path = download(TEST_REPO, STARTER_NAME, policy=ONLINE)
    assert sha256(path) == hub.repos[TEST_REPO].files[STARTER_NAME].sha256
    assert any("blobs=" in r.path for r in hub.requests)


def test_a_corrupted_byte_is_caught_and_quarantined(hub: HubServer):
    hub.corrupt_at = 12_345_678
    with pytest.raises(ChecksumError, match="arrived damaged.*will not use it") as err:
        download(TEST_REPO, STARTER_NAME, policy=ONLINE)
    blobs = cache.repo_folder(TEST_REPO) / "blobs"
    assert [p.name for p in blobs.iterdir()] == []
    quarantined = Path(str(err.value).split("(")[1].split(")")[0])
    assert quarantined.is_file()
    assert quarantined.stat().st_size == 98_362_432
    assert Path(f"{quarantined}.json").is_file()
    assert all(m.source != store.HUB for m in store.installed(Settings.load()))


def test_one_damaged_copy_is_kept_per_file_and_none_once_a_good_one_lands(
    hub: HubServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """Each failed retry added a full copy to the quarantine folder, and nothing removed them."""
    from writer.models.download import quarantine_dir, quarantined

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    older = quarantine_dir() / f"{TEST_REPO.replace('/', '--')}--{STARTER_NAME}.20260101-120000"
    older.parent.mkdir(parents=True)
    older.write_bytes(b"a copy an older Writer set aside")
    hub.corrupt_at = 5
    for _ in range(2):
        with pytest.raises(ChecksumError):
            download(TEST_REPO, STARTER_NAME, policy=ONLINE)
    assert [p.stat().st_size for p in quarantined()] == [98_362_432, len(older.read_bytes())]
    hub.corrupt_at = None
    download(TEST_REPO, STARTER_NAME, policy=ONLINE)
    assert list(quarantine_dir().iterdir()) == []


def test_the_log_says_a_downloads_start_failure_quarantine_and_finish(
    hub: HubServer, caplog: pytest.LogCaptureFixture
):
    """Writer's log said nothing of downloads."""
    import logging

    caplog.set_level(logging.INFO, logger="writer.models")
    hub.corrupt_at = 5
    with pytest.raises(ChecksumError):
        download(TEST_REPO, STARTER_NAME, policy=ONLINE)
    hub.corrupt_at = None
    download(TEST_REPO, STARTER_NAME, policy=ONLINE)
    said = [(r.levelname, r.getMessage().split(" ")[0]) for r in caplog.records]
    assert said == [("INFO", "downloading"), ("WARNING", STARTER_NAME), ("WARNING", "download"),
                    ("INFO", "downloading"), ("INFO", "downloaded")]
    sha = hub.repos[TEST_REPO].files[STARTER_NAME].sha256
    assert "arrived damaged" in caplog.records[1].getMessage()
    assert sha in caplog.records[-1].getMessage()


def _download_in_a_thread(
    cancel: threading.Event,
) -> tuple[threading.Thread, list[BaseException]]:
    """The starter's download running on a thread; what it raised goes in the list."""
    ended: list[BaseException] = []

    def run() -> None:
        try:
            download(TEST_REPO, STARTER_NAME, cancel=cancel, policy=ONLINE)
        except BaseException as exc:  # noqa: BLE001 - the test looks at it
            ended.append(exc)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread, ended


def test_cancel_stops_within_a_second_and_keeps_the_partial_file(hub: HubServer):
    hub.throttle = 20_000_000
    cancel = threading.Event()
    cancelled_at: list[float] = []

    def on_progress(p: Progress) -> None:
        if p.done > 2_000_000 and not cancel.is_set():
            cancelled_at.append(time.monotonic())
            cancel.set()

    with pytest.raises(CancelledError, match="cancelled at .* Retry to continue"):
        download(TEST_REPO, STARTER_NAME, progress=on_progress, cancel=cancel, policy=ONLINE)
    assert time.monotonic() - cancelled_at[0] < 1.0
    partial = next((cache.repo_folder(TEST_REPO) / "blobs").glob("*.incomplete"))
    assert 2_000_000 < partial.stat().st_size < 98_362_432


def test_cancel_ends_a_read_the_server_no_longer_answers_at_once_and_the_file_resumes(
    hub: HubServer,
):
    """A server that stopped sending but kept the connection held a cancelled download until
    the read timed out (ten seconds and more): the cancel was looked at only between reads."""
    # (the server's last piece before the stall is 1,000 bytes, less than a write buffer holds:
    # the bytes reported received are on the disk too, as a kill then would find them)
    stall_at = 45 * CHUNK + 1_000
    hub.stall_after = stall_at
    blobs = cache.repo_folder(TEST_REPO) / "blobs"

    def on_the_disk(sent: int) -> None:  # (at most a few seconds: a buffered byte never comes)
        deadline = time.monotonic() + 3
        while time.monotonic() < deadline and not any(
            p.stat().st_size >= sent for p in blobs.glob("*.incomplete")
        ):
            time.sleep(0.01)

    hub.before_last_piece = on_the_disk
    cancel = threading.Event()
    thread, ended = _download_in_a_thread(cancel)
    assert hub.stalling.wait(10)
    # (well before the read's ten-second timeout, which closes the file and so writes out
    # what a buffer held)
    deadline = time.monotonic() + 5
    while not any(p.stat().st_size == stall_at for p in blobs.glob("*.incomplete")):
        assert time.monotonic() < deadline, "the bytes sent before the stall never arrived"
        time.sleep(0.02)
    cancelled_at = time.monotonic()
    cancel.set()
    thread.join(5)
    # well before the read's ten-second timeout (a margin for two busy cores)
    assert time.monotonic() - cancelled_at < 4.0
    assert [type(e) for e in ended] == [CancelledError], ended
    assert "cancelled at 3.0 MB of 98.4 MB" in str(ended[0])
    partial = next(blobs.glob("*.incomplete"))
    assert partial.stat().st_size == stall_at

    hub.release.set()
    path = download(TEST_REPO, STARTER_NAME, policy=ONLINE)
    assert hub.file_requests()[-1].headers["Range"] == f"bytes={stall_at}-"
    assert sha256(path) == hub.repos[TEST_REPO].files[STARTER_NAME].sha256


def test_cancel_ends_the_wait_for_an_answer_that_does_not_come_at_once(hub: HubServer):
    """The same while the server has not answered the request for the file at all."""
    hub.stall_answer = True
    cancel = threading.Event()
    thread, ended = _download_in_a_thread(cancel)
    assert hub.stalling.wait(10)
    cancelled_at = time.monotonic()
    cancel.set()
    thread.join(5)
    # well before the read's ten-second timeout (a margin for two busy cores)
    assert time.monotonic() - cancelled_at < 4.0
    assert [type(e) for e in ended] == [CancelledError], ended


def test_missing_repository_and_file_are_sentences(hub: HubServer):
    with pytest.raises(NotFoundError, match="There is no model repository writer-test/nothing"):
        download("writer-test/nothing", "x.gguf", policy=ONLINE)
    with pytest.raises(NotFoundError, match=f"{TEST_REPO} has no file missing.gguf"):
        download(TEST_REPO, "missing.gguf", policy=ONLINE)


def test_gated_repository_is_a_sentence(hub: HubServer, starter_model: Path):
    hub.add_repo("writer-test/gated", [HubFile("m.gguf", data=b"GGUF" + bytes(100))], gated=True)
    with pytest.raises(GatedError, match="gated repository.*hf auth login"):
        download("writer-test/gated", "m.gguf", policy=ONLINE)


def test_the_hub_down_is_a_sentence(monkeypatch: pytest.MonkeyPatch):
    with HubServer() as server:
        go_online(monkeypatch, server)
    with pytest.raises(NetworkError, match="Cannot reach the Hub at http://127.0.0.1"):
        download(TEST_REPO, STARTER_NAME, policy=ONLINE)


def test_a_catalog_hash_that_disagrees_with_the_hub_stops_the_download(hub: HubServer):
    with pytest.raises(ChecksumError, match="different"):
        download(TEST_REPO, STARTER_NAME, expected_sha256="0" * 64, policy=ONLINE)
    assert hub.file_requests() == []


def test_a_full_disk_is_a_sentence(hub: HubServer, tmp_path: Path, small_tmpfs,
                                   monkeypatch: pytest.MonkeyPatch):  # fmt: skip
    small = small_tmpfs(tmp_path / "small", "1m")
    try:
        monkeypatch.setenv("HF_HOME", str(small / "hf"))
        with pytest.raises(DiskFullError, match=r"Not enough disk space .* needs 98.4 MB more"):
            download(TEST_REPO, STARTER_NAME, policy=ONLINE)
        hub.add_repo("writer-test/small", [HubFile("m.gguf", data=os.urandom(700_000))])
        download("writer-test/small", "m.gguf", policy=ONLINE)
        hub.add_repo("writer-test/small2", [HubFile("n.gguf", data=os.urandom(600_000))])
        with pytest.raises(DiskFullError, match="(disk filled up|Not enough disk space)"):
            download("writer-test/small2", "n.gguf", policy=ONLINE)
    finally:
        subprocess.run(["umount", str(small)], check=False)


def test_offline_mode_makes_no_connection(hub: HubServer, monkeypatch: pytest.MonkeyPatch):
    path = download(TEST_REPO, STARTER_NAME, policy=ONLINE)
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    hub.requests.clear()
    from writer.models import hub as hubapi

    with pytest.raises(OfflineError, match="offline mode"):
        download(TEST_REPO, STARTER_NAME, policy=ONLINE)
    with pytest.raises(OfflineError):
        hubapi.search("smollm", policy=ONLINE)
    with pytest.raises(OfflineError):
        hubapi.list_variants(TEST_REPO, policy=ONLINE)
    settings = Settings.load()
    listed = store.installed(settings)
    assert [m.path for m in listed if m.source == store.HUB] == [path]
    store.use(listed[-1], settings)
    assert hub.requests == []


# names from the Hub that would lead out of the cache -------------------------------------------
HOSTILE_NAMES = ["../../evil.gguf", "/tmp/evil.gguf", "sub/../../evil.gguf", "a\nb.gguf",
                 "bell\x07.gguf", "nul\x00.gguf", "C:\\evil.gguf", "..\\evil.gguf", ".", "",
                 "sub//evil.gguf", "rtl\u202eevil.gguf"]  # fmt: skip


def files_outside_the_cache(root: Path) -> list[Path]:
    hub_cache = cache.hub_cache()
    return [p for p in root.rglob("*evil*") if hub_cache not in p.parents]


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_a_file_name_that_leads_out_of_the_cache_is_refused(
    hub: HubServer, tmp_path: Path, name: str
) -> None:
    hub.add_repo("writer-test/hostile", [HubFile(name, data=b"GGUF evil")])
    hub.requests.clear()
    with pytest.raises(ModelsError, match="Writer will not download .* outside the model cache"):
        download("writer-test/hostile", name, policy=ONLINE)
    assert hub.requests == []  # refused before asking
    assert files_outside_the_cache(tmp_path.parent) == []


@pytest.mark.parametrize(
    ("commit", "etag"),
    [("../../../evil", None), ("0" * 39 + "/", None), (None, "../../evil"), (None, "a/b"),
     (None, "..")],  # fmt: skip
)
def test_a_commit_or_hash_that_leads_out_of_the_cache_is_refused(
    hub: HubServer, tmp_path: Path, commit: str | None, etag: str | None
) -> None:
    if commit:
        hub.commit = commit
    hub.etag = etag
    with pytest.raises(ModelsError, match="outside the model cache"):
        download(TEST_REPO, STARTER_NAME, policy=ONLINE)
    assert files_outside_the_cache(tmp_path.parent) == []
    assert not (cache.repo_folder(TEST_REPO) / "blobs").exists() or not any(
        p for p in (cache.repo_folder(TEST_REPO) / "blobs").iterdir()
    )


@settings(max_examples=fuzz_examples(500), deadline=None)
@given(st.text(max_size=60) | st.lists(st.sampled_from(["..", ".", "", "a", "/", "\\", "b.gguf",
                                                        "\x00", "C:"]), max_size=8).map("/".join))
def test_an_accepted_name_always_stays_inside_its_folder(name: str) -> None:
    folder = Path("/cache/snapshots/commit")
    try:
        cache.check_relative(name)
    except cache.UnsafeName as exc:
        refused = str(exc)
    else:
        refused = ""
        joined = os.path.abspath(folder / name)
        assert joined.startswith(str(folder) + os.sep)
        assert not any(ord(ch) < 32 for ch in name)
    assert refused or name


def test_subfolders_in_hub_file_names_are_kept(hub: HubServer) -> None:
    hub.add_repo("writer-test/nested", [HubFile("q4/model.gguf", data=b"GGUF nested")])
    path = download("writer-test/nested", "q4/model.gguf", policy=ONLINE)
    assert path.read_bytes() == b"GGUF nested"
    assert path.parent.name == "q4"


def test_a_disk_that_fills_during_a_download_leaves_nothing_loadable(
    hub: HubServer, tmp_path: Path, small_tmpfs, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The download starts with room to spare; another program fills the disk half way."""
    small = small_tmpfs(tmp_path / "small", "1m")
    try:
        monkeypatch.setenv("HF_HOME", str(small / "hf"))
        hub.add_repo("writer-test/fill", [HubFile("f.gguf", data=os.urandom(600_000))])
        hub.throttle = 400_000  # a second and a half
        filler = small / "another-program.bin"

        def fill(progress: Progress) -> None:
            if progress.done > 100_000 and not filler.exists():
                with filler.open("wb") as f, contextlib.suppress(OSError):
                    f.write(b"\0" * 700_000)

        with pytest.raises(DiskFullError, match="disk filled up") as caught:
            download("writer-test/fill", "f.gguf", progress=fill, policy=ONLINE)
        assert "f.gguf" in str(caught.value)
        assert cache.cached_file("writer-test/fill", "f.gguf") is None
        blobs = list((cache.repo_folder("writer-test/fill") / "blobs").iterdir())
        assert all(b.name.endswith(".incomplete") for b in blobs)
        assert not list(cache.repo_folder("writer-test/fill").glob("snapshots/*/*"))
        assert all(m.name != "f.gguf" for m in store.installed(Settings.load()))
        filler.unlink()  # room again: the next attempt finishes from where it stopped
        hub.throttle = None
        path = download("writer-test/fill", "f.gguf", policy=ONLINE)
        assert sha256(path) == hub.repos["writer-test/fill"].files["f.gguf"].sha256
    finally:
        subprocess.run(["umount", str(small)], check=False)


def test_a_disk_that_takes_no_file_that_large_is_said_so(
    hub: HubServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A FAT32 drive takes no file over 4 GB (a limit on file size, RLIMIT_FSIZE, here): the
    download said "Writer could not write f.gguf: File too large." and nothing of what to do
    (look34's). It says what stops it and where the models are kept, and the next try, with
    the limit gone, finishes from where it stopped."""
    import resource

    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    hub.add_repo("writer-test/large", [HubFile("f.gguf", data=os.urandom(600_000))])
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (200_000, hard))
    try:
        with pytest.raises(ModelsError) as caught:
            download("writer-test/large", "f.gguf", policy=ONLINE)
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
    said = str(caught.value)
    assert "f.gguf" in said
    assert "no file larger than" in said
    assert "4 GB" in said
    assert str(tmp_path / "hf") in said
    assert "File too large" not in said
    path = download("writer-test/large", "f.gguf", policy=ONLINE)
    assert sha256(path) == hub.repos["writer-test/large"].files["f.gguf"].sha256


def test_turning_offline_on_stops_a_transfer_from_reconnecting(hub: HubServer):
    """The policy is asked before every request: a dropped connection is not taken up again
    once the writer has turned Offline on, and the partial file stays for later."""
    settings = Settings()
    policy = NetworkPolicy(settings)
    hub.drop_after = 5_000_000

    def offline_once_started(p: Progress) -> None:
        if p.done > 0:  # the first report comes with the first bytes
            settings.offline = True

    with pytest.raises(OfflineError, match="offline"):
        download(TEST_REPO, STARTER_NAME, progress=offline_once_started, policy=policy)
    assert len(hub.file_requests()) == 1
    partial = next((cache.repo_folder(TEST_REPO) / "blobs").glob("*.incomplete"))
    assert partial.stat().st_size == 5_000_000


@pytest.mark.parametrize("read", ["ends", "raises"])
def test_a_cancel_that_comes_with_the_last_bytes_lands_the_whole_file(hub: HubServer, read):
    """A cancel seen just as the file's last bytes arrived said "cancelled" and left the whole
    file as a partial one (also when the read then raised, its connection shut by the cancel).
    Once every byte is there the file is checked and lands."""
    import httpx2

    data = b"A whole little file, here in one piece.\n" * 50
    hub.add_repo("writer-test/whole", [HubFile("whole.gguf", data=data)])
    cancel = threading.Event()

    def on_progress(p: Progress) -> None:
        if p.stage == "downloading" and p.done == p.total and not cancel.is_set():
            cancel.set()
            if read == "raises":  # (as the read after it does once the cancel shut it)
                raise httpx2.ReadError("connection shut")

    path = download("writer-test/whole", "whole.gguf", progress=on_progress, cancel=cancel,
                    policy=ONLINE)  # fmt: skip
    assert cancel.is_set()
    assert path.read_bytes() == data
    assert not list(path.resolve().parent.glob("*.incomplete"))


def test_a_cancel_in_the_pause_after_the_last_bytes_lands_the_whole_file(hub: HubServer):
    """Every byte came, then the read failed (a connection reset), and Cancel came in the
    second the transfer waits before it tries again: it said "cancelled at 2.0 kB of 2.0 kB"
    and left the whole file as a partial one, where a cancel with the last bytes lands it.
    Once every byte is there, a cancel in the pause lands it too."""
    import httpx2

    data = b"A whole little file, here in one piece.\n" * 50
    hub.add_repo("writer-test/paused", [HubFile("paused.gguf", data=data)])

    class CancelInThePause(threading.Event):
        """The writer's click, in the transfer's pause before it tries again."""

        armed = False

        def wait(self, timeout=None):
            if self.armed and threading.current_thread().name != "writer-download-watch":
                self.set()
            return super().wait(timeout)

    cancel = CancelInThePause()

    def on_progress(p: Progress) -> None:
        if p.stage == "downloading" and p.done == p.total and not cancel.armed:
            cancel.armed = True
            raise httpx2.ReadError("connection reset")  # (no cancel yet: it retries)

    path = download("writer-test/paused", "paused.gguf", progress=on_progress, cancel=cancel,
                    policy=ONLINE)  # fmt: skip
    assert cancel.is_set()
    assert path.read_bytes() == data
    assert not list(path.resolve().parent.glob("*.incomplete"))

