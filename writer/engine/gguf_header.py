"""A bounded check of a GGUF file's header, done before llama.cpp ever sees the file.

llama.cpp trusts the counts and lengths it reads; a truncated download or a renamed text file can
make it allocate absurd amounts or read past the end. This reader checks every count and length
against the bytes that remain, reads at most a few megabytes of metadata, and turns each problem
into a sentence a writer understands.
"""

from __future__ import annotations

import struct
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from writer.sentences import said

# What is being read, in words, for a sentence about the file ("The file ends early (in the
# length of tokenizer.ggml.tokens)"): made only when a sentence says it, so that it is said
# (translated where it is shown: its English stayed in the Chinese sentence) without a `said`
# for each of the thousands of keys and tensors read
What = Callable[[], str]

GGUF_MAGIC = b"GGUF"
SUPPORTED_VERSIONS = (2, 3)
MAX_TENSORS = 1_000_000
MAX_KV = 100_000
MAX_STRING = 64 * 1024 * 1024  # a value (a chat template, say)
MAX_KEPT = 1024 * 1024  # of a longer value, this much is read (a chat template that long is
# refused anyway, and tokenizer JSON copies are not used)
MAX_KEY = 65_535  # the GGUF format's limit for a key
MAX_NAME = 256  # ggml's tensor names are at most 64 bytes
MAX_DIMS = 4
BLOCK = 1 << 20  # the most read at once while passing over a vocabulary

# value types of the GGUF metadata
_SCALARS = {
    0: "<B",
    1: "<b",
    2: "<H",
    3: "<h",
    4: "<I",
    5: "<i",
    6: "<f",
    7: "<?",
    10: "<Q",
    11: "<q",
    12: "<d",
}
_STRING, _ARRAY = 8, 9


class ModelFileError(Exception):
    """A model file that cannot be used, with a message meant for the writer."""


@dataclass
class GGUFInfo:
    """What the header says about a model."""

    path: Path
    size: int
    version: int
    tensor_count: int
    metadata: dict[str, Any] = field(default_factory=dict)
    array_lengths: dict[str, int] = field(default_factory=dict)
    data_start: int = 0  # where the tensors' bytes begin (the header's length)

    @property
    def architecture(self) -> str:
        return str(self.metadata.get("general.architecture", ""))

    @property
    def name(self) -> str:
        return str(self.metadata.get("general.name") or self.path.stem)

    def arch_value(self, key: str, default: Any = None) -> Any:
        return self.metadata.get(f"{self.architecture}.{key}", default)

    @property
    def chat_template(self) -> str | None:
        value = self.metadata.get("tokenizer.chat_template")
        return value if isinstance(value, str) and value.strip() else None

    @property
    def context_length(self) -> int | None:
        value = self.arch_value("context_length")
        return int(value) if value else None

    @property
    def layer_count(self) -> int | None:
        value = self.arch_value("block_count")
        return int(value) if value else None

    def kv_bytes_per_token(self, bytes_per_value: int = 2) -> int | None:
        """Bytes of KV cache one token of context takes (f16 cache by default)."""
        n_layer = self.layer_count
        n_embd = self.arch_value("embedding_length")
        n_head = self.arch_value("attention.head_count")
        if not (n_layer and n_embd and n_head):
            return None
        n_head = _first(n_head)
        n_head_kv = _first(self.arch_value("attention.head_count_kv", n_head)) or n_head
        key_len = self.arch_value("attention.key_length") or n_embd // n_head
        value_len = self.arch_value("attention.value_length") or n_embd // n_head
        return int(n_layer) * int(n_head_kv) * (int(key_len) + int(value_len)) * bytes_per_value


def _first(value: Any) -> int:
    if isinstance(value, list):
        return int(max(value)) if value else 0
    return int(value)


