"""Row counts of the project's tables, for the backup manifest and the
restore check (scripts/backup.sh, scripts/restore.sh, docs/operations.md)."""

import json
from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandParser

# The apps that hold the project's own data; Django's and the libraries'
# tables (sessions, task results, lock-outs) are left out.
PROJECT_APPS = ("accounts", "units", "participants", "programs", "reporting")


def row_counts() -> dict[str, int]:
    """The number of rows of every table of the project's apps (the
    historical tables included), keyed by `app_label.model_name`."""
    counts: dict[str, int] = {}
    for label in PROJECT_APPS:
        for model in apps.get_app_config(label).get_models():
            meta = model._meta
            if meta.proxy or not meta.managed:
                continue
            counts[meta.label_lower] = model._base_manager.count()
    return dict(sorted(counts.items()))


class Command(BaseCommand):
    help = (
        "Print the number of rows of every table of the project's apps "
        "(accounts, units, participants, programs, reporting)."
    )
    # A backup or a restore must not wait for, or fail on, the system checks.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--json",
            action="store_true",
            help="Print one JSON object {table: count}, sorted by table.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        counts = row_counts()
        if options["json"]:
            self.stdout.write(json.dumps(counts, indent=2, sort_keys=True))
            return
        width = max(len(label) for label in counts)
        for label, count in counts.items():
            self.stdout.write(f"{label.ljust(width)}  {count:>9}")
