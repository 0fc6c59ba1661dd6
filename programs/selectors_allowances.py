"""Reads of the integration allowance: allowance months and their rows (personal
data: the unit's own staff only), the inputs of a month's calculation in a
constant number of queries, the benefit rates and the refund schedule of
supported employment that follows from them."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, QuerySet, Sum

from accounts.access import filter_personal_data, scope_for
from participants.constants import ParticipationState
from participants.models import Participation
from programs.allowance import (
    ALLOWANCE_CODES,
    AllowanceInput,
    RatePoint,
    RuleRow,
    month_bounds,
    programme_start,
    rules_timeline,
    usage_window,
)
from programs.constants import AttendanceStatus
from programs.models import (
    AllowanceMonth,
    AttendanceEntry,
    BenefitRate,
    MonthlyAllowance,
)
from programs.refund_schedule import RefundMonth, RefundRule, refund_schedule
from programs.selectors import attendance_days
from units.constants import RuleCode, UnitKind
from units.models import LegalRule, Unit


def allowance_month_list_for_user(*, user: Any) -> QuerySet[AllowanceMonth]:
    """Allowance months of the user's own centres, with their totals."""
    return (
        filter_personal_data(AllowanceMonth.objects.all(), user, unit_field="unit")
        .filter(unit__kind=UnitKind.CIS)
        .select_related("unit", "approved_by", "reopened_by")
        .annotate(
            participants=Count("allowances"),
            total=Sum("allowances__amount"),
        )
    )


def allowance_month_for_user(*, user: Any) -> QuerySet[AllowanceMonth]:
    """The months a user may open (without the totals' GROUP BY)."""
    return filter_personal_data(
        AllowanceMonth.objects.all(), user, unit_field="unit"
    ).select_related("unit", "approved_by", "reopened_by")


def allowance_list_for_user(*, user: Any) -> QuerySet[MonthlyAllowance]:
    """Participants' monthly allowances of the user's own units."""
    return filter_personal_data(
        MonthlyAllowance.objects.all(), user, unit_field="allowance_month__unit"
    ).select_related(
        "allowance_month__unit", "participation__participant", "participation"
    )


def allowance_rows(*, allowance_month: AllowanceMonth) -> QuerySet[MonthlyAllowance]:
    """The month's rows in the payroll order (surname, first name)."""
    return (
        MonthlyAllowance.objects.filter(allowance_month=allowance_month)
        .select_related("participation__participant")
        .order_by(
            "participation__participant__last_name",
            "participation__participant__first_name",
            "pk",
        )
    )


def allowance_units_for_user(*, user: Any) -> QuerySet[Unit]:
    """The centres (CIS) whose allowances the user may draft."""
    scope = scope_for(user)
    return Unit.objects.filter(pk__in=scope.unit_ids, kind=UnitKind.CIS).order_by(
        "name"
    )


def user_manages(*, user: Any, unit_id: int) -> bool:
    return scope_for(user).manages(unit_id)


def benefit_rate_list() -> QuerySet[BenefitRate]:
    return BenefitRate.objects.order_by("-valid_from")


@dataclass(frozen=True)
class MonthTotals:
    """The sums of a month's rows, for the pages and the documents."""

    participants: int
    base_amount: Decimal
    deductions: Decimal
    bonus_amount: Decimal
    amount: Decimal
    contributions: dict[str, Decimal]
    contributions_total: Decimal
    refund: Decimal


def month_totals(rows: Iterable[MonthlyAllowance]) -> MonthTotals:
    """Totals of rows already loaded (the same rows the page or file shows)."""
    rows = list(rows)
    contributions: dict[str, Decimal] = defaultdict(Decimal)
    refund = Decimal(0)
    for row in rows:
        for kind, value in row.contributions.items():
            contributions[kind] += Decimal(value)
        refund += Decimal(row.breakdown.get("refund", "0"))
    return MonthTotals(
        participants=len(rows),
        base_amount=sum((row.base_amount for row in rows), Decimal(0)),
        deductions=sum((row.deductions for row in rows), Decimal(0)),
        bonus_amount=sum((row.bonus_amount for row in rows), Decimal(0)),
        amount=sum((row.amount for row in rows), Decimal(0)),
        contributions=dict(sorted(contributions.items())),
        contributions_total=sum(contributions.values(), Decimal(0)),
        refund=refund,
    )


