#!/usr/bin/env bash
# Build the one-folder Linux bundle of Podcast Player with PyInstaller.
#
#   packaging/build.sh [DIST_DIR]
#
# Result: DIST_DIR/podcast-player/podcast-player (default DIST_DIR: packaging/dist), plus
# _internal/ beside it with Python, Qt, the demo podcast and resources/. libVLC is NOT inside:
# the bundle uses the system's (see packaging/README.md). PyInstaller comes from the project's
# test extra (scripts/bootstrap.sh test installs it); PYTHON picks another interpreter, and
# PYINSTALLER_WORK_DIR moves the intermediate files (default: packaging/build).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
python=${PYTHON:-$root/.venv/bin/python}
dist=${1:-$root/packaging/dist}
work=${PYINSTALLER_WORK_DIR:-$root/packaging/build}

if ! "$python" -c 'import PyInstaller' >/dev/null 2>&1; then
  echo "build.sh: PyInstaller is not installed for $python;" \
    "run: $python -m pip install -e '$root[test]'" >&2
  exit 1
fi
cd "$root"
"$python" -m PyInstaller --noconfirm --log-level WARN \
  --distpath "$dist" --workpath "$work" packaging/podcast-player.spec
echo "built: $dist/podcast-player/podcast-player"
