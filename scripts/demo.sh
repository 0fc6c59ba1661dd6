#!/usr/bin/env bash
# Set everything up, load the demo data into the embedded SQLite database and
# start the application at http://127.0.0.1:8000.
# The demo password can be chosen with DEMO_PASSWORD; otherwise a random one
# is generated and printed with the logins.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export DEBUG="${DEBUG:-true}"
# The demo logins (…@demo.example.org) need no second factor in DEMO_MODE.
export DEMO_MODE="${DEMO_MODE:-true}"
.venv/bin/python manage.py migrate --noinput -v 0
if [[ -n "${DEMO_PASSWORD:-}" ]]; then
    .venv/bin/python manage.py load_demo --password "$DEMO_PASSWORD"
else
    .venv/bin/python manage.py load_demo
fi
# The task worker renders PDFs outside the requests; it stops with the server.
.venv/bin/python manage.py db_worker --no-reload -v 0 &
worker=$!
trap 'kill "$worker" 2>/dev/null' EXIT
.venv/bin/python manage.py runserver 127.0.0.1:8000
