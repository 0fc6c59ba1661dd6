"""CSV, XLSX and JSON of the statistics, rendered from the same tables as the
dashboard and the PDF (reporting.statistics.tables, and comparison_tables
for a comparison of years), so that every output shows the same numbers and
the same suppressed cells."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from reporting.constants import ScopeKind
from reporting.statistics.comparison import KindComparison, Series, YearComparison
from reporting.statistics.comparison_tables import comparison_tables
from reporting.statistics.tables import (
    COUNT,
    DAYS,
    MONEY,
    PERCENT,
    Table,
    Value,
    statistics_tables,
)
from reporting.statistics.types import (
    NOT_RECORDED,
    AnnualStatistics,
    KindFigures,
    StatisticsScope,
)
from reporting.suppression import Suppressed, threshold

NUMBER_FORMATS = {COUNT: "#,##0", PERCENT: "0.0", MONEY: "#,##0.00", DAYS: "0.0"}


def scope_title(stats: AnnualStatistics | YearComparison) -> str:
    """The scope as a heading says it: Poland, a voivodeship, a unit."""
    scope = stats.scope
    if scope.kind == ScopeKind.VOIVODESHIP:
        return _("Voivodeship %(name)s") % {"name": scope.voivodeship.name}
    if scope.kind == ScopeKind.UNIT:
        return scope.unit.name
    return _("Poland")


def plain(value: Value) -> str:
    """A cell as CSV writes it: digits, a dot for decimals, "<3" for a
    suppressed count, nothing for a figure not given."""
    if value is None:
        return ""
    return str(value)


def table_csv(table: Table) -> str:
    """One table as CSV: code, label, then one column per figure."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([_("code"), table.title, *(c.label for c in table.columns)])
    for row in table.rows:
        writer.writerow([row.key, row.label, *(plain(v) for v in row.cells)])
    return out.getvalue()


def statistics_long_csv(stats: AnnualStatistics) -> str:
    """Every table in one CSV, one figure a line (table, row, column, value)."""
    return tables_long_csv(statistics_tables(stats))


def tables_long_csv(tables: Iterable[Table]) -> str:
    """Tables in one CSV, one figure a line (table, row, column, value)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["table", "row", "row_label", "column", "value"])
    for table in tables:
        for row in table.rows:
            for column, value in zip(table.columns, row.cells, strict=True):
                writer.writerow(
                    [table.key, row.key, row.label, column.key, plain(value)]
                )
    return out.getvalue()


def _xlsx_value(value: Value) -> Any:
    if isinstance(value, Suppressed):
        return str(value)
    if isinstance(value, Decimal):
        return float(value)
    return value


def statistics_xlsx(stats: AnnualStatistics) -> bytes:
    """A workbook: a sheet about the report, then one sheet per table with
    headers and number formats."""
    workbook = Workbook()
    info = workbook.active
    info.title = "info"
    bold = Font(bold=True)
    info.append([_("Social employment statistics")])
    info["A1"].font = bold
    info.append([_("Year"), stats.year])
    info.append([_("Scope"), scope_title(stats)])
    _suppression_line(info, stats.scope)
    _write_tables(workbook, statistics_tables(stats))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _suppression_line(info: Any, scope: StatisticsScope) -> None:
    if scope.suppressed:
        info.append(
            [
                _("Suppression"),
                _("Counts of persons from 1 to %(n)s are shown as “<%(t)s”.")
                % {"n": threshold() - 1, "t": threshold()},
            ]
        )
    info.column_dimensions["A"].width = 18
    info.column_dimensions["B"].width = 60


def _write_tables(workbook: Workbook, tables: Iterable[Table]) -> None:
    """One sheet per table, named by its code, with headers and number
    formats."""
    bold = Font(bold=True)
    for table in tables:
        sheet = workbook.create_sheet(table.key[:31])
        sheet.append([table.title])
        sheet["A1"].font = bold
        sheet.append([_("code"), "", *(c.label for c in table.columns)])
        for cell in sheet[2]:
            cell.font = bold
        for row in table.rows:
            sheet.append([row.key, row.label, *(_xlsx_value(v) for v in row.cells)])
            line = sheet.max_row
            if row.is_total:
                for cell in sheet[line]:
                    cell.font = bold
            for index, column in enumerate(table.columns, start=3):
                cell = sheet.cell(row=line, column=index)
                if isinstance(cell.value, int | float):
                    cell.number_format = NUMBER_FORMATS[column.kind]
        if table.note:
            sheet.append([])
            sheet.append([table.note])
        sheet.column_dimensions["A"].width = 24
        sheet.column_dimensions["B"].width = 48
        for index in range(3, 3 + len(table.columns)):
            sheet.column_dimensions[get_column_letter(index)].width = 14
        sheet.freeze_panes = "C3"


def _json_value(value: Value) -> Any:
    if isinstance(value, Suppressed):
        return str(value)
    if isinstance(value, Decimal):
        return float(value)
    return value


def _shares(table: Table, kind: str, *, skip: tuple[str, ...] = ()) -> dict:
    """{code: {"count", "percent"}} of one kind's columns of a table."""
    keys = [c.key for c in table.columns]
    count, share = keys.index(kind), keys.index(f"{kind}_percent")
    return {
        row.key: {
            "count": _json_value(row.cells[count]),
            "percent": _json_value(row.cells[share]),
        }
        for row in table.body
        if row.key not in skip
    }


def _cell(table: Table, row: str, column: str) -> Any:
    return _json_value(table.value(row, column))