class _Reader:
    def __init__(self, stream: BinaryIO, size: int) -> None:
        self.stream = stream
        self.size = size
        self.pos = 0

    def _within(self, n: int, what: What) -> None:
        """Raise, in words, where `n` bytes from here would run past the file's end."""
        if n < 0 or self.pos + n > self.size:
            raise ModelFileError(
                said(
                    "The file ends early (in {0}): it is incomplete or damaged. If it was "
                    "downloaded, download it again.",
                    what(),
                )
            )

    def take(self, n: int, what: What) -> bytes:
        self._within(n, what)
        data = self.stream.read(n)
        if len(data) != n:
            raise ModelFileError(said("The file could not be read completely."))
        self.pos += n
        return data

    def skip(self, n: int, what: What) -> None:
        self._within(n, what)
        self.stream.seek(n, 1)
        self.pos += n

    def skip_strings(self, count: int, what: What) -> None:
        """Pass over `count` strings (a tokenizer's vocabulary: tens of thousands), reading
        their lengths from blocks of at most BLOCK bytes rather than one call each."""
        block, at = b"", 0  # `at`: where the next string starts, relative to `block`
        start = self.pos
        for _ in range(count):
            if at + 8 > len(block):
                start += at
                self.stream.seek(start)
                block, at = self.stream.read(max(0, min(BLOCK, self.size - start))), 0
                if len(block) < 8:
                    self.pos = start
                    self.take(8, what)  # raises: the file ends here
            length = int.from_bytes(block[at : at + 8], "little")
            if length > MAX_STRING:
                raise ModelFileError(
                    said("The file claims {0} of {1:,} bytes: it is damaged.", what(), length)
                )
            at += 8 + length
        end = start + at
        if end > self.size:
            self.pos = start
            self.skip(at, what)  # raises: the file ends early
        self.stream.seek(end)
        self.pos = end

    def scalar(self, fmt: str, what: What) -> Any:
        return struct.unpack(fmt, self.take(struct.calcsize(fmt), what))[0]

    def u32(self, what: What) -> int:
        return self.scalar("<I", what)

    def u64(self, what: What) -> int:
        return self.scalar("<Q", what)

    def string(self, what: What, keep: bool = True, limit: int = MAX_STRING) -> str:
        length = self.u64(what)
        if length > limit:
            raise ModelFileError(
                said("The file claims {0} of {1:,} bytes: it is damaged.", what(), length)
            )
        if not keep:
            self.skip(length, what)
            return ""
        kept = min(length, MAX_KEPT)  # a longer value is cut: nothing that long is used whole
        text = self.take(kept, what).decode("utf-8", errors="replace")
        self.skip(length - kept, what)
        return text


def _read_value(r: _Reader, vtype: int, key: str, keep: bool = True) -> Any:
    if vtype in _SCALARS:
        return r.scalar(_SCALARS[vtype], lambda key=key: said("the value of {0}", key))
    if vtype == _STRING:
        return r.string(lambda key=key: said("the value of {0}", key), keep)
    raise ModelFileError(
        said("The metadata entry {0!r} has an unknown type ({1}).", key[:80], vtype)
    )


def start_problem(head: bytes, name: str) -> str:
    """Why a file whose first bytes are `head` is no model Writer can run, as its first eight
    bytes say (not GGUF; a GGUF version it does not read), or '' (they say nothing against it,
    or there are too few of them). The Hub's listing reads the start of a file before it is
    downloaded; the file's own check (`read_gguf_header`) says the same sentences."""
    if len(head) >= 4 and head[:4] != GGUF_MAGIC:
        return _not_gguf(name)
    if len(head) >= 8:
        version = struct.unpack("<I", head[4:8])[0]
        if version not in SUPPORTED_VERSIONS:
            return _version_not_read(name, version)
    return ""


def _not_gguf(name: str) -> str:
    return said(
        "{0} is not a GGUF model file. Writer runs models in the GGUF format (files ending in "
        ".gguf, as published for llama.cpp).",
        name,
    )


def _version_not_read(name: str, version: int) -> str:
    return said(
        "{0} uses GGUF version {1}, which this Writer cannot read (it reads versions {2}).",
        name,
        version,
        ", ".join(map(str, SUPPORTED_VERSIONS)),
    )


def read_gguf_header(path: str | Path) -> GGUFInfo:
    """Check a GGUF file's header and return what it says; raise ModelFileError otherwise."""
    path = Path(path)
    try:
        return _read(path)
    except ModelFileError as exc:
        if path.name in str(exc):
            raise
        raise ModelFileError(said("{0}: {1}", path.name, str(exc))) from None


