"""Worked examples of the integration allowance (art. 15, 15a of the Act): the
inputs, the amount to the grosz and the article. The calculator is pure, so
these tests build the rules from the data migration's own rows and need no
database."""

from __future__ import annotations

import datetime
import importlib
from decimal import Decimal

import pytest

from programs.allowance import (
    AllowanceInput,
    AllowanceRuleError,
    Flag,
    RatePoint,
    RuleRow,
    Step,
    calculate,
    check_bonus,
    money,
    month_bounds,
    rules_timeline,
    usage_window,
)

D = datetime.date
RULES_MIGRATION = importlib.import_module(
    "programs.migrations.0003_load_allowance_rules"
)
RATES_MIGRATION = importlib.import_module("programs.migrations.0002_load_benefit_rates")
RATES = tuple(
    RatePoint(day, Decimal(amount)) for day, amount, _ in RATES_MIGRATION.RATES
)
ROWS = [
    RuleRow(code, valid_from, value, article)
    for code, valid_from, value, article, _ in RULES_MIGRATION.RULES
]


def month_input(month, *, extra_rows=(), rates=RATES, **kwargs):
    start, end = month_bounds(month)
    kwargs.setdefault("statuses", {})
    kwargs.setdefault("exited_on", None)
    return AllowanceInput(
        month=start,
        rules=rules_timeline([*ROWS, *extra_rows], start, end),
        benefit_rates=rates,
        **kwargs,
    )


def days(month, *numbers, status):
    return {month.replace(day=n): status for n in numbers}


IN_PROGRAMME = {"admitted_on": D(2024, 6, 2), "trial_ends_on": D(2024, 7, 1)}
MARCH_2025 = D(2025, 3, 1)


def test_money_rounds_half_up_to_the_grosz():
    assert money(Decimal("2.345")) == Decimal("2.35")
    assert money(Decimal("2.344999")) == Decimal("2.34")
    assert money(Decimal("-2.345")) == Decimal("-2.35")


@pytest.mark.parametrize(
    ("label", "month", "kwargs", "amount", "article"),
    [
        (
            "full month in the programme after 2022: 120% of 1662.00",
            MARCH_2025,
            IN_PROGRAMME,
            "1994.40",
            "art. 15 ust. 4",
        ),
        (
            "trial month before 2022: 50% of 1200.00",
            D(2021, 3, 1),
            {"admitted_on": D(2021, 3, 1), "trial_ends_on": D(2021, 3, 31)},
            "600.00",
            "art. 15 ust. 2",
        ),
        (
            "trial ends on 15 March 2021: 15 days at 50%, 16 days at 100%",
            D(2021, 3, 1),
            {"admitted_on": D(2021, 2, 16), "trial_ends_on": D(2021, 3, 15)},
            "909.68",  # 600 × 15/31 + 1200 × 16/31
            "art. 15 ust. 3",
        ),
        (
            "admitted on 10 March 2025: 22 of 31 days",
            MARCH_2025,
            {"admitted_on": D(2025, 3, 10), "trial_ends_on": D(2025, 4, 9)},
            "1415.38",  # 1994.40 × 22/31
            "art. 15 ust. 4",
        ),
        (
            "exit on 20 March 2025: 20 of 31 days",
            MARCH_2025,
            {**IN_PROGRAMME, "exited_on": D(2025, 3, 20)},
            "1286.71",  # 1994.40 × 20/31
            "art. 15 ust. 4",
        ),
        (
            "two unexcused days: 1/20 each",
            MARCH_2025,
            {**IN_PROGRAMME, "statuses": days(MARCH_2025, 3, 4, status="unexcused")},
            "1794.96",  # 1994.40 − 2 × 99.72
            "art. 15 ust. 6",
        ),
        (
            "four unexcused days: nothing is due for the month",
            MARCH_2025,
            {
                **IN_PROGRAMME,
                "statuses": days(MARCH_2025, 3, 4, 5, 6, status="unexcused"),
            },
            "0.00",
            "art. 15 ust. 6",
        ),
        (
            "three sick days within the limit: 1/40 each",
            MARCH_2025,
            {
                **IN_PROGRAMME,
                "statuses": days(MARCH_2025, 3, 4, 5, status="sick_certified"),
            },
            "1844.82",  # 1994.40 − 3 × 49.86
            "art. 15 ust. 7a",
        ),
        (
            "20 sick days used, three more: the 21st at 1/40, two unpaid",
            MARCH_2025,
            {
                **IN_PROGRAMME,
                "prior_sick_days": 20,
                "statuses": days(MARCH_2025, 3, 4, 5, status="sick_certified"),
            },
            "1815.87",  # 1994.40 − 49.86 − 2 × 1994.40/31 (128.67)
            "art. 15 ust. 7a",
        ),
        (
            "two days off within the yearly 12: paid in full",
            MARCH_2025,
            {
                **IN_PROGRAMME,
                "prior_days_off": 5,
                "statuses": days(MARCH_2025, 6, 7, status="day_off"),
            },
            "1994.40",
            "art. 15 ust. 5",
        ),
        (
            "11 days off used, three more: one paid, two unpaid",
            MARCH_2025,
            {
                **IN_PROGRAMME,
                "prior_days_off": 11,
                "statuses": days(MARCH_2025, 6, 7, 10, status="day_off"),
            },
            "1865.73",  # 1994.40 − 2 × 1994.40/31
            "art. 15 ust. 5",
        ),
        (
            "bonus of 50% of the allowance of art. 15 ust. 4",
            MARCH_2025,
            {**IN_PROGRAMME, "bonus_percent": Decimal(50)},
            "2991.60",  # 1994.40 + 997.20
            "art. 15a ust. 2",
        ),
        (
            "February 2022, trial month: 120% with effect from 1 January 2022",
            D(2022, 2, 1),
            {"admitted_on": D(2022, 2, 1), "trial_ends_on": D(2022, 2, 28)},
            "1488.96",  # 120% of 1240.80
            "art. 14 pkt 2",
        ),
        (
            "June 2025: the rate announced from 1 June applies to the whole month",
            D(2025, 6, 1),
            IN_PROGRAMME,
            "2066.28",  # 120% of 1721.90
            "art. 15 ust. 4",
        ),
        (
            "May 2025: still the rate of 1 June 2024",
            D(2025, 5, 1),
            IN_PROGRAMME,
            "1994.40",
            "art. 15 ust. 4",
        ),
    ],
    ids=lambda value: value if isinstance(value, str) and " " in value else None,
)
def test_worked_examples(label, month, kwargs, amount, article):
    result = calculate(month_input(month, **kwargs))
    assert result.amount == Decimal(amount), label
    assert any(article in step.article for step in result.steps), [
        step.article for step in result.steps
    ]


