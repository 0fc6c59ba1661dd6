"""Writes of the integration allowance: open a unit's month, compute it from
the attendance, enter the motivational bonus, approve (which locks the month)
and reopen with a recorded reason. Every amount comes from
programs.allowance.calculate; nothing here decides a figure."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.access import scope_for
from programs.allowance import (
    AllowanceResult,
    AllowanceRuleError,
    calculate,
    check_bonus,
    month_bounds,
)
from programs.constants import AllowanceMonthState
from programs.models import AllowanceMonth, MonthlyAllowance
from programs.selectors_allowances import allowance_inputs
from units.constants import UnitKind
from units.models import Unit

MONTH_LOCKED = _(
    "The month is approved and locked. Reopen it, giving a reason, to change it."
)
BONUS_MESSAGES = {
    "bonus_negative": _("The bonus cannot be negative."),
    "bonus_in_trial": _(
        "A motivational bonus can be granted only in the participation period "
        "after the trial period (art. 15a ust. 1 of the Act)."
    ),
    "bonus_over_max": _(
        "The bonus cannot exceed %(max)s%% of the integration allowance "
        "(art. 15a ust. 2 of the Act)."
    ),
}


def _require_staff(actor: Any, unit: Unit) -> None:
    if unit.pk not in scope_for(actor).unit_ids:
        raise PermissionDenied


def _require_manager(actor: Any, unit: Unit) -> None:
    if not scope_for(actor).manages(unit.pk):
        raise PermissionDenied


def _locked(pk: int) -> AllowanceMonth:
    return AllowanceMonth.objects.select_for_update().select_related("unit").get(pk=pk)


def _apply(row: MonthlyAllowance, result: AllowanceResult, now: datetime.datetime):
    row.benefit_rate = result.benefit_rate
    row.base_amount = result.base_amount
    row.deductions = result.deductions
    row.bonus_percent = result.bonus_percent
    row.bonus_amount = result.bonus_amount
    row.amount = result.amount
    row.contributions = {
        kind: str(value) for kind, value in result.contributions.items()
    }
    row.breakdown = result.breakdown()
    row.flags = list(result.flags)
    row.computed_at = now


FIELDS = [
    "benefit_rate",
    "base_amount",
    "deductions",
    "bonus_percent",
    "bonus_amount",
    "amount",
    "contributions",
    "breakdown",
    "flags",
    "computed_at",
]


def _compute(month: AllowanceMonth, participation_ids: list[int] | None = None) -> None:
    """(Re)write the month's rows from the attendance, keeping the bonuses."""
    existing = {
        row.participation_id: row
        for row in MonthlyAllowance.objects.filter(allowance_month=month)
    }
    bonuses = {pid: row.bonus_percent for pid, row in existing.items()}
    inputs = allowance_inputs(
        unit=month.unit,
        month=month.month,
        bonuses=bonuses,
        participation_ids=participation_ids,
    )
    now = timezone.now()
    new, changed, seen = [], [], set()
    for participation, data in inputs:
        seen.add(participation.pk)
        result = calculate(data)
        row = existing.get(participation.pk)
        if row is None:
            row = MonthlyAllowance(allowance_month=month, participation=participation)
            _apply(row, result, now)
            new.append(row)
            continue
        before = [getattr(row, name) for name in FIELDS[:-1]]
        _apply(row, result, now)
        if [getattr(row, name) for name in FIELDS[:-1]] != before:
            changed.append(row)
    MonthlyAllowance.objects.bulk_create(new)
    if changed:
        MonthlyAllowance.objects.bulk_update(changed, FIELDS, batch_size=100)
    if participation_ids is None:
        stale = [row.pk for pid, row in existing.items() if pid not in seen]
        MonthlyAllowance.objects.filter(pk__in=stale).delete()


