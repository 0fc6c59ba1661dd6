"""The tables of the statistics, as every output shows them: the same rows,
columns and (below national level) the same suppressed cells in HTML, PDF,
CSV, XLSX. Labels are translated when the tables are built (at request
time), so build them inside the language wanted."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from participants.constants import (
    ExitReason,
    FollowUpOutcome,
    Outcome,
    ReferralRequester,
    Sex,
)
from reporting.statistics.types import (
    AGE_BANDS,
    FINANCE_SOURCES,
    FOLLOW_UP_COLUMNS,
    NOT_RECORDED,
    AnnualStatistics,
    KindFigures,
)
from reporting.suppression import Count, Suppressed, percent, suppress_partition
from units.constants import FounderGroup, FounderType

COUNT = "count"
PERCENT = "percent"
MONEY = "money"
DAYS = "days"

Value = int | Decimal | Suppressed | None


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: str = COUNT


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    cells: tuple[Value, ...]
    is_total: bool = False


@dataclass(frozen=True)
class Table:
    key: str
    section: str
    title: str
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    note: str = ""
    # Column indexes drawn in the chart (None: no chart).
    chart_columns: tuple[int, ...] | None = None

    @property
    def body(self) -> tuple[Row, ...]:
        return tuple(row for row in self.rows if not row.is_total)

    def value(self, row_key: str, column_key: str) -> Value:
        """The cell, or None (not given) when the table has no such row: a
        ground added after a year's figures were counted, say."""
        index = [c.key for c in self.columns].index(column_key)
        row = next((row for row in self.rows if row.key == row_key), None)
        return None if row is None else row.cells[index]


def age_band_label(code: str) -> str:
    for band, low, high in AGE_BANDS:
        if band == code:
            if low is None:
                return _("up to %(high)s") % {"high": high}
            if high is None:
                return _("%(low)s and over") % {"low": low}
            return f"{low}–{high}"
    return code


def _label(choices: Any, code: str) -> str:
    if code == NOT_RECORDED:
        return _("not recorded")
    return str(choices(code).label)


def _kind_columns(*, with_percent: bool) -> tuple[Column, ...]:
    columns = []
    for kind in ("CIS", "KIS"):
        columns.append(Column(kind.lower(), kind))
        if with_percent:
            columns.append(Column(f"{kind.lower()}_percent", f"{kind} %", PERCENT))
    return tuple(columns)