# --- the inputs of the calculation -------------------------------------------------


def month_participations(
    *, unit: Unit, month: datetime.date, participation_ids: Iterable[int] | None = None
) -> list[Participation]:
    """The unit's participations taking part on some day of the month."""
    start, end = month_bounds(month)
    queryset = (
        Participation.objects.filter(
            unit=unit,
            admitted_on__isnull=False,
            state__in=[ParticipationState.ACTIVE, ParticipationState.EXITED],
        )
        .overlapping(start, end)
        .select_related("participant")
        .order_by("pk")
    )
    if participation_ids is not None:
        queryset = queryset.filter(pk__in=list(participation_ids))
    return list(queryset)


def _prior_usage(
    participations: list[Participation], start: datetime.date, window_months: int
) -> dict[int, dict[str, int]]:
    """Days off and sick days with a certificate already used, per
    participation, in its year of participation that contains `start`
    (programme days only). One query over the year before `start`; each
    participation's own year is applied to the rows it returns."""
    windows = {}
    for participation in participations:
        begins = programme_start(participation.admitted_on, participation.trial_ends_on)
        window = usage_window(begins, start, window_months)
        if window is not None and window[0] < start:
            windows[participation.pk] = max(window[0], begins)
    usage: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    if not windows:
        return usage
    rows = AttendanceEntry.objects.filter(
        participation_id__in=list(windows),
        date__gte=min(windows.values()),
        date__lt=start,
        status__in=[AttendanceStatus.DAY_OFF, AttendanceStatus.SICK_CERTIFIED],
    ).values_list("participation_id", "date", "status")
    for participation_id, day, status in rows:
        if day >= windows[participation_id]:
            usage[participation_id][status] += 1
    return usage


def rule_rows() -> list[RuleRow]:
    return [
        RuleRow(code, valid_from, value, article)
        for code, valid_from, value, article in LegalRule.objects.filter(
            code__in=list(ALLOWANCE_CODES)
        ).values_list("code", "valid_from", "value", "article")
    ]


def rate_points() -> tuple[RatePoint, ...]:
    return tuple(
        RatePoint(valid_from, amount)
        for valid_from, amount in BenefitRate.objects.values_list(
            "valid_from", "amount"
        )
    )


def allowance_inputs(
    *,
    unit: Unit,
    month: datetime.date,
    bonuses: dict[int, Decimal] | None = None,
    participation_ids: Iterable[int] | None = None,
) -> list[tuple[Participation, AllowanceInput]]:
    """Each participation of the month with the input of its calculation:
    five queries whatever the number of participants."""
    start, end = month_bounds(month)
    participations = month_participations(
        unit=unit, month=start, participation_ids=participation_ids
    )
    timeline = rules_timeline(rule_rows(), start, end)
    rates = rate_points()
    ids = [participation.pk for participation in participations]
    statuses = attendance_days(participation_ids=ids, month=start)
    usage = _prior_usage(participations, start, timeline[0].rules.window_months)
    bonuses = bonuses or {}
    return [
        (
            participation,
            AllowanceInput(
                month=start,
                admitted_on=participation.admitted_on,
                trial_ends_on=participation.trial_ends_on,
                exited_on=participation.exited_on,
                statuses=statuses.get(participation.pk, {}),
                rules=timeline,
                benefit_rates=rates,
                prior_days_off=usage[participation.pk].get(AttendanceStatus.DAY_OFF, 0),
                prior_sick_days=usage[participation.pk].get(
                    AttendanceStatus.SICK_CERTIFIED, 0
                ),
                bonus_percent=bonuses.get(participation.pk, Decimal(0)),
            ),
        )
        for participation in participations
    ]


def refund_rule_on(day: datetime.date) -> RefundRule:
    """The supported-employment refund rule in force on `day`."""
    row = LegalRule.objects.in_force(RuleCode.SUPPORTED_EMPLOYMENT_REFUND, on=day)
    return RefundRule.from_value(row.value, row.article)


def supported_refund_schedule(
    *, starts_on: datetime.date
) -> tuple[RefundRule, list[RefundMonth]]:
    """The rule in force when an employment starts and the maximum refund
    for each month it covers, with the benefit amounts in force (2 queries)."""
    rule = refund_rule_on(starts_on)
    return rule, refund_schedule(starts_on=starts_on, rule=rule, rates=rate_points())
