#!/usr/bin/env bash
# Set up a fresh Debian/Ubuntu machine for Podcast Player, then run the app or the tests.
#
#   scripts/bootstrap.sh app  [podcast-player arguments...]   # set up and start the app
#   scripts/bootstrap.sh test [pytest arguments...]           # set up and run every test
#
# Idempotent: it installs only what is missing (Debian packages with apt-get when run as root,
# otherwise it prints the exact `sudo apt-get install ...` line and stops), creates the virtual
# environment at .venv, and reinstalls the project into it, at the exact versions of
# requirements.lock, only when pyproject.toml or the lock changed.
set -euo pipefail

mode=${1:-}
case "$mode" in
  app|test) shift ;;
  *) echo "usage: $0 app|test [arguments...]" >&2; exit 2 ;;
esac

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

# What the app needs at run time: libVLC and its plugins, ffmpeg (audio analysis), Qt's xcb
# platform libraries.
app_pkgs=(libvlc5 vlc-plugin-base vlc-plugin-video-output ffmpeg libxcb-cursor0 libxkbcommon-x11-0
  libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0 libxcb-render-util0 libxcb-shape0
  libxcb-xinerama0 libxcb-xkb1 libegl1 libgl1 libfontconfig1 libdbus-1-3 libglib2.0-0)
# What the tests add: a virtual screen, media generators, a private D-Bus, playerctl,
# the desktop-file and AppStream validators, curl (download benchmark peer).
test_pkgs=(xvfb xauth espeak-ng sox dbus dbus-daemon playerctl desktop-file-utils
  appstream curl binutils libglib2.0-bin)

pkgs=("${app_pkgs[@]}")
[ "$mode" = test ] && pkgs+=("${test_pkgs[@]}")
python=${PYTHON:-python3}
if ! "$python" -c 'import venv, ensurepip' >/dev/null 2>&1; then
  pkgs+=(python3-venv)
fi

missing=()
for p in "${pkgs[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "bootstrap: installing Debian packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q
    apt-get install -y -q --no-install-recommends "${missing[@]}"
  else
    echo "bootstrap: these Debian packages are missing. Install them, then run this again:" >&2
    echo "  sudo apt-get install ${missing[*]}" >&2
    exit 1
  fi
fi

if [ ! -x .venv/bin/python ]; then
  echo "bootstrap: creating .venv"
  "$python" -m venv .venv
fi
extras=""
[ "$mode" = test ] && extras="[test]"
stamp=.venv/.podcast-player-installed
want="$(cat pyproject.toml requirements.lock | sha256sum | cut -d' ' -f1) $extras"
if [ ! -f "$stamp" ] || ! grep -qxF "$want" "$stamp"; then
  echo "bootstrap: installing the project into .venv"
  .venv/bin/python -m pip install -q --upgrade pip
  # The lock pins what was tested (scripts/lock.sh re-resolves it); pyproject.toml keeps ranges.
  .venv/bin/python -m pip install -q -c requirements.lock -e ".$extras"
  echo "$want" > "$stamp"
fi

if [ "$mode" = app ]; then
  exec .venv/bin/podcast-player "$@"
fi
export QT_QPA_PLATFORM=${QT_QPA_PLATFORM:-offscreen}
exec .venv/bin/python -m pytest "$@"
