import datetime

from units.commands import DayCommand
from units.notifications import send_digest


class Command(DayCommand):
    help = (
        "Send the daily digest of CIS-status deadlines: due and overdue decisions "
        "and expiring statuses to officials, expiry reminders to centre managers. "
        "Run it once a day (cron or a systemd timer)."
    )

    def handle_day(self, day: datetime.date | None) -> None:
        sent = send_digest(day=day)
        self.stdout.write(f"Messages sent: {sent}")
