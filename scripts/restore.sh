#!/usr/bin/env bash
# Restore a backup made by scripts/backup.sh into the application's database
# and media folder (the ones DATABASE_URL and MEDIA_ROOT name, as for
# manage.py). The current data are REPLACED. Stop the application and the
# task worker first.
#   PostgreSQL: pg_restore --clean --if-exists --no-owner into the existing
#               database (an empty one after a loss: create it first);
#   SQLite:     the database file is written back with SQLite's backup API;
#   media:      MEDIA_ROOT is emptied and the archive unpacked into it.
# Without --yes it only prints what it would restore, and changes nothing.
# Usage: scripts/restore.sh --yes BACKUP_DIR
set -euo pipefail
umask 077

die() {
    echo "restore.sh: error: $*" >&2
    exit 1
}
log() { echo "==> $*"; }
usage="usage: scripts/restore.sh --yes BACKUP_DIR"

confirmed=false
backup=""
for argument in "$@"; do
    case $argument in
    --yes) confirmed=true ;;
    -h | --help)
        echo "$usage"
        exit 0
        ;;
    -*) die "unknown option $argument ($usage)" ;;
    *)
        [[ -z $backup ]] || die "$usage"
        backup=$argument
        ;;
    esac
done
[[ -n $backup ]] || die "$usage"
[[ -d $backup ]] || die "no backup folder at $backup"
backup=$(cd "$backup" && pwd)
for file in manifest.json SHA256SUMS migrations.txt media.tar.gz; do
    [[ -f $backup/$file ]] || die "$backup is not a complete backup: $file is missing"
done

project=$(cd "$(dirname "$0")/.." && pwd)
python=${PYTHON:-$project/.venv/bin/python}
[[ -x $python ]] || die "no Python at $python (run scripts/setup.sh first)"
manage() { "$python" "$project/manage.py" "$@"; }

(cd "$backup" && sha256sum --check --quiet SHA256SUMS) ||
    die "the checksums of $backup do not match: the backup is damaged, not restored"

manifest() { "$python" -c 'import json, sys
value = json.load(open(sys.argv[1]))
for key in sys.argv[2].split("."):
    value = value[key]
print(value)' "$backup/manifest.json" "$1"; }
backup_vendor=$(manifest database.vendor 2>/dev/null) || die "cannot read $backup/manifest.json"
database_file=$(manifest database.file)
[[ -f $backup/$database_file ]] || die "$backup is not a complete backup: $database_file is missing"

settings=$(manage backup_settings) ||
    die "cannot read the application's settings (manage.py backup_settings failed)"
set -a
eval "$settings"
set +a

where=$DB_NAME
if [[ $DB_VENDOR == postgresql ]]; then
    where="$DB_NAME on ${PGHOST:-the local server}:${PGPORT:-5432}"
fi
echo "Backup:   $backup"
echo "          made $(manifest created_at) by cis-kis $(manifest application.version)" \
    "$(manifest application.commit), $(manifest migrations.applied) migrations applied"
echo "Database: $database_file -> the $DB_VENDOR database $where"
echo "Media:    media.tar.gz (files: $(manifest media.files)) -> $MEDIA_ROOT (emptied first)"
if ! $confirmed; then
    echo "Nothing was changed. Run again with --yes to replace the current data with the backup." >&2
    exit 2
fi

[[ $backup_vendor == "$DB_VENDOR" ]] ||
    die "the backup is of a $backup_vendor database, the application uses $DB_VENDOR"
[[ -n $MEDIA_ROOT && $MEDIA_ROOT != / ]] || die "refusing to empty MEDIA_ROOT=$MEDIA_ROOT"

if [[ $DB_VENDOR == postgresql ]]; then
    command -v pg_restore >/dev/null 2>&1 ||
        die "pg_restore not found: install the PostgreSQL client tools (Debian: postgresql-client)"
    log "pg_restore into $where"
    # One transaction: on any error nothing is changed.
    pg_restore --clean --if-exists --no-owner --exit-on-error --single-transaction \
        --no-password --dbname="$PGDATABASE" "$backup/$database_file" ||
        die "pg_restore failed; the database was left as it was"
else
    log "SQLite copy into $DB_NAME"
    mkdir -p "$(dirname "$DB_NAME")"
    "$python" - "$backup/$database_file" "$DB_NAME" <<'PY' || die "the SQLite copy failed"
import pathlib
import sqlite3
import sys

source = sqlite3.connect(pathlib.Path(sys.argv[1]).resolve().as_uri() + "?mode=ro", uri=True)
result = source.execute("PRAGMA integrity_check").fetchone()[0]
if result != "ok":
    sys.exit(f"integrity check of the backup: {result}")
target = sqlite3.connect(sys.argv[2])
with target:
    source.backup(target)
target.close()
source.close()
PY
fi

log "Media files into $MEDIA_ROOT"
tar -tzf "$backup/media.tar.gz" >/dev/null || die "the media archive cannot be read"
mkdir -p "$MEDIA_ROOT"
find "$MEDIA_ROOT" -mindepth 1 -delete || die "cannot empty $MEDIA_ROOT"
tar -xzf "$backup/media.tar.gz" -C "$MEDIA_ROOT" || die "cannot unpack the media archive"

# Checks: the migrations, then the row counts against the manifest.
if ! manage showmigrations --plan --skip-checks | cmp -s - "$backup/migrations.txt"; then
    log "The code's migrations differ from the backup's: run manage.py migrate, then compare"
    log "manage.py row_counts with the row_counts of $backup/manifest.json."
    log "Restored $backup (row counts not checked)."
    exit 0
fi
counts=$(manage row_counts --json) || die "cannot count the restored rows"
COUNTS=$counts "$python" - "$backup/manifest.json" <<'PY' || die "the restored rows differ from the backup's manifest"
import json
import os
import sys

manifest = json.load(open(sys.argv[1]))
expected, actual = manifest["row_counts"], json.loads(os.environ["COUNTS"])
differences = [
    f"  {table}: {expected.get(table)} in the manifest, {actual.get(table)} restored"
    for table in sorted(set(expected) | set(actual))
    if expected.get(table) != actual.get(table)
]
if not differences:
    print(f"==> Row counts match the manifest: {len(actual)} tables, {sum(actual.values())} rows.")
    sys.exit(0)
print("\n".join(differences), file=sys.stderr)
if manifest["row_counts_stable"]:
    sys.exit(1)
print("==> Rows were written while the backup was made: differences are expected.")
PY
log "Restored $backup."