def _read(path: Path) -> GGUFInfo:
    try:
        size = path.stat().st_size
        stream = path.open("rb")
    except FileNotFoundError:
        raise ModelFileError(said("There is no model file at {0}.", path)) from None
    except IsADirectoryError:
        raise ModelFileError(said("{0} is a folder, not a model file.", path)) from None
    except OSError as exc:
        raise ModelFileError(
            said("The model file {0} cannot be read: {1}.", path, exc.strerror)
        ) from None
    with stream:
        if size == 0:
            raise ModelFileError(
                said("{0} is empty (0 bytes): the download did not finish.", path.name)
            )
        r = _Reader(stream, size)
        magic = stream.read(4)
        r.pos = len(magic)
        if magic != GGUF_MAGIC:
            raise ModelFileError(_not_gguf(path.name))
        version = r.u32(lambda: said("the format version"))
        if version not in SUPPORTED_VERSIONS:
            raise ModelFileError(_version_not_read(path.name, version))
        tensor_count = r.u64(lambda: said("the tensor count"))
        kv_count = r.u64(lambda: said("the metadata count"))
        if tensor_count == 0 or tensor_count > MAX_TENSORS or kv_count > MAX_KV:
            raise ModelFileError(
                said(
                    "{0} claims {1:,} tensors and {2:,} metadata entries: the file is damaged.",
                    path.name,
                    tensor_count,
                    kv_count,
                )
            )
        metadata: dict[str, Any] = {}
        array_lengths: dict[str, int] = {}
        for _ in range(kv_count):
            key = r.string(lambda: said("a metadata key"), limit=MAX_KEY)
            vtype = r.u32(lambda key=key: said("the type of {0}", key))
            if vtype == _ARRAY:
                itype = r.u32(lambda key=key: said("the item type of {0}", key))
                count = r.u64(lambda key=key: said("the length of {0}", key))
                array_lengths[key] = count
                if itype in _SCALARS:
                    item_size = struct.calcsize(_SCALARS[itype])
                    if count * item_size > size - r.pos:
                        raise ModelFileError(
                            said("The file ends early (in {0}): it is damaged.", key)
                        )
                    if count <= 64:
                        metadata[key] = [_read_value(r, itype, key) for _ in range(count)]
                    else:
                        r.skip(count * item_size, lambda key=key: key)
                elif itype == _STRING:
                    if count * 8 > size - r.pos:
                        raise ModelFileError(
                            said("The file ends early (in {0}): it is damaged.", key)
                        )
                    r.skip_strings(count, lambda key=key: said("an item of {0}", key))
                else:
                    raise ModelFileError(
                        said("The metadata entry {0!r} has an unknown type.", key[:80])
                    )
            else:
                metadata[key] = _read_value(r, vtype, key)

        if not metadata.get("general.architecture"):
            raise ModelFileError(
                said(
                    "{0} does not say which model architecture it holds (general.architecture is "
                    "missing): it is not a usable model.",
                    path.name,
                )
            )
        alignment = int(metadata.get("general.alignment", 32) or 32)
        if alignment <= 0 or alignment & (alignment - 1):
            raise ModelFileError(said("{0} has an invalid alignment ({1}).", path.name, alignment))

        from gguf.constants import GGML_QUANT_SIZES, GGMLQuantizationType

        ends: list[tuple[str, int, int]] = []
        for _ in range(tensor_count):
            name = r.string(lambda: said("a tensor name"), limit=MAX_NAME)
            n_dims = r.u32(lambda name=name: said("the shape of tensor {0}", name))
            if not 1 <= n_dims <= MAX_DIMS:
                raise ModelFileError(
                    said("Tensor {0!r} has {1} dimensions: the file is damaged.", name, n_dims)
                )
            dims = [
                r.u64(lambda name=name: said("the shape of tensor {0}", name))
                for _ in range(n_dims)
            ]
            ttype = r.u32(lambda name=name: said("the type of tensor {0}", name))
            offset = r.u64(lambda name=name: said("the offset of tensor {0}", name))
            try:
                block, type_size = GGML_QUANT_SIZES[GGMLQuantizationType(ttype)]
            except (ValueError, KeyError):
                raise ModelFileError(
                    said(
                        "Tensor {0!r} uses a data type ({1}) this Writer does not know; the file "
                        "may need a newer Writer.",
                        name,
                        ttype,
                    )
                ) from None
            elements = 1
            for d in dims:
                if d == 0 or d > 1 << 40:
                    raise ModelFileError(said("Tensor {0!r} has an absurd shape {1}.", name, dims))
                elements *= d
            if dims[0] % block:
                raise ModelFileError(
                    said("Tensor {0!r} has a shape that does not fit its type.", name)
                )
            ends.append((name, offset, elements // block * type_size))
        data_start = (r.pos + alignment - 1) // alignment * alignment
        available = size - data_start
        for name, offset, nbytes in ends:
            if offset + nbytes > available:
                raise ModelFileError(
                    said(
                        "{0} is incomplete: tensor {1!r} lies beyond the end of the file ({2:,} "
                        "bytes). If it was downloaded, download it again.",
                        path.name,
                        name,
                        size,
                    )
                )
        return GGUFInfo(path, size, version, tensor_count, metadata, array_lengths, data_start)
