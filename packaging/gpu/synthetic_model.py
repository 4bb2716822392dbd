"""Write a llama-architecture GGUF of realistic size for speed measurements.

Decode speed depends on the shapes and the quantisation, not on the weights' values, so the
weights are random Q4_0 blocks (a fixed small scale, random 4-bit values) and the tokenizer is
the starter model's. The text it writes is nonsense; its tokens per second are real.

    python packaging/gpu/synthetic_model.py OUT.gguf --tokenizer STARTER.gguf [--size 1b|3b|8b]
"""

from __future__ import annotations

import argparse

import gguf
import numpy as np

SIZES = {
    # n_embd, n_layer, n_head, n_head_kv, n_ff  (Llama 3.2 1B / 3B and Llama 3 8B shapes)
    "tiny": (256, 2, 4, 2, 512),  # the tests' model of the cache's bookkeeping
    "135m": (576, 30, 9, 3, 1536),  # the starter model's shapes
    "1b": (2048, 16, 32, 8, 8192),
    "3b": (3072, 28, 24, 8, 8192),
    "8b": (4096, 32, 32, 8, 14336),
}
Q4_0 = gguf.GGMLQuantizationType.Q4_0
BLOCK, BLOCK_BYTES = gguf.GGML_QUANT_SIZES[Q4_0]


def q4_0_random(rows: int, cols: int, rng: np.random.Generator) -> np.ndarray:
    blocks = rng.integers(0, 256, size=(rows, cols // BLOCK, BLOCK_BYTES), dtype=np.uint8)
    blocks[..., :2] = np.frombuffer(np.float16(0.02).tobytes(), dtype=np.uint8)
    return blocks.reshape(rows, cols // BLOCK * BLOCK_BYTES)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--tokenizer", required=True, help="a GGUF whose tokenizer is copied")
    ap.add_argument("--size", default="1b", choices=sorted(SIZES))
    args = ap.parse_args()
    write(args.out, args.tokenizer, args.size)


def write(out: str, tokenizer: str, size: str = "1b") -> None:
    """A synthetic model of `size`'s shapes at `out`, with `tokenizer`'s tokenizer."""
    n_embd, n_layer, n_head, n_head_kv, n_ff = SIZES[size]
    head = n_embd // n_head
    reader = gguf.GGUFReader(tokenizer)
    tokens = [bytes(reader.fields["tokenizer.ggml.tokens"].parts[i]).decode("utf-8", "replace")
              for i in reader.fields["tokenizer.ggml.tokens"].data]
    n_vocab = len(tokens)
    rng = np.random.default_rng(0)

    w = gguf.GGUFWriter(out, "llama")
    w.add_name(f"synthetic-llama-{size}")
    w.add_context_length(8192)
    w.add_embedding_length(n_embd)
    w.add_block_count(n_layer)
    w.add_feed_forward_length(n_ff)
    w.add_head_count(n_head)
    w.add_head_count_kv(n_head_kv)
    w.add_rope_dimension_count(head)
    w.add_rope_freq_base(500000.0)
    w.add_layer_norm_rms_eps(1e-5)
    w.add_vocab_size(n_vocab)
    w.add_file_type(gguf.LlamaFileType.MOSTLY_Q4_0)
    for key in ("tokenizer.ggml.model", "tokenizer.ggml.pre"):
        field = reader.fields[key]
        w.add_string(key, bytes(field.parts[field.data[0]]).decode())
    w.add_token_list(tokens)
    types = reader.fields["tokenizer.ggml.token_type"]
    w.add_token_types([int(types.parts[i][0]) for i in types.data])
    merges = reader.fields["tokenizer.ggml.merges"]
    w.add_token_merges([bytes(merges.parts[i]).decode("utf-8", "replace") for i in merges.data])
    for key, add in (("tokenizer.ggml.bos_token_id", w.add_bos_token_id),
                     ("tokenizer.ggml.eos_token_id", w.add_eos_token_id)):
        field = reader.fields[key]
        add(int(field.parts[field.data[0]][0]))

    def matrix(name: str, rows: int, cols: int) -> None:
        data = q4_0_random(rows, cols, rng)
        w.add_tensor(name, data, raw_shape=data.shape, raw_dtype=Q4_0)

    def norm(name: str) -> None:
        w.add_tensor(name, np.ones(n_embd, dtype=np.float32))

    matrix("token_embd.weight", n_vocab, n_embd)
    norm("output_norm.weight")
    matrix("output.weight", n_vocab, n_embd)
    for i in range(n_layer):
        p = f"blk.{i}."
        norm(p + "attn_norm.weight")
        matrix(p + "attn_q.weight", n_embd, n_embd)
        matrix(p + "attn_k.weight", n_head_kv * head, n_embd)
        matrix(p + "attn_v.weight", n_head_kv * head, n_embd)
        matrix(p + "attn_output.weight", n_embd, n_embd)
        norm(p + "ffn_norm.weight")
        matrix(p + "ffn_gate.weight", n_ff, n_embd)
        matrix(p + "ffn_up.weight", n_ff, n_embd)
        matrix(p + "ffn_down.weight", n_embd, n_ff)
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()


if __name__ == "__main__":
    main()
