import textwrap
from argparse import RawDescriptionHelpFormatter
from typing import Any

from django.core.management.base import (
    BaseCommand,
    CommandError,
    CommandParser,
    DjangoHelpFormatter,
)
from django.utils.translation import gettext as _

from participants.constants import ExitReason, RemovalGround
from participants.imports import REFERRED_BY, ground_codes, participants_import
from units.imports import ImportRejected, read_table
from units.services import Outcome

HELP = """\
Import the participants a CIS or KIS already has on its records (DESIGN
section 5, docs/imports.md). FILE is a UTF-8 .csv (with or without a
byte-order mark, cells separated by "," or ";") or an .xlsx workbook (its
first sheet), with a header row naming the columns. The units must exist
(import_units).

Required columns:
  unit_registry_id          the unit's registry_id
  participant_ref           the unit's own id of the participation, unique
                            within the unit
  birth_date                YYYY-MM-DD
  sex                       F or M
  primary_exclusion_ground  a ground code below
  admitted_on               YYYY-MM-DD
Optional columns:
  pesel                     eleven digits, agreeing with birth_date and sex;
                            without it the person gets the document "other"
                            numbered IMPORT-<unit_registry_id>-<participant_ref>
  first_name, last_name     empty: "{no_first_name}" and the participant_ref
  other_exclusion_grounds   ground codes separated by ";"
  referred_by               {referred_by}; empty: like self
  trial_ended_on            YYYY-MM-DD, a CIS only: the end of the trial
                            period the legal rules give (checked)
  exited_on, exit_reason    both or neither, exit_reason one of
                            {exit_reasons}
  removal_ground            with exit_reason removed in a CIS: the ground of
                            the decision, {removal_grounds}
Grounds of exclusion:
{grounds}

All or nothing: when any row is bad nothing is imported and every bad row is
listed as "line N: reason". Participations are matched on unit_registry_id
and participant_ref, persons on PESEL (without one on the document number
above), so importing the same file again changes nothing; an exit added to a
participation under way is recorded. With -v 2 the progress of the writing
is shown on standard error."""
PROGRESS_EVERY = 100  # rows between two progress lines (-v 2)


def _help() -> str:
    codes = ground_codes()
    grounds = (
        "\n".join(
            textwrap.fill(
                name,
                width=79,
                initial_indent=f"  {code:<26}",
                subsequent_indent=" " * 28,
            )
            for code, name in codes
        )
        if codes
        else "  (the database cannot be read: run migrate first)"
    )
    return HELP.format(
        no_first_name="—",
        referred_by=", ".join(REFERRED_BY),
        exit_reasons=", ".join(ExitReason.values),
        removal_grounds=", ".join(RemovalGround.values),
        grounds=grounds,
    )


class _Formatter(DjangoHelpFormatter, RawDescriptionHelpFormatter):
    """Django's option order, with the description's lines kept."""


class Command(BaseCommand):
    help = "Import the participants of CIS and KIS from their records."

    def create_parser(
        self, prog_name: str, subcommand: str, **kwargs: Any
    ) -> CommandParser:
        # The ground codes are data: read them when the help is asked for.
        self.help = _help()
        kwargs.setdefault("formatter_class", _Formatter)
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", metavar="FILE", help="The .csv or .xlsx file.")

    def handle(self, *args: Any, **options: Any) -> None:
        progress = self._progress if options["verbosity"] >= 2 else None
        try:
            result = participants_import(
                table=read_table(options["file"]), progress=progress
            )
        except ImportRejected as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(_("Imported %(file)s.") % {"file": options["file"]})
        )
        self.stdout.write(
            _(
                "Participations: %(created)s created, %(updated)s updated, "
                "%(unchanged)s unchanged."
            )
            % _counts(result.participations)
        )
        self.stdout.write(
            _(
                "Persons: %(created)s created, %(updated)s updated, "
                "%(unchanged)s unchanged."
            )
            % _counts(result.persons)
        )
        if result.ignored_columns:
            self.stdout.write(
                _("Columns ignored (unknown to the import): %(columns)s.")
                % {"columns": ", ".join(result.ignored_columns)}
            )

    def _progress(self, done: int, total: int) -> None:
        """On standard error, so that the summary stays alone on the output."""
        if done % PROGRESS_EVERY == 0 or done == total:
            self.stderr.write(
                _("Rows written: %(done)s of %(total)s.")
                % {"done": done, "total": total}
            )


def _counts(counts: dict[Outcome, int]) -> dict[str, int]:
    return {outcome.value: counts[outcome] for outcome in Outcome}
