"""Searching the Hub for GGUF repositories and listing a repository's GGUF files by quantisation.

Nothing here runs unless the user searches; each call is one or two HTTP requests, made only
after the network policy (writer.network) allows contacting the Hub. A failed name lookup or a
refused connection is reported at once: a search makes one attempt, with a short connect timeout.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from writer.models import cache
from writer.models.errors import ModelsError, explain
from writer.network import NetworkPolicy
from writer.sentences import said

_QUANT = re.compile(
    r"(?<![A-Za-z0-9])(I?Q\d(?:_[A-Z0-9]+)*|[BF]16|F32|BF16|TQ\d_\d)(?![A-Za-z0-9])",
    re.IGNORECASE,
)
_SPLIT = re.compile(r"-(\d{5})-of-(\d{5})\.gguf$", re.IGNORECASE)
_NOT_A_MODEL = re.compile(r"mmproj|imatrix", re.IGNORECASE)


@dataclass
class RepoHit:
    repo_id: str
    downloads: int = 0
    likes: int = 0
    gated: bool = False


@dataclass
class HubFile:
    filename: str
    size: int | None
    sha256: str | None


@dataclass
class Variant:
    """One quantisation of a model: a single file, or the parts of a split file."""

    quant: str
    files: list[HubFile] = field(default_factory=list)

    @property
    def size(self) -> int | None:
        sizes = [f.size for f in self.files]
        return None if any(s is None for s in sizes) else sum(s for s in sizes if s)

    @property
    def filename(self) -> str:
        return self.files[0].filename


@dataclass
class RepoListing:
    repo_id: str
    commit: str | None
    gated: bool
    variants: list[Variant]


def quant_of(filename: str) -> str:
    """'Llama-3.2-1B-Instruct-Q4_K_M.gguf' -> 'Q4_K_M'; 'other' when the name does not say."""
    stem = _SPLIT.sub(".gguf", filename.rsplit("/", 1)[-1])
    found = _QUANT.findall(stem[: -len(".gguf")] if stem.lower().endswith(".gguf") else stem)
    return found[-1].upper() if found else "other"


def _api(policy: NetworkPolicy, token: str | bool | None = None):
    cache.require_hub(policy)
    from huggingface_hub import HfApi

    return HfApi(endpoint=cache.endpoint(), token=token)


SEARCH_CONNECT_SECONDS = 5.0
SEARCH_READ_SECONDS = 20.0


def search(query: str, *, policy: NetworkPolicy, limit: int = 30,
           token: str | bool | None = None) -> list[RepoHit]:
    """GGUF repositories on the Hub matching `query`, most downloaded first.

    One request, no retries (huggingface_hub's `list_models` retries a failed name lookup five
    times, about 23 s): a writer without a network hears so at once and can search again.
    """
    cache.require_hub(policy)
    from huggingface_hub.utils import build_hf_headers, get_session, hf_raise_for_status

    params: dict[str, Any] = {"filter": "gguf", "sort": "downloads", "direction": -1,
                              "limit": limit}
    if query:
        params["search"] = query
    try:
        response = get_session().get(
            f"{cache.endpoint()}/api/models", params=params, headers=build_hf_headers(token=token),
            timeout=_timeout(),
        )
        hf_raise_for_status(response)
        found = response.json()
    except Exception as exc:  # noqa: BLE001
        raise explain(exc, said("the search for {0!r}", query), host=_host()) from exc
    if not isinstance(found, list):
        raise ModelsError(
            said("{0} answered the search with something that is not a list.", _host())
        )
    hits = []
    for m in found[:limit]:
        if isinstance(m, dict) and isinstance(m.get("id"), str):
            hits.append(RepoHit(m["id"], _int(m.get("downloads")), _int(m.get("likes")),
                                bool(m.get("gated"))))
    return hits


def _timeout():
    import httpx2

    return httpx2.Timeout(SEARCH_READ_SECONDS, connect=SEARCH_CONNECT_SECONDS)


def _int(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def list_variants(repo_id: str, *, policy: NetworkPolicy, revision: str | None = None,
                  token: str | bool | None = None) -> RepoListing:
    """A repository's GGUF files grouped by quantisation, with sizes and LFS hashes."""
    api = _api(policy, token)
    try:
        info = api.model_info(repo_id, revision=revision, files_metadata=True,
                              timeout=SEARCH_READ_SECONDS)
    except Exception as exc:  # noqa: BLE001
        raise explain(exc, repo_id, host=_host()) from exc
    groups: dict[tuple[str, str], Variant] = {}
    for sibling in info.siblings or []:
        name = sibling.rfilename
        if not name.lower().endswith(".gguf") or _NOT_A_MODEL.search(name):
            continue
        sha = sibling.lfs.sha256 if sibling.lfs else None
        size = sibling.lfs.size if sibling.lfs else sibling.size
        base = _SPLIT.sub("", name)
        key = (quant_of(name), base)
        groups.setdefault(key, Variant(key[0])).files.append(HubFile(name, size, sha))
    variants = sorted(groups.values(), key=lambda v: (v.size or 0, v.quant))
    for v in variants:
        v.files.sort(key=lambda f: f.filename)
    return RepoListing(repo_id, info.sha, bool(info.gated), variants)


