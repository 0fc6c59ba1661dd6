"""`manage.py annual_report --year YYYY [--to-year YYYY] [--voivodeship CODE]
[--format json|csv|xlsx|pdf] [--output PATH]`: the statistics of one year
(DESIGN section 5), or with --to-year the comparison of the years from
--year to --to-year (2 to 10 years). JSON and CSV go to standard output when
no --output is given; XLSX and PDF need --output. Below national level
(--voivodeship) counts of persons are suppressed, as in every other output."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone, translation

from reporting.constants import ScopeKind
from reporting.outputs import (
    comparison_json,
    comparison_long_csv,
    comparison_xlsx,
    statistics_json,
    statistics_long_csv,
    statistics_xlsx,
)
from reporting.pdf_statistics import render_comparison_pdf, render_statistics_pdf
from reporting.statistics import StatisticsScope, annual_statistics
from reporting.statistics.comparison import (
    MAX_YEARS,
    MIN_YEARS,
    year_comparison,
    year_range,
)
from reporting.statistics.scopes import FIRST_YEAR
from units.imports import VoivodeshipLookup

FORMATS = ("json", "csv", "xlsx", "pdf")
BINARY = ("xlsx", "pdf")


class Command(BaseCommand):
    help = (
        "Print or write the statistics of one year, or with --to-year a "
        "comparison of years: the whole country, or one voivodeship (counts of "
        'persons below 3 are then shown as "<3").'
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--year",
            required=True,
            help="The year, e.g. 2025; with --to-year the first year compared.",
        )
        parser.add_argument(
            "--to-year",
            help="The last year of a comparison of years (2 to "
            f"{MAX_YEARS} years from --year), e.g. --year 2022 --to-year 2025.",
        )
        parser.add_argument(
            "--voivodeship",
            help="TERYT code (e.g. 14) or Polish name (e.g. mazowieckie); "
            "default: the whole country.",
        )
        parser.add_argument(
            "--format",
            default="json",
            help="json (default), csv (one line per figure), xlsx or pdf.",
        )
        parser.add_argument(
            "--output",
            help="File to write; JSON and CSV go to standard output without it.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        year = self._year(options["year"])
        to_year = None
        if options["to_year"] is not None:
            to_year = self._year(options["to_year"], name="--to-year")
            self._range(year, to_year)
        output_format = (options["format"] or "").lower()
        if output_format not in FORMATS:
            raise CommandError(
                f"--format must be one of {', '.join(FORMATS)}, "
                f"not {options['format']!r}."
            )
        output = options["output"]
        if output_format in BINARY and not output:
            raise CommandError(f"--format {output_format} needs --output PATH.")
        scope = self._scope(options["voivodeship"])
        with translation.override("pl"):
            if to_year is None:
                content = self._render(scope, year, output_format)
            else:
                content = self._render_comparison(scope, year, to_year, output_format)
        if output:
            path = Path(output)
            if not path.parent.is_dir():
                raise CommandError(f"The folder of {output} does not exist.")
            try:
                if isinstance(content, bytes):
                    path.write_bytes(content)
                else:
                    path.write_text(content, encoding="utf-8")
            except OSError as exc:
                raise CommandError(f"Cannot write {output}: {exc.strerror}.") from exc
            if options["verbosity"] > 0:
                self.stderr.write(f"Written {output}.")
        else:
            self.stdout.write(content, ending="" if content.endswith("\n") else "\n")

    def _year(self, raw: str, *, name: str = "--year") -> int:
        last = timezone.localdate().year
        if not str(raw).strip().isdecimal() or not FIRST_YEAR <= int(raw) <= last:
            raise CommandError(
                f"{name} must be a year from {FIRST_YEAR} to {last}, not {raw!r}."
            )
        return int(raw)

    def _range(self, first: int, last: int) -> None:
        try:
            year_range(first, last)
        except ValidationError as error:
            if error.code == "too_many_years":
                raise CommandError(
                    f"--year {first} to --to-year {last} is {last - first + 1} "
                    f"years; compare {MIN_YEARS} to {MAX_YEARS} years."
                ) from error
            raise CommandError(
                f"--to-year ({last}) must be later than --year ({first})."
            ) from error

    def _scope(self, text: str | None) -> StatisticsScope:
        if text is None:
            return StatisticsScope(ScopeKind.NATIONAL)
        region = VoivodeshipLookup.load().find(text.strip())
        if region is None:
            raise CommandError(
                f"Unknown voivodeship {text!r}: give its two-digit TERYT code "
                "(e.g. 14) or its Polish name (e.g. mazowieckie)."
            )
        return StatisticsScope(ScopeKind.VOIVODESHIP, voivodeship=region)

    def _render(self, scope: StatisticsScope, year: int, output_format: str) -> Any:
        if output_format == "pdf":
            return render_statistics_pdf(scope=scope, year=year)
        stats = annual_statistics(scope=scope, year=year)
        if output_format == "xlsx":
            return statistics_xlsx(stats)
        if output_format == "csv":
            return statistics_long_csv(stats)
        return json.dumps(statistics_json(stats), ensure_ascii=False, indent=2) + "\n"

    def _render_comparison(
        self, scope: StatisticsScope, first: int, last: int, output_format: str
    ) -> Any:
        if output_format == "pdf":
            return render_comparison_pdf(scope=scope, first=first, last=last)
        comparison = year_comparison(
            scope=scope, first=first, last=last, fetch=annual_statistics
        )
        if output_format == "xlsx":
            return comparison_xlsx(comparison)
        if output_format == "csv":
            return comparison_long_csv(comparison)
        return (
            json.dumps(comparison_json(comparison), ensure_ascii=False, indent=2) + "\n"
        )
