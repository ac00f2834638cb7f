#!/usr/bin/env bash
# Re-resolve requirements.lock on purpose: the exact versions that the README's two commands
# (scripts/bootstrap.sh app|test) install. Run it when you want newer dependencies, then run the
# whole test suite and the soak benchmark before committing the new lock.
#
#   scripts/lock.sh            # resolve pyproject.toml's ranges (with [test]) in a scratch venv
#
# pyproject.toml keeps ranges for people who install the package elsewhere; this file pins what
# we tested. Names are written normalised (lower case, dashes) so tools and people can grep them.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
python=${PYTHON:-python3}
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
"$python" -m venv "$scratch/venv"
"$scratch/venv/bin/python" -m pip install -q --upgrade pip 2>&1 | grep -v "^WARNING: Location" || true
"$scratch/venv/bin/python" -m pip install -q ".[test]" 2>&1 | grep -v "^WARNING: Location" || true
{
  echo "# Exact versions the README's commands install (scripts/bootstrap.sh uses this as pip constraints)."
  echo "# Re-resolve with scripts/lock.sh; ranges for other installs live in pyproject.toml."
  echo "# Resolved on $(date -u +%Y-%m-%d) with $("$scratch/venv/bin/python" -V)."
  "$scratch/venv/bin/python" -m pip freeze --exclude-editable --exclude podcast-player \
    | grep -v '^#' \
    | "$scratch/venv/bin/python" -c '
import re, sys
for line in sys.stdin:
    name, _, version = line.strip().partition("==")
    if version:
        print(re.sub("[-_.]+", "-", name).lower() + "==" + version)
' | sort
} > requirements.lock.new
mv requirements.lock.new requirements.lock
echo "lock: wrote requirements.lock ($(grep -c '==' requirements.lock) packages)"
