"""The refund an employer may receive for employing a former participant of
a CIS (supported employment, art. 16 of the Act).

The county labour office refunds part of the pay under an agreement with the
employer, up to a share of the unemployment benefit that falls with the
months of employment. The shares and the months are the dated rule
`supported_employment_refund` (docs/legal-basis.md, section 8.3); this module
turns the rule in force when the employment starts into a month-by-month
schedule of maximum amounts. Pure: no database, so it is tested by worked
examples.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from programs.allowance import RatePoint, money, rate_on
from units.deadlines import months_period_end


class RefundRuleError(ValueError):
    """The stored rule does not have the shape this module reads."""


@dataclass(frozen=True)
class Tranche:
    months: int
    percent: Decimal


@dataclass(frozen=True)
class RefundRule:
    """One row of `supported_employment_refund`, read."""

    commitment_months: int
    tranches: tuple[Tranche, ...]
    with_contributions: bool
    article: str

    @classmethod
    def from_value(cls, value: Mapping[str, Any], article: str) -> RefundRule:
        try:
            commitment = int(value["commitment_months"])
            tranches = tuple(
                Tranche(int(part["months"]), Decimal(str(part["percent"])))
                for part in value["tranches"]
            )
            with_contributions = bool(value["with_contributions"])
            readable = (
                commitment >= 1
                and bool(tranches)
                and all(t.months >= 1 and 0 < t.percent <= 100 for t in tranches)
            )
        except (KeyError, TypeError, ValueError, InvalidOperation) as error:
            raise RefundRuleError(f"Unreadable refund rule: {value!r}") from error
        if not readable:
            raise RefundRuleError(f"Unreadable refund rule: {value!r}")
        return cls(commitment, tranches, with_contributions, article)

    @property
    def top_percent(self) -> Decimal:
        return max(tranche.percent for tranche in self.tranches)


@dataclass(frozen=True)
class RefundMonth:
    """The `number`-th month of employment and the most that may be refunded."""

    number: int
    first_day: datetime.date
    last_day: datetime.date
    percent: Decimal
    benefit: Decimal | None
    maximum: Decimal | None


def month_begins(starts_on: datetime.date, number: int) -> datetime.date:
    """The first day of the `number`-th month of an employment that starts on
    `starts_on`: months are counted from the start date (KC art. 112), so
    they join without gaps even from the 31st."""
    if number == 1:
        return starts_on
    return months_period_end(starts_on, number - 1) + datetime.timedelta(days=1)


def refund_schedule(
    *, starts_on: datetime.date, rule: RefundRule, rates: Iterable[RatePoint]
) -> list[RefundMonth]:
    """The months the refund covers, counted from the first day of the
    employment, each with its share and the benefit in force on its first
    day (a new yearly amount applies from the month that begins after it)."""
    rates = tuple(rates)
    schedule: list[RefundMonth] = []
    number = 0
    for tranche in rule.tranches:
        for _ in range(tranche.months):
            number += 1
            first_day = month_begins(starts_on, number)
            last_day = months_period_end(starts_on, number)
            benefit = rate_on(rates, first_day)
            schedule.append(
                RefundMonth(
                    number=number,
                    first_day=first_day,
                    last_day=last_day,
                    percent=tranche.percent,
                    benefit=benefit,
                    maximum=(
                        money(benefit * tranche.percent / 100)
                        if benefit is not None
                        else None
                    ),
                )
            )
    return schedule


def highest_refund(
    *, starts_on: datetime.date, rule: RefundRule, rates: Iterable[RatePoint]
) -> Decimal | None:
    """The largest monthly refund the schedule allows (its first months)."""
    amounts = [
        month.maximum
        for month in refund_schedule(starts_on=starts_on, rule=rule, rates=rates)
        if month.maximum is not None
    ]
    return max(amounts) if amounts else None
