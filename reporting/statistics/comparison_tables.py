"""The tables of a comparison of years, as every output shows them (page,
PDF, CSV, XLSX): a column per year, then the change from the first year to
the last (and in percent of the first year, for counts and money). They are
the one-year `Table`, so the same templates and writers render them. Labels
are translated when the tables are built: build them in the language wanted.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from participants.constants import Outcome
from reporting.statistics.comparison import (
    OUTCOME_CODES,
    KindComparison,
    Series,
    YearComparison,
)
from reporting.statistics.tables import (
    COUNT,
    MONEY,
    PERCENT,
    Column,
    Row,
    Table,
)
from reporting.statistics.types import NOT_RECORDED

CHANGE = "change"
CHANGE_PERCENT = "change_percent"


@dataclass(frozen=True)
class LineChart:
    """A line per row of a table, over the years (an SVG of the page)."""

    table: str
    title: str
    rows: tuple[str, ...]


def comparison_charts() -> dict[str, LineChart]:
    """The charts, keyed by the table they draw."""
    return {
        "units": LineChart(
            "units",
            _("Units open on 31 December, by year"),
            ("cis_active", "kis_active"),
        ),
        "participants": LineChart(
            "participants",
            _("Participants (distinct persons), by year"),
            ("cis_participants", "kis_participants"),
        ),
    }


def outcome_label(code: str) -> str:
    if code == NOT_RECORDED:
        return _("not recorded")
    return str(Outcome(code).label)


def year_columns(table: Table) -> list[int]:
    """Indexes of the columns that are years."""
    return [i for i, column in enumerate(table.columns) if column.key.isdigit()]


class _Builder:
    def __init__(self, comparison: YearComparison) -> None:
        self.comparison = comparison
        self.years = comparison.years

    def columns(self, kind: str) -> tuple[Column, ...]:
        columns = [Column(str(year), str(year), kind) for year in self.years]
        span = {"first": self.comparison.first, "last": self.comparison.last}
        if kind == PERCENT:
            columns.append(
                Column(
                    CHANGE,
                    _("Change %(first)s–%(last)s (percentage points)") % span,
                    PERCENT,
                )
            )
        else:
            columns.append(Column(CHANGE, _("Change %(first)s–%(last)s") % span, kind))
            columns.append(Column(CHANGE_PERCENT, _("Change (%)"), PERCENT))
        return tuple(columns)

    @staticmethod
    def row(key: str, label: str, series: Series, *, is_total: bool = False) -> Row:
        cells = [*series.values, series.change]
        if series.kind != PERCENT:
            cells.append(series.change_percent)
        return Row(key, label, tuple(cells), is_total=is_total)

    @staticmethod
    def kind_label(kind: KindComparison, figure: str) -> str:
        return _("%(kind)s: %(figure)s") % {"kind": kind.kind, "figure": figure}

    def units(self) -> Table:
        rows = []
        for kind in self.comparison.kinds:
            k = kind.kind.lower()
            for key, figure, series in (
                ("active", _("open on 31 December"), kind.active_units),
                ("opened", _("opened during the year"), kind.units_opened),
                ("closed", _("closed during the year"), kind.units_closed),
            ):
                rows.append(
                    self.row(f"{k}_{key}", self.kind_label(kind, figure), series)
                )
        return Table(
            "units",
            _("Units"),
            _("Units open on 31 December, opened and closed, by year"),
            self.columns(COUNT),
            tuple(rows),
            note=_("Units are register data and are never withheld."),
        )

    def participants(self) -> Table:
        rows = []
        for kind in self.comparison.kinds:
            k = kind.kind.lower()
            for key, figure, series in (
                (
                    "participants",
                    _("participants (distinct persons)"),
                    kind.participants,
                ),
                ("admissions", _("admitted during the year"), kind.admissions),
                ("exits", _("exited during the year"), kind.exits),
            ):
                rows.append(
                    self.row(f"{k}_{key}", self.kind_label(kind, figure), series)
                )
        return Table(
            "participants",
            _("Participants"),
            _("Participants, admissions and exits, by year"),
            self.columns(COUNT),
            tuple(rows),
            note=_(
                "Participants are distinct persons; admissions and exits count "
                "participations."
            ),
        )

    def ground_labels(self) -> dict[str, str]:
        labels = {g.code: g.name for g in self.comparison.grounds}
        labels[NOT_RECORDED] = _("not recorded")
        return labels

    def primary_grounds(self, kind: KindComparison) -> list[Table]:
        k = kind.kind.lower()
        labels = self.ground_labels()
        counts = [
            self.row(code, labels[code], kind.by_primary_ground[code])
            for code in labels
        ]
        counts.append(
            self.row(
                "total",
                _("Participants (distinct persons)"),
                kind.participants,
                is_total=True,
            )
        )
        shares = [
            self.row(code, labels[code], kind.by_primary_ground_percent[code])
            for code in labels
        ]
        return [
            Table(
                f"primary_ground_{k}",
                _("Participants"),
                _("%(kind)s participants by primary ground of exclusion")
                % {"kind": kind.kind},
                self.columns(COUNT),
                tuple(counts),
            ),
            Table(
                f"primary_ground_{k}_percent",
                _("Participants"),
                _(
                    "%(kind)s participants by primary ground of exclusion (percent "
                    "of participants)"
                )
                % {"kind": kind.kind},
                self.columns(PERCENT),
                tuple(shares),
            ),
        ]

    def outcomes(self, kind: KindComparison) -> Table:
        k = kind.kind.lower()
        rows = [
            self.row(code, outcome_label(code), kind.outcomes_at_exit_percent[code])
            for code in OUTCOME_CODES
        ]
        return Table(
            f"outcomes_{k}_percent",
            _("Admissions, exits and outcomes"),
            _("%(kind)s exits by situation after the unit (percent of exits)")
            % {"kind": kind.kind},
            self.columns(PERCENT),
            tuple(rows),
        )

    def finance(self) -> Table:
        cis, kis = self.comparison.cis.finance_total, self.comparison.kis.finance_total
        total = Series(
            tuple(a + b for a, b in zip(cis.values, kis.values, strict=True)),  # type: ignore[operator]
            MONEY,
        )
        return Table(
            "finance",
            _("Finance"),
            _(
                "Finance in total (PLN), from the units' accepted annual reports, "
                "by year"
            ),
            self.columns(MONEY),
            (
                self.row("cis", "CIS", cis),
                self.row("kis", "KIS", kis),
                self.row("total", _("Total"), total, is_total=True),
            ),
            note=_(
                "Only units whose annual report for the year was accepted by the "
                "voivode are counted."
            ),
        )

    def tables(self) -> list[Table]:
        cis, kis = self.comparison.cis, self.comparison.kis
        return [
            self.units(),
            self.participants(),
            *self.primary_grounds(cis),
            *self.primary_grounds(kis),
            self.outcomes(cis),
            self.outcomes(kis),
            self.finance(),
        ]


def comparison_tables(comparison: YearComparison) -> list[Table]:
    """Every table of the comparison (suppressed as each year's tables are)."""
    return _Builder(comparison).tables()


def comparison_table_by_key(comparison: YearComparison, key: str) -> Table | None:
    return next((t for t in comparison_tables(comparison) if t.key == key), None)
