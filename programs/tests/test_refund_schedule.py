"""The refund to an employer in supported employment (art. 16 of the Act):
worked examples of the month-by-month schedule under each dated rule, and
the rule rows the data migration loads."""

import datetime
import itertools
from decimal import Decimal

import pytest

from programs.allowance import RatePoint
from programs.refund_schedule import (
    RefundRule,
    RefundRuleError,
    highest_refund,
    refund_schedule,
)
from programs.selectors_allowances import refund_rule_on, supported_refund_schedule

D = datetime.date
RATES = (
    RatePoint(D(2021, 6, 1), Decimal("1240.80")),
    RatePoint(D(2022, 6, 1), Decimal("1304.10")),
    RatePoint(D(2025, 6, 1), Decimal("1721.90")),
    RatePoint(D(2026, 6, 1), Decimal("1783.90")),
)
BEFORE_2022 = RefundRule.from_value(
    {
        "commitment_months": 12,
        "tranches": [
            {"months": 3, "percent": "100"},
            {"months": 3, "percent": "80"},
            {"months": 6, "percent": "60"},
        ],
        "with_contributions": True,
    },
    "art. 16 ust. 2",
)
SINCE_2022 = RefundRule.from_value(
    {
        "commitment_months": 6,
        "tranches": [{"months": 6, "percent": "100"}],
        "with_contributions": True,
    },
    "art. 16 ust. 2",
)


def test_twelve_months_falling_from_100_to_60_percent():
    """Employment from 1 September 2021 under the 2007 wording: 3 months at
    100% of 1240,80 zł, 3 at 80% (992,64 zł), then 6 at 60% (744,48 zł),
    with the June 2022 amount in the last four months (782,46 zł)."""
    schedule = refund_schedule(starts_on=D(2021, 9, 1), rule=BEFORE_2022, rates=RATES)
    assert [m.number for m in schedule] == list(range(1, 13))
    assert [(m.first_day, m.last_day) for m in schedule[:2]] == [
        (D(2021, 9, 1), D(2021, 9, 30)),
        (D(2021, 10, 1), D(2021, 10, 31)),
    ]
    assert [m.maximum for m in schedule] == [
        Decimal("1240.80"),
        Decimal("1240.80"),
        Decimal("1240.80"),
        Decimal("992.64"),
        Decimal("992.64"),
        Decimal("992.64"),
        Decimal("744.48"),
        Decimal("744.48"),
        Decimal("744.48"),
        Decimal("782.46"),
        Decimal("782.46"),
        Decimal("782.46"),
    ]
    assert schedule[-1].last_day == D(2022, 8, 31)


def test_six_months_at_100_percent_since_2022_across_a_new_benefit_amount():
    """From 16 March 2026: months run 16th to 15th; the amount of 1 June 2026
    applies from the month that begins after it (16 June)."""
    schedule = refund_schedule(starts_on=D(2026, 3, 16), rule=SINCE_2022, rates=RATES)
    assert [(m.first_day, m.last_day, m.maximum) for m in schedule] == [
        (D(2026, 3, 16), D(2026, 4, 15), Decimal("1721.90")),
        (D(2026, 4, 16), D(2026, 5, 15), Decimal("1721.90")),
        (D(2026, 5, 16), D(2026, 6, 15), Decimal("1721.90")),
        (D(2026, 6, 16), D(2026, 7, 15), Decimal("1783.90")),
        (D(2026, 7, 16), D(2026, 8, 15), Decimal("1783.90")),
        (D(2026, 8, 16), D(2026, 9, 15), Decimal("1783.90")),
    ]
    assert highest_refund(
        starts_on=D(2026, 3, 16), rule=SINCE_2022, rates=RATES
    ) == Decimal("1783.90")


def test_months_from_the_31st_join_without_gaps():
    schedule = refund_schedule(starts_on=D(2026, 1, 31), rule=SINCE_2022, rates=RATES)
    assert [(m.first_day, m.last_day) for m in schedule[:3]] == [
        (D(2026, 1, 31), D(2026, 2, 28)),
        (D(2026, 3, 1), D(2026, 3, 30)),
        (D(2026, 3, 31), D(2026, 4, 30)),
    ]
    for earlier, later in itertools.pairwise(schedule):
        assert later.first_day == earlier.last_day + datetime.timedelta(days=1)


def test_no_benefit_rate_gives_no_maximum():
    schedule = refund_schedule(starts_on=D(2015, 1, 5), rule=SINCE_2022, rates=RATES)
    assert {m.maximum for m in schedule} == {None}
    assert highest_refund(starts_on=D(2015, 1, 5), rule=SINCE_2022, rates=RATES) is None


@pytest.mark.parametrize(
    "value",
    [
        {},
        {"commitment_months": 6, "tranches": [], "with_contributions": True},
        {
            "commitment_months": 6,
            "tranches": [{"months": 6, "percent": "120"}],
            "with_contributions": True,
        },
        {
            "commitment_months": "x",
            "tranches": [{"months": 6, "percent": "100"}],
            "with_contributions": True,
        },
        {
            "commitment_months": 6,
            "tranches": [{"months": 6, "percent": "NaN"}],
            "with_contributions": True,
        },
    ],
)
def test_an_unreadable_rule_is_refused(value):
    with pytest.raises(RefundRuleError):
        RefundRule.from_value(value, "art. 16")


@pytest.mark.django_db
def test_the_loaded_rule_changes_on_15_february_2022():
    before = refund_rule_on(D(2022, 2, 14))
    assert (before.commitment_months, before.top_percent) == (12, Decimal("100"))
    assert [(t.months, t.percent) for t in before.tranches] == [
        (3, Decimal("100")),
        (3, Decimal("80")),
        (6, Decimal("60")),
    ]
    after = refund_rule_on(D(2022, 2, 15))
    assert [(t.months, t.percent) for t in after.tranches] == [(6, Decimal("100"))]
    assert "Dz.U. 2022 poz. 218" in after.article
    rule, months = supported_refund_schedule(starts_on=D(2026, 3, 2))
    assert rule == after
    assert months[0].maximum == Decimal("1721.90")