def _host() -> str:
    host = cache.endpoint()
    if host == cache.DEFAULT_ENDPOINT:
        return said("the Hugging Face Hub")
    return said("the Hub at {0}", host)


HEADER_PREFIX = 2 * 1024 * 1024


def remote_kv_per_token(repo_id: str, filename: str, *, policy: NetworkPolicy,
                        revision: str = "main", token: str | bool | None = None) -> int | None:
    """KV cache bytes per token of a file still on the Hub, from its GGUF header.

    Fetches only the first 2 MB (a Range request): the architecture's counts come before the
    tokenizer's long lists in every GGUF that llama.cpp's converter writes. None when the prefix
    does not hold them.
    """
    return remote_header(repo_id, filename, policy=policy, revision=revision, token=token)[0]


def remote_header(repo_id: str, filename: str, *, policy: NetworkPolicy, revision: str = "main",
                  token: str | bool | None = None) -> tuple[int | None, str]:
    """What the start of a file still on the Hub says (its first 2 MB, a Range request): its
    KV cache bytes per token (`remote_kv_per_token`), and why it is no model Writer can run
    (`gguf_header.start_problem`: not GGUF, a version it does not read), '' when its start
    says nothing against it."""
    from writer.engine.gguf_header import start_problem

    data = _remote_prefix(repo_id, filename, policy=policy, revision=revision, token=token)
    if data is None:
        return None, ""
    return kv_per_token_from_prefix(data), start_problem(data[:8], filename.rsplit("/", 1)[-1])


def _remote_prefix(repo_id: str, filename: str, *, policy: NetworkPolicy, revision: str,
                   token: str | bool | None) -> bytes | None:
    """The first HEADER_PREFIX bytes of a file on the Hub; None when the Hub does not give
    them."""
    from huggingface_hub.utils import build_hf_headers, get_session

    from writer.models.download import _same_origin, resolve

    remote = resolve(repo_id, filename, revision, token, policy=policy)
    cache.require_hub(policy)
    headers = {"Range": f"bytes=0-{HEADER_PREFIX - 1}", "Accept-Encoding": "identity"}
    if _same_origin(remote.location, cache.endpoint()):
        headers.update(build_hf_headers(token=token))
    try:
        response = get_session().get(remote.location, headers=headers, follow_redirects=True,
                                     timeout=15)
    except Exception as exc:  # noqa: BLE001
        raise explain(exc, repo_id, filename, _host()) from exc
    if response.status_code not in (200, 206):
        return None
    return response.content[:HEADER_PREFIX]


def kv_per_token_from_prefix(data: bytes) -> int | None:
    """Read GGUF metadata from the start of a file until the bytes run out; KV bytes per token."""
    import io
    import struct
    from pathlib import Path

    from writer.engine.gguf_header import GGUFInfo

    if data[:4] != b"GGUF" or len(data) < 24:
        return None
    stream = io.BytesIO(data)
    stream.seek(4)
    version, tensors, count = struct.unpack("<IQQ", stream.read(20))
    scalars = {0: "<B", 1: "<b", 2: "<H", 3: "<h", 4: "<I", 5: "<i", 6: "<f", 7: "<?",
               10: "<Q", 11: "<q", 12: "<d"}
    metadata: dict[str, Any] = {}

    def read(fmt: str) -> Any:
        raw = stream.read(struct.calcsize(fmt))
        if len(raw) != struct.calcsize(fmt):
            raise EOFError
        return struct.unpack(fmt, raw)[0]

    def string() -> str:
        n = read("<Q")
        raw = stream.read(n)
        if len(raw) != n:
            raise EOFError
        return raw.decode("utf-8", "replace")

    try:
        for _ in range(min(count, 100_000)):
            key = string()
            vtype = read("<I")
            if vtype in scalars:
                metadata[key] = read(scalars[vtype])
            elif vtype == 8:
                metadata[key] = string()
            elif vtype == 9:
                itype, n = read("<I"), read("<Q")
                if itype in scalars:
                    items = [read(scalars[itype]) for _ in range(min(n, 64))]
                    stream.seek(struct.calcsize(scalars[itype]) * max(0, n - 64), 1)
                    if n <= 64:
                        metadata[key] = items
                elif itype == 8:
                    for _ in range(n):
                        string()
                else:
                    break
            else:
                break
    except EOFError:
        pass
    info = GGUFInfo(Path("remote.gguf"), len(data), version, tensors, metadata)
    return info.kv_bytes_per_token() if info.architecture else None