def _kind_json(kind: KindFigures, tables: dict[str, Table]) -> dict[str, Any]:
    k = kind.kind.lower()
    primary = tables["participants_by_primary_ground"]
    follow_ups = tables["follow_up_outcomes"]
    follow_up_json: dict[str, dict[str, Any]] = {}
    for column in follow_ups.columns:
        prefix, months = column.key.rsplit("_", 1)
        if prefix == k:
            follow_up_json[months] = {
                row.key: _cell(follow_ups, row.key, column.key)
                for row in follow_ups.rows
            }
    finance = tables["finance"]
    return {
        "active_units": kind.active_units,
        "units_by_founder_group": dict(kind.units_by_founder_group),
        "units_by_founder_type": dict(kind.units_by_founder_type),
        "units_by_voivodeship": dict(kind.units_by_voivodeship),
        "units_opened": kind.units_opened,
        "units_closed": kind.units_closed,
        "participants": _cell(primary, "total", k),
        "participants_by_primary_ground": _shares(primary, k, skip=(NOT_RECORDED,)),
        "participants_without_primary_ground": _cell(primary, NOT_RECORDED, k),
        "participants_by_ground": _shares(tables["participants_by_ground"], k),
        "participants_by_sex": _shares(tables["participants_by_sex"], k),
        "participants_by_age_band": _shares(tables["participants_by_age_band"], k),
        "participants_by_referral": _shares(tables["participants_by_referral"], k),
        "admissions": _cell(tables["admissions_and_exits"], "admissions", k),
        "exits": _cell(tables["admissions_and_exits"], "exits", k),
        "exits_by_reason": _shares(tables["exits_by_reason"], k),
        "outcomes_at_exit": _shares(tables["outcomes_at_exit"], k),
        "follow_up_outcomes": follow_up_json,
        "average_length_days": _cell(tables["average_length"], k, "days"),
        "finance": {
            row.key: str(finance.value(row.key, k))
            for row in finance.rows
            if row.key not in ("total", "reports")
        },
        "finance_total": str(finance.value("total", k)),
        "finance_reports": finance.value("reports", k),
    }


def statistics_json(stats: AnnualStatistics) -> dict[str, Any]:
    """The statistics as DESIGN section 5 specifies the JSON (more keys
    added; below national level the counts of persons are suppressed)."""
    tables = {table.key: table for table in statistics_tables(stats)}
    data: dict[str, Any] = {"year": stats.year, **_scope_json(stats.scope)}
    data["cis"] = _kind_json(stats.cis, tables)
    data["kis"] = _kind_json(stats.kis, tables)
    data["suppression"] = _suppression_json(stats.scope)
    return data


def _scope_json(scope: StatisticsScope) -> dict[str, Any]:
    if scope.kind == ScopeKind.VOIVODESHIP:
        return {
            "scope": scope.voivodeship.name,
            "voivodeship": {
                "teryt": scope.voivodeship.teryt,
                "name": scope.voivodeship.name,
            },
        }
    if scope.kind == ScopeKind.UNIT:
        return {"scope": "unit", "unit": {"id": scope.unit.pk, "name": scope.unit.name}}
    return {"scope": "national"}


def _suppression_json(scope: StatisticsScope) -> dict[str, Any]:
    return {
        "applied": scope.suppressed,
        "threshold": threshold() if scope.suppressed else None,
    }


# A comparison of years (reporting.statistics.comparison).


def comparison_xlsx(comparison: YearComparison) -> bytes:
    """A workbook: a sheet about the comparison, then one sheet per table
    (a column per year, then the change)."""
    workbook = Workbook()
    info = workbook.active
    info.title = "info"
    info.append([_("Social employment statistics: comparison of years")])
    info["A1"].font = Font(bold=True)
    info.append([_("Years"), comparison.label])
    info.append([_("Scope"), scope_title(comparison)])
    _suppression_line(info, comparison.scope)
    _write_tables(workbook, comparison_tables(comparison))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def comparison_long_csv(comparison: YearComparison) -> str:
    """Every comparison table in one CSV, one figure a line."""
    return tables_long_csv(comparison_tables(comparison))


def _series_json(series: Series, years: tuple[int, ...]) -> dict[str, Any]:
    def value(v: Any) -> Any:
        if series.kind == MONEY and isinstance(v, Decimal):
            return str(v)
        return _json_value(v)

    data = {
        "values": {
            str(year): value(v) for year, v in zip(years, series.values, strict=True)
        },
        "change": value(series.change),
    }
    if series.kind != PERCENT:
        data["change_percent"] = _json_value(series.change_percent)
    return data


def _comparison_kind_json(
    kind: KindComparison, years: tuple[int, ...]
) -> dict[str, Any]:
    def shares(counts: dict[str, Series], percents: dict[str, Series]) -> dict:
        return {
            code: {
                "count": _series_json(counts[code], years),
                "percent": _series_json(percents[code], years),
            }
            for code in counts
        }

    return {
        **{
            name: _series_json(getattr(kind, name), years)
            for name in (
                "active_units",
                "units_opened",
                "units_closed",
                "participants",
                "admissions",
                "exits",
            )
        },
        "participants_by_primary_ground": shares(
            kind.by_primary_ground, kind.by_primary_ground_percent
        ),
        "outcomes_at_exit": shares(
            kind.outcomes_at_exit, kind.outcomes_at_exit_percent
        ),
        "finance_total": _series_json(kind.finance_total, years),
    }


def comparison_json(comparison: YearComparison) -> dict[str, Any]:
    """The comparison as docs/reporting.md describes its JSON: per figure the
    values by year and the change (below national level the counts of
    persons are suppressed, and a change involving one is null)."""
    return {
        "from_year": comparison.first,
        "to_year": comparison.last,
        "years": list(comparison.years),
        **_scope_json(comparison.scope),
        "cis": _comparison_kind_json(comparison.cis, comparison.years),
        "kis": _comparison_kind_json(comparison.kis, comparison.years),
        "suppression": _suppression_json(comparison.scope),
    }
