#!/usr/bin/env bash
# Back up the database and the uploaded files into DEST_DIR/<timestamp>/:
#   database.dump     pg_dump -Fc of the PostgreSQL database
#   database.sqlite3  (instead, for SQLite) a consistent copy made by SQLite's backup API
#   media.tar.gz      MEDIA_ROOT: uploaded scans, stored decision PDFs, documents
#   migrations.txt    manage.py showmigrations --plan
#   manifest.json     date, application version, migration summary, row counts
#   SHA256SUMS        checksums of the files above (scripts/restore.sh checks them)
# The database and the media folder are the application's own (environment
# and .env, as for manage.py). The files hold special-category personal data:
# they are created readable by their owner only; encrypt them before they
# leave the server (docs/operations.md).
# Usage: scripts/backup.sh DEST_DIR     (prints the new backup's folder last)
set -euo pipefail
umask 077

die() {
    echo "backup.sh: error: $*" >&2
    exit 1
}
log() { echo "==> $*" >&2; }

[[ $# -eq 1 && $1 != -* ]] || die "usage: scripts/backup.sh DEST_DIR"
project=$(cd "$(dirname "$0")/.." && pwd)
python=${PYTHON:-$project/.venv/bin/python}
[[ -x $python ]] || die "no Python at $python (run scripts/setup.sh first)"
manage() { "$python" "$project/manage.py" "$@"; }

mkdir -p "$1" || die "cannot create the destination folder $1"
dest=$(cd "$1" && pwd)

# DB_VENDOR, DB_NAME, MEDIA_ROOT, APP_VERSION and, for PostgreSQL, PG* variables.
settings=$(manage backup_settings) ||
    die "cannot read the application's settings (manage.py backup_settings failed)"
set -a
eval "$settings"
set +a

if [[ $DB_VENDOR == postgresql ]]; then
    command -v pg_dump >/dev/null 2>&1 ||
        die "pg_dump not found: install the PostgreSQL client tools (Debian: postgresql-client), of the server's major version or newer"
    command -v pg_restore >/dev/null 2>&1 ||
        die "pg_restore not found (needed to check the dump): install postgresql-client"
fi

stamp=$(date -u +%Y%m%dT%H%M%SZ)
target=$dest/$stamp
[[ ! -e $target ]] || die "$target already exists"
# Written under a hidden name and renamed when complete, so that a folder
# named by a timestamp is always a whole backup. Removed on failure.
work=$dest/.$stamp.partial
mkdir "$work" || die "cannot create $work"
trap 'rm -rf -- "$work"' EXIT

log "Backup of the $DB_VENDOR database $DB_NAME into $target"
counts_before=$(manage row_counts --json) || die "cannot count the rows (manage.py row_counts failed)"

if [[ $DB_VENDOR == postgresql ]]; then
    database_file=database.dump
    database_tool=$(pg_dump --version)
    log "pg_dump -Fc ($database_tool)"
    pg_dump --format=custom --no-password --file="$work/$database_file" ||
        die "pg_dump failed"
    pg_restore --list "$work/$database_file" >/dev/null ||
        die "the dump cannot be read back (pg_restore --list failed)"
else
    database_file=database.sqlite3
    database_tool="sqlite3 $("$python" -c 'import sqlite3; print(sqlite3.sqlite_version)')"
    [[ -f $DB_NAME ]] || die "no SQLite database at $DB_NAME"
    log "SQLite online backup of $DB_NAME"
    "$python" - "$DB_NAME" "$work/$database_file" <<'PY' || die "the SQLite copy failed"
import pathlib
import sqlite3
import sys

source = sqlite3.connect(pathlib.Path(sys.argv[1]).resolve().as_uri() + "?mode=ro", uri=True)
copy = sqlite3.connect(sys.argv[2])
with copy:
    source.backup(copy)
result = copy.execute("PRAGMA integrity_check").fetchone()[0]
copy.close()
source.close()
if result != "ok":
    sys.exit(f"integrity check of the copy: {result}")
PY
fi

counts_after=$(manage row_counts --json) || die "cannot count the rows (manage.py row_counts failed)"
manage showmigrations --plan --skip-checks >"$work/migrations.txt" || die "manage.py showmigrations failed"

# After the database, so that every file the dump names is in the archive.
if [[ -d $MEDIA_ROOT ]]; then
    log "Archive of the media folder $MEDIA_ROOT"
    status=0
    tar -czf "$work/media.tar.gz" -C "$MEDIA_ROOT" . || status=$?
    # 1: a file changed while it was read (an upload in progress); kept.
    ((status <= 1)) || die "tar of $MEDIA_ROOT failed (status $status)"
else
    log "warning: no media folder at $MEDIA_ROOT; the media archive is empty"
    tar -czf "$work/media.tar.gz" -T /dev/null
fi

commit=$(git -C "$project" rev-parse --short HEAD 2>/dev/null || true)
COUNTS_BEFORE=$counts_before COUNTS_AFTER=$counts_after DATABASE_FILE=$database_file \
    DATABASE_TOOL=$database_tool APP_COMMIT=$commit CREATED_AT=$stamp \
    "$python" - "$work" <<'PY' || die "cannot write the manifest"
import datetime
import json
import os
import pathlib
import sys
import tarfile

work = pathlib.Path(sys.argv[1])
plan = (work / "migrations.txt").read_text().splitlines()
applied = [line[3:].strip() for line in plan if line.startswith("[X]")]
with tarfile.open(work / "media.tar.gz") as archive:
    media_files = sum(1 for member in archive if member.isfile())
before = json.loads(os.environ["COUNTS_BEFORE"])
after = json.loads(os.environ["COUNTS_AFTER"])
created = datetime.datetime.strptime(os.environ["CREATED_AT"], "%Y%m%dT%H%M%S%z")
manifest = {
    "format": 1,
    "created_at": created.isoformat(),
    "application": {
        "version": os.environ["APP_VERSION"],
        "commit": os.environ["APP_COMMIT"],
    },
    "database": {
        "vendor": os.environ["DB_VENDOR"],
        "name": os.environ["DB_NAME"],
        "file": os.environ["DATABASE_FILE"],
        "tool": os.environ["DATABASE_TOOL"],
    },
    "media": {
        "root": os.environ["MEDIA_ROOT"],
        "file": "media.tar.gz",
        "files": media_files,
    },
    "migrations": {
        "applied": len(applied),
        "unapplied": sum(1 for line in plan if line.startswith("[ ]")),
        "last_applied": applied[-1] if applied else "",
    },
    # Counted just before and just after the dump: when both agree, nothing
    # was written meanwhile and the dump holds exactly these rows.
    "row_counts": after,
    "row_counts_stable": before == after,
}
(work / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
PY

(cd "$work" && sha256sum "$database_file" media.tar.gz migrations.txt manifest.json >SHA256SUMS) ||
    die "cannot write the checksums"
mv "$work" "$target" || die "cannot rename $work to $target"
trap - EXIT
[[ $counts_before == "$counts_after" ]] ||
    log "note: rows were written during the backup; restore.sh will not hold the counts to the manifest"
log "Done: $(du -sh "$target" | cut -f1) in $target"
echo "$target"
