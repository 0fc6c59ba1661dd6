import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from units.notifications import send_digest


class Command(BaseCommand):
    help = (
        "Send the daily digest of CIS-status deadlines: due and overdue decisions "
        "and expiring statuses to officials, expiry reminders to centre managers. "
        "Run it once a day (cron or a systemd timer)."
    )

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
        sent = send_digest(day=day)
        self.stdout.write(f"Messages sent: {sent}")
