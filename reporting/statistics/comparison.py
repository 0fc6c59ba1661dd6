"""Several years side by side (the ministry's information on CIS and KIS,
art. 18c of the Act): the key figures of each year of a range for one scope,
and their change from the first year to the last.

Nothing is counted here: each year is the one-year statistics
(`annual_statistics`, from the per-year cache unless told otherwise), read
through the one-year tables, so a count withheld below national level in a
year's tables is withheld here too, and a change involving it is not given.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from participants.constants import Outcome
from reporting.statistics.cache import cached_annual_statistics
from reporting.statistics.scopes import FIRST_YEAR, default_year
from reporting.statistics.tables import (
    COUNT,
    MONEY,
    PERCENT,
    Table,
    Value,
    statistics_tables,
)
from reporting.statistics.types import (
    NOT_RECORDED,
    AnnualStatistics,
    Ground,
    KindFigures,
    StatisticsScope,
)
from reporting.suppression import Suppressed

# A comparison covers 2 to 10 consecutive years. The limit is the system's
# choice, not the Act's: the ministry's summaries compare two years
# (2016-2017, say) and the information filed in 2024 covered 2020-2022
# (docs/legal-basis.md section 9); ten leaves room for longer cycles.
MIN_YEARS = 2
MAX_YEARS = 10
ONE_PLACE = Decimal("0.1")
OUTCOME_CODES = (*Outcome.values, NOT_RECORDED)

Fetch = Callable[..., AnnualStatistics]


@dataclass(frozen=True)
class YearRange:
    """Consecutive years, from `first` to `last` included."""

    first: int
    last: int

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(range(self.first, self.last + 1))

    @property
    def label(self) -> str:
        return f"{self.first}–{self.last}"


def year_range(
    first: int, last: int, *, today: datetime.date | None = None
) -> YearRange:
    """The range from `first` to `last`; ValidationError (codes
    `invalid_year`, `year_order`, `too_few_years`, `too_many_years`) unless
    it holds 2 to 10 years from 2004 to the current year."""
    current = (today or timezone.localdate()).year
    if not (FIRST_YEAR <= first <= current and FIRST_YEAR <= last <= current):
        raise ValidationError(
            _("Choose years from %(first)s to %(last)s."),
            code="invalid_year",
            params={"first": FIRST_YEAR, "last": current},
        )
    if first > last:
        raise ValidationError(
            _("The first year (%(first)s) is later than the last year (%(last)s)."),
            code="year_order",
            params={"first": first, "last": last},
        )
    if last - first + 1 < MIN_YEARS:
        raise ValidationError(
            _("Choose two years or more: the first and the last year are the same."),
            code="too_few_years",
        )
    if last - first + 1 > MAX_YEARS:
        raise ValidationError(
            _(
                "Compare at most %(max)s years at a time: choose a later first "
                "year or an earlier last year."
            ),
            code="too_many_years",
            params={"max": MAX_YEARS},
        )
    return YearRange(first, last)


def default_range(last: int | None = None) -> YearRange:
    """The four years up to `last` (the last full year by default)."""
    last = last or default_year()
    first = max(FIRST_YEAR, last - 3)
    return YearRange(first, max(last, first + MIN_YEARS - 1))


def _withheld(value: Value) -> bool:
    return value is None or isinstance(value, Suppressed)


def change_between(first: Value, last: Value) -> int | Decimal | None:
    """The last figure minus the first; None when either is withheld."""
    if _withheld(first) or _withheld(last):
        return None
    return last - first  # type: ignore[operator]


def relative_change(first: Value, last: Value) -> Decimal | None:
    """The change in percent of the first figure, one decimal rounded half
    up; None when either is withheld or the first is zero."""
    if _withheld(first) or _withheld(last) or not first:
        return None
    base = Decimal(first)  # type: ignore[arg-type]
    return ((Decimal(last) - base) * 100 / base).quantize(  # type: ignore[arg-type]
        ONE_PLACE, rounding=ROUND_HALF_UP
    )


@dataclass(frozen=True)
class Series:
    """One figure over the years of a comparison, oldest first. `kind` is a
    table column kind: counts and money change in percent of the first
    year too; shares (PERCENT) change in percentage points only."""

    values: tuple[Value, ...]
    kind: str = COUNT

    @property
    def change(self) -> int | Decimal | None:
        return change_between(self.values[0], self.values[-1])

    @property
    def change_percent(self) -> Decimal | None:
        if self.kind == PERCENT:
            return None
        return relative_change(self.values[0], self.values[-1])

    @property
    def is_zero(self) -> bool:
        return all(
            value is not None and not isinstance(value, Suppressed) and value == 0
            for value in self.values
        )


@dataclass(frozen=True)
class KindComparison:
    """The key figures of one kind of unit (CIS or KIS) over the years.
    Dicts are keyed by ground or outcome code, `not_recorded` included."""

    kind: str
    active_units: Series
    units_opened: Series
    units_closed: Series
    participants: Series
    admissions: Series
    exits: Series
    by_primary_ground: dict[str, Series]
    by_primary_ground_percent: dict[str, Series]
    outcomes_at_exit: dict[str, Series]
    outcomes_at_exit_percent: dict[str, Series]
    finance_total: Series

    def counted(self) -> Iterator[Series]:
        """Every series of counts and money (not the shares)."""
        yield from (
            self.active_units,
            self.units_opened,
            self.units_closed,
            self.participants,
            self.admissions,
            self.exits,
            self.finance_total,
        )
        yield from self.by_primary_ground.values()
        yield from self.outcomes_at_exit.values()


@dataclass(frozen=True)
class YearComparison:
    scope: StatisticsScope
    years: tuple[int, ...]
    cis: KindComparison
    kis: KindComparison
    grounds: tuple[Ground, ...]

    @property
    def first(self) -> int:
        return self.years[0]

    @property
    def last(self) -> int:
        return self.years[-1]

    @property
    def label(self) -> str:
        return f"{self.first}–{self.last}"

    @property
    def kinds(self) -> tuple[KindComparison, KindComparison]:
        return (self.cis, self.kis)

    @property
    def is_empty(self) -> bool:
        """No unit, person, flow or money in any year of the range."""
        return all(series.is_zero for kind in self.kinds for series in kind.counted())


def _year_figures(
    kind: KindFigures, tables: dict[str, Table], codes: list[str]
) -> dict[str, Any]:
    """One year's key figures of one kind, as that year's tables show them
    (suppressed cells included)."""
    k = kind.kind.lower()
    primary = tables["participants_by_primary_ground"]
    flows = tables["admissions_and_exits"]
    outcomes = tables["outcomes_at_exit"]
    participants = primary.value("total", k)
    exits = flows.value("exits", k)

    def share(table: Table, code: str, base: Value) -> Value:
        # A share of nobody is not a share: a year with no participants (or
        # no exits), or whose base is withheld, gives none, so no change in
        # points is computed from it.
        if _withheld(base) or base == 0:
            return None
        return table.value(code, f"{k}_percent")

    return {
        "active_units": kind.active_units,
        "units_opened": kind.units_opened,
        "units_closed": kind.units_closed,
        "participants": participants,
        "admissions": flows.value("admissions", k),
        "exits": exits,
        "by_primary_ground": {code: primary.value(code, k) for code in codes},
        "by_primary_ground_percent": {
            code: share(primary, code, participants) for code in codes
        },
        "outcomes_at_exit": {code: outcomes.value(code, k) for code in OUTCOME_CODES},
        "outcomes_at_exit_percent": {
            code: share(outcomes, code, exits) for code in OUTCOME_CODES
        },
        "finance_total": kind.finance_total,
    }


def _kind_comparison(kind: str, years: list[dict[str, Any]]) -> KindComparison:
    def series(name: str, column_kind: str = COUNT) -> Series:
        return Series(tuple(year[name] for year in years), column_kind)

    def by_code(name: str, column_kind: str = COUNT) -> dict[str, Series]:
        codes = list(years[0][name])
        return {
            code: Series(tuple(year[name][code] for year in years), column_kind)
            for code in codes
        }

    return KindComparison(
        kind=kind,
        active_units=series("active_units"),
        units_opened=series("units_opened"),
        units_closed=series("units_closed"),
        participants=series("participants"),
        admissions=series("admissions"),
        exits=series("exits"),
        by_primary_ground=by_code("by_primary_ground"),
        by_primary_ground_percent=by_code("by_primary_ground_percent", PERCENT),
        outcomes_at_exit=by_code("outcomes_at_exit"),
        outcomes_at_exit_percent=by_code("outcomes_at_exit_percent", PERCENT),
        finance_total=series("finance_total", MONEY),
    )


def year_comparison(
    *,
    scope: StatisticsScope,
    first: int,
    last: int,
    fetch: Fetch = cached_annual_statistics,
) -> YearComparison:
    """The key figures of each year from `first` to `last` in `scope` and
    their change (the caller checks that the user may see the scope).
    ValidationError for a range `year_range` refuses. `fetch` gives one
    year's statistics: the per-year cache by default (the page and its
    downloads), `annual_statistics` to count afresh (the PDF, the command)."""
    years = year_range(first, last).years
    stats = [fetch(scope=scope, year=year) for year in years]
    grounds = stats[-1].grounds
    codes = [*(g.code for g in grounds), NOT_RECORDED]
    per_kind: dict[str, list[dict[str, Any]]] = {"CIS": [], "KIS": []}
    for one_year in stats:
        tables = {table.key: table for table in statistics_tables(one_year)}
        for kind in one_year.kinds:
            per_kind[kind.kind].append(_year_figures(kind, tables, codes))
    return YearComparison(
        scope=scope,
        years=years,
        cis=_kind_comparison("CIS", per_kind["CIS"]),
        kis=_kind_comparison("KIS", per_kind["KIS"]),
        grounds=grounds,
    )
