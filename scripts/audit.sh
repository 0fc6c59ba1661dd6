#!/usr/bin/env bash
# Audit the pinned dependencies (requirements.txt, requirements-dev.txt) for
# known vulnerabilities with pip-audit, which looks every pin up in the PyPI
# vulnerability data (or OSV with `-s osv`). pip-audit runs from a throwaway
# virtual environment under ${TMPDIR:-/tmp}, so neither .venv nor the working
# copy changes, and nothing of the project is installed.
# Usage: scripts/audit.sh [extra pip-audit arguments, e.g. -s osv, -f json]
# Exit code: 0 no known vulnerability; 1 vulnerabilities found (listed);
# 2 the audit could not be done (pip-audit not installable, the service not
# reachable, a pin not found there), with a message saying so.
set -uo pipefail
cd "$(dirname "$0")/.."

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

workdir=$(mktemp -d "${TMPDIR:-/tmp}/cis-kis-audit.XXXXXX") || exit 2
trap 'rm -rf "$workdir"' EXIT
export PIP_DISABLE_PIP_VERSION_CHECK=1

log "Installing pip-audit in a throwaway environment"
if ! python3 -m venv "$workdir/venv" ||
    ! "$workdir/venv/bin/python" -m pip install -q pip-audit >"$workdir/pip.log" 2>&1; then
    tail -n 5 "$workdir/pip.log" >&2
    echo "audit: could not install pip-audit (is the package index reachable?)." >&2
    exit 2
fi

log "Auditing requirements.txt and requirements-dev.txt"
# --no-deps: every dependency is pinned in the files, so nothing is resolved;
# --disable-pip: nothing is installed, the pins are only looked up;
# --strict: a pin that cannot be looked up fails the audit instead of being
# skipped silently (which would report "no known vulnerabilities").
"$workdir/venv/bin/pip-audit" \
    -r requirements.txt -r requirements-dev.txt \
    --no-deps --disable-pip --strict --progress-spinner off "$@" \
    2>"$workdir/stderr"
status=$?
# pip-audit answers 1 both for vulnerabilities and for a failed look-up.
if ((status != 0)) &&
    grep -qE 'could not be audited|Traceback|ConnectionError|Max retries|Failed to resolve|timed out' \
        "$workdir/stderr"; then
    grep -E '^ERROR|Error:' "$workdir/stderr" | tail -n 1 >&2
    echo "audit: the vulnerability service could not be reached or did not know" \
        "the pinned packages; NOTHING WAS AUDITED (pip-audit exit code $status)." \
        "Run again with access to https://pypi.org (or -s osv for" \
        "https://api.osv.dev)." >&2
    exit 2
fi
grep -v -- '--no-deps is supported\|pip-compile' "$workdir/stderr" >&2
if ((status == 0)); then
    log "No known vulnerabilities in the pinned dependencies."
elif ((status == 1)); then
    log "Vulnerabilities found: upgrade the pins listed above (or record why not)."
fi
exit "$status"
