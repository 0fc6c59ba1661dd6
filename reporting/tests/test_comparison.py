"""The comparison of years against a hand computation.

The world of `build_years_world` (years 2023-2025):

Units
  c1  CIS, mazowieckie (14), NGO, open since 2015
  c2  CIS, mazowieckie, gmina, opened 01.03.2024
  k1  KIS, małopolskie (12), jst_unit, 2020 to 30.06.2024 (closed in 2024)
  k2  KIS, mazowieckie, church, opened 01.02.2025

           CIS open  opened  closed | KIS open  opened  closed
  2023        1        0       0    |    1        0       0
  2024        2        1       0    |    0        0       1
  2025        2        0       0    |    1        1       0
  change     +1 (+100.0%)  0 (—)  0 |    0 (0.0%) +1 (— zero base)  0

Participations
  A  c1, 01.06.2022-31.05.2024, completed, open market, long-term unemployed
  B  c1, since 01.03.2023, homeless
  C  c2, 01.04.2024-31.03.2025, took a job, supported employment, homeless
  D  c2, since 10.01.2025, no primary ground
  E  c1, since 05.05.2025, disabled
  F  k1, 15.01.2023-30.06.2024, completed, continued activation, mental illness
  G  k2, since 01.03.2025, mental illness

CIS        participants  admissions  exits | homeless       long-term unemp.
  2023        2 (A B)      1 (B)      0    | 1  50.0%       1  50.0%
  2024        3 (A B C)    1 (C)      1 (A)| 2  66.7%       1  33.3%
  2025        4 (B C D E)  2 (D E)    1 (C)| 2  50.0%       0   0.0%
  change     +2 +100.0%   +1 +100.0% +1 (—)| +1 +100.0%     -1 -100.0%
                                           | 0.0 points     -50.0 points
  Outcomes (% of exits): open market —, 100.0, 0.0 (—: no exits in 2023,
  so no share that year); supported employment —, 0.0, 100.0 (—).
KIS: participants 1, 1, 1 (0, 0.0%); admissions 1, 0, 1; exits 0, 1, 0.

Finance (accepted reports; c2's 2024 report only submitted)
  CIS 1000.00, 0.00, 2000.50: +1000.50, +100.1% (100.05 rounded half up)
  KIS 200.00, 0.00, 0.00: -200.00, -100.0%
  all 1200.00, 0.00, 2000.50: +800.50, +66.7%

Voivodeship 14 (c1, c2, k2): counts 1-2 withheld. CIS participants <3, 3, 4:
the change is not given; KIS participants 0, 0, <3.
"""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from reporting.constants import ScopeKind
from reporting.statistics import StatisticsScope, annual_statistics
from reporting.statistics.comparison import (
    Series,
    change_between,
    default_range,
    relative_change,
    year_comparison,
    year_range,
)
from reporting.statistics.comparison_tables import comparison_tables
from reporting.statistics.tables import COUNT, MONEY, PERCENT
from reporting.suppression import Suppressed
from reporting.tests.statistics_factories import (
    build_years_world,
    make_participation,
    make_person,
)
from units.tests.factories import voivodeship

D = datetime.date
S3 = Suppressed(3)
NATIONAL = StatisticsScope(ScopeKind.NATIONAL)


def values(series):
    return (series.values, series.change, series.change_percent)


def test_change_of_counts_money_and_shares():
    assert change_between(2, 5) == 3
    assert relative_change(2, 5) == Decimal("150.0")
    assert relative_change(3, 1) == Decimal("-66.7")
    # Zero base: the absolute change only.
    assert change_between(0, 4) == 4
    assert relative_change(0, 4) is None
    assert relative_change(0, 0) is None
    # A withheld figure at either end: no change at all.
    assert change_between(S3, 4) is None
    assert change_between(4, S3) is None
    assert relative_change(S3, 4) is None
    assert change_between(None, Decimal("1.0")) is None
    # Half up: 1000.50 on 1000 is +100.05% -> 100.1; -12.25 -> -12.3.
    assert relative_change(Decimal("1000.00"), Decimal("2000.50")) == Decimal("100.1")
    assert relative_change(400, 351) == Decimal("-12.3")
    # Shares change in points only; withheld years in between do not matter.
    share = Series((Decimal("50.0"), None, Decimal("25.0")), PERCENT)
    assert (share.change, share.change_percent) == (Decimal("-25.0"), None)
    money = Series((Decimal("10.00"), Decimal("0.00"), Decimal("0.00")), MONEY)
    assert (money.change, money.change_percent) == (
        Decimal("-10.00"),
        Decimal("-100.0"),
    )
    assert Series((0, 0), COUNT).is_zero
    assert not Series((0, S3), COUNT).is_zero


