import secrets
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from cis_kis.demo import load_demo


class Command(BaseCommand):
    help = (
        "Load the demo data set and the demo logins (one per role). Running it "
        "again refreshes the same records and sets the password anew."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--password",
            help="Password of every demo login (a random one when not given).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        password = options["password"]
        if password is not None and not password.strip():
            raise CommandError("The password must not be empty.")
        password = password or secrets.token_urlsafe(12)
        try:
            logins = load_demo(password=password)
        except ValidationError as exc:
            raise CommandError(f"Demo data could not be loaded: {exc}") from exc
        self.stdout.write(self.style.SUCCESS("Demo data loaded. Logins:"))
        width = max(len(email) for email, _ in logins)
        for email, role in logins:
            self.stdout.write(f"  {email.ljust(width)}  {role}")
        self.stdout.write(f"Password of every demo login: {password}")
