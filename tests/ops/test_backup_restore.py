"""Backup and restore end to end: scripts/backup.sh against a database of its
own, the database and the media folder lost, scripts/restore.sh --yes, and
the same rows, register CSV, participants' data and files afterwards.

The round trip on PostgreSQL (pg_dump / pg_restore) is the one production
relies on; CI runs the suite on PostgreSQL too. The SQLite round trip checks
the embedded database's path of the same scripts."""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import urllib.parse
import uuid
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, connections
from django.utils import timezone, translation

import cis_kis
from cis_kis.management.commands.row_counts import row_counts
from participants.models import Participant
from participants.services import participant_data, referral_attach_document
from participants.tests.factories import make_pesel
from participants.tests.test_services import admitted, register
from units.register import (
    REGISTER_CSV_COLUMNS,
    register_csv_row,
    register_unit_list,
    write_csv,
)

PROJECT = Path(settings.BASE_DIR)
BACKUP = PROJECT / "scripts" / "backup.sh"
RESTORE = PROJECT / "scripts" / "restore.sh"
SCAN = b"%PDF-1.4 skan skierowania"
SECOND_PESEL = make_pesel(datetime.date(1975, 11, 2), "M", 7)

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="pg_dump / pg_restore need PostgreSQL; CI runs the suite there too",
)
sqlite_only = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="the SQLite path of the backup scripts"
)


def fingerprint() -> dict[str, Any]:
    """What must survive a restore: the row counts, the public register's
    CSV, everything held about each participant and every stored file.

    Computed in this process for the source data and, through `FINGERPRINT`,
    in a subprocess against the scratch database before and after."""
    people = []
    for participant in Participant.objects.order_by("pk"):
        data = participant_data(participant)
        del data["generated_at"]
        people.append(data)
    files = {}
    media = Path(settings.MEDIA_ROOT)
    for path in sorted(media.rglob("*")):
        if path.is_file():
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            files[path.relative_to(media).as_posix()] = digest
    # What GET /register/export.csv sends, without loading every view (and
    # the PDF library) into the subprocess.
    register_csv = io.StringIO()
    with translation.override("pl"):
        units = register_unit_list(day=timezone.localdate())
        write_csv(register_csv, REGISTER_CSV_COLUMNS, map(register_csv_row, units))
    return {
        "row_counts": row_counts(),
        "register_csv": register_csv.getvalue(),
        "participants": people,
        "media": files,
    }


FINGERPRINT = """
import json, django
django.setup()
from tests.ops.test_backup_restore import fingerprint
print(json.dumps(fingerprint()))
"""


