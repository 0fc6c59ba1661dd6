#!/usr/bin/env bash
# Prepare a working copy: system packages (when missing), a virtual
# environment in .venv with the pinned dependencies, and compiled translations.
# Usage: scripts/setup.sh [--with-browser]
set -euo pipefail
cd "$(dirname "$0")/.."

with_browser=false
[[ "${1:-}" == "--with-browser" ]] && with_browser=true

log() { printf '\033[1m==> %s\033[0m\n' "$*"; }

# --- system packages ---------------------------------------------------------
missing=()
python3 -c 'import ensurepip, venv' 2>/dev/null || missing+=(python3-venv)
command -v msgfmt >/dev/null 2>&1 || missing+=(gettext)
# WeasyPrint (decision PDFs) lays text out with Pango, in DejaVu fonts for the
# Polish letters. The library list is read once: under pipefail, grep -q
# closing a pipe early would make ldconfig fail with SIGPIPE.
libraries=$({ ldconfig -p || /sbin/ldconfig -p; } 2>/dev/null || true)
grep -q libpango-1.0.so <<<"$libraries" || missing+=(libpango-1.0-0)
grep -q libpangoft2-1.0.so <<<"$libraries" || missing+=(libpangoft2-1.0-0)
[[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ]] || missing+=(fonts-dejavu-core)
if $with_browser && [[ ! -x /usr/bin/chromium ]]; then
    missing+=(chromium)
fi
if ((${#missing[@]})); then
    if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
        log "Installing Debian packages: ${missing[*]}"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq
        apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    else
        echo "Missing system packages: ${missing[*]}" >&2
        echo "Install them as root (apt-get install ${missing[*]}) and run again." >&2
        exit 1
    fi
fi

# --- virtual environment -----------------------------------------------------
if [[ ! -x .venv/bin/python ]]; then
    log "Creating the virtual environment in .venv"
    python3 -m venv .venv
fi
stamp=.setup-stamp
wanted=$(cat requirements.txt requirements-dev.txt | sha256sum | cut -d' ' -f1)
if [[ ! -f $stamp || "$(cat "$stamp")" != "$wanted" ]]; then
    log "Installing Python packages"
    export PIP_DISABLE_PIP_VERSION_CHECK=1
    .venv/bin/python -m pip install -q --upgrade pip
    # XStatic-Bootstrap is published as a source archive whose setup script
    # still imports pkg_resources, which setuptools 81 removed: build it
    # against an older setuptools, without build isolation.
    .venv/bin/python -m pip install -q 'setuptools<81' wheel
    .venv/bin/python -m pip install -q --no-build-isolation \
        "$(grep -i '^xstatic-bootstrap==' requirements.txt)"
    .venv/bin/python -m pip install -q -r requirements-dev.txt
    echo "$wanted" >"$stamp"
fi

# --- translations ------------------------------------------------------------
stale=false
for po in locale/*/LC_MESSAGES/*.po; do
    [[ "${po%.po}.mo" -nt "$po" ]] || stale=true
done
if $stale; then
    log "Compiling translations"
    # Compiling needs no secrets: run it with the development defaults.
    DEBUG=true .venv/bin/python manage.py compilemessages --ignore=.venv -v 0
fi
