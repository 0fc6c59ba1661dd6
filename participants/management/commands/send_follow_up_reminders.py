import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from participants.notifications import send_follow_up_reminders


class Command(BaseCommand):
    help = (
        "Remind the staff of each unit of the checks after exit that are overdue "
        "or due within two weeks (counts only, no personal data in the e-mail). "
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
        sent = send_follow_up_reminders(day=day)
        self.stdout.write(f"Messages sent: {sent}")