@pytest.mark.parametrize(
    ("first", "last", "code"),
    [
        (2003, 2005, "invalid_year"),
        (2024, 2027, "invalid_year"),
        (2025, 2023, "year_order"),
        (2025, 2025, "too_few_years"),
        (2010, 2020, "too_many_years"),
    ],
)
def test_year_range_refuses(first, last, code):
    with pytest.raises(ValidationError) as error:
        year_range(first, last, today=D(2026, 12, 1))
    assert error.value.code == code


def test_year_range_and_default():
    assert year_range(2004, 2013, today=D(2026, 1, 1)).years == tuple(range(2004, 2014))
    assert year_range(2025, 2026, today=D(2026, 1, 1)).label == "2025–2026"
    assert (default_range(2025).first, default_range(2025).last) == (2022, 2025)
    # Never fewer than two years, never before 2004.
    assert (default_range(2004).first, default_range(2004).last) == (2004, 2005)
    assert default_range(2006).first == 2004


@pytest.mark.django_db
def test_national_comparison_worked_example():
    build_years_world()
    comparison = year_comparison(
        scope=NATIONAL, first=2023, last=2025, fetch=annual_statistics
    )
    cis, kis = comparison.cis, comparison.kis
    assert comparison.years == (2023, 2024, 2025)
    assert values(cis.active_units) == ((1, 2, 2), 1, Decimal("100.0"))
    assert values(cis.units_opened) == ((0, 1, 0), 0, None)
    assert values(kis.active_units) == ((1, 0, 1), 0, Decimal("0.0"))
    assert values(kis.units_opened) == ((0, 0, 1), 1, None)
    assert values(kis.units_closed) == ((0, 1, 0), 0, None)
    assert values(cis.participants) == ((2, 3, 4), 2, Decimal("100.0"))
    assert values(cis.admissions) == ((1, 1, 2), 1, Decimal("100.0"))
    assert values(cis.exits) == ((0, 1, 1), 1, None)
    assert values(cis.by_primary_ground["homeless"]) == (
        (1, 2, 2),
        1,
        Decimal("100.0"),
    )
    assert values(cis.by_primary_ground["long_term_unemployed"]) == (
        (1, 1, 0),
        -1,
        Decimal("-100.0"),
    )
    assert values(cis.by_primary_ground["not_recorded"]) == ((0, 0, 1), 1, None)
    assert values(cis.by_primary_ground_percent["homeless"]) == (
        (Decimal("50.0"), Decimal("66.7"), Decimal("50.0")),
        Decimal("0.0"),
        None,
    )
    assert cis.by_primary_ground_percent["long_term_unemployed"].change == Decimal(
        "-50.0"
    )
    assert cis.by_primary_ground_percent["disabled"].values[-1] == Decimal("25.0")
    # No exits in 2023: no share that year, so no change in points from it.
    assert values(cis.outcomes_at_exit_percent["supported_employment"]) == (
        (None, Decimal("0.0"), Decimal("100.0")),
        None,
        None,
    )
    assert values(cis.outcomes_at_exit_percent["open_market"]) == (
        (None, Decimal("100.0"), Decimal("0.0")),
        None,
        None,
    )
    assert cis.outcomes_at_exit["open_market"].values == (0, 1, 0)
    assert values(kis.participants) == ((1, 1, 1), 0, Decimal("0.0"))
    assert values(kis.admissions) == ((1, 0, 1), 0, Decimal("0.0"))
    assert kis.exits.values == (0, 1, 0)
    assert values(cis.finance_total) == (
        (Decimal("1000.00"), Decimal("0.00"), Decimal("2000.50")),
        Decimal("1000.50"),
        Decimal("100.1"),
    )
    assert values(kis.finance_total) == (
        (Decimal("200.00"), Decimal("0.00"), Decimal("0.00")),
        Decimal("-200.00"),
        Decimal("-100.0"),
    )
    assert not comparison.is_empty


