#!/usr/bin/env bash
# Builds llama.cpp's own `llama-server` and `rpc-server` from the llama-cpp-python source release
# that setup.sh compiles (its vendor/llama.cpp), so the servers run the same llama.cpp as the
# in-process engine. For the test command and `writer bench`; the app's own setup never runs it.
#
#   packaging/llama_server.sh           # builds once (many minutes on 2 cores), then prints the folder
#   packaging/llama_server.sh --where   # prints the folder when the binaries are built; exit 1 if not
#
# The binaries are cached beside the llama-cpp-python wheel (WRITER_WHEEL_CACHE), in a folder keyed
# by the llama.cpp version, CMAKE_ARGS and the machine; a second run builds nothing and needs no
# network. The server is built without its web UI (its assets are not in the source release).
set -euo pipefail

usage="usage: packaging/llama_server.sh [--where]"
where=""
for arg in "$@"; do
  case "$arg" in
    --where) where=1 ;;
    -h|--help) echo "$usage"; exit 0 ;;
    *) echo "llama_server: unknown option '$arg'. $usage" >&2; exit 2 ;;
  esac
done

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
python=${PYTHON:-python3.11}
command -v "$python" >/dev/null 2>&1 || python=$root/.venv/bin/python
llama_version=$("$python" "$root/packaging/pinned.py" llama-cpp-python)

# The same portable x86-64 flags as setup.sh: the native build faults (SIGILL) on CPUs that
# advertise AMX they cannot run.
if [ -z "${CMAKE_ARGS+x}" ]; then
  case "$(uname -m)" in
    x86_64|amd64)
      CMAKE_ARGS="-DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_BMI2=ON" ;;
    *) CMAKE_ARGS="" ;;
  esac
fi

cache=${WRITER_WHEEL_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/writer/wheels}
key=$(printf '%s|%s|%s|server' "$llama_version" "$CMAKE_ARGS" "$(uname -m)" | sha256sum | cut -c1-16)
out=$cache/llama-server-$llama_version-$key

built() { [ -x "$out/llama-server" ] && [ -x "$out/rpc-server" ]; }

if [ -n "$where" ]; then
  if built; then echo "$out"; exit 0; fi
  echo "llama_server: not built for llama.cpp $llama_version; run packaging/llama_server.sh" >&2
  exit 1
fi
if built; then echo "$out"; exit 0; fi

for tool in cc c++ cmake; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "llama_server: $tool was not found; on Debian or Ubuntu: sudo apt-get install build-essential cmake" >&2
    exit 1
  fi
done

# The source release itself, kept so that a rebuild needs no network.
sdist_dir=$cache/sdist
sdist=$sdist_dir/llama_cpp_python-$llama_version.tar.gz
if [ ! -f "$sdist" ]; then
  echo "llama_server: fetching the llama-cpp-python $llama_version source release" >&2
  mkdir -p "$sdist_dir"
  "$python" -m pip --disable-pip-version-check -q download --no-deps --no-binary :all: \
    -d "$sdist_dir.partial" "llama-cpp-python==$llama_version"
  mv "$sdist_dir.partial"/llama_cpp_python-"$llama_version".tar.gz "$sdist"
  rm -rf "$sdist_dir.partial"
fi

work=$out.partial
rm -rf "$work"
mkdir -p "$work"
tar -xzf "$sdist" -C "$work"
src=$work/llama_cpp_python-$llama_version/vendor/llama.cpp
echo "llama_server: compiling llama-server and rpc-server from llama.cpp in llama-cpp-python $llama_version" >&2
# shellcheck disable=SC2086  # CMAKE_ARGS is a list of flags
nice -n 19 cmake -S "$src" -B "$work/build" -DCMAKE_BUILD_TYPE=Release $CMAKE_ARGS \
  -DBUILD_SHARED_LIBS=OFF -DGGML_RPC=ON -DLLAMA_BUILD_SERVER=ON -DLLAMA_BUILD_TOOLS=ON \
  -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_BUILD_UI=OFF \
  -DLLAMA_USE_PREBUILT_UI=OFF -DLLAMA_OPENSSL=OFF >"$work/cmake.log"
nice -n 19 cmake --build "$work/build" --config Release -j "${WRITER_BUILD_JOBS:-2}" \
  --target llama-server ggml-rpc-server >"$work/build.log"
mkdir -p "$work/bin"
cp "$work/build/bin/llama-server" "$work/bin/llama-server"
cp "$work/build/bin/ggml-rpc-server" "$work/bin/rpc-server"
"$work/bin/llama-server" --version >"$work/bin/VERSION" 2>&1 || true
rm -rf "$out"
mv "$work/bin" "$out"
rm -rf "$work"
echo "$out"
