#!/usr/bin/env bash
# Install (or remove) Podcast Player's menu entry, icons and AppStream metadata for this user.
#
#   scripts/install-desktop-files.sh [--exec COMMAND] [--default-handler]   # install
#   scripts/install-desktop-files.sh --uninstall                             # remove
#
# Files go under ${XDG_DATA_HOME:-~/.local/share} (applications/, icons/hicolor/, metainfo/), the
# per-user places every freedesktop desktop reads; nothing needs root. --exec sets the command the
# menu entry runs (default: `podcast-player` if it is on PATH, else this checkout's
# .venv/bin/podcast-player, else the bundle's executable when run as
# podcast-player/_internal/scripts/install-desktop-files.sh from a PyInstaller bundle).
# --default-handler also makes the app the default for feed:, podcast:, itpc: and pcast: links
# (xdg-mime); without it the app is offered as a handler but an existing default is kept.
set -euo pipefail

app_id=io.github.podcast_player.PodcastPlayer
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
resources="$root/resources"
data_home=${XDG_DATA_HOME:-$HOME/.local/share}
schemes=(feed podcast itpc pcast)

mode=install
exec_cmd=""
default_handler=no
while [ $# -gt 0 ]; do
  case "$1" in
    --uninstall) mode=uninstall ;;
    --exec) [ $# -ge 2 ] || { echo "$0: --exec needs a command" >&2; exit 2; }; exec_cmd=$2; shift ;;
    --default-handler) default_handler=yes ;;
    -h|--help) sed -n '2,15s/^# \{0,1\}//p' "$0"; exit 0 ;;
    *) echo "$0: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done

desktop_dir="$data_home/applications"
metainfo_dir="$data_home/metainfo"
icon_root="$data_home/icons/hicolor"

refresh_caches() {
  # Menus and "Open with" read these caches; both tools are optional on a desktop.
  if command -v update-desktop-database >/dev/null 2>&1; then
    update-desktop-database -q "$desktop_dir" || true
  fi
  if command -v gtk-update-icon-cache >/dev/null 2>&1 && [ -f "$icon_root/index.theme" ]; then
    gtk-update-icon-cache -q -t "$icon_root" || true
  fi
}

if [ "$mode" = uninstall ]; then
  rm -f "$desktop_dir/$app_id.desktop" "$metainfo_dir/$app_id.metainfo.xml"
  for icon in "$icon_root"/*/apps/"$app_id".png "$icon_root"/*/apps/"$app_id".svg; do
    rm -f "$icon"
  done
  refresh_caches
  echo "Removed Podcast Player's desktop files from $data_home"
  exit 0
fi

if [ -z "$exec_cmd" ]; then
  if command -v podcast-player >/dev/null 2>&1; then
    exec_cmd=podcast-player
  elif [ -x "$root/.venv/bin/podcast-player" ]; then
    exec_cmd="$root/.venv/bin/podcast-player"
  elif [ -x "$root/../podcast-player" ] && [ -f "$root/../podcast-player" ]; then
    # Run from inside a PyInstaller bundle (_internal/scripts/): the executable is beside it.
    exec_cmd="$(cd "$root/.." && pwd)/podcast-player"
  else
    echo "$0: podcast-player is not on PATH and $root/.venv is not set up;" \
      "run scripts/bootstrap.sh app first, or pass --exec COMMAND" >&2
    exit 1
  fi
fi
case "$exec_cmd" in
  *[[:space:]\"\'\\\`\$]*)
    echo "$0: the command path must not contain spaces, quotes or \$: $exec_cmd" >&2; exit 2 ;;
esac

mkdir -p "$desktop_dir" "$metainfo_dir"
sed -e "s|^Exec=podcast-player |Exec=$exec_cmd |" -e "s|^TryExec=podcast-player$|TryExec=$exec_cmd|" \
  "$resources/$app_id.desktop" > "$desktop_dir/$app_id.desktop.tmp"
mv "$desktop_dir/$app_id.desktop.tmp" "$desktop_dir/$app_id.desktop"
install -m 644 "$resources/$app_id.metainfo.xml" "$metainfo_dir/$app_id.metainfo.xml"
for icon in "$resources"/icons/hicolor/*/apps/"$app_id".*; do
  size_dir=$(basename "$(dirname "$(dirname "$icon")")")
  install -D -m 644 "$icon" "$icon_root/$size_dir/apps/$(basename "$icon")"
done
refresh_caches

if [ "$default_handler" = yes ]; then
  if command -v xdg-mime >/dev/null 2>&1; then
    for scheme in "${schemes[@]}"; do
      xdg-mime default "$app_id.desktop" "x-scheme-handler/$scheme"
    done
  else
    echo "$0: xdg-mime is not installed (package xdg-utils); links keep their current handler" >&2
  fi
fi
echo "Installed Podcast Player's desktop files under $data_home (runs: $exec_cmd)"
