"""Searching the (local stand-in) Hub and listing a repository's GGUF files by quantisation."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.hubserver import STARTER_NAME, TEST_REPO, HubFile, HubServer
from writer.models import hub as hubapi
from writer.models.errors import NotFoundError
from writer.network import NetworkPolicy

ONLINE = NetworkPolicy()  # only HF_HUB_OFFLINE counts: the hub fixture unsets it

def test_search_finds_gguf_repositories(hub: HubServer):
    hub.add_repo("someone/Other-Model-GGUF", [HubFile("other-Q4_K_M.gguf", data=b"x" * 10)])
    hits = hubapi.search("smollm2", policy=ONLINE)
    assert [h.repo_id for h in hits] == [TEST_REPO]
    assert hits[0].downloads == 1000
    searched = [r.path for r in hub.requests if r.path.startswith("/api/models?")]
    assert "filter=gguf" in searched[0]
    assert "search=smollm2" in searched[0]
    assert hubapi.search("no such model", policy=ONLINE) == []


def test_a_repository_lists_its_files_by_quantisation(hub: HubServer):
    listing = hubapi.list_variants(TEST_REPO, policy=ONLINE)
    assert [v.quant for v in listing.variants] == ["Q4_1", "Q8_0"]
    q4 = listing.variants[0]
    assert q4.filename == STARTER_NAME
    assert q4.size == 98_362_432
    assert q4.files[0].sha256 == hub.repos[TEST_REPO].files[STARTER_NAME].sha256
    assert any("blobs=True" in r.path or "blobs=true" in r.path for r in hub.requests)


def test_split_files_and_projectors_are_grouped_or_left_out(hub: HubServer):
    hub.add_repo(
        "someone/Big-GGUF",
        [
            HubFile("Big-Q2_K-00002-of-00002.gguf", data=b"b" * 20),
            HubFile("Big-Q2_K-00001-of-00002.gguf", data=b"a" * 30),
            HubFile("mmproj-Big-f16.gguf", data=b"m" * 5),
            HubFile("Big-IQ4_XS.gguf", data=b"i" * 40),
        ],
    )
    variants = hubapi.list_variants("someone/Big-GGUF", policy=ONLINE).variants
    assert [(v.quant, v.size) for v in variants] == [("IQ4_XS", 40), ("Q2_K", 50)]
    assert [f.filename for f in variants[1].files] == [
        "Big-Q2_K-00001-of-00002.gguf",
        "Big-Q2_K-00002-of-00002.gguf",
    ]


def test_a_missing_repository_is_a_sentence(hub: HubServer):
    with pytest.raises(NotFoundError, match="There is no model repository nobody/nothing"):
        hubapi.list_variants("nobody/nothing", policy=ONLINE)


@pytest.mark.parametrize(
    ("name", "quant"),
    [
        ("Llama-3.2-1B-Instruct-Q4_K_M.gguf", "Q4_K_M"),
        ("qwen2.5-0.5b-instruct-q8_0.gguf", "Q8_0"),
        ("SmolLM2-135M-Instruct.Q4_1.gguf", "Q4_1"),
        ("gemma-2-2b-it-IQ3_XXS.gguf", "IQ3_XXS"),
        ("model-f16.gguf", "F16"),
        ("Qwen2.5-7B-Instruct-Q5_K_S-00001-of-00002.gguf", "Q5_K_S"),
        ("mystery.gguf", "other"),
    ],
)
def test_quantisation_from_file_names(name: str, quant: str):
    assert hubapi.quant_of(name) == quant


def test_the_kv_cache_size_is_read_from_the_start_of_a_remote_file(
    hub: HubServer, starter_model: Path
):
    from writer.engine.gguf_header import read_gguf_header

    kv = hubapi.remote_kv_per_token(TEST_REPO, STARTER_NAME, policy=ONLINE)
    assert kv == read_gguf_header(starter_model).kv_bytes_per_token()
    ranges = [r.headers.get("Range") for r in hub.file_requests()]
    assert ranges == [f"bytes=0-{hubapi.HEADER_PREFIX - 1}"]


def test_a_header_prefix_too_short_gives_no_answer(starter_model: Path):
    data = starter_model.read_bytes()[:4096]
    assert hubapi.kv_per_token_from_prefix(data) == 23040
    assert hubapi.kv_per_token_from_prefix(data[:200]) is None
    assert hubapi.kv_per_token_from_prefix(b"not a model") is None


def test_a_refused_connection_is_reported_after_one_attempt(
    monkeypatch: pytest.MonkeyPatch,
):
    """Nothing listens at the Hub's address: one connection attempt, then a sentence
    (huggingface_hub's list_models would try six times, waiting 23 s in all)."""
    import socket

    from tests.hubserver import go_online
    from writer.models.errors import NetworkError

    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()

    class Nowhere:
        url = f"http://127.0.0.1:{port}"

    go_online(monkeypatch, Nowhere())
    attempts: list[object] = []
    real_connect = socket.socket.connect

    def connect(sock, address):
        attempts.append(address)
        return real_connect(sock, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
    with pytest.raises(NetworkError, match="Cannot reach the Hub at"):
        hubapi.search("llama", policy=ONLINE)
    assert attempts == [("127.0.0.1", port)]
