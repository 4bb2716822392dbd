#!/usr/bin/env bash
# Puts an unpacked bundle on this user's menu: a `writer` link in ~/.local/bin, the desktop entry,
# the AppStream metainfo and the icons under ~/.local/share.
#
#   packaging/install-desktop.sh /path/to/Writer     # the unpacked bundle's folder
set -euo pipefail
bundle=$(cd "${1:?give the unpacked Writer folder}" && pwd)
res=$bundle/_internal/resources
[ -d "$res" ] || res=$bundle/resources
data=${XDG_DATA_HOME:-$HOME/.local/share}
id=io.github.writer.Writer
mkdir -p "$HOME/.local/bin" "$data/applications" "$data/metainfo"
ln -sf "$bundle/Writer" "$HOME/.local/bin/writer"
sed "s|^Exec=writer|Exec=$bundle/Writer|" "$res/$id.desktop" > "$data/applications/$id.desktop"
cp "$res/$id.metainfo.xml" "$data/metainfo/"
for png in "$res"/icons/hicolor/*/apps/$id.png; do
  size=$(basename "$(dirname "$(dirname "$png")")")
  mkdir -p "$data/icons/hicolor/$size/apps"
  cp "$png" "$data/icons/hicolor/$size/apps/"
done
mkdir -p "$data/icons/hicolor/scalable/apps"
cp "$res/icons/$id.svg" "$data/icons/hicolor/scalable/apps/"
command -v update-desktop-database >/dev/null && update-desktop-database "$data/applications" || true
echo "Writer is in your applications menu; \`writer\` runs it from a terminal."