def run(*command: str | Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 (the project's own scripts)
        [str(part) for part in command],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def succeed(*command: str | Path, env: dict[str, str]) -> str:
    result = run(*command, env=env)
    assert result.returncode == 0, (command, result.stdout, result.stderr)
    return result.stdout


def scratch_fingerprint(env: dict[str, str]) -> dict[str, Any]:
    return json.loads(succeed(sys.executable, "-c", FINGERPRINT, env=env))


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def source_data(client, media_root, staff_a, staff_b, unit_a, unit_b, unit_other):
    """Three units, an admitted participant with a scanned referral in unit
    A, a registered one in unit B; the fingerprint of it all."""
    participation = admitted(staff_a, unit_a)
    referral = referral_attach_document(
        actor=staff_a,
        participation=participation,
        document=SimpleUploadedFile("skan.pdf", SCAN, content_type="application/pdf"),
    )
    register(staff_b, unit_b, first_name="Jan", last_name="Nowak", pesel=SECOND_PESEL)
    expected = fingerprint()

    counts = expected["row_counts"]
    assert counts["units.unit"] == 3
    assert counts["participants.participant"] == 2
    assert counts["participants.participation"] == 1
    assert counts["participants.referral"] == 1
    assert counts["accounts.user"] == 2
    csv = client.get("/register/export.csv")
    assert csv.content.decode() == expected["register_csv"]
    register_rows = expected["register_csv"].splitlines()
    assert len(register_rows) == 4
    assert sorted(row.split(";")[1] for row in register_rows[1:]) == [
        "CIS A",
        "CIS B",
        "KIS C",
    ]
    assert [p["person"]["pesel"] for p in expected["participants"]] == [
        make_pesel(datetime.date(1980, 5, 17), "F", 1),
        SECOND_PESEL,
    ]
    scan_name = referral.document.name
    assert scan_name.startswith(f"participants/{unit_a.pk}/referrals/")
    assert default_storage.open(scan_name).read() == SCAN
    assert expected["media"] == {scan_name: hashlib.sha256(SCAN).hexdigest()}
    return expected


def script_env(database_url: str, media: Path) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("PG") and key != "DJANGO_SETTINGS_MODULE"
    }
    return {
        **env,
        "DJANGO_SETTINGS_MODULE": "cis_kis.test_settings",
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(media),
        "PYTHON": sys.executable,
    }


def round_trip(expected, env, media: Path, backups: Path, *, wipe, is_wiped) -> None:
    """Back up, check the copy is whole, lose everything, refuse to restore
    without --yes, restore, and find the same data."""
    assert scratch_fingerprint(env) == expected

    folder = Path(succeed(BACKUP, backups, env=env).splitlines()[-1])
    assert folder.parent == backups
    assert [path.name for path in backups.iterdir()] == [folder.name]
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["row_counts"] == expected["row_counts"]
    assert manifest["row_counts_stable"] is True
    assert manifest["media"]["files"] == 1
    assert manifest["migrations"]["unapplied"] == 0
    assert manifest["application"]["version"] == cis_kis.__version__

    wipe()
    shutil.rmtree(media)
    assert is_wiped()

    refused = run(RESTORE, folder, env=env)
    assert refused.returncode == 2
    assert f"Media:    media.tar.gz (files: 1) -> {media} (emptied first)\n" in (
        refused.stdout
    )
    assert (
        "Nothing was changed. Run again with --yes to replace the current data "
        "with the backup." in refused.stderr
    )
    assert is_wiped()
    assert not media.exists()

    output = succeed(RESTORE, "--yes", folder, env=env)
    total = sum(expected["row_counts"].values())
    tables = len(expected["row_counts"])
    assert f"Row counts match the manifest: {tables} tables, {total} rows." in output
    assert scratch_fingerprint(env) == expected


def pg_connect(dbname: str):
    """A connection with the test database's credentials to another database."""
    import psycopg2  # noqa: PLC0415 (PostgreSQL runs only)

    database = connection.settings_dict
    server = psycopg2.connect(
        host=database["HOST"] or None,
        port=database["PORT"] or None,
        user=database["USER"] or None,
        password=database["PASSWORD"] or None,
        dbname=dbname,
    )
    server.autocommit = True
    return server


def pg_execute(dbname: str, *statements) -> list[tuple] | None:
    server = pg_connect(dbname)
    rows = None
    try:
        with server.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
                rows = cursor.fetchall() if cursor.description else None
    finally:
        server.close()
    return rows


@postgresql_only
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("reference_data")
def test_postgresql_backup_and_restore_bring_back_the_same_data(
    source_data, media_root, tmp_path
):
    from psycopg2 import sql  # noqa: PLC0415

    database = connection.settings_dict
    scratch = f"{database['NAME']}_restore_{uuid.uuid4().hex[:8]}"
    name = sql.Identifier(scratch)
    # A copy of the test database with the committed data: CREATE DATABASE
    # … TEMPLATE needs every connection to the test database closed.
    connections.close_all()
    pg_execute(
        "postgres",
        sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
            name, sql.Identifier(database["NAME"])
        ),
    )
    try:
        user = urllib.parse.quote(database["USER"] or "", safe="")
        password = urllib.parse.quote(database["PASSWORD"] or "", safe="")
        credentials = f"{user}:{password}@" if password else f"{user}@"
        host = database["HOST"] or "127.0.0.1"
        port = database["PORT"] or "5432"
        round_trip(
            source_data,
            script_env(f"postgres://{credentials}{host}:{port}/{scratch}", media_root),
            media_root,
            tmp_path / "backups",
            # The database lost: dropped and created again, empty.
            wipe=lambda: pg_execute(
                "postgres",
                sql.SQL("DROP DATABASE {} WITH (FORCE)").format(name),
                sql.SQL("CREATE DATABASE {}").format(name),
            ),
            is_wiped=lambda: (
                pg_execute(
                    scratch, "SELECT to_regclass('public.participants_participant')"
                )
                == [(None,)]
            ),
        )
    finally:
        pg_execute(
            "postgres", sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name)
        )


@sqlite_only
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("reference_data")
def test_sqlite_backup_and_restore_bring_back_the_same_data(
    source_data, media_root, tmp_path
):
    # The test database lives in memory: a file copy of it is the database
    # the scripts back up.
    database_file = tmp_path / "db.sqlite3"
    connection.ensure_connection()
    copy = sqlite3.connect(database_file)
    connection.connection.backup(copy)
    copy.close()
    round_trip(
        source_data,
        script_env(f"sqlite:///{database_file}", media_root),
        media_root,
        tmp_path / "backups",
        wipe=database_file.unlink,
        is_wiped=lambda: not database_file.exists(),
    )


def test_restore_refuses_a_damaged_backup(tmp_path):
    folder = tmp_path / "20260301T020000Z"
    folder.mkdir()
    for name in ("manifest.json", "migrations.txt", "media.tar.gz"):
        (folder / name).write_text("{}\n")
    sums = "".join(
        f"{hashlib.sha256((folder / name).read_bytes()).hexdigest()}  {name}\n"
        for name in ("manifest.json", "migrations.txt", "media.tar.gz")
    )
    (folder / "SHA256SUMS").write_text(sums)
    (folder / "media.tar.gz").write_text("damaged\n")

    result = run(RESTORE, "--yes", folder, env=dict(os.environ))

    assert result.returncode == 1
    assert result.stderr.endswith(
        f"restore.sh: error: the checksums of {folder} do not match: "
        "the backup is damaged, not restored\n"
    )
    assert result.stdout == "media.tar.gz: FAILED\n"


def test_restore_needs_a_backup_folder(tmp_path):
    result = run(RESTORE, "--yes", env=dict(os.environ))
    assert result.returncode == 1
    assert result.stderr == (
        "restore.sh: error: usage: scripts/restore.sh --yes BACKUP_DIR\n"
    )