class _Builder:
    def __init__(self, stats: AnnualStatistics) -> None:
        self.stats = stats
        self.active = stats.scope.suppressed

    # Units: public register data, never suppressed.
    def unit_table(
        self,
        key: str,
        title: str,
        labels: Mapping[str, str],
        field: str,
        *,
        chart: bool = True,
    ) -> Table:
        rows = []
        cis: dict[str, int] = getattr(self.stats.cis, field)
        kis: dict[str, int] = getattr(self.stats.kis, field)
        for code, label in labels.items():
            rows.append(Row(code, label, (cis[code], kis[code], cis[code] + kis[code])))
        rows.append(
            Row(
                "total",
                _("Total"),
                (
                    sum(cis.values()),
                    sum(kis.values()),
                    sum(cis.values()) + sum(kis.values()),
                ),
                is_total=True,
            )
        )
        return Table(
            key,
            _("Units"),
            title,
            (Column("cis", "CIS"), Column("kis", "KIS"), Column("total", _("Total"))),
            tuple(rows),
            chart_columns=(0, 1) if chart else None,
        )

    def person_table(
        self,
        key: str,
        section: str,
        title: str,
        labels: Mapping[str, str],
        values: Mapping[str, tuple[Mapping[str, int], int]],
        *,
        partition: bool = True,
        total_label: str | None = None,
        note: str = "",
    ) -> Table:
        """Counts of persons (or participations) by category for CIS and
        KIS, with the share of each kind's total; suppressed below national
        level."""
        shown: dict[str, tuple[dict[str, Count], Count]] = {}
        for kind, (counts, total) in values.items():
            cells = suppress_partition(
                {code: counts.get(code, 0) for code in labels},
                active=self.active,
                total=total if partition else None,
            )
            shown[kind] = (
                cells,
                suppress_partition({"t": total}, active=self.active)["t"],
            )
        rows = []
        for code, label in labels.items():
            cells: list[Value] = []
            for kind in ("cis", "kis"):
                counts, total = shown[kind]
                cells += [counts[code], percent(counts[code], total)]
            rows.append(Row(code, label, tuple(cells)))
        total_cells: list[Value] = []
        for kind in ("cis", "kis"):
            total = shown[kind][1]
            total_cells += [
                total,
                None if isinstance(total, Suppressed) else Decimal("100.0"),
            ]
        rows.append(
            Row("total", total_label or _("Total"), tuple(total_cells), is_total=True)
        )
        return Table(
            key,
            section,
            title,
            _kind_columns(with_percent=True),
            tuple(rows),
            note=note,
            chart_columns=(0, 2),
        )

    def tables(self) -> list[Table]:
        s = self.stats
        persons = _("Participants")
        flows = _("Admissions, exits and outcomes")
        cis, kis = s.cis, s.kis
        ground_labels = {g.code: g.name for g in s.grounds}
        tables = [
            self.unit_table(
                "units_by_founder_group",
                _("Units open on 31 December by founder group"),
                {g.value: str(g.label) for g in FounderGroup},
                "units_by_founder_group",
            ),
            self.unit_table(
                "units_by_founder_type",
                _("Units open on 31 December by type of founding body"),
                {t.value: str(t.label) for t in FounderType},
                "units_by_founder_type",
            ),
        ]
        if not s.scope.unit:
            tables.append(
                self.unit_table(
                    "units_by_voivodeship",
                    _("Units open on 31 December by voivodeship"),
                    dict(s.voivodeships),
                    "units_by_voivodeship",
                )
            )
        tables.append(self._units_flow())
        tables += [
            self.person_table(
                "participants_by_primary_ground",
                persons,
                _("Participants by primary ground of exclusion"),
                {**ground_labels, NOT_RECORDED: _("not recorded")},
                {
                    "cis": (
                        {
                            **cis.by_primary_ground,
                            NOT_RECORDED: cis.without_primary_ground,
                        },
                        cis.participants,
                    ),
                    "kis": (
                        {
                            **kis.by_primary_ground,
                            NOT_RECORDED: kis.without_primary_ground,
                        },
                        kis.participants,
                    ),
                },
                total_label=_("Participants (distinct persons)"),
            ),
            self.person_table(
                "participants_by_ground",
                persons,
                _("Participants by every ground of exclusion recorded"),
                ground_labels,
                {
                    "cis": (cis.by_ground, cis.participants),
                    "kis": (kis.by_ground, kis.participants),
                },
                partition=False,
                total_label=_("Participants (distinct persons)"),
                note=_(
                    "A person may have several grounds, so the rows add up to "
                    "more than the total."
                ),
            ),
            self.person_table(
                "participants_by_sex",
                persons,
                _("Participants by sex"),
                {x.value: str(x.label) for x in Sex},
                {
                    "cis": (cis.by_sex, cis.participants),
                    "kis": (kis.by_sex, kis.participants),
                },
                total_label=_("Participants (distinct persons)"),
            ),
            self.person_table(
                "participants_by_age_band",
                persons,
                _("Participants by age on 31 December"),
                {code: age_band_label(code) for code, _low, _high in AGE_BANDS},
                {
                    "cis": (cis.by_age_band, cis.participants),
                    "kis": (kis.by_age_band, kis.participants),
                },
                total_label=_("Participants (distinct persons)"),
            ),
            self.person_table(
                "participants_by_referral",
                persons,
                _("Participants by who asked for the referral"),
                {
                    code: _label(ReferralRequester, code)
                    for code in [*ReferralRequester.values, NOT_RECORDED]
                },
                {
                    "cis": (cis.by_referral, cis.participants),
                    "kis": (kis.by_referral, kis.participants),
                },
                total_label=_("Participants (distinct persons)"),
            ),
            self._flows(),
            self.person_table(
                "exits_by_reason",
                flows,
                _("Exits during the year by reason"),
                {r.value: str(r.label) for r in ExitReason},
                {
                    "cis": (cis.exits_by_reason, cis.exits),
                    "kis": (kis.exits_by_reason, kis.exits),
                },
                total_label=_("Exits"),
            ),
            self.person_table(
                "outcomes_at_exit",
                flows,
                _("Exits during the year by situation after the unit"),
                {
                    code: _label(Outcome, code)
                    for code in [*Outcome.values, NOT_RECORDED]
                },
                {
                    "cis": (cis.outcomes_at_exit, cis.exits),
                    "kis": (kis.outcomes_at_exit, kis.exits),
                },
                total_label=_("Exits"),
            ),
            self._follow_ups(),
            self._length(),
            self._finance(),
        ]
        return tables

    def _units_flow(self) -> Table:
        s = self.stats
        rows = [
            Row(key, label, (a, b, a + b))
            for key, label, a, b in (
                (
                    "opened",
                    _("opened during the year"),
                    s.cis.units_opened,
                    s.kis.units_opened,
                ),
                (
                    "closed",
                    _("closed during the year"),
                    s.cis.units_closed,
                    s.kis.units_closed,
                ),
                (
                    "active",
                    _("open on 31 December"),
                    s.cis.active_units,
                    s.kis.active_units,
                ),
            )
        ]
        return Table(
            "units_opened_closed",
            _("Units"),
            _("Units opened and closed during the year"),
            (Column("cis", "CIS"), Column("kis", "KIS"), Column("total", _("Total"))),
            tuple(rows),
        )

    def _flows(self) -> Table:
        s = self.stats
        rows = []
        for key, label, field in (
            ("admissions", _("admitted during the year"), "admissions"),
            ("exits", _("exited during the year"), "exits"),
        ):
            rows.append(
                Row(
                    key,
                    label,
                    tuple(
                        suppress_partition(
                            {"v": getattr(kind, field)}, active=self.active
                        )["v"]
                        for kind in s.kinds
                    ),
                )
            )
        return Table(
            "admissions_and_exits",
            _("Admissions, exits and outcomes"),
            _("Admissions and exits during the year (participations)"),
            (Column("cis", "CIS"), Column("kis", "KIS")),
            tuple(rows),
            chart_columns=(0, 1),
        )

    def _follow_ups(self) -> Table:
        s = self.stats
        columns = []
        shown: list[dict[str, Count]] = []
        totals: list[Count] = []
        for kind in s.kinds:
            for months in FOLLOW_UP_COLUMNS:
                columns.append(
                    Column(
                        f"{kind.kind.lower()}_{months}",
                        pgettext("follow-up column", "%(kind)s after %(months)s months")
                        % {"kind": kind.kind, "months": months},
                    )
                )
                counts = kind.follow_ups.get(months, {})
                counts = {o: counts.get(o, 0) for o in FollowUpOutcome.values}
                total = sum(counts.values())
                shown.append(
                    suppress_partition(counts, active=self.active, total=total)
                )
                totals.append(suppress_partition({"t": total}, active=self.active)["t"])
        rows = [
            Row(
                code,
                str(FollowUpOutcome(code).label),
                tuple(col[code] for col in shown),
            )
            for code in FollowUpOutcome.values
        ]
        rows.append(Row("total", _("Checks made"), tuple(totals), is_total=True))
        return Table(
            "follow_up_outcomes",
            _("Admissions, exits and outcomes"),
            _(
                "Situation found by the follow-up checks of those who exited "
                "during the year"
            ),
            tuple(columns),
            tuple(rows),
            note=_("Only the checks already made are counted."),
        )

    def _length(self) -> Table:
        rows = []
        for kind in self.stats.kinds:
            exits = suppress_partition({"v": kind.exits}, active=self.active)["v"]
            average = (
                None if isinstance(exits, Suppressed) else kind.average_length_days
            )
            rows.append(Row(kind.kind.lower(), kind.kind, (exits, average)))
        return Table(
            "average_length",
            _("Admissions, exits and outcomes"),
            _("Average length of participation of those who exited during the year"),
            (Column("exits", _("Exits")), Column("days", _("Average days"), DAYS)),
            tuple(rows),
            note=_("Days from admission to exit, both included."),
        )

    def _finance(self) -> Table:
        s = self.stats
        labels = {
            "local_government": _("local-government own funds"),
            "esf": _("European Social Fund"),
            "labour_fund": _("Labour Fund"),
            "own_revenue": _("own revenue"),
            "other": _("other sources"),
        }
        rows = [
            Row(
                source,
                labels[source],
                (
                    s.cis.finance[source],
                    s.kis.finance[source],
                    s.cis.finance[source] + s.kis.finance[source],
                ),
            )
            for source in FINANCE_SOURCES
        ]
        rows.append(
            Row(
                "total",
                _("Total"),
                (
                    s.cis.finance_total,
                    s.kis.finance_total,
                    s.cis.finance_total + s.kis.finance_total,
                ),
                is_total=True,
            )
        )
        rows.append(
            Row(
                "reports",
                _("accepted annual reports counted"),
                (
                    s.cis.finance_reports,
                    s.kis.finance_reports,
                    s.cis.finance_reports + s.kis.finance_reports,
                ),
            )
        )
        return Table(
            "finance",
            _("Finance"),
            _("Finance by source (PLN), from the units' accepted annual reports"),
            (
                Column("cis", "CIS", MONEY),
                Column("kis", "KIS", MONEY),
                Column("total", _("Total"), MONEY),
            ),
            tuple(rows),
            note=_(
                "Only units whose annual report for the year was accepted by the "
                "voivode are counted."
            ),
            chart_columns=None,
        )


def statistics_tables(stats: AnnualStatistics) -> list[Table]:
    """Every table of `stats`, suppressed below national level."""
    return _Builder(stats).tables()


def table_by_key(stats: AnnualStatistics, key: str) -> Table | None:
    return next((t for t in statistics_tables(stats) if t.key == key), None)


def kind_label(kind: KindFigures) -> str:
    return kind.kind
