import datetime

from participants.notifications import send_follow_up_reminders
from units.commands import DayCommand


class Command(DayCommand):
    help = (
        "Remind the staff of each unit of the checks after exit that are overdue "
        "or due within two weeks (counts only, no personal data in the e-mail). "
        "Run it once a day (cron or a systemd timer)."
    )

    def handle_day(self, day: datetime.date | None) -> None:
        sent = send_follow_up_reminders(day=day)
        self.stdout.write(f"Messages sent: {sent}")