@pytest.mark.django_db
def test_each_year_is_the_one_year_statistics():
    """The comparison reads each year's own statistics: the same figures."""
    build_years_world()
    comparison = year_comparison(
        scope=NATIONAL, first=2023, last=2025, fetch=annual_statistics
    )
    for index, year in enumerate(comparison.years):
        one = annual_statistics(scope=NATIONAL, year=year)
        assert comparison.cis.participants.values[index] == one.cis.participants
        assert comparison.kis.admissions.values[index] == one.kis.admissions
        assert comparison.cis.active_units.values[index] == one.cis.active_units


@pytest.mark.django_db
def test_below_national_level_withheld_cells_stay_withheld():
    build_years_world()
    region = StatisticsScope(ScopeKind.VOIVODESHIP, voivodeship=voivodeship("14"))
    comparison = year_comparison(
        scope=region, first=2023, last=2025, fetch=annual_statistics
    )
    cis, kis = comparison.cis, comparison.kis
    # 2 persons in 2023: withheld, so no change is given.
    assert values(cis.participants) == ((S3, 3, 4), None, None)
    assert values(kis.participants) == ((0, 0, S3), None, None)
    assert values(cis.by_primary_ground["homeless"]) == ((S3, S3, S3), None, None)
    assert values(cis.by_primary_ground_percent["homeless"]) == (
        (None, None, None),
        None,
        None,
    )
    # Units are never withheld.
    assert values(cis.active_units) == ((1, 2, 2), 1, Decimal("100.0"))
    tables = {t.key: t for t in comparison_tables(comparison)}
    participants = tables["participants"]
    assert participants.value("cis_participants", "2023") == S3
    assert participants.value("cis_participants", "change") is None
    assert participants.value("cis_participants", "change_percent") is None
    assert participants.value("cis_participants", "2025") == 4


@pytest.mark.django_db
def test_tables_have_a_column_per_year_and_the_change():
    build_years_world()
    comparison = year_comparison(
        scope=NATIONAL, first=2023, last=2025, fetch=annual_statistics
    )
    with translation.override("en"):
        tables = {t.key: t for t in comparison_tables(comparison)}
    assert list(tables) == [
        "units",
        "participants",
        "primary_ground_cis",
        "primary_ground_cis_percent",
        "primary_ground_kis",
        "primary_ground_kis_percent",
        "outcomes_cis_percent",
        "outcomes_kis_percent",
        "finance",
    ]
    units = tables["units"]
    assert [c.label for c in units.columns] == [
        "2023",
        "2024",
        "2025",
        "Change 2023–2025",
        "Change (%)",
    ]
    assert units.rows[0].label == "CIS: open on 31 December"
    assert units.rows[0].cells == (1, 2, 2, 1, Decimal("100.0"))
    shares = tables["primary_ground_cis_percent"]
    assert [c.key for c in shares.columns] == ["2023", "2024", "2025", "change"]
    assert shares.columns[-1].label == "Change 2023–2025 (percentage points)"
    assert next(r for r in shares.rows if r.key == "homeless").cells == (
        Decimal("50.0"),
        Decimal("66.7"),
        Decimal("50.0"),
        Decimal("0.0"),
    )
    counts = tables["primary_ground_cis"]
    assert counts.rows[-1].key == "total"
    assert counts.rows[-1].cells == (2, 3, 4, 2, Decimal("100.0"))
    finance = tables["finance"]
    assert finance.value("total", "change") == Decimal("800.50")
    assert finance.value("total", "change_percent") == Decimal("66.7")


@pytest.mark.django_db
def test_empty_range():
    build_years_world()
    comparison = year_comparison(
        scope=NATIONAL, first=2010, last=2012, fetch=annual_statistics
    )
    assert comparison.is_empty
    assert comparison.cis.participants.values == (0, 0, 0)
    assert comparison.cis.participants.change == 0
    assert comparison.cis.participants.change_percent is None


@pytest.mark.django_db
def test_comparison_reads_the_per_year_cache(settings):
    """By default each year comes from the cache of the one-year figures:
    once a year is kept, a new record shows only after it expires."""
    settings.STATISTICS_CACHE_SECONDS = 300
    world = build_years_world()
    first = year_comparison(scope=NATIONAL, first=2024, last=2025)
    make_participation(make_person(world["c1"]), admitted_on=D(2025, 6, 1))
    kept = year_comparison(scope=NATIONAL, first=2024, last=2025)
    assert kept.cis.participants.values == first.cis.participants.values == (3, 4)
    fresh = year_comparison(
        scope=NATIONAL, first=2024, last=2025, fetch=annual_statistics
    )
    assert fresh.cis.participants.values == (3, 5)
