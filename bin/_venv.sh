# Shared by bin/demo and bin/test: make .venv with Python 3.11+ and install the project.
# Usage: . bin/_venv.sh EXTRAS   (EXTRAS: "" or "[test]")
set -euo pipefail
PYTHON=${PYTHON:-python3}
"$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' || {
  echo "Newsroom needs Python 3.11 or newer (found: $("$PYTHON" --version 2>&1))." >&2; exit 1; }
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
  .venv/bin/python -m pip install --quiet --upgrade pip
fi
stamp=".venv/.installed$1"
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".$1"
  touch "$stamp"
fi