def test_full_month_contributions_and_refund():
    result = calculate(month_input(MARCH_2025, **IN_PROGRAMME))
    assert result.benefit_rate == Decimal("1662.00")
    assert result.base_amount == Decimal("1994.40")
    assert result.deductions == Decimal("0.00")
    # 19.52% and 8% of 1994.40, financed from the Labour Fund.
    assert result.contributions == {
        "disability": Decimal("159.55"),
        "pension": Decimal("389.31"),
    }
    assert result.refund == Decimal("2543.26")
    assert result.flags == (Flag.NO_ATTENDANCE,)
    assert result.days["participation"] == 31
    assert result.days["programme"] == 31


def test_bonus_is_not_refunded_nor_in_the_contribution_base():
    result = calculate(
        month_input(MARCH_2025, **IN_PROGRAMME, bonus_percent=Decimal(50))
    )
    assert result.bonus_amount == Decimal("997.20")
    assert result.contributions["pension"] == Decimal("389.31")
    assert result.refund == Decimal("2543.26")


def test_forfeited_month_has_no_bonus_and_is_flagged():
    result = calculate(
        month_input(
            MARCH_2025,
            **IN_PROGRAMME,
            bonus_percent=Decimal(20),
            statuses=days(MARCH_2025, 3, 4, 5, 6, status="unexcused"),
        )
    )
    assert result.amount == Decimal("0.00")
    assert result.bonus_amount == Decimal("0.00")
    assert result.deductions == Decimal("1994.40")
    assert Flag.UNEXCUSED_OVER_LIMIT in result.flags
    assert Flag.ZERO_AMOUNT in result.flags
    assert result.refund == Decimal("0.00")


def test_february_2022_sick_leave_counted_under_the_rule_of_each_day():
    """10 sick days used; 7-11 February under the old 14-day limit (four paid,
    the 15th day unpaid); 21-22 February under the new 21-day limit (paid)."""
    month = D(2022, 2, 1)
    statuses = {
        **days(month, 7, 8, 9, 10, 11, status="sick_certified"),
        **days(month, 21, 22, status="sick_certified"),
    }
    result = calculate(
        month_input(
            month,
            admitted_on=D(2021, 6, 1),
            trial_ends_on=D(2021, 6, 30),
            prior_sick_days=10,
            statuses=statuses,
        )
    )
    assert result.base_amount == Decimal("1488.96")
    assert result.days["sick_paid"] == 6
    assert result.days["sick_unpaid"] == 1
    # 6 × 1488.96/40 = 223.34; 1 × 1488.96/28 = 53.18
    assert result.deductions == Decimal("276.52")
    assert result.amount == Decimal("1212.44")
    assert Flag.SICK_OVER_LIMIT in result.flags
    assert {step.article for step in result.steps if step.code == Step.SICK_PAID} == {
        "art. 15 ust. 7a ustawy o zatrudnieniu socjalnym"
    }


