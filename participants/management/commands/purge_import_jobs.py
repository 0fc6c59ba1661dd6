import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from participants.services.imports import PURGE_AFTER_DAYS, import_jobs_purge


class Command(BaseCommand):
    help = (
        "Delete the files uploaded to the import pages (and their checks and "
        "results) older than --days days; run it daily (docs/imports.md)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--days",
            default=str(PURGE_AFTER_DAYS),
            help=f"Age in days of the files to delete (default {PURGE_AFTER_DAYS}).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        days = options["days"]
        if not str(days).isdigit() or int(days) < 1:
            raise CommandError(_("--days must be a whole number of at least 1."))
        deleted = import_jobs_purge(older_than=datetime.timedelta(days=int(days)))
        self.stdout.write(_("Import files deleted: %(count)s.") % {"count": deleted})
