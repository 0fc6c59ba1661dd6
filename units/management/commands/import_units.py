from argparse import RawDescriptionHelpFormatter
from typing import Any

from django.core.management.base import (
    BaseCommand,
    CommandError,
    CommandParser,
    DjangoHelpFormatter,
)
from django.utils.translation import gettext as _

from units.constants import FounderType, UnitKind, founder_group_of
from units.imports import ImportRejected, read_table
from units.services import Outcome, units_import

FOUNDER_TYPES = "\n".join(
    f"    {code:<20}{founder_group_of(code).value}" for code in FounderType.values
)

HELP = f"""\
Import CIS and KIS units with their founding bodies from a register (DESIGN
section 5, docs/imports.md). FILE is a UTF-8 .csv (with or without a
byte-order mark, cells separated by "," or ";") or an .xlsx workbook (its
first sheet), with a header row naming the columns.

Required columns:
  registry_id     the unit's id in the source register, unique in the file
  kind            {" or ".join(UnitKind.values)}
  name            the unit's name
  voivodeship     two-digit TERYT code (14) or Polish name (mazowieckie)
  founder_name    the founding body's name
  founder_type    a code below
  opened_on       YYYY-MM-DD
Optional columns:
  closed_on       YYYY-MM-DD
  founder_nip     founder_regon   founder_krs
  address         the unit's address
  decision_number, decision_date (YYYY-MM-DD)
                  both or neither, a CIS only: the voivode's decision
                  granting the status, recorded as issued earlier
Founder types and their groups:
{FOUNDER_TYPES}

All or nothing: when any row is bad nothing is imported and every bad row is
listed as "line N: reason". Units are matched on registry_id, founding bodies
on NIP (without one on name and voivodeship), so importing the same file
again changes nothing."""


class _Formatter(DjangoHelpFormatter, RawDescriptionHelpFormatter):
    """Django's option order, with the description's lines kept."""


class Command(BaseCommand):
    help = HELP

    def create_parser(
        self, prog_name: str, subcommand: str, **kwargs: Any
    ) -> CommandParser:
        kwargs.setdefault("formatter_class", _Formatter)
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", metavar="FILE", help="The .csv or .xlsx file.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = units_import(table=read_table(options["file"]))
        except ImportRejected as exc:
            raise CommandError(str(exc)) from exc
        units, founders = result.units, result.founders
        decisions = result.decisions
        self.stdout.write(
            self.style.SUCCESS(_("Imported %(file)s.") % {"file": options["file"]})
        )
        self.stdout.write(
            _(
                "Units: %(created)s created, %(updated)s updated, "
                "%(unchanged)s unchanged."
            )
            % _counts(units)
        )
        self.stdout.write(
            _(
                "Founding bodies: %(created)s created, %(updated)s updated, "
                "%(unchanged)s unchanged."
            )
            % _counts(founders)
        )
        self.stdout.write(
            _(
                "Status decisions: %(created)s created, %(updated)s updated, "
                "%(unchanged)s unchanged."
            )
            % _counts(decisions)
        )
        if result.ignored_columns:
            self.stdout.write(
                _("Columns ignored (unknown to the import): %(columns)s.")
                % {"columns": ", ".join(result.ignored_columns)}
            )


def _counts(counts: dict[Outcome, int]) -> dict[str, int]:
    return {outcome.value: counts[outcome] for outcome in Outcome}
