import sys
from argparse import RawDescriptionHelpFormatter
from typing import Any

from django.core.management.base import (
    BaseCommand,
    CommandError,
    CommandParser,
    DjangoHelpFormatter,
)
from django.db import DatabaseError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from participants.retention import (
    participants_past_retention,
    retention_anonymise,
    retention_cutoff,
    retention_years,
)
from units.models import Unit

HELP = """\
List the participants' records past their retention period: records not yet
anonymised whose every participation ended (exited, or closed without
admission) more than N years ago. Only the unit, the record's internal id and
the day its last participation ended are printed, never a name.

With --anonymise the listed records are anonymised (as a manager does from
the participant's page: the statistics are kept), each in its own
transaction, after a confirmation typed at the terminal or given with --yes.

The default period is the setting PARTICIPANT_RETENTION_YEARS (10 years when
it is not set); each unit, as the controller, sets its own period and runs
the command with --unit and --years accordingly (docs/data-protection.md)."""
MAX_YEARS = 200


class Command(BaseCommand):
    help = HELP
    # Tests pass their own input (as with Django's createsuperuser).
    stealth_options = ("stdin",)

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> Any:
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        # Keep the paragraphs of the help text.
        parser.formatter_class = type(
            "RetentionHelpFormatter",
            (DjangoHelpFormatter, RawDescriptionHelpFormatter),
            {},
        )
        return parser

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--years",
            type=int,
            help="The retention period in whole years (default: the setting "
            "PARTICIPANT_RETENTION_YEARS, else 10).",
        )
        parser.add_argument(
            "--unit",
            metavar="REGISTRY_ID",
            help="Only the unit with this registry_id.",
        )
        parser.add_argument(
            "--anonymise",
            action="store_true",
            help="Anonymise the listed records (asks for confirmation).",
        )
        parser.add_argument(
            "--yes",
            action="store_true",
            help="Confirm the anonymisation without asking (for scripts).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdin = options.get("stdin", sys.stdin)
        years = self.years(options["years"])
        try:
            unit_id = self.unit_id(options["unit"])
            rows = participants_past_retention(years=years, unit_id=unit_id)
        except DatabaseError as error:
            raise CommandError(
                _("The database cannot be read (%(error)s); run migrate first.")
                % {"error": error}
            ) from error
        cutoff = retention_cutoff(years=years)
        self.stdout.write(
            _(
                "Records past the retention period of %(years)s years (every "
                "participation ended before %(cutoff)s): %(count)s"
            )
            % {"years": years, "cutoff": cutoff.isoformat(), "count": len(rows)}
        )
        if rows:
            self.stdout.write("\t".join([_("unit"), _("record"), _("ended on")]))
        for row in rows:
            self.stdout.write(
                f"{row.unit_registry_id or row.unit_name}\t{row.participant_id}"
                f"\t{row.ended_on.isoformat()}"
            )
        if not options["anonymise"]:
            return
        if not rows:
            self.stdout.write(_("Nothing to anonymise."))
            return
        if not options["yes"]:
            self.confirm(len(rows))
        result = retention_anonymise(
            participant_ids=[row.participant_id for row in rows], years=years
        )
        for pk, message in result.failed:
            self.stderr.write(
                _("Record %(pk)s was not anonymised: %(message)s")
                % {"pk": pk, "message": message}
            )
        self.stdout.write(
            _(
                "Anonymised: %(anonymised)s. No longer due (skipped): "
                "%(skipped)s. Refused: %(failed)s."
            )
            % {
                "anonymised": len(result.anonymised),
                "skipped": len(result.skipped),
                "failed": len(result.failed),
            }
        )
        if result.failed:
            raise CommandError(_("Some records could not be anonymised."))

    def years(self, given: int | None) -> int:
        if given is None:
            years = retention_years()
            if (
                isinstance(years, bool)
                or not isinstance(years, int)
                or not 1 <= years <= MAX_YEARS
            ):
                raise CommandError(
                    _(
                        "The setting PARTICIPANT_RETENTION_YEARS must be a whole "
                        "number of years from 1 to %(max)s, not %(value)r."
                    )
                    % {"max": MAX_YEARS, "value": years}
                )
            return years
        if not 1 <= given <= MAX_YEARS:
            raise CommandError(
                _("--years must be a whole number from 1 to %(max)s, not %(value)s.")
                % {"max": MAX_YEARS, "value": given}
            )
        return given

    def unit_id(self, registry_id: str | None) -> int | None:
        if registry_id is None:
            return None
        # PostgreSQL refuses a NUL byte in a query: no unit has one anyway.
        unit = (
            None
            if "\x00" in registry_id
            else Unit.objects.filter(registry_id=registry_id).first()
        )
        if unit is None:
            raise CommandError(
                _("No unit has the registry_id %(id)r.") % {"id": registry_id}
            )
        return unit.pk

    def confirm(self, count: int) -> None:
        """A typed "yes" at a terminal; without a terminal, --yes is needed."""
        if not self.stdin.isatty():
            raise CommandError(
                _(
                    "Anonymisation cannot be undone and needs a confirmation: "
                    "standard input is not a terminal, so run again with --yes. "
                    "Nothing was anonymised."
                )
            )
        self.stdout.write(
            ngettext(
                "Anonymise this record for good? Type “yes” to confirm: ",
                "Anonymise these %(count)s records for good? Type “yes” to confirm: ",
                count,
            )
            % {"count": count},
            ending="",
        )
        self.stdout.flush()
        # The word to type is translated with the prompt; "yes" always works.
        if self.stdin.readline().strip().lower() not in {"yes", _("yes").lower()}:
            raise CommandError(_("Not confirmed. Nothing was anonymised."))
