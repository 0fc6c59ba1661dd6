"""The settings the backup and restore scripts need, as shell assignments.

scripts/backup.sh and scripts/restore.sh read the database and the media
folder from the application's own configuration (environment and .env), so
that they act on exactly what the application uses."""

import shlex
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connections

import cis_kis

# libpq's environment variables for Django's PostgreSQL connection settings.
_LIBPQ = {"HOST": "PGHOST", "PORT": "PGPORT", "USER": "PGUSER"}
_LIBPQ_OPTIONS = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
}


def backup_settings(alias: str = "default") -> dict[str, str]:
    """DB_VENDOR, DB_NAME, MEDIA_ROOT, APP_VERSION and, for PostgreSQL,
    the libpq variables (PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE…)
    that make pg_dump and pg_restore reach the application's database."""
    connection = connections[alias]
    database = connection.settings_dict
    values = {
        "DB_VENDOR": connection.vendor,
        "DB_NAME": str(database["NAME"]),
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "APP_VERSION": cis_kis.__version__,
    }
    if connection.vendor == "postgresql":
        values["PGDATABASE"] = str(database["NAME"])
        for key, variable in _LIBPQ.items():
            if database.get(key):
                values[variable] = str(database[key])
        if database.get("PASSWORD"):
            values["PGPASSWORD"] = str(database["PASSWORD"])
        for key, variable in _LIBPQ_OPTIONS.items():
            if database.get("OPTIONS", {}).get(key):
                values[variable] = str(database["OPTIONS"][key])
    elif connection.vendor != "sqlite":
        raise CommandError(
            f"Backups support PostgreSQL and SQLite, not {connection.vendor}."
        )
    return values


class Command(BaseCommand):
    help = (
        "Print the database and media settings that scripts/backup.sh and "
        "scripts/restore.sh use, as shell assignments (NAME='value'). The "
        "output holds the database password: read it with eval, never log it."
    )
    # A backup or a restore must not wait for, or fail on, the system checks.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--database", default="default", help="Database alias (default: default)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        for name, value in backup_settings(options["database"]).items():
            self.stdout.write(f"{name}={shlex.quote(value)}")