def test_a_mid_month_amendment_is_pro_rata_by_calendar_days():
    """An amendment applying from 16 March: 15 days at 120%, 16 days at 150%."""
    extra = [
        RuleRow(
            "allowance_programme_percent", D(2025, 3, 16), "150", "art. 15 ust. 4 (x)"
        )
    ]
    result = calculate(month_input(MARCH_2025, extra_rows=extra, **IN_PROGRAMME))
    # 1994.40 × 15/31 + 2493.00 × 16/31
    assert result.amount == Decimal("2251.74")
    assert [step.days for step in result.steps if step.code == Step.BASE] == [15, 16]


def test_a_rate_changing_mid_month_is_pro_rata_by_calendar_days():
    rates = (*RATES, RatePoint(D(2025, 3, 16), Decimal("2000.00")))
    result = calculate(month_input(MARCH_2025, rates=rates, **IN_PROGRAMME))
    # 1994.40 × 15/31 + 2400.00 × 16/31
    assert result.amount == Decimal("2203.74")
    assert result.benefit_rate == Decimal("2000.00")


def test_missing_benefit_rate_is_flagged_and_pays_nothing():
    result = calculate(
        month_input(D(2017, 3, 1), admitted_on=D(2017, 1, 2), trial_ends_on=None)
    )
    assert result.amount == Decimal("0.00")
    assert Flag.MISSING_BENEFIT_RATE in result.flags


def test_sick_leave_and_days_off_in_the_trial_period_are_unpaid_days():
    month = D(2025, 3, 1)
    statuses = {
        **days(month, 5, status="sick_certified"),
        **days(month, 6, status="day_off"),
        **days(month, 7, status="excused"),
        **days(month, 10, status="sick_uncertified"),
    }
    result = calculate(
        month_input(
            month,
            admitted_on=D(2025, 3, 1),
            trial_ends_on=D(2025, 3, 31),
            statuses=statuses,
        )
    )
    assert result.days["unpaid"] == 4
    # 1994.40 − 4 × 1994.40/31 (257.34)
    assert result.amount == Decimal("1737.06")
    assert Flag.DAYS_OFF_OVER_LIMIT in result.flags
    assert Flag.SICK_OVER_LIMIT not in result.flags


def test_attendance_after_exit_is_flagged_and_not_paid():
    statuses = days(MARCH_2025, 25, status="present")
    result = calculate(
        month_input(
            MARCH_2025, **IN_PROGRAMME, exited_on=D(2025, 3, 20), statuses=statuses
        )
    )
    assert Flag.ATTENDANCE_AFTER_EXIT in result.flags
    assert result.amount == Decimal("1286.71")


def test_the_yearly_limit_starts_again_with_a_new_year_of_participation():
    """Programme from 2 July 2024; the year of participation turns on 2 July
    2025, so 11 days used before it do not count after it."""
    month = D(2025, 7, 1)
    statuses = days(month, 1, 2, 3, status="day_off")
    result = calculate(
        month_input(
            month,
            admitted_on=D(2024, 6, 2),
            trial_ends_on=D(2024, 7, 1),
            prior_days_off=11,
            statuses=statuses,
        )
    )
    assert result.days["days_off_paid"] == 3
    assert usage_window(D(2024, 7, 2), D(2025, 7, 1)) == (D(2024, 7, 2), D(2025, 7, 2))


@pytest.mark.parametrize(
    ("percent", "month", "has_programme_days", "code"),
    [
        (Decimal(10), MARCH_2025, False, "bonus_in_trial"),
        (Decimal("100.01"), MARCH_2025, True, "bonus_over_max"),
        (Decimal(60), D(2021, 3, 1), True, "bonus_over_max"),
        (Decimal(-1), MARCH_2025, True, "bonus_negative"),
    ],
)
def test_bonus_refusals(percent, month, has_programme_days, code):
    start, end = month_bounds(month)
    rules = rules_timeline(ROWS, start, end)[-1].rules
    with pytest.raises(AllowanceRuleError) as error:
        check_bonus(percent=percent, rules=rules, has_programme_days=has_programme_days)
    assert error.value.code == code


def test_bonus_within_the_maximum_is_accepted():
    start, end = month_bounds(MARCH_2025)
    rules = rules_timeline(ROWS, start, end)[-1].rules
    check_bonus(percent=Decimal(100), rules=rules, has_programme_days=True)


def test_a_missing_rule_is_an_error_not_a_guess():
    start, end = month_bounds(MARCH_2025)
    rows = [row for row in ROWS if row.code != "allowance_refund"]
    with pytest.raises(AllowanceRuleError) as error:
        rules_timeline(rows, start, end)
    assert error.value.code == "missing_rule"
