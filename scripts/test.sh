#!/usr/bin/env bash
# Set everything up (including Debian's chromium for the browser tests) and
# run the whole test suite. Extra arguments are passed to pytest.
# DATABASE_URL selects the database (SQLite when unset).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --with-browser
exec .venv/bin/python -m pytest "$@"
