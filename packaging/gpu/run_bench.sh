#!/usr/bin/env bash
# The GPU measurement, run from the repository root on a CUDA machine without network:
# builds llama-cpp-python with CUDA from a source tarball, writes models of realistic size and
# runs `writer bench` with every layer offloaded. Inputs in .gpu/ (see README, "GPU"):
#   .gpu/llama-src.tar.gz   llama-cpp-python's sdist without .git, models/ and docs/
#   .gpu/whl/*.whl          pure-Python dependencies missing there (platformdirs, gguf,
#                           diskcache, which llama_cpp imports)
#   .gpu/tokenizer.gguf     any GGUF with the starter model's tokenizer
# Preparing them (on the CPU machine; `.gpu/` is git-ignored and travels as a carried path):
#   pip download --no-deps --no-binary :all: \
#     "llama-cpp-python==$(python3 packaging/pinned.py llama-cpp-python)", unpack, and tar it
#     again without .git/, vendor/llama.cpp/models/, docs/, benches/ and media/ (12 MB);
#   pip download --no-deps --only-binary=:all: --python-version 3.12 --platform
#     manylinux_2_28_x86_64 -d .gpu/whl platformdirs gguf diskcache;
#   python packaging/gpu/synthetic_model.py .gpu/tokenizer.gguf --tokenizer STARTER --size tiny
set -uo pipefail
out=${OUT:-/tmp/writer-gpu}
mkdir -p "$out" /tmp/site /tmp/src
t0=$SECONDS
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader | tee "$out/gpu.txt"
python3 -m pip install -q --no-index --no-deps --no-compile --target /tmp/site .gpu/whl/*.whl || exit 1
export PYTHONPATH=/tmp/site:$PWD
tar xzf .gpu/llama-src.tar.gz -C /tmp/src
want=$(python3 packaging/pinned.py llama-cpp-python) || exit 1
if [ ! -d "/tmp/src/llama_cpp_python-$want" ]; then
  echo "run_bench: .gpu/llama-src.tar.gz is not llama-cpp-python $want, the version pyproject.toml pins:" \
    /tmp/src/* >&2
  exit 1
fi
(
  cd "/tmp/src/llama_cpp_python-$want" &&
  CMAKE_ARGS="-DGGML_CUDA=on -DCMAKE_CUDA_ARCHITECTURES=90 -DGGML_NATIVE=OFF -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON" \
  CMAKE_BUILD_PARALLEL_LEVEL=$(nproc) \
  python3 -m pip install -q --no-deps --no-build-isolation --no-index --target /tmp/site . \
    > "$out/build.log" 2>&1
) || { tail -40 "$out/build.log"; exit 1; }
echo "build: $((SECONDS - t0)) s"
python3 -c "import llama_cpp; print('gpu offload:', llama_cpp.llama_supports_gpu_offload())" || exit 1
python3 packaging/gpu/synthetic_model.py /tmp/m135.gguf --tokenizer .gpu/tokenizer.gguf --size 135m
python3 packaging/gpu/synthetic_model.py /tmp/m1b.gguf --tokenizer .gpu/tokenizer.gguf --size 1b
python3 packaging/gpu/synthetic_model.py /tmp/m8b.gguf --tokenizer .gpu/tokenizer.gguf --size 8b
echo "models: $((SECONDS - t0)) s"
# The first try (2026-11-28) saw the probe child die of SIGSEGV on every model with all layers
# offloaded: show where, before the benchmarks. First bare llama-cpp-python with its defaults
# (one sequence, no unified cache): if this works and the probe crashes, the cause is Writer's
# context (kv_unified with n_seq_max=8), not the build or the model.
python3 -X faulthandler -c "
from llama_cpp import Llama
llm = Llama('/tmp/m135.gguf', n_gpu_layers=-1, n_ctx=512, verbose=False)
llm.eval(llm.tokenize(b'The lighthouse keeper'))
print('bare llama-cpp-python, all layers on the GPU: ok')
" 2>&1 | tail -15
echo "bare exit: $?"
python3 -X faulthandler -m writer.engine.probe /tmp/m135.gguf 999 2>&1 | grep -v '^llama_model_loader: - ' | tail -25
echo "probe exit: $?"
export WRITER_THREADS=8
for m in m8b m1b m135; do
  python3 -m writer bench --json --gpu-layers all --model /tmp/$m.gguf --only engine,adapter \
    > "$out/bench-$m-gpu.json" 2> "$out/bench-$m-gpu.err"
  echo "$m (all layers on the GPU): $(cat "$out/bench-$m-gpu.json")"
  echo "  at $((SECONDS - t0)) s"
done
