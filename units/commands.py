"""What the daily commands share: the `--date` option of the day to report on."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser


class DayCommand(BaseCommand):
    """A command about one day (today unless `--date YYYY-MM-DD` says another);
    subclasses implement `handle_day`."""

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--date", help="The day to report on, YYYY-MM-DD (default: today)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        day = None
        if options["date"]:
            try:
                day = datetime.date.fromisoformat(options["date"])
            except ValueError as exc:
                raise CommandError(
                    f"--date must be a date as YYYY-MM-DD, not {options['date']!r}."
                ) from exc
        self.handle_day(day)

    def handle_day(self, day: datetime.date | None) -> None:
        raise NotImplementedError
