import datetime
from typing import Any

from django.core.management.base import CommandError, CommandParser

from reporting.notifications import reminder_days, send_report_reminders
from units.commands import DayCommand


class Command(DayCommand):
    help = (
        "Remind the managers of units whose annual report for the previous year "
        "is not submitted, the days before the deadline set by "
        "REPORT_REMINDER_DAYS (default 14 and 3), and on the day after the "
        "deadline tell each voivodeship's officials which units have not "
        "submitted (unit names and counts only). Sends nothing twice on one "
        "day. Run it once a day (cron or a systemd timer)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--today",
            "--date",
            dest="date",
            help="The day to act as, YYYY-MM-DD (default: today).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            reminder_days()
        except (TypeError, ValueError) as exc:
            raise CommandError(
                "REPORT_REMINDER_DAYS must be a list of whole numbers of days."
            ) from exc
        if options["date"]:
            try:
                datetime.date.fromisoformat(options["date"])
            except ValueError as exc:
                raise CommandError(
                    f"--today must be a date as YYYY-MM-DD, not {options['date']!r}."
                ) from exc
        super().handle(*args, **options)

    def handle_day(self, day: datetime.date | None) -> None:
        sent = send_report_reminders(day=day)
        self.stdout.write(f"Messages sent: {sent}")
