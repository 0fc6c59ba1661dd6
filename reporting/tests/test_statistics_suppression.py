"""Small-cell suppression: counts 1-2 withheld below national level, a second
cell withheld where subtraction would reveal the first, percentages not given
for withheld cells, and the threshold a setting."""

from decimal import Decimal

import pytest

from reporting.constants import ScopeKind
from reporting.statistics import StatisticsScope, annual_statistics
from reporting.statistics.tables import table_by_key
from reporting.suppression import (
    Suppressed,
    percent,
    suppress_partition,
    suppress_value,
)
from reporting.tests.statistics_factories import build_world
from units.tests.factories import voivodeship

S3 = Suppressed(3)


def test_small_counts_are_withheld_only_when_active():
    assert suppress_value(2, active=True) == S3
    assert suppress_value(0, active=True) == 0
    assert suppress_value(3, active=True) == 3
    assert suppress_value(1, active=False) == 1
    assert str(S3) == "<3"


def test_a_single_withheld_cell_takes_the_next_smallest_with_it():
    # 10 = 1 + 4 + 5: "1" alone withheld could be recovered as 10 - 4 - 5.
    assert suppress_partition({"a": 1, "b": 4, "c": 5}, active=True, total=10) == {
        "a": S3,
        "b": S3,
        "c": 5,
    }
    # Two withheld cells already protect each other; zeros stay zeros.
    assert suppress_partition(
        {"a": 1, "b": 2, "c": 0, "d": 7}, active=True, total=10
    ) == {"a": S3, "b": S3, "c": 0, "d": 7}
    # Overlapping categories (no total to subtract from): no second cell.
    assert suppress_partition({"a": 1, "b": 4}, active=True) == {"a": S3, "b": 4}
    assert suppress_partition({"a": 1, "b": 4}, active=False, total=5) == {
        "a": 1,
        "b": 4,
    }


def test_percent_half_up_and_not_for_withheld_cells():
    assert percent(1, 3) == Decimal("33.3")
    assert percent(1, 8) == Decimal("12.5")
    assert percent(1, 16) == Decimal("6.3")  # 6.25 rounded half up
    assert percent(S3, 10) is None
    assert percent(4, S3) is None
    assert percent(0, 0) == Decimal("0.0")


def test_threshold_is_a_setting(settings):
    settings.STATISTICS_SUPPRESSION_THRESHOLD = 5
    assert suppress_value(4, active=True) == Suppressed(5)
    assert str(Suppressed(5)) == "<5"


@pytest.mark.django_db
def test_tables_below_national_level(settings):
    world = build_world()
    national = annual_statistics(scope=StatisticsScope(ScopeKind.NATIONAL), year=2025)
    table = table_by_key(national, "participants_by_primary_ground")
    # National level: nothing withheld (1 of 3 = 33.3%).
    assert table.value("refugee", "cis") == 1
    assert table.value("refugee", "cis_percent") == Decimal("33.3")
    region = annual_statistics(
        scope=StatisticsScope(ScopeKind.VOIVODESHIP, voivodeship=voivodeship("14")),
        year=2025,
    )
    table = table_by_key(region, "participants_by_primary_ground")
    assert table.value("refugee", "cis") == S3
    assert table.value("refugee", "cis_percent") is None
    assert table.value("homeless", "cis") == 0
    assert table.value("homeless", "cis_percent") == Decimal("0.0")
    # The total (3 persons) is shown.
    assert table.value("total", "cis") == 3
    # Units are register data: never withheld.
    units = table_by_key(region, "units_by_founder_group")
    assert units.value("social_economy", "cis") == 1
    # A unit's own figures are withheld too (exits: 1 in u1).
    unit = annual_statistics(
        scope=StatisticsScope(ScopeKind.UNIT, unit=world["u1"]), year=2025
    )
    length = table_by_key(unit, "average_length")
    assert length.value("cis", "exits") == S3
    assert length.value("cis", "days") is None
    assert table_by_key(unit, "units_by_voivodeship") is None
    settings.STATISTICS_SUPPRESSION_THRESHOLD = 1
    unit = annual_statistics(
        scope=StatisticsScope(ScopeKind.UNIT, unit=world["u1"]), year=2025
    )
    # p1: 01.03.2024-01.01.2025 = 307 days.
    assert table_by_key(unit, "average_length").value("cis", "days") == Decimal("307.0")