def allowance_month_open(
    *, unit: Unit, month: datetime.date, actor: Any
) -> AllowanceMonth:
    """The unit's draft month (created if needed), computed from the attendance."""
    _require_staff(actor, unit)
    if unit.kind != UnitKind.CIS:
        raise ValidationError(
            _(
                "Only a social integration centre (CIS) pays the integration "
                "allowance; a club (KIS) has none."
            ),
            code="kis_no_allowance",
        )
    start, _end = month_bounds(month)
    if start > timezone.localdate().replace(day=1):
        raise ValidationError(
            _("The allowance of a future month cannot be computed yet."),
            code="future_month",
        )
    with transaction.atomic():
        allowance_month, created = AllowanceMonth.objects.get_or_create(
            unit=unit, month=start
        )
        allowance_month = _locked(allowance_month.pk)
        if created or allowance_month.state == AllowanceMonthState.DRAFT:
            _compute(allowance_month)
    return allowance_month


def allowance_month_recompute(
    *, allowance_month: AllowanceMonth, actor: Any
) -> AllowanceMonth:
    """Compute a draft month again from the attendance as it stands."""
    _require_staff(actor, allowance_month.unit)
    with transaction.atomic():
        month = _locked(allowance_month.pk)
        if month.state != AllowanceMonthState.DRAFT:
            raise ValidationError(MONTH_LOCKED, code="month_locked")
        _compute(month)
    return month


def allowance_bonus_set(
    *, allowance: MonthlyAllowance, percent: Decimal, actor: Any
) -> MonthlyAllowance:
    """Enter the manager's motivational bonus (art. 15a) and recompute the row."""
    month = allowance.allowance_month
    _require_manager(actor, month.unit)
    with transaction.atomic():
        month = _locked(month.pk)
        if month.state != AllowanceMonthState.DRAFT:
            raise ValidationError(MONTH_LOCKED, code="month_locked")
        row = MonthlyAllowance.objects.select_for_update().get(pk=allowance.pk)
        inputs = allowance_inputs(
            unit=month.unit,
            month=month.month,
            bonuses={row.participation_id: percent},
            participation_ids=[row.participation_id],
        )
        if not inputs:
            raise ValidationError(
                _("The person no longer takes part in this month; recompute it."),
                code="not_in_month",
            )
        data = inputs[0][1]
        rules = data.rules[-1].rules
        has_programme_days = calculate(data).days["programme"] > 0
        try:
            check_bonus(
                percent=percent, rules=rules, has_programme_days=has_programme_days
            )
        except AllowanceRuleError as error:
            raise ValidationError(
                {
                    "bonus_percent": ValidationError(
                        BONUS_MESSAGES[error.code], code=error.code, params=error.params
                    )
                }
            ) from error
        _apply(row, calculate(data), timezone.now())
        row.full_clean()
        row.save(update_fields=FIELDS)
    return row


def allowance_month_approve(
    *, allowance_month: AllowanceMonth, actor: Any
) -> AllowanceMonth:
    """Approve the month as reviewed: it is locked from then on."""
    _require_manager(actor, allowance_month.unit)
    with transaction.atomic():
        month = _locked(allowance_month.pk)
        if month.state != AllowanceMonthState.DRAFT:
            raise ValidationError(
                _("The month has already been approved (by someone else?)."),
                code="invalid_transition",
            )
        if not month.allowances.exists():
            raise ValidationError(
                _("There is nothing to approve: no participant takes part this month."),
                code="empty_month",
            )
        month.state = AllowanceMonthState.APPROVED
        month.approved_at = timezone.now()
        month.approved_by = actor
        month.full_clean()
        month.save(update_fields=["state", "approved_at", "approved_by"])
    return month


def allowance_month_reopen(
    *, allowance_month: AllowanceMonth, actor: Any, reason: str
) -> AllowanceMonth:
    """Make an approved month editable again; the reason is recorded."""
    _require_manager(actor, allowance_month.unit)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {
                "reason": ValidationError(
                    _("Give the reason for reopening the month."),
                    code="reason_required",
                )
            }
        )
    with transaction.atomic():
        month = _locked(allowance_month.pk)
        if month.state != AllowanceMonthState.APPROVED:
            raise ValidationError(
                _("Only an approved month can be reopened."),
                code="invalid_transition",
            )
        month.state = AllowanceMonthState.DRAFT
        month.reopened_at = timezone.now()
        month.reopened_by = actor
        month.reopen_reason = reason
        month.full_clean()
        month.save(
            update_fields=["state", "reopened_at", "reopened_by", "reopen_reason"]
        )
    return month
